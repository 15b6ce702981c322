"""The packaged dataset as a whole: the history of human spaceflight, checked for consistency."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from almanac import load
from almanac.domain.people import flights

README = Path(__file__).resolve().parent.parent / "README.md"

@pytest.fixture(scope="module")
def dataset():
    return load(cache=False)


def readme_table(heading: str) -> dict[str, int]:
    """A per-program table of the README ('### ' + heading): program -> count."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"### {heading}", 1)[1].split("\n#", 1)[0]
    return {m.group(1).strip(): int(m.group(2))
            for m in re.finditer(r"^\| ([^|]+?) \| (\d+) \|", section, re.M)}


@pytest.mark.parametrize(("heading", "crewed", "total"), [
    ("Crewed launches per program", True, "All crewed launches"),
    ("Uncrewed launches per program", False, "All uncrewed launches"),
])
def test_counts_per_program_match_the_readme(dataset, heading, crewed, total):
    counted = Counter(x.program or "(no program)" for x in dataset.launches if bool(x.crew) == crewed)
    documented = readme_table(heading)
    documented_total = documented.pop(total)
    assert dict(counted) == documented
    assert sum(counted.values()) == documented_total


def test_shuttle_flights_are_all_135(dataset):
    shuttle = [x for x in dataset.launches if x.program == "Space Shuttle"]
    assert len(shuttle) == 135
    assert {x.id for x in shuttle} >= {"sts-1", "sts-51-l", "sts-107", "sts-135"}
    # Challenger (STS-51-L) broke up during launch and Columbia (STS-107) during re-entry.
    assert [x.id for x in shuttle if not x.events_of("landing")] == ["sts-51-l", "sts-107"]


def test_every_launch_has_a_source_and_every_person_too(dataset):
    assert all(x.sources for x in dataset.launches)
    assert all(p.sources for p in dataset.people.values())


def test_every_person_flew(dataset):
    crew = {seat.person.id for x in dataset.launches for seat in x.crew}
    assert crew == set(dataset.people)


def test_no_person_is_on_two_flights_at_once(dataset):
    clashes = []
    for person in dataset.people.values():
        spans = []
        for flight in flights(dataset, person):
            start = flight.member.launch.at.utc
            end = flight.landing.at.latest() if flight.landing else start
            spans.append((start, end, flight.member.launch.id))
        spans.sort()
        clashes += [(person.id, a[2], b[2]) for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1]]
    assert clashes == []


def test_every_crew_member_landed_somewhere_known_or_said_otherwise(dataset):
    """A flight's crew lands on its own vehicle's landing, or on another flight named by
    returned_on; where neither is in the dataset the seat says so (returned_on: null)."""
    unexplained = []
    for launch in dataset.launches:
        for seat in launch.crew:
            back = dataset.by_id.get(seat.returned_on) if seat.returned_on else launch
            if seat.returned_unknown:
                continue
            if not back.events_of("landing", "loss"):
                unexplained.append((launch.id, seat.person.id))
    # Crews whose return the sources of the data do not yet give (launched from late 2025 on).
    still_flying = ("soyuz-ms-28", "crew-12", "shenzhou-21", "shenzhou-23")
    assert set(unexplained) <= {(x, s.person.id) for x in still_flying for s in dataset.by_id[x].crew}


@pytest.mark.parametrize(("person", "launches"), [
    ("sergei-krikalev", 6),   # six flights: Soyuz TM-7, TM-12, STS-60, STS-88, TM-31, TMA-6
    ("jerry-ross", 7),        # seven Shuttle flights
    ("franklin-chang-diaz", 7),
    ("john-young", 6),        # two Gemini, two Apollo, two Shuttle flights
])
def test_veterans_have_all_their_flights(dataset, person, launches):
    assert len(flights(dataset, dataset.people[person])) == launches


# Countries whose people write their names in a script other than the Latin alphabet
# (SU: the Soviet Union, for cosmonauts who flew before 1992).
NON_LATIN_SCRIPT = {"AE", "AF", "BG", "BY", "CN", "IL", "IN", "JP", "KR", "KZ", "MN", "RU",
                    "SA", "SU", "SY", "UA"}
# People from those countries whose native-script name no stored source showed.
NATIVE_NAME_UNSOURCED = {"konstantin-kozeyev"}


def test_people_of_non_latin_scripts_have_native_names(dataset):
    missing = {p.id for p in dataset.people.values()
               if p.country in NON_LATIN_SCRIPT and not p.native_name}
    assert missing == NATIVE_NAME_UNSOURCED


def test_native_names_of_non_latin_scripts_are_not_in_latin_letters(dataset):
    # A native name there that is only the English name again (or a transliteration) is a
    # mistake. (Elsewhere a native name in Latin letters is right: "Farkas Bertalan".)
    latin = re.compile(r"^[A-Za-z .'-]+$")
    assert [p.id for p in dataset.people.values() if p.country in NON_LATIN_SCRIPT
            and p.native_name and latin.match(p.native_name)] == []

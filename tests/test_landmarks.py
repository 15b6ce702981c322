"""An almanac, not a log: landmark missions, firsts, spacewalks, significance and lost crews,
through the command line as a reader would ask (issue 17)."""

from __future__ import annotations

import json

import pytest

from almanac import find_launch, load
from almanac.domain.anniversaries import Selection, anniversaries_between
from almanac.domain.model import LANDMARK, NOTABLE, ROUTINE


@pytest.fixture(scope="module")
def dataset():
    return load(cache=False)


def rows(cli, *args: str) -> list[dict]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("query", "ident", "utc", "site"), [
    ("Sputnik 1", "sputnik-1", "1957-10-04T19:28:34Z", "baikonur"),
    ("1957-001B", "sputnik-1", "1957-10-04T19:28:34Z", "baikonur"),
    ("Спутник-1", "sputnik-1", "1957-10-04T19:28:34Z", "baikonur"),
    ("Voyager 1", "voyager-1", "1977-09-05T12:56:01Z", "cape-canaveral"),
    ("Explorer 1", "explorer-1", "1958-02-01T03:47:56Z", "cape-canaveral"),
    ("Zarya", "zarya", "1998-11-20T06:40:00Z", "baikonur"),
])
def test_landmark_uncrewed_launches_are_there(cli, query, ident, utc, site):
    record = rows(cli, "launch", query)
    assert (record["id"], record["utc"], record["site"]["id"], record["crewed"]) == (ident, utc, site, False)
    assert record["sources"]


def test_a_landmark_says_why(cli):
    record = rows(cli, "launch", "Sputnik 1")
    assert record["significance"] == LANDMARK
    assert "first artificial satellite" in record["first"]
    text = cli("launch", "Sputnik 1", "--format", "text").stdout
    assert "Significance: landmark: first artificial satellite" in text


def test_on_july_20_has_armstrongs_first_step(cli):
    found = rows(cli, "on", "07-20", "--year", "2026")
    step = [r for r in found if "first step" in r["title"]]
    assert len(step) == 1
    assert step[0]["original_utc"] == "1969-07-21T02:56:15Z"  # July 20 in US Eastern time
    assert step[0]["zone"] == "Eastern" and step[0]["significance"] == LANDMARK
    assert "first human step on the Moon" in step[0]["first"]


def test_anniversaries_of_2026_read_like_an_almanac(cli):
    found = rows(cli, "anniversaries", "--year", "2026")
    listed = {(r["launch_id"], r["kind"], r["years"]) for r in found}
    for expected in [("luna-9", "launch", 60), ("gemini-8", "launch", 60), ("mir-core-module", "launch", 40),
                     ("vostok-1", "launch", 65), ("sts-1", "launch", 45), ("new-horizons", "launch", 20)]:
        assert expected in listed
    # landmarks first within their day
    for launch in ("luna-9", "gemini-8", "vostok-1", "sts-1", "new-horizons", "mir-core-module"):
        row = next(r for r in found if r["launch_id"] == launch and r["kind"] == "launch")
        same_day = [r["significance"] for r in found if r["date"] == row["date"]]
        assert row["significance"] == LANDMARK and same_day[0] == LANDMARK
    # no routine occasion unless --all
    assert all(r["significance"] in (LANDMARK, NOTABLE) for r in found)
    assert not [r for r in found if r["event_type"] in ("undocking", "relocation")]
    everything = rows(cli, "anniversaries", "--year", "2026", "--all")
    assert any(r["event_type"] == "undocking" for r in everything)
    assert len(everything) > len(found)


def test_filters_by_kind_program_and_crew(cli):
    evas = rows(cli, "anniversaries", "--year", "2025", "--every", "1", "--kind", "eva")
    assert evas and all(r["event_type"] == "eva" for r in evas)
    apollo = rows(cli, "anniversaries", "--year", "2025", "--every", "1", "--program", "apollo")
    assert apollo and {r["launch_id"].split("-")[0] for r in apollo} == {"apollo"}
    uncrewed = rows(cli, "anniversaries", "--year", "2027", "--uncrewed")
    assert "sputnik-1" in {r["launch_id"] for r in uncrewed}
    assert not {r["launch_id"] for r in uncrewed} & {"vostok-1", "apollo-11"}


def test_spacewalks_name_who_went_out(dataset):
    leonov = find_launch(dataset, "Voskhod 2").events_of("eva")
    assert [(e.at.iso(), e.people, e.significance) for e in leonov] == [
        ("1965-03-18T08:34:51Z", ("alexei-leonov",), LANDMARK)]
    moonwalks = [e for x in dataset.launches if x.program == "Apollo" for e in x.events_of("eva")
                 if e.body == "Moon"]
    assert len(moonwalks) == 14  # 1 on Apollo 11, 2 on Apollo 12 and 14, 3 on Apollo 15, 16 and 17
    assert {len(e.people) for e in moonwalks} == {2}


@pytest.mark.parametrize(("person", "lost_on", "spent"), [
    ("Christa McAuliffe", "STS-51-L", "0h 1m"),
    ("Rick Husband", "STS-107", None),
    ("Vladimir Komarov", "Soyuz 1", None),
])
def test_lost_crews_are_described_as_lost(cli, person, lost_on, spent):
    text = cli("person", person, "--format", "text").stdout
    line = next(x for x in text.splitlines() if x.strip().startswith(lost_on + ","))
    assert "lost " in line and "landing unknown" not in line and "killed" in line
    if spent:
        assert f"time in space {spent}" in line
    flights = rows(cli, "person", person)["flights"]
    last = next(f for f in flights if f["launch_name"] == lost_on)
    assert last["lost"] is True and last["ended"] and last["time_in_space"]


def test_soyuz_tma_1_landed_at_the_telemetry_time(dataset):
    (landing,) = find_launch(dataset, "Soyuz TMA-1").events_of("landing")
    assert landing.at.iso() == "2003-05-04T02:04:25Z"


def test_every_record_has_a_significance_and_every_landmark_a_reason(dataset):
    for launch in dataset.launches:
        assert launch.significance in (LANDMARK, NOTABLE, ROUTINE)
        if launch.significance != ROUTINE:
            assert launch.first or launch.why or launch.crew, launch.id
        for event in launch.events:
            assert event.significance in (LANDMARK, NOTABLE, ROUTINE)


def test_a_crewed_record_without_significance_is_notable_and_an_uncrewed_one_routine(write_dataset):
    dataset = load(write_dataset(), cache=False)
    (launch,) = dataset.launches
    assert launch.crew and launch.significance == NOTABLE
    assert launch.events[0].type == "docking" and launch.events[0].significance == ROUTINE


def test_selection_leaves_out_routine_occasions(dataset):
    from datetime import date

    notable = anniversaries_between(dataset, date(2025, 1, 1), date(2025, 12, 31), selection=Selection())
    assert notable and all(a.significance <= NOTABLE for a in notable)


def test_validate_strict_warns_about_mirror_only_sources(cli, write_dataset):
    from tests.conftest import MINIMAL_DATASET

    mirrored = MINIMAL_DATASET.replace('sources: ["https://example.org/test-1"]',
                                       'sources: ["https://wikimili.com/en/Test_1"]')
    path = write_dataset(mirrored)
    assert cli("validate", str(path)).exit_code == 0
    strict = cli("validate", "--strict", str(path))
    assert strict.exit_code == 3
    assert "launches (test-1): every source is a copy of another page" in strict.stderr

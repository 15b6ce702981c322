"""`almanac crew` and `almanac person`, through the CLI and through almanac.domain.people."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from almanac import load
from almanac.cli import app
from almanac.domain.people import (
    AmbiguousPersonError,
    aboard_on,
    career,
    expedition_crew,
    find_person,
    find_station,
    format_duration,
    roster,
)
from almanac.domain.text import name_key, name_keys
from almanac.errors import NotFoundError

MS27 = ["sergey-ryzhikov", "alexey-zubritsky", "jonny-kim"]
CREW10 = ["anne-mcclain", "nichole-ayers", "takuya-onishi", "kirill-peskov"]
CREW11 = ["zena-cardman", "mike-fincke", "kimiya-yui", "oleg-platonov"]
MS26 = ["alexey-ovchinin", "ivan-vagner", "don-pettit"]
AX4 = ["peggy-whitson", "shubhanshu-shukla", "slawosz-uznanski-wisniewski", "tibor-kapu"]
EXP1 = ["yuri-gidzenko", "sergei-krikalev", "william-shepherd"]
STS102_SHUTTLE = ["james-wetherbee", "james-kelly", "andrew-thomas", "paul-richards"]
EXP2 = ["yury-usachev", "james-voss", "susan-helms"]
MIR18 = ["vladimir-dezhurov", "gennady-strekalov", "norman-thagard"]
STS71_SHUTTLE = ["robert-gibson", "charles-precourt", "ellen-baker", "gregory-harbaugh", "bonnie-dunbar"]
MIR19 = ["anatoly-solovyev", "nikolai-budarin"]


# Most tests here run on a frozen copy of an early packaged dataset (real records, but far from
# complete), so that their exact answers hold while data/missions.yaml grows; the tests at the
# end of the module check the examples on the packaged dataset itself.
SNAPSHOT = Path(__file__).parent / "data" / "snapshot-2025.yaml"


def run(*args: str, data=SNAPSHOT, stdin: str | None = None):
    argv = (["--data", str(data)] if data else []) + list(args)
    # A wide, fixed width so that rich tables do not wrap cells the tests look for.
    return CliRunner().invoke(app, argv, input=stdin, env={"COLUMNS": "200"})


def tsv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


@pytest.fixture(scope="module")
def dataset():
    return load(SNAPSHOT)


# --- a small dataset for special cases ------------------------------------------------------

SOURCE = ["https://example.org/source"]


def person_record(ident: str, name: str, native: str | None = None, aliases=()) -> dict:
    record = {"id": ident, "name": name, "agency": "Roscosmos", "country": "RU", "sources": SOURCE}
    if native:
        record["native_name"] = native
    if aliases:
        record["aliases"] = list(aliases)
    return record


def launch_record(ident: str, utc: str, crew=(), events=(), expeditions=()) -> dict:
    record = {"id": ident, "name": ident.replace("-", " ").title(), "utc": utc, "site": "baikonur",
              "vehicle": "Soyuz", "sources": SOURCE}
    if crew:
        record["crew"] = list(crew)
    if events:
        record["events"] = list(events)
    if expeditions:
        record["expeditions"] = list(expeditions)
    return record


class _NoAliases(yaml.SafeDumper):
    """The loader refuses YAML aliases, so shared lists are written out each time."""

    def ignore_aliases(self, data):
        return True


def write_dataset(tmp_path, people, launches):
    """A minimal valid dataset file: one site, one station, the given people and launches."""
    document = {
        "schema_version": 1,
        "sites": [{"id": "baikonur", "name": "Baikonur", "country": "KZ", "zone": "Asia/Qyzylorda",
                   "sources": SOURCE}],
        "stations": [{"id": "iss", "name": "International Space Station", "aliases": ["ISS"]}],
        "people": people,
        "launches": launches,
    }
    path = tmp_path / "missions.yaml"
    path.write_text(yaml.dump(document, Dumper=_NoAliases, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    load(path)  # the helper must build valid datasets, or the tests below prove nothing
    return path


@pytest.fixture
def two_ryzhikovs(tmp_path):
    people = [
        person_record("sergey-ryzhikov", "Sergey Ryzhikov", "Сергей Николаевич Рыжиков", ["Sergei Ryzhikov"]),
        person_record("sergey-ryzhikov-2", "Sergey Ryzhikov", "Сергей Рыжиков"),
        person_record("ivan-ryzhikov", "Ivan Ryzhikov", "Иван Рыжиков"),
    ]
    launches = [launch_record("soyuz-a", "2016-10-19T08:05Z",
                              crew=[{"person": "sergey-ryzhikov", "role": "commander"}])]
    return write_dataset(tmp_path, people, launches)


@pytest.fixture
def several_flights(tmp_path):
    """Ivan Testov flies three times: one ordinary flight, one up on B and down on C, and one whose
    launch is known only to the month."""
    people = [person_record("ivan-testov", "Ivan Testov", "Иван Тестов"),
              person_record("petr-other", "Petr Other")]
    launches = [
        launch_record("flight-a", "2020-01-01T00:00:00Z",
                      crew=[{"person": "ivan-testov", "role": "commander"}],
                      events=[{"type": "landing", "utc": "2020-01-11T12:30:00Z"}]),
        launch_record("flight-b", "2021-06-01T10:00Z",
                      crew=[{"person": "ivan-testov", "role": "flight engineer", "returned_on": "flight-c"}],
                      events=[{"type": "docking", "utc": "2021-06-01T16:00Z", "target": "iss"}]),
        launch_record("flight-c", "2021-07-01T00:00Z",
                      crew=[{"person": "petr-other", "role": "commander", "returned_on": "flight-b"}],
                      events=[{"type": "docking", "utc": "2021-07-01T06:00Z", "target": "iss"},
                              {"type": "undocking", "utc": "2021-12-01T07:00Z", "target": "iss"},
                              {"type": "landing", "utc": "2021-12-01T10:05Z"}]),
        launch_record("flight-d", "2023-05",
                      crew=[{"person": "ivan-testov", "role": "commander"}],
                      events=[{"type": "landing", "utc": "2023-10-02T04:00Z"}]),
    ]
    return write_dataset(tmp_path, people, launches)


@pytest.fixture
def gaps(tmp_path):
    """Stays the dataset cannot settle: no undocking, a docking known only to the month, a
    docking known only to the day."""
    people = [person_record(p, p.replace("-", " ").title()) for p in ("anna-a", "boris-b", "vera-v")]
    launches = [
        launch_record("no-undocking", "2024-01-10T10:00Z",
                      crew=[{"person": "anna-a", "role": "commander"}],
                      events=[{"type": "docking", "utc": "2024-01-10T14:00Z", "target": "iss"},
                              {"type": "landing", "utc": "2024-03-01T09:00Z"}]),
        launch_record("month-docking", "2024-02",
                      crew=[{"person": "boris-b", "role": "commander"}],
                      events=[{"type": "docking", "utc": "2024-02", "target": "iss"},
                              {"type": "undocking", "utc": "2024-06-01T10:00Z", "target": "iss"}]),
        launch_record("day-docking", "2024-02-20",
                      crew=[{"person": "vera-v", "role": "commander"}],
                      events=[{"type": "docking", "utc": "2024-02-21", "target": "iss"},
                              {"type": "undocking", "utc": "2024-04-01T10:00Z", "target": "iss"}]),
    ]
    return write_dataset(tmp_path, people, launches)


# --- crew LAUNCH --------------------------------------------------------------------------


def test_roster_in_seat_order_with_roles():
    result = run("crew", "soyuz-ms-27")
    assert result.exit_code == 0, result.stderr
    rows = tsv(result.stdout)
    assert [r["person"] for r in rows] == MS27
    assert [r["seat"] for r in rows] == ["1", "2", "3"]
    assert [r["role"] for r in rows] == ["commander", "flight engineer", "flight engineer"]
    assert rows[2]["agency"] == "NASA" and rows[2]["country"] == "US"
    assert rows[0]["native_name"] == "Сергей Николаевич Рыжиков"
    assert {r["returned_elsewhere"] for r in rows} == {"false"}


def test_roster_by_alias_in_cyrillic():
    result = run("crew", "Союз МС-27", "-f", "json")
    assert result.exit_code == 0
    assert [r["person"] for r in json.loads(result.stdout)] == MS27


def test_roster_says_who_landed_on_another_vehicle():
    rows = json.loads(run("crew", "sts-71", "-f", "json").stdout)
    assert [r["person"] for r in rows] == STS71_SHUTTLE + MIR19
    by_id = {r["person"]: r for r in rows}
    assert by_id["anatoly-solovyev"]["returned_on"] == "soyuz-tm-21"
    assert by_id["anatoly-solovyev"]["returned_elsewhere"] is True
    assert by_id["robert-gibson"]["returned_on"] == "sts-71"
    assert by_id["robert-gibson"]["returned_elsewhere"] is False
    table = run("crew", "sts-71", "-f", "table").stdout
    assert "landed on Soyuz TM-21" in table


def test_roster_of_a_crew_that_landed_outside_the_dataset():
    rows = {r["person"]: r for r in json.loads(run("crew", "sts-102", "-f", "json").stdout)}
    assert rows["yury-usachev"]["returned_on"] is None
    assert rows["yury-usachev"]["returned_elsewhere"] is True
    assert rows["yury-usachev"]["expeditions"] == [2]


@pytest.mark.parametrize("launch", ["progress-ms-31", "progress-1"])
def test_uncrewed_launch_gives_an_empty_roster_and_a_note(launch):
    result = run("crew", launch, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert f"{launch}" in result.stderr and "no crew" in result.stderr


def test_unknown_launch_exits_1_with_close_matches():
    result = run("crew", "soyz-ms-27")
    assert result.exit_code == 1
    assert "no launch matches 'soyz-ms-27'" in result.stderr
    assert "soyuz-ms-27" in result.stderr
    assert result.stdout == ""


def test_crew_reads_launch_ids_from_stdin():
    result = run("crew", "-", stdin="sts-71\n\n  soyuz-tm-21\n")
    assert result.exit_code == 0, result.stderr
    rows = tsv(result.stdout)
    assert [r["launch"] for r in rows] == ["sts-71"] * 7 + ["soyuz-tm-21"] * 3
    assert [r["person"] for r in rows[7:]] == MIR18
    assert {r["returned_on"] for r in rows[7:]} == {"sts-71"}


def test_crew_from_stdin_checks_every_id_before_output():
    result = run("crew", "-", stdin="sts-71\nnot-a-launch\n")
    assert result.exit_code == 1
    assert result.stdout == ""


# --- crew --expedition N ------------------------------------------------------------------


def test_expedition_73_with_the_flights_that_brought_them():
    result = run("crew", "--expedition", "73")
    assert result.exit_code == 0, result.stderr
    rows = tsv(result.stdout)
    assert [r["person"] for r in rows] == CREW10 + MS27 + CREW11
    arrived = {r["person"]: r["launch"] for r in rows}
    assert arrived["jonny-kim"] == "soyuz-ms-27"
    assert arrived["anne-mcclain"] == "crew-10"
    assert arrived["oleg-platonov"] == "crew-11"
    assert {r["expedition"] for r in rows} == {"73"}


def test_expedition_of_seats_that_override_their_launch():
    rows = json.loads(run("crew", "-e", "2", "-f", "json").stdout)
    assert [r["person"] for r in rows] == EXP2  # STS-102's shuttle crew was not on Expedition 2
    assert {r["launch"] for r in rows} == {"sts-102"}
    assert {r["returned_on"] for r in rows} == {None}


def test_expedition_1_returned_on_the_shuttle(dataset):
    members = expedition_crew(dataset, 1)
    assert [m.person.id for m in members] == EXP1
    assert {m.returned_on.id for m in members} == {"sts-102"}


def test_expedition_without_crew_in_the_dataset_exits_1():
    result = run("crew", "--expedition", "999")
    assert result.exit_code == 1
    assert "no one in the dataset served on Expedition 999" in result.stderr
    assert "the dataset has crews for expeditions 1-2, " in result.stderr


# --- crew --aboard STATION --on DATE --------------------------------------------------------


def test_aboard_iss_on_2025_07_05():
    result = run("crew", "--aboard", "iss", "--on", "2025-07-05")
    assert result.exit_code == 0, result.stderr
    rows = tsv(result.stdout)
    # The issue that asked for this named the Soyuz MS-27 and Crew-10 crews; Axiom Mission 4
    # was docked from June 26 to July 14, 2025, so its crew was aboard too.
    assert sorted(r["person"] for r in rows) == sorted(MS27 + CREW10 + AX4)
    assert {r["status"] for r in rows} == {"aboard"}
    by_id = {r["person"]: r for r in rows}
    assert by_id["jonny-kim"]["arrived_on"] == "soyuz-ms-27"
    assert by_id["jonny-kim"]["arrived"] == "2025-04-08T08:57Z"
    assert by_id["anne-mcclain"]["left"] == "2025-08-08T22:15Z"
    assert result.stderr == ""


@pytest.mark.parametrize(("station", "day", "expected"), [
    # the day Soyuz MS-26 left and Expedition 73 began: both crews were aboard for part of it
    ("iss", "2025-04-19", MS26 + CREW10 + MS27),
    ("iss", "2025-04-20", CREW10 + MS27),
    ("iss", "2025-08-09", MS27 + CREW11),  # Crew-10 undocked 22:15 on Aug 8
    ("iss", "2000-11-01", []),
    ("iss", "2000-11-02", EXP1),  # Soyuz TM-31 docked 09:21
    ("iss", "2001-02-24", EXP1),  # a relocation of their Soyuz does not end the stay
    ("iss", "2001-03-10", EXP1 + STS102_SHUTTLE + EXP2),
    ("iss", "2001-03-19", EXP1 + STS102_SHUTTLE),  # Discovery undocked 04:32 with Expedition 1
    ("iss", "2001-03-20", []),
    ("mir", "1995-03-16", MIR18),
    ("mir", "1995-07-04", MIR18 + STS71_SHUTTLE + MIR19),  # Atlantis undocked 11:09 with Mir-18
    ("mir", "1995-07-05", MIR19),
    ("Мир", "1995-09-11", MIR19),
    ("mir", "1995-09-12", []),
])
def test_aboard_follows_dockings_and_the_flight_they_left_on(dataset, station, day, expected):
    answer = aboard_on(dataset, find_station(dataset, station), date.fromisoformat(day))
    assert sorted(s.member.person.id for s in answer.aboard) == sorted(expected)
    # Expedition 2 returned on a flight outside the dataset: after their arrival day, unknown
    in_doubt = EXP2 if "2001-03-10" < day < "2002" else []
    assert [s.member.person.id for s in answer.unknown] == in_doubt


def test_aboard_when_the_return_flight_is_outside_the_dataset():
    result = run("crew", "--aboard", "ISS", "--on", "2001-04-01", "-f", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["person"] for r in rows] == EXP2
    assert {r["status"] for r in rows} == {"unknown"}
    assert "returned_on: null on sts-102" in rows[0]["missing"]
    assert "cannot tell whether Yury Usachev" in result.stderr


def test_a_stay_with_an_unknown_end_is_not_unknown_for_ever(dataset):
    # Longer ago than the longest spaceflight: the Expedition 2 crew cannot still be aboard.
    answer = aboard_on(dataset, find_station(dataset, "iss"), date(2025, 7, 5))
    assert not {"yury-usachev", "james-voss", "susan-helms"} & {s.member.person.id for s in answer.unknown}


def test_aboard_names_the_missing_event(gaps):
    result = run("crew", "--aboard", "iss", "--on", "2024-02-15", "-f", "json", data=gaps)
    assert result.exit_code == 0, result.stderr
    rows = {r["person"]: r for r in json.loads(result.stdout)}
    assert rows["anna-a"]["status"] == "unknown"
    assert rows["anna-a"]["missing"] == "no-undocking has no undocking from iss"
    assert "no-undocking has no undocking from iss" in result.stderr
    # the docking is known only to the month, which includes the 15th and days before the docking
    assert rows["boris-b"]["status"] == "unknown"
    assert "known only to the month (2024-02)" in rows["boris-b"]["missing"]
    assert "vera-v" not in rows  # docked on the 21st


def test_aboard_bounds_a_missing_undocking_by_the_landing(gaps):
    path = gaps
    after_landing = json.loads(run("crew", "--aboard", "iss", "--on", "2024-03-02", "-f", "json",
                                   data=path).stdout)
    assert "anna-a" not in {r["person"] for r in after_landing}


def test_a_docking_known_to_the_day_counts_on_that_day(gaps):
    rows = json.loads(run("crew", "--aboard", "iss", "--on", "2024-02-21", "-f", "json", data=gaps).stdout)
    assert {r["person"]: r["status"] for r in rows}["vera-v"] == "aboard"


def test_nobody_aboard_is_a_note_not_an_error():
    result = run("crew", "--aboard", "mir", "--on", "2000-01-01", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "no one aboard Mir" in result.stderr


def test_unknown_station_exits_1():
    result = run("crew", "--aboard", "tiangong-9", "--on", "2000-01-01")
    assert result.exit_code == 1
    assert "no station matches 'tiangong-9'" in result.stderr


@pytest.mark.parametrize("day", ["2025-13-01", "2025-02-30", "yesterday", "2025-7-5", "20250705", ""])
def test_a_date_that_is_not_a_date_exits_2(day):
    result = run("crew", "--aboard", "iss", "--on", day)
    assert result.exit_code == 2
    assert "is not a date" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [
    [],
    ["--aboard", "iss"],
    ["--on", "2025-07-05"],
    ["soyuz-ms-27", "--expedition", "73"],
    ["--expedition", "73", "--aboard", "iss", "--on", "2025-07-05"],
    ["--expedition", "0"],
])
def test_crew_needs_exactly_one_question(args):
    result = run("crew", *args)
    assert result.exit_code == 2


# --- person -------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "ident"), [
    ("jonny kim", "jonny-kim"),
    ("JONNY KIM", "jonny-kim"),
    ("zubritsky", "alexey-zubritsky"),
    ("Alexei Zubritskiy", "alexey-zubritsky"),
    ("Aleksei Zubritskii", "alexey-zubritsky"),
    ("Алексей Зубрицкий", "alexey-zubritsky"),
    ("Зубрицкий", "alexey-zubritsky"),
    ("Сергей Рыжиков", "sergey-ryzhikov"),
    ("Sergei Ryzhikov", "sergey-ryzhikov"),
    ("Крикалёв", "sergei-krikalev"),
    ("Krikalyov", "sergei-krikalev"),
    ("Anatoly Solovyov", "anatoly-solovyev"),
    ("Юрий Гагарин", "yuri-gagarin"),
    ("gaga", "yuri-gagarin"),
    ("大西", "takuya-onishi"),
    ("Hoot Gibson", "robert-gibson"),
    ("Yuriy Usachov", "yury-usachev"),
    ("yury-usachev", "yury-usachev"),
])
def test_find_person_by_latin_cyrillic_and_variant_spellings(dataset, query, ident):
    assert find_person(dataset, query).id == ident


@pytest.mark.parametrize(("query", "ids"), [
    ("alexey", {"alexei-leonov", "alexey-zubritsky", "alexey-ovchinin"}),
    ("Юрий", {"yuri-gagarin", "yuri-gidzenko", "yury-usachev"}),
    ("james", {"james-wetherbee", "james-kelly", "james-voss"}),
])
def test_ambiguous_query_lists_the_candidates(dataset, query, ids):
    with pytest.raises(AmbiguousPersonError) as caught:
        find_person(dataset, query)
    assert ids <= {p.id for p in caught.value.candidates}  # the packaged dataset may add more


def test_person_command(dataset):
    result = run("person", "jonny kim")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Jonny Kim\n")
    assert "Soyuz MS-27, flight engineer: launched 2025-04-08 05:47:15Z, landed 2025-12-09 05:03:33Z" \
        in result.stdout
    assert "Time in space: 244d 23h 16m" in result.stdout


def test_person_json():
    result = run("person", "zubritsky", "--format", "json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["id"] == "alexey-zubritsky"
    assert record["native_name"] == "Алексей Витальевич Зубрицкий"
    [flight] = record["flights"]
    assert flight["launch"] == "soyuz-ms-27" and flight["role"] == "flight engineer"
    assert flight["launched"] == "2025-04-08T05:47:15Z"
    assert flight["landed"] == "2025-12-09T05:03:33Z"
    # 244 days 23:16:18 between launch and landing
    assert flight["time_in_space_seconds"] == 244 * 86400 + 23 * 3600 + 16 * 60 + 18
    assert record["time_in_space_total"] == {"seconds": 21165378, "text": "244d 23h 16m",
                                             "precision": "second"}
    assert record["time_in_space_complete"] is True


def test_person_who_changed_vehicles_counts_time_to_the_other_landing():
    rows = tsv(run("person", "Dezhurov", "-f", "tsv").stdout)
    assert rows[0]["launch"] == "soyuz-tm-21" and rows[0]["returned_on"] == "sts-71"
    assert rows[0]["landed"] == "1995-07-07T14:54:34Z"
    assert rows[0]["time_in_space"] == "115d 8h 43m"


def test_person_at_minute_precision():
    record = json.loads(run("person", "gagarin", "-f", "json").stdout)
    assert record["time_in_space_total"] == {"seconds": 108 * 60, "text": "1h 48m", "precision": "minute"}


def test_person_who_landed_outside_the_dataset():
    record = json.loads(run("person", "usachev", "-f", "json").stdout)
    assert record["flights"][0]["time_in_space"] is None
    assert record["flights"][0]["note"] == "landed on a flight outside the dataset"
    assert record["time_in_space_total"] is None
    assert record["time_in_space_complete"] is False


def test_person_table_on_request():
    result = run("person", "dezhurov", "-f", "table")
    assert result.exit_code == 0
    assert "Vladimir Dezhurov" in result.stdout and "115d 8h 43m" in result.stdout


def test_unknown_person_exits_1_with_close_matches():
    result = run("person", "zubricky")
    assert result.exit_code == 1
    assert "no person matches 'zubricky'; did you mean alexey-zubritsky" in result.stderr


def test_ambiguous_person_exits_1_listing_candidates():
    result = run("person", "alexey")
    assert result.exit_code == 1
    assert "matches several people" in result.stderr
    for ident in ("alexei-leonov", "alexey-zubritsky", "alexey-ovchinin"):
        assert ident in result.stderr


@pytest.mark.parametrize("query", ["ryzhikov", "Рыжиков", "RYZHIKOV"])
def test_two_ryzhikovs_are_not_one_person(two_ryzhikovs, query):
    result = run("person", query, data=two_ryzhikovs)
    assert result.exit_code == 1
    assert "matches several people" in result.stderr
    for ident in ("sergey-ryzhikov", "sergey-ryzhikov-2", "ivan-ryzhikov"):
        assert ident in result.stderr


@pytest.mark.parametrize(("query", "ident"), [
    ("ivan ryzhikov", "ivan-ryzhikov"),
    ("Иван Рыжиков", "ivan-ryzhikov"),
    ("sergey-ryzhikov-2", "sergey-ryzhikov-2"),
    ("Сергей Николаевич", "sergey-ryzhikov"),  # a patronymic only the first one's record has
])
def test_more_of_the_name_or_an_id_settles_it(two_ryzhikovs, query, ident):
    assert find_person(load(two_ryzhikovs), query).id == ident


def test_same_full_name_stays_ambiguous(two_ryzhikovs):
    with pytest.raises(AmbiguousPersonError) as caught:
        find_person(load(two_ryzhikovs), "Sergey Ryzhikov")
    assert {p.id for p in caught.value.candidates} == {"sergey-ryzhikov", "sergey-ryzhikov-2"}


def test_time_in_space_over_several_flights(several_flights):
    found = career(load(several_flights), load(several_flights).people["ivan-testov"])
    assert [f.member.launch.id for f in found.flights] == ["flight-a", "flight-b", "flight-d"]
    a, b, d = found.flights
    assert format_duration(a.time_in_space) == "10d 12h 30m"
    assert b.member.returned_on.id == "flight-c"
    assert format_duration(b.time_in_space) == "183d 0h 5m"  # 2021-06-01 10:00 to 2021-12-01 10:05
    assert d.time_in_space is None and d.note == "launch known only to the month (2023-05)"
    assert found.total.seconds == (10 * 86400 + 12 * 3600 + 30 * 60) + (183 * 86400 + 5 * 60)
    assert found.total.precision.value == "minute"
    assert found.complete is False


def test_person_text_says_the_total_is_a_lower_bound(several_flights):
    result = run("person", "Тестов", data=several_flights)
    assert result.exit_code == 0, result.stderr
    assert "Time in space: at least 193d 12h 35m (known for 2 of 3 flights)" in result.stdout
    assert "Flights (3):" in result.stdout
    rows = tsv(run("person", "testov", "-f", "tsv", data=several_flights).stdout)
    assert [r["time_in_space"] for r in rows] == ["10d 12h 30m", "183d 0h 5m", ""]


def test_a_crew_that_swapped_vehicles_is_aboard_until_the_other_undocks(several_flights):
    ds = load(several_flights)
    iss = find_station(ds, "iss")
    on = {d: sorted(s.member.person.id for s in aboard_on(ds, iss, date.fromisoformat(d)).aboard)
          for d in ("2021-06-01", "2021-07-01", "2021-12-01", "2021-12-02")}
    assert on == {"2021-06-01": ["ivan-testov"], "2021-07-01": ["ivan-testov", "petr-other"],
                  "2021-12-01": ["ivan-testov"], "2021-12-02": []}
    # flight-b never undocks in this dataset: Petr, who left on it, cannot be placed after July
    unknown = aboard_on(ds, iss, date(2021, 8, 1)).unknown
    assert [(s.member.person.id, s.gaps) for s in unknown] == [
        ("petr-other", ("flight-b has no undocking from iss",))]


# --- the library --------------------------------------------------------------------------


def test_roster_library(dataset):
    members = roster(dataset, dataset.by_id["soyuz-tm-21"])
    assert [m.person.id for m in members] == MIR18
    assert all(m.landed_elsewhere and m.returned_on.id == "sts-71" for m in members)
    assert roster(dataset, dataset.by_id["progress-ms-31"]) == ()


def test_find_person_not_found(dataset):
    with pytest.raises(NotFoundError):
        find_person(dataset, "nobody at all")


@pytest.mark.parametrize("spellings", [
    ("Alexey", "Alexei", "Aleksei", "Aleksey", "Алексей"),
    ("Zubritsky", "Zubritskiy", "Zubritskii", "Зубрицкий"),
    ("Sergey", "Sergei", "Сергей"),
    ("Yury", "Yuri", "Yuriy", "Юрий"),
    ("Solovyev", "Solovyov", "Соловьёв"),
    ("Yevgeny", "Evgeny", "Евгений"),
])
def test_name_key_unites_romanisations(spellings):
    assert len({name_key(s) for s in spellings}) == 1


def test_name_keys_splits_hyphenated_names():
    assert name_keys("Kud-Sverchkov") == ["kudsverchkov", "kud", "sverchkov"]


@pytest.mark.parametrize("args", [["crew", "sts-71", "-f", "press"], ["person", "gagarin", "-f", "ics"]])
def test_a_format_the_command_lacks_exits_2(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "--format" in result.stderr and result.stderr.count("\n") == 1


def test_no_ids_on_stdin_exits_2():
    result = run("crew", "-", stdin="\n\n")
    assert result.exit_code == 2
    assert "no launch ids on standard input" in result.stderr


# --- the examples on the packaged dataset -------------------------------------------


def test_packaged_aboard_iss_on_2025_07_05():
    # The issue named the Soyuz MS-27 and Crew-10 crews; Axiom Mission 4 was docked from
    # June 26 to July 14, 2025, so its crew was aboard too.
    rows = tsv(run("crew", "--aboard", "iss", "--on", "2025-07-05", data=None).stdout)
    assert sorted(r["person"] for r in rows) == sorted(MS27 + CREW10 + AX4)


def test_packaged_roster_and_several_flights():
    rows = tsv(run("crew", "soyuz-ms-27", data=None).stdout)
    assert [r["person"] for r in rows] == MS27
    record = json.loads(run("person", "jim lovell", "-f", "json", data=None).stdout)
    assert [f["launch"] for f in record["flights"]] == ["gemini-7", "gemini-12", "apollo-8", "apollo-13"]
    # NASA credits Lovell with 715 hours 5 minutes in space over his four flights.
    assert record["time_in_space_total"]["text"] == "29d 19h 5m"


def test_packaged_two_cosmonauts_with_one_surname_are_ambiguous():
    with pytest.raises(AmbiguousPersonError) as caught:
        find_person(load(), "Соловьёв")
    assert {"anatoly-solovyev", "vladimir-solovyov"} <= {p.id for p in caught.value.candidates}

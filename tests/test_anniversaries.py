"""Anniversaries: the library (almanac.domain.anniversaries) and the commands anniversaries, on, today."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from almanac import load
from almanac.cli import app
from almanac.cli.anniversaries import FIELDS
from almanac.domain.anniversaries import (
    EVERY_YEAR,
    ROUND,
    Milestones,
    anniversaries_between,
    occasions,
    on_this_day,
    ordinal,
    same_day_in,
)
from almanac.domain.model import Precision
from almanac.domain.zones import resolve_zone
from almanac.errors import UsageError


@pytest.fixture(scope="module")
def dataset():
    return load()


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner(env=env).invoke(app, list(args))


def rows(*args: str, env: dict[str, str] | None = None) -> list[dict]:
    """Every occasion's rows, routine ones too (--all)."""
    result = run(*args, *(() if "--all" in args else ("--all",)), "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- small datasets for the special cases ---------------------------------------------------

LAUNCH = """\
  - id: {id}
    name: {name}
    utc: "{utc}"
    site: cape
    vehicle: Rocket
    sources: ["https://example.org/{id}"]
{events}"""


def dataset_text(*launches: dict) -> str:
    """A minimal valid dataset with the launches given (id, name, utc and optional events)."""
    body = []
    for launch in launches:
        events = ""
        if launch.get("events"):
            events = "    events:\n" + "".join(
                f"      - type: {e['type']}\n        utc: \"{e['utc']}\"\n"
                + (f"        target: {e['target']}\n" if e.get("target") else "")
                for e in launch["events"])
        body.append(LAUNCH.format(events=events, **{k: launch[k] for k in ("id", "name", "utc")}))
    return (
        "schema_version: 1\n"
        "sites:\n"
        "  - id: cape\n    name: Cape\n    country: US\n    zone: America/New_York\n"
        "    sources: [\"https://example.org/cape\"]\n"
        "stations:\n  - id: lab\n    name: Orbital Lab Station\n"
        "people: []\n"
        "launches:\n" + "".join(body)
    )


@pytest.fixture
def special(tmp_path):
    """A launch known to the month, a leap-day launch, a pair docking recorded on both."""
    path = tmp_path / "special.yaml"
    path.write_text(dataset_text(
        {"id": "monthly", "name": "Monthly 1", "utc": "2020-03",
         "events": [{"type": "landing", "utc": "2020-05"}]},
        {"id": "early-march", "name": "Early March", "utc": "2020-03-01T00:30Z"},
        {"id": "leap", "name": "Leap 1", "utc": "2024-02-29T12:00Z"},
        {"id": "chaser", "name": "Chaser", "utc": "2021-06-01T10:00Z",
         "events": [{"type": "docking", "utc": "2021-06-03T08:00Z", "target": "target-ship"},
                    {"type": "undocking", "utc": "2021-06-05T08:00Z", "target": "target-ship"}]},
        {"id": "target-ship", "name": "Target Ship", "utc": "2021-06-01T12:00Z",
         "events": [{"type": "docking", "utc": "2021-06-03T08:00Z", "target": "chaser"},
                    # a minute apart from the chaser's record: not the same moment, kept
                    {"type": "undocking", "utc": "2021-06-05T08:01Z", "target": "chaser"},
                    {"type": "docking", "utc": "2021-06-07T09:00Z", "target": "lab"}]},
    ), encoding="utf-8")
    return path


# --- the examples ----------------------------------------------------------------


def test_astp_fiftieth_has_both_launches_and_one_docking(dataset):
    found = anniversaries_between(dataset, date(2025, 7, 15), date(2025, 7, 17), ROUND)
    summary = [(a.on.isoformat(), a.ordinal, a.title, a.launch.id) for a in found
               if a.launch.id in ("soyuz-19", "apollo-astp")]
    assert summary == [
        ("2025-07-15", "50th", "Launch of Soyuz 19", "soyuz-19"),  # 12:20Z, before Apollo
        ("2025-07-15", "50th", "Launch of Apollo (ASTP)", "apollo-astp"),  # 19:50:01Z
        ("2025-07-17", "50th", "Soyuz 19 docking with Apollo (ASTP)", "soyuz-19"),
        ("2025-07-17", "50th", "Apollo (ASTP): Stafford–Leonov handshake after the hatches "
                               "were opened", "apollo-astp"),
    ]
    docking = [a for a in found if a.occasion.event_type == "docking"][0]
    assert docking.occasion.also_recorded_on == ("apollo-astp",)
    assert docking.occasion.at.iso() == "1975-07-17T16:09:09Z"


def test_iss_continuous_presence_twenty_fifth(dataset):
    found = anniversaries_between(dataset, date(2025, 11, 2), date(2025, 11, 2))
    assert sorted((a.ordinal, a.title, a.occasion.event_type) for a in found) == [
        ("25th", "Soyuz TM-31 docking at the International Space Station", "docking"),
        ("25th", "Soyuz TM-31 hatch opening at the International Space Station", "hatch-opening"),
    ]


def test_cli_year_lists_astp_and_iss_rows():
    found = rows("anniversaries", "--year", "2025", "--every", "25")
    by_id = {r["id"]: r for r in found}
    assert by_id["soyuz-19-docking-1-50y"] == {
        "date": "2025-07-17", "precision": "day", "years": 50, "ordinal": "50th",
        "title": "Soyuz 19 docking with Apollo (ASTP)", "kind": "event", "event_type": "docking",
        "launch_id": "soyuz-19", "launch_name": "Soyuz 19", "target": "apollo-astp",
        "also_recorded_on": ["apollo-astp"], "description": "Docked with Apollo (Apollo active)",
        "significance": by_id["soyuz-19-docking-1-50y"]["significance"], "first": by_id["soyuz-19-docking-1-50y"]["first"],
        "original_utc": "1975-07-17T16:09:09Z", "original_precision": "second",
        "original_date": "1975-07-17", "original_local": "1975-07-17T16:09:09+00:00",
        "zone": "UTC", "id": "soyuz-19-docking-1-50y",
    }
    assert by_id["soyuz-tm-31-docking-1-25y"]["date"] == "2025-11-02"
    assert by_id["soyuz-19-launch-50y"]["kind"] == "launch"
    assert by_id["soyuz-19-launch-50y"]["event_type"] is None
    # the docking recorded on Apollo too is not listed a second time
    assert not [r for r in found if r["launch_id"] == "apollo-astp" and r["event_type"] == "docking"]
    assert {r["years"] for r in found} == {25, 50}  # --every 25 leaves out the 30th of STS-71


def test_rows_sorted_by_date_then_time(dataset):
    found = rows("anniversaries", "--year", "2025", "--every", "1", "--all")
    # a month-precision row ('2025-03') sorts on the 1st of its month
    keys = [(r["date"] if r["precision"] == "day" else r["date"] + "-01", r["significance"],
             r["original_local"] and r["original_local"][11:16]) for r in found]
    assert keys == sorted(keys, key=lambda k: (k[0], k[1], k[2] or ""))
    assert len(found) > 20


def test_tsv_has_documented_header():
    result = run("anniversaries", "--year", "2025", "-f", "tsv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(FIELDS)
    assert all(len(line.split("\t")) == len(FIELDS) for line in lines[1:])
    assert any(line.startswith("2025-07-15\tday\t50\t50th\tLaunch of Soyuz 19\t") for line in lines)


# --- milestones ---------------------------------------------------------------------------


@pytest.mark.parametrize(("milestones", "inside", "outside"), [
    (ROUND, [1, 5, 10, 25, 50, 65], [2, 4, 6, 48, 51]),
    (Milestones(every=25), [25, 50, 75], [1, 5, 10, 30]),
    (Milestones.listed([10, 25, 50]), [10, 25, 50], [1, 5, 30, 75]),
    (Milestones(every=10, years=frozenset({1})), [1, 10, 20], [5, 15]),
    (EVERY_YEAR, [1, 2, 48], [0, -1]),
])
def test_milestones(milestones, inside, outside):
    assert all(n in milestones for n in inside)
    assert not any(n in milestones for n in outside)


# The packaged dataset grows: each case names anniversaries that must be there and the rule
# that every listed one must follow.
@pytest.mark.parametrize(("args", "expected", "rule"), [
    ((), {1, 25, 30, 50}, lambda n: n == 1 or n % 5 == 0),  # 30th of STS-71, 1st of Crew-10
    (("--every", "25"), {25, 50}, lambda n: n % 25 == 0),
    (("--milestones", "30, 50"), {30, 50}, lambda n: n in (30, 50)),
    (("--every", "50", "--milestones", "1"), {1, 50}, lambda n: n == 1 or n % 50 == 0),
])
def test_cli_milestone_options(args, expected, rule):
    years = {r["years"] for r in rows("anniversaries", "--year", "2025", *args)}
    assert expected <= years
    assert all(rule(n) for n in years), years


def test_all_lists_every_anniversary():
    found = rows("anniversaries", "--year", "2026", "--every", "1", "--all")
    assert "progress-1-launch-48y" in {r["id"] for r in found}
    assert "progress-1-launch-48y" not in {r["id"] for r in rows("anniversaries", "--year", "2026")}


@pytest.mark.parametrize(("n", "text"), [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (50, "50th"), (101, "101st"), (111, "111th"), (112, "112th"),
])
def test_ordinal(n, text):
    assert ordinal(n) == text


# --- de-duplication ------------------------------------------------------------------------


def test_pair_event_recorded_on_both_launches_is_listed_once(special):
    found = occasions(load(special))
    dockings = [o for o in found if o.event_type == "docking" and o.event.target != "lab"]
    assert [(o.launch.id, o.title, o.also_recorded_on) for o in dockings] == [
        ("chaser", "Chaser docking with Target Ship", ("target-ship",))]
    # undockings a minute apart are two records of different moments: both kept
    assert [o.launch.id for o in found if o.event_type == "undocking"] == ["chaser", "target-ship"]
    # a docking with a station is never merged with anything
    assert [o.title for o in found if o.event and o.event.target == "lab"] == [
        "Target Ship docking at the Orbital Lab Station"]


def test_packaged_astp_dockings_and_undockings_appear_once_each(dataset):
    astp = [o for o in occasions(dataset) if o.launch.id in ("soyuz-19", "apollo-astp")
            and o.event_type in ("docking", "undocking")]
    assert [(o.key, o.at.iso()) for o in astp] == [
        ("soyuz-19-docking-1", "1975-07-17T16:09:09Z"),
        ("soyuz-19-undocking-1", "1975-07-19T12:03:20Z"),
        ("soyuz-19-docking-2", "1975-07-19T12:33:39Z"),
        ("soyuz-19-undocking-2", "1975-07-19T15:26:12Z"),
    ]


# --- precision, February 29, zones -----------------------------------------------------------


def test_month_precision_gives_month_anniversaries(special):
    found = anniversaries_between(load(special), date(2025, 1, 1), date(2025, 12, 31), ROUND)
    march = [a for a in found if a.on.month == 3]
    assert [(a.date_text(), a.precision, a.title) for a in march] == [
        ("2025-03", Precision.MONTH, "Launch of Monthly 1"),  # sorts at the start of its month,
        ("2025-03-01", Precision.DAY, "Launch of Early March"),  # before a timed 1st of March
    ]
    assert [a.date_text() for a in found if a.launch.id == "monthly"] == ["2025-03", "2025-05"]


def test_month_anniversary_in_a_range_that_touches_its_month(special):
    ds = load(special)
    assert [a.date_text() for a in anniversaries_between(ds, date(2025, 3, 20), date(2025, 4, 5))
            if a.launch.id == "monthly"] == ["2025-03"]
    assert not [a for a in anniversaries_between(ds, date(2025, 4, 1), date(2025, 4, 30))
                if a.launch.id == "monthly"]


def test_month_anniversary_rows_and_on(special):
    found = rows("--data", str(special), "anniversaries", "--year", "2025")
    monthly = [r for r in found if r["launch_id"] == "monthly"]
    assert monthly[0]["date"] == "2025-03"
    assert monthly[0]["precision"] == "month"
    assert monthly[0]["original_date"] == "2020-03"
    assert monthly[0]["original_precision"] == "month"
    assert monthly[0]["original_local"] is None
    listed = rows("--data", str(special), "on", "03-01", "--year", "2025")
    assert [r["launch_id"] for r in listed] == ["early-march"]  # not the month-known launch


def test_ics_leaves_out_month_anniversaries_with_a_note(special):
    result = run("--data", str(special), "anniversaries", "--year", "2025", "--all", "-f", "ics")
    assert result.exit_code == 0
    uids = {str(e["UID"]) for e in Calendar.from_ical(result.stdout).walk("VEVENT")}
    assert "early-march-launch-5y@almanac" in uids
    assert not {u for u in uids if u.startswith("monthly-")}
    assert "2 anniversaries known only to the month left out" in result.stderr
    assert "monthly-launch-5y (2025-03)" in result.stderr


@pytest.mark.parametrize(("year", "day", "years"), [
    (2025, date(2025, 2, 28), 1),  # common year
    (2027, date(2027, 2, 28), 3),
    (2028, date(2028, 2, 29), 4),  # leap year
])
def test_february_29(special, year, day, years):
    found = anniversaries_between(load(special), date(year, 1, 1), date(year, 12, 31), EVERY_YEAR)
    leap = [a for a in found if a.launch.id == "leap"]
    assert [(a.on, a.years) for a in leap] == [(day, years)]


def test_same_day_in():
    assert same_day_in(2025, date(2024, 2, 29)) == date(2025, 2, 28)
    assert same_day_in(2028, date(2024, 2, 29)) == date(2028, 2, 29)
    assert same_day_in(2025, date(2000, 7, 15)) == date(2025, 7, 15)


@pytest.mark.parametrize(("day", "listed"), [("02-28", True), ("02-29", True), ("03-01", False)])
def test_on_leap_day_in_a_common_year(special, day, listed):
    found = rows("--data", str(special), "on", day, "--year", "2025")
    assert (["leap-launch-1y"] if listed else []) == [r["id"] for r in found if r["launch_id"] == "leap"]


def test_tz_moves_progress_launch_to_baikonur_date(dataset):
    in_utc = [a for a in anniversaries_between(dataset, date(2026, 1, 1), date(2026, 12, 31))
              if a.occasion.key == "progress-ms-31-launch"]
    baikonur = resolve_zone("Baikonur", dataset.sites)
    local = [a for a in anniversaries_between(dataset, date(2026, 1, 1), date(2026, 12, 31),
                                              tz=baikonur)
             if a.occasion.key == "progress-ms-31-launch"]
    assert [a.on for a in in_utc] == [date(2026, 7, 3)]
    assert [a.on for a in local] == [date(2026, 7, 4)]
    assert local[0].original_local.isoformat() == "2025-07-04T00:32:40+05:00"


def test_cli_tz_moves_the_date():
    utc = rows("on", "07-03", "--year", "2026")
    local = rows("on", "07-04", "--year", "2026", "--tz", "Baikonur")
    assert "progress-ms-31-launch-1y" in [r["id"] for r in utc]
    assert "progress-ms-31-launch-1y" not in [r["id"] for r in rows("on", "07-04", "--year", "2026")]
    row = next(r for r in local if r["id"] == "progress-ms-31-launch-1y")
    assert (row["date"], row["original_date"], row["zone"]) == ("2026-07-04", "2025-07-04", "Baikonur")
    assert row["original_local"] == "2025-07-04T00:32:40+05:00"
    assert row["original_utc"] == "2025-07-03T19:32:40Z"


def test_tz_does_not_move_a_date_without_a_time(dataset):
    pacific = resolve_zone("Pacific")
    found = anniversaries_between(dataset, date(2025, 7, 4), date(2025, 7, 4), tz=pacific)
    assert "soyuz-tm-21-other-1" in [a.occasion.key for a in found]  # 1995-07-04, day precision


# --- on and today ---------------------------------------------------------------------------


def test_on_lists_every_year_before(dataset):
    found = on_this_day(dataset, 7, 15, 2026)
    got = [(a.ordinal, a.launch.id) for a in found]
    expected = [
        ("51st", "soyuz-19"), ("51st", "apollo-astp"),  # launches (notable), in time-of-day order
        ("1st", "ax-4")]  # splashdown (routine), 2025-07-15 at 09:31 UTC: earlier in the day
    assert [x for x in got if x in expected] == expected  # in this order, among others
    keys = [(a.significance, a.original_local.time()) for a in found if a.original_local]
    assert keys == sorted(keys)  # landmarks first, then by time of day
    # the day itself is not an anniversary: nothing of 1975 is listed in 1975
    assert all(a.original_on.year < 1975 for a in on_this_day(dataset, 7, 15, 1975))
    assert "soyuz-19" not in {a.launch.id for a in on_this_day(dataset, 7, 15, 1975)}


def test_today_uses_almanac_today():
    found = rows("today", env={"ALMANAC_TODAY": "2025-11-02"})
    got = [(r["date"], r["ordinal"], r["title"]) for r in found]
    expected = [("2025-11-02", "25th", "Soyuz TM-31 docking at the International Space Station"),
                ("2025-11-02", "25th", "Soyuz TM-31 hatch opening at the International Space Station")]
    assert sorted(x for x in got if x in expected) == expected  # among others that day
    assert {r["date"] for r in found} == {"2025-11-02"}


def test_today_with_tz_uses_that_zone_calendar():
    found = rows("today", "--tz", "Baikonur", env={"ALMANAC_TODAY": "2026-07-04"})
    assert [r["id"] for r in found if r["launch_id"] == "progress-ms-31"] == ["progress-ms-31-launch-1y"]


def test_table_output_names_the_anniversary():
    result = run("anniversaries", "--year", "2025", "--every", "50", "--all", "-f", "table")
    assert result.exit_code == 0
    assert "Anniversaries 2025-01-01 to 2025-12-31 (UTC)" in result.stdout
    assert "Soyuz 19 docking" in result.stdout
    assert "50th" in result.stdout


# --- calendar export -----------------------------------------------------------------------


def test_ics_parses_back_event_by_event():
    args = ("anniversaries", "--from", "2025-07-01", "--to", "2026-06-30", "--all")
    expected = rows(*args)
    result = run(*args, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")  # CRLF lines
    cal = Calendar.from_ical(result.stdout)
    assert str(cal["VERSION"]) == "2.0"
    assert "almanac" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    assert len(events) == len(expected) > 30
    stamps = set()
    for event, row in zip(events, expected, strict=True):
        start = event.decoded("DTSTART")
        assert not isinstance(start, datetime)  # VALUE=DATE: an all-day event
        assert start.isoformat() == row["date"]
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert str(event["UID"]) == f"{row['id']}@almanac"
        assert str(event["SUMMARY"]) == f"{row['ordinal']} anniversary: {row['title']}"
        description = str(event["DESCRIPTION"])
        assert f"Original time: {row['original_utc']} (UTC" in description
        assert f"Launch record: {row['launch_id']}" in description
        assert "https://" in description or "http://" in description
        stamps.add(event.decoded("DTSTAMP"))
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert len(stamps) == 1  # one stamp, from the dataset, not the clock
    docking = next(e for e in events if str(e["UID"]) == "soyuz-19-docking-1-50y@almanac")
    assert docking.decoded("DTSTART") == date(2025, 7, 17)
    assert "Also recorded on: apollo-astp" in str(docking["DESCRIPTION"])


def test_ics_is_reproducible_and_uids_do_not_depend_on_zone():
    args = ("anniversaries", "--year", "2026", "--every", "1", "--all", "-f", "ics")
    first, second = run(*args), run(*args)
    assert first.stdout == second.stdout
    baikonur = run(*args, "--tz", "Baikonur")
    events = {str(e["UID"]): e.decoded("DTSTART") for e in Calendar.from_ical(first.stdout).walk("VEVENT")}
    moved = {str(e["UID"]): e.decoded("DTSTART")
             for e in Calendar.from_ical(baikonur.stdout).walk("VEVENT")}
    assert events["progress-ms-31-launch-1y@almanac"] == date(2026, 7, 3)
    assert moved["progress-ms-31-launch-1y@almanac"] == date(2026, 7, 4)


def test_output_file_is_written_whole(tmp_path):
    target = tmp_path / "space.ics"
    target.write_text("old\n")
    result = run("anniversaries", "--year", "2025", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    cal = Calendar.from_ical(target.read_bytes())  # format taken from the .ics suffix
    assert "soyuz-19-launch-50y@almanac" in {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert sorted(os.listdir(tmp_path)) == ["space.ics"]  # no temporary file left behind


def test_output_json_file(tmp_path):
    target = tmp_path / "out.json"
    result = run("anniversaries", "--year", "2025", "-o", str(target))
    assert result.exit_code == 0
    printed = run("anniversaries", "--year", "2025", "-f", "json").stdout
    assert json.loads(target.read_text()) == json.loads(printed)


def test_output_to_missing_directory_exits_4(tmp_path):
    result = run("anniversaries", "--year", "2025", "-o", str(tmp_path / "no" / "x.ics"))
    assert result.exit_code == 4
    assert result.stderr.startswith("almanac: ")


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "named"), [
    (("anniversaries", "--year", "1956"), "1956"),
    (("anniversaries", "--year", "10000"), "10000"),
    (("anniversaries", "--every", "0"), "--every 0"),
    (("anniversaries", "--milestones", "10,0"), "'0'"),
    (("anniversaries", "--milestones", "ten"), "'ten'"),
    (("anniversaries", "--from", "2026-01-01", "--to", "2025-12-31"), "empty range"),
    (("anniversaries", "--from", "2025-02-30"), "'2025-02-30'"),
    (("anniversaries", "--year", "2025", "--from", "2025-01-01"), "--year"),
    (("anniversaries", "--kind", "rocket"), "--kind"),
    (("anniversaries", "--tz", "Mars/Olympus"), "'Mars/Olympus'"),
    (("anniversaries", "--format", "press"), "'press'"),
    (("on", "13-01"), "'13-01'"),
    (("on", "02-30"), "'02-30'"),
    (("on", "July 32"), "'July 32'"),
    (("on", "07-15", "--year", "1900"), "1900"),
])
def test_bad_input_exits_2_with_one_line(args, named):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("almanac: ")
    assert named in lines[0]


def test_bad_almanac_today_exits_2():
    result = run("today", env={"ALMANAC_TODAY": "2025-13-01"})
    assert result.exit_code == 2
    assert "ALMANAC_TODAY" in result.stderr


def test_library_rejects_an_empty_range(dataset):
    with pytest.raises(UsageError, match="empty range"):
        anniversaries_between(dataset, date(2026, 1, 2), date(2026, 1, 1))
    with pytest.raises(UsageError):
        Milestones(every=0)


def test_one_bound_means_a_year():
    found = rows("anniversaries", "--from", "2025-07-16", "--every", "1", "--all")
    assert min(r["date"] for r in found) >= "2025-07-16"
    assert max(r["date"] for r in found) <= "2026-07-15"
    ids = {r["id"] for r in found}
    assert "soyuz-19-launch-50y" not in ids  # 2025-07-15, the day before --from
    assert {"soyuz-19-docking-1-50y", "soyuz-19-launch-51y"} <= ids  # 2025-07-17, 2026-07-15


def test_default_year_is_this_year():
    found = rows("anniversaries", "--every", "1", "--all", env={"ALMANAC_TODAY": "2030-01-01"})
    assert {r["date"][:4] for r in found} == {"2030"}

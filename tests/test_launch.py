"""`almanac launch`: the main job, through the CLI and the library."""

from __future__ import annotations

import csv
import io
import json

import pytest

from almanac import find_launch, load
from almanac.domain.model import Precision
from tests.conftest import MINIMAL_DATASET


def test_text_on_a_pipe_shows_every_zone(cli):
    result = cli("launch", "progress-ms-31")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Progress MS-31 (progress-ms-31)\n")
    assert "92P" in out
    assert "Soyuz-2.1a" in out
    assert "Baikonur Cosmodrome, Site 31/6 (KZ)" in out
    assert "Launch (UTC): 2025-07-03 19:32:40 UTC (Thursday)" in out
    assert "US Eastern:   2025-07-03 15:32:40 EDT (Thursday)" in out
    assert "Site local:   2025-07-04 00:32:40 +05 (Friday) [Asia/Qyzylorda]" in out
    # Moscow time, as Roscosmos quotes a launch from Baikonur, for the launch and its events
    assert "Moscow:       2025-07-03 22:32:40 MSK (Thursday) [Europe/Moscow]" in out
    assert ("2025-07-05 21:25 UTC (Saturday)  2025-07-06 00:25 MSK  docking  "
            "International Space Station (Poisk)") in out
    assert "March 2026 (month known, UTC)  -  undocking" in out
    assert "Crew: none (uncrewed)" in out
    assert "https://russianspaceweb.com/progress-ms-31.html" in out
    assert "\x1b[" not in out  # no colour on a pipe


def test_json_carries_the_documented_fields(cli):
    result = cli("launch", "progress-ms-31", "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["id"] == "progress-ms-31"
    assert record["name"] == "Progress MS-31"
    assert "92P" in record["aliases"]
    assert record["utc"] == "2025-07-03T19:32:40Z"
    assert record["precision"] == "second"
    assert record["site"] == {"id": "baikonur", "name": "Baikonur Cosmodrome", "country": "KZ",
                              "zone": "Asia/Qyzylorda"}
    assert record["pad"] == "Site 31/6"
    assert record["vehicle"] == "Soyuz-2.1a"
    assert record["local"] == "2025-07-04T00:32:40+05:00"
    assert record["eastern"] == "2025-07-03T15:32:40-04:00"
    assert record["crew"] == []
    assert record["events"][0]["type"] == "docking"
    assert record["events"][0]["utc"] == "2025-07-05T21:25Z"
    assert record["events"][0]["target"] == "iss"
    assert all(s["url"].startswith("http") for s in record["sources"])


def test_json_crew_objects(cli):
    record = json.loads(cli("launch", "soyuz-ms-27", "-f", "json").stdout)
    assert [(c["id"], c["role"], c["agency"]) for c in record["crew"]] == [
        ("sergey-ryzhikov", "commander", "Roscosmos"),
        ("alexey-zubritsky", "flight engineer", "Roscosmos"),
        ("jonny-kim", "flight engineer", "NASA"),
    ]
    assert record["crew"][0]["name"] == "Sergey Ryzhikov"


def test_several_ids_give_a_json_list_in_order(cli):
    result = cli("launch", "vostok-1", "92P", "-f", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["vostok-1", "progress-ms-31"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_row_formats_parse_back(cli, fmt):
    result = cli("launch", "progress-ms-31", "apollo-astp", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert [r["id"] for r in rows] == ["progress-ms-31", "apollo-astp"]
    assert rows[0]["utc"] == "2025-07-03T19:32:40Z"
    assert rows[0]["local"] == "2025-07-04T00:32:40+05:00"
    assert rows[1]["eastern"] == "1975-07-15T15:50:01-04:00"


def test_tsv_without_header(cli):
    result = cli("launch", "progress-ms-31", "-f", "tsv", "--no-header")
    assert result.stdout.startswith("progress-ms-31\tProgress MS-31\t2025-07-03T19:32:40Z\t")


def test_table_format_names_every_part(cli):
    result = cli("--no-color", "launch", "progress-ms-31", "-f", "table")
    assert result.exit_code == 0, result.stderr
    for text in ("Progress MS-31 (progress-ms-31)", "2025-07-03 19:32:40 UTC (Thursday)",
                 "2025-07-03 15:32:40 EDT (Thursday)", "2025-07-04 00:32:40 +05 (Friday)",
                 "Events", "docking", "Sources"):
        assert text in result.stdout
    assert "\x1b[" not in result.stdout


def test_eastern_is_labelled_est_in_winter(cli):
    # STS-102 flew on 2001-03-08, before that year's switch to daylight time (April 1).
    record = json.loads(cli("launch", "sts-102", "-f", "json").stdout)
    assert record["eastern"].endswith("-05:00")
    assert "EST" in cli("launch", "sts-102").stdout


@pytest.mark.parametrize("query", ["progress-ms-31", "Progress MS-31", "progress ms 31", "92P", "92p",
                                   "PROGRESS_MS_31", "Прогресс МС-31"])
def test_lookup_ignores_case_and_punctuation(cli, query):
    result = cli("launch", query, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "progress-ms-31"


def test_ids_from_standard_input(cli):
    result = cli("launch", "-", "-f", "jsonl", input="vostok-1\n\n92P\n")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["vostok-1", "progress-ms-31"]


def test_unknown_id_suggests_close_matches_and_prints_nothing(cli):
    result = cli("launch", "progres-ms-31")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "no launch matches 'progres-ms-31'" in result.stderr
    assert "did you mean progress-ms-31" in result.stderr


def test_one_unknown_id_among_good_ones_prints_nothing(cli):
    result = cli("launch", "vostok-1", "nope-99", "-f", "json")
    assert result.exit_code == 1
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["launch", "92P", "--format", "yaml"], ["launch"],
                                  ["launch", "92P", "--bogus"], ["nosuchcommand"]])
def test_bad_options_exit_2_with_one_line(cli, args):
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("almanac: ")
    assert result.stderr.count("\n") == 1, result.stderr


def test_day_precision_has_no_invented_clock_time(cli, write_dataset):
    path = write_dataset(MINIMAL_DATASET.replace('"2020-05-30T19:22:45Z"', '"2020-05-30"'))
    record = json.loads(cli("--data", str(path), "launch", "t1", "-f", "json").stdout)
    assert record["utc"] == "2020-05-30"
    assert record["precision"] == "day"
    assert record["local"] is None and record["eastern"] is None
    text = cli("--data", str(path), "launch", "t1").stdout
    assert "2020-05-30 (Saturday) (date known, UTC)" in text
    assert "US Eastern" not in text


def test_library_lookup():
    dataset = load()
    launch = find_launch(dataset, "92P")
    assert launch.id == "progress-ms-31"
    assert launch.site.zone == "Asia/Qyzylorda"
    assert launch.at.precision is Precision.SECOND
    assert launch.at.iso() == "2025-07-03T19:32:40Z"


# --- launch --tz: the launch and its events in the zones asked for -----------------------------


def test_tz_adds_a_line_per_zone_and_a_column_per_event(cli):
    result = cli("launch", "crew-11", "--tz", "Houston", "--tz", "MSK", "--tz", "Tyuratam")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "  Houston:      2025-08-01 10:43:42 CDT (Friday) [America/Chicago]\n" in out
    assert "  MSK:          2025-08-01 18:43:42 MSK (Friday) [Europe/Moscow]\n" in out
    assert "  baikonur:     2025-08-01 20:43:42 +05 (Friday) [Asia/Qyzylorda]\n" in out
    assert ("    2025-08-02 06:27 UTC (Saturday)  2025-08-02 01:27 CDT  2025-08-02 09:27 MSK  "
            "2025-08-02 11:27 +05  docking  ") in out
    # a winter event in the same zones: Houston on CST by then
    assert "2026-01-15 08:41 UTC (Thursday)  2026-01-15 02:41 CST  " in out


def test_tz_replaces_the_default_moscow_time(cli):
    out = cli("launch", "92P", "--tz", "Tokyo").stdout
    assert "Tokyo:        2025-07-04 04:32:40 JST (Friday) [Asia/Tokyo]" in out
    assert "Moscow:" not in out


def test_no_moscow_time_for_a_kennedy_launch(cli):
    out = cli("launch", "crew-11").stdout
    assert "MSK" not in out and "Moscow" not in out


@pytest.mark.parametrize("site", ["plesetsk", "vostochny", "baikonur"])
def test_moscow_time_for_every_russian_site(cli, write_dataset, site):
    dataset = MINIMAL_DATASET.replace("site: kennedy", f"site: {site}").replace("""  - id: kennedy
    name: Kennedy Space Center
    country: US
    zone: America/New_York""", """  - id: plesetsk
    name: Plesetsk Cosmodrome
    country: RU
    zone: Europe/Moscow
    sources: ["https://example.org/plesetsk"]
  - id: vostochny
    name: Vostochny Cosmodrome
    country: RU
    zone: Asia/Yakutsk""")
    path = write_dataset(dataset)
    record = json.loads(cli("--data", str(path), "launch", "t1", "-f", "json").stdout)
    assert record["times"] == [{"zone": "Europe/Moscow", "label": "Moscow", "abbreviation": "MSK",
                                "iso": "2020-05-30T22:22:45+03:00"}]
    assert record["events"][0]["times"][0]["iso"] == "2020-05-31T17:16+03:00"
    text = cli("--data", str(path), "launch", "t1").stdout
    assert "Moscow:       2020-05-30 22:22:45 MSK (Saturday) [Europe/Moscow]" in text


def test_json_times_for_the_launch_and_its_events(cli):
    result = cli("launch", "progress-ms-31", "--tz", "Houston", "--tz", "+05:30", "-f", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["times"] == [
        {"zone": "America/Chicago", "label": "Houston", "abbreviation": "CDT", "iso": "2025-07-03T14:32:40-05:00"},
        {"zone": "+05:30", "label": "+05:30", "abbreviation": "+05:30", "iso": "2025-07-04T01:02:40+05:30"},
    ]
    docking, undocking = record["events"][:2]
    assert [t["iso"] for t in docking["times"]] == ["2025-07-05T16:25-05:00", "2025-07-06T02:55+05:30"]
    # known only to the month: no clock time in any zone
    assert undocking["precision"] == "month"
    assert [(t["label"], t["iso"], t["abbreviation"]) for t in undocking["times"]] == [
        ("Houston", None, None), ("+05:30", None, None)]
    # the existing fields are all still there
    assert record["local"] == "2025-07-04T00:32:40+05:00"
    assert record["eastern"] == "2025-07-03T15:32:40-04:00"


def test_jsonl_has_the_default_zones_per_launch(cli):
    lines = [json.loads(x) for x in cli("launch", "92P", "crew-11", "-f", "jsonl").stdout.splitlines()]
    assert [[t["label"] for t in r["times"]] for r in lines] == [["Moscow"], []]


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_have_a_column_per_zone(cli, fmt, sep):
    result = cli("launch", "92P", "crew-11", "--tz", "Houston", "--tz", "Asia/Tokyo", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=sep))
    assert list(rows[0])[-2:] == ["time_Houston", "time_Asia/Tokyo"]
    assert [r["time_Houston"] for r in rows] == ["2025-07-03T14:32:40-05:00", "2025-08-01T10:43:42-05:00"]
    assert rows[1]["time_Asia/Tokyo"] == "2025-08-02T00:43:42+09:00"
    assert rows[0]["local"] == "2025-07-04T00:32:40+05:00"  # the existing columns stay


def test_csv_default_moscow_column_is_blank_for_other_launches(cli):
    rows = list(csv.DictReader(io.StringIO(cli("launch", "92P", "crew-11", "-f", "csv").stdout)))
    assert [r["time_Moscow"] for r in rows] == ["2025-07-03T22:32:40+03:00", ""]


def test_table_shows_the_zones_too(cli):
    result = cli("--no-color", "launch", "crew-11", "--tz", "Houston", "-f", "table")
    assert result.exit_code == 0, result.stderr
    assert "2025-08-01 10:43:42 CDT (Friday) [America/Chicago]" in result.stdout
    assert "Houston" in result.stdout and "01:27 CDT" in result.stdout


def test_tz_repeated_is_shown_once(cli):
    out = cli("launch", "crew-11", "--tz", "Houston", "--tz", "houston", "-f", "json").stdout
    assert [t["label"] for t in json.loads(out)["times"]] == ["Houston"]


@pytest.mark.parametrize("zone, needle", [("Houstn", "did you mean Houston"), ("CST", "CST is ambiguous"),
                                          ("", "unknown time zone ''")])
def test_a_bad_tz_is_exit_2_with_one_line(cli, zone, needle):
    result = cli("launch", "92P", "--tz", zone)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert needle in result.stderr


def test_day_precision_launch_with_tz_invents_no_clock_time(cli, write_dataset):
    path = write_dataset(MINIMAL_DATASET.replace('"2020-05-30T19:22:45Z"', '"2020-05-30"'))
    record = json.loads(cli("--data", str(path), "launch", "t1", "--tz", "Moscow", "-f", "json").stdout)
    assert record["times"] == [{"zone": "Europe/Moscow", "label": "Moscow", "abbreviation": None, "iso": None}]
    assert "Moscow:" not in cli("--data", str(path), "launch", "t1", "--tz", "Moscow").stdout


def test_launch_record_from_python():
    from almanac.domain.zones import resolve_zone
    from almanac.views.records import launch_record

    launch = find_launch(load(), "92P")
    assert [t["label"] for t in launch_record(launch)["times"]] == ["Moscow"]
    assert launch_record(launch, [resolve_zone("Paris")])["times"][0]["iso"] == "2025-07-03T21:32:40+02:00"
    assert launch_record(launch, [])["times"] == []


def test_version(cli):
    from almanac import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"almanac {__version__}\n"
    assert cli("--version", "launch", "nope").stdout == f"almanac {__version__}\n"

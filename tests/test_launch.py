"""`almanac launch`: the main job, through the CLI and the library."""

from __future__ import annotations

import csv
import io
import json

import pytest

from almanac import find_launch, load
from almanac.domain.model import Precision

from tests.conftest import MINIMAL_DATASET


def test_text_on_a_pipe_shows_all_three_zones(cli):
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
    assert "2025-07-05 21:25 UTC (Saturday)  docking  International Space Station (Poisk)" in out
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

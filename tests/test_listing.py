"""`almanac list`, `almanac sites`, uniform formats, pipes and completion."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from almanac import load
from almanac.domain.queries import LaunchFilter, filter_launches
from almanac.views.records import LAUNCH_ROW_FIELDS

# Exact listings are checked on a frozen copy of an early packaged dataset, so that they hold
# while data/missions.yaml grows; filters are also checked on the packaged dataset by rule.
SNAPSHOT = str(Path(__file__).parent / "data" / "snapshot-2025.yaml")


def parse(fmt: str, text: str) -> list[dict]:
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "; ".join(value) if isinstance(value, list) else str(value)


def test_every_format_carries_the_same_fields_and_values(cli):
    parsed = {fmt: parse(fmt, cli("list", "--format", fmt).stdout) for fmt in ("json", "jsonl", "csv", "tsv")}
    reference = parsed["json"]
    assert len(reference) == len(load().launches)
    assert parsed["jsonl"] == reference
    for fmt in ("csv", "tsv"):
        assert len(parsed[fmt]) == len(reference)
        for row, ref in zip(parsed[fmt], reference, strict=True):
            assert list(row) == list(LAUNCH_ROW_FIELDS)
            assert row == {k: as_text(v) for k, v in ref.items()}, fmt


def test_default_on_a_pipe_is_tsv_with_header(cli):
    out = cli("--data", SNAPSHOT, "list", "--year", "2025", "--site", "baikonur").stdout.splitlines()
    assert out[0].split("\t") == list(LAUNCH_ROW_FIELDS)
    assert [line.split("\t")[0] for line in out[1:]] == ["soyuz-ms-27", "progress-ms-31"]


def test_no_header(cli):
    out = cli("--data", SNAPSHOT, "list", "--year", "2025", "--site", "baikonur", "-f", "csv",
              "--no-header").stdout
    assert out.splitlines()[0].startswith("soyuz-ms-27,")


# The packaged dataset grows, so each case names launches that must be listed, in this order,
# and a rule that every listed launch must follow.
@pytest.mark.parametrize("args, ids, rule", [
    (["--year", "2025", "--site", "baikonur"], ["soyuz-ms-27", "progress-ms-31"],
     lambda r: r["utc"].startswith("2025") and r["site"] == "baikonur"),
    (["--crewed", "--from", "1961-01-01", "--to", "1975-12-31"], ["vostok-1", "soyuz-19", "apollo-astp"],
     lambda r: r["crew"] and "1961" <= r["utc"][:4] <= "1975"),
    (["--uncrewed"], ["progress-1", "progress-ms-31"], lambda r: not r["crew"]),
    (["--vehicle", "soyuz-2.1a"], ["soyuz-ms-26", "soyuz-ms-27", "progress-ms-31"],
     lambda r: r["vehicle"] == "Soyuz-2.1a"),
    (["--program", "Crew Dragon"], ["crew-10", "crew-11"], lambda r: r["program"] == "Crew Dragon"),
    (["--search", "92p"], ["progress-ms-31"], lambda r: True),
    (["--person", "Рыжиков"], ["soyuz-ms-27"], lambda r: "sergey-ryzhikov" in r["crew"]),
])
def test_filters(cli, args, ids, rule):
    result = cli("list", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    got = [r["id"] for r in rows]
    assert [i for i in got if i in ids] == ids
    assert all(rule(r) for r in rows)
    assert [r["utc"] for r in rows] == sorted(r["utc"] for r in rows)


@pytest.mark.parametrize("args, ids", [
    (["--site", "Baikonur Cosmodrome", "--from", "2024-01-01", "--limit", "1"], ["soyuz-ms-26"]),
    (["--year", "2025", "--sort", "name", "--program", "soyuz"], ["soyuz-ms-27"]),
    (["--year", "2025", "--site", "baikonur", "--sort", "name"], ["progress-ms-31", "soyuz-ms-27"]),
    (["--year", "1960"], []),
])
def test_exact_listings(cli, args, ids):
    assert [r["id"] for r in json.loads(cli("--data", SNAPSHOT, "list", *args, "-f", "json").stdout)] == ids


def test_no_match_is_empty_and_exit_0(cli):
    result = cli("list", "--search", "no such thing", "-f", "tsv", "--no-header")
    assert result.exit_code == 0
    assert result.stdout == ""


@pytest.mark.parametrize("args, words", [
    (["--crewed", "--uncrewed"], "--crewed and --uncrewed exclude each other"),
    (["--from", "2025-02-01", "--to", "2025-01-01"], "ends (2025-01-01) before it starts (2025-02-01)"),
    (["--from", "2025-13-01"], "--from: '2025-13-01' is not a date"),
    (["--format", "press"], "'press'"),
    (["--format", "ics"], "'ics'"),
    (["--sort", "weight"], "unknown sort key 'weight'"),
    (["--year", "2025", "--from", "2025-01-01"], "--year and --from/--to exclude each other"),
])
def test_bad_filters_exit_2(cli, args, words):
    result = cli("list", *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert result.stdout == ""


def test_unknown_site_exit_1_with_suggestion(cli):
    result = cli("list", "--site", "baikonr")
    assert result.exit_code == 1
    assert "did you mean baikonur" in result.stderr


def test_list_pipes_into_launch(cli):
    ids = cli("list", "--search", "soyuz", "-f", "tsv").stdout
    ids = "".join(line.split("\t")[0] + "\n" for line in ids.splitlines())
    result = cli("launch", "-", "-f", "jsonl", input=ids)
    assert result.exit_code == 0, result.stderr
    got = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert got == [line for line in ids.splitlines()[1:]]
    assert "soyuz-ms-27" in got


def test_sites_lists_every_active_site(cli):
    rows = parse("tsv", cli("sites").stdout)
    zones = {r["id"]: r["zone"] for r in rows}
    assert zones["baikonur"] == "Asia/Qyzylorda"
    assert zones["vostochny"] == "Asia/Yakutsk"
    assert zones["starbase"] == "America/Chicago"
    assert zones["kourou"] == "America/Cayenne"
    assert len(zones) >= 17


def test_table_on_request_has_no_colour_with_no_color(cli):
    result = cli("list", "--year", "2025", "-f", "table", env={"NO_COLOR": "1"})
    assert "progress-ms-31" in result.stdout
    assert "\x1b[" not in result.stdout


def test_library_filter():
    launches = filter_launches(load(), LaunchFilter(crewed=False))
    assert all(not x.crew for x in launches)


# --- real processes: pipes, colour, completion -------------------------------------------

def run(args, **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "ALMANAC_DATA")}
    env.update(kwargs.pop("env", {}))
    return subprocess.run([sys.executable, "-m", "almanac", *args], capture_output=True, text=True,
                          env=env, **kwargs)


def test_head_closing_the_pipe_prints_no_traceback(tmp_path):
    # Many lines, so the writer is still writing when `head` has gone.
    big = tmp_path / "big.yaml"
    from tests.conftest import MINIMAL_DATASET

    head, launch = MINIMAL_DATASET.split("launches:\n")
    many = "".join(launch.replace("test-1", f"test-{i}").replace("Test 1", f"Test {i}")
                   .replace("[T1]", f"[T{i}]") for i in range(3000))
    big.write_text(head + "launches:\n" + many)
    proc = subprocess.run(f"{sys.executable!r} -m almanac --data {str(big)!r} list | head -1",  # noqa: S602
                          shell=True, capture_output=True, text=True)  # a real shell pipe
    assert proc.stdout.startswith("id\t")
    assert proc.stderr == ""


def test_no_color_environment_on_a_terminal_like_table():
    result = run(["launch", "progress-ms-31", "-f", "table"], env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout


def test_colour_only_when_forced_and_not_with_no_color():
    coloured = run(["launch", "progress-ms-31", "-f", "table"], env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.stdout
    plain = run(["--no-color", "launch", "progress-ms-31", "-f", "table"], env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in plain.stdout


@pytest.mark.parametrize("words, expected", [
    ("almanac launch progress-ms-3", ["progress-ms-30", "progress-ms-31"]),
    (f"almanac --data {SNAPSHOT} launch soyuz-ms", ["soyuz-ms-26", "soyuz-ms-27"]),
    ("almanac list --site vo", ["vostochny"]),
])
def test_completion_of_a_partial_id(words, expected):
    result = run([], env={"_ALMANAC_COMPLETE": "complete_bash", "COMP_WORDS": words,
                          "COMP_CWORD": str(len(words.split()) - 1)})
    assert result.stdout.split() == expected

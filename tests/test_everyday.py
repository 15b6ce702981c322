"""Everyday use (issue 18): --output on every command that writes, standard input and output
as '-', a csv that spreadsheets open right, and help that says what it takes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("args", "check"), [
    (("list", "--year", "1969"), lambda text: text.startswith("id\tname\t") and "apollo-11\t" in text),
    (("sites", "-f", "csv"), lambda text: text.startswith("id,name,country,zone\n")),
    (("zones", "-f", "jsonl"), lambda text: json.loads(text.splitlines()[0])["name"]),
    (("launch", "apollo-11", "-f", "json"), lambda text: json.loads(text)["id"] == "apollo-11"),
    (("launch", "apollo-11", "-f", "text"), lambda text: text.startswith("Apollo 11 (apollo-11)\n")),
    (("person", "Gagarin"), lambda text: text.startswith("Yuri Gagarin\n")),
    (("person", "Gagarin", "-f", "json"), lambda text: json.loads(text)["id"] == "yuri-gagarin"),
    (("crew", "apollo-11", "-f", "tsv"), lambda text: "neil-armstrong" in text),
    (("convert", "2025-07-03 19:32Z", "-f", "press"),
     lambda text: text == "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 12:32 a.m. local time on July 4)\n"),
    (("convert", "2025-07-03 19:32Z", "-f", "json"), lambda text: json.loads(text)["utc"] == "2025-07-03T19:32Z"),
])
def test_every_command_that_writes_takes_output(cli, tmp_path, args, check):
    target = tmp_path / "out.txt"
    result = cli(*args, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert check(text), text
    # '-' is standard output: the same text
    to_stdout = cli(*args, "-o", "-")
    assert to_stdout.exit_code == 0 and to_stdout.stdout == text


@pytest.mark.parametrize("args", [("list", "-f", "table"), ("launch", "apollo-11", "-f", "table"),
                                  ("person", "Gagarin", "-f", "table")])
def test_a_table_is_not_written_to_a_file(cli, tmp_path, args):
    target = tmp_path / "out.txt"
    result = cli(*args, "-o", str(target))
    assert result.exit_code == 2 and "a table is for a terminal" in result.stderr
    assert not target.exists()


def test_data_dash_reads_the_dataset_from_standard_input():
    dataset = (ROOT / "data" / "missions.yaml").read_bytes()
    done = subprocess.run([sys.executable, "-m", "almanac", "--data", "-", "launch", "progress-ms-31",
                           "-f", "json"], input=dataset, capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["utc"] == "2025-07-03T19:32:40Z"


def test_excel_is_csv_with_a_byte_order_mark_and_crlf(cli, tmp_path):
    target = tmp_path / "soyuz.csv"
    assert cli("list", "--program", "Soyuz", "--year", "1975", "-f", "excel", "-o", str(target)).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,name,") and b"\r\n" in raw
    assert "Союз-19" in raw.decode("utf-8-sig")
    plain = cli("list", "--program", "Soyuz", "--year", "1975", "-f", "csv").stdout
    assert raw.decode("utf-8-sig").replace("\r\n", "\n") == plain


def test_help_lists_every_command_whole_and_leaks_no_types(cli):
    listing = cli("--help", env={"COLUMNS": "80"}).stdout
    commands = listing.split("Commands:", 1)[1]
    assert "..." not in commands  # no summary cut off
    for command in ("launch", "list", "sites", "convert", "zones", "anniversaries", "on", "today",
                    "crew", "person", "validate", "catalog"):
        text = cli(command, "--help", env={"COLUMNS": "100"}).stdout
        assert not re.search(r"<(str|int|int range|path|text|list\[str\])>", text), (command, text)


def test_the_command_table_names_every_command_in_the_order_help_lists_them(cli):
    """COMMAND_MODULES (which module defines which command, for building only the one run)
    must say what the modules define: help lists the table's order, and every command in it
    is defined by its module."""
    from almanac.cli.shared import COMMAND_MODULES

    listing = cli("--help", env={"COLUMNS": "100"}).stdout.split("Commands:", 1)[1]
    listed = [line.split()[0] for line in listing.splitlines() if line.startswith("  ")]
    assert listed == list(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        result = cli(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert f"almanac {name} [OPTIONS]" in result.stdout
    unknown = cli("lst")
    assert unknown.exit_code == 2 and "Did you mean 'list'?" in unknown.stderr


def test_a_command_imports_only_its_own_module():
    """Building every command's options costs more than most commands take: a run imports
    and builds the command it runs, not the others."""
    probe = ("import sys; from almanac.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('almanac.cli.')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, "zones", "-f", "tsv"], capture_output=True, text=True,
                          env={**__import__("os").environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert "Baikonur" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "['almanac.cli.convert', 'almanac.cli.shared']"


@pytest.mark.parametrize("columns", [60, 80])
def test_a_narrow_terminal_never_splits_a_timestamp_or_a_word(cli, columns):
    result = cli("--no-color", "list", "--year", "1969", "--crewed", "-f", "table",
                 env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "1969-07-16T13:32:00Z" in result.stdout  # Apollo 11's launch, whole on one line
    assert "Apollo 11" in result.stdout
    if columns == 60:
        assert "left out at this width: Vehicle, Crew" in " ".join(result.stdout.split())


@pytest.mark.skipif(not (ROOT.parent / "shared" / "catalog" / "launchlog-2024-12-08.tsv").is_file(),
                    reason="GCAT's launch log is not beside the repository")
def test_catalog_import_reads_standard_input(tmp_path):
    launchlog = ROOT.parent / "shared" / "catalog" / "launchlog-2024-12-08.tsv"
    env = {**__import__("os").environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "almanac", "catalog", "import", "-"],
                          input=launchlog.read_bytes(), capture_output=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    status = subprocess.run([sys.executable, "-m", "almanac", "catalog", "status"], capture_output=True,
                            text=True, cwd=ROOT, env=env, timeout=120)
    assert "Launch log:     standard input" in status.stdout, status.stdout

"""Hardening: hostile datasets and command lines (the corpus under tests/corpus/), YAML bombs
and tags, the size limit, atomic writes, and terminal safety. See docs/safety.md."""

from __future__ import annotations

import errno
import io
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import almanac.cli.anniversaries as anniversaries_cli
from almanac import DatasetError, load
from almanac.cli import app
from almanac.dataset.loader import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
GOOD = CORPUS / "good.yaml"
ENV = {"ALMANAC_TODAY": "2025-07-04", "ALMANAC_NO_CACHE": "1", "COLUMNS": "250", "NO_COLOR": "1"}
# What a terminal obeys rather than shows: C0 (but tab and newline), DEL, C1, the bidirectional
# controls and the line separators (almanac.domain.text.CONTROL_CHARACTERS).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Any:
    """The CLI in-process; whatever happens must end as a program ends, never a traceback."""
    result = CliRunner().invoke(app, list(args), input=stdin, env={**ENV, **(env or {})},
                                catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr
    return result


def run_process(*args: str, timeout: float = 10, env: dict[str, str] | None = None):
    """almanac in a real process from this source tree (for crashes and time bounds)."""
    return subprocess.run(
        [sys.executable, "-m", "almanac", *args], capture_output=True, text=True, timeout=timeout,
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **ENV, **(env or {})})


def read_table(name: str, columns: int) -> list[list[str]]:
    rows = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) >= columns, line
        rows.append(cells)
    return rows


def maybe_xfail(cells: list[str], at: int) -> list[Any]:
    extra = cells[at] if len(cells) > at else ""
    if extra.startswith("xfail:"):
        return [pytest.mark.xfail(strict=True, reason=extra[len("xfail:"):].strip())]
    return []


# --- the corpus of bad datasets -----------------------------------------------------------

DATASET_CASES = [pytest.param(c[0], int(c[1]), c[2], c[3], id=c[0], marks=maybe_xfail(c, 5))
                 for c in read_table("datasets.tsv", 5)]


def test_the_corpus_is_big_enough_and_complete():
    files = {p.name for p in (CORPUS / "datasets").iterdir()}
    listed = [c[0] for c in read_table("datasets.tsv", 5)]
    assert len(listed) == len(set(listed)) >= 50
    assert set(listed) == files, "every corpus file has one expectation line, and the reverse"
    assert len(read_table("commands.tsv", 3)) >= 50


@pytest.mark.parametrize(("name", "code", "line", "words"), DATASET_CASES)
def test_bad_dataset(name, code, line, words):
    path = CORPUS / "datasets" / name
    result = run("--data", str(path), "launch", "test-1")
    where = f"almanac: {path}:{line}: " if line != "-" else f"almanac: {path}: "
    assert (result.exit_code, result.stderr[:len(where)]) == (code, where), result.stderr
    if words != "*":
        assert result.stderr[len(where):].startswith(words), result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert not CONTROL.search(result.stderr), result.stderr


VALIDATE_CASES = [pytest.param(c[0], id=c[0], marks=maybe_xfail(c, 5) if "records()" not in c[-1] else [])
                  for c in read_table("datasets.tsv", 5)]


@pytest.mark.parametrize("name", VALIDATE_CASES)
def test_validate_lists_problems_of_a_bad_dataset(name):
    """`validate` never crashes either: problems, each naming the file, then a count."""
    path = CORPUS / "datasets" / name
    result = run("validate", str(path))
    assert result.exit_code == 3, result.stderr
    *problems, summary = result.stderr.splitlines()
    assert problems and all(p.startswith(f"{path}") for p in problems), result.stderr
    assert summary.startswith(f"almanac: {path}: {len(problems)} problem"), result.stderr
    assert not CONTROL.search(result.stderr), result.stderr


# --- the corpus of bad command lines ------------------------------------------------------

COMMAND_CASES = [pytest.param(c[0], int(c[1]), c[2], id=c[0], marks=maybe_xfail(c, 3))
                 for c in read_table("commands.tsv", 3)]


@pytest.mark.parametrize(("argv", "code", "words"), COMMAND_CASES)
def test_bad_command_line(monkeypatch, argv, code, words):
    monkeypatch.chdir(CORPUS)  # the lines name datasets/... and good.yaml relative to it
    result = run("--data", "good.yaml", *shlex.split(argv))
    assert result.exit_code == code, result.stderr
    assert result.stderr.startswith(words), result.stderr
    assert not CONTROL.search(result.stderr), result.stderr


# --- YAML bombs, deep nesting, the size limit ---------------------------------------------


def test_billion_laughs_is_refused_not_expanded(tmp_path):
    # 20 levels of 20 aliases: 20**20 strings if it were expanded.
    lines = ["l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 20)}]" for i in range(1, 21)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n" + GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    done = run_process("--data", str(path), "sites", timeout=10)  # a generous bound, not a benchmark
    assert done.returncode == 3, done.stderr
    assert re.fullmatch(rf"almanac: {re.escape(str(path))}:\d+: YAML aliases \(\*name\) are not "
                        r"allowed in a dataset\n", done.stderr), done.stderr


def test_very_deep_flow_nesting_is_refused_without_crashing(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("schema_version: 1\nsites: " + "[" * 100_000 + "]" * 100_000 + "\n")
    done = run_process("--data", str(path), "sites", timeout=10)
    assert done.returncode == 3, (done.returncode, done.stderr[-300:])
    assert done.stderr.startswith(f"almanac: {path}") and "nested" in done.stderr


def test_a_dataset_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:  # sparse: no 64 MiB written, and never read
        f.truncate(DEFAULT_MAX_BYTES + 1)
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024
    result = run("--data", str(path), "sites")
    assert result.exit_code == 3
    assert result.stderr == (f"almanac: {path}: {DEFAULT_MAX_BYTES + 1} bytes is over the "
                             f"{DEFAULT_MAX_BYTES}-byte limit for a dataset (raise it with --max-bytes)\n")


def test_the_library_takes_a_size_limit():
    size = GOOD.stat().st_size
    assert load(GOOD, max_bytes=size, cache=False).launches
    with pytest.raises(DatasetError, match=f"{size} bytes is over the {size - 1}-byte limit"):
        load(GOOD, max_bytes=size - 1, cache=False)


def test_max_bytes_option_sets_the_limit():
    size = GOOD.stat().st_size
    assert run("--max-bytes", str(size), "--data", str(GOOD), "sites").exit_code == 0
    refused = run("--max-bytes", str(size - 1), "--data", str(GOOD), "sites")
    assert refused.exit_code == 3
    assert f"over the {size - 1}-byte limit" in refused.stderr


def test_validate_honours_max_bytes():
    size = GOOD.stat().st_size
    refused = run("--max-bytes", str(size - 1), "validate", str(GOOD))
    assert refused.exit_code == 3
    assert f"over the {size - 1}-byte limit" in refused.stderr


@pytest.mark.parametrize("value", ["-5", "lots", "1.5"])
def test_max_bytes_refuses_values_that_are_not_sizes(value):
    result = run("--max-bytes", value, "--data", str(GOOD), "sites")
    assert result.exit_code == 2
    assert result.stderr.startswith("almanac: ") and "--max-bytes" in result.stderr
    assert "No such option" not in result.stderr  # the option exists, and refuses the value


# --- YAML tags that would run code --------------------------------------------------------

HOSTILE_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w').write('ran')\"]",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "!!python/name:os.system",
]


@pytest.mark.parametrize("tag", HOSTILE_TAGS, ids=lambda t: t.split()[0])
@pytest.mark.parametrize("command", [("sites",), ("validate",)])
def test_python_tags_are_refused_and_nothing_of_them_runs(monkeypatch, tmp_path, tag, command):
    marker = tmp_path / "ran"
    calls: list[Any] = []
    for name in ("system", "popen", "execv", "execve", "posix_spawn"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, lambda *a, **k: calls.append(a))
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a))
    text = GOOD.read_text(encoding="utf-8").replace(
        "vehicle: Falcon 9", "vehicle: " + tag.format(marker=marker))
    path = tmp_path / "tagged.yaml"
    path.write_text(text, encoding="utf-8")
    args = ("--data", str(path), "sites") if command == ("sites",) else ("validate", str(path))
    result = run(*args)
    assert result.exit_code == 3
    assert "YAML tag 'tag:yaml.org,2002:python/" in result.stderr
    assert "is not allowed (a dataset is plain data)" in result.stderr
    assert not marker.exists() and calls == []


# --- atomic writes ------------------------------------------------------------------------


class HalfWriter:
    """A file whose write() puts half of the data on disk and then fails."""

    def __init__(self, real: Any, failure: BaseException):
        self.real, self.failure = real, failure

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise self.failure

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.real.close()


@pytest.fixture
def good_output(tmp_path):
    """A previous good output file, with its own permissions, alone in its folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "anniversaries.json"
    path.write_text('["the previous good file"]\n', encoding="utf-8")
    path.chmod(0o640)
    return path


def fail_writes_with(monkeypatch, failure: BaseException) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(anniversaries_cli.os, "fdopen",
                        lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k), failure))


@pytest.mark.parametrize(("failure", "code", "message"), [
    (OSError(errno.ENOSPC, "No space left on device"), 4, "cannot write: No space left on device"),
    (KeyboardInterrupt(), 130, ""),
], ids=["disk-full", "ctrl-c"])
def test_an_interrupted_output_write_keeps_the_previous_file(monkeypatch, good_output, failure,
                                                             code, message):
    fail_writes_with(monkeypatch, failure)
    result = run("--data", str(GOOD), "anniversaries", "--year", "2025", "--every", "1", "--all",
                 "--output", str(good_output))
    assert result.exit_code == code, result.stderr
    if message:
        assert result.stderr == f"almanac: {good_output}: {message}\n"
    assert good_output.read_text(encoding="utf-8") == '["the previous good file"]\n'
    assert [p.name for p in good_output.parent.iterdir()] == [good_output.name]  # no temp file left


def test_a_failed_rename_leaves_no_temporary_file(monkeypatch, good_output):
    def refuse(*_: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(anniversaries_cli.os, "replace", refuse)
    result = run("--data", str(GOOD), "anniversaries", "--year", "2025", "--output", str(good_output))
    assert result.exit_code == 4
    assert result.stderr == f"almanac: {good_output}: cannot write: Invalid cross-device link\n"
    assert good_output.read_text(encoding="utf-8") == '["the previous good file"]\n'
    assert [p.name for p in good_output.parent.iterdir()] == [good_output.name]


def test_a_successful_write_replaces_the_file_whole_and_keeps_its_mode(good_output):
    result = run("--data", str(GOOD), "anniversaries", "--year", "2025", "--every", "1", "--all",
                 "--output", str(good_output))
    assert result.exit_code == 0, result.stderr
    import json

    rows = json.loads(good_output.read_text(encoding="utf-8"))
    assert rows and {r["launch_id"] for r in rows} >= {"test-1", "test-2"}
    assert stat.S_IMODE(good_output.stat().st_mode) == 0o640
    assert [p.name for p in good_output.parent.iterdir()] == [good_output.name]


def test_the_cache_write_is_atomic(monkeypatch, tmp_path):
    """An entry that fails half-way leaves the previous entry as it was, and no temp file."""
    cache = pytest.importorskip("almanac.dataset.cache")
    dataset = load(GOOD, cache=False)
    raw = GOOD.read_bytes()
    entry = cache.DatasetCache(GOOD, raw, directory=tmp_path)
    assert entry.save(dataset)
    before = entry.path.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(
        real_fdopen(fd, *a, **k), OSError(errno.ENOSPC, "No space left on device")))
    assert entry.save(dataset) is False
    assert entry.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [entry.path.name]


def test_ctrl_c_during_a_cache_write_leaves_no_temporary_file(monkeypatch, tmp_path):
    cache = pytest.importorskip("almanac.dataset.cache")
    dataset = load(GOOD, cache=False)
    entry = cache.DatasetCache(GOOD, GOOD.read_bytes(), directory=tmp_path)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(
        real_fdopen(fd, *a, **k), KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        entry.save(dataset)
    assert list(tmp_path.iterdir()) == []


def test_a_half_written_cache_entry_is_never_used(tmp_path):
    """What an interrupted writer could leave (if rename were not atomic) is ignored."""
    cache_home = tmp_path / "xdg"
    env = {"ALMANAC_NO_CACHE": "", "XDG_CACHE_HOME": str(cache_home)}
    first = run("--data", str(GOOD), "list", "--format", "tsv", env=env)
    assert first.exit_code == 0
    entries = list((cache_home / "almanac").glob("dataset-*.json"))
    if not entries:
        pytest.skip("no dataset cache in this build")
    data = entries[0].read_bytes()
    entries[0].write_bytes(data[: len(data) // 2])
    again = run("--data", str(GOOD), "list", "--format", "tsv", env=env)
    assert (again.exit_code, again.stdout) == (0, first.stdout)


# --- terminal safety ----------------------------------------------------------------------

MARKUP = {
    "name: Test 1": "name: '[bold red]Test 1[/]'",
    "name: Ann Test": "name: '[blink]Ann[/blink] Test'",
    "name: Kennedy Space Center": "name: '[link=https://evil.example]Kennedy[/link]'",
    "name: International Space Station": "name: '[reverse]ISS[/reverse]'",
    "description: a made-up event": "description: '[/] a stray closing tag'",
    "program: Testing": "program: '[on red]Testing'",
}


@pytest.fixture
def markup_dataset(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    for old, new in MARKUP.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("args", "shown"), [
    (("launch", "test-1", "-f", "table"), ["[bold red]Test 1[/]", "[blink]Ann[/blink] Test",
                                            "[link=https://evil.example]Kennedy[/link]", "[on red]Testing"]),
    (("launch", "test-1", "-f", "text"), ["[bold red]Test 1[/]", "[blink]Ann[/blink] Test"]),
    (("launch", "test-3", "-f", "table"), ["[/] a stray closing tag"]),
    (("list", "-f", "table"), ["[bold red]Test 1[/]", "[blink]Ann[/blink] Test"]),
    (("sites", "-f", "table"), ["[link=https://evil.example]Kennedy[/link]"]),
    (("crew", "test-1", "-f", "table"), ["[bold red]Test 1[/]", "[blink]Ann[/blink] Test"]),
    (("crew", "--expedition", "63", "-f", "table"), ["[blink]Ann[/blink] Test", "[bold red]Test 1[/]"]),
    (("crew", "--aboard", "iss", "--on", "2020-11-01", "-f", "table"),
     ["[reverse]ISS[/reverse]", "[blink]Ann[/blink] Test"]),
    (("person", "ann-test", "-f", "table"), ["[blink]Ann[/blink] Test", "[bold red]Test 1[/]"]),
    (("person", "ann-test", "-f", "text"), ["[blink]Ann[/blink] Test"]),
    (("anniversaries", "--year", "2025", "--every", "1", "--all", "-f", "table"), ["[bold red]Test 1[/]"]),
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else None)
def test_markup_in_the_dataset_prints_literally(markup_dataset, args, shown):
    result = run("--data", str(markup_dataset), *args)
    assert result.exit_code == 0, result.stderr
    for text in shown:
        assert text in result.stdout, (text, result.stdout)


HOSTILE = "A\x1b[2JB\x1b]0;title\x07C\x9b31mD\x00E\x08F\rG"
SHOWN = "A\\x1b[2JB\\x1b]0;title\\x07C\\x9b31mD\\x00E\\x08F\\x0dG"


def hostile_launch():
    from almanac.domain.model import Event, Instant, Launch, Person, Seat, Site

    site = Site("kennedy", f"Site {HOSTILE}", "US", "America/New_York")
    person = Person("ann-test", f"Ann {HOSTILE}", "NASA", "US")
    return Launch("test-1", f"Test {HOSTILE}", Instant.parse("2020-05-30T19:22:45Z"), site,
                  "Falcon 9", notes=HOSTILE, crew=(Seat(person, "commander"),),
                  events=(Event("docking", Instant.parse("2020-05-31T14:16Z"), description=HOSTILE),))


def test_render_layers_write_control_characters_out():
    """Whatever the loader lets through, tables and text never send raw escapes."""
    from almanac.output.table import console, render_detail, rows_table
    from almanac.views.detail import detail_text, launch_detail

    detail = launch_detail(hostile_launch())
    text = detail_text(detail)
    assert not CONTROL.search(text) and SHOWN in text

    out = io.StringIO()
    terminal = console(file=out)
    terminal.width = 400
    render_detail(detail, terminal)
    terminal.print(rows_table(["Name"], [[HOSTILE]], title=HOSTILE))
    drawn = out.getvalue()
    assert not CONTROL.search(drawn), repr(drawn)
    assert drawn.count(SHOWN) >= 4


BIDI = "Test \u202e1 tset \u2066x\u2069 \u200f\u2028end"
BIDI_SHOWN = "Test \\u202e1 tset \\u2066x\\u2069 \\u200f\\u2028end"


def test_render_layers_write_bidirectional_controls_out():
    """U+202E reverses what follows it on a terminal: tables and text write it as an escape."""
    from almanac.output.table import console, rows_table
    from almanac.views.detail import Detail, detail_text

    text = detail_text(Detail(BIDI, [("Name", BIDI)]))
    assert not CONTROL.search(text) and text.count(BIDI_SHOWN) == 2
    out = io.StringIO()
    terminal = console(file=out)
    terminal.width = 400
    terminal.print(rows_table(["Name"], [[BIDI]], title=BIDI))
    assert not CONTROL.search(out.getvalue()) and out.getvalue().count(BIDI_SHOWN) == 2


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_machine_formats_write_no_control_character(fmt):
    """Whatever reaches a writer (a forged cache entry, a library caller), json, jsonl, csv
    and tsv on a terminal hold no raw control or bidirectional character; json is the same data."""
    import json

    from almanac.output.formats import Listing, write_listing

    rows = [{"id": "test-1", "name": HOSTILE, "aliases": [BIDI, "\x7f\x85"]}]
    out = io.StringIO()
    write_listing(Listing(("id", "name", "aliases"), rows), fmt, out)
    assert not CONTROL.search(out.getvalue()), repr(out.getvalue())
    if fmt == "json":
        assert json.loads(out.getvalue()) == rows
    elif fmt == "jsonl":
        assert json.loads(out.getvalue()) == rows[0]


def test_a_coloured_terminal_gets_only_almanacs_own_styles():
    from rich.console import Console

    from almanac.output.table import rows_table

    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=300).print(
        rows_table(["Name"], [[HOSTILE]], title="t"))
    drawn = out.getvalue()
    assert "\x1b[2J" not in drawn and "\x1b]0;" not in drawn and "\x9b" not in drawn
    assert SHOWN in drawn


def test_person_text_writes_control_characters_out():
    from almanac.views.detail import Detail, Section, detail_text

    detail = Detail(f"Ann {HOSTILE}", [("Agency", HOSTILE)], [Section("Flights", ["x"] * 7, [[HOSTILE] * 7])])
    text = detail_text(detail)
    assert not CONTROL.search(text) and text.count(SHOWN) >= 4


@pytest.mark.parametrize("value", ["\x1b[2J", "a\x00b", "\x9b31m", "\x07"])
@pytest.mark.parametrize("command", [("launch",), ("person",), ("convert",), ("on",), ("crew",),
                                     ("list", "--search"), ("convert", "2025-07-03 12:00", "--to")])
def test_control_characters_typed_by_a_user_are_not_echoed_raw(command, value):
    result = run("--data", str(GOOD), *command, value)
    assert result.exit_code in (0, 1, 2)
    assert not CONTROL.search(result.stderr) and not CONTROL.search(result.stdout), result.stderr


@pytest.mark.parametrize("value", ['"Test \\e[31m1"', '"Test \\x9b1"', '"Test\\t1\\r"', '"Test \\0"'])
def test_a_dataset_string_with_control_characters_is_refused(tmp_path, value):
    path = tmp_path / "control.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8").replace("name: Test 1", f"name: {value}"),
                    encoding="utf-8")
    result = run("--data", str(path), "launch", "test-1")
    assert result.exit_code == 3
    line = GOOD.read_text(encoding="utf-8").splitlines().index("    name: Test 1") + 1
    # The wording is the lead's to choose; the place (file and line) and the exit code are not.
    assert result.stderr.startswith(f"almanac: {path}:{line}: "), result.stderr
    assert result.stderr.count("\n") == 1 and not CONTROL.search(result.stderr)


# --- other safety nets --------------------------------------------------------------------


def test_a_bom_is_allowed(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes())
    assert run("--data", str(path), "launch", "t1", "-f", "json").exit_code == 0


def test_ctrl_c_in_a_command_exits_130_without_a_traceback(monkeypatch):
    import almanac.domain.queries

    def interrupted(*_: Any, **__: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(almanac.domain.queries, "find_launches", interrupted)
    result = run("--data", str(GOOD), "launch", "test-1")
    assert result.exit_code == 130
    assert result.stdout == ""


def test_an_unexpected_error_is_not_masked_by_the_error_handler(monkeypatch):
    import almanac.domain.queries

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(almanac.domain.queries, "find_launches", broken)
    result = CliRunner().invoke(app, ["--data", str(GOOD), "launch", "test-1"], env=ENV)
    assert isinstance(result.exception, RuntimeError)


def test_launch_with_nothing_on_standard_input_is_a_usage_error():
    result = run("--data", str(GOOD), "launch", "-", stdin="\n\n")
    assert (result.exit_code, result.stderr) == (2, "almanac: no launch ids on standard input\n")

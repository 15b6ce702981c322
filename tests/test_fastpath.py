"""The fast path of `almanac launch` (almanac/fastpath.py) writes exactly what the full typer
CLI writes, or steps aside before writing anything; and it runs without importing typer."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from almanac import fastpath
from almanac.cli import app
from almanac.fastpath import LaunchCall, parse

ROOT = Path(__file__).resolve().parent.parent


def fast(argv: list[str]) -> tuple[int | None, str]:
    """Run the fast path in-process: (exit code or None when it stepped aside, stdout)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = fastpath.run(argv)
    return code, out.getvalue()


def full(argv: list[str]):
    return CliRunner().invoke(app, argv, catch_exceptions=False)


# --- which command lines it takes ------------------------------------------------------------


@pytest.mark.parametrize("argv, call", [
    (["launch", "progress-ms-31"], LaunchCall(ids=["progress-ms-31"])),
    (["launch", "a", "b", "--format", "json"], LaunchCall(ids=["a", "b"], fmt="json")),
    (["launch", "--format=TSV", "a", "--no-header"], LaunchCall(ids=["a"], fmt="tsv", header=False)),
    (["launch", "-f", "press", "a"], LaunchCall(ids=["a"], fmt="press")),
    (["--data", "x.yaml", "--no-cache", "--no-color", "launch", "a"],
     LaunchCall(ids=["a"], data="x.yaml", no_cache=True)),
    (["--data=launch", "launch", "launch"], LaunchCall(ids=["launch"], data="launch")),
])
def test_takes_the_plain_launch_call(argv, call):
    assert parse(argv) == call


@pytest.mark.parametrize("argv", [
    [], ["launch"], ["list"], ["--help"], ["launch", "--help"], ["launch", "-h", "a"],
    ["launch", "-"], ["launch", "--", "a"], ["launch", "a", "--format"],
    ["launch", "a", "--format", "table"], ["launch", "a", "--format", "ics"],
    ["launch", "a", "--format", "bogus"], ["launch", "a", "-fjson"],
    ["launch", "a", "--format", "json", "--format", "tsv"], ["launch", "a", "--header=yes"],
    ["launch", "a", "--header", "--no-header"], ["--max-bytes", "10", "launch", "a"],
    ["--data"], ["--data", "--no-cache", "launch", "a"], ["--data", "x", "--data", "y", "launch", "a"],
    ["--no-cache=1", "launch", "a"], ["--version", "launch", "a"], ["person", "launch", "a"],
])
def test_steps_aside_for_anything_else(argv):
    assert parse(argv) is None


def test_steps_aside_for_errors_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("launches: [\n", encoding="utf-8")
    for argv in (["launch", "no-such-launch"], ["launch", "progress-ms-31", "nope", "--format", "json"],
                 ["--data", str(broken), "launch", "a"],
                 ["--data", str(tmp_path / "missing.yaml"), "launch", "a"],
                 ["--data", "", "launch", "test-1"], ["--data", str(tmp_path), "launch", "test-1"]):
        assert fast(argv) == (None, ""), argv


def test_steps_aside_on_a_terminal_and_during_shell_completion(monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert fastpath.run(["launch", "progress-ms-31"]) is None
    monkeypatch.setenv("_ALMANAC_COMPLETE", "bash_complete")
    assert fastpath.run(["launch", "progress-ms-31", "--format", "json"]) is None


# --- the same output as the full CLI ----------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["launch", "progress-ms-31", "--format", "json"],
    ["launch", "progress-ms-31"],
    ["launch", "92P", "soyuz-ms-27", "--format", "json"],
    ["launch", "progress-ms-31", "vostok-1", "-f", "JSONL"],
    ["launch", "progress-ms-31", "apollo-11", "--format=csv"],
    ["launch", "--no-header", "apollo-11", "--format", "tsv"],
    ["launch", "progress-ms-31", "--format", "press"],
    ["--no-color", "launch", "sts-107", "--format", "text"],
])
def test_same_output_as_the_full_cli(argv):
    code, out = fast(argv)
    result = full(argv)
    assert (code, out) == (result.exit_code, result.stdout) == (0, result.stdout)
    assert out


def test_leaves_the_garbage_collector_as_it_found_it():
    import gc

    assert gc.isenabled()
    fast(["launch", "progress-ms-31", "--format", "json"])
    fast(["launch", "no-such-launch"])
    assert gc.isenabled()


def test_same_output_with_another_dataset_and_no_cache(write_dataset, isolated_cache):
    argv = ["--data", str(write_dataset()), "--no-cache", "launch", "T1", "--format", "json"]
    code, out = fast(argv)
    result = full(argv)
    assert (code, out) == (result.exit_code, result.stdout)
    assert '"id": "test-1"' in out
    assert not isolated_cache.exists()  # --no-cache: nothing written


TOKENS = ["launch", "progress-ms-31", "92P", "vostok-1", "nope", "--format", "-f", "json", "JSON",
          "tsv", "csv", "jsonl", "press", "text", "table", "ics", "--format=json", "--header",
          "--no-header", "--no-color", "--no-cache", "-", "--", "--help", "list"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), max_size=7))
def test_any_command_line_gives_the_full_cli_output_or_is_handed_on(argv):
    code, out = fast(argv)
    if code is None:
        assert out == ""  # stepped aside before writing
        return
    result = full(argv)
    assert (code, out) == (result.exit_code, result.stdout)
    assert result.stderr == ""


# --- as installed: a process of its own --------------------------------------------------------


def almanac(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "almanac", *args],
                          capture_output=True, text=True, env=env, **kwargs)


def imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines()
            if line.startswith("import time:")}


def test_the_fast_call_does_not_import_typer_and_other_calls_do():
    done = almanac("launch", "progress-ms-31", "--format", "json")
    assert done.returncode == 0 and '"id": "progress-ms-31"' in done.stdout
    assert "typer" not in imported(done.stderr) and "rich" not in imported(done.stderr)
    handed_on = almanac("launch", "no-such-launch", "--format", "json")
    assert handed_on.returncode == 1 and handed_on.stdout == ""
    assert "typer" in imported(handed_on.stderr)
    assert [line for line in handed_on.stderr.splitlines() if not line.startswith("import time:")] == [
        "almanac: no launch matches 'no-such-launch'"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["launch", "progress-ms-31", "--format", "json"],  # fast path
                                  ["list", "--format", "tsv"]])  # full CLI
def test_a_full_disk_is_one_line_and_exit_code_4(args):
    with open("/dev/full", "w") as sink:
        done = subprocess.run([sys.executable, "-m", "almanac", *args], stdout=sink, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 4
    assert done.stderr == "almanac: cannot write to standard output: No space left on device\n"


def test_the_entry_point_still_refuses_unknown_zones():
    # The entry point turns off pytz's check that every zone file exists (PYTZ_SKIPEXISTSCHECK);
    # a name that is not a zone must still be refused, and a real one found.
    env = {k: v for k, v in os.environ.items() if k != "PYTZ_SKIPEXISTSCHECK"}
    env["PYTHONPATH"] = str(ROOT)
    bad = subprocess.run([sys.executable, "-m", "almanac", "convert", "2025-07-03 19:32 UTC", "--to",
                          "Mars/Olympus"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2
    assert bad.stderr == "almanac: unknown time zone 'Mars/Olympus' (see 'almanac zones')\n"
    good = subprocess.run([sys.executable, "-m", "almanac", "convert", "2025-07-03 19:32 UTC", "--to",
                           "Asia/Qyzylorda", "--format", "tsv"], capture_output=True, text=True, env=env)
    assert good.returncode == 0 and "2025-07-04T00:32+05:00" in good.stdout


@pytest.mark.parametrize("args", [["launch", "progress-ms-31", "--format", "json"],  # fast path
                                  ["list", "--year", "1990", "--format", "tsv"]])  # full CLI
def test_the_entry_point_runs_without_the_cyclic_collector(args):
    # An exit handler registered before main() runs after main's own (they run last in, first
    # out): by then every object must be frozen, so the interpreter's final collection skips
    # them. Output and exit code are as without it.
    script = ("import atexit, gc, sys\n"
              "atexit.register(lambda: sys.stderr.write(f'{gc.isenabled()} {gc.get_freeze_count()}\\n'))\n"
              "from almanac.fastpath import main\n"
              f"sys.argv = ['almanac', *{args!r}]\n"
              "main()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout == full(args).stdout
    collecting, frozen = done.stderr.split()
    assert collecting == "False"  # the collector stays off in the CLI's own process
    assert int(frozen) > 10_000

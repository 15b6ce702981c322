"""Faults and hostile inputs, each through a real process (issue 19): what an attack test broke,
and the class behind each case. See docs/safety.md; the corpora hold more of each class."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
GOOD = CORPUS / "good.yaml"
ENV = {"ALMANAC_TODAY": "2025-07-04", "COLUMNS": "200", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
# What a terminal obeys rather than shows: C0 (but tab and newline), DEL, C1, the
# bidirectional controls and the line separators (almanac.domain.text.CONTROL_CHARACTERS).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
TIMEOUT = 120  # a generous bound on any one process: a hang fails, a slow machine does not


def almanac(*args: str, env: dict[str, str] | None = None, stdin: bytes = b"",
            timeout: float = TIMEOUT, **popen: object) -> subprocess.CompletedProcess[bytes]:
    """`python -m almanac ARGS` in a real process; stdout and stderr as bytes."""
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **popen}
    return subprocess.run([sys.executable, "-m", "almanac", *args], input=stdin, timeout=timeout,
                          env={**os.environ, **ENV, **(env or {})}, cwd=ROOT, check=False, **options)


def one_line(stderr: bytes) -> str:
    """The one line a failure prints: no traceback, no control character."""
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and text.count("\n") == 1 and text.startswith("almanac: "), text
    assert not CONTROL.search(text), text
    return text


def dataset_with(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """good.yaml with each (old, new) edit made once."""
    text = GOOD.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- text is the text written ---------------------------------------------------------------


def test_yaml_1_1_numbers_and_times_stay_the_text_written(tmp_path):
    path = dataset_with(tmp_path, "typed.yaml",
                        ("    vehicle: Falcon 9\n",
                         "    vehicle: Falcon 9\n    pad: 12:30\n    spacecraft: 017\n"),
                        ("aliases: [T1]", "aliases: [T1, 1.10]"), ("program: Testing", "program: 1_000"),
                        ("    name: Test 1\n", "    name: 0x1F\n"))
    checked = almanac("validate", str(path))
    assert checked.returncode == 0, checked.stderr
    shown = almanac("--data", str(path), "launch", "test-1", "-f", "json")
    assert shown.returncode == 0, shown.stderr
    record = json.loads(shown.stdout)
    assert (record["pad"], record["spacecraft"], record["aliases"], record["program"], record["name"]) == (
        "12:30", "017", ["T1", "1.10"], "1_000", "0x1F")
    text = almanac("--data", str(path), "launch", "0x1f", "-f", "text").stdout.decode()
    assert "0x1F (test-1)" in text and "Kennedy Space Center, 12:30 (US)" in text
    assert "Spacecraft:   017" in text and "Aliases:      T1, 1.10" in text and "Program:      1_000" in text


# --- datasets: the hostile cases, through a real process (the corpus holds them too) ----------

BAD_DATASETS = {
    # a station whose id is a launch's: an event's target silently resolved to the station
    "ref-station-id-is-launch-id.yaml": (52, "launches[1] (test-2).id: 'test-2' is also a station's id"),
    "control-bidi-override.yaml": (24, "bidirectional control U+202E in text"),
    "time-year-1.yaml": (39, "launches[0] (test-1).utc: '0001-01-01T00:00:00Z' is outside the years"),
    "time-year-9999.yaml": (69, "launches[2] (test-3).utc: '9999-12-31T23:00Z' is outside the years"),
    "time-month-december-9999.yaml": (74, "launches[2] (test-3).events[0].utc: '9999-12' is outside"),
    "time-fullwidth-digits.yaml": (39, "launches[0] (test-1).utc: '２０２０-05-30T19:22:45Z' is not a UTC"),
    "type-expeditions-5000-digits.yaml": (42, "launches[0] (test-1).expeditions[0]: expected a positive"),
}


@pytest.mark.parametrize("name", sorted(BAD_DATASETS))
def test_a_hostile_dataset_is_refused_naming_its_line(name):
    line, words = BAD_DATASETS[name]
    path = CORPUS / "datasets" / name
    for args in (("--data", str(path), "launch", "test-1"), ("--data", str(path), "list", "-f", "tsv")):
        done = almanac(*args)
        assert done.returncode == 3 and done.stdout == b"", done.stderr
        assert one_line(done.stderr).startswith(f"almanac: {path}:{line}: {words}")
    checked = almanac("validate", str(path))
    assert checked.returncode == 3 and f"{path}:{line}: {words}" in checked.stderr.decode()


# --- cache entries: faults and forgeries ------------------------------------------------------


@pytest.fixture
def cached(tmp_path):
    """A dataset whose cache entry a first run wrote; returns (dataset, entry, expected json)."""
    cache = tmp_path / "xdg-cache"
    env = {"XDG_CACHE_HOME": str(cache)}
    first = almanac("--data", str(GOOD), "launch", "test-1", "-f", "json", env=env)
    assert first.returncode == 0, first.stderr
    (entry,) = (cache / "almanac").glob("dataset-*.json")
    return env, entry, first.stdout


def _forge(entry: Path, change) -> None:
    """The entry's body changed by ``change`` with its length and checksum made right again:
    what a deliberate forgery (or a corrupt disk and a lucky hash) gives."""
    head, body = entry.read_bytes().split(b"\n", 1)
    record = json.loads(body)
    change(record)
    body = json.dumps(record, separators=(",", ":"), ensure_ascii=True).encode()
    header = {**json.loads(head), "length": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _set_launch_time(seconds: int):
    return lambda record: record["launches"][0].__setitem__(2, [seconds, 3])


FORGERIES = {
    "seconds-out-of-range": _set_launch_time(10**15),
    "year-1": _set_launch_time(int(datetime(1, 1, 1, tzinfo=UTC).timestamp())),
    "year-9999": _set_launch_time(int(datetime(9999, 12, 31, 23, tzinfo=UTC).timestamp())),
    "unknown-zone": lambda record: record["sites"][1].__setitem__(3, "Mars/Olympus_Mons"),
    "escape-and-osc-8-in-a-name": lambda record: record["launches"][0].__setitem__(
        1, "Test 1\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x1b[2J"),
    "bidi-override-in-a-name": lambda record: record["launches"][0].__setitem__(1, "Test \u202e1 tset"),
    "c1-csi-in-an-alias": lambda record: record["launches"][0].__setitem__(5, ["T1\x9b31m"]),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
@pytest.mark.parametrize("args", [("launch", "test-1", "-f", "json"), ("list", "-f", "tsv"),
                                  ("list", "-f", "csv"), ("launch", "test-1", "-f", "text")],
                         ids=lambda a: " ".join(a))
def test_a_forged_cache_entry_is_removed_and_the_yaml_read_again(cached, name, args):
    env, entry, _ = cached
    expected = almanac("--data", str(GOOD), "--no-cache", *args)
    assert expected.returncode == 0, expected.stderr
    _forge(entry, FORGERIES[name])
    done = almanac("--data", str(GOOD), *args, env=env)
    assert (done.returncode, done.stdout) == (0, expected.stdout), done.stderr
    assert not CONTROL.search(done.stdout.decode())
    assert re.fullmatch(rf"almanac: note: cache entry {re.escape(str(entry))} did not rebuild \(\w+\); "
                        r"it was removed and the dataset read again\n", one_line(done.stderr))
    again = almanac("--data", str(GOOD), *args, env=env)  # rebuilt: no note the second time
    assert (again.returncode, again.stdout, again.stderr) == (0, expected.stdout, b"")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_cache_entry_replaced_by_a_fifo_is_not_waited_on(cached):
    env, entry, expected = cached
    entry.unlink()
    os.mkfifo(entry)
    done = almanac("--data", str(GOOD), "launch", "test-1", "-f", "json", env=env, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, b"")
    assert stat.S_ISREG(entry.lstat().st_mode)  # a regular entry written in its place


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_cache_entry_that_is_a_link_to_a_device_is_not_followed(cached, target):
    env, entry, expected = cached
    entry.unlink()
    entry.symlink_to(target)
    done = almanac("--data", str(GOOD), "launch", "test-1", "-f", "json", env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, b"")
    assert not entry.is_symlink() and stat.S_ISREG(entry.lstat().st_mode)


# --- sizes: --max-bytes, numbers, arguments ---------------------------------------------------


def test_max_bytes_is_capped_before_anything_is_read():
    done = almanac("--max-bytes", "1000000000000", "--data", "/dev/zero", "list")
    assert done.returncode == 2
    assert one_line(done.stderr) == ("almanac: --max-bytes: at most 1073741824 bytes (1 GiB); a dataset is "
                                     "read whole into memory\n")
    assert almanac("--max-bytes", "1073741825", "sites").returncode == 2


def test_an_endless_device_is_read_up_to_the_limit_and_refused():
    done = almanac("--data", "/dev/zero", "--max-bytes", "3000000", "sites")
    assert done.returncode == 3
    assert one_line(done.stderr) == ("almanac: /dev/zero: more than 3000000 bytes, over the limit for a "
                                     "dataset (raise it with --max-bytes)\n")


def test_a_huge_sparse_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "sparse.yaml"
    with path.open("wb") as f:  # 2 GB that take no disk and are never read
        f.truncate(2 * 1024**3)
    done = almanac("--max-bytes", "1073741824", "--data", str(path), "sites")
    assert done.returncode == 3
    assert one_line(done.stderr) == (f"almanac: {path}: 2147483648 bytes is over the 1073741824-byte limit "
                                     "for a dataset (raise it with --max-bytes)\n")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("list", "--search", "a" * 128_000), 2, "almanac: the value of --search is 128000 characters long; "
                                              "almanac takes at most 4096\n"),
    (("list", "--search=" + "b" * 5000), 2, "almanac: the value of --search is 5000 characters long; "
                                            "almanac takes at most 4096\n"),
    (("launch", "c" * 5000), 2, "almanac: argument 4 is 5000 characters long; almanac takes at most 4096 "
                                "(many launch ids go on standard input: almanac launch -)\n"),
    (("crew", "--expedition", "9" * 5000), 2, "almanac: the value of --expedition is 5000 characters long; "
                                              "almanac takes at most 4096\n"),
    (("anniversaries", "--milestones", "9" * 5000), 2, "almanac: the value of --milestones is 5000 "
                                                       "characters long; almanac takes at most 4096\n"),
    (("anniversaries", "--milestones", "9" * 4000), 2,
     f"almanac: --milestones '{'9' * 40}...': '{'9' * 40}...' is not a whole number of years from 1 to "
     "9999\n"),
    (("crew", "--expedition", "9" * 4000), 1, "almanac: no one in the dataset served on Expedition "
                                              "99999999999999999999... (4000 digits) (the dataset has crews "
                                              "for expeditions 63)\n"),
    (("anniversaries", "--year", "9" * 4000), 2, "almanac: --year 99999999999999999999... (4000 digits) is "
                                                 "outside 1957-9999\n"),
], ids=["search-128k", "search-equals", "launch-id", "expedition-5000", "milestones-5000",
        "milestones-4000", "expedition-4000", "year-4000"])
def test_an_argument_of_thousands_of_characters_gets_one_short_line(args, code, message):
    done = almanac("--data", str(GOOD), *args)
    assert done.returncode == code and done.stdout == b""
    assert one_line(done.stderr) == message


# --- calendar edges -----------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "9991-01-01"])
def test_crew_aboard_at_the_ends_of_the_calendar_is_a_usage_error(day):
    done = almanac("--data", str(GOOD), "crew", "--aboard", "iss", "--on", day)
    assert done.returncode == 2
    assert one_line(done.stderr) == f"almanac: --on {day}: a dataset's times lie in 1900-9990\n"


@pytest.mark.parametrize("day", ["1900-01-01", "9990-12-31"])
def test_crew_aboard_at_the_ends_of_the_dataset_years_answers(day):
    done = almanac("--data", str(GOOD), "crew", "--aboard", "iss", "--on", day, "-f", "tsv")
    assert done.returncode == 0 and done.stdout.startswith(b"station\tdate\t"), done.stderr


@pytest.mark.parametrize("fmt", ["table", "ics"])
def test_a_table_or_calendar_of_eight_thousand_years_is_refused(fmt):
    done = almanac("--data", str(GOOD), "anniversaries", "--all", "--from", "1958-01-01",
                   "--to", "9999-12-31", "-f", fmt)
    assert done.returncode == 2 and done.stdout == b""
    what = "a table" if fmt == "table" else "a calendar (ics)"
    assert one_line(done.stderr) == (f"almanac: --from 1958-01-01 --to 9999-12-31 spans 8042 years; {what} "
                                     "covers at most 100 (json, jsonl, csv and tsv are written as they "
                                     "are found, for any range)\n")


def test_eight_thousand_years_of_anniversaries_stream_in_bounded_memory():
    """The attack test's run grew until MemoryError; rows are now written as they are found.
    Under a 1 GiB address-space limit, the first 20 MB arrive and the reader leaves (141)."""
    resource = pytest.importorskip("resource")

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    command = [sys.executable, "-m", "almanac", "anniversaries", "--all", "--from", "1958-01-01",
               "--to", "9999-12-31", "-f", "tsv"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                           env={**os.environ, **ENV}, preexec_fn=limit_memory)
    try:
        read = 0
        while read < 20_000_000:
            chunk = run.stdout.read(1 << 16)
            if not chunk:
                break
            read += len(chunk)
        run.stdout.close()
        err = run.stderr.read()
        run.wait(timeout=TIMEOUT)
    finally:
        run.kill()
    assert (read >= 20_000_000, run.returncode, err) == (True, 141, b"")


def test_eight_thousand_years_with_a_rare_milestone_run_to_the_end():
    done = almanac("--data", str(GOOD), "anniversaries", "--all", "--from", "1958-01-01",
                   "--to", "9999-12-31", "--milestones", "5000", "-f", "tsv")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.decode().splitlines()
    assert rows[0].startswith("date\t") and {r.split("\t")[2] for r in rows[1:]} == {"5000"}


# --- -o PATH, by what PATH is ---------------------------------------------------------------

ANNIVERSARIES = ("--data", str(GOOD), "anniversaries", "--year", "2025", "--every", "1", "--all")


@pytest.fixture
def expected_json():
    done = almanac(*ANNIVERSARIES, "-f", "json")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_o_replaces_a_regular_file_keeping_its_mode(tmp_path, expected_json):
    out = tmp_path / "out.json"
    out.write_text("old\n")
    out.chmod(0o640)
    done = almanac(*ANNIVERSARIES, "-o", str(out))
    assert (done.returncode, done.stderr) == (0, b"")
    assert out.read_bytes() == expected_json and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_o_creates_a_new_file(tmp_path, expected_json):
    done = almanac(*ANNIVERSARIES, "-o", str(tmp_path / "new.json"))
    assert done.returncode == 0 and (tmp_path / "new.json").read_bytes() == expected_json


@pytest.mark.parametrize("link", ["absolute", "relative", "chain"])
def test_o_follows_a_symlink_and_replaces_its_target(tmp_path, expected_json, link):
    target = tmp_path / "data" / "target.json"
    target.parent.mkdir()
    target.write_text("old\n")
    target.chmod(0o604)
    (tmp_path / "links").mkdir()
    path = tmp_path / "links" / "out.json"
    if link == "absolute":
        path.symlink_to(target)
    elif link == "relative":
        path.symlink_to(Path("..") / "data" / "target.json")
    else:
        (tmp_path / "links" / "middle.json").symlink_to(target)
        path.symlink_to("middle.json")
    done = almanac(*ANNIVERSARIES, "-o", str(path))
    assert (done.returncode, done.stderr) == (0, b"")
    assert path.is_symlink() and target.read_bytes() == expected_json
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert sorted(p.name for p in target.parent.iterdir()) == ["target.json"]


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_o_refuses_a_read_only_file_even_as_root(tmp_path, mode):
    out = tmp_path / "out.json"
    out.write_text("keep me\n")
    out.chmod(mode)
    done = almanac(*ANNIVERSARIES, "-o", str(out))
    assert done.returncode == 4
    assert one_line(done.stderr) == (f"almanac: {out}: cannot write: read-only file (mode {mode:04o}), "
                                     "not replaced\n")
    assert out.read_text() == "keep me\n" and stat.S_IMODE(out.stat().st_mode) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_o_writes_through_a_fifo_and_leaves_it_a_fifo(tmp_path, expected_json):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = almanac(*ANNIVERSARIES, "-f", "json", "-o", str(fifo))
    reader.join(timeout=TIMEOUT)
    assert (done.returncode, done.stderr, received) == (0, b"", [expected_json])
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device like /dev/NAME (major 1), made in tmp_path where the system lets us,
    so that a regression that replaced it would replace a test's file and not the system's.
    Without that right the real one is used: it is then safe, as /dev cannot be written."""
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(node, "wb"):  # a folder mounted nodev makes nodes that cannot be opened
            pass
        return node
    except (OSError, AttributeError):
        if os.geteuid() == 0 or not os.path.exists(f"/dev/{name}"):
            pytest.skip(f"cannot make a {name} device here, and the real one is not safe to test as root")
        return Path(f"/dev/{name}")


def test_o_dev_null_stays_a_device(tmp_path):
    null = device(tmp_path, "null", 3)
    done = almanac(*ANNIVERSARIES, "-o", str(null))
    assert (done.returncode, done.stderr) == (0, b"")
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert [p.name for p in null.parent.iterdir()] == ["null"] or null.parent == Path("/dev")


def test_o_dev_full_is_written_through_and_fails_with_exit_4(tmp_path):
    full = device(tmp_path, "full", 7)
    done = almanac(*ANNIVERSARIES, "-o", str(full))
    assert done.returncode == 4
    assert one_line(done.stderr) == f"almanac: {full}: cannot write: No space left on device\n"
    assert stat.S_ISCHR(full.lstat().st_mode)


# /dev/stdout and /proc/self/fd/1 are reached through a link made in tmp_path, so that a
# regression that replaced the path would replace the test's link, never the system's.
DESCRIPTORS = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]


@pytest.mark.parametrize("target", DESCRIPTORS)
def test_o_dev_stdout_writes_to_standard_output(tmp_path, expected_json, target):
    if not os.path.exists(target):
        pytest.skip(f"no {target} here")
    path = tmp_path / "stdout"
    path.symlink_to(target)
    piped = almanac(*ANNIVERSARIES, "-f", "json", "-o", str(path))
    assert (piped.returncode, piped.stdout, piped.stderr) == (0, expected_json, b"")
    out = tmp_path / "appended.json"
    out.write_bytes(b"first line\n")
    with out.open("ab") as appending:  # `>> FILE`: added to, never replaced
        done = almanac(*ANNIVERSARIES, "-f", "json", "-o", str(path), stdout=appending)
    assert done.returncode == 0 and out.read_bytes() == b"first line\n" + expected_json
    assert path.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["appended.json", "stdout"]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_a_large_o_write_leaves_the_old_file_and_no_temporary(tmp_path, sig, code):
    out = tmp_path / "out.tsv"
    out.write_text("the previous good file\n")
    # The packaged dataset: millions of rows, so the write is still going when the signal comes.
    command = [sys.executable, "-m", "almanac", "anniversaries", "--all", "--every", "1",
               "--from", "1958-01-01", "--to", "9999-12-31", "-o", str(out)]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                           env={**os.environ, **ENV})
    temporary: list[Path] = []
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and run.poll() is None:
            temporary = [p for p in tmp_path.glob(".out.tsv.*.tmp") if p.stat().st_size > 0]
            if temporary:
                break
            time.sleep(0.01)
        assert temporary, "the write never started"
        run.send_signal(sig)
        _, err = run.communicate(timeout=TIMEOUT)
    finally:
        run.kill()
    assert (run.returncode, err) in ((code, b""), (code, b"\n"))
    assert out.read_text() == "the previous good file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tsv"]


# --- standard output: closed, full, a reader gone -----------------------------------------------


@pytest.mark.parametrize("args", [("list",), ("launch", "test-1"), ("--help",), ("sites", "-f", "json")],
                         ids=" ".join)
def test_closed_standard_output_is_exit_4_with_one_line(args):
    done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "almanac", "--data",
                           str(GOOD), *args], stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, **ENV},
                          timeout=TIMEOUT, check=False)
    assert done.returncode == 4
    assert one_line(done.stderr) == "almanac: cannot write to standard output: Bad file descriptor\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [("--help",), ("list", "--help"), ("list",),
                                  ("launch", "test-1", "-f", "json")], ids=" ".join)
def test_full_standard_output_is_exit_4_with_one_line(args):
    with open("/dev/full", "wb") as full:
        done = almanac("--data", str(GOOD), *args, stdout=full)
    assert done.returncode == 4
    assert one_line(done.stderr) == "almanac: cannot write to standard output: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_completion_goes_through_the_same_writer():
    env = {"_ALMANAC_COMPLETE": "complete_bash", "COMP_WORDS": f"almanac --data {GOOD} launch test",
           "COMP_CWORD": "4"}
    listed = almanac("--data", str(GOOD), env=env)
    assert listed.returncode == 0 and sorted(listed.stdout.split()) == [b"test-1", b"test-2", b"test-3"]
    with open("/dev/full", "wb") as full:
        done = almanac("--data", str(GOOD), env=env, stdout=full)
    assert done.returncode == 4
    assert one_line(done.stderr) == "almanac: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("args", [("list", "-f", "tsv"), ("--help",), ("launch", "test-1", "-f", "json"),
                                  ("anniversaries", "--year", "2025", "-o", "STDOUT")], ids=" ".join)
def test_a_reader_gone_before_a_byte_is_exit_141_and_silent(tmp_path, args):
    if "STDOUT" in args:  # -o through a link to /proc/self/fd/1 (see DESCRIPTORS)
        if not os.path.exists("/proc/self/fd/1"):
            pytest.skip("no /proc here")
        (tmp_path / "stdout").symlink_to("/proc/self/fd/1")
        args = tuple(str(tmp_path / "stdout") if a == "STDOUT" else a for a in args)
    reading, writing = os.pipe()
    os.close(reading)  # `| head` that has already left
    try:
        done = almanac("--data", str(GOOD), *args, stdout=writing)
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (141, b"")


def test_a_reader_that_reads_everything_is_exit_0():
    done = almanac("--data", str(GOOD), "list", "-f", "tsv")
    assert done.returncode == 0 and done.stdout.count(b"\n") == 4


def test_a_reader_gone_half_way_is_exit_141_and_silent():
    run = subprocess.Popen([sys.executable, "-m", "almanac", "list", "-f", "tsv"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, **ENV})
    try:
        run.stdout.readline()  # `| head -1`
        run.stdout.close()
        err = run.stderr.read()
        run.wait(timeout=TIMEOUT)
    finally:
        run.kill()
    assert (run.returncode, err) in ((141, b""), (0, b""))  # 0: it had all fitted in the pipe


# --- a terminal that is not UTF-8 -----------------------------------------------------------

def _locale(name: str) -> list[str]:
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return []
    return [x for x in listed if x.lower().replace("-", "") == name.lower().replace("-", "")]


# The attack test's locale where the system has it; the same encoding through Python's own
# setting; and a C locale without Python's UTF-8 mode (ASCII).
ISO_8859_1 = _locale("en_US.ISO-8859-1")
LATIN_1 = [
    pytest.param({"LC_ALL": ISO_8859_1[0] if ISO_8859_1 else "", "PYTHONIOENCODING": ""}, id="locale",
                 marks=pytest.mark.skipif(not ISO_8859_1, reason="no en_US.ISO-8859-1 locale here")),
    pytest.param({"PYTHONIOENCODING": "latin-1"}, id="latin-1"),
    pytest.param({"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
                 id="ascii"),
]
BORIS = "Борис Тест"
ESCAPED = BORIS.encode("ascii", "backslashreplace")


@pytest.mark.parametrize("env", LATIN_1)
@pytest.mark.parametrize(("args", "shown", "count"), [
    (("person", "boris-test", "-f", "text"), ESCAPED, 9),
    (("person", "boris-test", "-f", "table"), ESCAPED, 9),
    (("launch", "test-1", "-f", "text"), rb"T1, \u0422\u0435\u0441\u0442-1", 4),
    (("launch", "test-1", "-f", "table"), rb"T1, \u0422\u0435\u0441\u0442-1", 4),
    (("launch", "test-1", "-f", "press"), b"", 0),
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else None)
def test_a_terminal_that_is_not_utf8_gets_escapes_and_one_note(tmp_path, env, args, shown, count):
    path = dataset_with(tmp_path, "cyrillic.yaml", ("aliases: [T1]", "aliases: [T1, Тест-1]"))
    done = almanac("--data", str(path), *args, env=env)
    assert done.returncode == 0, done.stderr
    assert shown in done.stdout
    if not count:
        assert done.stderr == b""
        return
    note = one_line(done.stderr)
    assert re.fullmatch(rf"almanac: note: {count} characters that \S+ cannot show were written as \\u "
                        r"escapes \(a UTF-8 locale shows them; json, jsonl, csv and tsv are always "
                        r"UTF-8\)\n", note)


@pytest.mark.parametrize("env", LATIN_1)
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_machine_formats_are_utf8_whatever_the_locale(env, fmt):
    done = almanac("--data", str(GOOD), "crew", "test-2", "-f", fmt, env=env)
    assert (done.returncode, done.stderr) == (0, b"")
    assert BORIS.encode("utf-8") in done.stdout


@pytest.mark.parametrize("args", [("launch", "progress-ms-31"), ("list", "--year", "1975", "--format", "tsv"),
                                  ("anniversaries", "--year", "2025")], ids=" ".join)
def test_the_attack_tests_latin_1_cases_end_well(args):
    done = almanac(*args, env={"PYTHONIOENCODING": "latin-1"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and done.stderr.count(b"\n") <= 1


# --- digits of other scripts on the command line --------------------------------------------


@pytest.mark.parametrize(("typed", "ascii"), [
    (("list", "--from", "２０２０-０１-０１", "--to", "２０２０-１２-３１", "-f", "tsv"),
     ("list", "--from", "2020-01-01", "--to", "2020-12-31", "-f", "tsv")),
    (("list", "--year", "٢٠٢٠", "-f", "tsv"), ("list", "--year", "2020", "-f", "tsv")),
    (("crew", "--aboard", "iss", "--on", "２０２０-１１-０１", "-f", "tsv"),
     ("crew", "--aboard", "iss", "--on", "2020-11-01", "-f", "tsv")),
    (("on", "０５-３０", "-f", "tsv"), ("on", "05-30", "-f", "tsv")),
    (("anniversaries", "--year", "2025", "--milestones", "５", "-f", "tsv"),
     ("anniversaries", "--year", "2025", "--milestones", "5", "-f", "tsv")),
    (("convert", "２０２５-０７-０３ １２:００Z", "-f", "tsv"),
     ("convert", "2025-07-03 12:00Z", "-f", "tsv")),
], ids=["list-from-to", "list-year", "crew-on", "on", "milestones", "convert"])
def test_digits_of_other_scripts_read_as_ascii_digits(typed, ascii):
    done, expected = almanac("--data", str(GOOD), *typed), almanac("--data", str(GOOD), *ascii)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, expected.stderr)
    assert done.stdout.count(b"\n") >= 2


# --- Ctrl-C and SIGTERM at any moment after the entry point -----------------------------------


def _signalled_runs(sig: int, args: tuple[str, ...], runs: int) -> list[tuple[int, str, bytes]]:
    """Start almanac, wait until it is inside its entry point (the first import that main()
    makes is reported by -X importtime after almanac.cli's), then signal it after a delay
    that grows run by run over the imports and the command itself. Bounded: ``runs``."""
    results = []
    for i in range(runs):
        command = [sys.executable, "-X", "importtime", "-m", "almanac", "--data", str(GOOD), *args]
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                               env={**os.environ, **ENV})
        try:
            seen_cli = False
            for line in run.stderr:
                if seen_cli:
                    break
                seen_cli = line.rstrip().endswith(b"| almanac.cli")
            time.sleep(0.006 * i)
            run.send_signal(sig)
            out, err = run.communicate(timeout=TIMEOUT)
        finally:
            run.kill()
        text = "\n".join(x for x in err.decode().splitlines() if not x.startswith("import time:"))
        results.append((run.returncode, text, out))
    return results


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("args", [("launch", "test-1", "-f", "json"), ("list",)], ids=" ".join)
def test_a_signal_at_any_moment_exits_with_its_code_and_no_traceback(sig, code, args):
    for returncode, err, out in _signalled_runs(sig, args, runs=30):
        assert "Traceback" not in err and "Exception ignored" not in err, err
        assert returncode in (code, 0), (returncode, err)  # 0: it had finished before the signal
        if returncode == 0:
            assert err == "" and out.endswith(b"\n")
        else:
            assert err.strip() == "", err

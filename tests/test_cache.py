"""The dataset cache: never stale, never trusted blindly, never required."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almanac import load
from almanac.dataset import cache
from almanac.dataset import loader as dataset
from almanac.domain import model
from almanac.errors import DatasetError
from tests.conftest import MINIMAL_DATASET

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = dataset.default_path()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("dataset-*.json")) if folder.is_dir() else []


def parse_refused(monkeypatch) -> None:
    """Make any YAML parse fail, so a load that succeeds must have come from the cache."""
    def refuse(text, file):
        raise AssertionError("parsed YAML although a valid cache entry exists")

    monkeypatch.setattr(dataset, "parse_yaml", refuse)


def same(a: model.Dataset, b: model.Dataset) -> bool:
    # == on Instant ignores precision; the repr shows every field, precision included
    return a == b and repr(a) == repr(b) and repr(a.by_key) == repr(b.by_key)


# --- hits, and a rebuilt dataset identical to a parsed one --------------------------------


@pytest.mark.parametrize("which", ["packaged", "minimal"])
def test_cached_dataset_is_identical_to_a_parsed_one(which, write_dataset, isolated_cache, monkeypatch):
    path = PACKAGED if which == "packaged" else write_dataset()
    parsed = load(path, cache=False)
    assert entries(isolated_cache) == []
    first = load(path)  # parses and writes the cache
    assert len(entries(isolated_cache)) == 1
    parse_refused(monkeypatch)
    cached = load(path)
    assert same(cached, parsed) and same(first, parsed)
    assert cached.path == str(path)
    launch = next(x for x in cached.launches if x.crew)
    assert launch.site is cached.sites[launch.site.id]  # shared records stay shared
    assert launch.crew[0].person is cached.people[launch.crew[0].person.id]
    assert launch.at.utc.tzinfo is parsed.launches[0].at.utc.tzinfo


# --- launches are decoded when first read ------------------------------------------------


def _pending(dataset_: model.Dataset) -> set[str]:
    return {x.id for x in dataset_.launches if "_pending" in x.__dict__}


@functools.cache
def _parsed_packaged() -> model.Dataset:
    return load(PACKAGED, cache=False)


ANY_DAY = st.dates(min_value=datetime.date(1955, 1, 1), max_value=datetime.date(2030, 12, 31))
# a launch's own date, or the day before or after it: where an off-by-one would show
NEAR_A_LAUNCH = st.builds(
    lambda i, shift: _parsed_packaged().launches[i].at.date + datetime.timedelta(days=shift),
    st.integers(min_value=0, max_value=300), st.integers(min_value=-1, max_value=1))


def test_a_range_to_the_last_day_there_is_selects_nothing_later():
    from almanac.domain.queries import LaunchFilter, filter_launches

    parsed = _parsed_packaged()
    last = datetime.date.max
    assert filter_launches(parsed, LaunchFilter(start=last, end=last)) == []
    assert len(filter_launches(parsed, LaunchFilter(end=last))) == len(parsed.launches)


def test_a_one_day_range_selects_each_launch_on_that_day(tmp_path, isolated_cache):
    # Records known to the day or month start at 00:00 UTC, the very edge of the range.
    from almanac.domain.queries import LaunchFilter, filter_launches

    path = _medium_dataset(tmp_path)
    parsed = load(path, cache=False)
    load(path)
    cached = load(path)
    assert [x for x in parsed.launches if x.at.utc.time() == datetime.time(0)]
    for dataset_ in (parsed, cached):
        for launch in parsed.launches:
            day = launch.at.date
            found = filter_launches(dataset_, LaunchFilter(start=day, end=day))
            assert launch.id in {x.id for x in found} and all(x.at.date == day for x in found)


@given(st.one_of(st.none(), ANY_DAY, NEAR_A_LAUNCH), st.one_of(st.none(), ANY_DAY, NEAR_A_LAUNCH))
def test_a_date_range_selects_what_the_launch_dates_say(start, end):
    from almanac.domain.queries import LaunchFilter, filter_launches

    if start and end and end < start:
        start, end = end, start
    parsed = _parsed_packaged()
    expected = [x.id for x in parsed.launches
                if (start is None or x.at.date >= start) and (end is None or x.at.date <= end)]
    criteria = LaunchFilter(start=start, end=end)
    assert [x.id for x in filter_launches(parsed, criteria)] == expected


def _forge_row(entry: Path, new_row: bytes, line: int = 2) -> None:
    """Replace a line of the body (the first launch's details) and fix where the lines end
    and the checksum, as only a deliberate edit would."""
    _, head, *lines = entry.read_bytes().split(b"\n")
    lines[line - 1 if line > 0 else line] = new_row  # line 1 is the first after the head
    index = json.loads(head)
    ends = [len(b"\n".join(lines[:k + 1])) for k in range(len(lines))]
    index["line_ends"] = "".join(f"{end:08x}" for end in ends)
    body = b"\n".join([json.dumps(index, separators=(",", ":")).encode(), *lines])
    _plant(entry, _header_for(entry, body), body)


def test_cache_folder_follows_xdg_cache_home_else_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "almanac"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec: ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "almanac"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "almanac"


# --- never stale --------------------------------------------------------------------------


def test_an_edit_is_seen_even_with_the_same_size_and_mtime(write_dataset, monkeypatch):
    path = write_dataset()
    stat = path.stat()
    assert load(path).by_id["test-1"].vehicle == "Falcon 9"
    path.write_text(MINIMAL_DATASET.replace("Falcon 9", "Falcon X"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert load(path).by_id["test-1"].vehicle == "Falcon X"


def test_an_edit_that_breaks_the_file_is_reported_not_hidden_by_the_cache(cli, write_dataset):
    path = write_dataset()
    assert cli("--data", str(path), "launch", "t1").exit_code == 0
    path.write_text(MINIMAL_DATASET.replace("site: kennedy", "site: kenedy"), encoding="utf-8")
    result = cli("--data", str(path), "launch", "t1")
    assert result.exit_code == 3
    assert "unknown site 'kenedy'" in result.stderr


def test_key_depends_on_bytes_version_and_code(monkeypatch):
    key = cache.dataset_key(b"a")
    assert cache.dataset_key(b"a") == key
    assert cache.dataset_key(b"b") != key
    monkeypatch.setattr("almanac.__version__", "99.0")
    assert cache.dataset_key(b"a") != key
    monkeypatch.undo()
    monkeypatch.setattr(cache, "_code_fingerprint", lambda: b"other code")
    assert cache.dataset_key(b"a") != key


def test_invalid_dataset_is_never_cached(write_dataset, isolated_cache):
    path = write_dataset(MINIMAL_DATASET.replace("site: kennedy", "site: kenedy"))
    with pytest.raises(DatasetError):
        load(path)
    assert entries(isolated_cache) == []


# --- corrupt entries are ignored and rebuilt ----------------------------------------------


def _plant(entry: Path, header: dict | None, body: bytes) -> None:
    line = json.dumps(header).encode() if header is not None else b"{not json"
    entry.write_bytes(line + b"\n" + body)


def _header_for(entry: Path, body: bytes) -> dict:
    import hashlib

    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    return {**header, "length": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def _forge(entry: Path, good: bytes, change) -> None:
    """The body changed by ``change`` (a dict -> None), with a right checksum: what only a
    deliberate forgery or a corrupt disk with a lucky hash could give."""
    body = json.loads(good.split(b"\n", 1)[1])
    change(body)
    raw = json.dumps(body, separators=(",", ":")).encode()
    _plant(entry, _header_for(entry, raw), raw)


def _first_launch(body: dict) -> list:
    return body["launches"][0]


CORRUPTIONS = {
    "empty": lambda entry, good: entry.write_bytes(b""),
    "truncated": lambda entry, good: entry.write_bytes(good[: len(good) // 2]),
    "garbage": lambda entry, good: entry.write_bytes(os.urandom(512)),
    "bad-header": lambda entry, good: _plant(entry, None, good.split(b"\n", 1)[1]),
    "flipped-index": lambda entry, good: entry.write_bytes(good[:-3] + bytes([good[-3] ^ 1]) + good[-2:]),
    # still valid JSON of the right shape: only the checksum tells
    "flipped-text": lambda entry, good: entry.write_bytes(good.replace(b"Falcon 9", b"Falcon 8")),
    # a correct header and checksum over content that does not rebuild a dataset
    "wrong-shape": lambda entry, good: _plant(entry, _header_for(entry, b'{"launches": 7}'),
                                              b'{"launches": 7}'),
    "wrong-types": lambda entry, good: _plant(
        entry, _header_for(entry, b'{"sites": [[1]], "launches": [[null]]}'),
        b'{"sites": [[1]], "launches": [[null]]}'),
    "not-utf8": lambda entry, good: _plant(entry, _header_for(entry, b'\xff\xfe'), b'\xff\xfe'),
    "directory": lambda entry, good: (entry.unlink(), entry.mkdir()),
    # values the model cannot take, under a right checksum
    "time-out-of-range": lambda entry, good: _forge(
        entry, good, lambda body: _first_launch(body).__setitem__(2, [10**15, 3])),
    "bad-precision": lambda entry, good: _forge(
        entry, good, lambda body: _first_launch(body).__setitem__(2, [0, 7])),
    "text-seconds": lambda entry, good: _forge(
        entry, good, lambda body: _first_launch(body).__setitem__(2, ["1590866565", 3])),
    "unknown-zone": lambda entry, good: _forge(
        entry, good, lambda body: body["sites"][0].__setitem__(3, "Mars/Olympus_Mons")),
    "unknown-site": lambda entry, good: _forge(
        entry, good, lambda body: _first_launch(body).__setitem__(3, "nowhere")),
    "missing-field": lambda entry, good: _forge(entry, good, lambda body: _first_launch(body).pop()),
    "object-for-text": lambda entry, good: _forge(
        entry, good, lambda body: _first_launch(body).__setitem__(1, {"a": 1})),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupt_cache_is_ignored_and_rebuilt(name, write_dataset, isolated_cache, monkeypatch):
    path = write_dataset()
    expected = load(path, cache=False)
    load(path)
    (entry,) = entries(isolated_cache)
    good = entry.read_bytes()
    CORRUPTIONS[name](entry, good)
    assert same(load(path), expected)
    if name != "directory":  # a directory in the way cannot be replaced: no cache, no error
        assert entry.read_bytes() == good  # rewritten
        parse_refused(monkeypatch)
        assert same(load(path), expected)


def test_cache_is_read_unless_turned_off(cli, write_dataset, isolated_cache):
    """A planted (valid-looking) entry is used, which proves reads; --no-cache ignores it."""
    path = write_dataset()
    real = load(path)
    planted = dataclasses.replace(real.by_id["test-1"], vehicle="Planted")
    fake = dataclasses.replace(real, launches=(planted,), by_id={"test-1": planted},
                               by_key={k: planted for k in real.by_key})
    assert cache.DatasetCache(path, path.read_bytes()).save(fake)
    assert cli("--data", str(path), "launch", "t1", "-f", "json").stdout.count("Planted") == 1
    for args, env in ((["--no-cache"], None), ([], {cache.ENV_NO_CACHE: "1"})):
        result = cli("--data", str(path), *args, "launch", "t1", "-f", "json", env=env)
        assert json.loads(result.stdout)["vehicle"] == "Falcon 9", args


@pytest.mark.parametrize("how", ["flag", "env"])
def test_no_cache_writes_nothing(how, cli, write_dataset, isolated_cache):
    path = write_dataset()
    if how == "flag":
        result = cli("--data", str(path), "--no-cache", "launch", "t1")
    else:
        result = cli("--data", str(path), "launch", "t1", env={cache.ENV_NO_CACHE: "1"})
    assert result.exit_code == 0
    assert entries(isolated_cache) == []
    assert cli("--data", str(path), "launch", "t1").exit_code == 0
    assert len(entries(isolated_cache)) == 1


# --- no cache folder is no problem --------------------------------------------------------


@pytest.mark.parametrize("case", ["parent-is-a-file", "read-only"])
def test_unwritable_cache_folder_means_no_cache(case, cli, write_dataset, tmp_path, monkeypatch):
    path = write_dataset()
    if case == "parent-is-a-file":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    else:
        folder = tmp_path / "ro"
        (folder / "almanac").mkdir(parents=True)
        (folder / "almanac").chmod(0o500)
        monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
        probe = folder / "almanac" / "probe"
        try:
            probe.write_text("x")
            probe.unlink()
            pytest.skip("running as a user who can write anywhere (root)")
        except PermissionError:
            pass
    for _ in range(2):
        result = cli("--data", str(path), "launch", "t1", "-f", "json")
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert json.loads(result.stdout)["id"] == "test-1"


def test_save_reports_failure_and_leaves_no_temporary_file(write_dataset, tmp_path):
    path = write_dataset()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    entry = cache.DatasetCache(path, path.read_bytes(), directory=blocker / "almanac")
    assert entry.save(load(path, cache=False)) is False
    good = cache.DatasetCache(path, path.read_bytes(), directory=tmp_path / "c")
    assert good.save(load(path, cache=False)) is True
    assert [p.name for p in (tmp_path / "c").iterdir()] == [good.path.name]


# --- two processes at once ----------------------------------------------------------------


def _medium_dataset(tmp_path: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import make_dataset
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = tmp_path / "medium.yaml"
    path.write_text(make_dataset.make(launches=400, people=120), encoding="utf-8")
    return path


def test_concurrent_processes_all_succeed_and_leave_one_good_entry(tmp_path, isolated_cache):
    path = _medium_dataset(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "almanac", "--data", str(path), "list", "--format", "json"]
    expected = None
    for _ in range(2):  # first round: all cold and racing to write; second: racing readers
        runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE) for _ in range(4)]
        outputs = [run.communicate(timeout=120) for run in runs]
        for run, (_, err) in zip(runs, outputs, strict=True):
            assert run.returncode == 0, err.decode()
            assert err == b""
        expected = expected or outputs[0][0]
        assert {out for out, _ in outputs} == {expected}
        assert len(json.loads(expected)) == 400
    assert [p.name for p in isolated_cache.iterdir()] == [entries(isolated_cache)[0].name]
    assert same(cache.DatasetCache(path, path.read_bytes()).load(str(path)), load(path, cache=False))


def test_a_dataset_piped_in_is_read_once_and_not_cached(write_dataset, isolated_cache):
    # A pipe can be read only once: hashing it for the key and then reading it to parse
    # would leave nothing to parse. Such a file is parsed and never cached.
    path = write_dataset()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "almanac", "--data", "/dev/stdin", "launch", "test-1", "-f", "json"]
    for _ in range(2):
        run = subprocess.run(command, cwd=ROOT, env=env, input=path.read_bytes(), capture_output=True,
                             timeout=120, check=False)
        assert (run.returncode, run.stderr) == (0, b"") and json.loads(run.stdout)["name"] == "Test 1"
    assert entries(isolated_cache) == []
    too_big = subprocess.run([*command[:3], "--max-bytes", "100", *command[3:]], cwd=ROOT, env=env,
                             input=path.read_bytes(), capture_output=True, timeout=120, check=False)
    assert too_big.returncode == 3 and too_big.stdout == b""
    assert too_big.stderr == (b"almanac: /dev/stdin: more than 100 bytes, over the limit for a "
                              b"dataset (raise it with --max-bytes)\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_loads_like_its_file(write_dataset, tmp_path, isolated_cache):
    import threading

    path = write_dataset()
    fifo = tmp_path / "dataset.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(path.read_bytes(),))
    writer.start()
    try:
        piped = load(fifo)
    finally:
        writer.join(timeout=30)
    assert same(dataclasses.replace(piped, path=str(path)), load(path, cache=False))
    assert entries(isolated_cache) == []


def test_a_reader_never_sees_a_half_written_entry(write_dataset, isolated_cache, monkeypatch):
    """The entry is replaced by a rename: a read in the middle of a save sees the old file."""
    path = write_dataset()
    entry = cache.DatasetCache(path, path.read_bytes())
    dataset_ = load(path, cache=False)
    assert entry.save(dataset_)
    old = entry.path.read_bytes()
    seen = []
    real_replace = os.replace

    def replace_after_a_read(src, dst):
        seen.append(Path(dst).read_bytes())  # what a concurrent reader would get now
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_after_a_read)
    assert entry.save(dataset_)
    assert seen == [old]

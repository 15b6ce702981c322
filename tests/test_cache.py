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

from almanac import cache, dataset, load, model
from almanac.errors import DatasetError
from almanac.text import fold

from .conftest import MINIMAL_DATASET

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


def test_cache_file_is_lines_of_json_after_a_header(write_dataset, isolated_cache):
    parsed = load(write_dataset())
    (entry,) = entries(isolated_cache)
    header, head, people, details, crew, keys = entry.read_bytes().split(b"\n")
    assert json.loads(header)["format"] == cache.CACHE_FORMAT
    assert json.loads(head)["launches"]["id"] == [x.id for x in parsed.launches] == ["test-1"]
    assert [p[0] for p in json.loads(people)] == list(parsed.people) == ["ann-test"]
    assert json.loads(details)[0] == "Test 1"  # LAUNCH_DETAILS: name first
    assert json.loads(crew) == [[["ann-test", "commander", None, False, [], None]],  # LAUNCH_CREW
                                ["https://example.org/test-1"]]
    assert json.loads(keys) == {key: 0 for key in parsed.by_key}
    # where each line after the first ends, counted from the start of the second
    rest = b"\n".join([people, details, crew, keys])
    text = json.loads(head)["line_ends"]  # 8 hex digits a line
    ends = [int(text[i:i + 8], 16) for i in range(0, len(text), 8)]
    assert [rest[end:end + 1] for end in ends] == [b"\n", b"\n", b"\n", b""] and ends[-1] == len(rest)
    launches = json.loads(head)["launches"]
    assert launches["seconds"] == [int(x.at.utc.timestamp()) for x in parsed.launches]
    assert launches["precision"] == "3"  # Precision.SECOND, the fourth


# --- launches are decoded when first read ------------------------------------------------


def _pending(dataset_: model.Dataset) -> set[str]:
    return {x.id for x in dataset_.launches if "_pending" in x.__dict__}


def test_a_cached_launch_is_decoded_when_a_field_is_first_read(isolated_cache, monkeypatch):
    parsed = load(PACKAGED, cache=False)
    load(PACKAGED)
    parse_refused(monkeypatch)
    cached = load(PACKAGED)
    assert _pending(cached) == set(cached.by_id)  # nothing decoded yet
    assert not any("at" in x.__dict__ for x in cached.launches)  # not even the times made
    launch = cached.by_id["progress-ms-31"]
    assert (launch.id, launch.at, launch.site) == (parsed.by_id["progress-ms-31"].id,
                                                   parsed.by_id["progress-ms-31"].at,
                                                   parsed.by_id["progress-ms-31"].site)
    assert "progress-ms-31" in _pending(cached)  # id, time and site need no decoding
    assert launch.events == parsed.by_id["progress-ms-31"].events  # a field with a default
    # the details are read; the crew and sources, and the people, not yet
    assert {"name", "notes", "aliases"} <= launch.__dict__.keys() and "crew" not in launch.__dict__
    assert "progress-ms-31" in _pending(cached) and cached.people._build is not None
    assert launch.sources == parsed.by_id["progress-ms-31"].sources
    assert "progress-ms-31" not in _pending(cached)
    assert launch == parsed.by_id["progress-ms-31"] and repr(launch) == repr(parsed.by_id["progress-ms-31"])
    assert len(_pending(cached)) == len(cached.launches) - 1


@pytest.mark.parametrize("first", ["crew", "sources", "crewed", "name", "no_such_field"])
def test_a_cached_launch_is_whole_whichever_field_is_read_first(first, isolated_cache):
    parsed = load(PACKAGED, cache=False)
    load(PACKAGED)
    cached = load(PACKAGED)
    launch, twin = cached.by_id["soyuz-ms-27"], parsed.by_id["soyuz-ms-27"]
    assert getattr(launch, first, None) == getattr(twin, first, None)
    assert ("crew" in launch.__dict__) == (first != "name")  # an unknown name fills everything
    assert ("name" in launch.__dict__) == (first not in ("crew", "sources", "crewed"))
    assert launch == twin and repr(launch) == repr(twin) and "_pending" not in launch.__dict__
    assert launch.crew[0].person is cached.people[launch.crew[0].person.id]


def test_the_people_are_built_when_first_read(isolated_cache):
    parsed = load(PACKAGED, cache=False)
    load(PACKAGED)
    cached = load(PACKAGED)
    assert isinstance(cached.people, model.LazyIndex) and cached.people._build is not None
    assert cached.by_id["progress-ms-31"].name and cached.people._build is not None
    assert len(cached.people) == len(parsed.people) and cached.people._build is None
    assert cached.people == parsed.people and list(cached.people.values()) == list(parsed.people.values())
    assert cached.people.keys() == parsed.people.keys() and "nobody" not in cached.people


def test_the_index_of_names_is_read_on_the_first_lookup(isolated_cache, monkeypatch):
    parsed = load(PACKAGED, cache=False)
    load(PACKAGED)
    cached = load(PACKAGED)
    assert isinstance(cached.by_key, model.LazyIndex) and cached.by_key._build is not None
    assert cached.by_key.get(fold("Progress MS-31")) is cached.by_id["progress-ms-31"]
    assert cached.by_key._build is None  # built once, kept
    assert cached.by_key == parsed.by_key and parsed.by_key == cached.by_key
    assert len(cached.by_key) == len(parsed.by_key) and list(cached.by_key) == list(parsed.by_key)
    assert fold("vostok 1") in cached.by_key and "nope" not in cached.by_key
    with pytest.raises(KeyError):
        cached.by_key["nope"]
    assert dict(cached.by_key.items()) == parsed.by_key and repr(cached.by_key) == repr(parsed.by_key)


def test_listing_a_year_decodes_only_that_years_launches(cli, isolated_cache):
    load(PACKAGED)
    cached = load(PACKAGED)
    from almanac.queries import LaunchFilter, filter_launches
    from almanac.render.records import launch_row

    found = filter_launches(cached, LaunchFilter(start=datetime.date(1975, 1, 1),
                                                 end=datetime.date(1975, 12, 31)))
    rows = [launch_row(x) for x in found]
    assert rows and set(cached.by_id) - _pending(cached) == {x.id for x in found}
    assert {x.id for x in cached.launches if "at" in x.__dict__} == {x.id for x in found}
    assert rows == [launch_row(load(PACKAGED, cache=False).by_id[x.id]) for x in found]


def test_anniversaries_decode_only_launches_with_an_occasion_in_a_counting_year(isolated_cache):
    from almanac.anniversaries import anniversaries_between

    load(PACKAGED)
    cached = load(PACKAGED)
    found = anniversaries_between(cached, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert found == anniversaries_between(load(PACKAGED, cache=False), datetime.date(2025, 1, 1),
                                          datetime.date(2025, 12, 31))
    decoded = set(cached.by_id) - _pending(cached)
    assert {a.launch.id for a in found} <= decoded
    counting = {2025 - n for n in (1, *range(5, 70, 5))}
    spans = dict(zip(cached.by_id, cached.year_spans, strict=True))
    assert all(set(range(spans[x][0], spans[x][1] + 1)) & counting for x in decoded)
    assert len(decoded) < len(cached.launches) / 2


def test_the_indexes_of_times_and_years_are_those_of_the_launches(isolated_cache):
    parsed = load(PACKAGED, cache=False)
    soyuz = parsed.by_id["soyuz-tm-31"]  # launched 2000, landed 2001
    assert soyuz.utc_years == (2000, 2001)
    for launch, span, seconds in zip(parsed.launches, parsed.year_spans, parsed.launch_seconds,
                                     strict=True):
        years = {launch.at.utc.year, *(e.at.utc.year for e in launch.events)}
        assert launch.utc_years == span == (min(years), max(years))
        assert datetime.datetime.fromtimestamp(seconds, datetime.UTC) == launch.at.utc
    load(PACKAGED)
    cached = load(PACKAGED)
    assert "year_spans" in cached.__dict__ and "launch_seconds" in cached.__dict__  # from the entry
    assert (cached.year_spans, cached.launch_seconds) == (parsed.year_spans, parsed.launch_seconds)
    assert _pending(cached) == set(cached.by_id)  # read without decoding a launch


@functools.cache
def _parsed_packaged() -> model.Dataset:
    return load(PACKAGED, cache=False)


ANY_DAY = st.dates(min_value=datetime.date(1955, 1, 1), max_value=datetime.date(2030, 12, 31))
# a launch's own date, or the day before or after it: where an off-by-one would show
NEAR_A_LAUNCH = st.builds(
    lambda i, shift: _parsed_packaged().launches[i].at.date + datetime.timedelta(days=shift),
    st.integers(min_value=0, max_value=300), st.integers(min_value=-1, max_value=1))


def test_a_range_to_the_last_day_there_is_selects_nothing_later():
    from almanac.queries import LaunchFilter, filter_launches

    parsed = _parsed_packaged()
    last = datetime.date.max
    assert filter_launches(parsed, LaunchFilter(start=last, end=last)) == []
    assert len(filter_launches(parsed, LaunchFilter(end=last))) == len(parsed.launches)


def test_a_one_day_range_selects_each_launch_on_that_day(tmp_path, isolated_cache):
    # Records known to the day or month start at 00:00 UTC, the very edge of the range.
    from almanac.queries import LaunchFilter, filter_launches

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
    from almanac.queries import LaunchFilter, filter_launches

    if start and end and end < start:
        start, end = end, start
    parsed = _parsed_packaged()
    expected = [x.id for x in parsed.launches
                if (start is None or x.at.date >= start) and (end is None or x.at.date <= end)]
    criteria = LaunchFilter(start=start, end=end)
    assert [x.id for x in filter_launches(parsed, criteria)] == expected


def test_copies_and_pickles_of_a_cached_launch_are_whole(isolated_cache):
    import copy
    import pickle

    load(PACKAGED)
    cached = load(PACKAGED)
    parsed = load(PACKAGED, cache=False)
    for make in (copy.copy, copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))):  # noqa: S301
        launch = cached.by_id[("soyuz-19", "sts-107", "vostok-1")[hash(make) % 3]]
        twin = make(launch)
        assert "_pending" not in twin.__dict__ and twin == parsed.by_id[launch.id]


def test_copies_and_pickles_of_a_cached_dataset_are_whole(isolated_cache):
    import copy
    import pickle

    load(PACKAGED)
    parsed = load(PACKAGED, cache=False)
    for make in (copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))):  # noqa: S301
        cached = load(PACKAGED)
        twin = make(cached)
        assert twin == parsed and repr(twin) == repr(parsed)
        assert type(twin.people) is dict and type(twin.by_key) is dict  # built, then copied
        assert all("_pending" not in x.__dict__ for x in twin.launches)
        assert twin.by_id["soyuz-ms-27"].crew[0].person is twin.people[
            twin.by_id["soyuz-ms-27"].crew[0].person.id]  # shared records stay shared


def test_threads_reading_one_cached_dataset_see_whole_launches(isolated_cache):
    from concurrent.futures import ThreadPoolExecutor

    load(PACKAGED)
    cached = load(PACKAGED)
    parsed = load(PACKAGED, cache=False)

    def names(_: int) -> list:
        return [(x.name, len(x.crew), len(x.events), x.sources) for x in cached.launches]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(names, range(8)))
    expected = [(x.name, len(x.crew), len(x.events), x.sources) for x in parsed.launches]
    assert all(result == expected for result in results)


def test_a_lookup_that_another_thread_fills_first_still_finds_the_field(isolated_cache):
    # A thread's lookup misses the instance's dict and reaches __getattr__; meanwhile another
    # thread fills the launch in and drops _pending. The first must still get the field.
    load(PACKAGED)
    cached = load(PACKAGED)
    launch = cached.by_id["soyuz-ms-27"]
    assert launch.name and launch.crew and "_pending" not in launch.__dict__  # the other thread
    assert model.Launch.__getattr__(launch, "name") == "Soyuz MS-27"
    assert model.Launch.__getattr__(launch, "crew") is launch.crew
    with pytest.raises(AttributeError):
        model.Launch.__getattr__(launch, "no_such_field")


def test_threads_reading_the_people_of_a_cached_dataset_share_one_of_each(isolated_cache):
    from concurrent.futures import ThreadPoolExecutor

    load(PACKAGED)
    cached = load(PACKAGED)
    crewed = [x for x in cached.launches if x.__dict__.get("_pending") and x.id.startswith("soyuz")]

    def people(k: int) -> list:
        launch = crewed[k]
        return [(seat.person, cached.people[seat.person.id]) for seat in launch.crew]

    with ThreadPoolExecutor(8) as pool:
        pairs = [pair for result in pool.map(people, range(8)) for pair in result]
    assert pairs and all(seat_person is person for seat_person, person in pairs)


def test_a_launch_with_defaults_is_built_as_before():
    site = model.Site("s", "Site", "Nowhere", "UTC")
    launch = model.Launch("x", "X", model.Instant.parse("2020-01-01"), site, "Rocket")
    assert (launch.crew, launch.events, launch.aliases, launch.notes) == ((), (), (), None)
    assert launch.utc_years == (2020, 2020)
    assert "at" in launch.__dict__ and "_pending" not in launch.__dict__
    with pytest.raises(AttributeError):
        launch.no_such_field  # noqa: B018


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


def test_a_row_that_does_not_rebuild_is_one_error_and_the_entry_goes(cli, write_dataset, isolated_cache):
    path = write_dataset()
    load(path)
    (entry,) = entries(isolated_cache)
    _forge_row(entry, b'["Test 1", 7]')
    result = cli("--data", str(path), "launch", "t1", "-f", "json")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == (f"almanac: {entry}: cache entry does not rebuild launch 'test-1' "
                             "(IndexError); it has been removed, run again\n")
    assert not entry.exists()
    again = cli("--data", str(path), "launch", "t1", "-f", "json")
    assert again.exit_code == 0 and json.loads(again.stdout)["name"] == "Test 1"


@pytest.mark.parametrize(("line", "what"), [(1, "the people (IndexError)"),
                                            (3, "launch 'test-1' (ValueError)")])
def test_a_crew_line_that_does_not_rebuild_is_one_error_and_the_entry_goes(
        line, what, cli, write_dataset, isolated_cache):
    path = write_dataset()
    load(path)
    (entry,) = entries(isolated_cache)
    _forge_row(entry, b'[["ann-test"]]', line=line)  # people, then the first launch's crew
    result = cli("--data", str(path), "launch", "t1", "-f", "json")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == (f"almanac: {entry}: cache entry does not rebuild {what}; "
                             "it has been removed, run again\n")
    assert not entry.exists()


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


def test_a_file_hashed_in_pieces_has_the_key_of_its_bytes(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(PACKAGED.read_bytes() * 3)  # several of hashlib.file_digest's pieces
    for path in (PACKAGED, big):
        key = dataset.hash_file(path, cache.key_hash()).hexdigest()
        assert key == cache.dataset_key(path.read_bytes())
        assert cache.DatasetCache(path, key=key).path == cache.DatasetCache(path, path.read_bytes()).path
    with pytest.raises(DatasetError, match="over the 10-byte limit"):
        dataset.hash_file(big, cache.key_hash(), max_bytes=10)
    with pytest.raises(DatasetError, match="no such dataset file"):
        dataset.hash_file(tmp_path / "missing.yaml", cache.key_hash())
    with pytest.raises(TypeError):
        cache.DatasetCache(big, b"raw", key="key")


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


def _rehead(entry: Path, good: bytes, change) -> None:
    """The body's first line changed by ``change`` (a dict -> None), with a right checksum."""
    _, head, rest = good.split(b"\n", 2)
    index = json.loads(head)
    change(index)
    body = json.dumps(index, separators=(",", ":")).encode() + b"\n" + rest
    _plant(entry, _header_for(entry, body), body)


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
    # the launches' index of the first line, with a right checksum
    "bad-precision": lambda entry, good: _rehead(
        entry, good, lambda index: index["launches"].update(precision="7")),
    "text-seconds": lambda entry, good: _rehead(
        entry, good, lambda index: index["launches"].update(seconds=["1590866565"])),
    "short-line-ends": lambda entry, good: _rehead(
        entry, good, lambda index: index.update(line_ends=index["line_ends"][8:])),
    "wrong-last-end": lambda entry, good: _rehead(
        entry, good, lambda index: index.update(line_ends=index["line_ends"][:-8] + "00000001")),
}


def test_a_first_line_rewritten_unchanged_is_still_read(write_dataset, isolated_cache, monkeypatch):
    # (so that each "rehead" corruption above is refused for its change, not for the rewrite)
    path = write_dataset()
    expected = load(path, cache=False)
    load(path)
    (entry,) = entries(isolated_cache)
    _rehead(entry, entry.read_bytes(), lambda index: None)
    parse_refused(monkeypatch)
    assert same(load(path), expected)


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


def test_a_body_past_the_line_ends_width_is_not_cached(write_dataset, isolated_cache, monkeypatch):
    path = write_dataset()
    monkeypatch.setattr(cache, "_END_DIGITS", 2)  # ends past 255 bytes no longer fit
    assert load(path).by_id["test-1"].name == "Test 1"
    assert entries(isolated_cache) == []
    monkeypatch.setattr(cache, "_END_DIGITS", 8)
    load(path)
    assert len(entries(isolated_cache)) == 1


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


# --- the fast YAML reader agrees with the full loader -------------------------------------


def _same_tree(a, b) -> None:
    assert type(a) is type(b), (a, b)
    if isinstance(a, dict):
        assert (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b))
        for key in a:
            _same_tree(a[key], b[key])
    elif isinstance(a, list):
        assert (a.line, len(a)) == (b.line, len(b))
        for x, y in zip(a, b, strict=True):
            _same_tree(x, y)
    else:
        assert a == b


TRICKY = """\
# comment
schema_version: 1
plain: [yes, No, on, OFF, ~, null, '', 0x1F, 0o17, 1_000, "1_000", 1:20, .5, -.inf, 1e3, 2.5e+3]
dates: [2020-05-30, "2020-05-30", 2020-05-30T19:22:45Z]
text: |
  two
  lines
folded: >-
  one
  line
flow: {a: 1, b: [x, {c: d}]}
anchored: &anchor [1, 2]
nested:
  - - deep
    - er
  - {}
  - []
empty:
unicode: "Байконур \\u00e9"
"""


@pytest.mark.parametrize("text", [TRICKY, MINIMAL_DATASET, PACKAGED.read_text(encoding="utf-8"),
                                  "", "---\n", "--- 5\n...\n", "just text\n", "- a\n- b\n"])
def test_fast_reader_matches_the_full_loader(text):
    import yaml

    _same_tree(dataset._read_plain_yaml(text), yaml.load(text, Loader=dataset._loader_class()))  # noqa: S506


@pytest.mark.parametrize("text", [
    "a: &x [1]\nb: *x\n", "a: !!str 5\n", "a: !custom 5\n", "a: 1\na: 2\n", "? [1]\n: 2\n", "1: one\n",
    "<<: {a: 1}\n", "--- 1\n--- 2\n", "a: [unclosed\n",
])
def test_fast_reader_leaves_the_unusual_to_the_full_loader(text):
    with pytest.raises(dataset._Unusual):
        dataset._read_plain_yaml(text)


def test_over_deep_nesting_reaches_neither_loader():
    # PyYAML's composer recurses in C: the depth is checked on events before it could run.
    with pytest.raises(dataset._TooDeep):
        dataset._read_plain_yaml("a: " + "[" * 100 + "]" * 100 + "\n")
    with pytest.raises(dataset._TooDeep):
        dataset._check_depth("a: !!str x\nb: " + "[" * 100 + "]" * 100 + "\n")


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_label_folding_matches_fold(label):
    assert dataset._fold_label(label) == fold(label)


def test_a_model_field_the_cache_does_not_know_turns_the_cache_off(write_dataset, monkeypatch):
    path = write_dataset()
    monkeypatch.setitem(cache.FIELDS, model.Seat, ("person", "role"))
    monkeypatch.setattr(cache, "_model_matches", cache._model_matches.__wrapped__)
    entry = cache.DatasetCache(path, path.read_bytes())
    assert entry.path is None and entry.save(load(path, cache=False)) is False


def test_cache_format_covers_every_model_field():
    assert sorted(cache.FIELDS[model.Launch]) == sorted(("id", "at", "site", *cache.LAUNCH_DETAILS,
                                                         *cache.LAUNCH_CREW))
    for cls, names in cache.FIELDS.items():
        assert tuple(f.name for f in dataclasses.fields(cls)) == names, cls.__name__
        # decode() fills __dict__ directly, which is only right for such classes
        assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__"), cls.__name__


def test_an_index_that_does_not_rebuild_is_one_error_and_the_entry_goes(cli, write_dataset, isolated_cache):
    path = write_dataset()
    load(path)
    (entry,) = entries(isolated_cache)
    _forge_row(entry, b'{"test1": 5}', line=-1)
    result = cli("--data", str(path), "launch", "t1", "-f", "json")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == (f"almanac: {entry}: cache entry does not rebuild the index of names "
                             "(IndexError); it has been removed, run again\n")
    assert not entry.exists()
    assert cli("--data", str(path), "launch", "t1", "-f", "json").exit_code == 0

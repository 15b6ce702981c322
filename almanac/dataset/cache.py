"""A cache of validated datasets in the user's cache folder, so most runs parse no YAML.

One file per dataset path, ``$XDG_CACHE_HOME/almanac/dataset-<hash of the path>.json``
(``~/.cache/almanac`` without XDG_CACHE_HOME). Its first line is a small JSON header that
carries the key (a hash of the dataset file's bytes, the schema, almanac's version, the cache
format and the code that reads datasets) and a hash of the body; the body is the whole
validated dataset as one line of JSON, rebuilt eagerly into the same frozen records a parse
gives (see encode and decode).

An entry is trusted for nothing: a stale key or a wrong hash means it is ignored and
rewritten; an entry that hashes right but does not rebuild into a dataset the validator would
have accepted (a forged or corrupt one: a time out of range, an unknown zone, a control
character in a text) is removed, the YAML is parsed again, and a one-line note says so. Only
regular files are opened, without following links or blocking. Writes go to a temporary file
renamed over the old one, so a reader sees the old entry or the new one, never half of one.
Any error in the cache folder just means running without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from almanac.domain.model import (
    Dataset,
    Event,
    Instant,
    Launch,
    Person,
    Precision,
    Seat,
    Site,
    Source,
    Station,
    restore,
    within_dataset_years,
)

CACHE_FORMAT = 4
ENV_NO_CACHE = "ALMANAC_NO_CACHE"
ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME"
MAX_ENTRY_BYTES = 512 * 1024 * 1024  # larger than any entry a dataset under --max-bytes makes


def enabled(flag: bool | None = None) -> bool:
    """Whether to use the cache: an explicit flag, else on unless $ALMANAC_NO_CACHE is set."""
    if flag is not None:
        return flag
    return os.environ.get(ENV_NO_CACHE, "").strip().lower() in ("", "0", "false", "no")


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/almanac, else ~/.cache/almanac; None when neither can be found."""
    return xdg_folder(ENV_XDG_CACHE_HOME, ".cache")


def xdg_folder(variable: str, *default: str) -> Path | None:
    """almanac's folder under an XDG base directory: $variable/almanac, else ~/default/almanac;
    None when neither can be found."""
    base = os.environ.get(variable, "")
    if base and os.path.isabs(base):  # the XDG spec says to ignore a relative path
        return Path(base) / "almanac"
    home = os.path.expanduser("~")
    if not home or home == "~":
        return None
    return Path(home).joinpath(*default, "almanac")


def dataset_key(raw: bytes) -> str:
    """The key of a dataset file's bytes under this almanac, schema, cache format and code."""
    from almanac import __version__
    from almanac.dataset.loader import SCHEMA_VERSION

    digest = hashlib.sha256(f"almanac {__version__} schema {SCHEMA_VERSION} cache {CACHE_FORMAT}\n"
                            .encode())
    digest.update(_code_fingerprint())
    digest.update(raw)
    return digest.hexdigest()


def _code_fingerprint() -> bytes:
    """The model's fields and the source of the code that reads, validates and caches a
    dataset: an edit to any of them (without a version bump) makes old entries stale."""
    from almanac.dataset import loader as dataset
    from almanac.dataset import yaml_reader
    from almanac.domain import model, text

    parts = [f"{cls.__name__}:{','.join(f.name for f in fields(cls))}".encode() for cls in _RECORDS]
    for module in (dataset, yaml_reader, model, text):
        parts.append(_source_hash(module.__file__))
    parts.append(_source_hash(__file__))
    return b"\n".join(parts)


def _source_hash(file: str | None) -> bytes:
    try:
        return hashlib.sha256(Path(file).read_bytes()).digest()
    except (OSError, TypeError):  # no source file (a frozen build): the version decides
        return b"-"


class CacheEntry:
    """One checksummed file in the cache folder, ``<kind>-<hash of the source's path>.json``:
    a JSON header (format, key, length and SHA-256 of the body) on the first line, then the
    body. Read only if it is a regular file (no link followed, no FIFO waited on), written in
    one step; any error means running without it."""

    def __init__(self, kind: str, source: Path, key: str, form: int, directory: Path | None = None):
        self.key, self.form = key, form
        directory = directory if directory is not None else cache_dir()
        name = hashlib.sha256(os.fsencode(os.path.abspath(source))).hexdigest()[:32]
        self.path = directory / f"{kind}-{name}.json" if directory is not None else None

    def body(self) -> bytes | None:
        """The body, if the entry exists, is of this format and key, and hashes right."""
        if self.path is None:
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.path, flags)
        except (OSError, ValueError):
            return None
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
                return None
            # the header, then the body read straight into one buffer of its length: a
            # body sliced off the whole file would be copied, megabytes of fresh memory
            head = os.pread(fd, 4096, 0)
            start = head.find(b"\n") + 1
            header = json.loads(head[:start]) if start else None
            if (not isinstance(header, dict) or header.get("format") != self.form
                    or header.get("key") != self.key or header.get("length") != status.st_size - start):
                return None  # stale or torn: rewritten after the parse
            body = _read_at(fd, status.st_size - start, start)
        except (OSError, ValueError):
            return None
        finally:
            os.close(fd)
        if len(body) != header["length"] or header.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        return body

    def discard(self) -> None:
        """Remove an entry that hashes right yet does not rebuild."""
        with contextlib.suppress(OSError):
            self.path.unlink()

    def write(self, body: bytes) -> bool:
        """Write the entry atomically; False (and no cache) if the folder is not writable."""
        if self.path is None:
            return False
        header = json.dumps({"format": self.form, "key": self.key, "length": len(body),
                             "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
        from almanac.output.atomic import replace_file

        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            replace_file(self.path, header + b"\n" + body, mode=0o600)
        except OSError:
            return False
        return True


def _read_at(fd: int, length: int, offset: int) -> bytes:
    """``length`` bytes of a file from ``offset`` (fewer if it ends first)."""
    pieces, got = [], 0
    while got < length and (piece := os.pread(fd, length - got, offset + got)):
        pieces.append(piece)  # one, unless a read stopped short (a signal)
        got += len(piece)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


class DatasetCache(CacheEntry):
    """The cache entry of one dataset file, for the bytes it has now."""

    def __init__(self, source: Path, raw: bytes, directory: Path | None = None):
        super().__init__("dataset", source, dataset_key(raw), CACHE_FORMAT, directory)

    def load(self, file: str) -> Dataset | None:
        """The cached dataset (its path set to ``file``), or None if missing, stale or corrupt."""
        body = self.body()
        if body is None:
            return None
        try:
            _check_text(body)
            parsed, body = json.loads(body), None  # the bytes are not needed while it rebuilds
            return decode(parsed, file, self.key)
        except Exception as exc:  # noqa: BLE001 - the entry hashes right yet does not rebuild
            from almanac.output.terminal import note

            self.discard()
            note(f"cache entry {self.path} did not rebuild ({type(exc).__name__}); "
                 "it was removed and the dataset read again")
            return None

    def save(self, dataset: Dataset) -> bool:
        """Write the entry atomically; False (and no cache) if the folder is not writable."""
        return self.write(encode(dataset))


# --- the dataset as JSON --------------------------------------------------------------------
# Each record is a list of its fields in the model's order (dataclasses.fields), so a new
# field needs no edit here. Records that others share (sites, people) are referred to by id,
# a time is [POSIX seconds, precision], and tuples are lists.

_RECORDS = (Source, Site, Station, Person, Seat, Event, Launch, Instant)
_PRECISIONS = list(Precision)


def _plain(value: Any) -> Any:
    if isinstance(value, Instant):
        return [int(value.utc.timestamp()), _PRECISIONS.index(value.precision)]
    if isinstance(value, (Site, Person)):
        return value.id
    if isinstance(value, (Source, Seat, Event)):
        return [_plain(getattr(value, f.name)) for f in fields(value)]
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def encode(dataset: Dataset) -> bytes:
    """A validated dataset as the cache's body (see decode)."""
    record = {
        "schema_version": dataset.schema_version,
        "sites": [[_plain(getattr(s, f.name)) for f in fields(Site)] for s in dataset.sites.values()],
        "stations": [[_plain(getattr(s, f.name)) for f in fields(Station)]
                     for s in dataset.stations.values()],
        "people": [[_plain(getattr(p, f.name)) for f in fields(Person)] for p in dataset.people.values()],
        "launches": [[_plain(getattr(x, f.name)) for f in fields(Launch)] for x in dataset.launches],
        "keys": {key: launch.id for key, launch in dataset.by_key.items()},
    }
    return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode(body: dict[str, Any], file: str, key: str | None = None) -> Dataset:
    """Rebuild the Dataset that encode() was given; raises on anything a parse could not
    have produced (the caller then discards the entry)."""
    from almanac.domain.zones import known_zone

    sources = _records(Source, {})
    sites = {}
    for values in body["sites"]:
        site = _record(Site, _plan(Site, {"sources": sources}), values)
        if not known_zone(site.zone):
            raise ValueError(f"unknown zone {site.zone!r}")
        sites[site.id] = site
    station_plan = _plan(Station, {})
    stations = {s[0]: _record(Station, station_plan, s) for s in body["stations"]}
    person_plan = _plan(Person, {"sources": sources})
    people = {p[0]: _record(Person, person_plan, p) for p in body["people"]}
    crew = _records(Seat, {"person": people.__getitem__})
    events = _records(Event, {"at": _instant, "end": _optional_instant})
    plan = _plan(Launch, {"at": _instant, "site": sites.__getitem__, "crew": crew, "events": events,
                          "sources": sources})
    # each launch's JSON is let go as soon as its record is built, so that the parsed JSON and
    # the records it becomes are never both whole in memory (bench/README.md, peak memory)
    rows = body.pop("launches")
    rows.reverse()
    launches = tuple(_record(Launch, plan, rows.pop()) for _ in range(len(rows)))
    by_id = {x.id: x for x in launches}
    return Dataset(path=file, schema_version=body["schema_version"], sites=sites, stations=stations,
                   people=people, launches=launches, by_id=by_id,
                   by_key={name: by_id[ident] for name, ident in body["keys"].items()}, key=key)


# Rebuilding: each record from its list of field values, in the model's field order, each value
# through its field's converter. Fields without one hold plain values (text, numbers, nothing)
# or tuples of them: their types are checked, never assumed, since the entry is untrusted.

_PLAIN = (str, int, bool, type(None))


def _plain_value(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if type(value) is list and all(type(v) in _PLAIN for v in value):
        return tuple(value)
    raise ValueError(f"unexpected {type(value).__name__}")


def _plan(cls: type, convert: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The name and converter of each field of a record class, in field order (None for a
    plain field)."""
    return tuple((f.name, convert.get(f.name)) for f in fields(cls))


def _record(cls: type, plan: tuple[tuple[str, Any], ...], values: Any) -> Any:
    if type(values) is not list or len(values) != len(plan):
        raise ValueError(f"{cls.__name__}: not a list of {len(plan)} values")
    # (most values are plain text: checked inline, a call each would double the time)
    return restore(cls, {name: convert(value) if convert is not None
                         else value if type(value) in _PLAIN else _plain_value(value)
                         for (name, convert), value in zip(plan, values, strict=True)})


def _records(cls: type, convert: dict[str, Any]) -> Any:
    """The converter of a field holding a list of records of this class."""
    plan = _plan(cls, convert)

    def build(values: Any) -> tuple[Any, ...]:
        if type(values) is not list:
            raise ValueError(f"not a list of {cls.__name__}")
        return tuple(_record(cls, plan, v) for v in values)

    return build


def _optional_instant(value: Any) -> Instant | None:
    return None if value is None else _instant(value)


def _instant(value: Any) -> Instant:
    if type(value) is not list or len(value) != 2:
        raise ValueError(f"not a time: {value!r}")
    seconds, precision = value
    if type(seconds) is not int or precision not in range(len(_PRECISIONS)):
        raise ValueError(f"not a time: {value!r}")
    instant = restore(Instant, {"utc": datetime.fromtimestamp(seconds, UTC),
                                "precision": _PRECISIONS[precision], "uncertain": False})
    if not within_dataset_years(instant):
        raise ValueError(f"a time in the year {instant.utc.year}")
    return instant


# A control character in a string of the body (see almanac.domain.text.CONTROL_CHARACTERS), as
# JSON writes it: \b, \f, \r or \uXXXX. It is one only after an even number of backslashes
# (an odd one makes it the text "\\u001b"), which _check_text counts.
_CONTROL_ESCAPE = re.compile(
    rb"\\(?:[bfr]|u(?:00(?:0[0-8b-f]|1[0-9a-f]|7f|[89][0-9a-f])|061c|200[ef]|202[89a-e]|206[6-9]))",
    re.IGNORECASE)


def _check_text(body: bytes) -> None:
    """Refuse a body holding what the validator refuses in text: control characters, which
    a parse could not have given. encode() writes ASCII, so anything else is forged too."""
    if not body.isascii():
        raise ValueError("characters that are not ASCII")
    for found in _CONTROL_ESCAPE.finditer(body):
        before = found.start()
        while before and body[before - 1] == ord("\\"):
            before -= 1
        if (found.start() - before) % 2 == 0:
            raise ValueError(f"a control character ({found.group().decode()})")



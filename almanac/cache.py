"""A cache of validated datasets in the user's cache folder, so most runs parse no YAML.

One file per dataset path, ``$XDG_CACHE_HOME/almanac/dataset-<hash of the path>.json``
(``~/.cache/almanac`` without XDG_CACHE_HOME). Its first line is a small JSON header that
carries the key (a hash of the dataset file's bytes, the schema, almanac's version, the
cache format and the model's fields) and a hash of the body; the rest is the dataset as
lines of compact JSON (see encode). A file whose key differs is stale, a file whose body
does not hash right or whose first line does not rebuild is corrupt: both are ignored and
rewritten. The lines after the first are decoded only when first needed; if one does
not rebuild then (only a deliberate edit that also fixed the hash can do that), the entry
is removed and that run ends with a DatasetError. Writes go to a temporary file that is
renamed over the old one, so a concurrent reader sees the old file or the new one, never
half of one. Any error in the cache folder just means running without a cache.
"""

from __future__ import annotations

import _thread
import contextlib
import functools
import hashlib
import json
import json.scanner
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import DatasetError
from .model import Dataset, Event, Instant, Launch, LazyIndex, Person, Precision, Seat, Site, Source, Station

CACHE_FORMAT = 3
ENV_NO_CACHE = "ALMANAC_NO_CACHE"
ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME"

# The fields each record is written with, in order (tests check them against the model); a
# launch's are split between the entry's first line and its own two (LAUNCH_DETAILS and
# LAUNCH_CREW, below).
FIELDS = {
    Source: ("url", "note"),
    Site: ("id", "name", "country", "zone", "aliases", "notes", "sources"),
    Station: ("id", "name", "aliases"),
    Person: ("id", "name", "agency", "country", "native_name", "aliases", "sources"),
    Seat: ("person", "role", "returned_on", "returned_unknown", "expeditions", "agency"),
    Event: ("type", "at", "target", "port", "description"),
    Launch: ("id", "name", "at", "site", "vehicle", "aliases", "program", "pad", "spacecraft",
             "crew", "events", "expeditions", "notes", "sources"),
    Instant: ("utc", "precision"),
}


def enabled(flag: bool | None = None) -> bool:
    """Whether to use the cache: an explicit flag, else on unless $ALMANAC_NO_CACHE is set."""
    if flag is not None:
        return flag
    return os.environ.get(ENV_NO_CACHE, "").strip().lower() in ("", "0", "false", "no")


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/almanac, else ~/.cache/almanac; None when neither can be found."""
    base = os.environ.get(ENV_XDG_CACHE_HOME, "")
    if base and os.path.isabs(base):  # the XDG spec says to ignore a relative path
        return Path(base) / "almanac"
    home = os.path.expanduser("~")
    if not home or home == "~":
        return None
    return Path(home) / ".cache" / "almanac"


def dataset_key(raw: bytes) -> str:
    """The key of a dataset file's bytes under this almanac, schema, cache format and code."""
    digest = key_hash()
    digest.update(raw)
    return digest.hexdigest()


def key_hash() -> Any:
    """A SHA-256 object that has been fed all of a key but the dataset file's bytes."""
    from . import __version__
    from .dataset import SCHEMA_VERSION

    digest = hashlib.sha256(f"almanac {__version__} schema {SCHEMA_VERSION} cache {CACHE_FORMAT}\n"
                            .encode())
    digest.update(_code_fingerprint())
    return digest


@functools.cache
def _model_matches() -> bool:
    from dataclasses import fields

    return all(tuple(f.name for f in fields(cls)) == names for cls, names in FIELDS.items())


def _code_fingerprint() -> bytes:
    """The model's fields and the source of the code that reads, validates and caches a
    dataset: an edit to any of them (without a version bump) still makes old entries stale."""
    from dataclasses import fields

    from . import dataset, model, text

    parts = [f"{cls.__name__}:{','.join(f.name for f in fields(cls))}".encode() for cls in FIELDS]
    for module in (dataset, model, text):
        try:
            parts.append(hashlib.sha256(Path(module.__file__).read_bytes()).digest())
        except (OSError, TypeError):  # no source file (a frozen build): the version decides
            parts.append(b"-")
    try:
        parts.append(hashlib.sha256(Path(__file__).read_bytes()).digest())
    except (OSError, TypeError):
        parts.append(b"-")
    return b"\n".join(parts)


class DatasetCache:
    """The cache entry of one dataset file, for the bytes it has now."""

    def __init__(self, source: Path, raw: bytes | None = None, directory: Path | None = None, *,
                 key: str | None = None):
        """The entry for ``source`` holding ``raw``, its bytes (or ``key``, their dataset_key)."""
        if (raw is None) == (key is None):
            raise TypeError("give the dataset's bytes or their key, not both")
        self.key = key if key is not None else dataset_key(raw)
        directory = directory if directory is not None else cache_dir()
        name = hashlib.sha256(os.fsencode(os.path.abspath(source))).hexdigest()[:32]
        self.path = directory / f"dataset-{name}.json" if directory is not None else None
        if not _model_matches():  # a model field this module does not know: run uncached
            self.path = None

    def load(self, file: str) -> Dataset | None:
        """The cached dataset (its path set to ``file``), or None if missing, stale or corrupt."""
        if self.path is None:
            return None
        try:
            with open(self.path, "rb") as entry:
                # in one read, into one buffer the size of the file: a readline first would
                # make read() copy the rest into a second one (3.4 MB for 10,000 launches)
                data = entry.read()
        except (OSError, ValueError):
            return None
        try:
            start = data.find(b"\n", 0, 4096) + 1
            if not start:
                return None
            fields = json.loads(data[:start])
            body = memoryview(data)[start:]
            if (fields.get("format") != CACHE_FORMAT or fields.get("key") != self.key
                    or fields.get("length") != len(body)
                    or fields.get("sha256") != hashlib.sha256(body).hexdigest()):
                return None
            return decode(data, file, self.path, start)
        except Exception:  # noqa: BLE001 - a cache that does not rebuild is treated as absent
            return None

    def save(self, dataset: Dataset) -> bool:
        """Write the entry atomically; False (and no cache) if the folder is not writable, or
        the dataset too large for the format (line ends past 4 GiB)."""
        if self.path is None:
            return False
        try:
            body = encode(dataset)
        except OverflowError:
            return False
        header = json.dumps({"format": CACHE_FORMAT, "key": self.key, "length": len(body),
                             "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
        from .atomic import replace_file

        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            replace_file(self.path, header + b"\n" + body, mode=0o600)
        except OSError:
            return False
        return True


# --- the dataset as JSON: lists in FIELDS order, records referred to by id ---------------
# The body is a first line of JSON with the sites, the stations and the launches' index,
# then these lines of JSON: the people; two lines for each launch, its details
# (LAUNCH_DETAILS) and its crew and sources (LAUNCH_CREW); the index of folded names and
# aliases. The first line gives each launch's id, time, site and the UTC years it and its
# events span: what Dataset's indexes (launch_seconds, year_spans) hold, which filtering by
# date and anniversaries read; and where each later line ends, so that one is read without
# splitting the rest. Everything else is read when first used: a launch's time when it is
# first read, its details or its crew and sources when one of them is (see model.Launch),
# the people when a crew is (or anything else reads them), the index on the first lookup
# by name (model.LazyIndex). So a run that lists one year of 10,000 launches decodes a few
# hundred, and anniversaries, which read no crew, build no people.
# An event's time is one integer, POSIX seconds * 4 + the precision's index; the launches'
# are a list of POSIX seconds and a text of precision indexes, one digit a launch (the
# seconds are also Dataset.launch_seconds). A source with no note is just its URL. Records
# are built by filling the __dict__ of the frozen records directly, which is what their
# generated __init__ does minus one frozen-setattr call per field, and two to three times
# faster. None of the model classes has __slots__ or a __post_init__ (tests check).

# The fields of a launch on its two lines, in order; the others are in the first line.
LAUNCH_DETAILS = ("name", "vehicle", "aliases", "program", "pad", "spacecraft", "events",
                  "expeditions", "notes")
LAUNCH_CREW = ("crew", "sources")

_PRECISION_LIST = list(Precision)
_PRECISION_INDEX = {p: i for i, p in enumerate(_PRECISION_LIST)}
_PRECISION_OF_DIGIT = {str(i): p for i, p in enumerate(_PRECISION_LIST)}
_END_DIGITS = 8  # hex digits of a line's end: bodies up to 4 GiB


def _instant(x: Instant) -> int:
    return int(x.utc.timestamp()) * 4 + _PRECISION_INDEX[x.precision]


def _sources(sources: tuple[Source, ...]) -> list[Any]:
    return [s.url if s.note is None else [s.url, s.note] for s in sources]


def _details(x: Launch) -> list[Any]:
    return [x.name, x.vehicle, list(x.aliases), x.program, x.pad, x.spacecraft,
            [[e.type, _instant(e.at), e.target, e.port, e.description] for e in x.events],
            list(x.expeditions), x.notes]


def _crew(x: Launch) -> list[Any]:
    return [[[s.person.id, s.role, s.returned_on, s.returned_unknown, list(s.expeditions), s.agency]
             for s in x.crew],
            _sources(x.sources)]


def encode(dataset: Dataset) -> bytes:
    """A validated dataset as the cache's body (see decode)."""
    index = {launch.id: i for i, launch in enumerate(dataset.launches)}
    site_index = {site_id: i for i, site_id in enumerate(dataset.sites)}
    launches = dataset.launches
    dumps = json.JSONEncoder(separators=(",", ":")).encode  # ASCII: no newline inside a line
    lines = [dumps([[p.id, p.name, p.agency, p.country, p.native_name, list(p.aliases),
                     _sources(p.sources)] for p in dataset.people.values()])]
    for x in launches:
        lines += (dumps(_details(x)), dumps(_crew(x)))
    # the folded names and aliases, so that a cached run need not fold them again
    lines.append(dumps({key: index[launch.id] for key, launch in dataset.by_key.items()}))
    ends, end = [], -1
    for line in lines:
        end += 1 + len(line)
        ends.append(f"{end:0{_END_DIGITS}x}")
    if end >= 16 ** _END_DIGITS:
        raise OverflowError(f"a body of {end} bytes has line ends past {_END_DIGITS} hex digits")
    head = {
        "schema_version": dataset.schema_version,
        "sites": [[s.id, s.name, s.country, s.zone, list(s.aliases), s.notes, _sources(s.sources)]
                  for s in dataset.sites.values()],
        "stations": [[s.id, s.name, list(s.aliases)] for s in dataset.stations.values()],
        "launches": {
            "id": [x.id for x in launches],
            "seconds": dataset.launch_seconds,
            "precision": "".join(str(_PRECISION_INDEX[x.at.precision]) for x in launches),
            "site": [site_index[x.site.id] for x in launches],
            "first_year": [first for first, _ in dataset.year_spans],
            "last_year": [last for _, last in dataset.year_spans],
        },
        # where each later line ends, counted from the start of the second, as one text of
        # fixed-width hex numbers: read one at a time, only for the lines read
        "line_ends": "".join(ends),
    }
    return "\n".join([dumps(head), *lines]).encode("ascii")


class _Rows:
    """The undecoded lines of a cached dataset: people, each launch's two, the index."""

    def __init__(self, data: bytes, start: int, ends: str, seconds: list[int], precisions: str,
                 entry: Path | None):
        self.data = data
        self.start = start  # of the body's second line in data; ends count from there
        self.ends = ends
        self.seconds = seconds
        self.precisions = precisions
        self.people: LazyIndex[Person] = LazyIndex(self._people)
        self.entry = entry
        self.lock = _thread.allocate_lock()  # threads reading one launch decode it once

    def line(self, k: int) -> Any:
        """The k-th line after the first, decoded."""
        ends, start, digits = self.ends, self.start, _END_DIGITS
        first = start + int(ends[digits * (k - 1):digits * k], 16) + 1 if k else start
        text = str(self.data[first:start + int(ends[digits * k:digits * (k + 1)], 16)], "ascii")
        value, end = _scan_json(text, 0)  # json.loads minus two calls in Python and a regex
        if end != len(text):
            raise ValueError(f"extra data after the value at {end}")
        return value

    def fill(self, launch: Launch, i: int, name: str | None) -> None:
        """Fill in the launch's time (when ``name`` is "at"), its crew and sources (when
        ``name`` is one of them), its other details (when it is one of those), or all it
        lacks (anything else)."""
        with self.lock:
            fields = launch.__dict__
            if "_pending" not in fields:
                return
            if "at" not in fields:
                fields["at"] = _instant_at(self.seconds[i], _PRECISION_OF_DIGIT[self.precisions[i]])
            if name == "at":
                return
            try:
                if "name" not in fields and name not in _CREW_FIELDS:
                    x = self.line(1 + 2 * i)
                    fields["name"], fields["vehicle"], fields["aliases"] = x[0], x[1], tuple(x[2])
                    fields["program"], fields["pad"], fields["spacecraft"] = x[3], x[4], x[5]
                    fields["events"] = tuple(map(_event, x[6])) if x[6] else ()
                    fields["expeditions"], fields["notes"] = tuple(x[7]), x[8]
                if "crew" not in fields and name not in _DETAIL_FIELDS:
                    crew, sources = self.line(2 + 2 * i)
                    people = self.people
                    fields["crew"] = tuple(_seat(s, people) for s in crew) if crew else ()
                    fields["sources"] = tuple(map(_source, sources))
            except DatasetError:  # the people's line, already reported as such
                raise
            except Exception as exc:  # noqa: BLE001 - checksummed, yet it does not rebuild
                raise self._broken(f"launch {launch.id!r}", exc) from None
            if "name" in fields and "crew" in fields:
                del fields["_pending"]

    def _people(self) -> dict[str, Person]:
        try:
            return {p[0]: _person(p) for p in self.line(0)}
        except Exception as exc:  # noqa: BLE001 - checksummed, yet it does not rebuild
            raise self._broken("the people", exc) from None

    def keys(self, launches: tuple[Launch, ...]) -> dict[str, Launch]:
        """The index of folded names from its line."""
        try:
            last = len(self.ends) // _END_DIGITS - 1
            return {key: launches[i] for key, i in self.line(last).items()}
        except Exception as exc:  # noqa: BLE001 - checksummed, yet it does not rebuild
            raise self._broken("the index of names", exc) from None

    def _broken(self, what: str, exc: Exception) -> DatasetError:
        """Remove the entry; the error that ends this run (the next one rebuilds it)."""
        if self.entry is not None:
            with contextlib.suppress(OSError):
                self.entry.unlink()
        return DatasetError(f"{self.entry}: cache entry does not rebuild {what} "
                            f"({type(exc).__name__}); it has been removed, run again")


_DETAIL_FIELDS = frozenset(LAUNCH_DETAILS)
_CREW_FIELDS = frozenset(LAUNCH_CREW)
_new, _from_timestamp = object.__new__, datetime.fromtimestamp
_scan_json = json.scanner.make_scanner(json.JSONDecoder())


def _time(value: int) -> Instant:
    """An event's time, from its one integer (see _instant)."""
    return _instant_at(value >> 2, _PRECISION_LIST[value & 3])


def _instant_at(seconds: int, precision: Precision) -> Instant:
    record = _new(Instant)
    fields = record.__dict__
    fields["utc"] = _from_timestamp(seconds, UTC)
    fields["precision"] = precision
    return record


def _source(value: Any) -> Source:
    record = _new(Source)
    fields = record.__dict__
    if type(value) is str:
        fields["url"], fields["note"] = value, None
    else:
        fields["url"], fields["note"] = value
    return record


def _seat(value: list[Any], people: dict[str, Person]) -> Seat:
    record = _new(Seat)
    fields = record.__dict__
    fields["person"] = people[value[0]]
    fields["role"], fields["returned_on"], fields["returned_unknown"] = value[1], value[2], value[3]
    fields["expeditions"], fields["agency"] = tuple(value[4]), value[5]
    return record


def _event(value: list[Any]) -> Event:
    record = _new(Event)
    fields = record.__dict__
    fields["type"], fields["at"] = value[0], _time(value[1])
    fields["target"], fields["port"], fields["description"] = value[2], value[3], value[4]
    return record


def _person(value: list[Any]) -> Person:
    record = _new(Person)
    fields = record.__dict__
    fields["id"], fields["name"], fields["agency"], fields["country"] = value[0], value[1], value[2], value[3]
    fields["native_name"], fields["aliases"] = value[4], tuple(value[5])
    fields["sources"] = tuple(map(_source, value[6]))
    return record


def decode(data: bytes, file: str, entry: Path | None = None, start: int = 0) -> Dataset:
    """Rebuild the Dataset that encode() was given, from the body that starts at ``start`` in
    ``data``; raises on anything malformed in the first line. The other lines are read when
    first needed: if one then does not rebuild (a body with a right checksum but wrong
    content), reading it raises DatasetError and the entry is removed."""
    end = data.find(b"\n", start)
    if end < 0:
        raise ValueError("no launch lines")
    head = json.loads(data[start:end])
    sites = {s[0]: Site(s[0], s[1], s[2], s[3], tuple(s[4]), s[5], tuple(map(_source, s[6])))
             for s in head["sites"]}
    site_list = list(sites.values())
    stations = {s[0]: Station(s[0], s[1], tuple(s[2])) for s in head["stations"]}
    index = head["launches"]
    ids = index["id"]
    ends = head["line_ends"]
    seconds, precisions = index["seconds"], index["precision"]
    if (not all(len(index[k]) == len(ids) for k in index)
            or len(ends) != _END_DIGITS * (2 * len(ids) + 2)
            or int(ends[-_END_DIGITS:], 16) != len(data) - end - 1
            or not all(type(x) is int for x in seconds) or precisions.strip("0123")):
        raise ValueError("the launches' index and lines do not match")
    reader = _Rows(data, end + 1, ends, seconds, precisions, entry)
    new = _new
    launches = []
    append = launches.append
    for i, (ident, site) in enumerate(zip(ids, index["site"], strict=True)):
        record = new(Launch)
        fields = record.__dict__
        fields["id"], fields["site"], fields["_pending"] = ident, site_list[site], (reader, i)
        append(record)
    ordered = tuple(launches)
    dataset = Dataset(
        path=file, schema_version=head["schema_version"], sites=sites, stations=stations,
        people=reader.people, launches=ordered, by_id=dict(zip(ids, ordered, strict=True)),
        by_key=LazyIndex(lambda: reader.keys(ordered)),
    )
    # the indexes that scans read instead of the launches (see Dataset)
    dataset.__dict__["launch_seconds"] = seconds
    dataset.__dict__["year_spans"] = list(zip(index["first_year"], index["last_year"], strict=True))
    return dataset

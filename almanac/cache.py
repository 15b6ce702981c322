"""A cache of validated datasets in the user's cache folder, so most runs parse no YAML.

One file per dataset path, ``$XDG_CACHE_HOME/almanac/dataset-<hash of the path>.json``
(``~/.cache/almanac`` without XDG_CACHE_HOME). Its first line is a small JSON header that
carries the key (a hash of the dataset file's bytes, the schema, almanac's version, the
cache format and the model's fields) and a hash of the body; the rest is the dataset as
compact JSON. A file whose key differs is stale, a file whose body does not hash right or
does not rebuild is corrupt: both are ignored and rewritten. Writes go to a temporary file
that is renamed over the old one, so a concurrent reader sees the old file or the new one,
never half of one. Any error in the cache folder just means running without a cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .model import Dataset, Event, Instant, Launch, Person, Precision, Seat, Site, Source, Station

CACHE_FORMAT = 1
ENV_NO_CACHE = "ALMANAC_NO_CACHE"
ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The fields each record is written with, in order (tests check them against the model).
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
    from . import __version__
    from .dataset import SCHEMA_VERSION

    digest = hashlib.sha256(f"almanac {__version__} schema {SCHEMA_VERSION} cache {CACHE_FORMAT}\n"
                            .encode())
    digest.update(_code_fingerprint())
    digest.update(raw)
    return digest.hexdigest()


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

    def __init__(self, source: Path, raw: bytes, directory: Path | None = None):
        self.key = dataset_key(raw)
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
                header = entry.readline(4096)
                body = entry.read()
        except (OSError, ValueError):
            return None
        try:
            fields = json.loads(header)
            if (fields.get("format") != CACHE_FORMAT or fields.get("key") != self.key
                    or fields.get("length") != len(body)
                    or fields.get("sha256") != hashlib.sha256(body).hexdigest()):
                return None
            text = body.decode("ascii")
            del body  # peak memory: hold one copy of the entry at a time
            data = json.loads(text)
            del text
            return decode(data, file)
        except Exception:  # noqa: BLE001 - a cache that does not rebuild is treated as absent
            return None

    def save(self, dataset: Dataset) -> bool:
        """Write the entry atomically; False (and no cache) if the folder is not writable."""
        if self.path is None:
            return False
        body = json.dumps(encode(dataset), separators=(",", ":")).encode("ascii")
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
# Times are one integer, POSIX seconds * 4 + the precision's index; a source with no note is
# just its URL. decode() is the hot path of every cached run: it fills the __dict__ of the
# many small frozen records (launches, seats, events, times, sources) directly, which is what
# their generated __init__ does minus one frozen-setattr call per field, and two to three
# times faster. None of the model classes has __slots__ or a __post_init__ (tests check).

_PRECISION_LIST = list(Precision)
_PRECISION_INDEX = {p: i for i, p in enumerate(_PRECISION_LIST)}


def _instant(x: Instant) -> int:
    return int((x.utc - _EPOCH).total_seconds()) * 4 + _PRECISION_INDEX[x.precision]


def _sources(sources: tuple[Source, ...]) -> list[Any]:
    return [s.url if s.note is None else [s.url, s.note] for s in sources]


def encode(dataset: Dataset) -> dict[str, Any]:
    """A validated dataset as plain JSON data (see decode)."""
    index = {launch.id: i for i, launch in enumerate(dataset.launches)}
    return {
        "schema_version": dataset.schema_version,
        "sites": [[s.id, s.name, s.country, s.zone, list(s.aliases), s.notes, _sources(s.sources)]
                  for s in dataset.sites.values()],
        "stations": [[s.id, s.name, list(s.aliases)] for s in dataset.stations.values()],
        "people": [[p.id, p.name, p.agency, p.country, p.native_name, list(p.aliases),
                    _sources(p.sources)] for p in dataset.people.values()],
        "launches": [
            [x.id, x.name, _instant(x.at), x.site.id, x.vehicle, list(x.aliases), x.program, x.pad,
             x.spacecraft,
             [[s.person.id, s.role, s.returned_on, s.returned_unknown, list(s.expeditions), s.agency]
              for s in x.crew],
             [[e.type, _instant(e.at), e.target, e.port, e.description] for e in x.events],
             list(x.expeditions), x.notes, _sources(x.sources)]
            for x in dataset.launches],
        # the folded names and aliases, so that a cached run need not fold them again
        "keys": {key: index[launch.id] for key, launch in dataset.by_key.items()},
    }


def decode(data: dict[str, Any], file: str) -> Dataset:
    """Rebuild the Dataset that encode() was given; raises on anything malformed."""
    new, from_timestamp, utc, precisions = object.__new__, datetime.fromtimestamp, UTC, _PRECISION_LIST

    def instant(value: int) -> Instant:
        record = new(Instant)
        fields = record.__dict__
        fields["utc"] = from_timestamp(value >> 2, utc)
        fields["precision"] = precisions[value & 3]
        return record

    def source(value: Any) -> Source:
        record = new(Source)
        fields = record.__dict__
        if type(value) is str:
            fields["url"], fields["note"] = value, None
        else:
            fields["url"], fields["note"] = value
        return record

    def seat(value: list[Any]) -> Seat:
        record = new(Seat)
        fields = record.__dict__
        fields["person"] = people[value[0]]
        fields["role"], fields["returned_on"], fields["returned_unknown"] = value[1], value[2], value[3]
        fields["expeditions"], fields["agency"] = tuple(value[4]), value[5]
        return record

    def event(value: list[Any]) -> Event:
        record = new(Event)
        fields = record.__dict__
        fields["type"], fields["at"] = value[0], instant(value[1])
        fields["target"], fields["port"], fields["description"] = value[2], value[3], value[4]
        return record

    sites = {s[0]: Site(s[0], s[1], s[2], s[3], tuple(s[4]), s[5], tuple(map(source, s[6])))
             for s in data["sites"]}
    stations = {s[0]: Station(s[0], s[1], tuple(s[2])) for s in data["stations"]}
    people = {p[0]: Person(p[0], p[1], p[2], p[3], p[4], tuple(p[5]), tuple(map(source, p[6])))
              for p in data["people"]}
    launches = []
    append = launches.append
    rows = data["launches"]
    for i, x in enumerate(rows):
        rows[i] = None  # free each row's lists once built: a lower peak for big datasets
        record = new(Launch)
        fields = record.__dict__
        fields["id"], fields["name"] = x[0], x[1]
        fields["at"] = at = new(Instant)
        at.__dict__["utc"], at.__dict__["precision"] = from_timestamp(x[2] >> 2, utc), precisions[x[2] & 3]
        fields["site"], fields["vehicle"], fields["aliases"] = sites[x[3]], x[4], tuple(x[5])
        fields["program"], fields["pad"], fields["spacecraft"] = x[6], x[7], x[8]
        fields["crew"] = tuple(map(seat, x[9])) if x[9] else ()
        fields["events"] = tuple(map(event, x[10])) if x[10] else ()
        fields["expeditions"], fields["notes"] = tuple(x[11]), x[12]
        fields["sources"] = tuple(map(source, x[13]))
        append(record)
    ordered = tuple(launches)
    return Dataset(
        path=file, schema_version=data["schema_version"], sites=sites, stations=stations,
        people=people, launches=ordered, by_id={x.id: x for x in ordered},
        by_key={key: ordered[i] for key, i in data["keys"].items()},
    )

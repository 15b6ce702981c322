"""The catalog as almanac uses it: GCAT's files read, each launch named and each site zoned,
ready to merge with a curated dataset; and its cache, so that warm runs read none of the TSV.

The cache works like the dataset's (almanac.dataset.cache): one file in the cache folder,
`catalog-<hash of the store's path>.json`, whose first line carries the key (a hash of both
GCAT files' bytes, almanac's version and the source of the code that reads them) and a hash
of the body. A stale, torn or foreign entry is ignored and rewritten; any error in the cache
folder just means running without one.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from almanac.domain.model import NOTABLE, ROUTINE, Precision
from almanac.errors import DatasetError

if TYPE_CHECKING:
    from almanac.catalog.gcat import GcatSite, LaunchLog

CACHE_FORMAT = 4
_T = TypeVar("_T")
DEEP_SPACE_WHY = "left Earth orbit (GCAT launch code DS)"
_PRECISIONS = list(Precision)
KEY_SEPARATOR = "\x1f"  # fold() leaves no control character in a key


class Entry(NamedTuple):
    """One GCAT launch: what a merge reads of every launch to order and place it (the rest,
    read when it becomes a Launch or is matched, is its Details)."""

    id: str
    tag: str
    seconds: int  # POSIX seconds of the launch time
    site_code: str
    air_note: str | None
    significance: int


class Details(NamedTuple):
    """The rest of a GCAT launch."""

    name: str
    aliases: list[str]
    precision: int  # index in Precision
    uncertain: bool
    pad: str | None
    vehicle: str
    numeric_tag: str
    code: str


class SiteEntry(NamedTuple):
    """A GCAT site code as the catalog's launches use it."""

    name: str
    state: str
    zone: str | None
    how: str
    reason: str | None


@dataclass
class Catalog:
    """GCAT's launches named and zoned, with the accounting of every row."""

    entries: list[Entry]
    # Beside each entry, in columns of their own since most runs read few of them: its
    # Details; the folded names that find that launch and no other GCAT launch, joined by
    # KEY_SEPARATOR (read by matching and by lookups); and its payloads joined by newlines
    # (read when the launch is shown). One text each reads far faster than a list of dozens.
    details: Sequence[Details]
    keys: Sequence[str]
    payloads: Sequence[str]
    sites: dict[str, SiteEntry]  # the codes the launches use
    rows: int
    skipped: dict[str, int] = field(default_factory=dict)
    updated: str | None = None  # the launch log's "# Updated" line
    sites_updated: str | None = None
    sites_in_table: int | None = None  # rows of sites.tsv, None without one
    library: bool = False  # whether zones could be looked up from coordinates

    @property
    def failures(self) -> int:
        return sum(1 for d in self.details if d.code[1:2] == "F")



def prepare(log: LaunchLog, sites: dict[str, GcatSite] | None, sites_updated: str | None = None,
            use_library: bool | None = None) -> Catalog:
    """Name every launch and zone every site code it uses."""
    from almanac.catalog import names
    from almanac.catalog.sites import ZoneFinder, air_launch_note
    from almanac.domain.text import fold

    finder = ZoneFinder(use_library)
    display = [names.display_name(launch) for launch in log.launches]
    slugs = [names.slug(name) for name in display]
    repeated = {s for s, n in Counter(slugs).items() if n > 1}
    ids = []
    for launch, base in zip(log.launches, slugs, strict=True):
        tag_id = names.tag_slug(launch.tag)
        # a name several launches share ('Molniya-2') is no id by itself: the tag makes it one
        ids.append(tag_id if not base else f"{base}-{tag_id}" if base in repeated else base)

    owner: dict[str, int] = {}  # folded name -> the one launch it names, -1 when shared
    for i, (launch, name) in enumerate(zip(log.launches, display, strict=True)):
        for text in (name, *names.aliases(launch, name), *names.search_names(launch)):
            key = fold(text)
            if key:
                owner[key] = i if owner.get(key, i) == i else -1

    entries, details, key_column, payload_column = [], [], [], []
    for i, (launch, name, ident) in enumerate(zip(log.launches, display, ids, strict=True)):
        aliases = list(names.aliases(launch, name))
        keys = {fold(ident), *(fold(t) for t in names.tag_forms(launch.tag))}
        keys.update(k for k in (fold(t) for t in (name, *aliases, *names.search_names(launch)))
                    if owner.get(k) == i)
        keys.discard("")
        key_column.append(KEY_SEPARATOR.join(sorted(keys)))
        payload_column.append("\n".join(_payload_text(p.piece, p.name, p.plname) for p in launch.payloads))
        entries.append(Entry(
            id=ident, tag=launch.tag, seconds=int(launch.at.utc.timestamp()), site_code=launch.site_code,
            air_note=air_launch_note(launch.platform, launch.ascent_site),
            significance=NOTABLE if launch.code.startswith("D") else ROUTINE))
        details.append(Details(
            name=name, aliases=aliases, precision=_PRECISIONS.index(launch.at.precision),
            uncertain=launch.at.uncertain, pad=launch.pad, vehicle=launch.vehicle,
            numeric_tag=names.numeric_tag(launch.tag), code=launch.code))

    used: dict[str, SiteEntry] = {}
    for launch in log.launches:
        code = launch.site_code
        if code not in used:
            site = (sites or {}).get(code)
            zone = finder.zone_of(code, site)
            used[code] = SiteEntry(site.name if site else code, site.state if site else "",
                                   zone.zone, zone.how, zone.reason)
    return Catalog(entries=entries, details=details, keys=key_column, payloads=payload_column, sites=used,
                   rows=log.rows,
                   skipped=dict(log.skipped),
                   updated=log.updated, sites_updated=sites_updated,
                   sites_in_table=len(sites) if sites is not None else None,
                   library=finder.use_library)


def _payload_text(piece: str, name: str, plname: str) -> str:
    """'1957 ALP 2: 1-y ISZ (PS-1)'."""
    label = name if plname in ("", "-", name) else f"{name} ({plname})"
    return f"{piece}: {label}" if piece and piece != "-" else label


# --- JSON ----------------------------------------------------------------------------------
# The catalog without its columns on one line, with the size of each column; then each column
# (details, keys, payloads), one JSON value a line. A run decodes only the lines it reads.


def encode(catalog: Catalog) -> bytes:
    """The catalog as the cache's body (see decode)."""
    columns = [b"\n".join(_json(value) for value in column)
               for column in ([list(d) for d in catalog.details], catalog.keys, catalog.payloads)]
    record = {
        "entries": [list(e) for e in catalog.entries],
        "sites": {code: list(site) for code, site in catalog.sites.items()},
        "rows": catalog.rows, "skipped": catalog.skipped, "updated": catalog.updated,
        "sites_updated": catalog.sites_updated, "sites_in_table": catalog.sites_in_table,
        "library": catalog.library, "columns": [len(column) for column in columns],
    }
    return b"\n".join([_json(record), *columns])


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode(body: bytes, where: str) -> Catalog:
    """Rebuild the Catalog encode() was given; raises on anything it could not have written
    (a column line that does not decode, DatasetError naming ``where`` when it is read)."""
    start = body.index(b"\n") + 1
    record = json.loads(body[:start])
    width = len(Entry._fields)
    entries = []
    for values in record["entries"]:
        if len(values) != width:
            raise ValueError(f"an entry of {len(values)} values, not {width}")
        entries.append(Entry._make(values))
    sites = {code: SiteEntry._make(values) for code, values in record["sites"].items()}
    columns = []
    for size, item in zip(record["columns"], (_details, _text, _text), strict=True):
        columns.append(Column(body, start, start + size, len(entries), where, item))
        start += size + 1
    if start != len(body) + 1:
        raise ValueError("the columns do not fill the entry")
    details, keys, payloads = columns
    return Catalog(entries=entries, details=details, keys=keys, payloads=payloads,
                   sites=sites, rows=record["rows"], skipped=record["skipped"],
                   updated=record["updated"], sites_updated=record["sites_updated"],
                   sites_in_table=record["sites_in_table"], library=record["library"])


_UNREAD = object()


class Column(Sequence[_T]):
    """One value per catalog entry, a JSON line each in ``body[start:end]``, decoded (through
    ``item``) the first time it is read: a year's listing reads a hundred of thousands. A
    column that is not one line per entry, or a line ``item`` refuses, is an error when read
    (the entry was forged)."""

    def __init__(self, body: bytes, start: int, end: int, length: int, where: str,
                 item: Callable[[Any], _T]):
        self._body, self._start, self._end = body, start, end
        self._length, self._where, self._item = length, where, item
        self._lines: list[bytes] | None = None
        self._values: list[Any] = []

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if self._lines is None:
            lines = self._body[self._start:self._end].split(b"\n") if self._length else []
            if len(lines) != self._length:
                self._damaged("not one line per launch")
            self._lines, self._values = lines, [_UNREAD] * self._length
        value = self._values[index]
        if value is _UNREAD:
            try:
                value = self._values[index] = self._item(json.loads(self._lines[index]))
            except ValueError as exc:
                self._damaged(str(exc))
        return value

    def _damaged(self, why: str) -> None:
        raise DatasetError(f"{self._where}: a damaged cache entry ({why}); remove it, and it is "
                           "made again")


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError("a column of the catalog is not a list of texts")
    return value


def _details(value: Any) -> Details:
    if type(value) is not list or len(value) != len(Details._fields):
        raise ValueError("a launch's details are not a list of their values")
    return Details._make(value)


# --- the cache -----------------------------------------------------------------------------


def catalog_key(digests: list[str]) -> str:
    """The key of a catalog's files (their SHA-256s) under this almanac and this code."""
    from almanac import __version__

    digest = hashlib.sha256(f"almanac {__version__} catalog cache {CACHE_FORMAT}\n".encode())
    digest.update(_code_fingerprint())
    for part in digests:
        digest.update(part.encode("ascii") + b"\n")
    return digest.hexdigest()


def _code_fingerprint() -> bytes:
    """The source of the code that reads, names and zones a catalog: an edit makes entries stale."""
    from almanac.dataset.cache import _source_hash

    # by path, not by importing them: a warm run needs none of these modules
    here = Path(__file__).resolve().parent
    files = [here / name for name in ("gcat.py", "names.py", "sites.py", "prepared.py")]
    files.append(here.parent / "domain" / "text.py")
    return b"\n".join(_source_hash(str(file)) for file in files)


class CatalogCache:
    """The cache entry of one catalog store, for the files it holds now."""

    def __init__(self, store: Path, key: str, directory: Path | None = None):
        from almanac.dataset.cache import CacheEntry

        self.entry = CacheEntry("catalog", store, key, CACHE_FORMAT, directory)
        self.key, self.path = key, self.entry.path

    def load(self) -> Catalog | None:
        """The cached catalog, or None if missing, stale or damaged."""
        body = self.entry.body()
        if body is None:
            return None
        try:
            return decode(body, str(self.entry.path))
        except Exception:  # noqa: BLE001 - it hashes right yet does not rebuild: read the files
            self.entry.discard()
            return None

    def save(self, catalog: Catalog) -> bool:
        """Write the entry in one step; False (and no cache) if the folder is not writable."""
        return self.entry.write(encode(catalog))

"""One set of launches from two layers: the curated dataset over the GCAT catalog.

A launch in both layers is one record, the curated one (its crew, events and sources), with
GCAT's launch tag added to its aliases. A curated record is matched to a GCAT launch by:

1. tag: an alias of the curated record that designates a launch ('1957-001B', '1957 Alpha 2',
   '1958-F07') names a GCAT launch of the same UTC day (a day either side, for a date known
   only to the day);
2. name: a GCAT launch of the same UTC day one of whose names is, or contains, the curated
   record's id, name or an alias ('Apollo 11' in 'Apollo 11 CSM', 'STS-31' in
   'Discovery (STS-31)');
3. time and place: the one GCAT launch in the same minute from the same site.

Curated records matched by none are reported by `almanac catalog status`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, datetime
from itertools import repeat

from almanac.catalog.names import launch_of_designation, slug, tag_slug
from almanac.catalog.prepared import DEEP_SPACE_WHY, KEY_SEPARATOR, Catalog, Details, Entry, SiteEntry
from almanac.domain.model import (
    ROUTINE,
    CatalogFacts,
    Dataset,
    Instant,
    Launch,
    Launches,
    Precision,
    Site,
    restore,
)
from almanac.domain.text import fold

_PRECISIONS = list(Precision)
DAY = 86400  # seconds; a POSIX time // DAY is its UTC day
_MIN_CONTAINED = 4  # a curated name shorter than this ('V2') is matched only whole


_PIECE = re.compile(r"^([0-9]{7})[a-z]{1,3}$|^([0-9]{4}[a-z]{2,4})[0-9]{1,2}$")


class LaunchKeys(Mapping[str, Launch]):
    """An index of the merged launches (by id, or by folded name). It is made of parts in
    order of precedence, each built the first time a lookup reaches it: most commands list
    launches and never look one up, and most lookups end in the first, small part. It holds
    positions in the merged Launches, so a launch is built when it is found. With ``pieces``,
    a miss on a COSPAR piece designation ('1957-001A', '1957 ALP 2') is looked up again as
    the launch that put the piece up ('1957-001')."""

    def __init__(self, launches: Launches, *parts: Callable[[], dict[str, int]], pieces: bool = True):
        self._launches, self._pieces = launches, pieces
        self._parts: list[Callable[[], dict[str, int]] | dict[str, int]] = list(parts)

    def _part(self, n: int) -> dict[str, int]:
        part = self._parts[n]
        if not isinstance(part, dict):
            part = self._parts[n] = part()
        return part

    def _position(self, key: str) -> int | None:
        for n in range(len(self._parts)):
            found = self._part(n).get(key)
            if found is not None:
                return found
        return None

    def _found(self, key: str) -> int | None:
        """The position the key names, a piece designation's launch included."""
        found = self._position(key)
        if found is None and self._pieces:
            piece = _PIECE.match(key)
            found = self._position(piece.group(1) or piece.group(2)) if piece else None
        return found

    def __getitem__(self, key: str) -> Launch:
        found = self._found(key)
        if found is None:
            raise KeyError(key)
        return self._launches[found]

    def __contains__(self, key: object) -> bool:  # without building the launch
        return isinstance(key, str) and self._found(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def _keys(self) -> dict[str, None]:
        return dict.fromkeys(key for n in range(len(self._parts)) for key in self._part(n))


@dataclass
class Match:
    curated: str  # curated launch id
    tag: str  # GCAT launch tag
    how: str  # "tag", "name" or "time and site"


@dataclass
class MergeReport:
    """What the merge did: which curated records were matched, which were not and why."""

    matched: list[Match] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (curated id, why)
    gcat_only: int = 0
    merged_rows: int = 0  # launch-log rows of the matched GCAT launches
    zones: dict[str, int] = field(default_factory=dict)  # how GCAT-only launches got their zone


@dataclass
class Matches:
    """Which GCAT launch each curated record is: the part of a merge that compares the two
    layers, kept in the cache (almanac.catalog.matches) since it changes only with them."""

    taken: dict[int, str]  # catalog entry index -> curated id
    extra: dict[str, tuple[str, ...]]  # curated id -> the GCAT tag forms it gains as aliases
    report: MergeReport  # matched, unmatched and merged_rows


def match(dataset: Dataset, catalog: Catalog) -> Matches:
    """Match every curated launch to its GCAT launch, if it has one (see the module's doc)."""
    from almanac.catalog.names import tag_forms

    report = MergeReport()
    entries = catalog.entries
    by_tag = {d.numeric_tag: i for i, d in enumerate(catalog.details)}
    by_day: dict[int, list[int]] = defaultdict(list)  # UTC days since 1970 (negative before)
    for i, e in enumerate(entries):
        by_day[e.seconds // DAY].append(i)
    site_of_code = _curated_sites(dataset)
    curated_keys = _keys_by_launch(dataset)
    last_day = max(by_day) if by_day else None

    taken: dict[int, str] = {}
    for launch in dataset.launches:
        found, how = _find(launch, catalog, by_tag, by_day, curated_keys.get(launch.id, set()), site_of_code)
        if found is not None and found in taken:
            report.unmatched.append((launch.id, f"its GCAT launch {entries[found].tag} is already "
                                                f"matched by {taken[found]}"))
            continue
        if found is None:
            report.unmatched.append((launch.id, _why_unmatched(launch, last_day)))
            continue
        taken[found] = launch.id
        report.matched.append(Match(launch.id, entries[found].tag, how))

    extra: dict[str, tuple[str, ...]] = {}
    for index, ident in taken.items():
        have = curated_keys.get(ident, set())
        extra[ident] = tuple(t for t in tag_forms(entries[index].tag) if fold(t) not in have)
        report.merged_rows += catalog.payloads[index].count("\n") + 1
    return Matches(taken, extra, report)


def merge(dataset: Dataset, catalog: Catalog, matches: Matches | None = None) -> tuple[Dataset, MergeReport]:
    """The curated dataset and the catalog as one Dataset, and what happened; ``matches``
    is match(dataset, catalog), when it is known already."""
    if matches is None:
        matches = match(dataset, catalog)
    taken, entries = matches.taken, catalog.entries
    report = MergeReport(matches.report.matched, matches.report.unmatched,
                         merged_rows=matches.report.merged_rows)
    site_of_code = _curated_sites(dataset)

    # curated records gain the GCAT tag as an alias
    curated: dict[str, Launch] = {x.id: x for x in dataset.launches}
    for ident, extra in matches.extra.items():
        if extra:
            launch = curated[ident]
            curated[ident] = restore(Launch, {**vars(launch), "aliases": (*launch.aliases, *extra)})

    sites = dict(dataset.sites)
    placed = {code: _place(code, catalog.sites, site_of_code, sites) for code in catalog.sites}
    zones: dict[str, int] = defaultdict(int)
    # GCAT-only launches become records when read (model.Launches): here, only what ordering,
    # ids and selections need of them
    plans: dict[int, tuple[str, Site, str | None]] = {}  # entry index -> id, site, why UTC only
    order = [(int(x.at.utc.timestamp()), x.id, x) for x in curated.values()]
    for i, entry in enumerate(entries):
        if i in taken:
            continue
        site, how, reason = placed.get(entry.site_code) or _place(entry.site_code, catalog.sites,
                                                                 site_of_code, sites)
        note = entry.air_note or reason
        zones["utc only" if note else how] += 1
        ident = entry.id if entry.id not in dataset.by_id else f"{entry.id}-{tag_slug(entry.tag)}"
        plans[i] = (ident, site, note)
        order.append((entry.seconds, ident, i))
    order.sort()  # by time, then id: ids are unique, so the items themselves are never compared
    position = {ident: n for n, (_, ident, _) in enumerate(order)}

    def build(i: int) -> Launch:
        return _launch(entries[i], catalog.details[i], catalog.payloads[i], *plans[i])

    def winners() -> dict[str, int]:
        # the curated layer wins every name it has; an id (which folds to itself less its
        # hyphens) is the one key no other record may take
        keys = {key: position[launch.id] for key, launch in dataset.by_key.items()}
        keys.update((ident.replace("-", ""), position[ident]) for ident, _, _ in plans.values())
        return keys

    def names() -> dict[str, int]:
        keys: dict[str, int] = {}
        for i in range(len(entries)):
            owner = position[taken[i] if i in taken else plans[i][0]]
            keys.update(zip(catalog.keys[i].split(KEY_SEPARATOR), repeat(owner)))
        return keys

    report.gcat_only = len(plans)
    report.zones = dict(zones)
    launches = Launches([item for _, _, item in order], build, lambda i: entries[i].significance)
    merged = Dataset(path=dataset.path, schema_version=dataset.schema_version, sites=sites,
                     stations=dataset.stations, people=dataset.people, launches=launches,
                     by_id=LaunchKeys(launches, lambda: position, pieces=False),
                     by_key=LaunchKeys(launches, winners, names))
    return merged, report


def _curated_sites(dataset: Dataset) -> dict[str, Site]:
    """GCAT site codes to the curated sites that list them among their aliases."""
    out: dict[str, Site] = {}
    for site in dataset.sites.values():
        for alias in site.aliases:
            out.setdefault(alias, site)
    return out


def _keys_by_launch(dataset: Dataset) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for key, launch in dataset.by_key.items():
        out[launch.id].add(key)
    return out


def _find(launch: Launch, catalog: Catalog, by_tag: dict[str, int], by_day: dict[int, list[int]],
          keys: set[str], site_of_code: dict[str, Site]) -> tuple[int | None, str]:
    entries = catalog.entries
    seconds = int(launch.at.utc.timestamp())
    day = seconds // DAY
    for alias in launch.aliases:
        tag = launch_of_designation(alias)
        index = by_tag.get(tag) if tag else None
        if index is not None and abs(entries[index].seconds // DAY - day) <= 1:
            return index, "tag"
    same_day = by_day.get(day, ())
    long_keys = [k for k in keys if len(k) >= _MIN_CONTAINED]
    for index in same_day:
        names = catalog.keys[index].split(KEY_SEPARATOR)
        if any(k in keys for k in names) or any(k in name for name in names for k in long_keys):
            return index, "name"
    if launch.at.precision.has_clock_time:
        close = [i for i in same_day if _PRECISIONS[catalog.details[i].precision].has_clock_time
                 and abs(entries[i].seconds - seconds) < 60
                 and site_of_code.get(entries[i].site_code) is launch.site]
        if len(close) == 1:
            return close[0], "time and site"
    return None, ""


def _why_unmatched(launch: Launch, last_day: int | None) -> str:
    day = launch.at.utc.date()
    if last_day is not None and int(launch.at.utc.timestamp()) // DAY > last_day:
        last = datetime.fromtimestamp(last_day * DAY, UTC).date()
        return f"after the catalog's last launch ({last.isoformat()})"
    return f"no GCAT launch on {day.isoformat()} with its tag, a matching name, or its minute and site"


def _place(code: str, known: dict[str, SiteEntry], curated: dict[str, Site],
           sites: dict[str, Site]) -> tuple[Site, str, str | None]:
    """The site of a GCAT code, how its zone was found, and why there is none (then UTC only);
    a new GCAT site is added to ``sites``."""
    site = curated.get(code)
    if site is not None:
        return site, "curated site", None
    site = _gcat_site(code, known, sites)
    sites[site.id] = site
    entry = known.get(code)
    return site, entry.how if entry else "none", None if site.zone != "UTC" else (
        entry.reason if entry and entry.reason else f"no zone known for GCAT site {code}")


def _gcat_site(code: str, known: dict[str, SiteEntry], taken: dict[str, Site]) -> Site:
    """A site for a GCAT code that no curated site lists."""
    entry = known.get(code) or SiteEntry(code, "", None, "none", f"GCAT site {code} is unknown")
    ident = slug(code) or "site"
    if ident in taken:
        ident = f"gcat-{ident}"
    notes = (f"GCAT site {code}; zone " + {"hand": "checked by hand", "coordinates": "from its coordinates"}
             .get(entry.how, "unknown: times in UTC only") + (f" ({entry.reason})" if entry.reason else ""))
    return Site(id=ident, name=entry.name, country=entry.state, zone=entry.zone or "UTC",
                aliases=(code,), notes=notes)


_LAUNCH_DEFAULTS = {f.name: f.default for f in fields(Launch) if f.default is not MISSING}


def _launch(entry: Entry, details: Details, payloads: str, ident: str, site: Site,
            note: str | None) -> Launch:
    # (unpacked once: a command that reads them all builds thousands)
    _, tag, seconds, site_code, _, significance = entry
    name, aliases, precision, uncertain, pad, vehicle, _, code = details
    at = restore(Instant, {"utc": datetime.fromtimestamp(seconds, UTC), "precision": _PRECISIONS[precision],
                           "uncertain": uncertain})
    facts = restore(CatalogFacts, {"tag": tag, "code": code, "failed": code[1:2] == "F",
                                   "site_code": site_code, "payloads": tuple(payloads.split("\n")),
                                   "no_local_time": note})
    return restore(Launch, {**_LAUNCH_DEFAULTS, "id": ident, "name": name, "at": at, "site": site,
                            "vehicle": vehicle, "aliases": tuple(aliases), "pad": pad,
                            "significance": significance, "catalog": facts,
                            "why": DEEP_SPACE_WHY if significance != ROUTINE else None})

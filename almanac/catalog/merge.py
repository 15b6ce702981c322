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
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from itertools import repeat

from almanac.catalog.names import launch_of_designation, slug, tag_forms, tag_slug
from almanac.catalog.prepared import DEEP_SPACE_WHY, KEY_SEPARATOR, Catalog, Entry, SiteEntry
from almanac.domain.model import ROUTINE, CatalogFacts, Dataset, Instant, Launch, Precision, Site, restore
from almanac.domain.text import fold

_PRECISIONS = list(Precision)
_MIN_CONTAINED = 4  # a curated name shorter than this ('V2') is matched only whole


_PIECE = re.compile(r"^([0-9]{7})[a-z]{1,3}$|^([0-9]{4}[a-z]{2,4})[0-9]{1,2}$")


class LaunchKeys(Mapping[str, Launch]):
    """The merged index of folded names, built on first use: most commands list launches and
    never look one up by name. A miss on a COSPAR piece designation ('1957-001A', '1957 ALP 2')
    is looked up again as the launch that put the piece up ('1957-001')."""

    def __init__(self, build: Callable[[], dict[str, Launch]]):
        self._build: Callable[[], dict[str, Launch]] | None = build
        self._keys: dict[str, Launch] = {}

    def _index(self) -> dict[str, Launch]:
        if self._build is not None:
            self._keys, self._build = self._build(), None
        return self._keys

    def __getitem__(self, key: str) -> Launch:
        keys = self._index()
        found = keys.get(key)
        if found is None:
            piece = _PIECE.match(key)
            found = keys.get(piece.group(1) or piece.group(2)) if piece else None
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


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


def merge(dataset: Dataset, catalog: Catalog) -> tuple[Dataset, MergeReport]:
    """The curated dataset and the catalog as one Dataset, and what happened."""
    report = MergeReport()
    entries = catalog.entries
    by_tag = {e.numeric_tag: i for i, e in enumerate(entries)}
    by_day: dict[date, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        by_day[_day(e.seconds)].append(i)
    site_of_code = _curated_sites(dataset)
    curated_keys = _keys_by_launch(dataset)
    last_day = max(by_day) if by_day else None

    taken: dict[int, str] = {}  # entry index -> curated id
    for launch in dataset.launches:
        found, how = _find(launch, entries, by_tag, by_day, curated_keys.get(launch.id, set()), site_of_code)
        if found is not None and found in taken:
            report.unmatched.append((launch.id, f"its GCAT launch {entries[found].tag} is already "
                                                f"matched by {taken[found]}"))
            continue
        if found is None:
            report.unmatched.append((launch.id, _why_unmatched(launch, last_day)))
            continue
        taken[found] = launch.id
        report.matched.append(Match(launch.id, entries[found].tag, how))

    # curated records gain the GCAT tag as an alias
    curated: dict[str, Launch] = {x.id: x for x in dataset.launches}
    for index, ident in taken.items():
        launch = curated[ident]
        have = curated_keys.get(ident, set())
        extra = tuple(t for t in tag_forms(entries[index].tag) if fold(t) not in have)
        if extra:
            curated[ident] = replace(launch, aliases=(*launch.aliases, *extra))
        report.merged_rows += entries[index].payloads.count("\n") + 1

    sites = dict(dataset.sites)
    placed = {code: _place(code, catalog.sites, site_of_code, sites) for code in catalog.sites}
    zones: dict[str, int] = defaultdict(int)
    launches: list[Launch] = []
    owners: list[Launch] = []  # the record each entry's names find
    for i, entry in enumerate(entries):
        if i in taken:
            owners.append(curated[taken[i]])
            continue
        site, how, reason = placed.get(entry.site_code) or _place(entry.site_code, catalog.sites,
                                                                 site_of_code, sites)
        note = entry.air_note or reason
        zones["utc only" if note else how] += 1
        launch = _launch(entry, site, note, dataset.by_id)
        launches.append(launch)
        owners.append(launch)

    def build_index() -> dict[str, Launch]:
        keys: dict[str, Launch] = {}
        for entry, owner in zip(entries, owners, strict=True):
            keys.update(zip(entry.keys.split(KEY_SEPARATOR), repeat(owner)))
        # the curated layer wins every name it has; an id (which folds to itself less its
        # hyphens) is the one key no other record may take
        keys.update((key, curated[launch.id]) for key, launch in dataset.by_key.items())
        keys.update((launch.id.replace("-", ""), launch) for launch in launches)
        return keys

    report.gcat_only = len(launches)
    report.zones = dict(zones)

    everything = sorted((*curated.values(), *launches), key=lambda x: (x.at.utc, x.id))
    merged = Dataset(path=dataset.path, schema_version=dataset.schema_version, sites=sites,
                     stations=dataset.stations, people=dataset.people, launches=tuple(everything),
                     by_id={x.id: x for x in everything}, by_key=LaunchKeys(build_index))
    return merged, report


def _day(seconds: int) -> date:
    return datetime.fromtimestamp(seconds, UTC).date()


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


def _find(launch: Launch, entries: list[Entry], by_tag: dict[str, int], by_day: dict[date, list[int]],
          keys: set[str], site_of_code: dict[str, Site]) -> tuple[int | None, str]:
    day = launch.at.utc.date()
    near = (day - timedelta(days=1), day, day + timedelta(days=1))
    for alias in launch.aliases:
        tag = launch_of_designation(alias)
        index = by_tag.get(tag) if tag else None
        if index is not None and _day(entries[index].seconds) in near:
            return index, "tag"
    same_day = by_day.get(day, ())
    long_keys = [k for k in keys if len(k) >= _MIN_CONTAINED]
    for index in same_day:
        names = entries[index].keys.split(KEY_SEPARATOR)
        if any(k in keys for k in names) or any(k in name for name in names for k in long_keys):
            return index, "name"
    if launch.at.precision.has_clock_time:
        seconds = int(launch.at.utc.timestamp())
        close = [i for i in same_day if _PRECISIONS[entries[i].precision].has_clock_time
                 and abs(entries[i].seconds - seconds) < 60
                 and site_of_code.get(entries[i].site_code) is launch.site]
        if len(close) == 1:
            return close[0], "time and site"
    return None, ""


def _why_unmatched(launch: Launch, last_day: date | None) -> str:
    day = launch.at.utc.date()
    if last_day is not None and day > last_day:
        return f"after the catalog's last launch ({last_day.isoformat()})"
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
def _launch(entry: Entry, site: Site, note: str | None, curated_ids: dict[str, Launch]) -> Launch:
    ident = entry.id if entry.id not in curated_ids else f"{entry.id}-{tag_slug(entry.tag)}"
    at = restore(Instant, {"utc": datetime.fromtimestamp(entry.seconds, UTC),
                           "precision": _PRECISIONS[entry.precision], "uncertain": entry.uncertain})
    facts = restore(CatalogFacts, {"tag": entry.tag, "code": entry.code, "failed": entry.code[1:2] == "F",
                                   "site_code": entry.site_code,
                                   "payloads": tuple(entry.payloads.split("\n")),
                                   "no_local_time": note})
    return restore(Launch, {**_LAUNCH_DEFAULTS, "id": ident, "name": entry.name, "at": at, "site": site,
                            "vehicle": entry.vehicle, "aliases": tuple(entry.aliases), "pad": entry.pad,
                            "significance": entry.significance, "catalog": facts,
                            "why": DEEP_SPACE_WHY if entry.significance != ROUTINE else None})

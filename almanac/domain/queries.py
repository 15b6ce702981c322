"""Queries over the in-memory model: pure functions returning model objects."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from almanac.errors import NotFoundError, UsageError
from almanac.domain.model import Dataset, Launch, Site
from almanac.domain.text import fold


def suggestions(query: str, keys: Iterable[str], labels: dict[str, str], n: int = 3) -> list[str]:
    """Close matches for a query among folded keys, as the labels users should type."""
    import difflib  # only when something was not found

    matches = difflib.get_close_matches(fold(query), list(keys), n=n * 3, cutoff=0.5)
    out: list[str] = []
    for key in matches:
        label = labels[key]
        if label not in out:
            out.append(label)
    return out[:n]


def find_launch(dataset: Dataset, query: str) -> Launch:
    """The launch whose id, name or alias matches the query, ignoring case and punctuation."""
    launch = dataset.by_key.get(fold(query))
    if launch is not None:
        return launch
    close = suggestions(query, dataset.by_key, {k: v.id for k, v in dataset.by_key.items()})
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise NotFoundError(f"no launch matches {query!r}{hint}")


def find_launches(dataset: Dataset, queries: Iterable[str]) -> list[Launch]:
    """find_launch for each query, in order."""
    return [find_launch(dataset, q) for q in queries]


# --- listings -----------------------------------------------------------------------------

SORT_KEYS = ("date", "id", "name", "site", "vehicle", "program")


@dataclass(frozen=True)
class LaunchFilter:
    """What `almanac list` selects. Dates are UTC calendar dates, inclusive."""

    start: date | None = None
    end: date | None = None
    site: str | None = None
    vehicle: str | None = None
    program: str | None = None
    person: str | None = None
    crewed: bool | None = None
    search: str | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise UsageError(f"the range ends ({self.end}) before it starts ({self.start})")


def _folder() -> Callable[[str], str]:
    """fold(), remembering its answers: vehicles, programs and sites repeat across launches."""
    seen: dict[str, str] = {}

    def folded(text: str) -> str:
        key = seen.get(text)
        if key is None:
            key = seen[text] = fold(text)
        return key

    return folded


def filter_launches(dataset: Dataset, criteria: LaunchFilter, sort: str = "date",
                    limit: int | None = None) -> list[Launch]:
    """Launches matching every criterion, sorted (date, then id) and cut to limit."""
    if sort not in SORT_KEYS:
        raise UsageError(f"unknown sort key {sort!r} (choose from: {', '.join(SORT_KEYS)})")
    site = find_site(dataset, criteria.site).id if criteria.site else None
    person = find_person_id(dataset, criteria.person) if criteria.person else None
    vehicle = fold(criteria.vehicle) if criteria.vehicle else None
    program = fold(criteria.program) if criteria.program else None
    search = fold(criteria.search) if criteria.search else None
    folded = _folder()
    out = []
    for launch in _in_dates(dataset, criteria.start, criteria.end):
        if site and launch.site.id != site:
            continue
        if vehicle and folded(launch.vehicle) != vehicle:
            continue
        if program and folded(launch.program or "") != program:
            continue
        if criteria.crewed is not None and launch.crewed != criteria.crewed:
            continue
        if person and all(seat.person.id != person for seat in launch.crew):
            continue
        if search and not any(search in fold(v) for v in (launch.id, launch.name, launch.notes,
                                                          *launch.aliases) if v):
            continue
        out.append(launch)
    if sort != "date":
        # Names and ids are unique; sites, vehicles and programs repeat: fold each value once.
        fold_key = fold if sort in ("id", "name") else folded
        out.sort(key=lambda x: (fold_key(_sort_value(x, sort)), x.at.utc, x.id))
    return out[:limit] if limit is not None else out


def _in_dates(dataset: Dataset, start: date | None, end: date | None) -> Iterable[Launch]:
    """The launches whose UTC date is from start to end (inclusive)."""
    if start is None and end is None:
        return dataset.launches
    return [launch for launch in dataset.launches
            if (start is None or launch.at.utc.date() >= start) and (end is None or launch.at.utc.date() <= end)]


def _sort_value(launch: Launch, key: str) -> str:
    if key == "site":
        return launch.site.id
    return getattr(launch, key) or ""


def find_site(dataset: Dataset, query: str) -> Site:
    """A site by id, name or alias (case and punctuation ignored)."""
    key = fold(query)
    for site in dataset.sites.values():
        if key in (fold(site.id), fold(site.name), *(fold(a) for a in site.aliases)):
            return site
    labels = {fold(s.id): s.id for s in dataset.sites.values()}
    labels.update({fold(s.name): s.id for s in dataset.sites.values()})
    close = suggestions(query, labels, labels)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise NotFoundError(f"no site matches {query!r}{hint}")


def find_person_id(dataset: Dataset, query: str) -> str:
    """The id of the one person a query names (see people.find_person)."""
    from almanac.domain.people import find_person

    return find_person(dataset, query).id

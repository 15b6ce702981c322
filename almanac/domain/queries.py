"""Queries over the in-memory model: pure functions returning model objects."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from almanac.domain.lookup import close_matches, find, keyed, lookup, not_found
from almanac.domain.model import Dataset, Launch, Launches, Site
from almanac.domain.text import fold, fold_words
from almanac.errors import NotFoundError, UsageError


def find_launch(dataset: Dataset, query: str) -> Launch:
    """The launch whose id, name or alias matches the query, ignoring case and punctuation."""
    launch = lookup(dataset.by_key, query)
    if launch is not None:
        return launch
    close = close_matches(dataset.by_key, query, lambda x: x.id)
    raise NotFoundError(not_found("launch", query, close, "" if close else _outside_hint(dataset, query)))


def _outside_hint(dataset: Dataset, query: str) -> str:
    """Where to look for what is not a launch of the dataset: a person of that name, launches
    that mention it (an orbiter, a capsule), or what the dataset covers."""
    from almanac.domain.people import search_people

    shown = query if len(query) <= 40 else query[:40] + "..."
    if search_people(dataset, query):
        return f"{shown!r} is a person: try 'almanac person {shown}'"
    mentioned = [x for x in dataset.launches if _matches(x, fold_words(query))]
    if mentioned:
        return (f"{len(mentioned)} launch{'es' if len(mentioned) != 1 else ''} mention it: "
                f"try 'almanac list --search {shown}'")
    if isinstance(dataset.launches, Launches):  # merged with the GCAT catalog
        newest = next((x for x in reversed(dataset.launches) if x.catalog is not None), None)
        when = f" (its newest launch is of {newest.at.utc.date().isoformat()})" if newest else ""
        return (f"neither the dataset nor the GCAT catalog installed{when} has it; "
                "'almanac catalog update' brings the newest")
    crewed = [x for x in dataset.launches if x.crew]
    span = f"{crewed[0].at.utc.year}-{crewed[-1].at.utc.year}" if crewed else "none"
    return (f"the dataset holds the crewed launches of {span} and "
            f"{len(dataset.launches) - len(crewed)} landmark uncrewed ones; every orbital launch is in "
            "the GCAT catalog: 'almanac catalog update'")


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


@functools.cache  # vehicles repeat across thousands of launches: fold each name once
def _words(text: str) -> tuple[str, ...]:
    """A text's words, folded: 'Soyuz-2.1a' is soyuz, 2, 1a."""
    return tuple(w for w in (fold(part) for part in _WORD_BREAKS.split(text)) if w)


_WORD_BREAKS = re.compile(r"[\s\-./(),;:'\"]+")


def vehicle_matches(vehicle: str, query: str) -> bool:
    """Whether a vehicle is the family or the variant asked for: 'Soyuz' matches
    'Soyuz-2.1a' and 'Soyuz (11A511)', 'Falcon 9' matches 'Falcon 9 Block 5', 'Saturn V'
    matches 'Saturn V (SA-506)'; whole words only, so 'Saturn I' is not 'Saturn IB'."""
    wanted = _words(query)
    return bool(wanted) and _words(vehicle)[:len(wanted)] == wanted


def _haystack(launch: Launch) -> list[str]:
    """What --search looks in: the launch's names, its program, vehicle and spacecraft
    (orbiter, capsule), and its crew's names."""
    texts = [launch.id, launch.name, *launch.aliases, launch.program or "", launch.vehicle,
             launch.spacecraft or ""]
    for seat in launch.crew:
        texts += [seat.person.name, *seat.person.aliases, seat.person.native_name or ""]
    return [fold(t) for t in texts if t]


def _matches(launch: Launch, words: list[str]) -> bool:
    """Whether every searched word is in one of the launch's texts."""
    haystack = _haystack(launch)
    return bool(words) and all(any(w in text for text in haystack) for w in words)


def natural_key(text: str) -> tuple:
    """Sorts 'Apollo 7' before 'Apollo 10': digit runs compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", fold(text)))


def filter_launches(dataset: Dataset, criteria: LaunchFilter, sort: str = "date",
                    limit: int | None = None) -> list[Launch]:
    """Launches matching every criterion, sorted (date, then id) and cut to limit."""
    if sort not in SORT_KEYS:
        raise UsageError(f"unknown sort key {sort!r} (choose from: {', '.join(SORT_KEYS)})")
    site = find_site(dataset, criteria.site).id if criteria.site else None
    person = find_person_id(dataset, criteria.person) if criteria.person else None
    program = fold(criteria.program) if criteria.program else None
    search = fold_words(criteria.search) if criteria.search else None
    out = []
    for launch in _in_dates(dataset, criteria.start, criteria.end):
        if site and launch.site.id != site:
            continue
        if criteria.vehicle and not vehicle_matches(launch.vehicle, criteria.vehicle):
            continue
        if program and fold(launch.program or "") != program:
            continue
        if criteria.crewed is not None and launch.crewed != criteria.crewed:
            continue
        if person and all(seat.person.id != person for seat in launch.crew):
            continue
        if search and not _matches(launch, search):
            continue
        out.append(launch)
    if sort != "date":
        out.sort(key=lambda x: (natural_key(_sort_value(x, sort)), x.at.utc, x.id))
    return out[:limit] if limit is not None else out


def _in_dates(dataset: Dataset, start: date | None, end: date | None) -> Sequence[Launch]:
    """The launches whose UTC date is from start to end (inclusive), found by bisection:
    launches are in time order, and a merged dataset builds only those it is asked for."""
    launches = dataset.launches
    low = 0 if start is None else bisect_left(launches, start, key=_utc_date)
    high = len(launches) if end is None else bisect_right(launches, end, key=_utc_date)
    return launches if (low, high) == (0, len(launches)) else launches[low:high]


def _utc_date(launch: Launch) -> date:
    return launch.at.utc.date()


def _sort_value(launch: Launch, key: str) -> str:
    if key == "site":
        return launch.site.id
    return getattr(launch, key) or ""


def find_site(dataset: Dataset, query: str) -> Site:
    """A site by id, name or alias (case and punctuation ignored)."""
    keys = keyed(dataset.sites.values(), lambda x: (x.id, x.name, *x.aliases))
    return find(keys, query, "site", lambda x: x.id, f"sites: {', '.join(dataset.sites)}")


def find_person_id(dataset: Dataset, query: str) -> str:
    """The id of the one person a query names (see people.find_person)."""
    from almanac.domain.people import find_person

    return find_person(dataset, query).id

"""The in-memory model: frozen dataclasses built once from a validated dataset."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any, TypeVar, overload

_R = TypeVar("_R")


class Precision(str, Enum):
    """How much of a time a source gives; coarser records never gain invented digits."""

    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"

    @property
    def has_clock_time(self) -> bool:
        return self in (Precision.MINUTE, Precision.SECOND)


_INSTANT_PATTERNS = (
    (re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z$"), Precision.SECOND),
    (re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})Z$"), Precision.MINUTE),
    (re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"), Precision.DAY),
    (re.compile(r"^([0-9]{4})-([0-9]{2})$"), Precision.MONTH),
)

INSTANT_FORMS = "YYYY-MM-DDTHH:MM:SSZ, YYYY-MM-DDTHH:MMZ, YYYY-MM-DD or YYYY-MM"

# The years a dataset's times may fall in. datetime stops at years 1 and 9999, and a time is
# shown a day either side (in a zone), a month on (month precision), a stay on (a crew aboard
# a station) or a year on (anniversaries in a zone): a margin keeps all of them inside.
EARLIEST_YEAR, LATEST_YEAR = 1900, 9990


def within_dataset_years(instant: Instant) -> bool:
    """Whether a dataset may hold this time (EARLIEST_YEAR to LATEST_YEAR)."""
    return EARLIEST_YEAR <= instant.utc.year <= LATEST_YEAR


@dataclass(frozen=True, order=True)
class Instant:
    """A moment in UTC and how precisely it is known.

    For day and month precision, ``utc`` is the start of that day or month in UTC; it is
    never shown as a clock time.
    """

    utc: datetime
    precision: Precision = field(compare=False)
    # The source doubts the time it gives (GCAT's trailing '?'): shown, never silently dropped.
    uncertain: bool = field(default=False, compare=False)

    @classmethod
    def parse(cls, text: str) -> Instant:
        """Parse the dataset's UTC notation; the form of the string sets the precision."""
        for pattern, precision in _INSTANT_PATTERNS:
            match = pattern.match(text)
            if match:
                parts = [int(p) for p in match.groups()]
                if precision is Precision.MONTH:
                    parts.append(1)
                # datetime() rejects impossible dates such as February 30 or 24:00.
                return cls(datetime(*parts, tzinfo=UTC), precision)
        raise ValueError(f"{text!r} is not a UTC time of the form {INSTANT_FORMS}")

    def iso(self) -> str:
        """ISO 8601 text with only the known precision (Z-suffixed when it has a clock time)."""
        u, precision = self.utc, self.precision
        text = f"{u.year:04d}-{u.month:02d}"
        if precision is Precision.MONTH:
            return text
        text += f"-{u.day:02d}"
        if precision is Precision.DAY:
            return text
        text += f"T{u.hour:02d}:{u.minute:02d}"
        if precision is Precision.SECOND:
            text += f":{u.second:02d}"
        return text + "Z"

    @property
    def date(self) -> date:
        return self.utc.date()

    def latest(self) -> datetime:
        """The last moment this instant may stand for (the end of its day or month)."""
        if self.precision is Precision.DAY:
            return self.utc + timedelta(days=1, microseconds=-1)
        if self.precision is Precision.MONTH:
            u = self.utc
            following = u.replace(year=u.year + 1, month=1) if u.month == 12 else u.replace(month=u.month + 1)
            return following - timedelta(microseconds=1)
        if self.precision is Precision.MINUTE:
            return self.utc + timedelta(minutes=1, microseconds=-1)
        return self.utc

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Source:
    url: str
    note: str | None = None


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    country: str
    zone: str
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    agency: str | None
    country: str
    native_name: str | None = None
    aliases: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Seat:
    """One crew member on one launch. ``returned_on`` is the id of the flight they landed
    on when it was not this one; ``returned_unknown`` marks a return outside the dataset."""

    person: Person
    role: str
    returned_on: str | None = None
    returned_unknown: bool = False
    expeditions: tuple[int, ...] = ()
    agency: str | None = None  # on this flight, where it differs from the person's (Axiom, NASDA...)


LANDMARK, NOTABLE, ROUTINE = 1, 2, 3
SIGNIFICANCE_WORDS = {LANDMARK: "landmark", NOTABLE: "notable", ROUTINE: "routine"}


@dataclass(frozen=True)
class Event:
    """Something that happened after a launch. ``people`` are person ids (who went out on
    an EVA); ``end`` is when an EVA ended; ``body`` is where it happened when not on or
    around Earth (Moon, Mars...)."""

    type: str
    at: Instant
    target: str | None = None
    port: str | None = None
    description: str | None = None
    end: Instant | None = None
    body: str | None = None
    people: tuple[str, ...] = ()
    significance: int = ROUTINE
    first: tuple[str, ...] = ()
    why: str | None = None


@dataclass(frozen=True)
class CatalogFacts:
    """What the GCAT catalog layer knows of a launch that no curated record holds."""

    tag: str  # GCAT's launch tag: '1957 ALP', '2024-237', '1958-F07'
    code: str  # GCAT's launch code: OS orbital success, OF orbital failure, DS deep space...
    failed: bool
    site_code: str
    payloads: tuple[str, ...] = ()
    no_local_time: str | None = None  # why only UTC is shown: a sea or air launch, a site without a zone


@dataclass(frozen=True)
class Launch:
    id: str
    name: str
    at: Instant
    site: Site
    vehicle: str
    aliases: tuple[str, ...] = ()
    program: str | None = None
    pad: str | None = None
    spacecraft: str | None = None
    crew: tuple[Seat, ...] = ()
    events: tuple[Event, ...] = ()
    expeditions: tuple[int, ...] = ()
    notes: str | None = None
    sources: tuple[Source, ...] = ()
    significance: int = ROUTINE
    first: tuple[str, ...] = ()
    why: str | None = None
    catalog: CatalogFacts | None = None  # set on launches that only the GCAT catalog has

    @property
    def crewed(self) -> bool:
        return bool(self.crew)

    @property
    def source(self) -> str:
        """'gcat' for a launch from the catalog layer, 'curated' for one from the dataset file."""
        return "curated" if self.catalog is None else "gcat"

    def events_of(self, *types: str) -> list[Event]:
        return [e for e in self.events if e.type in types]


def restore(cls: type[_R], values: dict[str, Any]) -> _R:
    """A frozen record from every one of its field values, as its __init__ would make it.
    The generated __init__ of a frozen dataclass sets each field through object.__setattr__,
    four times the cost of a plain one: for the thousands of records the cache and the catalog
    rebuild on every run, the values become the record's __dict__ in one step instead. The
    values must be complete and already checked (tests hold the two ways equal)."""
    record = object.__new__(cls)
    object.__setattr__(record, "__dict__", values)
    return record


class Launches(Sequence[Launch]):
    """Launches in time order, some of them built only when first read: the GCAT catalog
    layer adds thousands, of which most commands read a few (a year's listing, one launch,
    the notable ones). ``items`` holds each launch, or for one not built yet the number
    that ``build`` builds it from and ``significance`` tells its significance by; a launch
    not built yet has no crew and no events."""

    def __init__(self, items: list[Launch | int], build: Callable[[int], Launch],
                 significance: Callable[[int], int]):
        self._items, self._build, self._significance = items, build, significance

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Launch: ...
    @overload
    def __getitem__(self, index: slice) -> list[Launch]: ...
    def __getitem__(self, index: int | slice) -> Launch | list[Launch]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._items)))]
        item = self._items[index]
        if type(item) is int:
            item = self._items[index] = self._build(item)
        return item

    def __iter__(self) -> Iterator[Launch]:
        for i in range(len(self._items)):
            yield self[i]

    def at_least(self, most_routine: int) -> list[Launch]:
        """The launches with an occasion (the launch or an event) of this significance or
        above, building only those."""
        significance = self._significance
        return [self[i] for i, item in enumerate(self._items)
                if (significance(item) if type(item) is int else best_significance(item)) <= most_routine]

    def crewed(self) -> list[Launch]:
        return [item for item in self._items if type(item) is not int and item.crew]


def best_significance(launch: Launch) -> int:
    """The significance of a launch's most significant occasion: itself or one of its events."""
    return min((launch.significance, *(e.significance for e in launch.events)))


def launches_at_least(dataset: Dataset, most_routine: int) -> Sequence[Launch]:
    """The launches with an occasion of this significance or above (every one for ROUTINE)."""
    launches = dataset.launches
    if most_routine >= ROUTINE:
        return launches
    if isinstance(launches, Launches):
        return launches.at_least(most_routine)
    return [x for x in launches if best_significance(x) <= most_routine]


def crewed_launches(dataset: Dataset) -> Sequence[Launch]:
    """The launches that carried a crew, in time order."""
    launches = dataset.launches
    return launches.crewed() if isinstance(launches, Launches) else [x for x in launches if x.crew]


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one file, with the indexes lookups use. A dataset read from a
    file has every launch built (a tuple); one merged with the GCAT catalog builds its
    catalog launches when they are read (Launches, and indexes that build what they find)."""

    path: str
    schema_version: int
    sites: dict[str, Site]
    stations: dict[str, Station]
    people: dict[str, Person]
    launches: tuple[Launch, ...] | Launches
    by_id: Mapping[str, Launch] = field(repr=False)
    by_key: Mapping[str, Launch] = field(repr=False)
    # The key of the file's bytes under this almanac (almanac.dataset.cache.dataset_key), when
    # it was read through the cache: what the GCAT layer keys its cached matches by.
    key: str | None = field(default=None, repr=False, compare=False)

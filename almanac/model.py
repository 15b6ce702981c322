"""The in-memory model: frozen dataclasses built once from a validated dataset."""

from __future__ import annotations

import _thread
import re
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cached_property
from typing import Any, Generic, TypeVar


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
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$"), Precision.SECOND),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})Z$"), Precision.MINUTE),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), Precision.DAY),
    (re.compile(r"^(\d{4})-(\d{2})$"), Precision.MONTH),
)

_ISO_FORMATS = {Precision.SECOND: "%Y-%m-%dT%H:%M:%SZ", Precision.MINUTE: "%Y-%m-%dT%H:%MZ",
                Precision.DAY: "%Y-%m-%d", Precision.MONTH: "%Y-%m"}

_SECOND, _MINUTE, _DAY = Precision.SECOND, Precision.MINUTE, Precision.DAY  # (an Enum's
# members are looked up on each use, ~0.1 us)

INSTANT_FORMS = "YYYY-MM-DDTHH:MM:SSZ, YYYY-MM-DDTHH:MMZ, YYYY-MM-DD or YYYY-MM"


@dataclass(frozen=True, order=True)
class Instant:
    """A moment in UTC and how precisely it is known.

    For day and month precision, ``utc`` is the start of that day or month in UTC; it is
    never shown as a clock time.
    """

    utc: datetime
    precision: Precision = field(compare=False)

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
        if u.year < 1000:  # strftime's %Y does not pad such years (the dataset has none)
            return u.strftime(_ISO_FORMATS[precision])
        # %-formatting takes half the time of isoformat() or of an f-string with format specs
        # (0.7 against 1.3 us), a third of strftime's: listings format thousands.
        if precision is _SECOND:
            return "%d-%02d-%02dT%02d:%02d:%02dZ" % (  # noqa: UP031
                u.year, u.month, u.day, u.hour, u.minute, u.second)
        if precision is _MINUTE:
            return "%d-%02d-%02dT%02d:%02dZ" % (u.year, u.month, u.day, u.hour, u.minute)  # noqa: UP031
        if precision is _DAY:
            return "%d-%02d-%02d" % (u.year, u.month, u.day)  # noqa: UP031
        return "%d-%02d" % (u.year, u.month)  # noqa: UP031

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


@dataclass(frozen=True)
class Event:
    type: str
    at: Instant
    target: str | None = None
    port: str | None = None
    description: str | None = None


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

    # A launch rebuilt from the cache (almanac.cache) starts with only its id and site. Its
    # time is made when first read; its crew and sources are filled in together when one of
    # them is first read, and its other fields likewise (reading an attribute that is not a
    # field fills in everything). ``_pending`` holds what fills them: (the cache's reader,
    # the launch's position), until nothing is left to fill.

    def __getattr__(self, name: str) -> Any:
        fields = self.__dict__
        pending = fields.get("_pending")
        if pending is not None:
            pending[0].fill(self, pending[1], name)
        if name in fields:  # filled now, or by another thread since this lookup began
            return fields[name]
        raise AttributeError(f"'Launch' object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:  # copy and pickle: the whole record, no reader
        pending = self.__dict__.get("_pending")
        if pending is not None:
            pending[0].fill(self, pending[1], None)
        return dict(self.__dict__)

    @property
    def utc_years(self) -> tuple[int, int]:
        """The first and last UTC year of the launch and of its events."""
        years = [self.at.utc.year, *(event.at.utc.year for event in self.events)]
        return min(years), max(years)

    @property
    def crewed(self) -> bool:
        return bool(self.crew)

    def events_of(self, *types: str) -> list[Event]:
        return [e for e in self.events if e.type in types]


# A field's default also becomes a class attribute, which a cached launch's unfilled field
# would read instead of reaching __getattr__. The defaults live on in __init__ and fields().
for _field in fields(Launch):
    if _field.default is not MISSING:
        delattr(Launch, _field.name)
del _field


_V = TypeVar("_V")


class LazyIndex(Mapping[str, _V], Generic[_V]):
    """A read-only mapping built on first use: the cache's index of 30,000 folded names
    for 10,000 launches, or its 3,000 people, cost a run that reads none of them nothing."""

    def __init__(self, build: Callable[[], dict[str, _V]]):
        self._build: Callable[[], dict[str, _V]] | None = build
        self._items: dict[str, _V] = {}
        self._lock = _thread.allocate_lock()  # built once: records in it keep one identity

    def _built(self) -> dict[str, _V]:
        if self._build is not None:
            with self._lock:
                build = self._build
                if build is not None:
                    self._items = build()
                    self._build = None
        return self._items

    def __getitem__(self, key: str) -> _V:
        return self._built()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._built().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._built()

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())

    def keys(self) -> KeysView[str]:
        return self._built().keys()

    def values(self) -> ValuesView[_V]:
        return self._built().values()

    def items(self) -> ItemsView[str, _V]:
        return self._built().items()

    def __eq__(self, other: object) -> bool:
        return self._built() == (other._built() if isinstance(other, LazyIndex) else other)

    __hash__ = None  # type: ignore[assignment]  # like a dict

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles: a plain dict of it all
        return (dict, (self._built(),))

    def __repr__(self) -> str:
        return repr(self._built())


@dataclass(frozen=True)
class Dataset:
    """Everything loaded from one file, with the indexes lookups use."""

    path: str
    schema_version: int
    sites: dict[str, Site]
    stations: dict[str, Station]
    people: Mapping[str, Person]  # a dict, or a LazyIndex from the cache
    launches: tuple[Launch, ...]
    by_id: dict[str, Launch] = field(repr=False)
    by_key: Mapping[str, Launch] = field(repr=False)  # a dict, or a LazyIndex from the cache

    # Indexes by position in ``launches`` that scans read instead of the launches themselves,
    # so that a dataset rebuilt from the cache (which sets both) decodes only the launches a
    # query selects.

    @cached_property
    def launch_seconds(self) -> list[int]:
        """Each launch's UTC time as POSIX seconds (the start of its day or month when only
        that is known)."""
        return [int(x.at.utc.timestamp()) for x in self.launches]  # utc is aware: exact

    @cached_property
    def year_spans(self) -> list[tuple[int, int]]:
        """Each launch's first and last UTC year, of the launch and of its events."""
        return [x.utc_years for x in self.launches]

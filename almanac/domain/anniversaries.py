"""Anniversaries of launches and of the events recorded on them.

    >>> from datetime import date
    >>> from almanac import load
    >>> from almanac.domain.anniversaries import anniversaries_between
    >>> for a in anniversaries_between(load(), date(2025, 11, 2), date(2025, 11, 2)):
    ...     print(a.ordinal, a.title)
    25th Soyuz TM-31 docking at the International Space Station
    25th Soyuz TM-31 hatch opening at the International Space Station

Rules (documented for users in docs/anniversaries.md):

- An *occasion* is a launch or one event recorded on a launch. An event recorded on both
  launches of a pair (a docking of Soyuz 19 with Apollo, recorded on each) is one occasion:
  same type, same instant and precision, each record naming the other launch as its target.
  The record on the launch that lifted off first is kept; the other's id is listed in
  ``also_recorded_on``.
- Dates are calendar dates in UTC, or in the zone given. Only instants with a clock time move
  with the zone; a day- or month-precision record keeps the date its sources give.
- February 29 is remembered on February 28 in common years.
- A record known only to its month has anniversaries known only to the month: ``on`` is the
  1st of that month (where it sorts), ``precision`` is month, and it falls in a range when
  any day of its month does.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from almanac.domain.model import (
    NOTABLE,
    ROUTINE,
    Dataset,
    Event,
    Instant,
    Launch,
    Precision,
    launches_at_least,
)
from almanac.domain.text import fold
from almanac.errors import UsageError

if TYPE_CHECKING:
    from almanac.domain.zones import ZoneSpec

FIRST_YEAR = 1957  # Sputnik 1: nothing in an almanac of launches is older
LAST_YEAR = 9999  # datetime.date's limit


# --- which anniversaries count --------------------------------------------------------------


@dataclass(frozen=True)
class Milestones:
    """Which anniversaries count: every ``every``-th year, plus the years listed in ``years``."""

    every: int | None = None
    years: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.every is not None and self.every < 1:
            raise UsageError(f"a milestone step of {self.every} years is not possible (use 1 or more)")
        bad = sorted(n for n in self.years if n < 1)
        if bad:
            raise UsageError(f"milestone {bad[0]} is not possible (anniversaries count from 1)")
        if self.every is None and not self.years:
            raise UsageError("no milestones chosen")

    def __contains__(self, years: object) -> bool:
        if not isinstance(years, int) or years < 1:
            return False
        return years in self.years or (self.every is not None and years % self.every == 0)

    @classmethod
    def listed(cls, years: Iterable[int]) -> Milestones:
        """Exactly these anniversaries (10, 25, 50...)."""
        return cls(None, frozenset(years))


ROUND = Milestones(every=5, years=frozenset({1}))  # the default: 1st, 5th, 10th, 15th...
EVERY_YEAR = Milestones(every=1)


@functools.cache  # a year of anniversaries asks for the same few thousand times
def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th."""
    if 11 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# --- occasions: what is remembered ----------------------------------------------------------


@dataclass(frozen=True)
class Occasion:
    """A launch, or one event recorded on a launch, with the words that name it."""

    launch: Launch
    event: Event | None
    title: str
    key: str  # stable across runs and data corrections: 'soyuz-19-docking-2', 'crew-11-launch'
    also_recorded_on: tuple[str, ...] = ()

    @property
    def at(self) -> Instant:
        return self.event.at if self.event else self.launch.at

    @property
    def kind(self) -> str:
        return "event" if self.event else "launch"

    @property
    def significance(self) -> int:
        return significance_of(self.launch, self.event)

    @property
    def first(self) -> tuple[str, ...]:
        return self.event.first if self.event else self.launch.first

    @property
    def event_type(self) -> str | None:
        return self.event.type if self.event else None


_EVENT_WORDS = {
    # type: (noun, preposition before a station, preposition before another launch)
    "docking": ("docking", "at", "with"),
    "undocking": ("undocking", "from", "from"),
    "berthing": ("berthing", "at", "with"),
    "unberthing": ("unberthing", "from", "from"),
    "hatch-opening": ("hatch opening", "at", "with"),
    "relocation": ("relocation", "at", "at"),
    "landing": ("landing", "at", "with"),
    "reentry": ("re-entry", "at", "with"),
}

# Descriptions often end with a sourcing note in brackets ("(NASA 12:09:09 p.m. EDT)"): a
# title keeps the statement and leaves the note to the description field.
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _target_name(dataset: Dataset, ident: str) -> str:
    station = dataset.stations.get(ident)
    if station is not None:
        # "docking at the International Space Station", but "docking at Mir".
        return f"the {station.name}" if "Station" in station.name else station.name
    other = dataset.by_id.get(ident)
    return other.name if other else ident


def event_title(dataset: Dataset, launch: Launch, event: Event) -> str:
    """What an event marks, in words: 'Soyuz 19 docking with Apollo (ASTP)'."""
    if event.type not in _EVENT_WORDS:  # "other": only its description says what it was
        what = _TRAILING_NOTE.sub("", event.description or "") or event.description or "event"
        return f"{launch.name}: {what}"
    noun, at_station, at_launch = _EVENT_WORDS[event.type]
    title = f"{launch.name} {noun}"
    if event.target:
        preposition = at_launch if event.target in dataset.by_id else at_station
        title += f" {preposition} {_target_name(dataset, event.target)}"
    if event.type == "relocation" and event.port:
        # Relocations come in pairs on one day; the port tells them apart.
        title += f" ({event.port})"
    return title


def _pair_key(launch: Launch, event: Event, dataset: Dataset) -> tuple | None:
    if event.target is None or event.target not in dataset.by_id or event.target == launch.id:
        return None
    return (event.type, event.at.utc, event.at.precision, frozenset((launch.id, event.target)))


def significance_of(launch: Launch, event: Event | None) -> int:
    """An occasion's significance: its event's, or for the launch itself the launch's."""
    return event.significance if event is not None else launch.significance


@dataclass(frozen=True)
class Selection:
    """Which occasions a listing shows: by significance (landmark and notable ones unless
    routine ones are asked for too), kind, program, and crewed or not."""

    most_routine: int = NOTABLE
    kinds: frozenset[str] = frozenset()  # "launch", "event", "eva"; empty: all
    program: str | None = None
    crewed: bool | None = None

    def admits(self, launch: Launch, event: Event | None) -> bool:
        if significance_of(launch, event) > self.most_routine:
            return False
        if self.kinds:
            kind = "launch" if event is None else "eva" if event.type == "eva" else "event"
            if kind not in self.kinds and not (kind == "eva" and "event" in self.kinds):
                return False
        if self.program is not None and fold(launch.program or "") != fold(self.program):
            return False
        return self.crewed is None or launch.crewed == self.crewed


EVERYTHING = Selection(most_routine=ROUTINE)


def _records(dataset: Dataset, keep: Callable[[Instant], bool] | None = None,
             selection: Selection = EVERYTHING) -> list[list]:
    """[launch, event or None, key, ids also recorded on] for every occasion, in order;
    with ``keep``, only for the occasions whose instant it keeps, and only those the
    selection admits.

    ``keep`` sees only an instant, so both records of a pair (same instant) are kept or
    left alike.
    """
    out: list[list] = []
    kept: dict[tuple, list] = {}  # pair key -> the record that stands for it
    # in launch order, so the earlier launch's record of a pair is kept
    for launch in launches_at_least(dataset, selection.most_routine):
        if (keep is None or keep(launch.at)) and selection.admits(launch, None):
            out.append([launch, None, f"{launch.id}-launch", None])
        counts: dict[str, int] = {}
        for event in launch.events:
            counts[event.type] = counts.get(event.type, 0) + 1  # the key numbers every event
            if (keep is not None and not keep(event.at)) or not selection.admits(launch, event):
                continue
            pair = _pair_key(launch, event, dataset)
            if pair is not None:
                first = kept.get(pair)
                if first is not None:
                    first[3] = (*(first[3] or ()), launch.id)
                    continue
            record = [launch, event, f"{launch.id}-{event.type}-{counts[event.type]}", None]
            if pair is not None:
                kept[pair] = record
            out.append(record)
    return out


def _occasion(dataset: Dataset, record: list) -> Occasion:
    launch, event, key, also = record
    title = event_title(dataset, launch, event) if event is not None else f"Launch of {launch.name}"
    return Occasion(launch, event, title, key, tuple(also or ()))


def occasions(dataset: Dataset) -> list[Occasion]:
    """Every launch and every event, with events recorded on both launches of a pair once."""
    return [_occasion(dataset, record) for record in _records(dataset)]


# --- anniversaries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Anniversary:
    """One anniversary of an occasion, on a date (or in a month) of a later year."""

    occasion: Occasion
    years: int
    on: date  # the day; for month precision, the 1st of the month
    precision: Precision  # DAY, or MONTH when the occasion is known only to its month
    original_on: date  # the occasion's date in the zone (1st of the month for month precision)
    original_local: datetime | None  # the occasion in the zone, when it has a clock time
    zone: str = "UTC"

    @property
    def ordinal(self) -> str:
        return ordinal(self.years)

    @property
    def title(self) -> str:
        return self.occasion.title

    @property
    def launch(self) -> Launch:
        return self.occasion.launch

    @property
    def uid_key(self) -> str:
        """Names this anniversary whatever range or zone was asked for: 'soyuz-19-launch-50y'."""
        return f"{self.occasion.key}-{self.years}y"

    def date_text(self) -> str:
        """'2025-07-15', or '2026-03' when only the month is known."""
        return self.on.strftime("%Y-%m") if self.precision is Precision.MONTH else self.on.isoformat()

    @property
    def significance(self) -> int:
        return self.occasion.significance

    def sort_key(self) -> tuple:
        # Landmarks first within a day; unknown times sort first among equals, as
        # month-precision ones do in their month.
        clock = (1, self.original_local.time()) if self.original_local else (0, time.min)
        return (self.on, self.significance, clock, self.occasion.at.utc, self.launch.id,
                self.occasion.key)


def same_day_in(year: int, day: date) -> date:
    """The day's anniversary date in a year; February 29 falls on February 28 in common years."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def check_year(year: int, what: str = "year") -> int:
    """The year, if anniversaries can be listed for it; UsageError otherwise."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"{what} {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return year


def year_span(year: int) -> tuple[date, date]:
    """January 1 to December 31 of a year in FIRST_YEAR..LAST_YEAR."""
    check_year(year)
    return date(year, 1, 1), date(year, 12, 31)


def anniversaries_between(dataset: Dataset, start: date, end: date,
                          milestones: Milestones = ROUND, tz: ZoneSpec | None = None,
                          selection: Selection = EVERYTHING) -> list[Anniversary]:
    """Anniversaries from start to end (inclusive), sorted by date, then significance
    (landmarks first), then local time."""
    if start > end:
        raise UsageError(f"empty range: {start.isoformat()} is after {end.isoformat()}")
    zone_label = tz.label if tz is not None else "UTC"
    tzinfo = None
    if tz is not None:
        from almanac.domain.zones import display_tzinfo

        tzinfo = display_tzinfo(tz)
    years_in_range = range(start.year, end.year + 1)

    @functools.cache
    def counts(year: int) -> bool:
        """Whether an occasion in this year has a milestone anywhere in the range."""
        return any((y - year) in milestones for y in years_in_range)

    def keep(at: Instant) -> bool:
        # A local date is within a day of the UTC date: the years either side may count.
        year = at.utc.year
        return counts(year) or (tzinfo is not None and (counts(year - 1) or counts(year + 1)))

    listed: list[Anniversary] = []
    for record in _records(dataset, keep, selection):
        launch, event = record[0], record[1]
        at = event.at if event is not None else launch.at
        # A date without a time cannot be moved to another zone: it keeps the sources' date.
        local = None
        if at.precision.has_clock_time:
            local = at.utc.astimezone(tzinfo) if tzinfo is not None else at.utc
        original_on = local.date() if local is not None else at.utc.date()
        occasion = None
        for year in years_in_range:
            years = year - original_on.year
            if years not in milestones:
                continue
            if at.precision is Precision.MONTH:
                on = date(year, original_on.month, 1)
                last = on.replace(day=calendar.monthrange(year, on.month)[1])
                if last < start or on > end:
                    continue
                precision = Precision.MONTH
            else:
                on, precision = same_day_in(year, original_on), Precision.DAY
                if not start <= on <= end:
                    continue
            occasion = occasion or _occasion(dataset, record)
            listed.append(Anniversary(occasion, years, on, precision, original_on, local, zone_label))
    listed.sort(key=Anniversary.sort_key)
    return listed


def iter_anniversaries_between(dataset: Dataset, start: date, end: date,
                               milestones: Milestones = ROUND, tz: ZoneSpec | None = None,
                               selection: Selection = EVERYTHING,
                               years_at_a_time: int = 10) -> Iterator[Anniversary]:
    """anniversaries_between(), the same anniversaries in the same order, found a few years
    at a time: a range of centuries is written as it is found, never held whole in memory.

    The order holds because it begins with the date, and the pieces are whole calendar
    years: a month known only to its month lies in one piece.
    """
    if start > end:
        raise UsageError(f"empty range: {start.isoformat()} is after {end.isoformat()}")
    first = start
    while first <= end:
        last = min(end, date(min(first.year + years_at_a_time - 1, LAST_YEAR), 12, 31))
        yield from anniversaries_between(dataset, first, last, milestones, tz, selection)
        if last.year >= LAST_YEAR:
            return
        first = date(last.year + 1, 1, 1)


# The calendars `on` and `today` read a day in when no zone is asked for: UTC, and the US
# Eastern date the American press quotes (Armstrong's first step was 02:56 UTC on July 21, but
# July 20 in every US paper).
QUOTED_CALENDARS = ("UTC", "Eastern")


def on_this_day(dataset: Dataset, month: int, day: int, year: int,
                tz: ZoneSpec | None = None, selection: Selection = EVERYTHING) -> list[Anniversary]:
    """Every anniversary (1 year or more) on one calendar day of a year: 'what happened on
    July 15'. With no zone, the day is read in UTC and in US Eastern time (an occasion on
    that day in either calendar, listed once, in the UTC calendar where both agree; each
    row says its zone). Records known only to their month are left out; in a common year
    February 29's occasions are listed for both 02-28 and 02-29."""
    check_year(year)
    try:
        date(2000, month, day)  # a leap year, so that 02-29 is a day
    except ValueError:
        raise UsageError(f"{month:02d}-{day:02d} is not a day of the year") from None
    leap_day = (month, day) == (2, 29)
    target = same_day_in(year, date(2000, month, day))
    if tz is not None:
        zones = [tz]
    else:
        from almanac.domain.zones import resolve_zone

        zones = [None, *(resolve_zone(name) for name in QUOTED_CALENDARS[1:])]
    found: dict[str, Anniversary] = {}
    for zone in zones:
        for a in anniversaries_between(dataset, target, target, EVERY_YEAR, zone, selection):
            on_leap_day = (a.original_on.month, a.original_on.day) == (2, 29)
            if a.precision is Precision.DAY and (not leap_day or on_leap_day):
                found.setdefault(a.uid_key, a)
    return sorted(found.values(), key=Anniversary.sort_key)

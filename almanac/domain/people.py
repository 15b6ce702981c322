"""People and crews: rosters, expeditions, who was aboard a station on a date, person search,
flights and time in space. Pure functions over a Dataset; results are frozen dataclasses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from almanac.domain.lookup import close_matches, find, keyed, not_found
from almanac.domain.model import (
    Dataset,
    Event,
    Instant,
    Launch,
    Person,
    Precision,
    Seat,
    Station,
    crewed_launches,
)
from almanac.domain.text import name_key, name_keys
from almanac.errors import NotFoundError

# Expedition numbers in the dataset are ISS expeditions (docs/dataset.md).
EXPEDITION_STATION = "iss"

# A stay whose end the dataset cannot give (the crew returned on a flight outside it) is taken
# to be over this long after it began: longer than any spaceflight so far (Valeri Polyakov,
# 437 days 18 hours on Mir, 1994-95). Within it the answer is "unknown", never a guess.
LONGEST_STAY = timedelta(days=438)

ARRIVALS = ("docking", "berthing", "hatch-opening")
DEPARTURES = ("undocking", "unberthing")


class AmbiguousPersonError(NotFoundError):
    """A query that matches more than one person; ``candidates`` lists them."""

    def __init__(self, query: str, candidates: Iterable[Person]):
        self.candidates = tuple(candidates)
        listed = ", ".join(f"{p.id} ({', '.join(x for x in (p.name, p.agency) if x)})"
                           for p in self.candidates)
        super().__init__(f"{query!r} matches several people: {listed}; give more of the name or an id")


# --- rosters and expeditions ------------------------------------------------------------


@dataclass(frozen=True)
class CrewMember:
    """One seat on one launch, with where its occupant landed.

    ``returned_on`` is the launch they landed on (this one unless they changed vehicles),
    or None when that flight is outside the dataset (``returned_outside`` is then True).
    """

    launch: Launch
    position: int
    person: Person
    role: str
    expeditions: tuple[int, ...]
    returned_on: Launch | None
    returned_outside: bool
    agency: str | None = None  # on this flight (the seat's, else the person's)

    @property
    def landed_elsewhere(self) -> bool:
        back = self.returned_on
        return self.returned_outside or (back is not None and back.id != self.launch.id)


def crew_member(dataset: Dataset, launch: Launch, position: int, seat: Seat) -> CrewMember:
    """A seat of a launch as a CrewMember (position counts from 1)."""
    if seat.returned_unknown:
        returned_on = None
    elif seat.returned_on:
        returned_on = dataset.by_id[seat.returned_on]
    else:
        returned_on = launch
    return CrewMember(launch, position, seat.person, seat.role, seat.expeditions or launch.expeditions,
                      returned_on, seat.returned_unknown, seat.agency or seat.person.agency)


def roster(dataset: Dataset, launch: Launch) -> tuple[CrewMember, ...]:
    """The crew of one launch in seat order (empty for an uncrewed flight)."""
    return tuple(crew_member(dataset, launch, i, seat) for i, seat in enumerate(launch.crew, 1))


def all_crew(dataset: Dataset) -> tuple[CrewMember, ...]:
    """Every seat of every launch, in launch order then seat order."""
    return tuple(member for launch in crewed_launches(dataset) for member in roster(dataset, launch))


def expedition_numbers(dataset: Dataset) -> list[int]:
    """The expedition numbers that some crew member in the dataset served on, in order."""
    return sorted({n for member in all_crew(dataset) for n in member.expeditions})


def expedition_crew(dataset: Dataset, number: int) -> tuple[CrewMember, ...]:
    """Everyone who served on ISS Expedition ``number``, by the flight that brought them.

    Raises NotFoundError when the dataset has nobody on that expedition.
    """
    members = tuple(m for m in all_crew(dataset) if number in m.expeditions)
    if not members:
        known = expedition_numbers(dataset)
        listed = f" (the dataset has crews for expeditions {_ranges(known)})" if known else ""
        raise NotFoundError(f"no one in the dataset served on Expedition {number}{listed}")
    return members


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(parts)


# --- stations and who was aboard -----------------------------------------------------------


def find_station(dataset: Dataset, query: str) -> Station:
    """The station whose id, name or alias matches the query, ignoring case and punctuation."""
    keys = keyed(dataset.stations.values(), lambda x: (x.id, x.name, *x.aliases))
    hint = f"stations: {', '.join(sorted(dataset.stations))}"
    if query in dataset.by_id:
        hint = f"{query!r} is a launch; {hint}"
    return find(keys, query, "station", lambda x: x.id, hint)


@dataclass(frozen=True)
class Stay:
    """One crew member's time aboard a station, as far as the dataset tells it.

    ``arrival`` is the arriving flight's docking (or berthing or hatch opening) and
    ``departure`` the undocking of the flight they left on; either is None when the dataset
    lacks it, and ``gaps`` then says which event is missing.
    """

    member: CrewMember
    station: Station
    arrival: Event | None
    departure: Event | None
    gaps: tuple[str, ...] = ()

    @property
    def leaving_on(self) -> Launch | None:
        return self.member.returned_on


@dataclass(frozen=True)
class Aboard:
    """The answer to "who was aboard STATION on DAY": certain stays, and ones the data cannot settle."""

    station: Station
    day: date
    aboard: tuple[Stay, ...]
    unknown: tuple[Stay, ...]


def _first(events: Iterable[Event], types: tuple[str, ...], station: str) -> Event | None:
    return next((e for e in events if e.type in types and e.target == station), None)


def _last(events: Iterable[Event], types: tuple[str, ...], station: str,
          after: Instant | None = None) -> Event | None:
    found = None
    for e in events:
        if e.type in types and e.target == station and (after is None or e.at.utc >= after.utc):
            found = e
    return found


def _visits(launch: Launch, station: str) -> bool:
    return any(e.target == station for e in launch.events)


def stays(dataset: Dataset, station: Station) -> tuple[Stay, ...]:
    """Every crew member's stay aboard a station: crews of flights that docked to it, left on a
    flight that did, or (for the ISS) served on an expedition."""
    out = []
    for member in all_crew(dataset):
        back = member.returned_on
        involved = (_visits(member.launch, station.id) or (back is not None and _visits(back, station.id))
                    or (station.id == EXPEDITION_STATION and bool(member.expeditions)))
        if not involved:
            continue
        gaps = []
        arrival = _first(member.launch.events, ARRIVALS, station.id)
        if arrival is None:
            gaps.append(f"{member.launch.id} has no docking to {station.id}")
        departure = None
        if member.returned_outside:
            gaps.append(f"{member.person.id} left {station.id} on a flight outside the dataset "
                        f"(returned_on: null on {member.launch.id})")
        elif back is not None:
            departure = _last(back.events, DEPARTURES, station.id, after=arrival and arrival.at)
            if departure is None:
                gaps.append(f"{back.id} has no undocking from {station.id}")
        out.append(Stay(member, station, arrival, departure, tuple(gaps)))
    return tuple(out)


def _period_end(instant: Instant) -> datetime:
    """The end (exclusive) of the span an instant may lie in: "08:57Z" is some moment before
    08:58, "2024-02" some moment before March."""
    u = instant.utc
    if instant.precision is Precision.MONTH:
        return u.replace(year=u.year + (u.month == 12), month=u.month % 12 + 1)
    return u + {Precision.DAY: timedelta(days=1), Precision.MINUTE: timedelta(minutes=1),
                Precision.SECOND: timedelta(seconds=1)}[instant.precision]


def _landing_bound(launch: Launch) -> datetime | None:
    """When the flight was over at the latest: its landing, or the loss of a crew that never
    landed."""
    end = _last_of(launch, "landing") or _last_of(launch, "loss")
    return _period_end(end.at) if end else None


def _overlap(stay: Stay, start: datetime, end: datetime) -> tuple[bool, bool]:
    """(certainly, possibly) aboard at some moment in [start, end), given the precision of
    each known event and bounds for the missing ones."""
    member = stay.member
    if stay.arrival is not None:
        s0, s1 = stay.arrival.at.utc, _period_end(stay.arrival.at)
    else:  # somewhere between the launch and the end of the stay
        s0, s1 = member.launch.at.utc, None
    if stay.departure is not None:
        e0, e1 = stay.departure.at.utc, _period_end(stay.departure.at)
    else:
        e0 = s0
        back = member.returned_on
        e1 = _landing_bound(back) if back is not None else None
        if back is not None and back.id != member.launch.id:
            docked = _first(back.events, ARRIVALS, stay.station.id)
            if docked is not None:
                e0 = max(e0, docked.at.utc)
        if e1 is None:
            e1 = s0 + LONGEST_STAY
    certainly = s1 is not None and s1 <= end and e0 >= start
    possibly = s0 < end and e1 > start
    return certainly, possibly


def aboard_on(dataset: Dataset, station: Station, day: date) -> Aboard:
    """Who was aboard a station at any moment of a UTC calendar day.

    A stay runs from the arriving flight's docking to the undocking of the flight the person
    left on; relocations between ports do not end it. Stays the dataset cannot settle (a
    missing event, or one known only to the month) are returned in ``unknown``, not guessed.
    """
    start = datetime.combine(day, time(0), tzinfo=UTC)
    end = start + timedelta(days=1)
    certain, unknown = [], []
    for stay in stays(dataset, station):
        yes, maybe = _overlap(stay, start, end)
        if yes:
            certain.append(stay)
        elif maybe:
            if not stay.gaps:
                stay = Stay(stay.member, stay.station, stay.arrival, stay.departure,
                            (_imprecise(stay),))
            unknown.append(stay)
    return Aboard(station, day, tuple(certain), tuple(unknown))


def _imprecise(stay: Stay) -> str:
    for what, event, launch in (("docking", stay.arrival, stay.member.launch),
                                ("undocking", stay.departure, stay.leaving_on)):
        if event is not None and not event.at.precision.has_clock_time:
            return f"the {what} of {launch.id} is known only to the {event.at.precision.value} ({event.at})"
    return "the dataset's times are not precise enough"  # pragma: no cover - clock times always settle it


# --- people -----------------------------------------------------------------------------


def _labels(person: Person) -> list[str]:
    return [person.id.replace("-", " "), person.name, *person.aliases,
            *([person.native_name] if person.native_name else [])]


def search_people(dataset: Dataset, query: str) -> list[Person]:
    """People a query could mean, best evidence first: an id, a whole name, every word of the
    query in the person's names, then words that begin the person's names."""
    q_words = name_keys(query)
    if not q_words:
        return []
    if query.strip().lower() in dataset.people:
        return [dataset.people[query.strip().lower()]]
    whole = _whole_key(query)
    people = list(dataset.people.values())
    exact = [p for p in people if any(_whole_key(label) == whole for label in _labels(p))]
    if exact:
        return exact
    words = {p.id: {w for label in _labels(p) for w in name_keys(label)} for p in people}
    full = [p for p in people if all(q in words[p.id] for q in q_words)]
    if full:
        return full
    if len(whole) < 2:
        return []
    return [p for p in people if all(any(w.startswith(q) for w in words[p.id]) for q in q_words)]


def _whole_key(text: str) -> str:
    """A whole name as one key: 'Kud-Sverchkov' and 'kud sverchkov' agree."""
    return "".join(name_key(w) for w in re.split(r"[\s,;/()-]+", text))


def find_person(dataset: Dataset, query: str) -> Person:
    """The one person a query names; NotFoundError with close matches, or
    AmbiguousPersonError listing the candidates."""
    found = search_people(dataset, query)
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousPersonError(query, found)
    keys = {}
    for person in dataset.people.values():
        for label in _labels(person):
            keys.setdefault(_whole_key(label), person)
            for word in name_keys(label):
                keys.setdefault(word, person)
    close = close_matches(keys, _whole_key(query), lambda x: x.id)
    raise NotFoundError(not_found("person", query, close))


@dataclass(frozen=True)
class Duration:
    """A time span and the precision of the instants it was measured between."""

    seconds: int
    precision: Precision

    @property
    def minutes(self) -> int:
        """Whole minutes, rounded half up."""
        return (self.seconds + 30) // 60


def format_duration(duration: Duration) -> str:
    """'244d 23h 16m' (to the nearest minute)."""
    days, rest = divmod(duration.minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return f"{days}d {hours}h {minutes}m" if days else f"{hours}h {minutes}m"


@dataclass(frozen=True)
class Flight:
    """One flight of a person: the launch they went up on and the flight they came down on.

    ``time_in_space`` runs from launch to the end of the flight: the landing of
    ``member.returned_on``, or for a crew that was lost (``lost``, the flight's loss event)
    the time of the loss where it is known to the minute. It is None, with ``note`` saying
    why, unless both ends are known to the minute or better.
    """

    member: CrewMember
    landing: Event | None
    time_in_space: Duration | None
    note: str | None = None
    lost: Event | None = None

    @property
    def end(self) -> Event | None:
        """The event that ended the flight: the loss when its time is known, else the landing."""
        if self.lost is not None and (self.lost.at.precision.has_clock_time or self.landing is None):
            return self.lost
        return self.landing


@dataclass(frozen=True)
class Career:
    """A person's flights in the dataset, in launch order, and their total time in space."""

    person: Person
    flights: tuple[Flight, ...]
    total: Duration | None
    complete: bool  # False when some flight's time in space is unknown (total is then a lower bound)


def _last_of(launch: Launch, kind: str) -> Event | None:
    """The launch's last event of a type (its landing, its loss), or None."""
    found = launch.events_of(kind)
    return found[-1] if found else None


def flight_of(member: CrewMember) -> Flight:
    """A crew seat as a Flight, with its time in space where the dataset knows both ends."""
    back = member.returned_on
    if back is None:
        return Flight(member, None, None, "landed on a flight outside the dataset")
    lost, landing = _last_of(back, "loss"), _last_of(back, "landing")
    end = Flight(member, landing, None, None, lost).end  # (the one rule for what ends a flight)
    if end is None:
        return Flight(member, None, None, f"{back.id} has no landing event")
    up, down = member.launch.at, end.at
    what_ended = "loss" if end is lost else "landing"
    for what, instant in (("launch", up), (what_ended, down)):
        if not instant.precision.has_clock_time:
            return Flight(member, landing, None,
                          f"{what} known only to the {instant.precision.value} ({instant})", lost)
    precision = Precision.SECOND if Precision.SECOND == up.precision == down.precision else Precision.MINUTE
    seconds = int((down.utc - up.utc).total_seconds())
    return Flight(member, landing, Duration(seconds, precision), None, lost)


def flights(dataset: Dataset, person: Person) -> tuple[Flight, ...]:
    """Every flight of a person, in launch order."""
    return tuple(flight_of(m) for m in all_crew(dataset) if m.person.id == person.id)


def career(dataset: Dataset, person: Person) -> Career:
    """A person's flights and total time in space (over the flights where it is known)."""
    done = flights(dataset, person)
    known = [f.time_in_space for f in done if f.time_in_space is not None]
    total = None
    if known:
        precision = (Precision.SECOND if all(d.precision is Precision.SECOND for d in known)
                     else Precision.MINUTE)
        total = Duration(sum(d.seconds for d in known), precision)
    return Career(person, done, total, complete=len(known) == len(done))

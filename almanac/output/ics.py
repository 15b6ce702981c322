"""Anniversaries as an RFC 5545 calendar of all-day events (the icalendar library is used only here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from almanac.domain.anniversaries import Anniversary
from almanac.domain.model import Dataset, Precision

PRODID = "-//almanac//Launch and mission anniversaries//EN"
UID_DOMAIN = "almanac"


def dataset_stamp(dataset: Dataset) -> datetime:
    """The newest moment recorded in a dataset: the DTSTAMP of every event it yields.

    RFC 5545 asks for a DTSTAMP on each event; the time of the run would make every export
    differ, while the dataset's newest record changes only when the data does.
    """
    instants = [launch.at.utc for launch in dataset.launches]
    instants += [event.at.utc for launch in dataset.launches for event in launch.events]
    return max(instants) if instants else datetime(1957, 10, 4, tzinfo=UTC)  # Sputnik 1


def uid(anniversary: Anniversary) -> str:
    """Stable across runs, ranges and zones: 'progress-ms-31-launch-1y@almanac'."""
    return f"{anniversary.uid_key}@{UID_DOMAIN}"


def summary(anniversary: Anniversary) -> str:
    """'50th anniversary: Launch of Soyuz 19'."""
    return f"{anniversary.ordinal} anniversary: {anniversary.title}"


def description(anniversary: Anniversary) -> str:
    """The original time, what was recorded, and the sources of the launch record."""
    occasion = anniversary.occasion
    at = occasion.at
    lines = []
    if occasion.event is not None and occasion.event.description:
        lines.append(occasion.event.description)
    when = f"Original time: {at.iso()} (UTC, known to the {at.precision.value})"
    if anniversary.original_local is not None and anniversary.zone != "UTC":
        local = anniversary.original_local
        when += f"; {local.strftime('%Y-%m-%d %H:%M')} {anniversary.zone}"
    lines.append(when)
    lines.append(f"Launch record: {occasion.launch.id} ({occasion.launch.name})")
    if occasion.also_recorded_on:
        lines.append(f"Also recorded on: {', '.join(occasion.also_recorded_on)}")
    if occasion.launch.sources:
        lines.append("Sources:")
        lines += [s.url for s in occasion.launch.sources]
    return "\n".join(lines)


def anniversaries_calendar(anniversaries: Sequence[Anniversary], stamp: datetime) -> bytes:
    """One all-day VEVENT per anniversary, as CRLF-delimited iCalendar bytes.

    Only day-precision anniversaries have a day to put in a calendar: the caller leaves out
    those known only to the month (ValueError otherwise).
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Space anniversaries (almanac)")
    for anniversary in anniversaries:
        if anniversary.precision is not Precision.DAY:
            raise ValueError(f"{anniversary.uid_key} is known only to the month; it has no day")
        event = Event()
        event.add("uid", uid(anniversary))
        event.add("dtstamp", stamp)
        event.add("dtstart", anniversary.on)  # a date, so VALUE=DATE: an all-day event
        event.add("dtend", anniversary.on + timedelta(days=1))
        event.add("summary", summary(anniversary))
        event.add("description", description(anniversary))
        event.add("transp", "TRANSPARENT")  # an anniversary does not make anyone busy
        cal.add_component(event)
    return cal.to_ical()

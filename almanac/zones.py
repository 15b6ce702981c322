"""Time zones: names and aliases to tz zones, and showing an instant in a zone."""

from __future__ import annotations

from datetime import datetime

import pytz

from .model import Instant

UTC_ZONE = "UTC"
EASTERN_ZONE = "America/New_York"


def zone(name: str) -> pytz.BaseTzInfo:
    """The pytz zone for an IANA name."""
    return pytz.timezone(name)


def in_zone(instant: Instant | datetime, zone_name: str) -> datetime:
    """An aware UTC instant shown in a zone (pytz applies the offset in force then)."""
    utc = instant.utc if isinstance(instant, Instant) else instant
    return utc.astimezone(zone(zone_name))


def offset_text(local: datetime) -> str:
    """'+05:00' style offset of an aware datetime."""
    offset = local.utcoffset()
    total = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def abbreviation(local: datetime) -> str:
    """The zone abbreviation in force (EDT, MSK), or the offset where tz has none ('+05')."""
    return local.tzname() or offset_text(local)


def iso_local(instant: Instant, zone_name: str) -> str | None:
    """ISO 8601 with offset in a zone, at the instant's precision; None without a clock time."""
    if not instant.precision.has_clock_time:
        return None
    local = in_zone(instant, zone_name)
    fmt = "%Y-%m-%dT%H:%M:%S" if instant.precision.value == "second" else "%Y-%m-%dT%H:%M"
    return local.strftime(fmt) + offset_text(local)

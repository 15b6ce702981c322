"""Time zones: names and aliases to tz zones, and showing an instant in a zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

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


# --- names users type for zones -----------------------------------------------------------

@dataclass(frozen=True)
class ZoneSpec:
    """A zone as the user named it.

    ``zone`` is an IANA name for named zones; ``fixed`` is a fixed UTC offset (for "+05:00",
    and for abbreviations such as EDT read as input, the way GNU date reads them).
    ``target_zone`` is the IANA zone to show results in when the name is used as a target
    (EDT as a target means America/New_York, labelled with whatever is in force).
    """

    name: str
    label: str
    zone: str | None = None
    fixed: timedelta | None = None
    target_zone: str | None = None

    @property
    def display_zone(self) -> str | None:
        return self.target_zone or self.zone


# Abbreviations are fixed offsets on input; as targets they show the whole zone.
ABBREVIATIONS: dict[str, tuple[int, str, str]] = {
    # name: (offset minutes, zone shown as a target, meaning)
    "EDT": (-4 * 60, "America/New_York", "US Eastern Daylight Time, UTC-4"),
    "EST": (-5 * 60, "America/New_York", "US Eastern Standard Time, UTC-5"),
    "CDT": (-5 * 60, "America/Chicago", "US Central Daylight Time, UTC-5"),
    "CST": (-6 * 60, "America/Chicago", "US Central Standard Time, UTC-6"),
    "PDT": (-7 * 60, "America/Los_Angeles", "US Pacific Daylight Time, UTC-7"),
    "PST": (-8 * 60, "America/Los_Angeles", "US Pacific Standard Time, UTC-8"),
    "MSK": (3 * 60, "Europe/Moscow", "Moscow time as a fixed UTC+3 on input; Europe/Moscow as a target"),
}

ALIASES: dict[str, tuple[str, str]] = {
    # name: (IANA zone, meaning)
    "UTC": ("UTC", "Coordinated Universal Time"),
    "GMT": ("UTC", "Greenwich Mean Time, used in the press for UTC"),
    "Z": ("UTC", "Zulu time, UTC"),
    "ET": ("America/New_York", "US Eastern time, EST or EDT as in force"),
    "Eastern": ("America/New_York", "US Eastern time, EST or EDT as in force"),
    "Central": ("America/Chicago", "US Central time, CST or CDT as in force"),
    "Houston": ("America/Chicago", "Houston (Mission Control), US Central time"),
    "Pacific": ("America/Los_Angeles", "US Pacific time, PST or PDT as in force"),
    "Moscow": ("Europe/Moscow", "Moscow time with its history (MSK, MSD)"),
    # Baikonur keeps Qyzylorda's civil time in the tz database, which matches the local
    # times published for launches from 1975 on, including the move from +06 to +05 on
    # 2018-12-21 (Almaty's zone moved later, in 2024).
    "Baikonur": ("Asia/Qyzylorda", "Baikonur local time (the tz zone Asia/Qyzylorda)"),
}

_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)


def fixed_offset(text: str) -> timedelta | None:
    """'+05:00', '-0400', '+5', 'UTC+3' as an offset; None if the text is not one."""
    match = _OFFSET.match(text.strip())
    if not match:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 18 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return -delta if sign == "-" else delta


def _iana_by_fold() -> dict[str, str]:
    return {name.casefold(): name for name in pytz.all_timezones}


def zone_names(sites: dict | None = None) -> list[str]:
    """Every name resolve_zone accepts except fixed offsets (for completion and hints)."""
    names = list(ALIASES) + list(ABBREVIATIONS) + list(sites or {})
    return names + list(pytz.common_timezones)


def resolve_zone(name: str, sites: dict | None = None) -> ZoneSpec:
    """A zone from a user's name: alias, abbreviation, site id, IANA name or fixed offset.

    Raises UsageError naming close matches when nothing fits.
    """
    from .errors import UsageError

    text = name.strip()
    folded = text.casefold()
    for alias, (zone_name, _meaning) in ALIASES.items():
        if folded == alias.casefold():
            return ZoneSpec(text, alias, zone=zone_name)
    for abbr, (minutes, target, _meaning) in ABBREVIATIONS.items():
        if folded == abbr.casefold():
            return ZoneSpec(text, abbr, fixed=timedelta(minutes=minutes), target_zone=target)
    if sites:
        site = sites.get(folded) or sites.get(folded.replace(" ", "-"))
        if site is not None:
            return ZoneSpec(text, site.id, zone=site.zone)
    iana = _iana_by_fold().get(folded)
    if iana:
        return ZoneSpec(text, iana, zone=iana)
    offset = fixed_offset(text)
    if offset is not None:
        return ZoneSpec(text, offset_label(offset), fixed=offset)
    import difflib

    candidates = {n.casefold(): n for n in zone_names(sites)}
    close = difflib.get_close_matches(folded, list(candidates), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(candidates[c] for c in close)}?" if close else ""
    raise UsageError(f"unknown time zone {name!r}{hint} (see 'almanac zones')")


def offset_label(offset: timedelta) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def show_in(utc: datetime, spec: ZoneSpec) -> datetime:
    """An aware UTC datetime in the zone a ZoneSpec shows results in."""
    from datetime import timezone

    if spec.display_zone:
        return utc.astimezone(pytz.timezone(spec.display_zone))
    return utc.astimezone(timezone(spec.fixed or timedelta(0)))

"""Time zones: names and aliases to tz zones, reading wall-clock times in a zone (DST gaps
and repeated hours), and showing an instant in a zone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache, lru_cache

import pytz

from almanac.errors import UsageError
from almanac.domain.model import Instant, Precision

UTC_ZONE = "UTC"
EASTERN_ZONE = "America/New_York"


@cache
def zone(name: str) -> pytz.BaseTzInfo:
    """The pytz zone for an IANA name."""
    # pytz keeps its zones too, but finds them by a case-insensitive lookup on every call;
    # a listing asks for the same few zones thousands of times.
    return pytz.timezone(name)


def known_zone(name: str) -> bool:
    """Whether the tz database has a zone of this name."""
    return name in pytz.all_timezones_set


def in_zone(instant: Instant | datetime, zone_name: str) -> datetime:
    """An aware UTC instant shown in a zone (pytz applies the offset in force then)."""
    utc = instant.utc if isinstance(instant, Instant) else instant
    return utc.astimezone(zone(zone_name))


def offset_text(local: datetime) -> str:
    """'+05:00' style offset of an aware datetime."""
    return offset_label(local.utcoffset())


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


def iso_local_fast(instant: Instant, zone_name: str) -> str | None:
    """iso_local() with the same text, for listings of thousands of instants.

    datetime.strftime on a pytz time asks the zone for its DST rule (Python code) on every
    call; isoformat() does not, and offsets repeat, so their text is made once each.
    """
    precision = instant.precision
    if precision is not Precision.SECOND and precision is not Precision.MINUTE:
        return None
    return local_iso_text(instant.utc.astimezone(zone(zone_name)), precision is Precision.SECOND)


def local_iso_text(local: datetime, seconds: bool) -> str:
    """'YYYY-MM-DDTHH:MM[:SS]+HH:MM' of an aware datetime: iso_local's text, without strftime
    (which asks a pytz zone for its rules on every call) except where the two differ."""
    if local.year < 1000:  # strftime's %Y does not pad such years; isoformat does
        return local.strftime("%Y-%m-%dT%H:%M:%S" if seconds else "%Y-%m-%dT%H:%M") + offset_text(local)
    return local.isoformat()[:19 if seconds else 16] + offset_label(local.utcoffset())


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


@lru_cache(maxsize=1)
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

    candidates: dict[str, str] = {}
    for n in zone_names(sites):  # the first spelling wins: 'Baikonur' the alias, not the site id
        candidates.setdefault(n.casefold(), n)
    close = difflib.get_close_matches(folded, list(candidates), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(candidates[c] for c in close)}?" if close else ""
    raise UsageError(f"unknown time zone {name!r}{hint} (see 'almanac zones')")


@cache  # offsets repeat: listings of thousands of times make each text once
def offset_label(offset: timedelta | None) -> str:
    """'+05:00' for an offset (None is UTC); seconds of historical local mean time are dropped."""
    total = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def show_in(utc: datetime, spec: ZoneSpec) -> datetime:
    """An aware UTC datetime in the zone a ZoneSpec shows results in."""
    if spec.display_zone:
        return utc.astimezone(pytz.timezone(spec.display_zone))
    offset = spec.fixed or timedelta(0)
    # Named so that tzname() reads '+05:00' rather than datetime's default 'UTC+05:00'.
    return utc.astimezone(timezone(offset, offset_label(offset)))


def display_tzinfo(spec: ZoneSpec) -> tzinfo:
    """The tzinfo show_in() converts to: ``utc.astimezone(display_tzinfo(spec))`` is
    ``show_in(utc, spec)``, for code that shows many instants in one zone."""
    if spec.display_zone:
        return zone(spec.display_zone)
    offset = spec.fixed or timedelta(0)
    return timezone(offset, offset_label(offset))


def zone_of(spec: ZoneSpec) -> str:
    """What a ZoneSpec shows results in: an IANA name, or a fixed offset such as '+05:00'."""
    return spec.display_zone or offset_label(spec.fixed or timedelta(0))


@dataclass(frozen=True)
class ZoneName:
    """One name `almanac zones` lists."""

    name: str
    kind: str  # alias, abbreviation, site or offset
    zone: str
    meaning: str


def known_zone_names(sites: dict | None = None) -> list[ZoneName]:
    """Every alias and abbreviation with what it means, then the dataset's site ids."""
    out = [ZoneName(n, "alias", z, m) for n, (z, m) in ALIASES.items()]
    out += [ZoneName(n, "abbreviation", f"UTC{offset_label(timedelta(minutes=mins))} "
                                         f"(as a target: {target})", m)
            for n, (mins, target, m) in ABBREVIATIONS.items()]
    out += [ZoneName(s.id, "site", s.zone, s.name) for s in (sites or {}).values()]
    out.append(ZoneName("+05:00, -0400, UTC+3", "offset", "fixed offset",
                        "a fixed offset from UTC, never adjusted for daylight saving"))
    out.append(ZoneName("Area/City", "iana", "tz database",
                        "any IANA tz database name, e.g. Europe/Moscow, with its full history"))
    return out


# --- wall-clock times read in a zone ------------------------------------------------------


class NonexistentTimeError(UsageError):
    """A wall-clock time that a zone skipped (the gap when clocks go forward)."""


class AmbiguousTimeError(UsageError):
    """A wall-clock time that a zone showed twice (the hour repeated when clocks go back)."""

    def __init__(self, message: str, candidates: list[datetime]):
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Reading:
    """A wall-clock time read in a zone: the UTC instant, the offset used, and warnings."""

    utc: datetime
    offset: timedelta
    warnings: tuple[str, ...] = field(default=())


def _utc(naive: datetime) -> datetime:
    return naive.replace(tzinfo=UTC)


def _offsets_near(naive: datetime, tz: pytz.BaseTzInfo) -> list[timedelta]:
    # Every offset the zone used within a day and a half of the wall time; a wall time can
    # only belong to one of these. Hourly probes see every period longer than an hour.
    base = _utc(naive)
    seen: list[timedelta] = []
    for hours in range(-36, 37):
        offset = (base + timedelta(hours=hours)).astimezone(tz).utcoffset()
        if offset not in seen:
            seen.append(offset)
    return seen


def local_candidates(naive: datetime, zone_name: str) -> list[datetime]:
    """Every UTC instant at which the zone's clocks showed ``naive``, earliest first:
    one as a rule, two in a repeated hour, none in a gap."""
    tz = pytz.timezone(zone_name)
    found = set()
    for offset in _offsets_near(naive, tz):
        utc = _utc(naive - offset)
        if utc.astimezone(tz).replace(tzinfo=None) == naive:
            found.add(utc)
    return sorted(found)


def _wall(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S" if dt.second else "%Y-%m-%d %H:%M")


def read_in_zone(naive: datetime, zone_name: str, dst: bool | None = None) -> Reading:
    """The UTC instant of a wall-clock time in an IANA zone, with its history.

    A time the clocks skipped or showed twice raises NonexistentTimeError or
    AmbiguousTimeError unless ``dst`` chooses: True takes the reading with the larger UTC
    offset (summer time), False the smaller. This holds for changes that were not daylight
    saving too (Moscow's moves to +04 in 2011 and back to +03 in 2014).
    """
    tz = pytz.timezone(zone_name)
    candidates = local_candidates(naive, zone_name)
    if len(candidates) == 1:
        return Reading(candidates[0], candidates[0].astimezone(tz).utcoffset())
    if candidates:
        # Earlier UTC means a larger offset: the summer reading comes first.
        if dst is None:
            options = " or ".join(_reading_as(naive, c.astimezone(tz)) for c in candidates[:2])
            raise AmbiguousTimeError(
                f"{_wall(naive)} is ambiguous in {zone_name} (the clocks showed it twice): "
                f"{options}; choose with --dst (the first) or --no-dst (the second)", candidates)
        chosen = candidates[0] if dst else candidates[-1]
        return Reading(chosen, chosen.astimezone(tz).utcoffset())
    offsets = _offsets_near(naive, tz)
    # The offsets either side of the gap: in force at the earliest and latest readings.
    before = _utc(naive - max(offsets)).astimezone(tz)
    after = _utc(naive - min(offsets)).astimezone(tz)
    sides = sorted({before.utcoffset(): before, after.utcoffset(): after}.items())
    if dst is None or len(sides) < 2:
        summer, winter = sides[-1][1], sides[0][1]
        raise NonexistentTimeError(
            f"{_wall(naive)} does not exist in {zone_name} (the clocks jumped from "
            f"{abbreviation(before)} ({offset_text(before)}) to {abbreviation(after)} "
            f"({offset_text(after)})); choose with --dst for "
            f"{_reading_as(naive, summer)} or --no-dst for {_reading_as(naive, winter)}")
    offset = sides[-1][0] if dst else sides[0][0]
    return Reading(_utc(naive - offset), offset)


def _reading_as(naive: datetime, like: datetime) -> str:
    """A wall time read with the offset and abbreviation of ``like``."""
    utc = _utc(naive - like.utcoffset())
    clock = "%H:%M:%S" if naive.second else "%H:%M"
    return (f"{naive.strftime(clock)} {abbreviation(like)} ({offset_text(like)}) = "
            f"{utc.strftime('%Y-%m-%d ' + clock)} UTC")


def read_local(naive: datetime, spec: ZoneSpec, dst: bool | None = None) -> Reading:
    """The UTC instant of a wall-clock time in a zone the user named.

    Abbreviations and offsets are fixed offsets, the way GNU date reads them; when an
    abbreviation was not the one in force in its zone at that moment (EDT in January)
    the reading stands and a warning says so.
    """
    if spec.zone is not None:
        return read_in_zone(naive, spec.zone, dst)
    offset = spec.fixed or timedelta(0)
    utc = _utc(naive - offset)
    warnings: tuple[str, ...] = ()
    if spec.target_zone:
        local = utc.astimezone(pytz.timezone(spec.target_zone))
        if local.tzname() != spec.label or local.utcoffset() != offset:
            warnings = (f"{spec.label} is read as the fixed offset UTC{offset_label(offset)}, "
                        f"but {spec.target_zone} was on {abbreviation(local)} "
                        f"(UTC{offset_text(local)}) on {local:%Y-%m-%d}; the result uses "
                        f"UTC{offset_label(offset)}",)
    return Reading(utc, offset, warnings)


def same_zone(a: ZoneSpec, b: ZoneSpec) -> bool:
    """Whether two specs read wall-clock times the same way."""
    return (a.zone, a.fixed) == (b.zone, b.fixed)


@dataclass(frozen=True)
class ZoneTime:
    """An instant as shown in one target zone."""

    spec: ZoneSpec
    local: datetime

    @property
    def zone(self) -> str:
        return zone_of(self.spec)

    @property
    def abbreviation(self) -> str:
        # The press says GMT for UTC: a user who asked for GMT sees GMT.
        if self.spec.display_zone == UTC_ZONE and self.spec.label == "GMT":
            return "GMT"
        return abbreviation(self.local)

    @property
    def offset(self) -> str:
        return offset_text(self.local)


def convert(utc: datetime, targets: list[ZoneSpec]) -> list[ZoneTime]:
    """An aware UTC instant shown in each target zone, in order."""
    return [ZoneTime(spec, show_in(utc, spec)) for spec in targets]

"""Time zones: the names users type (aliases, abbreviations read by region and date, cities,
sites, offsets) to tz zones, reading wall-clock times in a zone (DST gaps and repeated hours),
and showing an instant in a zone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache, lru_cache

import pytz

from almanac.domain.model import Instant, Precision
from almanac.errors import UsageError

UTC_ZONE = "UTC"
EASTERN_ZONE = "America/New_York"


@cache
def zone(name: str) -> pytz.BaseTzInfo:
    """The pytz zone for an IANA name."""
    # pytz keeps its zones too, but finds them by a case-insensitive lookup on every call;
    # a listing asks for the same few zones thousands of times.
    return pytz.timezone(name)


def known_zone(name: str) -> bool:
    """Whether the tz database has a zone of this name. (Loading the one zone costs less
    than pytz's set of all names, which looks for each of ~600 zone files.)"""
    try:
        zone(name)
    except (pytz.UnknownTimeZoneError, ValueError, OSError):
        return False
    return True


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

    ``zone`` is an IANA name for named zones; ``fixed`` is a fixed UTC offset ("+05:00").
    An abbreviation (EDT, MSK) has neither: ``region`` holds the zones whose clocks showed
    it, and a wall time is read with the offset they showed under that name on that date.
    ``target_zone`` is the IANA zone to show results in when the name is used as a target
    (EDT as a target means America/New_York, labelled with whatever is in force).
    ``kind`` says which sort of name it was: alias, abbreviation, city, site, iana or offset.
    """

    name: str
    label: str
    zone: str | None = None
    fixed: timedelta | None = None
    target_zone: str | None = None
    kind: str = "iana"
    region: tuple[str, ...] = ()

    @property
    def display_zone(self) -> str | None:
        return self.target_zone or self.zone


# Abbreviations belong to a region and are read by date: MSK is the offset Moscow's clocks
# showed as MSK then (+03 in 1975, +04 from 2011-03-27 to 2014-10-26), and a time when the
# region's clocks did not show the abbreviation (EDT in January) is refused rather than
# read as a fixed offset, which would be an hour off without a word. The first zone is the
# one shown when the abbreviation is a target.
ABBREVIATIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # name: (zones of the region, meaning)
    "EDT": (("America/New_York",), "US Eastern Daylight Time (UTC-4), where and when in use"),
    "EST": (("America/New_York",), "US Eastern Standard Time (UTC-5), where and when in use"),
    "CDT": (("America/Chicago",), "US Central Daylight Time (UTC-5), where and when in use"),
    "MDT": (("America/Denver",), "US Mountain Daylight Time (UTC-6), where and when in use"),
    "MST": (("America/Denver", "America/Phoenix"), "US Mountain Standard Time (UTC-7), "
                                                   "where and when in use"),
    "PDT": (("America/Los_Angeles",), "US Pacific Daylight Time (UTC-7), where and when in use"),
    "PST": (("America/Los_Angeles",), "US Pacific Standard Time (UTC-8), where and when in use"),
    "HST": (("Pacific/Honolulu",), "Hawaii Standard Time (UTC-10)"),
    "MSK": (("Europe/Moscow",), "Moscow time as Moscow kept it: UTC+3, and UTC+4 from "
                                "2011-03-27 to 2014-10-26"),
    "MSD": (("Europe/Moscow",), "Moscow summer time (UTC+4), in Soviet and Russian summers "
                                "1981-2010 (not 1991)"),
    "BST": (("Europe/London",), "British Summer Time (UTC+1)"),
    "CET": (("Europe/Paris", "Europe/Berlin"), "Central European Time (UTC+1), where and "
                                               "when in use"),
    "CEST": (("Europe/Paris", "Europe/Berlin"), "Central European Summer Time (UTC+2), where "
                                                "and when in use"),
    "IST": (("Asia/Kolkata",), "India Standard Time (UTC+5:30); for Irish or Israel time name "
                               "Europe/Dublin or Asia/Jerusalem"),
    "JST": (("Asia/Tokyo",), "Japan Standard Time (UTC+9)"),
    "KST": (("Asia/Seoul",), "Korea Standard Time (UTC+9)"),
    "AEST": (("Australia/Sydney", "Australia/Brisbane"), "Australian Eastern Standard Time "
                                                         "(UTC+10), where and when in use"),
    "AEDT": (("Australia/Sydney",), "Australian Eastern Daylight Time (UTC+11), where and "
                                    "when in use"),
}

# Abbreviations that name clocks on two sides of the world: refused, asking which.
AMBIGUOUS_ABBREVIATIONS: dict[str, str] = {
    "CST": "US Central Standard Time (UTC-6) or China Standard Time (UTC+8): write CST6CDT "
           "or Central for the US, China or Asia/Shanghai for China",
}

ALIASES: dict[str, tuple[str, str]] = {
    # name: (IANA zone, meaning)
    "UTC": ("UTC", "Coordinated Universal Time"),
    "GMT": ("UTC", "Greenwich Mean Time, used in the press for UTC"),
    "UT": ("UTC", "Universal Time, read as UTC"),
    "Z": ("UTC", "Zulu time, UTC"),
    "ET": ("America/New_York", "US Eastern time, EST or EDT as in force"),
    "Eastern": ("America/New_York", "US Eastern time, EST or EDT as in force"),
    "CT": ("America/Chicago", "US Central time, CST or CDT as in force"),
    "Central": ("America/Chicago", "US Central time, CST or CDT as in force"),
    "Houston": ("America/Chicago", "Houston (Mission Control), US Central time"),
    "PT": ("America/Los_Angeles", "US Pacific time, PST or PDT as in force"),
    "Pacific": ("America/Los_Angeles", "US Pacific time, PST or PDT as in force"),
    "Moscow": ("Europe/Moscow", "Moscow time with its history (MSK, MSD)"),
    "China": ("Asia/Shanghai", "China Standard Time (Beijing time)"),
    # Baikonur keeps Qyzylorda's civil time in the tz database, which matches the local
    # times published for launches from 1975 on, including the move from +06 to +05 on
    # 2018-12-21 (Almaty's zone moved later, in 2024).
    "Baikonur": ("Asia/Qyzylorda", "Baikonur local time (the tz zone Asia/Qyzylorda)"),
}

# Cities people quote that are not the city of a tz zone name (those, such as Tokyo, Paris
# or New York, are found in the tz database itself).
CITIES: dict[str, str] = {
    "Beijing": "Asia/Shanghai",
    "Washington": "America/New_York",
    "Cape Canaveral": "America/New_York",
    "Huntsville": "America/Chicago",
    "Pasadena": "America/Los_Angeles",
    "Hawthorne": "America/Los_Angeles",
    "Delhi": "Asia/Kolkata",
    "New Delhi": "Asia/Kolkata",
    "Mumbai": "Asia/Kolkata",
    "Bengaluru": "Asia/Kolkata",
    "Bangalore": "Asia/Kolkata",
    "Korolev": "Europe/Moscow",
    "Star City": "Europe/Moscow",
    "Toulouse": "Europe/Paris",
    "Darmstadt": "Europe/Berlin",
    "Cologne": "Europe/Berlin",
    "Noordwijk": "Europe/Amsterdam",
    "Tsukuba": "Asia/Tokyo",
}

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)
_AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian",
          "Pacific")


def fixed_offset(text: str) -> timedelta | None:
    """'+05:00', '-0400', '+5', 'UTC+3', 'GMT-04:00' as an offset; None if the text is not
    one. 'GMT+3' is three hours ahead, as people write it (not POSIX's reversed sign)."""
    match = _OFFSET.match(text.strip())
    if not match:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 18 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return -delta if sign == "-" else delta


def _name_key(text: str) -> str:
    """A zone name compared: case, spaces and underscores ignored ('new york', 'New_York')."""
    return re.sub(r"[\s_]+", " ", text.strip()).casefold()


@lru_cache(maxsize=1)
def _iana_by_fold() -> dict[str, str]:
    return {name.casefold(): name for name in pytz.all_timezones}


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, str]]:
    """City name key -> (city as written, IANA zone): the cities above, then the city of
    every canonical tz name ('Tokyo' is Asia/Tokyo) that names only one zone."""
    found: dict[str, list[str]] = {}
    for name in pytz.common_timezones:
        area, _, city = name.rpartition("/")
        if area.split("/")[0] in _AREAS:
            found.setdefault(_name_key(city), []).append(name)
    out = {key: (zones[0].rpartition("/")[2].replace("_", " "), zones[0])
           for key, zones in found.items() if len(zones) == 1}
    out.update({_name_key(city): (city, zone_name) for city, zone_name in CITIES.items()})
    return out


def zone_names(sites: dict | None = None) -> list[str]:
    """Every name resolve_zone accepts except fixed offsets (for completion and hints)."""
    names = list(ALIASES) + list(ABBREVIATIONS) + list(AMBIGUOUS_ABBREVIATIONS) + list(sites or {})
    names += [city.replace(" ", "_") for city, _ in _cities().values()]
    return names + list(pytz.common_timezones)


class AmbiguousZoneError(UsageError):
    """A zone name that means two different clocks (CST: US Central or China)."""


def site_named(sites: dict | None, name: str):
    """The site whose id, name or alias is ``name`` (case and punctuation ignored, as
    `list --site` matches them), or None."""
    from almanac.domain.text import fold

    key = fold(name)
    if not key or not sites:
        return None
    for site in sites.values():
        if key in (fold(site.id), fold(site.name), *(fold(a) for a in site.aliases)):
            return site
    return None


def resolve_zone(name: str, sites: dict | None = None) -> ZoneSpec:
    """A zone from a user's name: alias, abbreviation, IANA name, city, fixed offset, or a
    site's id, name or alias (when ``sites`` are given).

    Raises UsageError naming close matches when nothing fits, and AmbiguousZoneError for a
    name such as CST that means two clocks.
    """
    text = name.strip()
    # 'Moscow time', 'Baikonur time', 'Houston time': as the press and Roscosmos write them.
    text = re.sub(r"(?<=\S)\s+time$", "", text, flags=re.I)
    folded = text.casefold()
    for alias, (zone_name, _meaning) in ALIASES.items():
        if folded == alias.casefold():
            return ZoneSpec(text, alias, zone=zone_name, kind="alias")
    for abbr, meaning in AMBIGUOUS_ABBREVIATIONS.items():
        if folded == abbr.casefold():
            raise AmbiguousZoneError(f"{abbr} is ambiguous: {meaning}")
    for abbr, (region, _meaning) in ABBREVIATIONS.items():
        if folded == abbr.casefold():
            return ZoneSpec(text, abbr, target_zone=region[0], kind="abbreviation", region=region)
    iana = _iana_by_fold().get(folded)
    if iana:
        return ZoneSpec(text, iana, zone=iana, kind="iana")
    city = _cities().get(_name_key(text))
    if city:
        return ZoneSpec(text, city[0], zone=city[1], kind="city")
    offset = fixed_offset(text)
    if offset is not None:
        return ZoneSpec(text, offset_label(offset), fixed=offset, kind="offset")
    site = site_named(sites, text)
    if site is not None:
        return ZoneSpec(text, site.id, zone=site.zone, kind="site")
    import difflib

    candidates: dict[str, str] = {}
    for n in zone_names(sites):  # the first spelling wins: 'Baikonur' the alias, not the site id
        candidates.setdefault(n.casefold(), n)
    for site in (sites or {}).values():
        for n in (site.name, *site.aliases):
            candidates.setdefault(n.casefold(), n)
    close = difflib.get_close_matches(folded, list(candidates), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(candidates[c] for c in close)}?" if close else ""
    raise UsageError(f"unknown time zone {name!r}{hint} (see 'almanac zones')")


# Launches from these sites are quoted in Moscow time (Roscosmos gives Moscow time, as the
# Soviet programme did): Russia's own sites, and Baikonur, which Russia leases in Kazakhstan.
_MOSCOW_TIME_COUNTRIES = ("RU", "SU")
_MOSCOW_TIME_SITES = ("baikonur", "tyuratam")


def quoted_zones(site) -> list[ZoneSpec]:
    """The zones a launch from ``site`` is quoted in besides UTC, US Eastern and the site's
    own: Moscow time for launches from Russian sites (Baikonur, Plesetsk, Vostochny)."""
    from almanac.domain.text import fold

    keys = {fold(site.id), fold(site.name), *(fold(a) for a in site.aliases)}
    if site.country in _MOSCOW_TIME_COUNTRIES or keys & set(_MOSCOW_TIME_SITES):
        return [resolve_zone("Moscow")]
    return []


@cache  # offsets repeat: listings of thousands of times make each text once
def offset_label(offset: timedelta | None) -> str:
    """'+05:00' for an offset (None is UTC); seconds of historical local mean time are dropped."""
    total = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def show_in(utc: datetime, spec: ZoneSpec) -> datetime:
    """An aware UTC datetime in the zone a ZoneSpec shows results in."""
    return utc.astimezone(display_tzinfo(spec))


def display_tzinfo(spec: ZoneSpec) -> tzinfo:
    """The tzinfo show_in() converts to: ``utc.astimezone(display_tzinfo(spec))`` is
    ``show_in(utc, spec)``, for code that shows many instants in one zone."""
    if spec.display_zone:
        return zone(spec.display_zone)
    offset = spec.fixed or timedelta(0)
    # Named so that tzname() reads '+05:00' rather than datetime's default 'UTC+05:00'.
    return timezone(offset, offset_label(offset))


def zone_of(spec: ZoneSpec) -> str:
    """What a ZoneSpec shows results in: an IANA name, or a fixed offset such as '+05:00'."""
    return spec.display_zone or offset_label(spec.fixed or timedelta(0))


def is_utc(spec: ZoneSpec) -> bool:
    """Whether a spec is UTC itself (UTC, GMT, Z, +00:00), not a zone that is at times +00."""
    return spec.display_zone == UTC_ZONE or (spec.display_zone is None and not spec.fixed)


@dataclass(frozen=True)
class ZoneName:
    """One name `almanac zones` lists."""

    name: str
    kind: str  # alias, abbreviation, city, site, offset or iana
    zone: str
    meaning: str


def known_zone_names(sites: dict | None = None) -> list[ZoneName]:
    """Every alias, abbreviation and named city with what it means, then the dataset's sites,
    then the forms of offsets, tz names and tz cities."""
    out = [ZoneName(n, "alias", z, m) for n, (z, m) in ALIASES.items()]
    out += [ZoneName(n, "abbreviation", ", ".join(region), m)
            for n, (region, m) in ABBREVIATIONS.items()]
    out += [ZoneName(n, "abbreviation", "ambiguous", f"refused: {m}")
            for n, m in AMBIGUOUS_ABBREVIATIONS.items()]
    out += [ZoneName(n, "city", z, f"{n} ({z})") for n, z in CITIES.items()]
    out += [ZoneName(s.id, "site", s.zone, s.name + (f" (also: {', '.join(s.aliases)})" if s.aliases else ""))
            for s in (sites or {}).values()]
    out.append(ZoneName("+05:00, -0400, +5, UTC+3, GMT-04:00", "offset", "fixed offset",
                        "a fixed offset from UTC, never adjusted for daylight saving"))
    out.append(ZoneName("Area/City", "iana", "tz database",
                        "any IANA tz database name, e.g. Europe/Moscow, with its full history"))
    out.append(ZoneName("Tokyo, Paris, New York", "city", "tz database",
                        "the city of a tz database name, e.g. Tokyo for Asia/Tokyo"))
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
    before, after = _gap_sides(naive, tz)
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


def _gap_sides(naive: datetime, tz: pytz.BaseTzInfo) -> tuple[datetime, datetime]:
    """The clocks either side of a gap: in force at the earliest and latest readings."""
    offsets = _offsets_near(naive, tz)
    return _utc(naive - max(offsets)).astimezone(tz), _utc(naive - min(offsets)).astimezone(tz)


def _reading_as(naive: datetime, like: datetime) -> str:
    """A wall time read with the offset and abbreviation of ``like``."""
    utc = _utc(naive - like.utcoffset())
    clock = "%H:%M:%S" if naive.second else "%H:%M"
    return (f"{naive.strftime(clock)} {abbreviation(like)} ({offset_text(like)}) = "
            f"{utc.strftime('%Y-%m-%d ' + clock)} UTC")


def read_abbreviation(naive: datetime, spec: ZoneSpec, dst: bool | None = None) -> Reading:
    """The UTC instant of a wall-clock time written with a zone abbreviation (EDT, MSK):
    read in the abbreviation's region with the offset its clocks showed under that name at
    that moment, so MSK is +03 in 1975 and +04 in 2012.

    Refused with a UsageError when the region's clocks did not show the abbreviation then
    (EDT in January names EST); a time the clocks showed twice under the same name
    (01:30 MSK on 2014-10-26) is ambiguous, and one they skipped does not exist, unless
    ``dst`` chooses, as in read_in_zone().
    """
    abbr = spec.label
    found: dict[datetime, str] = {}
    for zone_name in spec.region:
        tz = zone(zone_name)
        for utc in local_candidates(naive, zone_name):
            if utc.astimezone(tz).tzname() == abbr:
                found.setdefault(utc, zone_name)
    readings = sorted(found)
    if len(readings) > 1 and dst is None:
        options = " or ".join(_reading_as(naive, r.astimezone(zone(found[r]))) for r in readings[:2])
        raise AmbiguousTimeError(
            f"{_wall(naive)} {abbr} is ambiguous (the clocks showed it twice as {abbr}): "
            f"{options}; choose with --dst (the first) or --no-dst (the second)", readings)
    if readings:
        chosen = readings[-1] if dst is False else readings[0]
        return Reading(chosen, naive - chosen.replace(tzinfo=None))
    primary = spec.region[0]
    tz = zone(primary)
    candidates = local_candidates(naive, primary)
    if not candidates:
        # Skipped by the clocks: refused as any gap is, or read as chosen with --dst/--no-dst
        # if the side chosen went by this abbreviation.
        reading = read_in_zone(naive, primary, dst)
        side = {s.utcoffset(): s for s in _gap_sides(naive, tz)}[reading.offset]
        if side.tzname() == abbr:
            return reading
        shown = side
    else:
        shown = candidates[0].astimezone(tz)
    in_force = abbreviation(shown)
    instead = f"write {in_force}, or" if in_force.isalpha() else "write"
    raise UsageError(f"{abbr} was not in use in {primary} at {_wall(naive)}: the clocks there "
                     f"showed {in_force} (UTC{offset_text(shown)}); {instead} {primary} for "
                     "the offset in force")


def read_local(naive: datetime, spec: ZoneSpec, dst: bool | None = None) -> Reading:
    """The UTC instant of a wall-clock time in a zone the user named: an abbreviation by
    its region and date (read_abbreviation), a zone with its history (read_in_zone), or
    a fixed offset."""
    if spec.region:
        return read_abbreviation(naive, spec, dst)
    if spec.zone is not None:
        return read_in_zone(naive, spec.zone, dst)
    offset = spec.fixed or timedelta(0)
    return Reading(_utc(naive - offset), offset)


def same_zone(a: ZoneSpec, b: ZoneSpec) -> bool:
    """Whether two specs read wall-clock times the same way."""
    return (a.zone, a.fixed, a.region and a.label) == (b.zone, b.fixed, b.region and b.label)


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

"""Reading the times users type ("2025-07-03 3:32 pm EDT"), strictly: a full date, a clock
time and at most one zone, or a UsageError that names the part at fault."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from almanac.errors import UsageError
from almanac.domain.model import Instant, Precision
from almanac.domain.zones import ZoneSpec, read_local, resolve_zone, same_zone

# Two defaults that differ in every field: a field that comes out the same from both was
# written by the user; one that differs was filled in by dateutil.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0, 0)
_DEFAULT_B = datetime(2001, 12, 28, 1, 1, 1, 1)

# A zone glued to the clock time: "12:20Z", "15:32:00-04:00", "T1532+0500".
_GLUED_ZONE = re.compile(r"^(.*\d:?\d\d(?::?\d\d(?:\.\d+)?)?)(Z|[+-]\d\d(?::?\d\d)?)$", re.I)
_OFFSET_WORD = re.compile(r"^(?:(?:UTC|GMT)?[+-]\d{1,2}(?::?\d\d)?)$", re.I)
_ZONE_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-/]*$")
_TRIM = " ,;"


@dataclass(frozen=True)
class TypedTime:
    """A time as the user wrote it: the wall clock, how precise, and the zone named in it."""

    text: str
    wall: datetime  # naive; the clock as written, without fractions of a second
    precision: Precision  # MINUTE or SECOND
    zone: str | None = None  # the zone word as written, not yet resolved


@dataclass(frozen=True)
class ReadTime:
    """A typed time read in its zone: the instant, the zone it was read in, and warnings."""

    typed: TypedTime
    spec: ZoneSpec
    instant: Instant
    offset: timedelta  # the UTC offset the wall time was read with
    warnings: tuple[str, ...] = ()


def _dateutil_word(word: str) -> bool:
    from dateutil.parser import parserinfo

    info = parserinfo()
    w = word.strip(".").lower()
    return any(x is not None and x is not False for x in (
        info.jump(w), info.weekday(w), info.month(w), info.hms(w), info.ampm(w),
        info.pertain(w))) or w in ("p.m", "a.m", "noon", "midnight")


def split_zone(text: str) -> tuple[str, str | None]:
    """The time text and the zone word at its end, if there is one ('Z' and '-04:00' too)."""
    body = text.strip().rstrip(_TRIM)
    head, _, last = body.rpartition(" ")
    if not head:
        head, last = "", body
    glued = _GLUED_ZONE.match(last)
    if glued:
        return (head + " " + glued.group(1)).strip(), glued.group(2)
    utc_word = last.upper() in ("UTC", "GMT", "Z")
    if head and (_OFFSET_WORD.match(last) or utc_word
                 or (_ZONE_WORD.match(last) and not _dateutil_word(last))):
        return head.rstrip(_TRIM), last
    return body, None


def parse_time(text: str) -> TypedTime:
    """A date and clock time with an optional zone at the end; refuses anything it would
    have to guess (a missing date or time) or could not read (naming the part)."""
    from dateutil import parser

    original = text
    text = " ".join(text.split())
    if not text:
        raise UsageError("empty time: give a date and time such as '2025-07-03 15:32 UTC'")
    body, zone = split_zone(text)
    body = _clock_words(original, body)
    zones_seen: list[str] = []

    def tzinfos(name: str | None, _offset: int | None) -> None:
        if name:
            zones_seen.append(name)
        return None

    try:
        a = parser.parse(body, default=_DEFAULT_A, tzinfos=tzinfos)
        b = parser.parse(body, default=_DEFAULT_B, tzinfos=tzinfos)
    except parser.ParserError:
        raise UsageError(_not_understood(original, body)) from None
    except (ValueError, OverflowError) as exc:
        raise UsageError(f"{original!r} is not a real date and time ({_reason(exc)})") from None
    if a.tzinfo is not None or zones_seen:
        # Only a zone at the end is taken; dateutil found another one inside the text.
        inner = zones_seen[0] if zones_seen else a.tzname() or "an offset"
        found = f"two zones, {inner!r} and {zone!r}" if zone else f"the zone {inner!r} inside"
        raise UsageError(f"{original!r} has {found}: give one zone, at the end "
                         "(e.g. '2025-07-03 15:32 EDT')")
    missing = [name for name in ("year", "month", "day")
               if getattr(a, name) != getattr(b, name)]
    if missing:
        what = "date" if len(missing) == 3 else " or ".join(missing)
        lone = "; a lone number is not read as a year" if body.isdigit() else ""
        raise UsageError(f"{original!r} has no {what}: a time needs a full date "
                         f"(e.g. '2025-07-03 19:32 GMT'){lone}")
    if a.hour != b.hour:
        raise UsageError(f"{original!r} has no time of day: give one, e.g. "
                         f"'{a:%Y-%m-%d} 00:00'")
    _check_weekday(original, body, a)
    seconds = a.second == b.second
    wall = a.replace(microsecond=0)
    return TypedTime(original, wall, Precision.SECOND if seconds else Precision.MINUTE, zone)


def _clock_words(original: str, body: str) -> str:
    # dateutil knows neither word. Noon is 12:00; midnight is refused because people mean
    # both the start and the end of the day they name.
    if re.search(r"\bmidnight\b", body, re.I):
        raise UsageError(f"{original!r}: 'midnight' could be the start or the end of that day; "
                         "write 00:00 with the date you mean")
    return re.sub(r"\bnoon\b", "12:00", body, flags=re.I)


def _reason(exc: Exception) -> str:
    # dateutil's messages quote the input as it is: control characters in it must not reach
    # the terminal raw (the input itself is shown with repr()).
    from almanac.output.safe import printable

    return printable(str(exc))


def _not_understood(original: str, body: str) -> str:
    from dateutil import parser

    reason = ""
    try:
        _, skipped = parser.parse(body, default=_DEFAULT_A, fuzzy_with_tokens=True,
                                  tzinfos=lambda name, offset: None)
        words = [w.strip(" ,;:.-/") for w in skipped]
    except (ValueError, OverflowError) as exc:
        # Fuzzy parsing gave up too: name the words dateutil has no meaning for.
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z.]*", body) if not _dateutil_word(w)]
        reason = f" ({_reason(exc)})"
    words = [w for w in words if w and w.upper() != "T"]
    if not words:
        return f"cannot read {original!r} as a date and time{reason}"
    hint = ""
    try:
        resolve_zone(words[0])
        hint = " (a zone goes at the end)"
    except UsageError:
        pass
    return (f"cannot read {original!r} as a date and time: "
            f"{', '.join(repr(w) for w in words)} not understood{hint}")


def _check_weekday(original: str, body: str, parsed: datetime) -> None:
    # dateutil ignores a weekday that does not match the date; we do not.
    from dateutil.parser import parserinfo

    info = parserinfo()
    for word in re.findall(r"[A-Za-z]+", body):
        day = info.weekday(word)
        if day is not None and day != parsed.weekday():
            raise UsageError(f"{original!r}: {parsed:%Y-%m-%d} is a {parsed:%A}, not a "
                             f"{word.capitalize()}")


def read_time(text: str, resolve: Callable[[str], ZoneSpec] = resolve_zone,
              default: ZoneSpec | None = None, dst: bool | None = None) -> ReadTime:
    """Parse a typed time and read it in its zone: the zone in the text, else ``default``
    (--from), else UTC. A zone in the text that reads differently from ``default`` is an
    error, not a silent choice."""
    typed = parse_time(text)
    if not datetime(1, 1, 3) <= typed.wall <= datetime(9999, 12, 29):
        raise UsageError(f"{text!r} is too close to the ends of the calendar to convert")
    utc_spec = resolve_zone("UTC")
    spec = resolve(typed.zone) if typed.zone else default or utc_spec
    reading = read_local(typed.wall, spec, dst)
    if typed.zone and default is not None and not same_zone(spec, default):
        try:
            other = read_local(typed.wall, default, dst).utc
        except UsageError:
            other = None
        if other != reading.utc:
            raise UsageError(f"{text!r} names the zone {typed.zone!r} but --from says "
                             f"{default.name!r}; drop one of them")
    instant = Instant(reading.utc, typed.precision)
    return ReadTime(typed, spec, instant, reading.offset, reading.warnings)

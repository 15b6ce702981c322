"""Reading the times users type ("2025-07-03 3:32 pm EDT", "tomorrow 15:00 Houston", "now"),
strictly: a full date, a clock time and at most one zone, or a UsageError that names the part
at fault. Also the days of the year `almanac on` takes ("July 20", "20 July", "07-20")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from almanac.domain.model import Instant, Precision
from almanac.domain.zones import ZoneSpec, read_local, resolve_zone, same_zone, show_in
from almanac.errors import AlmanacError, UsageError

# Two defaults that differ in every field: a field that comes out the same from both was
# written by the user; one that differs was filled in by dateutil.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0, 0)
_DEFAULT_B = datetime(2001, 12, 28, 1, 1, 1, 1)

# A zone glued to the clock time: "12:20Z", "15:32:00-04:00", "T1532+0500".
_GLUED_ZONE = re.compile(r"^(.*\d:?\d\d(?::?\d\d(?:\.\d+)?)?)(Z|[+-]\d\d(?::?\d\d)?)$", re.I)
_OFFSET_WORD = re.compile(r"^(?:(?:UTC|GMT)?[+-]\d{1,2}(?::?\d\d)?)$", re.I)
_ZONE_WORD = re.compile(r"^[^\W\d_][\w+\-/]*$")
# A word of a zone name of several words ("Baikonur Cosmodrome", "Boca Chica", "New York").
_NAME_WORD = re.compile(r"^[^\W\d_][\w'.\-]*$")
_LONGEST_NAME = 6  # words
_TRIM = " ,;"
# An all-numeric date with the year last: 03/07/2025, 3.7.2025, 03-07-25.
_NUMERIC_DATE = re.compile(r"(?<![\d:./-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d:])")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
# Days relative to today, in the calendar of the zone the time is read in.
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_RELATIVE_WORD = re.compile(r"\b(yesterday|today|tomorrow)\b", re.I)


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


def split_zone(text: str, is_zone: Callable[[str], bool] | None = None) -> tuple[str, str | None]:
    """The time text and the zone word at its end, if there is one ('Z' and '-04:00' too).

    With ``is_zone``, a name of several words at the end ('Baikonur Cosmodrome', 'New
    York') is the zone when is_zone says it is one, the longest first.
    """
    body = text.strip().rstrip(_TRIM)
    if is_zone is not None:
        words = body.split(" ")
        tail: list[str] = []
        for word in reversed(words[1:]):  # the first word is the time's, whatever it is
            if len(tail) == _LONGEST_NAME or not _NAME_WORD.match(word) or _dateutil_word(word):
                break
            tail.insert(0, word)
        for count in range(len(tail), 1, -1):
            name = " ".join(tail[-count:])
            if is_zone(name):
                return " ".join(words[:-count]).rstrip(_TRIM), name
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


def parse_time(text: str, *, on: date | None = None, dayfirst: bool | None = None,
               is_zone: Callable[[str], bool] | None = None, original: str | None = None,
               on_from: str = "--date") -> TypedTime:
    """A date and clock time with an optional zone at the end; refuses anything it would
    have to guess (a missing date or time, a day and month that could be either way round)
    or could not read (naming the part).

    ``on`` is the date of a text that gives only a clock time ('15:00'), from ``on_from``;
    ``dayfirst`` reads 03/07/2025 as July 3 (True) or March 7 (False), which is otherwise
    refused; ``is_zone`` lets a zone name of several words end the text.
    """
    from dateutil import parser

    original = text if original is None else original
    text = " ".join(text.split())
    if not text:
        raise UsageError("empty time: give a date and time such as '2025-07-03 15:32 UTC'")
    body, zone = split_zone(text, is_zone)
    body = _clock_words(original, body)
    read_dayfirst = _day_month_order(original, body, dayfirst)
    zones_seen: list[str] = []

    def tzinfos(name: str | None, _offset: int | None) -> None:
        if name:
            zones_seen.append(name)
        return None

    try:
        a = parser.parse(body, default=_DEFAULT_A, tzinfos=tzinfos, dayfirst=read_dayfirst)
        b = parser.parse(body, default=_DEFAULT_B, tzinfos=tzinfos, dayfirst=read_dayfirst)
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
    if on is not None:
        if not missing:
            raise UsageError(f"{original!r} gives its date twice, in the text and by {on_from}: "
                             "give one")
        if len(missing) == 3:
            a = a.replace(year=on.year, month=on.month, day=on.day)
            b = b.replace(year=on.year, month=on.month, day=on.day)
            missing = []
    if missing:
        what = "date" if len(missing) == 3 else " or ".join(missing)
        lone = "; a lone number is not read as a year" if body.isdigit() else ""
        raise UsageError(f"{original!r} has no {what}: a time needs a full date "
                         f"(e.g. '2025-07-03 19:32 GMT', or a clock time with --date){lone}")
    if a.hour != b.hour:
        raise UsageError(f"{original!r} has no time of day: give one, e.g. "
                         f"'{a:%Y-%m-%d} 00:00'")
    _check_weekday(original, body, a)
    seconds = a.second == b.second
    wall = a.replace(microsecond=0)
    return TypedTime(original, wall, Precision.SECOND if seconds else Precision.MINUTE, zone)


def _day_month_order(original: str, body: str, dayfirst: bool | None) -> bool:
    """Whether dateutil should read an all-numeric date day first. A date that could be
    either way round (03/07/2025) is refused unless ``dayfirst`` says which; one that
    cannot be (13/07/2025) is read the only way it can, unless ``dayfirst`` says otherwise."""
    match = _NUMERIC_DATE.search(body)
    if not match:
        return False  # dateutil's dayfirst would also turn 2025-07-03 into March 7
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 and second > 12:
        return False  # not a day and a month (19.32.40): dateutil says what it is
    if dayfirst is None:
        if first <= 12 and second <= 12 and first != second:
            month_first = f"{_MONTH_NAMES[first - 1]} {second}"
            day_first = f"{_MONTH_NAMES[second - 1]} {first}"
            raise UsageError(f"{original!r}: {match.group(0)} could be {month_first} or "
                             f"{day_first}; add --monthfirst for {month_first} or --dayfirst "
                             f"for {day_first}, or write the date as YYYY-MM-DD")
        return first > 12
    month = second if dayfirst else first
    if month > 12:
        order = "day first" if dayfirst else "month first"
        raise UsageError(f"{original!r}: {match.group(0)} read {order} has no month {month}")
    return dayfirst


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
              default: ZoneSpec | None = None, dst: bool | None = None, *,
              now: datetime | None = None, on: date | None = None,
              dayfirst: bool | None = None) -> ReadTime:
    """Parse a typed time and read it in its zone: the zone in the text, else ``default``
    (--from), else UTC. A zone in the text that reads differently from ``default`` is an
    error, not a silent choice.

    'now' is ``now`` (default: the clock), to the second; 'today 15:00', 'tomorrow 15:00'
    and 'yesterday 15:00' take the date from ``now`` in the calendar of the zone the time is
    read in; ``on`` gives the date of a text that has only a clock time (--date).
    """
    utc_spec = resolve_zone("UTC")
    if " ".join(text.split()).casefold() == "now":
        if on is not None:
            raise UsageError("'now' is a date and time already: drop --date")
        return _read_now(text, default or utc_spec, now)

    def is_zone(name: str) -> bool:
        try:
            resolve(name)
        except AlmanacError:
            return False
        return True

    on_from = "--date"
    rest = text
    relative = _RELATIVE_WORD.findall(text)
    if relative:
        word = relative[0].lower()
        if len(relative) > 1 or on is not None:
            raise UsageError(f"{text!r} gives its date twice: give one of "
                             f"{', '.join(repr(w) for w in relative)}" +
                             (" and --date" if on is not None else ""))
        rest = " ".join(_RELATIVE_WORD.sub(" ", text).split()).strip(_TRIM)
        if not rest:
            raise UsageError(f"{text!r} has no time of day: give one, e.g. '{word} 15:00'")
        _, zone_word = split_zone(rest, is_zone)
        calendar = resolve(zone_word) if zone_word else default or utc_spec
        on = show_in(_now(now), calendar).date() + timedelta(days=_RELATIVE_DAYS[word])
        on_from = repr(word)
    typed = parse_time(rest, on=on, dayfirst=dayfirst, is_zone=is_zone, original=text,
                       on_from=on_from)
    if not datetime(1, 1, 3) <= typed.wall <= datetime(9999, 12, 29):
        raise UsageError(f"{text!r} is too close to the ends of the calendar to convert")
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


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _read_now(text: str, spec: ZoneSpec, now: datetime | None) -> ReadTime:
    """'now': the current instant, to the second, shown as read in ``spec``."""
    utc = _now(now)
    local = show_in(utc, spec)
    typed = TypedTime(text, local.replace(tzinfo=None), Precision.SECOND)
    return ReadTime(typed, spec, Instant(utc, Precision.SECOND), local.utcoffset())


# --- days of the year (`almanac on`) --------------------------------------------------------

_MONTH_WORD = r"([^\W\d_]+)\.?"
_DAY_WORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_FORMS = (
    # (pattern, index of month, of day, of year in the groups)
    (re.compile(r"^(\d{1,2})-(\d{1,2})$"), 0, 1, None),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), 1, 2, 0),
    (re.compile(rf"^{_MONTH_WORD}\s*{_DAY_WORD}(?:,?\s+(\d{{4}}))?$", re.I), 0, 1, 2),
    (re.compile(rf"^{_DAY_WORD}\s*{_MONTH_WORD}(?:,?\s+(\d{{4}}))?$", re.I), 1, 0, 2),
)


def _month_number(word: str) -> int | None:
    """1-12 for an English month name or its abbreviation ('Jul', 'Sept'), else None."""
    word = word.casefold()
    for number, name in enumerate(_MONTH_NAMES, start=1):
        if len(word) >= 3 and name.casefold().startswith(word):
            return number
    return None


def parse_month_day(text: str) -> tuple[int, int, int | None]:
    """A day of the year as people write it: '07-20', 'July 20', '20 July', 'Jul 20',
    'July 20th', or a full date ('2026-07-20', 'July 20, 2026'): (month, day, year), the
    year None unless the text gives one. Refuses anything else with a UsageError."""
    cleaned = " ".join(text.split())
    for pattern, month_at, day_at, year_at in _DAY_FORMS:
        match = pattern.match(cleaned)
        if not match:
            continue
        groups = match.groups()
        month_text = groups[month_at]
        month = int(month_text) if month_text.isdigit() else _month_number(month_text)
        year = int(groups[year_at]) if year_at is not None and groups[year_at] else None
        if month is None:
            break
        try:
            date(year or 2000, month, int(groups[day_at]))  # 2000 is a leap year: 02-29 is a day
        except ValueError:
            break
        return month, int(groups[day_at]), year
    raise UsageError(f"{text!r} is not a day of the year (expected MM-DD, e.g. 07-20, or "
                     "'July 20', '20 July', or a date such as 2026-07-20)")

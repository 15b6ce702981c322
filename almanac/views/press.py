"""Press style: the launch time as a newspaper story gives it (AP style), e.g.
"Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 12:32 a.m. local time on July 4)", and the
named form for lists of launches, "Progress MS-31 lifted off Thursday (July 3, 2025) at ..."."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from almanac.domain.model import Instant, Launch, Precision
from almanac.domain.zones import EASTERN_ZONE, UTC_ZONE, ZoneSpec, abbreviation, in_zone, show_in
from almanac.errors import UsageError

# AP abbreviates these months before a day; March to July are always spelt out.
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")


@dataclass(frozen=True)
class LocalPart:
    """A zone for the parenthesis after GMT, and what to call its clock ('local time', 'MSK')."""

    zone: ZoneSpec | str
    label: str = "local time"


def ap_date(day: date, year: bool = False) -> str:
    """'July 4', 'Sept. 17'; with ``year``, 'July 4, 2025'."""
    return f"{_AP_MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if year else "")


def ap_clock(local: datetime) -> str:
    """'3:32 p.m.', '3 p.m.', 'noon', 'midnight': hours and minutes, seconds dropped."""
    hour, minute = local.hour, local.minute
    if (hour, minute) == (12, 0):
        return "noon"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "a.m." if hour < 12 else "p.m."
    h12 = hour % 12 or 12
    return f"{h12} {suffix}" if minute == 0 else f"{h12}:{minute:02d} {suffix}"


def press_day(local: datetime) -> date:
    """The day a clock time belongs to; AP counts midnight as the end of the day before."""
    day = local.date()
    return day - timedelta(days=1) if (local.hour, local.minute) == (0, 0) else day


def _shown(utc: datetime, zone: ZoneSpec | str) -> datetime:
    return show_in(utc, zone) if isinstance(zone, ZoneSpec) else in_zone(utc, zone)


def press_line(instant: Instant, locals_: Sequence[LocalPart] = (), *, year: bool = False) -> str:
    """The press sentence for an instant: US Eastern first, then GMT as four digits, then
    each local clock that differs from Eastern, with its date where that differs.

    The press truncates (19:32:40 is 1932 GMT), so do we. An instant known only to the day
    gives the date alone; one known only to the month raises UsageError. With ``year`` the
    Eastern date has its year, and so does any other date in another year.
    """
    if instant.precision is Precision.MONTH:
        raise UsageError(f"{instant} is known only to the month; press style needs a day")
    if instant.precision is Precision.DAY:
        day = instant.utc.date()
        return f"{day:%A} ({ap_date(day, year)})"
    utc = instant.utc
    eastern = in_zone(utc, EASTERN_ZONE)
    day = press_day(eastern)

    def on(other: date) -> str:
        return f" on {ap_date(other, year and other.year != day.year)}" if other != day else ""

    parts = [f"{utc:%H%M} GMT{on(utc.date())}"]
    for part in locals_:
        local = _shown(utc, part.zone)
        if local.utcoffset() == eastern.utcoffset():
            continue  # the Eastern time already is the local time
        if isinstance(part.zone, ZoneSpec) and part.zone.display_zone == UTC_ZONE:
            continue  # said already, as GMT
        if part.label in ("GMT", "UTC") and not local.utcoffset():
            continue  # London in winter: its clock is GMT, said already
        text = f"{ap_clock(local)} {part.label}{on(press_day(local))}"
        if text not in parts:
            parts.append(text)
    return (f"{day:%A} ({ap_date(day, year)}) at {ap_clock(eastern)} {eastern.tzname()} "
            f"({' or '.join(parts)})")


def launch_press_line(launch: Launch, zones: Sequence[ZoneSpec] = (), *, named: bool = False) -> str:
    """The press sentence for a launch, with the launch site's local time, then the clock
    of each of ``zones`` (by its abbreviation, or '<zone> time' where tz gives a number).

    ``named``: the form for lists of launches, with the launch's name and the year:
    'Progress MS-31 lifted off Thursday (July 3, 2025) at 3:32 p.m. EDT (...)'.
    """
    if launch.at.precision is Precision.MONTH:
        raise UsageError(f"{launch.id}: launched in {launch.at}, known only to the month; "
                         "press style needs at least the day")
    no_local = launch.catalog is not None and launch.catalog.no_local_time
    parts = [] if no_local else [LocalPart(launch.site.zone)]
    for spec in zones:
        if parts and spec.display_zone == launch.site.zone:
            continue  # the site's own clock: said already, as local time
        abbr = abbreviation(show_in(launch.at.utc, spec))
        parts.append(LocalPart(spec, abbr if abbr.isalpha() else f"{spec.label} time"))
    line = press_line(launch.at, parts, year=named)
    line = line + " (time uncertain)" if launch.at.uncertain else line
    if not named:
        return line
    from almanac.output.safe import printable

    return f"{printable(launch.name)} lifted off {line}"

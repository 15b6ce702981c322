"""`almanac anniversaries`, `almanac on` and `almanac today`."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from almanac.cli.shared import (
    HeaderOption,
    OutputOption,
    app,
    ascii_digits,
    choose_format,
    emit,
    format_option,
    parse_date,
    state,
    write_file,
)
from almanac.domain.model import Precision
from almanac.errors import UsageError
from almanac.output.formats import Listing
from almanac.output.terminal import warn

if TYPE_CHECKING:
    from almanac.domain.anniversaries import Anniversary, Milestones
    from almanac.domain.model import Dataset
    from almanac.domain.zones import ZoneSpec

ANNIVERSARY_FORMATS = ("table", "json", "jsonl", "csv", "excel", "tsv", "ics")
WHOLE_FORMATS = ("table", "ics")  # made whole in memory before a byte is written
MAX_WHOLE_YEARS = 100  # the longest range of a table or a calendar
AnniversaryFormat = format_option(*ANNIVERSARY_FORMATS)
ENV_TODAY = "ALMANAC_TODAY"  # YYYY-MM-DD: pins "today" so that tests do not depend on the clock

# The machine-format contract (docs/anniversaries.md, "Output fields").
FIELDS = ("date", "precision", "years", "ordinal", "title", "kind", "event_type", "launch_id",
          "launch_name", "target", "also_recorded_on", "description", "original_utc",
          "original_precision", "original_date", "original_local", "zone", "id", "significance",
          "first")

TzOption = Annotated[Optional[str], typer.Option(
    "--tz", metavar="ZONE",
    help="Take dates in this zone's calendar (the names 'convert' accepts; default UTC).")]
AllOption = Annotated[bool, typer.Option(
    "--all", help="Routine occasions too (dockings, undockings, crew rotations); by default "
                  "only landmark and notable ones.")]
KindOption = Annotated[Optional[list[str]], typer.Option(
    "--kind", metavar="KIND", help="Only launches, events or spacewalks: launch, event or eva "
                                   "(repeatable).", show_default=False)]
ProgramOption = Annotated[Optional[str], typer.Option(
    "--program", metavar="PROGRAM", help="Only this program (Apollo, Soyuz, Progress...).")]
CrewedOption = Annotated[Optional[bool], typer.Option(
    "--crewed/--uncrewed", help="Only crewed, or only uncrewed, launches.", show_default=False)]
@app.command("anniversaries", short_help='Anniversaries in a year or a range of dates.')
def anniversaries(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option(
        "--year", metavar="YYYY", help="Calendar year to list (default: this year).")] = None,
    start: Annotated[Optional[str], typer.Option(
        "--from", metavar="YYYY-MM-DD", help="First day of a range (inclusive).")] = None,
    end: Annotated[Optional[str], typer.Option(
        "--to", metavar="YYYY-MM-DD", help="Last day of a range (inclusive).")] = None,
    every: Annotated[Optional[int], typer.Option(
        "--every", metavar="N", help="Every Nth anniversary (N, 2N, 3N...).")] = None,
    milestones: Annotated[Optional[str], typer.Option(
        "--milestones", metavar="N,N...", help="These anniversaries, e.g. 10,25,50.")] = None,
    include_all: AllOption = False,
    kind: KindOption = None,
    program: ProgramOption = None,
    crewed: CrewedOption = None,
    tz: TzOption = None,
    fmt: AnniversaryFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """Anniversaries of launches and events in a year or range (default: the 1st and every 5th)."""
    fmt_name = _format(fmt, output)
    chosen = _milestones(every, milestones)
    selection = _selection(include_all, kind, program, crewed)
    dataset = state(ctx).dataset()
    zone = _zone(tz, dataset)
    first, last = _range(year, start, end, zone)
    from almanac.domain.anniversaries import iter_anniversaries_between

    # Machine formats write a range of any length as it is found; a table and a calendar are
    # made whole in memory, so they cover a bounded span.
    found: Iterable[Anniversary] = iter_anniversaries_between(dataset, first, last, chosen, zone, selection)
    if fmt_name in WHOLE_FORMATS:
        _check_span(first, last, fmt_name)
        found = list(found)
    title = f"Anniversaries {first.isoformat()} to {last.isoformat()} ({_zone_label(zone)})"
    _emit(ctx, fmt_name, found, dataset, header=header, output=output, title=title)


@app.command("on", short_help='What happened on a day of the year.')
def on(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(
        metavar="MM-DD", help="Month and day: 07-20, 'July 20', '20 July', 'Jul 20'; or a date, "
                            "2026-07-20, whose year counts as --year.")],
    year: Annotated[Optional[int], typer.Option(
        "--year", metavar="YYYY", help="Count the years up to this one (default: this year).")] = None,
    include_all: AllOption = False,
    kind: KindOption = None,
    program: ProgramOption = None,
    crewed: CrewedOption = None,
    tz: TzOption = None,
    fmt: AnniversaryFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """What happened on a day of the year (MM-DD) in every earlier year: all its anniversaries."""
    fmt_name = _format(fmt, output)
    month, mday, day_year = _month_day(day)
    if year is not None and day_year is not None and year != day_year:
        raise UsageError(f"--year {year} and {day!r} name different years: give one")
    year = year if year is not None else day_year
    dataset = state(ctx).dataset()
    zone = _zone(tz, dataset)
    reference = year if year is not None else today(zone).year
    _check_year(reference, "--year" if year is not None else "today's year")
    from almanac.domain.anniversaries import on_this_day

    found = on_this_day(dataset, month, mday, reference, zone, _selection(include_all, kind, program, crewed))
    title = f"On {month:02d}-{mday:02d}, years before {reference} ({_zone_label(zone)})"
    _emit(ctx, fmt_name, found, dataset, header=header, output=output, title=title)


@app.command(name="today", short_help="What happened on today's date.")
def today_command(
    ctx: typer.Context,
    include_all: AllOption = False,
    kind: KindOption = None,
    program: ProgramOption = None,
    crewed: CrewedOption = None,
    tz: TzOption = None,
    fmt: AnniversaryFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """What happened on today's date (in UTC, or --tz) in earlier years."""
    fmt_name = _format(fmt, output)
    dataset = state(ctx).dataset()
    zone = _zone(tz, dataset)
    now = today(zone)
    _check_year(now.year, "today's year")
    from almanac.domain.anniversaries import on_this_day

    found = on_this_day(dataset, now.month, now.day, now.year, zone,
                        _selection(include_all, kind, program, crewed))
    title = f"Today, {now.isoformat()} ({_zone_label(zone)})"
    _emit(ctx, fmt_name, found, dataset, header=header, output=output, title=title)


# --- parse ---------------------------------------------------------------------------------


def today(zone: ZoneSpec | None = None) -> date:
    """Today's date in the zone (UTC by default), or $ALMANAC_TODAY when it is set."""
    pinned = os.environ.get(ENV_TODAY)
    if pinned:
        return parse_date(pinned, f"${ENV_TODAY}")
    now = datetime.now(UTC)
    if zone is None:
        return now.date()
    from almanac.domain.zones import show_in

    return show_in(now, zone).date()


def _month_day(text: str) -> tuple[int, int, int | None]:
    """`on`'s DAY: (month, day, year), the year None unless DAY is a full date."""
    from almanac.domain.timeparse import parse_month_day

    return parse_month_day(ascii_digits(text))


def _check_year(year: int, what: str = "--year") -> None:
    from almanac.domain.anniversaries import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"{what} {year} is outside {FIRST_YEAR}-{LAST_YEAR}")


def _range(year: int | None, start: str | None, end: str | None,
           zone: ZoneSpec | None) -> tuple[date, date]:
    """The days to list: --year, --from/--to, or this year."""
    from almanac.domain.anniversaries import FIRST_YEAR, LAST_YEAR, same_day_in, year_span

    if year is not None and (start or end):
        raise UsageError("--year cannot be combined with --from/--to")
    if start is None and end is None:
        chosen = year if year is not None else today(zone).year
        _check_year(chosen, "--year" if year is not None else "today's year")
        return year_span(chosen)
    first = parse_date(start, "--from") if start is not None else None
    last = parse_date(end, "--to") if end is not None else None
    for value, what in ((first, "--from"), (last, "--to")):
        if value is not None:
            _check_year(value.year, what)
    # One bound alone means a year's worth of days from (or up to) it.
    if last is None:
        last = (date(LAST_YEAR, 12, 31) if first.year == LAST_YEAR
                else same_day_in(first.year + 1, first) - timedelta(days=1))
    if first is None:
        first = (date(FIRST_YEAR, 1, 1) if last.year == FIRST_YEAR
                 else same_day_in(last.year - 1, last) + timedelta(days=1))
    if first > last:
        raise UsageError(f"empty range: --from {first.isoformat()} is after --to {last.isoformat()}")
    return first, last


def _check_span(first: date, last: date, fmt: str) -> None:
    years = last.year - first.year + 1
    if years > MAX_WHOLE_YEARS:
        what = "a table" if fmt == "table" else "a calendar (ics)"
        raise UsageError(f"--from {first.isoformat()} --to {last.isoformat()} spans {years} years; "
                         f"{what} covers at most {MAX_WHOLE_YEARS} (json, jsonl, csv and tsv are "
                         "written as they are found, for any range)")


def _milestones(every: int | None, listed: str | None) -> Milestones:
    from almanac.domain.anniversaries import ROUND, Milestones

    if every is not None and every < 1:
        raise UsageError(f"--every {every}: the step must be 1 year or more")
    years: set[int] = set()
    if listed is not None:
        for part in ascii_digits(listed).split(","):
            text = part.strip()
            if not re.fullmatch(r"[0-9]{1,4}", text) or int(text) < 1:
                raise UsageError(f"--milestones {_short(listed)!r}: {_short(text)!r} is not a whole "
                                 "number of years from 1 to 9999")
            years.add(int(text))
    if every is None and listed is None:
        return ROUND
    return Milestones(every, frozenset(years))


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


def _selection(include_all: bool, kinds: list[str] | None, program: str | None, crewed: bool | None):
    from almanac.domain.anniversaries import Selection
    from almanac.domain.model import NOTABLE, ROUTINE

    wanted = frozenset(k.strip().lower() for k in kinds or ())
    unknown = sorted(wanted - {"launch", "event", "eva"})
    if unknown:
        raise UsageError(f"--kind {_short(unknown[0])!r}: choose launch, event or eva")
    return Selection(ROUTINE if include_all else NOTABLE, wanted, program, crewed)


def _zone(name: str | None, dataset: Dataset) -> ZoneSpec | None:
    if name is None:
        return None
    from almanac.domain.zones import resolve_zone

    return resolve_zone(name, dataset.sites)


def _zone_label(zone: ZoneSpec | None) -> str:
    return zone.label if zone is not None else "UTC"


_SUFFIX_FORMATS = {".ics": "ics", ".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".tsv": "tsv"}


def _format(fmt, output: Path | None) -> str:
    if fmt is None and output is not None:
        fmt = _SUFFIX_FORMATS.get(output.suffix.lower(), "tsv")
    name = choose_format(fmt, pipe_default="tsv")
    if output is not None and name == "table":
        raise UsageError("--output writes ics, json, jsonl, csv or tsv; a table is for a terminal")
    return name


# --- render --------------------------------------------------------------------------------


def anniversary_rows(found: Iterable[Anniversary]) -> Iterator[dict[str, Any]]:
    """Anniversaries as flat rows: the same fields in every machine format."""
    for a in found:
        occasion, event = a.occasion, a.occasion.event
        at = occasion.at
        by_month = at.precision is Precision.MONTH
        yield {
            "date": a.date_text(),
            "precision": a.precision.value,
            "years": a.years,
            "ordinal": a.ordinal,
            "title": occasion.title,
            "kind": occasion.kind,
            "event_type": occasion.event_type,
            "launch_id": occasion.launch.id,
            "launch_name": occasion.launch.name,
            "target": event.target if event else None,
            "also_recorded_on": list(occasion.also_recorded_on),
            "description": event.description if event else None,
            "original_utc": at.iso(),
            "original_precision": at.precision.value,
            "original_date": a.original_on.strftime("%Y-%m") if by_month else a.original_on.isoformat(),
            "original_local": _local_iso(a),
            "zone": a.zone,
            "id": a.uid_key,
            "significance": a.significance,
            "first": list(occasion.first),
        }


def _local_iso(a: Anniversary) -> str | None:
    if a.original_local is None:
        return None
    from almanac.domain.zones import local_iso_text

    return local_iso_text(a.original_local, a.occasion.at.precision is Precision.SECOND)


def _original_text(a: Anniversary) -> str:
    precision = a.occasion.at.precision.value
    if precision == "month":
        return a.original_on.strftime("%Y-%m") + " (month known)"
    if precision == "day":
        return a.original_on.isoformat() + " (date known)"
    from almanac.domain.zones import abbreviation

    clock = "%H:%M:%S" if precision == "second" else "%H:%M"
    local = a.original_local
    return local.strftime(f"%Y-%m-%d {clock} ") + abbreviation(local)


def _emit(ctx: typer.Context, fmt: str, found: Iterable[Anniversary], dataset: Dataset, *,
          header: bool, output: Path | None, title: str) -> None:
    """Write anniversaries in a format, to standard output or --output; ``found`` is read
    once, as it comes, except for a table and a calendar (WHOLE_FORMATS), which get a list."""
    if fmt == "ics":
        data = _calendar(list(found), dataset)
        if output is None or str(output) == "-":
            sys.stdout.write(data.decode("utf-8"))
        else:
            write_file(output, data)
        return
    originals = {}
    if fmt == "table":
        found = list(found)
        originals = {a.uid_key: _original_text(a) for a in found}
        from almanac.catalog import credit

        gcat = credit(a.launch for a in found)  # the attribution, under the title
        title = f"{title}\n{gcat}" if gcat else title
    listing = Listing(FIELDS, anniversary_rows(found), title=title, empty=f"{title}: none", columns=[
        ("Date", lambda r: r["date"] + (" (month)" if r["precision"] == "month" else "")),
        ("Anniv.", "ordinal"), ("What", _what), ("Launch", "launch_id"),
        ("Original", lambda r: originals[r["id"]])])
    emit(ctx, fmt, listing, header=header, output=output)


def _what(row: dict[str, Any]) -> str:
    """A table's title cell: the title, and the first it marks."""
    return row["title"] + (f" ({'; '.join(row['first'])})" if row["first"] else "")


def _calendar(found: list[Anniversary], dataset: Dataset) -> bytes:
    from almanac.output.ics import anniversaries_calendar, dataset_stamp

    by_day = [a for a in found if a.precision.value == "day"]
    by_month = [a for a in found if a.precision.value != "day"]
    if by_month:
        # A calendar needs a day; putting these on the 1st would invent one.
        names = ", ".join(f"{a.uid_key} ({a.date_text()})" for a in by_month)
        count = f"{len(by_month)} anniversar{'y' if len(by_month) == 1 else 'ies'}"
        warn(f"{count} known only to the month left out of the calendar: {names}")
    return anniversaries_calendar(by_day, dataset_stamp(dataset))



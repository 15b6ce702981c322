"""`almanac anniversaries`, `almanac on` and `almanac today`."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..errors import OutputError, UsageError
from ..model import Precision
from ..terminal import warn
from .app import (
    Format,
    FormatOption,
    HeaderOption,
    app,
    choose_format,
    emit_rows,
    parse_date,
    state,
)

if TYPE_CHECKING:
    from ..anniversaries import Anniversary, Milestones
    from ..model import Dataset
    from ..zones import ZoneSpec

ANNIVERSARY_FORMATS = (Format.table, Format.json, Format.jsonl, Format.csv, Format.tsv, Format.ics)
ENV_TODAY = "ALMANAC_TODAY"  # YYYY-MM-DD: pins "today" so that tests do not depend on the clock

# The machine-format contract (docs/anniversaries.md, "Output fields").
FIELDS = ("date", "precision", "years", "ordinal", "title", "kind", "event_type", "launch_id",
          "launch_name", "target", "also_recorded_on", "description", "original_utc",
          "original_precision", "original_date", "original_local", "zone", "id")

TzOption = Annotated[Optional[str], typer.Option(
    "--tz", metavar="ZONE",
    help="Take dates in this zone's calendar (the names 'convert' accepts; default UTC).")]
OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", "-o", metavar="FILE", dir_okay=False,
    help="Write to FILE (replaced atomically) instead of standard output; the format "
         "defaults to FILE's suffix (.ics, .json, .jsonl, .csv, .tsv).")]


@app.command()
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
    every_year: Annotated[bool, typer.Option(
        "--all", help="Every anniversary, 1st, 2nd, 3rd...")] = False,
    tz: TzOption = None,
    fmt: FormatOption = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """Anniversaries of launches and events in a year or range (default: the 1st and every 5th)."""
    fmt_name = _format(fmt, output)
    chosen = _milestones(every, milestones, every_year)
    dataset = state(ctx).dataset()
    zone = _zone(tz, dataset)
    first, last = _range(year, start, end, zone)
    from ..anniversaries import anniversaries_between

    found = anniversaries_between(dataset, first, last, chosen, zone)
    title = f"Anniversaries {first.isoformat()} to {last.isoformat()} ({_zone_label(zone)})"
    _emit(ctx, fmt_name, found, dataset, header=header, output=output, title=title)


@app.command()
def on(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="MM-DD", help="Month and day, e.g. 07-15.")],
    year: Annotated[Optional[int], typer.Option(
        "--year", metavar="YYYY", help="Count the years up to this one (default: this year).")] = None,
    tz: TzOption = None,
    fmt: FormatOption = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """What happened on a day of the year (MM-DD) in every earlier year: all its anniversaries."""
    fmt_name = _format(fmt, output)
    month, mday = _month_day(day)
    dataset = state(ctx).dataset()
    zone = _zone(tz, dataset)
    reference = year if year is not None else today(zone).year
    _check_year(reference, "--year" if year is not None else "today's year")
    from ..anniversaries import on_this_day

    found = on_this_day(dataset, month, mday, reference, zone)
    title = f"On {month:02d}-{mday:02d}, years before {reference} ({_zone_label(zone)})"
    _emit(ctx, fmt_name, found, dataset, header=header, output=output, title=title)


@app.command(name="today")
def today_command(
    ctx: typer.Context,
    tz: TzOption = None,
    fmt: FormatOption = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """What happened on today's date (in UTC, or --tz) in earlier years."""
    fmt_name = _format(fmt, output)
    dataset = state(ctx).dataset()
    zone = _zone(tz, dataset)
    now = today(zone)
    _check_year(now.year, "today's year")
    from ..anniversaries import on_this_day

    found = on_this_day(dataset, now.month, now.day, now.year, zone)
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
    from ..zones import show_in

    return show_in(now, zone).date()


_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def _month_day(text: str) -> tuple[int, int]:
    match = _MONTH_DAY.match(text.strip())
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2000, month, day)  # a leap year, so that 02-29 is a day
            return month, day
        except ValueError:
            pass
    raise UsageError(f"{text!r} is not a day of the year (expected MM-DD, e.g. 07-15)")


def _check_year(year: int, what: str = "--year") -> None:
    from ..anniversaries import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"{what} {year} is outside {FIRST_YEAR}-{LAST_YEAR}")


def _range(year: int | None, start: str | None, end: str | None,
           zone: ZoneSpec | None) -> tuple[date, date]:
    """The days to list: --year, --from/--to, or this year."""
    from ..anniversaries import FIRST_YEAR, LAST_YEAR, same_day_in, year_span

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


def _milestones(every: int | None, listed: str | None, every_year: bool) -> Milestones:
    from ..anniversaries import EVERY_YEAR, ROUND, Milestones

    if every_year and (every is not None or listed is not None):
        raise UsageError("--all cannot be combined with --every or --milestones")
    if every_year:
        return EVERY_YEAR
    if every is not None and every < 1:
        raise UsageError(f"--every {every}: the step must be 1 year or more")
    years: set[int] = set()
    if listed is not None:
        for part in listed.split(","):
            text = part.strip()
            if not text.isdigit() or int(text) < 1:
                raise UsageError(f"--milestones {listed!r}: {text!r} is not a whole number of "
                                 "years, 1 or more")
            years.add(int(text))
    if every is None and listed is None:
        return ROUND
    return Milestones(every, frozenset(years))


def _zone(name: str | None, dataset: Dataset) -> ZoneSpec | None:
    if name is None:
        return None
    from ..zones import resolve_zone

    return resolve_zone(name, dataset.sites)


def _zone_label(zone: ZoneSpec | None) -> str:
    return zone.label if zone is not None else "UTC"


_SUFFIX_FORMATS = {".ics": Format.ics, ".json": Format.json, ".jsonl": Format.jsonl,
                   ".csv": Format.csv, ".tsv": Format.tsv}


def _format(fmt: Format | None, output: Path | None) -> str:
    if fmt is None and output is not None:
        fmt = _SUFFIX_FORMATS.get(output.suffix.lower(), Format.tsv)
    if fmt is not None and fmt not in ANNIVERSARY_FORMATS:
        raise UsageError(f"--format {fmt.value!r} is not a format of this command (choose from: "
                         f"{', '.join(f.value for f in ANNIVERSARY_FORMATS)})")
    name = choose_format(fmt, ANNIVERSARY_FORMATS, pipe_default=Format.tsv)
    if output is not None and name == "table":
        raise UsageError("--output writes ics, json, jsonl, csv or tsv; a table is for a terminal")
    return name


# --- render --------------------------------------------------------------------------------


def anniversary_rows(found: Iterable[Anniversary]) -> Iterator[dict[str, Any]]:
    """Anniversaries as flat rows, made as they are read: the same fields in every machine
    format."""
    for values in _row_values(found):
        yield dict(zip(FIELDS, values, strict=True))


# A row of anniversary_rows as the JSON that json.JSONEncoder(ensure_ascii=False).encode
# gives it. The texts almanac writes itself (dates, times, precisions, ordinals, "launch" or
# "event") hold nothing to escape and go in as they are; every other text goes through the
# encoder's own string function (json.encoder.encode_basestring).
_JSON_ROW = ('{"date": "%s", "precision": "%s", "years": %d, "ordinal": "%s", "title": %s, '
             '"kind": "%s", "event_type": %s, "launch_id": %s, "launch_name": %s, "target": %s, '
             '"also_recorded_on": [%s], "description": %s, "original_utc": "%s", '
             '"original_precision": "%s", "original_date": "%s", "original_local": %s, '
             '"zone": %s, "id": %s}')


def anniversary_json(found: Iterable[Anniversary]) -> Iterator[str]:
    """Each row of anniversary_rows as compact JSON: the same text as the json module's
    encoder, in less than half the time (a year of 10,000 launches is thousands of rows),
    since the row is not built as a dict and only free text is escaped."""
    from json.encoder import encode_basestring as text

    for (on, precision, years, ordinal_text, title, kind, event_type, launch_id, launch_name,
         target, also, description, utc, original_precision, original_date, local, zone,
         uid) in _row_values(found):
        yield _JSON_ROW % (
            on, precision, years, ordinal_text, text(title), kind,
            "null" if event_type is None else text(event_type), text(launch_id), text(launch_name),
            "null" if target is None else text(target), ", ".join(map(text, also)),
            "null" if description is None else text(description), utc, original_precision,
            original_date, "null" if local is None else f'"{local}"', text(zone), text(uid))


_TEXT_OF = {p: p.value for p in Precision}  # Enum's .value is a property call


def _row_values(found: Iterable[Anniversary]) -> Iterator[tuple[Any, ...]]:
    """Each anniversary's row (see FIELDS), as a tuple in that order."""
    from ..anniversaries import ordinal

    month, second, text_of = Precision.MONTH, Precision.SECOND, _TEXT_OF
    # Written out flat rather than through the Anniversary and Occasion properties and
    # methods (date_text, ordinal, uid_key): a year of a large dataset is thousands of rows.
    for a in found:
        occasion = a.occasion
        launch, event = occasion.launch, occasion.event
        at = launch.at if event is None else event.at
        precision = at.precision
        local = a.original_local
        utc_text = at.iso()
        if local is None:
            local_text = None
        elif local is at.utc:  # listed in UTC: the same text with the offset for Z
            local_text = utc_text[:-1] + "+00:00"
        else:
            from ..zones import local_iso_text  # (pytz: only when a zone was asked for)

            local_text = local_iso_text(local, precision is second)
        on, years = a.on, a.years
        no_event = event is None
        yield (
            on.strftime("%Y-%m") if a.precision is month else on.isoformat(),  # date
            text_of[a.precision],  # precision
            years,
            ordinal(years),
            occasion.title,
            "launch" if no_event else "event",  # kind
            None if no_event else event.type,  # event_type
            launch.id,
            launch.name,
            None if no_event else event.target,  # target
            list(occasion.also_recorded_on),
            None if no_event else event.description,  # description
            utc_text,  # original_utc
            text_of[precision],  # original_precision
            a.original_on.strftime("%Y-%m") if precision is month else a.original_on.isoformat(),
            local_text,  # original_local
            a.zone,
            f"{occasion.key}-{years}y",  # id
        )


def _original_text(a: Anniversary) -> str:
    precision = a.occasion.at.precision.value
    if precision == "month":
        return a.original_on.strftime("%Y-%m") + " (month known)"
    if precision == "day":
        return a.original_on.isoformat() + " (date known)"
    from ..zones import abbreviation

    clock = "%H:%M:%S" if precision == "second" else "%H:%M"
    local = a.original_local
    return local.strftime(f"%Y-%m-%d {clock} ") + abbreviation(local)


def _table(found: Sequence[Anniversary]) -> tuple[list[str], list[list[str]]]:
    headers = ["Date", "Anniv.", "What", "Launch", "Original"]
    body = [[a.date_text() + (" (month)" if a.precision.value == "month" else ""), a.ordinal,
             a.title, a.launch.id, _original_text(a)] for a in found]
    return headers, body


def _emit(ctx: typer.Context, fmt: str, found: Sequence[Anniversary], dataset: Dataset, *,
          header: bool, output: Path | None, title: str) -> None:
    if fmt == "ics":
        data = _calendar(found, dataset)
        if output is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            write_atomically(output, data)
        return
    if fmt == "table":
        if not found:
            sys.stdout.write(f"{title}: none\n")
            return
        emit_rows(ctx, fmt, (), fields=FIELDS, header=header, table=lambda: _table(found), title=title)
        return
    from ..render.formats import write_json_texts, write_rows

    out = io.StringIO() if output is not None else sys.stdout
    if fmt in ("json", "jsonl"):
        write_json_texts(anniversary_json(found), fmt, out)
    else:  # rows made as they are written
        write_rows(anniversary_rows(found), fmt, out, header=header, fields=FIELDS)
    if output is not None:
        write_atomically(output, out.getvalue().encode("utf-8"))


def _calendar(found: Sequence[Anniversary], dataset: Dataset) -> bytes:
    from ..render.ics import anniversaries_calendar, dataset_stamp

    by_day = [a for a in found if a.precision.value == "day"]
    by_month = [a for a in found if a.precision.value != "day"]
    if by_month:
        # A calendar needs a day; putting these on the 1st would invent one.
        names = ", ".join(f"{a.uid_key} ({a.date_text()})" for a in by_month)
        count = f"{len(by_month)} anniversar{'y' if len(by_month) == 1 else 'ies'}"
        warn(f"{count} known only to the month left out of the calendar: {names}")
    return anniversaries_calendar(by_day, dataset_stamp(dataset))


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a file with data in one step: a reader sees the old file or the new, never half."""
    from ..atomic import replace_file

    try:
        replace_file(path, data)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None

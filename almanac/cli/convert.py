"""`almanac convert` (a time between zones, with their history) and `almanac zones`."""

from __future__ import annotations

import os
from typing import Annotated, Any, Optional

import typer

from almanac.cli.shared import (
    HeaderOption,
    OutputOption,
    app,
    choose_format,
    completion_dataset,
    emit,
    format_option,
    parse_date,
    state,
    write_to,
)
from almanac.errors import DatasetError, UsageError
from almanac.output.formats import Listing
from almanac.output.terminal import warn

ConvertFormat = format_option("table", "json", "jsonl", "csv", "excel", "tsv", "press")
ZonesFormat = format_option("table", "json", "jsonl", "csv", "excel", "tsv")
DEFAULT_TARGETS = ("UTC", "Eastern", "Baikonur")
ENV_NOW = "ALMANAC_NOW"  # YYYY-MM-DDTHH:MM:SSZ: pins "now" so that tests do not depend on the clock
# Named zones the press calls "local time" rather than by an abbreviation, like sites.
LOCAL_TIME_NAMES = ("Baikonur",)
CONVERT_FIELDS = ("name", "zone", "abbreviation", "offset", "date", "time", "weekday", "iso")
ZONES_FIELDS = ("name", "kind", "zone", "meaning")


class ZoneResolver:
    """resolve_zone that loads the dataset only for a name that may be a site (its id, name
    or an alias), so that a broken dataset does not stop conversions between plain zones."""

    def __init__(self, ctx: typer.Context):
        self.ctx = ctx

    def __call__(self, name: str):
        from almanac.domain.zones import AmbiguousZoneError, resolve_zone

        try:
            return resolve_zone(name)
        except AmbiguousZoneError:
            raise
        except UsageError:
            pass
        sites = state(self.ctx).dataset().sites  # DatasetError (exit 3) if it cannot load
        return resolve_zone(name, sites)


def complete_zones(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: aliases, abbreviations, site ids and IANA names."""
    from almanac.domain.zones import zone_names

    dataset = completion_dataset(ctx)
    sites = dataset.sites if dataset else {}
    prefix = incomplete.casefold()
    return [n for n in zone_names(sites) if n.casefold().startswith(prefix)]


@app.command("convert", short_help='Convert a time between zones, with their history.')
def convert(
    ctx: typer.Context,
    when: Annotated[str, typer.Argument(
        metavar="TIME",
        help="A date and time, with an optional zone at the end: '2025-07-03 3:32 pm EDT', "
             "'1975-07-15 12:20Z', '2025-07-04 00:32 Baikonur Cosmodrome', 'tomorrow 15:00 "
             "Houston', 'now'.")],
    from_zone: Annotated[Optional[str], typer.Option(
        "--from", metavar="ZONE", autocompletion=complete_zones,
        help="Zone of TIME when it names none (default UTC).")] = None,
    to: Annotated[Optional[list[str]], typer.Option(
        "--to", metavar="ZONE", autocompletion=complete_zones,
        help="Zone to show; repeat for several (default: UTC, Eastern, Baikonur).")] = None,
    dst: Annotated[Optional[bool], typer.Option(
        "--dst/--no-dst",
        help="For a local time that was skipped or repeated when clocks changed: read it "
             "with the summer (larger) offset, or the standard (smaller) one.")] = None,
    on: Annotated[Optional[str], typer.Option(
        "--date", metavar="YYYY-MM-DD",
        help="The date of TIME when it gives only a clock time ('15:32 EDT').")] = None,
    dayfirst: Annotated[Optional[bool], typer.Option(
        "--dayfirst/--monthfirst",
        help="Read an all-numeric date such as 03/07/2025 day first (July 3) or month first "
             "(March 7); without one, a date that could be either is refused.")] = None,
    fmt: ConvertFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """Convert a time between zones (aliases, abbreviations, cities, IANA names, offsets,
    sites), with the offsets in force on that date."""
    from almanac.domain.timeparse import read_time
    from almanac.domain.zones import convert as convert_to

    fmt_name = choose_format(fmt, pipe_default="tsv")
    resolve = ZoneResolver(ctx)
    default = resolve(from_zone) if from_zone else None
    day = parse_date(on, "--date") if on is not None else None
    read = read_time(when, resolve, default=default, dst=dst, now=_now(), on=day, dayfirst=dayfirst)
    for message in read.warnings:
        warn(message)
    if fmt_name == "press":
        targets = [resolve(name) for name in to] if to else _press_targets(read.spec, resolve)
        line = _press(read.instant, convert_to(read.instant.utc, targets)) + "\n"
        write_to(output, lambda stream: stream.write(line))
        return
    targets = [resolve(name) for name in (to or DEFAULT_TARGETS)]
    shown = convert_to(read.instant.utc, targets)
    seconds = read.instant.precision.value == "second"
    rows = [_row(z, seconds) for z in shown]
    if fmt_name == "json":
        from almanac.domain.zones import offset_label, zone_of
        from almanac.output.formats import write_json

        document = {
            "input": when,
            "read_as": {"name": read.spec.label, "zone": zone_of(read.spec),
                        "offset": offset_label(read.offset)},
            "utc": read.instant.iso(),
            "precision": read.instant.precision.value,
            "targets": rows,
        }
        write_to(output, lambda stream: write_json(document, stream))
        return
    emit(ctx, fmt_name, Listing(CONVERT_FIELDS, rows, title=f"{when} = {read.instant.iso()}", columns=[
        ("Zone", "name"), ("Date", "date"), ("Time", "time"), ("Abbr", "abbreviation"),
        ("Offset", "offset"), ("Weekday", "weekday"), ("tz zone", "zone")]), header=header,
         output=output)


def _row(shown, seconds: bool) -> dict[str, Any]:
    """One target as a row: the documented fields of convert's machine output."""
    clock = "%H:%M:%S" if seconds else "%H:%M"
    local = shown.local
    return {
        "name": shown.spec.label,
        "zone": shown.zone,
        "abbreviation": shown.abbreviation,
        "offset": shown.offset,
        "date": local.strftime("%Y-%m-%d"),
        "time": local.strftime(clock),
        "weekday": local.strftime("%A"),
        "iso": local.strftime(f"%Y-%m-%dT{clock}") + shown.offset,
    }


def _now():
    """The clock, or $ALMANAC_NOW when it is set."""
    pinned = os.environ.get(ENV_NOW)
    if not pinned:
        return None
    from almanac.domain.model import INSTANT_FORMS, Instant

    try:
        return Instant.parse(pinned.strip()).utc
    except ValueError:
        raise UsageError(f"${ENV_NOW}: {pinned!r} is not a UTC time of the form {INSTANT_FORMS}") from None


def _press_targets(source, resolve) -> list:
    """The press line's local clocks when no --to says: the zone the time was read in (a
    site, a city, a zone other than UTC and US Eastern), else the default targets."""
    from almanac.domain.zones import EASTERN_ZONE, is_utc

    if is_utc(source) or source.display_zone == EASTERN_ZONE:
        return [resolve(name) for name in DEFAULT_TARGETS]
    return [source]


def _press(instant, shown) -> str:
    from almanac.views.press import LocalPart, press_line

    parts = []
    for z in shown:
        abbr = z.abbreviation
        # Sites are "local time" as in the press; a named zone keeps its own abbreviation.
        local = z.spec.kind == "site" or z.spec.label in LOCAL_TIME_NAMES or not abbr.isalpha()
        parts.append(LocalPart(z.spec, "local time" if local else abbr))
    return press_line(instant, parts)


@app.command("zones", short_help='Every zone name convert accepts.')
def zones(ctx: typer.Context, fmt: ZonesFormat = None, header: HeaderOption = True,
          output: OutputOption = None) -> None:
    """Every zone name convert accepts: aliases, abbreviations and site ids, with meanings."""
    from almanac.domain.zones import known_zone_names

    fmt_name = choose_format(fmt, pipe_default="tsv")
    try:
        sites = state(ctx).dataset().sites
    except DatasetError as exc:
        # Aliases need no dataset; say why the site ids are missing rather than fail.
        warn(f"site ids not listed: {exc.message}")
        sites = {}
    rows = [{"name": z.name, "kind": z.kind, "zone": z.zone, "meaning": z.meaning}
            for z in known_zone_names(sites)]
    emit(ctx, fmt_name, Listing(ZONES_FIELDS, rows, title="Zone names"), header=header, output=output)

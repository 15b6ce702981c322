"""`almanac convert` (a time between zones, with their history) and `almanac zones`."""

from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer

from almanac.errors import DatasetError, UsageError
from almanac.output.terminal import warn
from almanac.cli.shared import HeaderOption, app, choose_format, completion_dataset, emit, format_option, state
from almanac.output.formats import Listing

ConvertFormat = format_option("table", "json", "jsonl", "csv", "tsv", "press")
ZonesFormat = format_option("table", "json", "jsonl", "csv", "tsv")
DEFAULT_TARGETS = ("UTC", "Eastern", "Baikonur")
CONVERT_FIELDS = ("name", "zone", "abbreviation", "offset", "date", "time", "weekday", "iso")
ZONES_FIELDS = ("name", "kind", "zone", "meaning")


class ZoneResolver:
    """resolve_zone that loads the dataset only for a name that may be a site id, so that
    a broken dataset does not stop conversions between plain zones."""

    def __init__(self, ctx: typer.Context):
        self.ctx = ctx
        self.site_labels: set[str] = {"Baikonur"}  # zones whose clock the press calls "local time"

    def __call__(self, name: str):
        from almanac.domain.zones import resolve_zone

        try:
            return resolve_zone(name)
        except UsageError:
            pass
        sites = state(self.ctx).dataset().sites  # DatasetError (exit 3) if it cannot load
        spec = resolve_zone(name, sites)
        if spec.label in sites:
            self.site_labels.add(spec.label)
        return spec


def complete_zones(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: aliases, abbreviations, site ids and IANA names."""
    from almanac.domain.zones import zone_names

    dataset = completion_dataset(ctx)
    sites = dataset.sites if dataset else {}
    prefix = incomplete.casefold()
    return [n for n in zone_names(sites) if n.casefold().startswith(prefix)]


@app.command()
def convert(
    ctx: typer.Context,
    when: Annotated[str, typer.Argument(
        metavar="TIME",
        help="A date and time, with an optional zone at the end: '2025-07-03 3:32 pm EDT', "
             "'1975-07-15 12:20Z', '2025-07-04 00:32 baikonur'.")],
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
    fmt: ConvertFormat = None,
    header: HeaderOption = True,
) -> None:
    """Convert a time between zones (aliases, IANA names, offsets, site ids), with the
    offsets in force on that date."""
    from almanac.domain.timeparse import read_time
    from almanac.domain.zones import convert as convert_to

    fmt_name = choose_format(fmt, pipe_default="tsv")
    resolve = ZoneResolver(ctx)
    default = resolve(from_zone) if from_zone else None
    read = read_time(when, resolve, default=default, dst=dst)
    targets = [resolve(name) for name in (to or DEFAULT_TARGETS)]
    for message in read.warnings:
        warn(message)
    shown = convert_to(read.instant.utc, targets)
    if fmt_name == "press":
        sys.stdout.write(_press(read.instant, shown, resolve.site_labels) + "\n")
        return
    seconds = read.instant.precision.value == "second"
    rows = [_row(z, seconds) for z in shown]
    if fmt_name == "json":
        from almanac.output.formats import write_json
        from almanac.domain.zones import offset_label, zone_of

        write_json({
            "input": when,
            "read_as": {"name": read.spec.label, "zone": zone_of(read.spec),
                        "offset": offset_label(read.offset)},
            "utc": read.instant.iso(),
            "precision": read.instant.precision.value,
            "targets": rows,
        }, sys.stdout)
        return
    emit(ctx, fmt_name, Listing(CONVERT_FIELDS, rows, title=f"{when} = {read.instant.iso()}", columns=[
        ("Zone", "name"), ("Date", "date"), ("Time", "time"), ("Abbr", "abbreviation"),
        ("Offset", "offset"), ("Weekday", "weekday"), ("tz zone", "zone")]), header=header)


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


def _press(instant, shown, site_labels: set[str]) -> str:
    from almanac.views.press import LocalPart, press_line

    parts = []
    for z in shown:
        abbr = z.abbreviation
        # Sites are "local time" as in the press; a named zone keeps its own abbreviation.
        label = "local time" if z.spec.label in site_labels or not abbr.isalpha() else abbr
        parts.append(LocalPart(z.spec, label))
    return press_line(instant, parts)


@app.command()
def zones(ctx: typer.Context, fmt: ZonesFormat = None, header: HeaderOption = True) -> None:
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
    emit(ctx, fmt_name, Listing(ZONES_FIELDS, rows, title="Zone names"), header=header)

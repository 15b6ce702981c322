"""`almanac convert` (a time between zones, with their history) and `almanac zones`."""

from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer

from ..errors import DatasetError, UsageError
from ..terminal import warn
from .app import (
    Format,
    FormatOption,
    HeaderOption,
    app,
    choose_format,
    completion_dataset,
    emit_rows,
    state,
)

CONVERT_FORMATS = (Format.table, Format.json, Format.jsonl, Format.csv, Format.tsv, Format.press)
ZONES_FORMATS = (Format.table, Format.json, Format.jsonl, Format.csv, Format.tsv)
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
        from ..zones import resolve_zone

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
    from ..zones import zone_names

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
    fmt: FormatOption = None,
    header: HeaderOption = True,
) -> None:
    """Convert a time between zones (aliases, IANA names, offsets, site ids), with the
    offsets in force on that date."""
    from ..timeparse import read_time
    from ..zones import convert as convert_to

    fmt_name = choose_format(fmt, CONVERT_FORMATS, pipe_default=Format.tsv)
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
        from ..render.formats import write_json
        from ..zones import offset_label, zone_of

        write_json({
            "input": when,
            "read_as": {"name": read.spec.label, "zone": zone_of(read.spec),
                        "offset": offset_label(read.offset)},
            "utc": read.instant.iso(),
            "precision": read.instant.precision.value,
            "targets": rows,
        }, sys.stdout)
        return
    emit_rows(ctx, fmt_name, rows, header=header, fields=CONVERT_FIELDS,
              title=f"{when} = {read.instant.iso()}",
              table=lambda: (["Zone", "Date", "Time", "Abbr", "Offset", "Weekday", "tz zone"],
                             [[r["name"], r["date"], r["time"], r["abbreviation"], r["offset"],
                               r["weekday"], r["zone"]] for r in rows]))


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
    from ..render.press import LocalPart, press_line

    parts = []
    for z in shown:
        abbr = z.abbreviation
        # Sites are "local time" as in the press; a named zone keeps its own abbreviation.
        label = "local time" if z.spec.label in site_labels or not abbr.isalpha() else abbr
        parts.append(LocalPart(z.spec, label))
    return press_line(instant, parts)


@app.command()
def zones(ctx: typer.Context, fmt: FormatOption = None, header: HeaderOption = True) -> None:
    """Every zone name convert accepts: aliases, abbreviations and site ids, with meanings."""
    from ..zones import known_zone_names

    fmt_name = choose_format(fmt, ZONES_FORMATS, pipe_default=Format.tsv)
    try:
        sites = state(ctx).dataset().sites
    except DatasetError as exc:
        # Aliases need no dataset; say why the site ids are missing rather than fail.
        warn(f"site ids not listed: {exc.message}")
        sites = {}
    rows = [{"name": z.name, "kind": z.kind, "zone": z.zone, "meaning": z.meaning}
            for z in known_zone_names(sites)]
    emit_rows(ctx, fmt_name, rows, header=header, fields=ZONES_FIELDS, title="Zone names",
              table=lambda: (["Name", "Kind", "Zone", "Meaning"],
                             [[r[f] for f in ZONES_FIELDS] for r in rows]))

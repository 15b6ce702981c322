"""`almanac list` and `almanac sites`: listings for people and pipelines."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from ..errors import UsageError
from .app import (
    Format,
    FormatOption,
    HeaderOption,
    app,
    choose_format,
    completion_dataset,
    emit_rows,
    parse_date,
    state,
)

LIST_FORMATS = (Format.table, Format.json, Format.jsonl, Format.csv, Format.tsv)


def complete_site_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: site ids starting with what was typed."""
    dataset = completion_dataset(ctx)
    return [s for s in (dataset.sites if dataset else ()) if s.startswith(incomplete.lower())]


@app.command("list")
def list_launches(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option(help="Launches in this year (UTC).", min=1, max=9999)] = None,
    start: Annotated[Optional[str], typer.Option("--from", metavar="YYYY-MM-DD",
                                                 help="Launches on or after this date (UTC).")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="YYYY-MM-DD",
                                               help="Launches on or before this date (UTC).")] = None,
    site: Annotated[Optional[str], typer.Option(help="Site id or name.",
                                                autocompletion=complete_site_ids)] = None,
    vehicle: Annotated[Optional[str], typer.Option(help="Launch vehicle, e.g. Soyuz-2.1a.")] = None,
    program: Annotated[Optional[str], typer.Option(help="Program, e.g. Soyuz, Progress, Apollo.")] = None,
    person: Annotated[Optional[str], typer.Option(help="Launches that carried this person.")] = None,
    crewed: Annotated[bool, typer.Option("--crewed", help="Only crewed launches.")] = False,
    uncrewed: Annotated[bool, typer.Option("--uncrewed", help="Only uncrewed launches.")] = False,
    search: Annotated[Optional[str], typer.Option(help="Text in the id, name, aliases or notes.")] = None,
    sort: Annotated[str, typer.Option(help="date, id, name, site, vehicle or program.")] = "date",
    limit: Annotated[Optional[int], typer.Option(help="At most this many launches.", min=0)] = None,
    fmt: FormatOption = None,
    header: HeaderOption = True,
) -> None:
    """List launches, filtered; tsv on a pipe, one launch a line."""
    from ..queries import LaunchFilter, filter_launches
    from ..render.records import launch_row

    fmt_name = choose_format(fmt, LIST_FORMATS, pipe_default=Format.tsv)
    if crewed and uncrewed:
        raise UsageError("--crewed and --uncrewed exclude each other")
    if year is not None and (start or end):
        raise UsageError("--year and --from/--to exclude each other")
    first = date(year, 1, 1) if year else parse_date(start, "--from") if start else None
    last = date(year, 12, 31) if year else parse_date(end, "--to") if end else None
    criteria = LaunchFilter(start=first, end=last, site=site, vehicle=vehicle, program=program,
                            person=person, crewed=True if crewed else False if uncrewed else None,
                            search=search)
    launches = filter_launches(state(ctx).dataset(), criteria, sort=sort, limit=limit)
    rows = [launch_row(x) for x in launches]
    emit_rows(ctx, fmt_name, rows, header=header, fields=_row_fields(),
              table=lambda: (["Id", "Name", "UTC", "Site", "Vehicle", "Crew"],
                             [[x.id, x.name, x.at.iso(), x.site.id, x.vehicle,
                               ", ".join(s.person.name for s in x.crew)] for x in launches]))


def _row_fields() -> list[str]:
    from ..render.records import LAUNCH_ROW_FIELDS

    return list(LAUNCH_ROW_FIELDS)


@app.command()
def sites(ctx: typer.Context, fmt: FormatOption = None, header: HeaderOption = True) -> None:
    """List launch sites with their time zone and country."""
    from ..render.records import site_record

    fmt_name = choose_format(fmt, LIST_FORMATS, pipe_default=Format.tsv)
    dataset = state(ctx).dataset()
    rows = [site_record(s) for s in dataset.sites.values()]
    emit_rows(ctx, fmt_name, rows, header=header, fields=["id", "name", "country", "zone"],
              table=lambda: (["Id", "Name", "Country", "Zone"],
                             [[r["id"], r["name"], r["country"], r["zone"]] for r in rows]))

"""`almanac list` and `almanac sites`: listings for people and pipelines."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

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
)
from almanac.errors import UsageError
from almanac.output.formats import Listing

ListFormat = format_option("table", "json", "jsonl", "csv", "excel", "tsv")


def complete_site_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: site ids starting with what was typed."""
    dataset = completion_dataset(ctx)
    return [s for s in (dataset.sites if dataset else ()) if s.startswith(incomplete.lower())]


@app.command("list", short_help='List launches, filtered and sorted.')
def list_launches(
    ctx: typer.Context,
    year: Annotated[Optional[int], typer.Option("--year", metavar="YYYY",
        help="Launches in this year (UTC).", min=1, max=9999)] = None,
    start: Annotated[Optional[str], typer.Option("--from", metavar="YYYY-MM-DD",
                                                 help="Launches on or after this date (UTC).")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="YYYY-MM-DD",
                                               help="Launches on or before this date (UTC).")] = None,
    site: Annotated[Optional[str], typer.Option("--site", metavar="SITE", help="Site id or name.",
                                                autocompletion=complete_site_ids)] = None,
    vehicle: Annotated[Optional[str], typer.Option("--vehicle", metavar="VEHICLE",
        help="Launch vehicle, e.g. Soyuz-2.1a.")] = None,
    program: Annotated[Optional[str], typer.Option("--program", metavar="PROGRAM",
        help="Program, e.g. Soyuz, Progress, Apollo.")] = None,
    person: Annotated[Optional[str], typer.Option("--person", metavar="PERSON",
        help="Launches that carried this person.")] = None,
    crewed: Annotated[bool, typer.Option("--crewed", help="Only crewed launches.")] = False,
    uncrewed: Annotated[bool, typer.Option("--uncrewed", help="Only uncrewed launches.")] = False,
    search: Annotated[Optional[str], typer.Option("--search", metavar="TEXT",
        help="Words in the name, aliases, program, vehicle, spacecraft or crew names.")] = None,
    sort: Annotated[str, typer.Option("--sort", metavar="KEY",
        help="date, id, name, site, vehicle or program.")] = "date",
    limit: Annotated[Optional[int], typer.Option("--limit", metavar="N",
        help="At most this many launches.", min=0)] = None,
    fmt: ListFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """List launches, filtered; tsv on a pipe, one launch a line."""
    from almanac.catalog import credit
    from almanac.domain.queries import LaunchFilter, filter_launches
    from almanac.views.records import LAUNCH_ROW_FIELDS, launch_row

    fmt_name = choose_format(fmt, pipe_default="tsv")
    if crewed and uncrewed:
        raise UsageError("--crewed and --uncrewed exclude each other")
    if year is not None and (start or end):
        raise UsageError("--year and --from/--to exclude each other")
    first = date(year, 1, 1) if year else parse_date(start, "--from") if start else None
    last = date(year, 12, 31) if year else parse_date(end, "--to") if end else None
    criteria = LaunchFilter(start=first, end=last, site=site, vehicle=vehicle, program=program,
                            person=person, crewed=True if crewed else False if uncrewed else None,
                            search=search)
    dataset = state(ctx).dataset()
    launches = filter_launches(dataset, criteria, sort=sort, limit=limit)
    rows = [launch_row(x) for x in launches]
    emit(ctx, fmt_name, Listing(LAUNCH_ROW_FIELDS, rows, columns=[
        ("Id", "id"), ("Name", "name"), ("UTC", "utc"), ("Site", "site"), ("Vehicle", "vehicle"),
        ("Crew", lambda row: ", ".join(dataset.people[i].name for i in row["crew"]))],
        title=credit(launches)), header=header, output=output)


@app.command("sites", short_help='Launch sites, with their time zones.')
def sites(ctx: typer.Context, fmt: ListFormat = None, header: HeaderOption = True,
          output: OutputOption = None) -> None:
    """List launch sites with their time zone and country."""
    from almanac.views.records import site_record

    fmt_name = choose_format(fmt, pipe_default="tsv")
    dataset = state(ctx).dataset()
    rows = [site_record(s) for s in dataset.sites.values()]
    emit(ctx, fmt_name, Listing(("id", "name", "country", "zone"), rows), header=header, output=output)

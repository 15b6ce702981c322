"""`almanac launch` and `almanac validate`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from almanac.cli.shared import (
    HeaderOption,
    OutputOption,
    app,
    choose_format,
    complete_launch_ids,
    format_option,
    read_ids,
    refuse_table_output,
    state,
    write_to,
)
from almanac.errors import EXIT_DATA, UsageError

LaunchFormat = format_option("table", "text", "json", "jsonl", "csv", "excel", "tsv", "press", "press-full")


def _complete_zones(ctx: typer.Context, incomplete: str) -> list[str]:
    from almanac.cli.convert import complete_zones  # imported here: convert's commands come later in --help

    return complete_zones(ctx, incomplete)


@app.command("launch", short_help='Launches: times in UTC, US Eastern and local time.')
def launch(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="Launch ids, names or aliases ('-' reads them from standard input).",
        autocompletion=complete_launch_ids, show_default=False)],
    tz: Annotated[Optional[list[str]], typer.Option(
        "--tz", metavar="ZONE", autocompletion=_complete_zones, show_default=False,
        help="Show the launch and its events in this zone too (any zone or site 'convert' "
             "accepts); repeat for several. Default: Moscow time for Russian sites.")] = None,
    fmt: LaunchFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """Details of launches: times in UTC, US Eastern, site local time and --tz zones."""
    fmt_name = choose_format(fmt, pipe_default="text")
    dataset = state(ctx).dataset()
    from almanac.domain.queries import find_launches
    from almanac.views.launches import launch_details, write_launches

    zones = _zones(tz, dataset.sites) if tz else None
    wanted = read_ids(ids)
    if not wanted:  # `almanac launch -` with nothing on standard input
        raise UsageError("no launch ids on standard input")
    launches = find_launches(dataset, wanted)  # every id is checked before any output
    if fmt_name == "table":
        from almanac.output.table import print_details

        refuse_table_output(output)
        print_details(launch_details(dataset, launches, zones), no_color=state(ctx).no_color)
        return
    single = len(ids) == 1 and ids != ["-"]  # one id asked for: an object, not a list
    write_to(output, lambda stream: write_launches(dataset, launches, fmt_name, stream, single=single,
                                                   header=header, zones=zones))


def _zones(names: list[str], sites: dict) -> list:
    """The zones of --tz, each once (by the name it is shown under), in the order given."""
    from almanac.domain.zones import resolve_zone

    zones = {}
    for name in names:
        spec = resolve_zone(name, sites)
        zones.setdefault(spec.label, spec)
    return list(zones.values())


@app.command("validate", short_help='Check a dataset file: every problem, with its line.')
def validate(
    ctx: typer.Context,
    path: Annotated[Optional[Path], typer.Argument(
        help="Dataset file (default: --data, $ALMANAC_DATA, else the packaged dataset).",
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Also warn about records whose every source is a copy of another page "
                         "(a Wikipedia mirror or scraper); warnings then fail the check.")] = False,
) -> None:
    """Check a dataset file and list every problem with file, line and field."""
    from almanac.dataset.loader import resolve_path
    from almanac.dataset.loader import validate as check
    from almanac.output.terminal import error

    target = resolve_path(path or state(ctx).data)
    dataset, problems = check(target, state(ctx).max_bytes)
    from almanac.output.safe import printable

    for problem in problems:  # a file name may hold anything; the messages quote with repr()
        sys.stderr.write(f"{printable(str(problem))}\n")
    if problems:
        error(f"{target}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        raise typer.Exit(EXIT_DATA)
    if strict:
        from almanac.dataset.sources import mirror_only_records
        from almanac.output.terminal import warn

        weak = mirror_only_records(dataset)
        for record in weak:
            warn(f"{target}: {record}: every source is a copy of another page (a mirror or "
                 "scraper); cite one that states the facts")
        if weak:
            records = f"{len(weak)} record{'s' if len(weak) != 1 else ''}"
            error(f"{target}: {records} sourced only by copies (--strict)")
            raise typer.Exit(EXIT_DATA)
    sys.stdout.write(f"{printable(str(target))}: ok ({len(dataset.launches)} launches, {len(dataset.people)} "
                     f"people, {len(dataset.sites)} sites)\n")

"""`almanac launch` and `almanac validate`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from almanac.cli.shared import HeaderOption, app, choose_format, complete_launch_ids, format_option, read_ids, state
from almanac.errors import EXIT_DATA, UsageError

LaunchFormat = format_option("table", "text", "json", "jsonl", "csv", "tsv", "press")


@app.command()
def launch(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="Launch ids, names or aliases ('-' reads them from standard input).",
        autocompletion=complete_launch_ids, show_default=False)],
    fmt: LaunchFormat = None,
    header: HeaderOption = True,
) -> None:
    """Details of launches: times in UTC, US Eastern and site local time."""
    fmt_name = choose_format(fmt, pipe_default="text")
    dataset = state(ctx).dataset()
    from almanac.domain.queries import find_launches
    from almanac.views.launches import launch_details, write_launches

    wanted = read_ids(ids)
    if not wanted:  # `almanac launch -` with nothing on standard input
        raise UsageError("no launch ids on standard input")
    launches = find_launches(dataset, wanted)  # every id is checked before any output
    if fmt_name == "table":
        from almanac.output.table import print_details

        print_details(launch_details(dataset, launches), no_color=state(ctx).no_color)
        return
    single = len(ids) == 1 and ids != ["-"]  # one id asked for: an object, not a list
    write_launches(dataset, launches, fmt_name, sys.stdout, single=single, header=header)


@app.command()
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
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
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
            error(f"{target}: {len(weak)} record{'s' if len(weak) != 1 else ''} sourced only by copies (--strict)")
            raise typer.Exit(EXIT_DATA)
    sys.stdout.write(f"{target}: ok ({len(dataset.launches)} launches, {len(dataset.people)} "
                     f"people, {len(dataset.sites)} sites)\n")

"""`almanac launch` and `almanac validate`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import EXIT_DATA, UsageError
from .app import (
    Format,
    FormatOption,
    HeaderOption,
    app,
    choose_format,
    complete_launch_ids,
    console,
    read_ids,
    state,
)

LAUNCH_FORMATS = (Format.table, Format.text, Format.json, Format.jsonl, Format.csv, Format.tsv,
                  Format.press)


@app.command()
def launch(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(
        metavar="ID...", help="Launch ids, names or aliases ('-' reads them from standard input).",
        autocompletion=complete_launch_ids)],
    fmt: FormatOption = None,
    header: HeaderOption = True,
) -> None:
    """Details of one or more launches: times in UTC, US Eastern and site local time."""
    fmt_name = choose_format(fmt, LAUNCH_FORMATS, pipe_default=Format.text)
    dataset = state(ctx).dataset()
    from ..queries import find_launches

    wanted = read_ids(ids)
    if not wanted:  # `almanac launch -` with nothing on standard input
        raise UsageError("no launch ids on standard input")
    launches = find_launches(dataset, wanted)  # every id is checked before any output
    if fmt_name == "table":
        from ..render.launches import launch_details
        from ..render.table import render_detail

        out = console(ctx)
        for d in launch_details(dataset, launches):
            render_detail(d, out)
        return
    from ..render.launches import write_launches

    single = len(ids) == 1 and ids != ["-"]  # one id asked for: an object, not a list
    write_launches(dataset, launches, fmt_name, sys.stdout, single=single, header=header)


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[Optional[Path], typer.Argument(
        help="Dataset file (default: --data, $ALMANAC_DATA, else the packaged dataset).")] = None,
) -> None:
    """Check a dataset file and list every problem with file, line and field."""
    from ..dataset import resolve_path
    from ..dataset import validate as check

    target = resolve_path(path or state(ctx).data)
    dataset, problems = check(target, state(ctx).max_bytes)
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    if problems:
        sys.stderr.write(f"almanac: {target}: {len(problems)} problem"
                         f"{'s' if len(problems) != 1 else ''}\n")
        raise typer.Exit(EXIT_DATA)
    sys.stdout.write(f"{target}: ok ({len(dataset.launches)} launches, {len(dataset.people)} "
                     f"people, {len(dataset.sites)} sites)\n")

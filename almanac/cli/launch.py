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
    if fmt_name in ("table", "text"):
        from ..render.detail import detail_text, launch_detail

        def target_name(ident: str) -> str:
            station = dataset.stations.get(ident)
            other = dataset.by_id.get(ident)
            return station.name if station else other.name if other else ident

        details = [launch_detail(x, target_name) for x in launches]
        if fmt_name == "table":
            from ..render.table import render_detail

            out = console(ctx)
            for d in details:
                render_detail(d, out)
        else:
            sys.stdout.write("\n".join(detail_text(d) for d in details))
        return
    if fmt_name == "press":
        from ..render.press import launch_press_line

        lines = [launch_press_line(x) for x in launches]  # every line or none
        sys.stdout.write("".join(line + "\n" for line in lines))
        return
    from ..render.formats import write_rows
    from ..render.records import launch_record, launch_row

    if fmt_name in ("json", "jsonl"):
        single = len(ids) == 1 and ids != ["-"]  # one id asked for: an object, not a list
        write_rows([launch_record(x) for x in launches], fmt_name, sys.stdout, single=single)
    else:
        write_rows([launch_row(x) for x in launches], fmt_name, sys.stdout, header=header)


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

"""Rich tables for a terminal. Only imported when drawing for one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .detail import Detail
from .safe import printable


def console(no_color: bool = False, file: Any = None) -> Console:
    # highlight=False: values from the dataset are shown as they are, never re-coloured.
    # With --no-color or NO_COLOR, no escape sequences at all (not even bold).
    kwargs = {"color_system": None} if no_color else {}
    return Console(file=file, highlight=False, soft_wrap=False, **kwargs)


def render_detail(d: Detail, out: Console) -> None:
    """One launch as a field grid, then crew and event tables."""
    grid = Table(box=box.SIMPLE_HEAD, show_header=False, title=Text(printable(d.title), style="bold"),
                 title_justify="left", pad_edge=False)
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in d.fields:
        grid.add_row(Text(label), Text(printable(value)))
    out.print(grid)
    if d.crew:
        out.print(rows_table(["Name", "Role", "Agency", "Note"], d.crew, title="Crew"))
    else:
        out.print(Text("Crew: none (uncrewed)"))
    if d.events:
        out.print(rows_table(["When (UTC)", "Event", "Where"], d.events, title="Events"))
    out.print(Text("Sources", style="bold"))
    for s in d.sources:
        out.print(Text(printable(f"  {s}")), overflow="ignore", crop=False)
    out.print()


def rows_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=title and Text(printable(title), style="bold"),
                  title_justify="left", header_style="bold")
    for i, h in enumerate(headers):
        # The first column (an id or a date) is never broken; the others fold rather than
        # ellipsize: a value cut to "progress-m…" would be wrong, not just short.
        table.add_column(h, overflow="fold", no_wrap=i == 0)
    for row in rows:
        # Text(), never markup: a name containing "[bold]" prints as it is; rich passes
        # escape sequences through, so control characters are shown written out.
        table.add_row(*(Text("" if v is None else printable(str(v))) for v in row))
    return table

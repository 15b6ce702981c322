"""Rich tables for a terminal. Only imported when drawing for one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from almanac.output.formats import Listing
from almanac.output.safe import printable
from almanac.views.detail import Detail


def console(no_color: bool = False, file: Any = None) -> Console:
    # highlight=False: values from the dataset are shown as they are, never re-coloured.
    # With --no-color or NO_COLOR, no escape sequences at all (not even bold).
    kwargs = {"color_system": None} if no_color else {}
    return Console(file=file, highlight=False, soft_wrap=False, **kwargs)


def print_listing(listing: Listing, no_color: bool = False) -> None:
    """A listing as one table (or its ``empty`` line when it has no rows)."""
    headers, body = listing.table()
    out = console(no_color)
    if not body and listing.empty:
        out.print(Text(printable(listing.empty)))
        return
    out.print(rows_table(headers, body, title=listing.title))


def print_details(details: Sequence[Detail], no_color: bool = False) -> None:
    out = console(no_color)
    for d in details:
        render_detail(d, out)


def render_detail(d: Detail, out: Console) -> None:
    """One record as a field grid, then its tables (crew, events...)."""
    grid = Table(box=box.SIMPLE_HEAD, show_header=False, title=Text(printable(d.title), style="bold"),
                 title_justify="left", pad_edge=False)
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in d.fields:
        grid.add_row(Text(label), Text(printable(value)))
    out.print(grid)
    for section in d.sections:
        if section.rows:
            out.print(rows_table(section.headers, section.rows, title=section.title))
        elif section.empty:
            out.print(Text(section.empty))
    if d.sources:
        out.print(Text("Sources", style="bold"))
        for s in d.sources:
            out.print(Text(printable(f"  {s}")), overflow="ignore", crop=False)
    out.print()


def rows_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=title and Text(printable(title), style="bold"),
                  title_justify="left", header_style="bold")
    for i, h in enumerate(headers):
        # The first column (an id or a date) is never broken; the others fold at word
        # boundaries rather than ellipsize: a value cut to "progress-m…" would be wrong.
        table.add_column(h, overflow="fold", no_wrap=i == 0)
    for row in rows:
        # Text(), never markup: a name containing "[bold]" prints as it is; control
        # characters are shown written out.
        table.add_row(*(Text("" if v is None else printable(str(v))) for v in row))
    return table

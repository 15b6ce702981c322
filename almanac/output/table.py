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
    out.print(rows_table(headers, body, title=listing.title, width=out.width))


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
            out.print(rows_table(section.headers, section.rows, title=section.title, width=out.width))
        elif section.empty:
            out.print(Text(section.empty))
    if d.sources:
        out.print(Text("Sources", style="bold"))
        for s in d.sources:
            out.print(Text(printable(f"  {s}")), overflow="ignore", crop=False)
    out.print()


def rows_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None,
               width: int | None = None) -> Table:
    """A table that a narrow terminal still reads: a column is never narrower than its longest
    word or value without spaces (an id, a timestamp), so rich wraps between words and never
    inside one; where even that does not fit in ``width``, the last columns are left out and
    a caption names them (every column is in the machine formats)."""
    cells = [["" if v is None else printable(str(v)) for v in row] for row in rows]
    keep = len(headers)
    widths = [max([_longest_word(h), *(_longest_word(row[i]) for row in cells)])
              for i, h in enumerate(headers)]
    if width is not None:
        # two spaces of padding a column, and the table's own edges
        while keep > 2 and sum(w + 3 for w in widths[:keep]) + 1 > width:
            keep -= 1
    caption = None
    if keep < len(headers):
        caption = Text(f"left out at this width: {', '.join(headers[keep:])} (widen the terminal, "
                       "or use --format tsv or json)", style="dim")
    table = Table(box=box.SIMPLE_HEAD, title=title and Text(printable(title), style="bold"),
                  title_justify="left", header_style="bold", caption=caption, caption_justify="left")
    for i, h in enumerate(headers[:keep]):
        # fold only a word longer than the whole terminal; never ellipsize: a value cut to
        # "progress-m…" would be wrong, not just short
        table.add_column(h, overflow="fold", min_width=widths[i], no_wrap=i == 0)
    for row in cells:
        # Text(), never markup: a name containing "[bold]" prints as it is; control
        # characters are shown written out.
        table.add_row(*(Text(v) for v in row[:keep]))
    return table


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)

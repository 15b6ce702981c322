"""The typer application, its global options, and what every command shares:
the dataset from --data, the --format option, output to a terminal or a pipe, and errors."""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from ..errors import EXIT_INTERRUPTED, AlmanacError, UsageError
from ..model import Dataset
from ..terminal import error, output_failed, stdout_is_terminal

# The click that typer runs on: recent typer releases carry their own copy (typer._click),
# older ones use the click package; its exceptions are the ones raised here.
_click = sys.modules[TyperGroup.__mro__[1].__module__.rsplit(".", 1)[0]]


class AlmanacGroup(TyperGroup):
    """Reports AlmanacError, usage errors, Ctrl-C and a closed pipe once, for every command."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # click's own usage errors span several lines (usage, hint, blank, error); ours are one.
        standalone = kwargs.pop("standalone_mode", True)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except _click.exceptions.UsageError as exc:
            if not standalone:
                raise
            if type(exc).__name__ == "NoArgsIsHelpError":  # plain `almanac`: show the help
                sys.stdout.write(exc.format_message() + "\n")
                sys.exit(0)
            command = exc.ctx.command_path if exc.ctx else "almanac"
            error(f"{exc.format_message()} (see '{command} --help')")
            sys.exit(exc.exit_code)
        except _click.exceptions.ClickException as exc:
            if not standalone:
                raise
            error(exc.format_message())
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone:
                raise
            sys.stderr.write("\n")
            sys.exit(EXIT_INTERRUPTED)
        if not standalone:
            return result
        # Without standalone mode click returns ctx.exit()'s code instead of exiting.
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at exit
            return result
        except AlmanacError as exc:
            error(exc.message)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            ctx.exit(EXIT_INTERRUPTED)
        except OSError as exc:  # files are read and written through AlmanacError: this is stdout
            ctx.exit(output_failed(exc))


app = typer.Typer(
    cls=AlmanacGroup,
    name="almanac",
    help="A launch and mission almanac: launch times in the zones people quote, crews, "
         "anniversaries.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    """Global options, and the dataset loaded once on first use."""

    def __init__(self, data: Path | None = None, no_color: bool = False, no_cache: bool = False,
                 max_bytes: int | None = None):
        from ..dataset import DEFAULT_MAX_BYTES

        self.data = data
        self.no_color = no_color
        self.no_cache = no_cache
        self.max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        self._dataset: Dataset | None = None

    def dataset(self) -> Dataset:
        if self._dataset is None:
            from ..dataset import load

            # The dataset lives until the command ends: freeze it out of the cyclic collector,
            # which would otherwise rescan its objects (a tenth of a second for 10,000 launches).
            # main() unfreezes when the command is done.
            collecting = gc.isenabled()
            gc.disable()
            try:
                self._dataset = load(self.data, self.max_bytes, cache=False if self.no_cache else None)
            finally:
                gc.freeze()
                if collecting:
                    gc.enable()
        return self._dataset


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


@app.callback()
def main(
    ctx: typer.Context,
    data: Annotated[Optional[Path], typer.Option(
        "--data", metavar="PATH",
        help="Dataset file to use (default: $ALMANAC_DATA, else the packaged dataset).")] = None,
    no_color: Annotated[bool, typer.Option(
        "--no-color", help="No colour, even on a terminal (NO_COLOR does the same).")] = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Parse the dataset file even if a cached copy is valid, and write no "
                           "cache (ALMANAC_NO_CACHE=1 does the same).")] = False,
    max_bytes: Annotated[Optional[int], typer.Option(
        "--max-bytes", metavar="N", min=1,
        help="Refuse dataset files larger than N bytes (default 64 MiB).")] = None,
) -> None:
    """A launch and mission almanac."""
    ctx.obj = State(data=data, no_color=no_color or bool(os.environ.get("NO_COLOR")), no_cache=no_cache,
                    max_bytes=max_bytes)
    ctx.call_on_close(gc.unfreeze)  # see State.dataset


# --- output formats ---------------------------------------------------------------------


class Format(str, Enum):
    table = "table"
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    press = "press"
    ics = "ics"


FormatOption = Annotated[Optional[Format], typer.Option(
    "--format", "-f", case_sensitive=False,
    help="Output format (default: table on a terminal, plain text or tsv on a pipe).")]
HeaderOption = Annotated[bool, typer.Option(
    "--header/--no-header", help="Header line in csv and tsv output.")]


def choose_format(fmt: Format | None, allowed: Sequence[Format], pipe_default: Format) -> str:
    """The format to use: the one asked for (if this command has it), else by terminal."""
    if fmt is None:
        return (Format.table if stdout_is_terminal() else pipe_default).value
    if fmt not in allowed:
        raise UsageError(f"--format: {fmt.value!r} is not a format of this command (choose from: "
                         f"{', '.join(f.value for f in allowed)})")
    return fmt.value


def console(ctx: typer.Context):
    from ..render.table import console as make

    return make(no_color=state(ctx).no_color)


def emit_rows(ctx: typer.Context, fmt: str, rows: Iterable[dict[str, Any]], *,
              fields: Sequence[str] | None = None, header: bool = True,
              table: Callable[[], tuple[Sequence[str], Iterable[Sequence[Any]]]] | None = None,
              title: str | None = None) -> None:
    """Write a listing: rich table (headers and rows from ``table``) or a machine format.
    Rows may be an iterator when ``table`` and ``fields`` are given."""
    if fmt == "table":
        from ..render.table import rows_table

        if table is None:
            rows = list(rows)
        headers, body = table() if table else (list(fields or (rows[0] if rows else [])),
                                               [[_cell(r.get(f)) for f in (fields or r)] for r in rows])
        console(ctx).print(rows_table(headers, list(body), title=title))
        return
    from ..render.formats import write_rows

    write_rows(rows, fmt, sys.stdout, header=header, fields=fields)


def _cell(value: Any) -> str:
    from ..render.formats import flat

    return flat(value)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str, option: str) -> date:
    """A YYYY-MM-DD date given to an option, or a UsageError naming the option."""
    match = _ISO_DATE.match(text.strip())
    try:
        if match:
            return date(*(int(part) for part in match.groups()))
    except ValueError:  # February 30 and the like
        pass
    raise UsageError(f"{option}: {text!r} is not a date (expected YYYY-MM-DD)")


def read_ids(ids: Iterable[str]) -> list[str]:
    """Arguments, with '-' replaced by the non-empty lines of standard input.

    A first line that is just "id" is the header of almanac's own tsv/csv listings
    (`almanac list | cut -f1 | almanac launch -`) and is skipped.
    """
    out: list[str] = []
    for item in ids:
        if item == "-":
            lines = [line.strip() for line in sys.stdin if line.strip()]
            out.extend(lines[1:] if lines[:1] == ["id"] else lines)
        else:
            out.append(item)
    return out


def completion_dataset(ctx: typer.Context | None) -> Dataset | None:
    """The dataset --data names, for shell completion; None when it cannot be loaded."""
    try:
        from ..dataset import load

        return load(ctx.find_root().params.get("data") if ctx else None)
    except Exception:  # completion must never print a traceback into the shell
        return None


def complete_launch_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: launch ids starting with what was typed."""
    dataset = completion_dataset(ctx)
    launches = dataset.launches if dataset else ()
    return [launch.id for launch in launches if launch.id.startswith(incomplete.lower())]

"""The typer application, its global options, and what every command shares: the dataset
from --data, the --format option, and output to a terminal or a pipe. Errors are reported
in one place, almanac.cli.main."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from almanac.domain.model import Dataset
from almanac.errors import EXIT_INTERRUPTED, EXIT_USAGE, AlmanacError, UsageError
from almanac.output.formats import Listing
from almanac.output.terminal import UTF8_FORMATS, error, output_failed, stdout_is_terminal, write_utf8

MAX_ARGUMENT_CHARS = 4096  # the longest argument almanac takes (PATH_MAX; no id or query is longer)


class StdoutFailed(Exception):
    """Standard output could not be written (a full disk, a reader gone away): carried past
    click, which would end the program with exit 1 on a broken pipe, to report()."""

    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


def report(run: Callable[[], Any]) -> int:
    """Run a command and return its exit code; the one place where every error of every
    command is reported: one line on stderr, the documented exit code (README, 'Exit codes'),
    never a traceback. Everything written to stdout, --help and completion included, is
    flushed here, so that a full disk or a reader gone away is reported now and once."""
    try:
        result = run()
        code = result if isinstance(result, int) else 0
    except AlmanacError as exc:
        error(exc.message)
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("\n")
        code = EXIT_INTERRUPTED
    except StdoutFailed as exc:
        return output_failed(exc.error)
    except OSError as exc:  # files are read and written through AlmanacError: this is stdout
        return output_failed(exc)
    except Exception as exc:
        # click's own errors (a bad option, a missing argument), whichever click typer runs
        # on: known by the interface every click exception has, not by a private class.
        if not (hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `almanac`: the help
            return report(lambda: sys.stdout.write(ctx.get_help() + "\n"))
        message = _shortened(exc.format_message())
        if exc.exit_code == EXIT_USAGE:  # a usage error: say where the help is
            error(f"{message} (see '{ctx.command_path if ctx else 'almanac'} --help')")
        else:
            error(message)
        code = exc.exit_code
    try:
        sys.stdout.flush()
    except OSError as exc:
        failed = output_failed(exc)
        return failed if code == 0 else code  # the first failure is the one reported
    return code


def _shortened(message: str) -> str:
    """click quotes a bad value whole: a 4,000-digit number is cut to its start."""
    return re.sub(r"\S{121,}", lambda m: m.group()[:60] + "...", message)


def check_argument_sizes(argv: list[str]) -> None:
    """Refuse an argument longer than MAX_ARGUMENT_CHARS, naming its option (a 128 KB
    --search), before anything reads or echoes it."""
    for i, arg in enumerate(argv):
        if len(arg) <= MAX_ARGUMENT_CHARS:
            continue
        if arg.startswith("--") and "=" in arg[:40]:  # --search=VALUE
            option, arg = arg.split("=", 1)
        else:
            option = argv[i - 1] if i and argv[i - 1].startswith("-") and len(argv[i - 1]) <= 40 else None
        if option:
            raise UsageError(f"the value of {option} is {len(arg)} characters long; almanac takes "
                             f"at most {MAX_ARGUMENT_CHARS}")
        raise UsageError(f"argument {i + 1} is {len(arg)} characters long; almanac takes at most "
                         f"{MAX_ARGUMENT_CHARS} (many launch ids go on standard input: almanac launch -)")


class AlmanacGroup(TyperGroup):
    """The command group, run so that every outcome goes through report(); its commands are
    built when first used (Commands)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.commands = Commands(self.commands)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from almanac.output.terminal import note_unshown, show_what_the_terminal_can

        standalone = kwargs.pop("standalone_mode", True)
        argv = kwargs.get("args", args[0] if args else None)
        argv = sys.argv[1:] if argv is None else list(argv)
        show_what_the_terminal_can()

        def run() -> Any:
            check_argument_sizes(argv)
            return super(AlmanacGroup, self).main(*args, standalone_mode=False, **kwargs)

        code = report(run)
        note_unshown()
        if not standalone:
            return code
        sys.exit(code)

    # Output written while click parses (--help) or runs a command: an OSError from stdout
    # goes to report() as StdoutFailed, since click turns a broken pipe into exit 1.

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except OSError as exc:
            raise StdoutFailed(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            raise StdoutFailed(exc) from None


# Every command, in the order --help lists them, and the module of almanac.cli that defines
# it. A command's module is imported, and its click options built, only when that command is
# run (or listed by --help): building every command's options costs more than most commands
# take to run. Tests hold this table equal to what the modules define.
COMMAND_MODULES = {
    "launch": "launch", "validate": "launch",
    "list": "listing", "sites": "listing",
    "convert": "convert", "zones": "convert",
    "anniversaries": "anniversaries", "on": "anniversaries", "today": "anniversaries",
    "crew": "crew", "person": "crew",
    "catalog": "catalog",
}


class Commands(MutableMapping):
    """The group's commands by name, each built on first use from the module that defines it
    (COMMAND_MODULES); commands already built (all of them, once every module is imported)
    are used as they are."""

    def __init__(self, built: Mapping[str, Any]):
        self.built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMAND_MODULES:
                raise KeyError(name)
            self.built[name] = _build_command(name)
        return self.built[name]

    def __contains__(self, name: object) -> bool:
        return name in self.built or name in COMMAND_MODULES

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMAND_MODULES, *self.built]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*COMMAND_MODULES, *self.built]))

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]


def _build_command(name: str) -> Any:
    """The click command `name`, through typer's public get_command: its module registers it
    on `app` when imported."""
    import importlib

    importlib.import_module(f"almanac.cli.{COMMAND_MODULES[name]}")
    for group in app.registered_groups:
        if group.typer_instance is not None and group.typer_instance.info.name == name:
            return typer.main.get_command(group.typer_instance)
    for info in app.registered_commands:
        if info.name == name:
            one = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
            one.registered_commands.append(info)
            return typer.main.get_command(one)
    raise LookupError(f"almanac.cli.{COMMAND_MODULES[name]} defines no command {name!r}")


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
                 max_bytes: int | None = None, no_catalog: bool = False):
        from almanac.dataset.loader import DEFAULT_MAX_BYTES

        self.data = data
        self.no_color = no_color
        self.no_cache = no_cache
        self.no_catalog = no_catalog
        self.max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        self._dataset: Dataset | None = None

    def dataset(self) -> Dataset:
        if self._dataset is None:
            from almanac.dataset.loader import load

            dataset = load(self.data, self.max_bytes, cache=False if self.no_cache else None)
            from almanac.catalog import catalog_enabled, merged

            if catalog_enabled(False if self.no_catalog else None):  # the GCAT layer, when installed
                dataset = merged(dataset, cache=False if self.no_cache else None)
            self._dataset = dataset
        return self._dataset


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def _print_version(value: bool) -> None:
    """--version: 'almanac X.Y.Z', before any command or dataset is looked at."""
    if value:
        from almanac import __version__

        sys.stdout.write(f"almanac {__version__}\n")
        raise typer.Exit()


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
    no_catalog: Annotated[bool, typer.Option(
        "--no-catalog", help="The curated dataset alone, without the GCAT catalog layer "
                             "(ALMANAC_NO_CATALOG=1 does the same).")] = False,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=lambda value: _print_version(value),
        help="Print almanac's version and exit.")] = False,
) -> None:
    """A launch and mission almanac."""
    if max_bytes is not None:
        from almanac.dataset.loader import MAX_MAX_BYTES

        if max_bytes > MAX_MAX_BYTES:
            raise UsageError(f"--max-bytes: at most {MAX_MAX_BYTES} bytes (1 GiB); a dataset is "
                             "read whole into memory")
    ctx.obj = State(data=data, no_color=no_color or bool(os.environ.get("NO_COLOR")), no_cache=no_cache,
                    max_bytes=max_bytes, no_catalog=no_catalog)


# --- output formats ---------------------------------------------------------------------


def format_option(*names: str) -> Any:
    """The --format/-f option of a command that writes these formats: its help, its choices
    and its completion name only them (the registry of writers is almanac.output.formats)."""
    choices = Enum("Format", {name: name for name in names}, type=str)  # type: ignore[misc]
    return Annotated[Optional[choices], typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False,
        help=f"Output format: {', '.join(names)} (default: {names[0]} on a terminal, "
             "plain text on a pipe).")]


HeaderOption = Annotated[bool, typer.Option(
    "--header/--no-header", help="Header line in csv and tsv output.")]


def choose_format(fmt: Enum | str | None, pipe_default: str) -> str:
    """The format asked for, else a table on a terminal and ``pipe_default`` on a pipe. A
    machine format makes standard output UTF-8, whatever the locale."""
    if fmt is None:
        name = "table" if stdout_is_terminal() else pipe_default
    else:
        name = fmt.value if isinstance(fmt, Enum) else fmt
    if name in UTF8_FORMATS:
        write_utf8()
    return name


OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", "-o", metavar="FILE", dir_okay=False,
    help="Write to FILE instead of standard output ('-' is standard output): a file is "
         "replaced atomically (a link's target likewise), a device or a pipe written "
         "through, a read-only file refused.")]


def emit(ctx: typer.Context, fmt: str, listing: Listing, *, header: bool = True,
         output: Path | None = None) -> None:
    """Write a listing in a format: a rich table for a terminal, else a machine writer, to
    --output FILE or to standard output."""
    if fmt == "table":
        refuse_table_output(output)
        from almanac.output.table import print_listing

        print_listing(listing, no_color=state(ctx).no_color)
        return
    from almanac.output.formats import write_listing

    write_to(output, lambda stream: write_listing(listing, fmt, stream, header=header))


def refuse_table_output(output: Path | None) -> None:
    """A table is for a terminal: --output FILE with one is a usage error."""
    if output is not None and str(output) != "-":
        raise UsageError("--output writes a machine format (json, jsonl, csv, tsv...) or text; a "
                         "table is for a terminal")


def write_to(output: Path | None, write: Callable[[Any], None]) -> None:
    """Run ``write`` on standard output, or on --output FILE as it is written (write_file);
    '-' is standard output."""
    if output is None or str(output) == "-":
        write(sys.stdout)
        return
    import io

    def to_file(file: Any) -> None:  # text goes to the file as it is made
        text = io.TextIOWrapper(file, encoding="utf-8", newline="")
        write(text)
        text.flush()
        text.detach()  # the file is closed by the writer that opened it

    write_file(output, to_file)


def write_file(path: Path, data: Any) -> None:
    """--output FILE: a file replaced in one step (a reader sees the old file or the new, never
    half), a link's target likewise, a device or a pipe written through, a read-only file
    refused (almanac.output.atomic.write_output)."""
    import errno

    from almanac.errors import OutputError
    from almanac.output.atomic import write_output

    try:
        write_output(path, data)
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # -o /dev/stdout | head: the reader went away (exit 141)
            raise
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def ascii_digits(text: str) -> str:
    """Digits of any script as the ASCII digits they stand for ('２０２５' and '٢٠٢٥' are
    '2025'): a date or a number typed on the command line reads the same whatever digits
    the keyboard gave. (Python's int() reads them so too; a dataset takes ASCII digits only.)"""
    if text.isascii():
        return text
    import unicodedata

    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def parse_date(text: str, option: str) -> date:
    """A YYYY-MM-DD date given to an option, or a UsageError naming the option."""
    match = _ISO_DATE.match(ascii_digits(text.strip()))
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
        from almanac.dataset.loader import load

        return load(ctx.find_root().params.get("data") if ctx else None)
    except Exception:  # completion must never print a traceback into the shell
        return None


def complete_launch_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion: launch ids starting with what was typed."""
    dataset = completion_dataset(ctx)
    launches = dataset.launches if dataset else ()
    return [launch.id for launch in launches if launch.id.startswith(incomplete.lower())]

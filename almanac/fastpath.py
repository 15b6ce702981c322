"""The console-script entry point, and a fast path for `almanac launch` in scripts.

Running any typer command costs more than importing typer: typer 0.29 builds a pydantic
TypeAdapter for each parameter it parses (importing pydantic, ~100 ms), and builds the
click commands of every almanac command before it runs one. A script that asks for one
launch after another pays that each time. So the plainest shape of the commonest call,

    almanac [--data PATH] [--no-cache] [--no-color] launch ID... [--format F] [--[no-]header]

with a format other than the rich table, is run here without typer. The rule that keeps the
two paths the same: this path either writes exactly what the full CLI would write, or
steps aside (returns None) before writing anything, and the full CLI runs instead. It steps
aside on anything else: another command, any other option or spelling, '-' (standard input
cannot be read twice), '--', --help, a terminal (the table), shell completion, and any error
at all (a bad id, a broken dataset), so that every message and exit code comes from one place.
tests/test_fastpath.py checks the two paths against each other.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from .errors import EXIT_INTERRUPTED

# The formats of `almanac launch` other than `table` (which needs rich and a terminal).
FORMATS = ("text", "json", "jsonl", "csv", "tsv", "press")
GLOBAL_FLAGS = ("--no-cache", "--no-color")


@dataclass
class LaunchCall:
    """An argument list this path can run: `launch` with the options it knows, once each."""

    ids: list[str]
    fmt: str | None = None
    header: bool = True
    data: str | None = None
    no_cache: bool = False


def parse(argv: Sequence[str]) -> LaunchCall | None:
    """The call ``argv`` makes, when it is one this path runs the same as the full CLI."""
    args = list(argv)
    seen: set[str] = set()
    call = LaunchCall(ids=[])
    while args and args[0] != "launch":  # global options, before the command
        arg = args.pop(0)
        name, value = _split(arg)
        if name in seen:
            return None
        seen.add(name)
        if name == "--data":
            if value is None:
                if not args or args[0].startswith("-"):
                    return None
                value = args.pop(0)
            call.data = value
        elif arg in GLOBAL_FLAGS:
            call.no_cache = call.no_cache or arg == "--no-cache"
        else:
            return None  # another command, option or spelling
    if not args:
        return None
    args.pop(0)  # "launch"
    while args:
        arg = args.pop(0)
        if not arg.startswith("-"):
            call.ids.append(arg)
            continue
        name, value = _split(arg)
        key = "--header" if name in ("--header", "--no-header") else "--format" if name in (
            "--format", "-f") else None
        if key is None or key in seen:
            return None  # '-', '--', --help, -fjson and the rest: the full CLI decides
        seen.add(key)
        if key == "--header":
            if value is not None:
                return None
            call.header = name == "--header"
            continue
        if value is None:
            if not args:
                return None
            value = args.pop(0)
        call.fmt = value.lower()  # the option is case-insensitive
        if call.fmt not in FORMATS:
            return None
    return call if call.ids else None


def _split(arg: str) -> tuple[str, str | None]:
    if arg.startswith("--") and "=" in arg:
        name, value = arg.split("=", 1)
        return name, value
    return arg, None


def run(argv: Sequence[str]) -> int | None:
    """Run ``argv`` here and return its exit code, or None to hand it to the full CLI."""
    if any(name.endswith("_COMPLETE") for name in os.environ if name.startswith("_ALMANAC")):
        return None  # shell completion
    call = parse(argv)
    if call is None:
        return None
    from .terminal import stdout_is_terminal

    fmt = call.fmt
    if fmt is None:
        if stdout_is_terminal():
            return None  # the rich table
        fmt = "text"
    # A run of a few milliseconds that frees nothing: the cyclic collector would only rescan
    # the objects that the imports and the dataset create.
    collecting = gc.isenabled()
    gc.disable()
    try:
        buffer = StringIO()
        try:
            from .dataset import DEFAULT_MAX_BYTES, load
            from .queries import find_launches
            from .render.launches import write_launches

            path = None if call.data is None else Path(call.data)  # as typer gives it
            dataset = load(path, DEFAULT_MAX_BYTES, cache=False if call.no_cache else None)
            launches = find_launches(dataset, call.ids)
            write_launches(dataset, launches, fmt, buffer, single=len(call.ids) == 1,
                           header=call.header)
        except Exception:  # noqa: BLE001 - nothing written yet: the full CLI runs and reports it
            return None
        return _write(buffer.getvalue())
    finally:
        if collecting:
            gc.enable()


def _write(text: str) -> int:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        from .terminal import output_failed

        return output_failed(exc)
    return 0


def main() -> None:
    """Console-script entry point: the fast path when it applies, else the full CLI."""
    # pytz's documented switch for installs that carry the whole tz database (pip's pytz
    # does): without it, the first pytz.timezone() call stats all ~600 zone files (~14 ms).
    # Unknown names are still refused. Set here, for this process, not on library users.
    os.environ.setdefault("PYTZ_SKIPEXISTSCHECK", "1")
    # One command, then exit. The cyclic collector would walk, again and again, the objects
    # that the imports and the dataset made, all alive until exit, looking for cycles that
    # almanac's records do not form (~50 ms of anniversaries over 10,000 launches; peak
    # memory the same); and the interpreter's last act would be one more full walk (~40 ms
    # for `launch`, ~100 ms with 10,000 launches), which frozen objects are left out of.
    # Both only here, in the process's own entry point, never for library users.
    gc.disable()
    atexit.register(gc.freeze)
    try:
        code = run(sys.argv[1:])
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    if code is not None:
        raise SystemExit(code)
    from .cli import main as full

    full()

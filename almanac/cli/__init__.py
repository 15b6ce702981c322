"""Command-line interface: `almanac COMMAND`. Each command module registers on `app`, and is
imported when its command runs (almanac.cli.shared.COMMAND_MODULES); every error of every
command is reported in one place, almanac.cli.shared.report."""

import gc
import os
import signal
import sys

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT and 128 + SIGTERM, as shells say


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that it unwinds as it does for Ctrl-C: a
    temporary file being written is removed (almanac.output.atomic), and the exit code is 143."""


def main() -> None:
    """Console-script entry point. Ctrl-C (exit 130) or SIGTERM (exit 143) at any moment,
    imports included, ends almanac with no traceback and no temporary file left behind;
    everything else is reported by almanac.cli.shared.report."""
    received: list[int] = []
    code = EXIT_INTERRUPTED
    # pytz's documented switch for installs that carry the whole tz database (pip's pytz
    # does): without it, the first look at pytz's list of zone names opens all ~600 zone
    # files. Unknown names are still refused. Set for this process, never for library users.
    os.environ.setdefault("PYTZ_SKIPEXISTSCHECK", "1")
    # A run is short, and what it builds (modules, the dataset) lives until it ends: the cyclic
    # collector would only rescan it, again and again. Reference counting still frees
    # everything that is not in a cycle.
    gc.disable()
    try:
        _catch_signals(received)
        from almanac.output.terminal import attach_standard_streams

        attach_standard_streams()
        from almanac.cli.shared import app

        code = app(prog_name="almanac", standalone_mode=False)
    except KeyboardInterrupt:
        if sys.stderr is not None:
            sys.stderr.write("\n")
    except Terminated:
        pass
    except Exception:
        if not received:
            raise
        # The signal came out as another error: Python 3.11 turns a KeyboardInterrupt raised
        # while a class is made during an import (in __set_name__) into a RuntimeError.
    if received:  # even one that an ignored error swallowed (see _catch_signals)
        code = EXIT_INTERRUPTED if received[0] == signal.SIGINT else EXIT_TERMINATED
        # A KeyboardInterrupt that left code compiled from a string (dataclasses and
        # namedtuple make their methods so while a module is imported) sets a flag on which
        # the interpreter ends itself by SIGINT, whatever exit code was asked for; running
        # code from a string again clears it.
        exec("")  # noqa: S102
    # The command is over and its output flushed: a signal now changes nothing, and must not
    # print a traceback or end the process by a signal instead of its exit code.
    _ignore_signals()
    raise SystemExit(code)


def _catch_signals(received: list[int]) -> None:
    """SIGINT raises KeyboardInterrupt and SIGTERM Terminated, once: a second one while the
    first unwinds (removing a temporary file) is ignored. An interrupt raised where Python
    can only print it ("Exception ignored in...", a callback during an import) is kept quiet;
    main() still exits 130 for it."""

    def interrupted(signum: int, _frame: object) -> None:
        received.append(signum)
        _ignore_signals()
        raise KeyboardInterrupt if signum == signal.SIGINT else Terminated

    def unraisable(info: object) -> None:
        if not isinstance(getattr(info, "exc_value", None), (KeyboardInterrupt, Terminated)):
            sys.__unraisablehook__(info)  # type: ignore[arg-type]

    sys.unraisablehook = unraisable
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)


def _ignore_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def __getattr__(name: str):
    # `from almanac.cli import app`: the typer app, for tests and embedding
    if name == "app":
        from almanac.cli.shared import app

        return app
    raise AttributeError(name)

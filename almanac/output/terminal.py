"""Where output goes: one-line messages on stderr, whether stdout is a terminal, and a reader
that went away (`| head`). No CLI framework here: the fast path (almanac/fastpath.py) uses it."""

from __future__ import annotations

import errno
import os
import sys

from almanac.errors import EXIT_OUTPUT

EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name; control characters shown escaped."""
    from almanac.output.safe import printable

    sys.stderr.write(f"almanac: {printable(message)}\n")


def warn(message: str) -> None:
    error(f"warning: {message}")


def note(message: str) -> None:
    error(f"note: {message}")


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def silence_stdout() -> None:
    """The reader has gone (`| head`): point stdout at /dev/null so that the interpreter's
    final flush does not print "Exception ignored ... BrokenPipeError"."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def output_failed(exc: OSError) -> int:
    """Output (standard output, as a rule) could not be written: say so on one line; the exit code to use.

    A reader that went away (`| head`) is not an error: nothing is said, and the exit code
    is the one a shell gives a process ended by SIGPIPE. Either way stdout is pointed at
    /dev/null, so that the interpreter's final flush of what is left cannot fail again.
    """
    silence_stdout()
    if exc.errno == errno.EPIPE:
        return EXIT_BROKEN_PIPE
    if exc.filename is None:  # writing to a file names it; writing to stdout does not
        error(f"cannot write to standard output: {exc.strerror or exc}")
    else:
        error(f"{exc.filename}: {exc.strerror or exc}")
    return EXIT_OUTPUT

"""Where output goes: one-line messages on stderr, whether stdout is a terminal, a reader that
went away (`| head`), standard streams closed at the start (`>&-`), and terminals whose
encoding is not UTF-8. No CLI framework here."""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import sys

from almanac.errors import EXIT_OUTPUT

EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE
UTF8_FORMATS = ("json", "jsonl", "csv", "excel", "tsv", "ics")  # data for programs: always UTF-8


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name; control characters shown escaped,
    and a number of thousands of digits (a value typed on the command line) cut short."""
    from almanac.output.safe import printable

    message = _LONG_NUMBER.sub(lambda m: f"{m.group()[:20]}... ({len(m.group())} digits)", message)
    sys.stderr.write(f"almanac: {printable(message)}\n")


_LONG_NUMBER = re.compile("[0-9]{41,}")


def warn(message: str) -> None:
    error(f"warning: {message}")


def note(message: str) -> None:
    error(f"note: {message}")


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# --- standard streams closed when almanac started ------------------------------------------


class _ClosedOutput(io.RawIOBase):
    """Standard output that was closed when almanac started (`almanac list >&-`): writing to
    it fails as writing to a closed descriptor does, so that the failure is reported (exit
    4); once reported, what is left is dropped."""

    dropping = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if not self.dropping:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return len(data)


def attach_standard_streams() -> None:
    """Give almanac a standard stream for each one the shell closed (`>&-`, `2>&-`, `<&-`),
    for which Python leaves None: stdout fails when written to (output_failed reports it),
    stderr and stdin are /dev/null. Each closed descriptor gets /dev/null too, so that no
    file almanac opens takes its number."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if name == "stdout":
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")
        else:
            setattr(sys, name, open(os.devnull, "w" if name == "stderr" else "r", encoding="utf-8"))  # noqa: SIM115


def silence_stdout() -> None:
    """The reader has gone (`| head`): point stdout at /dev/null so that the interpreter's
    final flush does not print "Exception ignored ... BrokenPipeError"."""
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    if isinstance(raw, _ClosedOutput):
        raw.dropping = True
        return
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


# --- terminals that cannot show every character ---------------------------------------------
# A terminal whose locale is not UTF-8 (LC_ALL=en_US.ISO-8859-1) cannot show the Cyrillic of
# "Прогресс МС-31". Text for people (tables, text, press lines, messages) is written with such
# characters as \u escapes, and one note at the end says how many; data for programs (json,
# jsonl, csv, tsv, ics) is UTF-8 whatever the locale says.

_ESCAPES = "almanac-unshown"
_unshown = [0]


def _escape_unshown(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    _unshown[0] += exc.end - exc.start
    return codecs.backslashreplace_errors(exc)


def show_what_the_terminal_can() -> None:
    """Make stdout write, as \\u escapes, the characters its encoding cannot (see above)."""
    _unshown[0] = 0
    encoding = getattr(sys.stdout, "encoding", None)
    if not encoding or _is_utf(encoding) or not hasattr(sys.stdout, "reconfigure"):
        return
    try:
        codecs.lookup_error(_ESCAPES)
    except LookupError:
        codecs.register_error(_ESCAPES, _escape_unshown)
    sys.stdout.reconfigure(errors=_ESCAPES)


def write_utf8() -> None:
    """Make stdout UTF-8, for a machine format, whatever the locale."""
    encoding = getattr(sys.stdout, "encoding", None)
    if encoding and not _is_utf(encoding) and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="strict")


def note_unshown() -> None:
    """The note, on stderr, that some characters were written as escapes (nothing if none)."""
    count, _unshown[0] = _unshown[0], 0
    if count:
        encoding = getattr(sys.stdout, "encoding", None) or "this terminal's encoding"
        note(f"{count} character{'s' if count != 1 else ''} that {encoding} cannot show "
             f"{'were' if count != 1 else 'was'} written as \\u escapes (a UTF-8 locale shows "
             "them; json, jsonl, csv and tsv are always UTF-8)")


def _is_utf(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False

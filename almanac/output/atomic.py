"""Writing the files almanac makes: replaced in one step (cache entries, --output), or written
straight through where the path is a device or a pipe (--output /dev/stdout)."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# What is written: the bytes, or a function that writes them to an open binary file (so that
# a long output is written as it is made, never held whole in memory).
Content = bytes | Callable[[BinaryIO], None]


def replace_file(path: Path, data: Content, mode: int | None = None,
                 owner: tuple[int, int] | None = None) -> None:
    """Write data to a temporary file beside path, then rename it over path.

    A reader sees the old file or the new one, never half of either; concurrent writers each
    rename a whole file. ``path`` itself is replaced: a symbolic link there is replaced, not
    followed (see write_output for --output). ``mode`` defaults to the existing file's
    permissions, else to what the umask gives a new file; ``owner`` (uid, gid) is kept where
    the system allows it. Any failure, Ctrl-C or SIGTERM included, removes the temporary file
    and re-raises (OSError for the caller to report).
    """
    directory = path.parent if str(path.parent) else Path(".")
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = _new_file_mode()
    # The name is chosen before the file is made: whatever interrupts us, even between making
    # the file and getting its descriptor, the cleanup below knows what to remove.
    temp = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            _write(out, data)
            out.flush()
            os.fsync(out.fileno())
        if owner is not None:
            with contextlib.suppress(OSError):
                os.chown(temp, *owner)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as exc:
        if not isinstance(exc, FileExistsError):  # a name already taken is not ours to remove
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise


def write_output(path: Path, data: Content) -> None:
    """Write --output FILE the way careful tools do, by what FILE is:

    - a regular file, or nothing yet: replaced in one step (replace_file), keeping the
      file's permissions (and owner, where the system allows);
    - a symbolic link: followed, and the file it points to replaced in one step (the link
      stays a link);
    - a device, a FIFO or a socket (/dev/null, /dev/full, a named pipe), or an open
      descriptor (/dev/stdout, /dev/fd/N): written straight through, as a shell's `>` does;
      such a file is never replaced by a regular one;
    - a regular file without write permission (mode 0444): refused, PermissionError, even
      for root, who could otherwise replace it.
    """
    target = _follow(path)
    if target is None:  # /dev/stdout: whatever the descriptor is open on, written through
        _write_through(path, data, descriptor=True)
        return
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_through(target, data)
        return
    if status is not None and (not status.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, f"read-only file (mode {stat.S_IMODE(status.st_mode):04o}), "
                                            "not replaced", str(path))
    if status is None:
        replace_file(target, data)
    else:
        replace_file(target, data, stat.S_IMODE(status.st_mode), (status.st_uid, status.st_gid))


def _follow(path: Path) -> Path | None:
    """The file a path names, its symbolic links followed one at a time; None for a path
    through /proc (/dev/stdout is /proc/self/fd/1), which names an open descriptor, not a
    file to replace."""
    current = Path(os.path.abspath(path))
    for _ in range(40):  # the kernel's own limit on links in a row
        folder = os.path.realpath(current.parent)
        if folder == "/proc" or folder.startswith("/proc/"):
            return None
        current = Path(folder) / current.name
        try:
            link = os.readlink(current)
        except OSError:  # not a link, or not there: the file itself
            return current
        current = Path(os.path.abspath(current.parent / link))
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))


def _write_through(target: Path, data: Content, descriptor: bool = False) -> None:
    """Write to a device, a FIFO or a descriptor as it is (opening a FIFO waits for its
    reader, as `>` does); a descriptor is appended to, as the shell left it."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags | (os.O_APPEND if descriptor else 0))
    with os.fdopen(fd, "wb") as out:
        if not descriptor and stat.S_ISREG(os.fstat(out.fileno()).st_mode):  # changed since we looked
            raise OSError(errno.EAGAIN, "the file changed while almanac was writing it", str(target))
        _write(out, data)


def _write(out: BinaryIO, data: Content) -> None:
    if isinstance(data, bytes):
        out.write(data)
    else:
        data(out)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask

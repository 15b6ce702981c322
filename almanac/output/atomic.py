"""Replacing a file in one step, for every file almanac writes (cache entries, --output)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write data to a temporary file beside path, then rename it over path.

    A reader sees the old file or the new one, never half of either; concurrent writers each
    rename a whole file. ``mode`` defaults to the existing file's permissions, else to what
    the umask gives a new file. Any failure, Ctrl-C included, removes the temporary file and
    re-raises (OSError for the caller to report).
    """
    directory = path.parent if str(path.parent) else Path(".")
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise

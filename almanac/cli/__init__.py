"""Command-line interface: `almanac COMMAND`. Each command module registers on `app`."""

import sys

from ..errors import EXIT_INTERRUPTED
from . import anniversaries, convert, crew, launch, listing  # noqa: F401  (register commands)
from .app import app


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="almanac")
    except KeyboardInterrupt:  # Ctrl-C before a command started (while importing, say)
        sys.stderr.write("\n")
        raise SystemExit(EXIT_INTERRUPTED) from None

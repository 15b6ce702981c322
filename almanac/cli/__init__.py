"""Command-line interface: `almanac COMMAND`. Each command module registers on `app`."""

import sys

from ..errors import EXIT_INTERRUPTED
# Import order is the order of `almanac --help`.
from . import launch, listing, convert, anniversaries, crew  # noqa: F401, I001  (register commands)
from .app import app


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="almanac")
    except KeyboardInterrupt:  # Ctrl-C before a command started (while importing, say)
        sys.stderr.write("\n")
        raise SystemExit(EXIT_INTERRUPTED) from None

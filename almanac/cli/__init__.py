"""Command-line interface: `almanac COMMAND`. Each command module registers on `app`."""

from . import anniversaries, convert, crew, launch, listing  # noqa: F401  (register commands)
from .app import app


def main() -> None:
    """Console-script entry point."""
    app()

"""Command-line interface: `almanac COMMAND`. Each command module registers on `app`."""

from . import launch  # noqa: F401  (registers commands)
from .app import app


def main() -> None:
    """Console-script entry point."""
    app()

"""Command-line interface: `almanac COMMAND`. Each command module registers on `app`; every
error of every command is reported in one place, almanac.cli.shared.report."""

import sys


def main() -> None:
    """Console-script entry point. Ctrl-C at any moment, imports included, exits 130 with no
    traceback; everything else is reported by almanac.cli.shared.report."""
    try:
        from almanac.cli.shared import app

        _register_commands()
        app(prog_name="almanac")
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        raise SystemExit(130) from None


def _register_commands() -> None:
    """Import every command module (import order is the order of --help)."""
    from almanac.cli import launch, listing, convert, anniversaries, crew  # noqa: F401, I001


def __getattr__(name: str):
    # `from almanac.cli import app`: the app with its commands, for tests and embedding
    if name == "app":
        from almanac.cli.shared import app

        _register_commands()
        return app
    raise AttributeError(name)

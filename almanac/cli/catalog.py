"""`almanac catalog update|import|status|remove`: the GCAT catalog layer (docs/catalog.md)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from almanac.cli.shared import app, choose_format, format_option, state
from almanac.errors import EXIT_INTERRUPTED, AlmanacError

catalog_app = typer.Typer(
    name="catalog", no_args_is_help=True, rich_markup_mode=None, add_completion=False,
    short_help="Every orbital launch, from the GCAT catalog.",
    help="The GCAT catalog of every orbital launch, as a layer under the curated dataset.")
app.add_typer(catalog_app)

StatusFormat = format_option("text", "json")


class Interrupted(AlmanacError):
    """Ctrl-C during an update: nothing was installed."""

    exit_code = EXIT_INTERRUPTED


@catalog_app.command("update")
def update_command(
    url: Annotated[Optional[str], typer.Option(
        "--url", metavar="URL",
        help="GCAT's tsv folder (default https://planet4589.org/space/gcat/tsv/); the files are "
             "derived/launchlog.tsv and tables/sites.tsv under it.")] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", metavar="SECONDS", min=0.1, help="Give up after this long without a byte.")] = 30.0,
) -> None:
    """Download GCAT's launch log and site table (only if they changed) and install them."""
    from almanac.catalog.install import DEFAULT_BASE_URL, update
    from almanac.catalog.store import catalog_dir

    directory = catalog_dir()
    with _progress() as (progress, start), _unchanged_on_failure(directory):
        result = update(directory, url or DEFAULT_BASE_URL, timeout=timeout, progress=progress,
                        progress_start=start)
    if result.catalog is None:
        updated = result.manifest.gcat_updated
        sys.stdout.write(f"The GCAT catalog is up to date{f' (GCAT updated {updated})' if updated else ''}; "
                         "nothing was downloaded.\n")
        return
    _summary("Updated", result.catalog, result.directory)


@catalog_app.command("import")
def import_command(
    launchlog: Annotated[Path, typer.Argument(metavar="LAUNCHLOG", show_default=False,
                                              help="GCAT's launchlog.tsv ('-' reads standard input).")],
    sites: Annotated[Optional[Path], typer.Option(
        "--sites", metavar="SITES", help="GCAT's sites.tsv (names and coordinates of site codes).")] = None,
) -> None:
    """Install a catalog from local copies of GCAT's files (for offline use)."""
    from almanac.catalog.install import import_files
    from almanac.catalog.store import catalog_dir

    directory = catalog_dir()
    if str(launchlog) == "-":  # standard input, as everywhere a file is read
        launchlog = Path("/dev/stdin")
    with _unchanged_on_failure(directory):
        result = import_files(launchlog, sites, directory)
    _summary("Imported", result.catalog, result.directory)


@catalog_app.command("status")
def status_command(ctx: typer.Context, fmt: StatusFormat = None) -> None:
    """Where the catalog came from, GCAT's own "Updated" date, counts and what did not merge."""
    from almanac.catalog.status import catalog_status, status_text

    fmt_name = choose_format(fmt, pipe_default="text")
    own = state(ctx)
    from almanac.dataset.loader import load

    record = catalog_status(load(own.data, own.max_bytes, cache=False if own.no_cache else None),
                            cache=False if own.no_cache else None)
    if fmt_name == "json":
        from almanac.output.formats import write_json

        write_json(record, sys.stdout)
        return
    sys.stdout.write(status_text(record))


@catalog_app.command("remove")
def remove_command() -> None:
    """Remove the installed catalog: every command then sees the curated dataset alone."""
    from almanac.catalog.store import catalog_dir, remove

    directory = catalog_dir()
    if remove(directory):
        sys.stdout.write(f"Removed the GCAT catalog from {directory}.\n")
    else:
        sys.stdout.write(f"No GCAT catalog is installed (in {directory}).\n")


def _summary(verb: str, catalog: Any, directory: Path) -> None:
    from almanac.catalog import ATTRIBUTION

    skipped = sum(catalog.skipped.values())
    reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(catalog.skipped.items()))
    sites = (f", {catalog.sites_in_table} site codes" if catalog.sites_in_table is not None
             else ", no site table")
    sys.stdout.write(
        f"{verb} the GCAT catalog in {directory}: {len(catalog.entries)} launches "
        f"({catalog.failures} failed) from {catalog.rows} rows{sites}"
        + (f"; {skipped} rows skipped ({reasons})" if skipped else "") + f".\n{ATTRIBUTION}\n")


@contextmanager
def _unchanged_on_failure(directory: Path) -> Iterator[None]:
    """Any failure is one line that says the installed catalog (if any) was left as it was."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted; the catalog in {directory} is unchanged") from None
    except AlmanacError as exc:
        if "unchanged" in exc.message:
            raise
        exc.message = f"{exc.message}; the catalog in {directory} is unchanged"
        raise


@contextmanager
def _progress() -> Iterator[tuple[Any, Any]]:
    """A progress bar on standard error when it is a terminal; (None, None) otherwise."""
    try:
        terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal:
        yield None, None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task: list[Any] = []

        def start(url: str) -> None:
            task[:] = [bar.add_task(url.rsplit("/", 1)[-1], total=None)]

        def advance(done: int, total: int | None) -> None:
            if task:
                bar.update(task[0], completed=done, total=total)

        yield advance, start

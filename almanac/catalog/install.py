"""Installing a GCAT catalog: from local files (`catalog import`) or from GCAT's web site
(`catalog update`). Both check the files completely before anything is written, and install
them in one step (almanac.catalog.store): on any failure the previous catalog stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from almanac.catalog.download import DEFAULT_TIMEOUT, Fetched, Progress, fetch
from almanac.catalog.prepared import Catalog, CatalogCache, prepare
from almanac.catalog.store import Manifest, StoredFile, install, read_limited, read_manifest, stored_name

DEFAULT_BASE_URL = "https://planet4589.org/space/gcat/tsv/"
LAUNCHLOG_PATH = "derived/launchlog.tsv"
SITES_PATH = "tables/sites.tsv"


@dataclass
class Installed:
    """What an import or update did."""

    directory: Path
    manifest: Manifest
    catalog: Catalog | None  # None when nothing changed
    downloaded: int = 0  # bytes downloaded


def check_files(launchlog: bytes, launchlog_name: str, sites: bytes | None,
                sites_name: str | None) -> tuple[Catalog, str | None, str | None]:
    """Read both files completely (a DatasetError naming file and line if they do not read):
    the catalog they make, and each file's "Updated" line."""
    from almanac.catalog.gcat import parse_launchlog, parse_sites

    log = parse_launchlog(launchlog, launchlog_name)
    table, sites_updated = (parse_sites(sites, sites_name or "sites.tsv") if sites is not None
                            else (None, None))
    return prepare(log, table, sites_updated), log.updated, sites_updated


def import_files(launchlog: Path, sites: Path | None, directory: Path) -> Installed:
    """Install a catalog from local copies of GCAT's launchlog.tsv and sites.tsv."""
    raw_log = read_limited(launchlog, "launch log")
    raw_sites = read_limited(sites, "site table") if sites is not None else None
    catalog, log_updated, sites_updated = check_files(raw_log, str(launchlog), raw_sites,
                                                      str(sites) if sites else None)
    files, manifest = _manifest(raw_log, _where(launchlog), log_updated, None,
                                raw_sites, _where(sites) if sites else None, sites_updated, None)
    install(directory, files, manifest)
    _warm_cache(directory, manifest, catalog)
    return Installed(directory, manifest, catalog)


def _where(path: Path) -> str:
    """Where a file came from, as `catalog status` shows it: standard input, or its full path."""
    return "standard input" if str(path) in ("-", "/dev/stdin") else str(path.resolve())


def update(directory: Path, base_url: str = DEFAULT_BASE_URL, timeout: float = DEFAULT_TIMEOUT,
           progress: Progress | None = None,
           progress_start: Callable[[str], None] | None = None) -> Installed:
    """Download GCAT's launch log and site table (conditionally, when a catalog from the same
    place is installed) and install them if they changed and read correctly."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    current = read_manifest(directory)
    urls = (base + LAUNCHLOG_PATH, base + SITES_PATH)
    previous = [None, None]
    if current is not None:
        previous = [s if s is not None and s.source == url else None
                    for s, url in ((current.launchlog, urls[0]), (current.sites, urls[1]))]
    got: list[Fetched] = []
    downloaded = 0
    for url, before in zip(urls, previous, strict=True):
        if progress_start is not None:
            progress_start(url)
        result = fetch(url, etag=before.etag if before else None,
                       last_modified=before.last_modified if before else None,
                       timeout=timeout, progress=progress)
        downloaded += len(result.body or b"")
        got.append(result)
    if current is not None and all(r.unchanged for r in got):
        return Installed(directory, current, None, 0)
    bodies = []
    for result, before in zip(got, previous, strict=True):
        if result.unchanged:  # 304 for this one, not the other: keep the installed copy
            from almanac.catalog.store import read_stored

            bodies.append(read_stored(directory, before))
        else:
            bodies.append(result.body)
    catalog, log_updated, sites_updated = check_files(bodies[0], urls[0], bodies[1], urls[1])
    files, manifest = _manifest(bodies[0], urls[0], log_updated, got[0], bodies[1], urls[1],
                                sites_updated, got[1])
    install(directory, files, manifest)
    _warm_cache(directory, manifest, catalog)
    return Installed(directory, manifest, catalog, downloaded)


def _manifest(raw_log: bytes, log_source: str, log_updated: str | None, log_fetch: Fetched | None,
              raw_sites: bytes | None, sites_source: str | None, sites_updated: str | None,
              sites_fetch: Fetched | None) -> tuple[dict[str, bytes], Manifest]:
    log_name, log_hash = stored_name("launchlog", raw_log)
    files = {log_name: raw_log}
    launchlog = StoredFile(log_name, log_hash, log_source, log_fetch.etag if log_fetch else None,
                           log_fetch.last_modified if log_fetch else None, log_updated)
    sites = None
    if raw_sites is not None:
        sites_name, sites_hash = stored_name("sites", raw_sites)
        files[sites_name] = raw_sites
        sites = StoredFile(sites_name, sites_hash, sites_source or "",
                           sites_fetch.etag if sites_fetch else None,
                           sites_fetch.last_modified if sites_fetch else None, sites_updated)
    return files, Manifest(launchlog=launchlog, sites=sites)


def _warm_cache(directory: Path, manifest: Manifest, catalog: Catalog) -> None:
    """Cache the catalog just read, so that the next command does not read it again."""
    from almanac.catalog import cache_key_of
    from almanac.dataset.cache import enabled

    if enabled():
        CatalogCache(directory, cache_key_of(directory, manifest)).save(catalog)

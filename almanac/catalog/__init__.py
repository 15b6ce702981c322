"""The GCAT catalog layer: every orbital launch since Sputnik, under the curated dataset.

    >>> from almanac import load
    >>> from almanac.catalog import merged
    >>> dataset = merged(load())  # the curated dataset alone when no catalog is installed

GCAT, the General Catalog of Artificial Space Objects, is J. McDowell's (planet4589.org),
licensed CC BY 4.0: wherever its facts are shown, ATTRIBUTION says so. See docs/catalog.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a catalog is installed, not by every command that checks
    from almanac.catalog.merge import Matches
    from almanac.catalog.prepared import Catalog
    from almanac.catalog.store import Manifest
    from almanac.domain.model import Dataset, Launch

ATTRIBUTION = "Data: GCAT (J. McDowell, planet4589.org), CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ENV_NO_CATALOG = "ALMANAC_NO_CATALOG"


@dataclass
class InstalledCatalog:
    """The installed catalog: its manifest, its launches read and named, and its folder."""

    directory: Path
    manifest: Manifest
    catalog: Catalog
    key: str | None = None  # its cache key, when the cache is used


def credit(launches: Iterable[Launch]) -> str | None:
    """The attribution line when any of the launches comes from GCAT, else None."""
    return ATTRIBUTION if any(x.catalog is not None for x in launches) else None


def catalog_enabled(flag: bool | None = None) -> bool:
    """Whether to use the catalog: an explicit flag, else on unless $ALMANAC_NO_CATALOG is set."""
    if flag is not None:
        return flag
    return os.environ.get(ENV_NO_CATALOG, "").strip().lower() in ("", "0", "false", "no")


def cache_key_of(directory: Path, manifest: Manifest) -> str:
    """The cache key of an installed catalog: its files' hashes as installed, and their size
    and modification time now (a file edited in place makes the entry stale)."""
    from almanac.catalog.prepared import catalog_key

    parts = []
    for stored in (manifest.launchlog, manifest.sites):
        if stored is None:
            parts.append("-")
            continue
        try:
            status = (directory / stored.file).stat()
            parts.append(f"{stored.sha256} {status.st_size} {status.st_mtime_ns}")
        except OSError:
            parts.append(f"{stored.sha256} missing")
    return catalog_key(parts)


def installed(directory: Path | None = None, *, cache: bool | None = None) -> InstalledCatalog | None:
    """The installed catalog, read from the cache when it can be; None when there is none."""
    from almanac.catalog.store import catalog_dir, read_manifest

    directory = directory if directory is not None else catalog_dir()
    manifest = read_manifest(directory)
    if manifest is None:
        return None
    from almanac.dataset.cache import enabled

    entry = key = None
    if enabled(cache):
        from almanac.catalog.prepared import CatalogCache

        key = cache_key_of(directory, manifest)
        entry = CatalogCache(directory, key)
        catalog = entry.load()
        if catalog is not None and not _zones_now_findable(catalog):
            return InstalledCatalog(directory, manifest, catalog, key)
    catalog = _read_installed(directory, manifest)
    if entry is not None:
        entry.save(catalog)
    return InstalledCatalog(directory, manifest, catalog, key)


def _zones_now_findable(catalog: Catalog) -> bool:
    """Whether the zone library was installed since the catalog was cached without it."""
    if catalog.library or all(site.how != "none" for site in catalog.sites.values()):
        return False
    from almanac.catalog.sites import zone_library_available

    return zone_library_available()


def _read_installed(directory: Path, manifest: Manifest) -> Catalog:
    from almanac.catalog.install import check_files
    from almanac.catalog.store import read_stored

    raw_log = read_stored(directory, manifest.launchlog)
    raw_sites = read_stored(directory, manifest.sites) if manifest.sites else None
    catalog, _, _ = check_files(raw_log, str(directory / manifest.launchlog.file), raw_sites,
                                str(directory / manifest.sites.file) if manifest.sites else None)
    return catalog


def merged(dataset: Dataset, directory: Path | None = None, *, cache: bool | None = None) -> Dataset:
    """The dataset with the installed GCAT catalog merged in (the curated record wins where
    both have a launch); the dataset itself when no catalog is installed."""
    from almanac.dataset.loader import collector_paused

    with collector_paused():
        found = installed(directory, cache=cache)
        if found is None:
            return dataset
        from almanac.catalog.merge import merge

        return merge(dataset, found.catalog, _matches(dataset, found))[0]


def _matches(dataset: Dataset, found: InstalledCatalog) -> Matches:
    """The curated launches matched to the catalog's, from the cache when it can be."""
    from almanac.catalog.merge import match

    entry = None
    if found.key is not None and dataset.key is not None:  # both were read through the cache
        from almanac.catalog.matches import MatchesCache

        entry = MatchesCache(found.directory, found.key, dataset)
        matches = entry.load(dataset, found.catalog)
        if matches is not None:
            return matches
    matches = match(dataset, found.catalog)
    if entry is not None:
        entry.save(matches)
    return matches

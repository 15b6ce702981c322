"""The cache of a merge's matches (almanac.catalog.merge.Matches): which GCAT launch each
curated record is. Matching compares every curated launch with the catalog's launches of its
day, which a warm run need not do again while neither layer changes.

One entry per catalog store and dataset file, ``matches-<hash>.json`` in the cache folder,
checksummed like the others (almanac.dataset.cache.CacheEntry). Its key covers the catalog's
cache key (its files and the code that reads them), the dataset's (its file's bytes and the
code that reads them) and the source of merge.py: only a dataset read through the cache has
a key, and only its matches are cached. An entry that hashes right but names an entry or a
launch that is not there is removed and the matching done again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from almanac.catalog.merge import Match, Matches, MergeReport
from almanac.catalog.prepared import Catalog
from almanac.domain.model import Dataset

CACHE_FORMAT = 1


def matches_key(catalog_key: str, dataset_key: str) -> str:
    """The key of the matches of this catalog with this dataset."""
    from almanac.catalog import merge
    from almanac.dataset.cache import _source_hash

    digest = hashlib.sha256(f"matches {CACHE_FORMAT} {catalog_key} {dataset_key}\n".encode())
    digest.update(_source_hash(merge.__file__))
    return digest.hexdigest()


class MatchesCache:
    """The cache entry of the matches of one catalog store with one dataset file."""

    def __init__(self, store: Path, catalog_key: str, dataset: Dataset, directory: Path | None = None):
        from almanac.dataset.cache import CacheEntry

        if dataset.key is None:
            raise ValueError("only a dataset read through the cache has its matches cached")
        self.entry = CacheEntry("matches", Path(f"{store}\n{dataset.path}"),
                                matches_key(catalog_key, dataset.key), CACHE_FORMAT, directory)

    def load(self, dataset: Dataset, catalog: Catalog) -> Matches | None:
        """The cached matches, or None if missing, stale or damaged."""
        body = self.entry.body()
        if body is None:
            return None
        try:
            return _decode(json.loads(body), dataset, catalog)
        except Exception:  # noqa: BLE001 - it hashes right yet does not rebuild: match again
            self.entry.discard()
            return None

    def save(self, matches: Matches) -> bool:
        """Write the entry in one step; False (and no cache) if the folder is not writable."""
        report = matches.report
        body = {"taken": [[index, ident] for index, ident in matches.taken.items()],
                "extra": {ident: list(extra) for ident, extra in matches.extra.items()},
                "matched": [[m.curated, m.tag, m.how] for m in report.matched],
                "unmatched": [list(pair) for pair in report.unmatched],
                "merged_rows": report.merged_rows}
        return self.entry.write(json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii"))


def _decode(body: dict[str, Any], dataset: Dataset, catalog: Catalog) -> Matches:
    """The Matches save() was given; raises on anything that does not fit this dataset and
    catalog (the caller then matches again)."""
    curated = dataset.by_id
    taken: dict[int, str] = {}
    for index, ident in body["taken"]:
        if type(index) is not int or not 0 <= index < len(catalog.entries) or ident not in curated:
            raise ValueError(f"no catalog entry {index!r} or curated launch {ident!r}")
        taken[index] = ident
    extra = {ident: tuple(_texts(forms)) for ident, forms in body["extra"].items()}
    if set(extra) != set(taken.values()):
        raise ValueError("aliases for launches that were not matched")
    matched = [Match(*_texts(row)) for row in body["matched"]]
    unmatched = [(a, b) for a, b in (_texts(row) for row in body["unmatched"])]
    rows = body["merged_rows"]
    if type(rows) is not int:
        raise ValueError("merged_rows is not a number")
    return Matches(taken, extra, MergeReport(matched=matched, unmatched=unmatched, merged_rows=rows))


def _texts(values: Any) -> list[str]:
    if type(values) is not list or not all(type(v) is str for v in values):
        raise ValueError(f"not a list of texts: {values!r}")
    return values

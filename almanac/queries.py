"""Queries over the in-memory model: pure functions returning model objects."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import NotFoundError
from .model import Dataset, Launch
from .text import fold


def suggestions(query: str, keys: Iterable[str], labels: dict[str, str], n: int = 3) -> list[str]:
    """Close matches for a query among folded keys, as the labels users should type."""
    matches = difflib.get_close_matches(fold(query), list(keys), n=n * 3, cutoff=0.5)
    out: list[str] = []
    for key in matches:
        label = labels[key]
        if label not in out:
            out.append(label)
    return out[:n]


def find_launch(dataset: Dataset, query: str) -> Launch:
    """The launch whose id, name or alias matches the query, ignoring case and punctuation."""
    launch = dataset.by_key.get(fold(query))
    if launch is not None:
        return launch
    close = suggestions(query, dataset.by_key, {k: v.id for k, v in dataset.by_key.items()})
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise NotFoundError(f"no launch matches {query!r}{hint}")


def find_launches(dataset: Dataset, queries: Iterable[str]) -> list[Launch]:
    """find_launch for each query, in order."""
    return [find_launch(dataset, q) for q in queries]

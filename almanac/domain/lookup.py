"""Finding a record by what a user types: exact id, alias or name once case, accents,
punctuation and Cyrillic spelling are folded away; and, when nothing matches, only the close
matches as suggestions. Launches, sites, stations and people are all found this way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from almanac.domain.text import fold
from almanac.errors import NotFoundError

T = TypeVar("T")

# How alike a folded query and a folded label must be (difflib's ratio) to be suggested: close
# enough that "test1x" finds test-1 and "Voyger 1" finds voyager-1, not so loose that
# "Artemis III" suggests Gemini 11.
CLOSE = 0.75


def keyed(items: Iterable[T], labels: Callable[[T], Iterable[str]]) -> dict[str, T]:
    """Each item under the folded form of each of its labels (the first item keeps a label)."""
    keys: dict[str, T] = {}
    for item in items:
        for label in labels(item):
            key = fold(label)
            if key:
                keys.setdefault(key, item)
    return keys


def lookup(keys: Mapping[str, T], query: str) -> T | None:
    """The item whose id, name or alias is the query, folded; None if there is none."""
    return keys.get(fold(query))


def close_matches(keys: Mapping[str, T], query: str, label: Callable[[T], str], n: int = 3) -> list[str]:
    """What the user may have meant: the labels (``label(item)``, an id as a rule) of the
    items whose folded names are close to the folded query, best first."""
    import difflib  # only when something was not found

    found: list[str] = []
    for key in difflib.get_close_matches(fold(query), list(keys), n=n * 3, cutoff=CLOSE):
        text = label(keys[key])
        if text not in found:
            found.append(text)
    return found[:n]


def find(keys: Mapping[str, T], query: str, kind: str, label: Callable[[T], str],
         hint: str = "") -> T:
    """The item the query names, or NotFoundError with close matches, else ``hint``."""
    item = lookup(keys, query)
    if item is not None:
        return item
    raise NotFoundError(not_found(kind, query, close_matches(keys, query, label), hint))


def not_found(kind: str, query: str, close: list[str], hint: str = "") -> str:
    """'no launch matches 'x'; did you mean a or b?', or the hint when nothing is close."""
    if close:
        return f"no {kind} matches {query!r}; did you mean {' or '.join(close)}?"
    return f"no {kind} matches {query!r}" + (f" ({hint})" if hint else "")

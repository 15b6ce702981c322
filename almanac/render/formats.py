"""Machine formats. One list of row dicts feeds json, jsonl, csv and tsv alike."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TextIO

MACHINE_FORMATS = ("json", "jsonl", "csv", "tsv")


def flat(value: Any) -> str:
    """A value as one csv/tsv cell: lists joined with '; ', nothing as empty."""
    if type(value) is str:  # most cells
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return value.get("id") or json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def tsv_cell(value: Any) -> str:
    # A tab or newline inside a value would break the columns; show them escaped.
    text = value if type(value) is str else flat(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:  # (four scans cost less
        # than four replacements, and few texts hold any)
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def write_json(document: Any, out: TextIO) -> None:
    """A JSON document; a list is written one compact item a line, anything else indented."""
    if isinstance(document, (list, tuple)):
        write_json_list(document, out)
        return
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_json_list(items: Iterable[Any], out: TextIO) -> None:
    """A JSON list as '[', one compact item a line indented by two spaces, ']'.

    With ``indent`` the json module encodes in pure Python (about 0.4 s for 2 MB of rows);
    without it, the C encoder does each item in a fraction of that. The result is still one
    valid JSON document that json.loads reads to the same value, and a row a line reads
    (and diffs, and greps) well.
    """
    write_json_texts(map(json.JSONEncoder(ensure_ascii=False).encode, items), "json", out)


def write_json_texts(texts: Iterable[str], fmt: str, out: TextIO) -> None:
    """Items already encoded as compact JSON, as a json list (see write_json_list) or as
    jsonl. They are written a few dozen at a time, so a long listing is never held whole
    as text, nor as rows when ``texts`` is made from an iterator."""
    if fmt == "jsonl":
        for chunk in _chunks(texts):
            out.write("\n".join(chunk) + "\n")
        return
    chunks = _chunks(texts)
    first = next(chunks, None)
    if first is None:
        out.write("[]\n")
        return
    out.write("[\n  " + ",\n  ".join(first))
    for chunk in chunks:
        out.write(",\n  " + ",\n  ".join(chunk))
    out.write("\n]\n")


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    """The items, 64 at a time: tens of kilobytes a write, which the allocator reuses from one
    write to the next (a listing written whole, or in pieces over malloc's mmap threshold,
    costs fresh pages)."""
    items = iter(items)
    while chunk := list(islice(items, 64)):
        yield chunk


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO, *, header: bool = True,
               fields: Sequence[str] | None = None, single: bool = False) -> None:
    """Write rows in a machine format. ``single`` prints a lone JSON object, not a list.
    Rows may be an iterator (read once, as they are written) when ``fields`` is given."""
    if fields is None or single:
        rows = list(rows)
    if fmt == "json" and single and len(rows) == 1:
        write_json(rows[0], out)
    elif fmt in ("json", "jsonl"):
        write_json_texts(map(json.JSONEncoder(ensure_ascii=False).encode, rows), fmt, out)
    elif fmt in ("csv", "tsv"):
        names = list(fields or (rows[0].keys() if rows else ()))
        if fmt == "csv":
            import csv

            writer = csv.writer(out, lineterminator="\n")
            if header and names:
                writer.writerow(names)
            writer.writerows(map(flat, map(row.get, names)) for row in rows)
        else:
            if header and names:
                out.write("\t".join(names) + "\n")
            for chunk in _chunks(rows):
                out.write("".join(["\t".join(map(tsv_cell, map(row.get, names))) + "\n" for row in chunk]))
    else:  # pragma: no cover - callers check the format first
        raise ValueError(f"unknown machine format {fmt!r}")

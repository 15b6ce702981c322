"""Machine formats: one registry of writers, fed by one kind of value, a Listing.

A Listing is what every listing command builds: its machine fields (the documented
contract), its rows as dicts with those keys, and the columns a table shows. json, jsonl,
csv and tsv write the same rows with the same field names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from almanac.output.safe import json_text, printable


@dataclass
class Listing:
    """Rows for machines and the table for people. ``columns`` are (header, cell) pairs, a
    cell being a row's field name or a function of the row; by default, every field."""

    fields: Sequence[str]
    rows: Iterable[dict[str, Any]]
    columns: Sequence[tuple[str, str | Callable[[dict[str, Any]], Any]]] = ()
    title: str | None = None
    empty: str | None = None  # what a table says when there are no rows

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Headers and cells for a table."""
        columns = self.columns or [(name, name) for name in self.fields]
        body = [[flat(cell(row) if callable(cell) else row.get(cell)) for _, cell in columns]
                for row in self.rows]
        return [header for header, _ in columns], body


def flat(value: Any) -> str:
    """A value as one csv/tsv cell: lists joined with '; ', nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return value.get("id") or json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile(r"[\\\t\n\r]")


def tsv_cell(value: Any) -> str:
    """A tsv cell: tab, newline and backslash written escaped, so that the columns hold. The
    other control characters are escaped for the whole line (printable, in _write_tsv)."""
    return _TSV_SPECIAL.sub(lambda m: _TSV_ESCAPES[m.group()], flat(value))


def write_json(document: Any, out: TextIO) -> None:
    """A JSON document; a list is written one compact item a line, anything else indented.
    Characters that a terminal would obey are written as \\u escapes (see json_text)."""
    if isinstance(document, (list, tuple)):
        _write_json_list(document, "json", out)
        return
    out.write(json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n")


def _write_json_list(rows: Iterable[Any], fmt: str, out: TextIO) -> None:
    """json: '[', one compact item a line, ']' (one document that reads and diffs well);
    jsonl: one item a line."""
    to_json = json.JSONEncoder(ensure_ascii=False).encode

    def encode(row: Any) -> str:
        return json_text(to_json(row))

    if fmt == "jsonl":
        for row in rows:
            out.write(encode(row) + "\n")
        return
    separator = "[\n  "
    for row in rows:
        out.write(separator + encode(row))
        separator = ",\n  "
    out.write("[]\n" if separator == "[\n  " else "\n]\n")


def _write_csv(listing: Listing, out: TextIO, header: bool, excel: bool = False) -> None:
    import csv

    if excel:  # a byte-order mark: Excel then reads the file as UTF-8 (Cyrillic, accents)
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    if header:
        writer.writerow(listing.fields)
    for row in listing.rows:
        writer.writerow([printable(flat(row.get(name))) for name in listing.fields])


def _write_tsv(listing: Listing, out: TextIO, header: bool) -> None:
    if header:
        out.write("\t".join(listing.fields) + "\n")
    for row in listing.rows:
        # (printable leaves tabs and newlines alone, and a cell holds none of its own now)
        out.write(printable("\t".join(tsv_cell(row.get(name)) for name in listing.fields)) + "\n")


# The registry: format name -> writer(listing, out, header).
WRITERS: dict[str, Callable[[Listing, TextIO, bool], None]] = {
    "json": lambda listing, out, header: _write_json_list(listing.rows, "json", out),
    "jsonl": lambda listing, out, header: _write_json_list(listing.rows, "jsonl", out),
    "csv": _write_csv,
    # csv as spreadsheets open it: a UTF-8 byte-order mark and CRLF line ends
    "excel": lambda listing, out, header: _write_csv(listing, out, header, excel=True),
    "tsv": _write_tsv,
}
MACHINE_FORMATS = tuple(WRITERS)


def write_listing(listing: Listing, fmt: str, out: TextIO, *, header: bool = True) -> None:
    """Write a listing in a machine format from the registry."""
    WRITERS[fmt](listing, out, header)

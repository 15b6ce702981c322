"""`almanac launch` output in every format but the rich table, with no CLI framework:
the typer command and the fast path (almanac/fastpath.py) both write through here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..model import Dataset, Launch


def write_launches(dataset: Dataset, launches: Sequence[Launch], fmt: str, out: TextIO, *,
                   single: bool, header: bool = True) -> None:
    """Write ``launches`` as text, press lines, json, jsonl, csv or tsv.

    ``single``: one id was asked for, so json gives that object rather than a list.
    """
    if fmt == "text":
        from .detail import detail_text

        out.write("\n".join(detail_text(d) for d in launch_details(dataset, launches)))
        return
    if fmt == "press":
        from .press import launch_press_line

        lines = [launch_press_line(x) for x in launches]  # every line or none
        out.write("".join(line + "\n" for line in lines))
        return
    from .formats import write_rows
    from .records import launch_record, launch_row

    if fmt in ("json", "jsonl"):
        write_rows([launch_record(x) for x in launches], fmt, out, single=single)
    else:
        write_rows([launch_row(x) for x in launches], fmt, out, header=header)


def launch_details(dataset: Dataset, launches: Sequence[Launch]) -> list:
    """The detail view of each launch, docking targets named (a station, or another launch)."""
    from .detail import launch_detail

    def target_name(ident: str) -> str:
        station = dataset.stations.get(ident)
        other = dataset.by_id.get(ident)
        return station.name if station else other.name if other else ident

    return [launch_detail(x, target_name) for x in launches]

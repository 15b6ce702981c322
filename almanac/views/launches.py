"""`almanac launch` in every format: details, press lines and records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from almanac.domain.model import Dataset, Launch
from almanac.views.detail import Detail


def launch_details(dataset: Dataset, launches: Sequence[Launch]) -> list[Detail]:
    """The detail view of each launch, event targets (a station, or another launch) and
    people named."""
    from almanac.views.detail import launch_detail

    def target_name(ident: str) -> str:
        station = dataset.stations.get(ident)
        other = dataset.by_id.get(ident)
        return station.name if station else other.name if other else ident

    def person_name(ident: str) -> str:
        person = dataset.people.get(ident)
        return person.name if person else ident

    return [launch_detail(x, target_name, person_name) for x in launches]


def write_launches(dataset: Dataset, launches: Sequence[Launch], fmt: str, out: TextIO, *,
                   single: bool, header: bool = True) -> None:
    """Write ``launches`` as text, press lines, json, jsonl, csv or tsv.

    ``single``: one id was asked for, so json gives that object rather than a list.
    """
    if fmt == "text":
        from almanac.views.detail import detail_text

        out.write("\n".join(detail_text(d) for d in launch_details(dataset, launches)))
        return
    if fmt == "press":
        from almanac.views.press import launch_press_line

        lines = [launch_press_line(x) for x in launches]  # every line or none
        out.write("".join(line + "\n" for line in lines))
        return
    from almanac.output.formats import Listing, write_json, write_listing
    from almanac.views.records import LAUNCH_ROW_FIELDS, launch_record, launch_row

    if fmt == "json" and single:
        write_json(launch_record(launches[0]), out)
    elif fmt in ("json", "jsonl"):
        write_listing(Listing(LAUNCH_ROW_FIELDS, [launch_record(x) for x in launches]), fmt, out)
    else:
        write_listing(Listing(LAUNCH_ROW_FIELDS, [launch_row(x) for x in launches]), fmt, out, header=header)

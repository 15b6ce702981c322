"""`almanac launch` in every format: details, press lines and records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from almanac.domain.model import Dataset, Launch
from almanac.domain.zones import ZoneSpec
from almanac.views.detail import Detail

PRESS_FORMATS = ("press", "press-full")


def launch_details(dataset: Dataset, launches: Sequence[Launch],
                   zones: Sequence[ZoneSpec] | None = None) -> list[Detail]:
    """The detail view of each launch, event targets (a station, or another launch) and
    people named, with the launch and its events in ``zones`` (default: the zones each
    launch is quoted in)."""
    from almanac.views.detail import launch_detail

    def target_name(ident: str) -> str:
        station = dataset.stations.get(ident)
        other = dataset.by_id.get(ident)
        return station.name if station else other.name if other else ident

    def person_name(ident: str) -> str:
        person = dataset.people.get(ident)
        return person.name if person else ident

    return [launch_detail(x, target_name, person_name, zones) for x in launches]


def write_launches(dataset: Dataset, launches: Sequence[Launch], fmt: str, out: TextIO, *,
                   single: bool, header: bool = True, zones: Sequence[ZoneSpec] | None = None) -> None:
    """Write ``launches`` as text, press lines (press, press-full), json, jsonl, csv or tsv.

    ``single``: one id was asked for, so json gives that object rather than a list.
    ``zones``: show the launches and their events in these zones too (`--tz`); None gives
    each launch the zones it is quoted in (Moscow time for Russian sites), except in press
    lines, which keep the seed article's form.
    """
    if fmt == "text":
        from almanac.views.detail import detail_text

        out.write("\n".join(detail_text(d) for d in launch_details(dataset, launches, zones)))
        return
    if fmt in PRESS_FORMATS:
        from almanac.views.press import launch_press_line

        named = fmt == "press-full"
        lines = [launch_press_line(x, zones or (), named=named) for x in launches]  # every line or none
        out.write("".join(line + "\n" for line in lines))
        return
    from almanac.domain.zones import quoted_zones
    from almanac.output.formats import Listing, write_json, write_listing
    from almanac.views.records import LAUNCH_ROW_FIELDS, launch_record, launch_row, zone_fields

    shown_in = [quoted_zones(x.site) if zones is None else zones for x in launches]
    if fmt == "json" and single:
        write_json(launch_record(launches[0], shown_in[0]), out)
    elif fmt in ("json", "jsonl"):
        rows = [launch_record(x, z) for x, z in zip(launches, shown_in, strict=True)]
        write_listing(Listing(LAUNCH_ROW_FIELDS, rows), fmt, out)
    else:
        # One column per zone: every launch's zones, in order; blank for a launch not shown in one.
        extra = tuple(dict.fromkeys(f for z in shown_in for f in zone_fields(z)))
        rows = [launch_row(x, z) for x, z in zip(launches, shown_in, strict=True)]
        write_listing(Listing(LAUNCH_ROW_FIELDS + extra, rows), fmt, out, header=header)

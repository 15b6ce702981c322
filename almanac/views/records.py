"""Model objects as plain dicts: the field names here are the machine-format contract."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from almanac.domain.model import Event, Instant, Launch, Person, Precision, Seat, Site, Source
from almanac.domain.zones import (
    EASTERN_ZONE,
    ZoneSpec,
    abbreviation,
    iso_local_fast,
    local_iso_text,
    quoted_zones,
    show_in,
    zone_of,
)


def source_record(source: Source) -> dict[str, Any]:
    return {"url": source.url, "note": source.note}


def site_record(site: Site) -> dict[str, Any]:
    return {"id": site.id, "name": site.name, "country": site.country, "zone": site.zone}


def person_record(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "native_name": person.native_name,
        "aliases": list(person.aliases),
        "agency": person.agency,
        "country": person.country,
    }


def seat_record(seat: Seat, launch: Launch) -> dict[str, Any]:
    return {
        "id": seat.person.id,
        "name": seat.person.name,
        "native_name": seat.person.native_name,
        "role": seat.role,
        "agency": seat.agency or seat.person.agency,
        "country": seat.person.country,
        "returned_on": seat.returned_on or (None if seat.returned_unknown else launch.id),
        "expeditions": list(seat.expeditions or launch.expeditions),
    }


def times_record(instant: Instant, zone: str) -> dict[str, Any]:
    local = _local_iso(instant, zone)
    # Launches from Florida are shown in Eastern time twice over: convert once.
    eastern = local if zone == EASTERN_ZONE else _local_iso(instant, EASTERN_ZONE)
    return {
        "utc": instant.iso(),
        "precision": instant.precision.value,
        "local": local,
        "eastern": eastern,
    }


def _local_iso(instant: Instant, zone: str) -> str | None:
    try:
        return iso_local_fast(instant, zone)
    except OverflowError:  # past year 9999 in that zone: no dataset holds such a time
        return None


def zone_times(instant: Instant, zones: Sequence[ZoneSpec]) -> list[dict[str, Any]]:
    """An instant in each of ``zones`` (`launch --tz`): the tz zone (or fixed offset), the
    zone as named, the abbreviation in force and ISO 8601 with offset; the last two are
    null when only the date is known."""
    out = []
    for spec in zones:
        abbr = iso = None
        if instant.precision.has_clock_time:
            local = show_in(instant.utc, spec)
            abbr, iso = abbreviation(local), local_iso_text(local, instant.precision is Precision.SECOND)
        out.append({"zone": zone_of(spec), "label": spec.label, "abbreviation": abbr, "iso": iso})
    return out


def zone_fields(zones: Sequence[ZoneSpec]) -> tuple[str, ...]:
    """The csv/tsv columns of ``zones``: 'time_Moscow', 'time_Asia/Tokyo'."""
    return tuple(f"time_{spec.label}" for spec in zones)


def event_record(event: Event, site_zone: str, zones: Sequence[ZoneSpec] = ()) -> dict[str, Any]:
    record = {"type": event.type, **times_record(event.at, site_zone), "times": zone_times(event.at, zones)}
    record.pop("local")  # an event happens in orbit or at a landing site, not at the launch site
    record.update(target=event.target, port=event.port, description=event.description,
                  end_utc=event.end.iso() if event.end else None, body=event.body,
                  people=list(event.people), significance=event.significance,
                  first=list(event.first), why=event.why)
    return record


def launch_times(launch: Launch) -> dict[str, Any]:
    """utc, precision, local, eastern and uncertain; local is null where the launch has no
    local time (a sea or air launch, a GCAT site without a zone)."""
    record = times_record(launch.at, launch.site.zone)
    if launch.catalog is not None and launch.catalog.no_local_time:
        record["local"] = None
    record["uncertain"] = launch.at.uncertain
    return record


def catalog_record(launch: Launch) -> dict[str, Any] | None:
    """What the GCAT catalog says of a launch only it has (null for a curated launch)."""
    facts = launch.catalog
    if facts is None:
        return None
    from almanac.catalog import ATTRIBUTION

    return {"tag": facts.tag, "code": facts.code, "failed": facts.failed, "site_code": facts.site_code,
            "payloads": list(facts.payloads), "no_local_time": facts.no_local_time,
            "credit": ATTRIBUTION}


def launch_record(launch: Launch, zones: Sequence[ZoneSpec] | None = None) -> dict[str, Any]:
    """The JSON object of one launch (documented in docs/output.md). ``times`` shows the
    launch, and each event, in ``zones`` (default: the zones the launch is quoted in,
    Moscow time for Russian sites)."""
    zones = quoted_zones(launch.site) if zones is None else zones
    return {
        "id": launch.id,
        "name": launch.name,
        "aliases": list(launch.aliases),
        "program": launch.program,
        **launch_times(launch),
        "times": zone_times(launch.at, zones),
        "site": site_record(launch.site),
        "pad": launch.pad,
        "vehicle": launch.vehicle,
        "spacecraft": launch.spacecraft,
        "crewed": launch.crewed,
        "crew": [seat_record(seat, launch) for seat in launch.crew],
        "expeditions": list(launch.expeditions),
        "events": [event_record(e, launch.site.zone, zones) for e in launch.events],
        "notes": launch.notes,
        "significance": launch.significance,
        "first": list(launch.first),
        "why": launch.why,
        "sources": [source_record(s) for s in launch.sources],
        "source": launch.source,
        "catalog": catalog_record(launch),
    }


LAUNCH_ROW_FIELDS = ("id", "name", "utc", "precision", "local", "eastern", "site", "pad", "vehicle",
                     "spacecraft", "program", "crew", "aliases", "significance", "first", "uncertain",
                     "source", "tag", "failed")


def launch_row(launch: Launch, zones: Sequence[ZoneSpec] = ()) -> dict[str, Any]:
    """One flat row per launch, for csv/tsv and listings; with ``zones``, a column of the
    launch time in each (zone_fields)."""
    return {
        "id": launch.id,
        "name": launch.name,
        **launch_times(launch),
        "site": launch.site.id,
        "pad": launch.pad,
        "vehicle": launch.vehicle,
        "spacecraft": launch.spacecraft,
        "program": launch.program,
        "crew": [seat.person.id for seat in launch.crew],
        "aliases": list(launch.aliases),
        "significance": launch.significance,
        "first": list(launch.first),
        "source": launch.source,
        "tag": launch.catalog.tag if launch.catalog else None,
        "failed": launch.catalog.failed if launch.catalog else None,
        **{field: entry["iso"]
           for field, entry in zip(zone_fields(zones), zone_times(launch.at, zones), strict=True)},
    }

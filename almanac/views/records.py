"""Model objects as plain dicts: the field names here are the machine-format contract."""

from __future__ import annotations

from typing import Any

from almanac.domain.model import Event, Instant, Launch, Person, Seat, Site, Source
from almanac.domain.zones import EASTERN_ZONE, iso_local_fast


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
    local = iso_local_fast(instant, zone)
    # Launches from Florida are shown in Eastern time twice over: convert once.
    eastern = local if zone == EASTERN_ZONE else iso_local_fast(instant, EASTERN_ZONE)
    return {
        "utc": instant.iso(),
        "precision": instant.precision.value,
        "local": local,
        "eastern": eastern,
    }


def event_record(event: Event, site_zone: str) -> dict[str, Any]:
    record = {"type": event.type, **times_record(event.at, site_zone)}
    record.pop("local")  # an event happens in orbit or at a landing site, not at the launch site
    record.update(target=event.target, port=event.port, description=event.description,
                  end_utc=event.end.iso() if event.end else None, body=event.body,
                  people=list(event.people), significance=event.significance,
                  first=list(event.first), why=event.why)
    return record


def launch_record(launch: Launch) -> dict[str, Any]:
    """The JSON object of one launch (documented in README, 'Machine output')."""
    return {
        "id": launch.id,
        "name": launch.name,
        "aliases": list(launch.aliases),
        "program": launch.program,
        **times_record(launch.at, launch.site.zone),
        "site": site_record(launch.site),
        "pad": launch.pad,
        "vehicle": launch.vehicle,
        "spacecraft": launch.spacecraft,
        "crewed": launch.crewed,
        "crew": [seat_record(seat, launch) for seat in launch.crew],
        "expeditions": list(launch.expeditions),
        "events": [event_record(e, launch.site.zone) for e in launch.events],
        "notes": launch.notes,
        "significance": launch.significance,
        "first": list(launch.first),
        "why": launch.why,
        "sources": [source_record(s) for s in launch.sources],
    }


LAUNCH_ROW_FIELDS = ("id", "name", "utc", "precision", "local", "eastern", "site", "pad", "vehicle",
                     "spacecraft", "program", "crew", "aliases", "significance", "first")


def launch_row(launch: Launch) -> dict[str, Any]:
    """One flat row per launch, for csv/tsv and listings."""
    return {
        "id": launch.id,
        "name": launch.name,
        **times_record(launch.at, launch.site.zone),
        "site": launch.site.id,
        "pad": launch.pad,
        "vehicle": launch.vehicle,
        "spacecraft": launch.spacecraft,
        "program": launch.program,
        "crew": [seat.person.id for seat in launch.crew],
        "aliases": list(launch.aliases),
        "significance": launch.significance,
        "first": list(launch.first),
    }

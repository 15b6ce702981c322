"""Labelled details of one record: the one layout that plain text and the rich table share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from almanac.domain.model import SIGNIFICANCE_WORDS, Event, Instant, Launch
from almanac.domain.zones import EASTERN_ZONE, ZoneSpec, abbreviation, in_zone, quoted_zones, show_in, zone_of
from almanac.output.safe import printable


@dataclass
class Section:
    """A table within a detail; ``line`` writes one row as plain text (default: the cells
    two spaces apart), ``empty`` is what to say when it has no rows (nothing by default)."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    empty: str | None = None
    line: Callable[[list[str]], str] | None = None


@dataclass
class Detail:
    """A title, labelled fields, then sections, then sources."""

    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def when(instant: Instant, zone_name: str | ZoneSpec | None = None) -> str:
    """'2025-07-04 00:32:40 +05 (Friday)' at the instant's precision; UTC when no zone (an
    IANA name, or a zone as the user named it)."""
    p = instant.precision.value
    doubt = " (uncertain)" if instant.uncertain else ""
    if p == "month":
        return instant.utc.strftime("%B %Y") + " (month known, UTC)" + doubt
    if p == "day":
        return instant.utc.strftime("%Y-%m-%d (%A)") + " (date known, UTC)" + doubt
    try:
        if isinstance(zone_name, ZoneSpec):
            local = show_in(instant.utc, zone_name)
        else:
            local = in_zone(instant, zone_name) if zone_name else instant.utc
    except OverflowError:  # past year 9999 in that zone: no dataset holds such a time (UTC then)
        local, zone_name = instant.utc, None
    clock = "%H:%M:%S" if p == "second" else "%H:%M"
    label = abbreviation(local) if zone_name else "UTC"
    return local.strftime(f"%Y-%m-%d {clock}") + f" {label} ({local.strftime('%A')})" + doubt


def significance_text(level: int, first: tuple[str, ...], why: str | None) -> str:
    """'landmark: first human in orbit' or 'notable'."""
    reason = "; ".join(first) or why
    return SIGNIFICANCE_WORDS[level] + (f": {reason}" if reason else "")


def event_what(event: Event, target_name: Callable[[str], str], person_name: Callable[[str], str]) -> str:
    """What an event row says beside its time and type."""
    parts = [event.target and target_name(event.target), event.port and f"({event.port})",
             event.body and f"[{event.body}]",
             event.people and ", ".join(person_name(p) for p in event.people),
             event.description and f"- {event.description}",
             event.end and f"(until {event.end.iso()})",
             event.first and f"first: {'; '.join(event.first)}"]
    return " ".join(x for x in parts if x)


def launch_detail(launch: Launch, target_name: Callable[[str], str] = str,
                  person_name: Callable[[str], str] = str,
                  zones: Sequence[ZoneSpec] | None = None) -> Detail:
    """The labelled lines of `almanac launch` for one launch; target_name names event targets.

    The launch and its events are shown in ``zones`` too (`launch --tz`); by default, in
    the zones the launch is quoted in (Moscow time for launches from Russian sites).
    """
    zones = quoted_zones(launch.site) if zones is None else zones
    d = Detail(title=f"{launch.name} ({launch.id})")
    add = d.fields.append
    if launch.aliases:
        add(("Aliases", ", ".join(launch.aliases)))
    if launch.program:
        add(("Program", launch.program))
    add(("Vehicle", launch.vehicle))
    if launch.spacecraft and launch.spacecraft != launch.name:
        add(("Spacecraft", launch.spacecraft))
    site = f"{launch.site.name}, {launch.pad}" if launch.pad else launch.site.name
    add(("Site", f"{site} ({launch.site.country})"))
    add(("Launch (UTC)", when(launch.at)))
    no_local = launch.catalog.no_local_time if launch.catalog else None
    if launch.at.precision.has_clock_time:
        add(("US Eastern", when(launch.at, EASTERN_ZONE)))
        if no_local:
            add(("Site local", f"none: {no_local}; UTC only"))
        else:
            add(("Site local", f"{when(launch.at, launch.site.zone)} [{launch.site.zone}]"))
        for spec in zones:
            add((spec.label, f"{when(launch.at, spec)} [{zone_of(spec)}]"))
    if launch.catalog is not None:
        outcome = "failure" if launch.catalog.failed else "success"
        add(("Outcome", f"{outcome} (GCAT launch code {launch.catalog.code})"))
    add(("Significance", significance_text(launch.significance, launch.first, launch.why)))
    if launch.expeditions:
        add(("Expedition", ", ".join(str(n) for n in launch.expeditions)))
    if launch.notes:
        add(("Notes", launch.notes))
    crew = []
    for seat in launch.crew:
        note = ""
        if seat.returned_on:
            note = f"landed on {seat.returned_on}"
        elif seat.returned_unknown:
            note = "landed on another flight"
        crew.append([seat.person.name, seat.role, seat.agency or seat.person.agency or "", note])
    d.sections.append(Section("Crew", ["Name", "Role", "Agency", "Note"], crew, "Crew: none (uncrewed)",
                              line=_seat_line))
    events = [[when(e.at), *(_clock_in(e.at, spec) for spec in zones), e.type,
               event_what(e, target_name, person_name)] for e in launch.events]
    d.sections.append(Section("Events", ["When (UTC)", *(spec.label for spec in zones), "Event", "What"],
                              events))
    d.sources = [f"{s.url}" + (f" ({s.note})" if s.note else "") for s in launch.sources]
    if launch.catalog is not None:
        d.sections.append(Section("Payloads", ["Payload"], [[p] for p in launch.catalog.payloads]))
        from almanac.catalog import ATTRIBUTION

        add(tuple(ATTRIBUTION.split(": ", 1)))  # ('Data', 'GCAT (J. McDowell, ...), CC BY 4.0')
    return d


def _clock_in(instant: Instant, spec: ZoneSpec) -> str:
    """An event's time in a zone of `launch --tz`, '2025-07-06 00:25 MSK' (the weekday is in
    the UTC column: a table stays narrow); '-' when only its date is known."""
    if not instant.precision.has_clock_time:
        return "-"
    local = show_in(instant.utc, spec)
    clock = "%H:%M:%S" if instant.precision.value == "second" else "%H:%M"
    return local.strftime(f"%Y-%m-%d {clock}") + f" {abbreviation(local)}"


def _seat_line(row: list[str]) -> str:
    name, role, agency, note = row
    return ", ".join(x for x in (name, role, agency) if x) + (f" ({note})" if note else "")


def detail_text(d: Detail) -> str:
    """Plain text, for pipes and NO_COLOR terminals: stable, no colour, no wrapping."""
    width = max((len(label) for label, _ in d.fields), default=0) + 1
    lines = [d.title]
    lines += [f"  {label + ':':<{width}} {value}" for label, value in d.fields]
    for section in d.sections:
        if not section.rows:
            if section.empty:
                lines.append(f"  {section.empty}")
            continue
        lines.append(f"  {section.title}:")
        line = section.line or (lambda row: "  ".join(row).rstrip())
        lines += [f"    {line(row)}" for row in section.rows]
    if d.sources:
        lines.append("  Sources:")
        lines += [f"    {s}" for s in d.sources]
    return printable("\n".join(lines) + "\n")

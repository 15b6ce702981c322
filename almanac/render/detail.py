"""A launch as labelled lines: the one layout that plain text and the rich table share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Instant, Launch
from ..zones import EASTERN_ZONE, abbreviation, in_zone
from .safe import printable


@dataclass
class Detail:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    crew: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, role, agency, note
    events: list[tuple[str, str, str]] = field(default_factory=list)  # when (UTC), type, what
    sources: list[str] = field(default_factory=list)


def when(instant: Instant, zone_name: str | None = None) -> str:
    """'2025-07-04 00:32:40 +05 (Friday)' at the instant's precision; UTC when no zone."""
    p = instant.precision.value
    if p == "month":
        return instant.utc.strftime("%B %Y") + " (month known, UTC)"
    if p == "day":
        return instant.utc.strftime("%Y-%m-%d (%A)") + " (date known, UTC)"
    local = in_zone(instant, zone_name) if zone_name else instant.utc
    clock = "%H:%M:%S" if p == "second" else "%H:%M"
    label = abbreviation(local) if zone_name else "UTC"
    return local.strftime(f"%Y-%m-%d {clock}") + f" {label} ({local.strftime('%A')})"


def launch_detail(launch: Launch, target_name: Callable[[str], str] = str) -> Detail:
    """The labelled lines of `almanac launch` for one launch; target_name names event targets."""
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
    if launch.at.precision.has_clock_time:
        add(("US Eastern", when(launch.at, EASTERN_ZONE)))
        add(("Site local", f"{when(launch.at, launch.site.zone)} [{launch.site.zone}]"))
    if launch.expeditions:
        add(("Expedition", ", ".join(str(n) for n in launch.expeditions)))
    if launch.notes:
        add(("Notes", launch.notes))
    for seat in launch.crew:
        note = ""
        if seat.returned_on:
            note = f"landed on {seat.returned_on}"
        elif seat.returned_unknown:
            note = "landed on another flight"
        d.crew.append((seat.person.name, seat.role, seat.agency or seat.person.agency, note))
    for event in launch.events:
        what = " ".join(x for x in (
            event.target and target_name(event.target),
            event.port and f"({event.port})",
            event.description and f"- {event.description}",
        ) if x)
        d.events.append((when(event.at), event.type, what))
    d.sources = [f"{s.url}" + (f" ({s.note})" if s.note else "") for s in launch.sources]
    return d


def detail_text(d: Detail) -> str:
    """Plain text, for pipes and NO_COLOR terminals: stable, no colour, no wrapping."""
    width = max((len(label) for label, _ in d.fields), default=0) + 1
    lines = [d.title]
    lines += [f"  {label + ':':<{width}} {value}" for label, value in d.fields]
    lines.append("  Crew:" if d.crew else "  Crew: none (uncrewed)")
    for name, role, agency, note in d.crew:
        seat = ", ".join(x for x in (name, role, agency) if x)
        lines.append(f"    {seat}" + (f" ({note})" if note else ""))
    if d.events:
        lines.append("  Events:")
        lines += [f"    {t}  {kind}  {what}".rstrip() for t, kind, what in d.events]
    lines.append("  Sources:")
    lines += [f"    {s}" for s in d.sources]
    return printable("\n".join(lines) + "\n")

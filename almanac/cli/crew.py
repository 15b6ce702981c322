"""`almanac crew` (rosters, expeditions, who was aboard a station) and `almanac person`."""

from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer

from ..errors import UsageError
from .app import (
    Format,
    FormatOption,
    HeaderOption,
    app,
    choose_format,
    complete_launch_ids,
    console,
    emit_rows,
    parse_date,
    read_ids,
    state,
)

CREW_FORMATS = (Format.table, Format.json, Format.jsonl, Format.csv, Format.tsv)
PERSON_FORMATS = (Format.table, Format.text, Format.json, Format.jsonl, Format.csv, Format.tsv)

def note(message: str) -> None:
    sys.stderr.write(f"almanac: note: {message}\n")


@app.command()
def crew(
    ctx: typer.Context,
    launches: Annotated[Optional[list[str]], typer.Argument(
        metavar="LAUNCH", show_default=False,
        help="Launch ids, names or aliases ('-' reads them from standard input).",
        autocompletion=complete_launch_ids)] = None,
    expedition: Annotated[Optional[int], typer.Option(
        "--expedition", "-e", metavar="N", min=1,
        help="Everyone who served on ISS Expedition N, with the flight that brought them.")] = None,
    aboard: Annotated[Optional[str], typer.Option(
        "--aboard", metavar="STATION", help="Who was aboard this station (id or name) on --on DATE.")] = None,
    on: Annotated[Optional[str], typer.Option(
        "--on", metavar="DATE",
        help="UTC date for --aboard, YYYY-MM-DD; any part of the day counts.")] = None,
    fmt: FormatOption = None,
    header: HeaderOption = True,
) -> None:
    """Crew rosters: of launches, of an ISS expedition, or of a station on a date."""
    day = parse_date(on, "--on") if on is not None else None
    modes = [m for m, given in (("LAUNCH", bool(launches)), ("--expedition", expedition is not None),
                                ("--aboard", aboard is not None)) if given]
    if aboard is not None and day is None:
        raise UsageError("--aboard STATION needs --on DATE")
    if day is not None and aboard is None:
        raise UsageError("--on DATE needs --aboard STATION")
    if not modes:
        raise UsageError("give a LAUNCH, --expedition N, or --aboard STATION --on DATE")
    if len(modes) > 1:
        raise UsageError(f"give only one of LAUNCH, --expedition and --aboard (got {' and '.join(modes)})")
    fmt_name = choose_format(fmt, CREW_FORMATS, pipe_default=Format.tsv)
    dataset = state(ctx).dataset()
    from .. import people

    if launches:
        ids = read_ids(launches)
        if not ids:
            raise UsageError("no launch ids on standard input")
        _show_rosters(ctx, fmt_name, header, dataset, ids)
    elif expedition is not None:
        members = people.expedition_crew(dataset, expedition)
        rows = [expedition_row(expedition, m) for m in members]
        emit_rows(ctx, fmt_name, rows, fields=EXPEDITION_FIELDS, header=header,
                  title=f"ISS Expedition {expedition}", table=lambda: (
                      ["Name", "Role", "Agency", "Country", "Arrived on", "Launched", "Returned on"],
                      [[m.person.name, m.role, m.agency, m.person.country, m.launch.name,
                        _day(m.launch.at), _returned_label(m)] for m in members]))
    else:
        station = people.find_station(dataset, aboard)
        answer = people.aboard_on(dataset, station, day)
        _show_aboard(ctx, fmt_name, header, answer)


def _show_rosters(ctx: typer.Context, fmt_name: str, header: bool, dataset, ids: list[str]) -> None:
    from .. import people
    from ..queries import find_launches

    found = find_launches(dataset, ids)  # every id is checked before any output
    rosters = [(launch, people.roster(dataset, launch)) for launch in found]
    for launch, members in rosters:
        if not members:
            note(f"{launch.id} ({launch.name}) carried no crew")
    if fmt_name != "table":
        rows = [roster_row(m) for _, members in rosters for m in members]
        emit_rows(ctx, fmt_name, rows, fields=ROSTER_FIELDS, header=header)
        return
    for launch, members in rosters:
        if members:
            emit_rows(ctx, fmt_name, [], title=f"{launch.name} ({launch.id}) crew", table=lambda m=members: (
                ["#", "Name", "Role", "Agency", "Country", "Note"],
                [[x.position, x.person.name, x.role, x.agency, x.person.country, _landed_note(x)]
                 for x in m]))


def _show_aboard(ctx: typer.Context, fmt_name: str, header: bool, answer) -> None:
    station, day = answer.station, answer.day
    for stay in answer.unknown:
        note(f"cannot tell whether {stay.member.person.name} ({stay.member.launch.id}) was aboard "
             f"{station.id} on {day}: {'; '.join(stay.gaps)}")
    if not answer.aboard and not answer.unknown:
        note(f"the dataset has no one aboard {station.name} ({station.id}) on {day}")
    stays = [*answer.aboard, *answer.unknown]
    rows = [aboard_row(answer, s, "aboard") for s in answer.aboard]
    rows += [aboard_row(answer, s, "unknown") for s in answer.unknown]
    def table():
        # The status column only appears when some stay is unknown, to keep the usual table narrow.
        headers = ["Name", "Role", "Agency", "Arrived on", "Docked", "Leaving on", "Undocked"]
        body = [[s.member.person.name, s.member.role, s.member.agency, s.member.launch.name,
                 _day(s.arrival and s.arrival.at),
                 s.leaving_on.name if s.leaving_on else "(outside the dataset)",
                 _day(s.departure and s.departure.at)] for s in stays]
        if answer.unknown:
            headers.append("Status")
            for line, row in zip(body, rows, strict=True):
                line.append(row["status"])
        return headers, body

    emit_rows(ctx, fmt_name, rows, fields=ABOARD_FIELDS, header=header, table=table,
              title=f"Aboard {station.name} on {day} (any part of the UTC day)")


@app.command()
def person(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(
        metavar="QUERY", help="Person id or name, in Latin or native script; part of a name will do.")],
    fmt: FormatOption = None,
    header: HeaderOption = True,
) -> None:
    """One person's flights in order, with roles, launch and landing, and time in space."""
    fmt_name = choose_format(fmt, PERSON_FORMATS, pipe_default=Format.text)
    dataset = state(ctx).dataset()
    from .. import people

    found = people.career(dataset, people.find_person(dataset, query))
    rows = [flight_row(f) for f in found.flights]
    if fmt_name == "json":
        from ..render.formats import write_json

        write_json(career_record(found, rows), sys.stdout)
    elif fmt_name in ("text", "table"):
        fields, flights = person_lines(found)
        if fmt_name == "text":
            sys.stdout.write(person_text(found.person.name, fields, flights))
        else:
            _person_table(ctx, found.person.name, fields, flights)
    else:
        emit_rows(ctx, fmt_name, rows, fields=FLIGHT_FIELDS, header=header)


# --- render: row dicts (the machine-format contract, docs/crew.md) and human layouts ---------

ROSTER_FIELDS = ("launch", "launch_name", "seat", "person", "name", "native_name", "role", "agency",
                 "country", "expeditions", "returned_on", "returned_elsewhere")
EXPEDITION_FIELDS = ("expedition", "person", "name", "native_name", "role", "agency", "country",
                     "launch", "launch_name", "launched", "returned_on")
ABOARD_FIELDS = ("station", "date", "status", "person", "name", "role", "agency", "country",
                 "arrived_on", "arrived", "leaving_on", "left", "missing")
FLIGHT_FIELDS = ("person", "launch", "launch_name", "role", "agency", "expeditions", "launched",
                 "returned_on",
                 "returned_on_name", "landed", "time_in_space", "time_in_space_seconds",
                 "time_in_space_precision", "note")


def _person_fields(member) -> dict[str, Any]:
    p = member.person
    return {"person": p.id, "name": p.name, "native_name": p.native_name, "role": member.role,
            "agency": member.agency, "country": p.country}


def roster_row(member) -> dict[str, Any]:
    fields = _person_fields(member)
    return {"launch": member.launch.id, "launch_name": member.launch.name, "seat": member.position,
            **fields, "expeditions": list(member.expeditions),
            "returned_on": member.returned_on.id if member.returned_on else None,
            "returned_elsewhere": member.landed_elsewhere}


def expedition_row(number: int, member) -> dict[str, Any]:
    return {"expedition": number, **_person_fields(member), "launch": member.launch.id,
            "launch_name": member.launch.name, "launched": member.launch.at.iso(),
            "returned_on": member.returned_on.id if member.returned_on else None}


def aboard_row(answer, stay, status: str) -> dict[str, Any]:
    member = stay.member
    fields = _person_fields(member)
    del fields["native_name"]
    return {"station": answer.station.id, "date": answer.day.isoformat(), "status": status, **fields,
            "arrived_on": member.launch.id, "arrived": stay.arrival and stay.arrival.at.iso(),
            "leaving_on": stay.leaving_on.id if stay.leaving_on else None,
            "left": stay.departure and stay.departure.at.iso(),
            "missing": "; ".join(stay.gaps) if status == "unknown" else None}


def _duration_record(duration) -> dict[str, Any] | None:
    from ..people import format_duration

    if duration is None:
        return None
    return {"seconds": duration.seconds, "text": format_duration(duration),
            "precision": duration.precision.value}


def flight_row(flight) -> dict[str, Any]:
    m = flight.member
    spent = _duration_record(flight.time_in_space) or {}
    return {"person": m.person.id, "launch": m.launch.id, "launch_name": m.launch.name, "role": m.role,
            "agency": m.agency,
            "expeditions": list(m.expeditions), "launched": m.launch.at.iso(),
            "returned_on": m.returned_on.id if m.returned_on else None,
            "returned_on_name": m.returned_on.name if m.returned_on else None,
            "landed": flight.landing.at.iso() if flight.landing else None,
            "time_in_space": spent.get("text"), "time_in_space_seconds": spent.get("seconds"),
            "time_in_space_precision": spent.get("precision"), "note": flight.note}


def career_record(found, rows: list[dict[str, Any]]) -> dict[str, Any]:
    p = found.person
    return {"id": p.id, "name": p.name, "native_name": p.native_name, "aliases": list(p.aliases),
            "agency": p.agency, "country": p.country, "flights": rows,
            "time_in_space_total": _duration_record(found.total),
            "time_in_space_complete": found.complete}


def _landed_note(member) -> str:
    if member.returned_outside:
        return "landed on a flight outside the dataset"
    if member.landed_elsewhere:
        return f"landed on {member.returned_on.name} ({member.returned_on.id})"
    return ""


def _day(instant) -> str:
    """The UTC date of an instant (its month when only that is known), for narrow table cells."""
    if instant is None:
        return ""
    return instant.iso()[:10]


def _returned_label(member) -> str:
    if member.returned_on is None:
        return "(outside the dataset)"
    return member.returned_on.name


def person_lines(found) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """The labelled fields and flight rows (launch, role, launched, landed, landed on, time in
    space, note) that the text and table layouts share."""
    from ..people import format_duration

    p = found.person
    fields = [("Id", p.id)]
    if p.native_name:
        fields.append(("Native name", p.native_name))
    if p.aliases:
        fields.append(("Aliases", ", ".join(p.aliases)))
    fields += [("Agency", p.agency or "not recorded"), ("Country", p.country)]
    if found.total is None:
        total = "unknown"
    else:
        total = format_duration(found.total)
        if not found.complete:
            known = sum(f.time_in_space is not None for f in found.flights)
            total = f"at least {total} (known for {known} of {len(found.flights)} flights)"
    fields.append(("Time in space", total))
    flights = []
    for f in found.flights:
        m = f.member
        flights.append([
            m.launch.name, m.role, _clock(m.launch.at), _clock(f.landing.at) if f.landing else "unknown",
            m.returned_on.name if m.returned_on else "a flight outside the dataset",
            format_duration(f.time_in_space) if f.time_in_space else "unknown", f.note or ""])
    return fields, flights


def _clock(instant) -> str:
    # A space, not ISO's T, so that a narrow table cell wraps between date and time.
    return instant.iso().replace("T", " ")


FLIGHT_HEADERS = ["Launch", "Role", "Launched (UTC)", "Landed (UTC)", "Landed on", "Time in space", "Note"]


def person_text(name: str, fields: list[tuple[str, str]], flights: list[list[str]]) -> str:
    """Plain text for pipes: stable, no colour, no wrapping."""
    width = max(len(label) for label, _ in fields) + 1
    lines = [name, *(f"  {label + ':':<{width}} {value}" for label, value in fields),
             f"  Flights ({len(flights)}):"]
    for launch, role, up, down, on, spent, why in flights:
        landed = f"landed {down} on {on}" if down != "unknown" else "landing unknown"
        lines.append(f"    {launch}, {role}: launched {up}, {landed}; time in space {spent}"
                     + (f" ({why})" if why else ""))
    from ..render.safe import printable

    return printable("\n".join(lines) + "\n")


def _person_table(ctx: typer.Context, name: str, fields: list[tuple[str, str]],
                  flights: list[list[str]]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ..render.table import rows_table

    out = console(ctx)
    from ..render.safe import printable

    grid = Table(box=box.SIMPLE_HEAD, show_header=False, title=Text(printable(name), style="bold"),
                 title_justify="left", pad_edge=False)
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column()
    for label, value in fields:
        grid.add_row(Text(label), Text(printable(value)))
    out.print(grid)
    # The note column only when some flight has one, to keep the usual table narrow.
    noted = any(row[-1] for row in flights)
    headers = FLIGHT_HEADERS if noted else FLIGHT_HEADERS[:-1]
    out.print(rows_table(headers, [row if noted else row[:-1] for row in flights],
                         title=f"Flights ({len(flights)})"))

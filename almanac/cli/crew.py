"""`almanac crew` (rosters, expeditions, who was aboard a station) and `almanac person`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from almanac.cli.shared import (
    HeaderOption,
    OutputOption,
    app,
    choose_format,
    complete_launch_ids,
    emit,
    format_option,
    parse_date,
    read_ids,
    refuse_table_output,
    state,
    write_to,
)
from almanac.domain.model import EARLIEST_YEAR, LATEST_YEAR
from almanac.errors import UsageError
from almanac.output.formats import Listing
from almanac.output.terminal import note

CrewFormat = format_option("table", "json", "jsonl", "csv", "excel", "tsv")
PersonFormat = format_option("table", "text", "json", "jsonl", "csv", "excel", "tsv")


@app.command("crew", short_help='Crews: of launches, an expedition, a station.')
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
    fmt: CrewFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """Crew rosters: of launches, of an ISS expedition, or of a station on a date."""
    day = parse_date(on, "--on") if on is not None else None
    if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise UsageError(f"--on {day.isoformat()}: a dataset's times lie in {EARLIEST_YEAR}-{LATEST_YEAR}")
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
    fmt_name = choose_format(fmt, pipe_default="tsv")
    dataset = state(ctx).dataset()
    from almanac.domain import people

    if launches:
        ids = read_ids(launches)
        if not ids:
            raise UsageError("no launch ids on standard input")
        _show_rosters(ctx, fmt_name, header, dataset, ids, output)
    elif expedition is not None:
        members = people.expedition_crew(dataset, expedition)
        rows = [expedition_row(expedition, m) for m in members]
        emit(ctx, fmt_name, Listing(EXPEDITION_FIELDS, rows, title=f"ISS Expedition {expedition}", columns=[
            ("Name", "name"), ("Role", "role"), ("Agency", "agency"), ("Country", "country"),
            ("Arrived on", "launch_name"), ("Launched", lambda r: r["launched"][:10]),
            ("Returned on", lambda r: r["returned_on"] or "(outside the dataset)")]), header=header,
            output=output)
    else:
        station = people.find_station(dataset, aboard)
        answer = people.aboard_on(dataset, station, day)
        _show_aboard(ctx, fmt_name, header, answer, output)


def _show_rosters(ctx: typer.Context, fmt_name: str, header: bool, dataset, ids: list[str],
                  output: Path | None) -> None:
    from almanac.domain import people
    from almanac.domain.queries import find_launches

    found = find_launches(dataset, ids)  # every id is checked before any output
    rosters = [(launch, people.roster(dataset, launch)) for launch in found]
    for launch, members in rosters:
        if not members:
            note(f"{launch.id} ({launch.name}) carried no crew")
    if fmt_name != "table":
        rows = [roster_row(m) for _, members in rosters for m in members]
        emit(ctx, fmt_name, Listing(ROSTER_FIELDS, rows), header=header, output=output)
        return
    for launch, members in rosters:
        if members:
            rows = [{**roster_row(m), "note": _landed_note(m)} for m in members]
            title = f"{launch.name} ({launch.id}) crew"
            emit(ctx, fmt_name, Listing(ROSTER_FIELDS, rows, title=title, columns=[
                ("#", "seat"), ("Name", "name"), ("Role", "role"), ("Agency", "agency"),
                ("Country", "country"), ("Note", "note")]))


def _show_aboard(ctx: typer.Context, fmt_name: str, header: bool, answer, output: Path | None) -> None:
    station, day = answer.station, answer.day
    for stay in answer.unknown:
        note(f"cannot tell whether {stay.member.person.name} ({stay.member.launch.id}) was aboard "
             f"{station.id} on {day}: {'; '.join(stay.gaps)}")
    if not answer.aboard and not answer.unknown:
        note(f"the dataset has no one aboard {station.name} ({station.id}) on {day}")
    rows = [aboard_row(answer, s, "aboard") for s in answer.aboard]
    rows += [aboard_row(answer, s, "unknown") for s in answer.unknown]
    stays = [*answer.aboard, *answer.unknown]
    names = {s.member.launch.id: s.member.launch.name for s in stays}
    names.update({s.leaving_on.id: s.leaving_on.name for s in stays if s.leaving_on})
    columns = [("Name", "name"), ("Role", "role"), ("Agency", "agency"),
               ("Arrived on", lambda r: names[r["arrived_on"]]),
               ("Docked", lambda r: (r["arrived"] or "")[:10]),
               ("Leaving on", lambda r: names.get(r["leaving_on"], "(outside the dataset)")),
               ("Undocked", lambda r: (r["left"] or "")[:10])]
    if answer.unknown:  # the status column only when some stay is unknown, to keep the table narrow
        columns.append(("Status", "status"))
    emit(ctx, fmt_name, Listing(ABOARD_FIELDS, rows, columns=columns,
                                title=f"Aboard {station.name} on {day} (any part of the UTC day)"),
         header=header, output=output)


@app.command("person", short_help="One person's flights and time in space.")
def person(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(
        metavar="QUERY", help="Person id or name, in Latin or native script; part of a name will do.")],
    fmt: PersonFormat = None,
    header: HeaderOption = True,
    output: OutputOption = None,
) -> None:
    """One person's flights in order, with roles, launch and landing, and time in space."""
    fmt_name = choose_format(fmt, pipe_default="text")
    dataset = state(ctx).dataset()
    from almanac.domain import people

    found = people.career(dataset, people.find_person(dataset, query))
    rows = [flight_row(f) for f in found.flights]
    if fmt_name == "json":
        from almanac.output.formats import write_json

        record = career_record(found, rows)
        write_to(output, lambda stream: write_json(record, stream))
    elif fmt_name in ("text", "table"):
        detail = person_detail(found)
        if fmt_name == "text":
            from almanac.views.detail import detail_text

            write_to(output, lambda stream: stream.write(detail_text(detail)))
        else:
            from almanac.output.table import print_details

            refuse_table_output(output)
            print_details([detail], no_color=state(ctx).no_color)
    else:
        emit(ctx, fmt_name, Listing(FLIGHT_FIELDS, rows), header=header, output=output)


# --- render: row dicts (the machine-format contract, docs/crew.md) and human layouts ---------

ROSTER_FIELDS = ("launch", "launch_name", "seat", "person", "name", "native_name", "role", "agency",
                 "country", "expeditions", "returned_on", "returned_elsewhere")
EXPEDITION_FIELDS = ("expedition", "person", "name", "native_name", "role", "agency", "country",
                     "launch", "launch_name", "launched", "returned_on")
ABOARD_FIELDS = ("station", "date", "status", "person", "name", "role", "agency", "country",
                 "arrived_on", "arrived", "leaving_on", "left", "missing")
FLIGHT_FIELDS = ("person", "launch", "launch_name", "role", "agency", "expeditions", "launched",
                 "returned_on",
                 "returned_on_name", "landed", "lost", "ended", "time_in_space", "time_in_space_seconds",
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
    from almanac.domain.people import format_duration

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
            "lost": flight.lost is not None,
            "ended": flight.end.at.iso() if flight.end else None,
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


def person_detail(found):
    """A person's labelled fields and flights (launch, role, launched, landed, landed on, time
    in space, note), for the text and table layouts."""
    from almanac.domain.people import format_duration
    from almanac.views.detail import Detail, Section

    p = found.person
    d = Detail(title=p.name, fields=[("Id", p.id)])
    if p.native_name:
        d.fields.append(("Native name", p.native_name))
    if p.aliases:
        d.fields.append(("Aliases", ", ".join(p.aliases)))
    d.fields += [("Agency", p.agency or "not recorded"), ("Country", p.country)]
    if found.total is None:
        total = "unknown"
    else:
        total = format_duration(found.total)
        if not found.complete:
            known = sum(f.time_in_space is not None for f in found.flights)
            total = f"at least {total} (known for {known} of {len(found.flights)} flights)"
    d.fields.append(("Time in space", total))
    flights = []
    for f in found.flights:
        m = f.member
        if f.lost is not None:  # a crew that was lost: said plainly, with what happened
            if f.end is f.lost:
                ended = f"lost {_clock(f.lost.at)}"
                counted = None
            else:  # the loss is known only to its day: time in space runs to the landing
                ended = _clock(f.landing.at) if f.landing else "unknown"
                counted = "time in space counted to the landing"
            note_text = "; ".join(x for x in (f.lost.description, counted, f.note) if x)
        else:
            ended = _clock(f.landing.at) if f.landing else "unknown"
            note_text = f.note or ""
        flights.append([
            m.launch.name, m.role, _clock(m.launch.at), ended,
            m.returned_on.name if m.returned_on else "a flight outside the dataset",
            format_duration(f.time_in_space) if f.time_in_space else "unknown", note_text])
    headers = FLIGHT_HEADERS if any(row[-1] for row in flights) else FLIGHT_HEADERS[:-1]
    d.sections.append(Section(f"Flights ({len(flights)})", headers,
                              [row[:len(headers)] for row in flights], line=_flight_line))
    return d


def _flight_line(row: list[str]) -> str:
    launch, role, up, down, on, spent, *why = row
    if down.startswith("lost"):
        landed = f"{down} on {on}"
    else:
        landed = f"landed {down} on {on}" if down != "unknown" else "landing unknown"
    note_text = why[0] if why else ""
    return (f"{launch}, {role}: launched {up}, {landed}; time in space {spent}"
            + (f" ({note_text})" if note_text else ""))


def _clock(instant) -> str:
    # A space, not ISO's T, so that a narrow table cell wraps between date and time.
    return instant.iso().replace("T", " ")


FLIGHT_HEADERS = ["Launch", "Role", "Launched (UTC)", "Landed or lost (UTC)", "Flight", "Time in space",
                  "Note"]

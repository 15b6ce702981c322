"""Write a deterministic synthetic dataset for benchmarks: 10,000 launches by default.

    python bench/make_dataset.py /tmp/big.yaml [--launches 10000] [--seed 7]

The same arguments always give the same bytes. The file passes `almanac validate`: 50 sites
in real IANA zones, 3,000 people, crews (some landing on another flight or outside the
dataset), station dockings, landings, expeditions, and times at every precision.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

# 50 sites, each in a real zone, several with DST rules and a few with odd offsets.
ZONES = (
    "Asia/Qyzylorda", "Europe/Moscow", "Asia/Yakutsk", "America/New_York", "America/Los_Angeles",
    "America/Cayenne", "Asia/Shanghai", "Asia/Tokyo", "Asia/Kolkata", "Pacific/Auckland",
    "Asia/Jerusalem", "Asia/Tehran", "Asia/Seoul", "Australia/Adelaide", "America/Sao_Paulo",
    "Europe/London", "Europe/Paris", "Europe/Oslo", "Atlantic/Azores", "Africa/Nairobi",
    "Asia/Kathmandu", "Australia/Darwin", "America/Chicago", "America/Denver", "Pacific/Honolulu",
    "Asia/Karachi", "Europe/Istanbul", "America/Anchorage", "Pacific/Kwajalein", "Asia/Dubai",
    "America/Halifax", "America/St_Johns", "Asia/Singapore", "Asia/Jakarta", "Asia/Manila",
    "Europe/Madrid", "Europe/Rome", "Europe/Stockholm", "America/Mexico_City", "America/Bogota",
    "America/Lima", "America/Argentina/Buenos_Aires", "Africa/Johannesburg", "Africa/Cairo",
    "Asia/Novosibirsk", "Asia/Omsk", "Asia/Vladivostok", "Asia/Kamchatka", "Indian/Maldives",
    "Pacific/Chatham",
)
COUNTRIES = ("KZ", "RU", "RU", "US", "US", "FR", "CN", "JP", "IN", "NZ", "IL", "IR", "KR", "AU",
             "BR", "GB", "FR", "NO", "PT", "KE", "NP", "AU", "US", "US", "US", "PK", "TR", "US",
             "MH", "AE", "CA", "CA", "SG", "ID", "PH", "ES", "IT", "SE", "MX", "CO", "PE", "AR",
             "ZA", "EG", "RU", "RU", "RU", "RU", "MV", "NZ")
STATIONS = (("iss", "International Space Station", ["ISS"]), ("mir", "Mir", ["Мир"]),
            ("salyut-6", "Salyut 6", ["Салют-6"]), ("salyut-7", "Salyut 7", ["Салют-7"]),
            ("tiangong", "Tiangong", ["CSS", "天宫"]), ("skylab", "Skylab", []))
# program, vehicle, crewed share, station it usually visits (None: none), weight
PROGRAMS = (
    ("Soyuz", "Soyuz-2.1a", 0.9, "iss", 5), ("Progress", "Soyuz-2.1a", 0.0, "iss", 5),
    ("Shuttle", "Space Shuttle", 0.95, "iss", 4), ("Crew Dragon", "Falcon 9", 1.0, "iss", 2),
    ("Cargo Dragon", "Falcon 9", 0.0, "iss", 3), ("Shenzhou", "Long March 2F", 1.0, "tiangong", 2),
    ("Tianzhou", "Long March 7", 0.0, "tiangong", 2), ("Starlink", "Falcon 9", 0.0, None, 20),
    ("Kosmos", "Soyuz-U", 0.0, None, 20), ("Molniya", "Molniya-M", 0.0, None, 8),
    ("GPS", "Delta II", 0.0, None, 6), ("Intelsat", "Ariane 5", 0.0, None, 8),
    ("Cygnus", "Antares", 0.0, "iss", 3), ("HTV", "H-IIB", 0.0, "iss", 2),
    ("Gaganyaan", "LVM3", 0.5, None, 1), ("Electron", "Electron", 0.0, None, 9),
)
FIRST = ("Anna", "Boris", "Chen", "Dmitri", "Elena", "Frank", "Gita", "Hiro", "Ivan", "Jun",
         "Karen", "Luca", "Maria", "Nikolai", "Olga", "Pedro", "Qing", "Raj", "Sofia", "Tomas",
         "Uma", "Viktor", "Wei", "Xenia", "Yuri", "Zoe", "Aleksei", "Beatriz", "Claude", "Dana",
         "Emeka", "Fatima", "Gustav", "Hana", "Ilya", "Jessica", "Kofi", "Leila", "Mikhail", "Nadia")
LAST = ("Ivanov", "Smith", "Wang", "Tanaka", "Garcia", "Müller", "Kowalski", "Nguyen", "Petrova",
        "Okafor", "Haddad", "Rossi", "Novak", "Singh", "Kim", "Johansson", "Silva", "Dubois",
        "Kuznetsov", "Popescu", "Yamamoto", "Andersen", "Costa", "Fischer", "Horvat", "Larsen",
        "Moreau", "Nakamura", "Oliveira", "Pavlov", "Quinn", "Romanenko", "Sato", "Torres",
        "Usmanov", "Volkov", "Weber", "Xu", "Yilmaz", "Zhukov", "Bianchi", "Chatterjee",
        "Delgado", "Eriksen", "Fedorov", "Gallagher", "Hoffmann", "Ishikawa", "Jensen", "Kaur",
        "Lebedev", "Mendoza", "Nilsen", "Orlov", "Park", "Ribeiro", "Sokolov", "Tkachenko")
CYRILLIC = {"Ivanov": "Иванов", "Kuznetsov": "Кузнецов", "Pavlov": "Павлов", "Volkov": "Волков",
            "Zhukov": "Жуков", "Lebedev": "Лебедев", "Orlov": "Орлов", "Sokolov": "Соколов",
            "Fedorov": "Фёдоров", "Romanenko": "Романенко", "Petrova": "Петрова"}
AGENCIES = ("NASA", "Roscosmos", "CNSA", "JAXA", "ESA", "ISRO", "CSA", "SpaceX", "Axiom")
ROLES = ("commander", "pilot", "flight engineer", "mission specialist", "payload specialist")
PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .()/-]*$")
KEYWORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none"}

WEIGHTS = [p[4] for p in PROGRAMS]
START = datetime(1957, 10, 4, tzinfo=UTC)
END = datetime(2026, 6, 30, tzinfo=UTC)


def scalar(value: object) -> str:
    """A YAML scalar: plain when that is unambiguous, else a JSON (double-quoted) string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.match(text) and text.lower() not in KEYWORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items: list) -> str:
    return "[" + ", ".join(scalar(x) for x in items) + "]"


def slug(text: str) -> str:
    table = str.maketrans({"ü": "u", "ö": "o", "é": "e"})
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")


UTC_FORMS = {"second": "%Y-%m-%dT%H:%M:%SZ", "minute": "%Y-%m-%dT%H:%MZ", "day": "%Y-%m-%d",
             "month": "%Y-%m"}


def utc_text(moment: datetime, precision: str) -> str:
    return moment.strftime(UTC_FORMS[precision])


def truncate(moment: datetime, precision: str) -> datetime:
    if precision == "minute":
        return moment.replace(second=0)
    if precision == "day":
        return moment.replace(hour=0, minute=0, second=0)
    if precision == "month":
        return moment.replace(day=1, hour=0, minute=0, second=0)
    return moment


def make(launches: int = 10_000, people: int = 3_000, seed: int = 7) -> str:
    """The dataset text."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    out: list[str] = [
        "# Synthetic almanac dataset for benchmarks (bench/make_dataset.py); not real history.",
        "schema_version: 1", "", "sites:"]
    site_ids = []
    for i, (zone, country) in enumerate(zip(ZONES, COUNTRIES, strict=True)):
        ident = f"site-{i + 1:02d}"
        site_ids.append(ident)
        place = zone.split("/")[-1].replace("_", " ")
        out += [f"  - id: {ident}", f"    name: Launch Complex {i + 1} ({place})",
                f"    country: {scalar(country)}", f"    zone: {zone}",
                f"    aliases: {flow([f'LC{i + 1}'])}",
                "    sources:", f'      - "https://example.org/sites/{ident}"']
    out += ["", "stations:"]
    for ident, name, aliases in STATIONS:
        out += [f"  - id: {ident}", f"    name: {scalar(name)}"]
        if aliases:
            out.append(f"    aliases: {flow(aliases)}")
    out += ["", "people:"]
    person_ids: list[str] = []
    seen_names: set[str] = set()
    for i in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        if name in seen_names:
            name = f"{first} {chr(65 + i % 26)}. {last}"
        if name in seen_names:
            name = f"{first} {last} {i}"
        seen_names.add(name)
        ident = f"{slug(name)}-{i}"
        person_ids.append(ident)
        out += [f"  - id: {ident}", f"    name: {scalar(name)}"]
        if last in CYRILLIC and rng.random() < 0.8:
            out.append(f"    native_name: {scalar(first + ' ' + CYRILLIC[last])}")
        if rng.random() < 0.3:
            out.append(f"    aliases: {flow([f'{first[0]}. {last}'])}")
        out += [f"    agency: {rng.choice(AGENCIES)}", f"    country: {scalar(rng.choice(COUNTRIES))}",
                "    sources:", f'      - "https://example.org/people/{ident}"']

    # Launch times: denser in later years, strictly increasing so ids sort with time.
    span = (END - START).total_seconds()
    moments = sorted(START + timedelta(seconds=int(span * (rng.random() ** 0.7)))
                     for _ in range(launches))
    counters: dict[str, int] = {}
    per_year: dict[int, int] = {}
    plan = []
    for moment in moments:
        program, vehicle, crewed_share, station, _w = rng.choices(PROGRAMS, WEIGHTS)[0]
        counters[program] = counters.get(program, 0) + 1
        per_year[moment.year] = per_year.get(moment.year, 0) + 1
        plan.append((moment, program, vehicle, rng.random() < crewed_share, station,
                     counters[program], per_year[moment.year]))
    crewed_ids_by_program: dict[str, list[str]] = {}
    for _m, program, _v, crewed, _s, n, _y in plan:
        if crewed:
            crewed_ids_by_program.setdefault(program, []).append(f"{slug(program)}-{n}")

    out += ["", "launches:"]
    expedition = 0
    for moment, program, vehicle, crewed, station, n, seq in plan:
        ident = f"{slug(program)}-{n}"
        precision = rng.choices(("second", "minute", "day", "month"), (85, 10, 4, 1))[0]
        at = truncate(moment, precision)
        out += [f"  - id: {ident}", f"    name: {scalar(f'{program} {n}')}",
                f"    aliases: {flow([f'{moment.year}-{seq:03d}A', f'{program} flight {n}'])}",
                f"    program: {scalar(program)}", f'    utc: "{utc_text(at, precision)}"',
                f"    site: {rng.choice(site_ids)}", f"    pad: {scalar(f'Pad {rng.randint(1, 4)}')}",
                f"    vehicle: {scalar(vehicle)}"]
        if crewed:
            size = rng.choice((1, 2, 3, 3, 3, 4, 7))
            own = crewed_ids_by_program[program]
            later = own[own.index(ident) + 1:own.index(ident) + 4]
            long_stay = station == "iss" and moment.year >= 2000
            if long_stay:
                expedition += 1
                out.append(f"    expeditions: [{expedition}]")
            out.append("    crew:")
            for k, pid in enumerate(rng.sample(person_ids, size)):
                out += [f"      - person: {pid}", f"        role: {ROLES[min(k, len(ROLES) - 1)]}"]
                roll = rng.random()
                if long_stay and later and roll < 0.3:
                    out.append(f"        returned_on: {rng.choice(later)}")
                elif roll < 0.33:
                    out.append("        returned_on: null")
        events = []
        if station and precision in ("second", "minute") and moment.year >= 1971:
            target = station if moment.year >= 1998 or station != "iss" else "mir"
            dock = at + timedelta(hours=rng.randint(3, 50), minutes=rng.randint(0, 59))
            port = rng.choice(("Poisk", "Rassvet", "Harmony forward", "Zvezda aft"))
            events.append(("docking", dock, target, port))
            undock = dock + timedelta(days=rng.randint(3, 200), seconds=rng.randint(0, 86399))
            events.append(("undocking", undock, target, None))
            if crewed:
                landing = undock + timedelta(hours=3, minutes=rng.randint(0, 59))
                events.append(("landing", landing, None, None))
            else:
                events.append(("reentry", undock + timedelta(days=1), None, None))
        elif crewed and precision in ("second", "minute"):
            landing = at + timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 23))
            events.append(("landing", landing, None, None))
        if events:
            out.append("    events:")
            for kind, when, target, port in events:
                out += [f"      - type: {kind}", f'        utc: "{when.strftime("%Y-%m-%dT%H:%M:%SZ")}"']
                if target:
                    out.append(f"        target: {target}")
                if port:
                    out.append(f"        port: {scalar(port)}")
        if rng.random() < 0.25:
            note = f"Synthetic record {n} of the {program} series; times are invented."
            out.append(f"    notes: {scalar(note)}")
        out += ["    sources:", f'      - "https://example.org/launches/{ident}"']
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--launches", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    text = make(args.launches, args.people, args.seed)
    args.output.write_text(text, encoding="utf-8")
    sys.stderr.write(f"{args.output}: {len(text.encode()):,} bytes, {args.launches} launches\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

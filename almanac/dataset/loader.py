"""Find, safely load and validate a dataset into the in-memory model."""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shlex
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from almanac.dataset.yaml_reader import Mapping, Sequence, read_yaml
from almanac.domain.model import (
    EARLIEST_YEAR,
    LANDMARK,
    LATEST_YEAR,
    NOTABLE,
    ROUTINE,
    Dataset,
    Event,
    Instant,
    Launch,
    Person,
    Seat,
    Site,
    Source,
    Station,
    within_dataset_years,
)
from almanac.domain.text import fold
from almanac.domain.zones import known_zone
from almanac.errors import DatasetError, Problem

SCHEMA_VERSION = 1
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_MAX_BYTES = 1024 * 1024 * 1024  # the most --max-bytes allows: a dataset is text read whole
_PIECE = 1024 * 1024
ENV_DATA = "ALMANAC_DATA"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EVENT_TYPES = ("docking", "undocking", "landing", "hatch-opening", "berthing", "unberthing",
               "relocation", "reentry", "eva", "surface-landing", "flyby", "orbit-insertion",
               "loss", "end-of-mission", "other")
# What a record's significance is when it does not say (docs/dataset.md): crewed launches are
# notable, uncrewed ones routine; landings on other worlds and flybys are notable, a loss is a
# landmark, and the comings and goings at a station are routine, as are the station's
# maintenance spacewalks (a spacewalk that was a first, or a moonwalk, says so itself).
EVENT_SIGNIFICANCE = {"surface-landing": NOTABLE, "flyby": NOTABLE, "loss": LANDMARK}


def default_path() -> Path:
    """The dataset shipped inside the installed package (or beside it in a source checkout)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data" / "missions.yaml"
    if packaged.is_file():
        return packaged
    return package.parent / "data" / "missions.yaml"


def resolve_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data over $ALMANAC_DATA over the packaged dataset; '-' is standard input."""
    if explicit:
        return Path("/dev/stdin") if str(explicit) == "-" else Path(explicit)
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env)
    return default_path()


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a dataset file as UTF-8, with errors that name the file."""
    return decode_text(read_bytes(path, max_bytes), path)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A dataset file's bytes, refusing files over max_bytes; errors name the file."""
    with _reading(path), open(path, "rb") as file:
        status = os.fstat(file.fileno())
        if stat.S_ISREG(status.st_mode):
            _check_size(path, status.st_size, max_bytes)
            return file.read()
        # a pipe or a device tells no size beforehand: read it a piece at a time, never
        # more than the limit (`--data /dev/zero` ends at the limit, not out of memory)
        pieces, size = [], 0
        while piece := file.read(min(_PIECE, max_bytes + 1 - size)):
            pieces.append(piece)
            size += len(piece)
            if size > max_bytes:
                raise DatasetError(f"{path}: more than {max_bytes} bytes, over the limit for a "
                                   "dataset (raise it with --max-bytes)")
        return b"".join(pieces)


def _check_size(path: Path, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise DatasetError(f"{path}: {size} bytes is over the {max_bytes}-byte limit for a dataset "
                           "(raise it with --max-bytes)")


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Errors reading a dataset file as DatasetError naming it."""
    try:
        yield
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such dataset file") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a directory, not a dataset file") from None
    except PermissionError:
        raise DatasetError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decode_text(raw: bytes, path: Path | str) -> str:
    """UTF-8 (with or without a byte-order mark), or a DatasetError naming the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DatasetError(f"{path}:{line}: not valid UTF-8 (byte {exc.start})") from None


def parse_yaml(text: str, file: str) -> Any:
    """Parse a dataset's YAML as plain data (see almanac.dataset.yaml_reader)."""
    return read_yaml(text, file)


# --- validation -------------------------------------------------------------------------


class _Validator:
    """Turns parsed YAML into model objects, collecting every problem on the way."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, line: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, where, message))

    @staticmethod
    def line_of(mapping: Any, key: str | None = None) -> int | None:
        if isinstance(mapping, Mapping):
            if key is not None and key in mapping.key_lines:
                return mapping.key_lines[key]
            return mapping.line
        return getattr(mapping, "line", None)

    # field readers: each returns a value or None after recording a problem

    def check_keys(self, m: Mapping, where: str, allowed: tuple[str, ...]) -> None:
        for key in m:
            if key not in allowed:
                self.problem(self.line_of(m, key), f"{where}.{key}",
                             f"unknown field (expected one of: {', '.join(allowed)})")

    def text(self, m: Mapping, key: str, where: str, required: bool = True) -> str | None:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(self.line_of(m, key), f"{where}.{key}", "required field is missing")
            return None
        if not isinstance(value, str):
            self.problem(self.line_of(m, key), f"{where}.{key}",
                         f"expected text, got {_type_name(value)}")
            return None
        value = value.strip()
        if not value:
            self.problem(self.line_of(m, key), f"{where}.{key}", "must not be empty")
            return None
        return value

    def country(self, m: Mapping, where: str) -> str | None:
        value = self.text(m, "country", where)
        if value is not None and not _COUNTRY.match(value):
            self.problem(self.line_of(m, "country"), f"{where}.country",
                         f"expected a two-letter country code (ISO 3166-1, e.g. KZ), got {_shown(value)}")
            return None
        return value

    def ident(self, m: Mapping, key: str, where: str) -> str | None:
        value = self.text(m, key, where)
        if value is not None and not ID_PATTERN.match(value):
            self.problem(self.line_of(m, key), f"{where}.{key}",
                         f"{value!r} is not an id (lower-case letters, digits and single hyphens)")
            return None
        return value

    def texts(self, m: Mapping, key: str, where: str) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(self.line_of(m, key), f"{where}.{key}",
                         f"expected a list, got {_type_name(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(self.line_of(m, key), f"{where}.{key}[{i}]",
                             f"expected non-empty text, got {_type_name(item)}")
            else:
                out.append(item.strip())
        return tuple(out)

    def integers(self, m: Mapping, key: str, where: str) -> tuple[int, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value]
        out = []
        for i, item in enumerate(value):
            number = whole_number(item)
            if number is None or number < 1:
                self.problem(self.line_of(m, key), f"{where}.{key}[{i}]",
                             f"expected a positive whole number, got {_shown(item)}")
            else:
                out.append(number)
        return tuple(out)

    def instant(self, m: Mapping, key: str, where: str) -> Instant | None:
        raw = m.get(key)
        if raw is None:
            self.problem(self.line_of(m, key), f"{where}.{key}", "required field is missing")
            return None
        if not isinstance(raw, str):
            self.problem(self.line_of(m, key), f"{where}.{key}",
                         f"expected a quoted UTC time, got {_type_name(raw)} {raw!r}")
            return None
        try:
            at = Instant.parse(raw.strip())
        except ValueError as exc:
            self.problem(self.line_of(m, key), f"{where}.{key}", _date_message(raw, exc))
            return None
        if not within_dataset_years(at):
            self.problem(self.line_of(m, key), f"{where}.{key}",
                         f"{raw!r} is outside the years a dataset can hold ({EARLIEST_YEAR}-{LATEST_YEAR})")
            return None
        return at

    def sources(self, m: Mapping, where: str, required: bool) -> tuple[Source, ...]:
        value = m.get("sources")
        if value is None:
            if required:
                self.problem(self.line_of(m), f"{where}.sources", "at least one source is required")
            return ()
        if not isinstance(value, list) or (required and not value):
            self.problem(self.line_of(m, "sources"), f"{where}.sources",
                         "expected a non-empty list of sources")
            return ()
        out = []
        for i, item in enumerate(value):
            here = f"{where}.sources[{i}]"
            if isinstance(item, str) and _URL.match(item.strip()):
                out.append(Source(item.strip()))
            elif isinstance(item, Mapping):
                self.check_keys(item, here, ("url", "note"))
                url = self.text(item, "url", here)
                note = self.text(item, "note", here, required=False)
                if url and not _URL.match(url):
                    self.problem(self.line_of(item, "url"), f"{here}.url",
                                 f"expected an http(s) URL, got {_shown(url)}")
                elif url:
                    out.append(Source(url, note))
            else:
                self.problem(self.line_of(m, "sources"), here,
                             f"expected an http(s) URL or a mapping with url, got {_shown(item)}")
        return tuple(out)

    def records(self, root: Mapping, key: str, required: bool = True,
                owner: str = "") -> list[tuple[int, Mapping]]:
        """The mappings of a list field; ``owner`` ('launches[2] (x)') prefixes where."""
        name = f"{owner}.{key}" if owner else key
        value = root.get(key)
        if value is None:
            if required:
                self.problem(self.line_of(root), name, "required section is missing")
            return []
        if not isinstance(value, list):
            self.problem(self.line_of(root, key), name, f"expected a list, got {_type_name(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((i, item))
            else:
                self.problem(getattr(value, "line", None), f"{name}[{i}]",
                             f"expected a mapping, got {_type_name(item)}")
        return out

    # records

    def build(self, root: Any) -> Dataset | None:
        if not isinstance(root, Mapping):
            self.problem(1, "", f"the dataset must be a mapping with sites, people and launches, "
                                f"got {_type_name(root)}")
            return None
        self.check_keys(root, "dataset", ("schema_version", "sites", "stations", "people", "launches"))
        version = root.get("schema_version")
        if whole_number(version) != SCHEMA_VERSION:
            self.problem(self.line_of(root, "schema_version"), "schema_version",
                         f"expected {SCHEMA_VERSION}, got {_shown(version)}")
        sites = self.unique(root, "sites", self.site)
        stations = self.unique(root, "stations", self.station, required=False)
        people = self.unique(root, "people", self.person)
        launch_maps = self.records(root, "launches")
        launch_ids = {m.get("id") for _, m in launch_maps if isinstance(m.get("id"), str)}
        launches = []
        seen: dict[str, int] = {}
        for i, m in launch_maps:
            where = _where("launches", i, m)
            if isinstance(m.get("id"), str) and m["id"] in stations:
                # An event's target names a station or a launch: one id must not name both.
                self.problem(self.line_of(m, "id"), f"{where}.id",
                             f"{m['id']!r} is also a station's id (an event target could mean "
                             "either; give one of them another id)")
            launch = self.launch(m, where, sites, stations, people, launch_ids)
            if launch is None:
                continue
            if launch.id in seen:
                self.problem(self.line_of(m, "id"), f"{where}.id",
                             f"duplicate id (first at line {seen[launch.id]})")
                continue
            seen[launch.id] = self.line_of(m, "id") or 0
            launches.append(launch)
        by_key = self.keys(launches, launch_maps)
        if self.problems:
            return None
        launches.sort(key=lambda launch: (launch.at.utc, launch.id))
        return Dataset(
            path=self.file, schema_version=SCHEMA_VERSION, sites=sites, stations=stations,
            people=people, launches=tuple(launches), by_id={x.id: x for x in launches},
            by_key=by_key,
        )

    def unique(self, root: Mapping, key: str, build: Callable[[Mapping, str], Any],
               required: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for i, m in self.records(root, key, required):
            where = _where(key, i, m)
            item = build(m, where)
            if item is None:
                continue
            if item.id in out:
                self.problem(self.line_of(m, "id"), f"{where}.id",
                             f"duplicate id (first at line {lines[item.id]})")
                continue
            out[item.id] = item
            lines[item.id] = self.line_of(m, "id") or 0
        return out

    def site(self, m: Mapping, where: str) -> Site | None:
        self.check_keys(m, where, ("id", "name", "country", "zone", "aliases", "notes", "sources"))
        ident, name = self.ident(m, "id", where), self.text(m, "name", where)
        country, zone = self.country(m, where), self.text(m, "zone", where)
        if zone is not None and not known_zone(zone):
            self.problem(self.line_of(m, "zone"), f"{where}.zone", f"unknown IANA time zone {zone!r}")
            zone = None
        aliases, notes = self.texts(m, "aliases", where), self.text(m, "notes", where, False)
        sources = self.sources(m, where, required=True)
        if None in (ident, name, country, zone):
            return None
        return Site(ident, name, country, zone, aliases, notes, sources)

    def station(self, m: Mapping, where: str) -> Station | None:
        self.check_keys(m, where, ("id", "name", "aliases"))
        ident, name = self.ident(m, "id", where), self.text(m, "name", where)
        aliases = self.texts(m, "aliases", where)
        if None in (ident, name):
            return None
        return Station(ident, name, aliases)

    def person(self, m: Mapping, where: str) -> Person | None:
        self.check_keys(m, where, ("id", "name", "native_name", "aliases", "agency", "country",
                                   "sources", "notes"))
        ident, name = self.ident(m, "id", where), self.text(m, "name", where)
        # agency may be left out where no source gives it (some payload specialists)
        agency, country = self.text(m, "agency", where, required=False), self.country(m, where)
        native = self.text(m, "native_name", where, required=False)
        aliases = self.texts(m, "aliases", where)
        self.text(m, "notes", where, required=False)
        sources = self.sources(m, where, required=True)
        if None in (ident, name, country):
            return None
        return Person(ident, name, agency, country, native, aliases, sources)

    def launch(self, m: Mapping, where: str, sites: dict[str, Site], stations: dict[str, Station],
               people: dict[str, Person], launch_ids: set[str]) -> Launch | None:
        self.check_keys(m, where, ("id", "name", "aliases", "program", "utc", "site", "pad",
                                   "vehicle", "spacecraft", "crew", "events", "expeditions",
                                   "notes", "sources", "significance", "first", "why"))
        ident, name = self.ident(m, "id", where), self.text(m, "name", where)
        at = self.instant(m, "utc", where)
        site_id, vehicle = self.text(m, "site", where), self.text(m, "vehicle", where)
        site = sites.get(site_id) if site_id else None
        if site_id and site is None:
            self.problem(self.line_of(m, "site"), f"{where}.site", _unknown("site", site_id, sites))
        crew = self.crew(m, where, people, launch_ids)
        events = self.events(m, where, stations, launch_ids, at, people)
        significance, first, why = self.significance(m, where, NOTABLE if crew else ROUTINE)
        launch = Launch(
            id=ident or "", name=name or "", at=at, site=site, vehicle=vehicle or "",
            aliases=self.texts(m, "aliases", where),
            program=self.text(m, "program", where, required=False),
            pad=self.text(m, "pad", where, required=False),
            spacecraft=self.text(m, "spacecraft", where, required=False),
            crew=crew, events=events,
            expeditions=self.integers(m, "expeditions", where),
            notes=self.text(m, "notes", where, required=False),
            sources=self.sources(m, where, required=True),
            significance=significance, first=first, why=why,
        )
        if None in (ident, name, at, site, vehicle):
            return None
        return launch

    def crew(self, m: Mapping, where: str, people: dict[str, Person],
             launch_ids: set[str]) -> tuple[Seat, ...]:
        seats = []
        aboard: set[str] = set()
        for i, s in self.records(m, "crew", required=False, owner=where):
            here = f"{where}.crew[{i}]"
            self.check_keys(s, here, ("person", "role", "agency", "returned_on", "expeditions"))
            pid, role = self.text(s, "person", here), self.text(s, "role", here)
            person = people.get(pid) if pid else None
            if pid and person is None:
                self.problem(self.line_of(s, "person"), f"{here}.person", _unknown("person", pid, people))
            if pid in aboard:
                self.problem(self.line_of(s, "person"), f"{here}.person", f"{pid!r} is listed twice")
            aboard.add(pid)
            returned_on, unknown = None, False
            if "returned_on" in s:
                if s["returned_on"] is None:
                    unknown = True
                else:
                    returned_on = self.text(s, "returned_on", here)
                    if returned_on and returned_on not in launch_ids:
                        self.problem(self.line_of(s, "returned_on"), f"{here}.returned_on",
                                     f"unknown launch {returned_on!r} (use null for a flight "
                                     "outside the dataset)")
                        returned_on = None
            expeditions = self.integers(s, "expeditions", here)
            agency = self.text(s, "agency", here, required=False)
            if person and role:
                seats.append(Seat(person, role, returned_on, unknown, expeditions, agency))
        return tuple(seats)

    def significance(self, m: Mapping, where: str, default: int,
                     described: bool = False) -> tuple[int, tuple[str, ...], str | None]:
        """A record's significance (1 landmark, 2 notable, 3 routine; ``default`` when not
        given), its stated firsts, and the reason. A record that says it is a landmark or
        notable says why: in ``why``, in its firsts, or (an event) in its description."""
        first, why = self.texts(m, "first", where), self.text(m, "why", where, required=False)
        if "significance" not in m:
            return (LANDMARK if first and default != LANDMARK else default), first, why
        level = whole_number(m["significance"])
        if level not in (LANDMARK, NOTABLE, ROUTINE):
            self.problem(self.line_of(m, "significance"), f"{where}.significance",
                         "expected 1 (landmark), 2 (notable) or 3 (routine), got "
                         f"{_shown(m['significance'])}")
            return default, first, why
        if level != ROUTINE and not (first or why or described):
            self.problem(self.line_of(m, "significance"), f"{where}.significance",
                         "a landmark or notable record says why (give `why` or `first`)")
        return level, first, why

    def events(self, m: Mapping, where: str, stations: dict[str, Station], launch_ids: set[str],
               launched: Instant | None, people: dict[str, Person]) -> tuple[Event, ...]:
        out = []
        for i, e in self.records(m, "events", required=False, owner=where):
            here = f"{where}.events[{i}]"
            self.check_keys(e, here, ("type", "utc", "end_utc", "target", "port", "description",
                                      "body", "people", "significance", "first", "why"))
            kind, at = self.text(e, "type", here), self.instant(e, "utc", here)
            if kind and kind not in EVENT_TYPES:
                self.problem(self.line_of(e, "type"), f"{here}.type",
                             f"unknown event type {kind!r} (expected one of: {', '.join(EVENT_TYPES)})")
                kind = None
            target = self.text(e, "target", here, required=False)
            if target and target not in stations and target not in launch_ids:
                self.problem(self.line_of(e, "target"), f"{here}.target",
                             f"unknown station or launch {target!r}")
            # At day or month precision an event on the launch day is not "before" it.
            if at and launched and at.latest() < launched.utc:
                self.problem(self.line_of(e, "utc"), f"{here}.utc",
                             f"{at} is before the launch ({launched})")
            port = self.text(e, "port", here, required=False)
            description = self.text(e, "description", here, required=False)
            end = self.instant(e, "end_utc", here) if "end_utc" in e else None
            if end and at and end.latest() < at.utc:
                self.problem(self.line_of(e, "end_utc"), f"{here}.end_utc",
                             f"{end} is before the start ({at})")
            who = self.texts(e, "people", here)
            for pid in who:
                if pid not in people:
                    self.problem(self.line_of(e, "people"), f"{here}.people", _unknown("person", pid, people))
            significance, first, why = self.significance(e, here, EVENT_SIGNIFICANCE.get(kind, ROUTINE),
                                                         described=bool(description))
            if kind and at:
                out.append(Event(kind, at, target, port, description, end=end,
                                 body=self.text(e, "body", here, required=False), people=who,
                                 significance=significance, first=first, why=why))
        out.sort(key=lambda e: e.at.utc)
        return tuple(out)

    def keys(self, launches: list[Launch], maps: list[tuple[int, Mapping]]) -> dict[str, Launch]:
        """Index ids, names and aliases by their folded form; two launches may not share one."""
        by_key: dict[str, Launch] = {}
        lines = {m.get("id"): self.line_of(m) for _, m in maps if isinstance(m.get("id"), str)}
        for launch in launches:
            for label in (launch.id, launch.name, *launch.aliases):
                key = fold(label)
                other = by_key.get(key)
                if other is not None and other.id != launch.id:
                    self.problem(lines.get(launch.id), f"launches ({launch.id})",
                                 f"name or alias {label!r} also names {other.id!r}")
                elif key:
                    by_key[key] = launch
        return by_key


def whole_number(value: Any) -> int | None:
    """A plain whole number as written ('73'), or None: ASCII digits only, at most 9 of them
    (an expedition or schema number; a 5,000-digit number is not one)."""
    if isinstance(value, str) and _WHOLE.match(value):
        return int(value)
    return None


_WHOLE = re.compile(r"^[0-9]{1,9}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_URL = re.compile(r"^https?://\S+$")


def _shown(value: Any) -> str:
    """A value for a message: text quoted and cut short, anything else by its kind."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    return _type_name(value)


def _where(section: str, index: int, m: Mapping) -> str:
    ident = m.get("id")
    return f"{section}[{index}] ({ident})" if isinstance(ident, str) else f"{section}[{index}]"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", Mapping: "a mapping", list: "a list", Sequence: "a list",
            bool: "true/false", int: "a number", float: "a number", str: "text"}.get(
        type(value), type(value).__name__)


def _date_message(raw: str, exc: ValueError) -> str:
    text = str(exc)
    if "is not a UTC time" in text:
        return text
    return f"{raw!r} is not a real date or time ({text})"


def _unknown(kind: str, ident: str, known: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(ident, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown {kind} {ident!r}{hint}"


def validate(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Dataset | None, list[Problem]]:
    """Load and check a dataset; returns the dataset (or None) and every problem found."""
    file = str(path)
    try:
        raw = read_bytes(path, max_bytes)
    except DatasetError as exc:
        return None, [_problem_from_message(file, exc.message)]
    return _validate_bytes(raw, file)


def _validate_bytes(raw: bytes, file: str) -> tuple[Dataset | None, list[Problem]]:
    try:
        root = parse_yaml(decode_text(raw, file), file)
    except DatasetError as exc:
        return None, [_problem_from_message(file, exc.message)]
    validator = _Validator(file)
    dataset = validator.build(root)
    return dataset, validator.problems


def _problem_from_message(file: str, message: str) -> Problem:
    rest = message[len(file):] if message.startswith(file) else ": " + message
    match = re.match(r"^:(\d+): (.*)$", rest, re.S) or re.match(r"^()(?:: )?(.*)$", rest, re.S)
    line = int(match.group(1)) if match.group(1) else None
    return Problem(file, line, "", match.group(2))


def load(path: str | os.PathLike[str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *,
         cache: bool | None = None) -> Dataset:
    """Load a dataset (see resolve_path for which); raises DatasetError on the first problem.

    A valid dataset is cached (see almanac.dataset.cache) and later loads of the same bytes skip the
    YAML; ``cache=False`` (or $ALMANAC_NO_CACHE=1 when cache is None) always parses.
    """
    from almanac.dataset import cache as dataset_cache

    resolved = resolve_path(path)
    file = str(resolved)
    with collector_paused():
        raw = _for_load(read_bytes, resolved, max_bytes)
        # a pipe, such as --data /dev/stdin, is read once: it is parsed, not cached
        entry = None
        if dataset_cache.enabled(cache) and _regular_or_missing(resolved):
            entry = dataset_cache.DatasetCache(resolved, raw)
            dataset = entry.load(file)
            if dataset is not None:
                return dataset
        dataset, problems = _validate_bytes(raw, file)
        if dataset is None:
            more = (f" (and {len(problems) - 1} more problems; run 'almanac validate "
                    f"{shlex.quote(file)}')" if len(problems) > 1 else "")
            raise DatasetError(f"{problems[0]}{more}", problems)
        if entry is not None:  # only a dataset that validated is ever cached
            entry.save(dataset)
            dataset = replace(dataset, key=entry.key)
        return dataset


def _regular_or_missing(path: Path) -> bool:
    """Whether the path is a regular file, or cannot be looked at (the read reports why)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return True


def _for_load(read: Callable[..., Any], path: Path, *args: Any) -> Any:
    """read(path, *args), with the problem attached to its DatasetError as load raises it."""
    try:
        return read(path, *args)
    except DatasetError as exc:
        raise DatasetError(exc.message, [_problem_from_message(str(path), exc.message)]) from None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Build without the cyclic garbage collector: building a dataset or a catalog allocates
    hundreds of thousands of objects and frees none, and the collector would only rescan them
    again and again (a third of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""Find, safely load and validate a dataset into the in-memory model."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import DatasetError, Problem
from .model import (
    Dataset,
    Event,
    Instant,
    Launch,
    Person,
    Seat,
    Site,
    Source,
    Station,
)
from .text import _NON_ALNUM, fold

SCHEMA_VERSION = 1
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
ENV_DATA = "ALMANAC_DATA"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EVENT_TYPES = ("docking", "undocking", "landing", "hatch-opening", "berthing", "unberthing",
               "relocation", "reentry", "other")


def default_path() -> Path:
    """The dataset shipped inside the installed package (or beside it in a source checkout)."""
    packaged = Path(__file__).parent / "data" / "missions.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "missions.yaml"


def resolve_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data over $ALMANAC_DATA over the packaged dataset."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env)
    return default_path()


# --- YAML: safe loading that keeps line numbers and dates as text ------------------------
# PyYAML is imported on first parse only: a run served from the cache never needs it.


class Mapping(dict):
    """A YAML mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class Sequence(list):
    """A YAML sequence that remembers its line (1-based)."""

    line: int = 0


@functools.cache
def _loader_class() -> type:
    import yaml

    try:  # the C parser is several times faster; the constructor stays the safe one
        from yaml import CSafeLoader as base
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        from yaml import SafeLoader as base

    class _Loader(base):
        """SafeLoader that keeps timestamps as strings (their form carries the precision),
        records line numbers, and refuses aliases (no billion-laughs expansion)."""

        def construct_object(self, node, deep=False):
            if node in self.constructed_objects:
                raise yaml.constructor.ConstructorError(
                    None, None, "YAML aliases (*name) are not allowed in a dataset", node.start_mark)
            return super().construct_object(node, deep=deep)

        def construct_yaml_map(self, node):
            data = Mapping()
            data.line = node.start_mark.line + 1
            data.key_lines = {}
            yield data
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    raise yaml.constructor.ConstructorError(
                        None, None, f"mapping key {key!r} is not a string", key_node.start_mark)
                if key in data:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark)
                data[key] = self.construct_object(value_node, deep=True)
                data.key_lines[key] = key_node.start_mark.line + 1

        def construct_yaml_seq(self, node):
            data = Sequence()
            data.line = node.start_mark.line + 1
            yield data
            data.extend(self.construct_object(child, deep=True) for child in node.value)

    _Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
    _Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
    _Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)
    _Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return _Loader


class _Unusual(Exception):
    """Something the fast reader leaves to the full loader, which gives the exact error."""


class _TooDeep(Exception):
    """Nesting deeper than any dataset needs. PyYAML's composer recurses (in C with libyaml)
    and would crash the process on very deep input, so it never sees such a file."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _check_depth(text: str) -> None:
    """Raise _TooDeep when collections nest deeper than _MAX_FAST_DEPTH (events only)."""
    import yaml
    from yaml import events

    try:
        from yaml._yaml import CParser as parser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        from yaml import SafeLoader as parser
    depth = 0
    opening = (events.MappingStartEvent, events.SequenceStartEvent)
    closing = (events.MappingEndEvent, events.SequenceEndEvent)
    try:
        reader = parser(text)
        while (event := reader.get_event()) is not None:
            if isinstance(event, opening):
                depth += 1
                if depth > _MAX_FAST_DEPTH:
                    raise _TooDeep(event.start_mark.line + 1)
            elif isinstance(event, closing):
                depth -= 1
            elif isinstance(event, events.StreamEndEvent):
                return
    except yaml.YAMLError:
        return  # the full loader reports the syntax error itself


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_NO_KEY = object()
_MAX_FAST_DEPTH = 64  # a dataset needs 5 levels
_TOO_DEEP = f"YAML nested more than {_MAX_FAST_DEPTH} levels deep (a dataset needs 5)"


def _read_plain_yaml(text: str) -> Any:
    """The same data and line numbers as the full loader, built straight from libyaml's
    events: about three times faster, because no node tree is composed and constructed.

    Anything out of the ordinary (aliases, explicit tags, non-text or duplicate keys, merge
    keys, several documents, a syntax error) raises _Unusual, and the caller falls back.
    """
    import yaml
    from yaml import events
    from yaml.nodes import ScalarNode

    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        raise _Unusual from None
    loader = _loader_class()
    resolvers = loader.yaml_implicit_resolvers
    wildcard = resolvers.get(None, [])
    constructor = yaml.constructor.SafeConstructor()
    bool_values = constructor.bool_values
    scalar_event, mapping_start = events.ScalarEvent, events.MappingStartEvent
    mapping_end = events.MappingEndEvent
    sequence_start, sequence_end = events.SequenceStartEvent, events.SequenceEndEvent

    try:
        get = CParser(text).get_event
        get()  # StreamStartEvent
        event = get()
        if type(event) is events.StreamEndEvent:
            return None
        if type(event) is not events.DocumentStartEvent:
            raise _Unusual
        root: Any = _NO_KEY
        stack: list[Any] = []  # open mappings and sequences, innermost last
        pending: list[Any] = []  # for each open mapping, the key awaiting its value
        top: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                if event.tag is not None:
                    raise _Unusual
                value = event.value
                if event.implicit[0]:
                    for tag, regexp in resolvers.get(value[:1], []) + wildcard:  # noqa: B007
                        if regexp.match(value):
                            break
                    else:
                        tag = _STR
                    if tag != _STR:
                        if tag == _NULL:
                            value = None
                        elif tag == _BOOL:
                            value = bool_values[value.lower()]
                        elif tag in _NUMBERS:
                            node = ScalarNode(tag, value)
                            value = (constructor.construct_yaml_int(node) if tag == _NUMBERS[0]
                                     else constructor.construct_yaml_float(node))
                        else:  # merge keys and the like
                            raise _Unusual
            elif kind is mapping_start or kind is sequence_start:
                if event.tag is not None:
                    raise _Unusual
                if kind is mapping_start:
                    value = Mapping()
                    value.key_lines = {}
                else:
                    value = Sequence()
                value.line = event.start_mark.line + 1
            elif kind is mapping_end or kind is sequence_end:
                stack.pop()
                if kind is mapping_end:
                    pending.pop()
                top = stack[-1] if stack else None
                continue
            elif kind is events.DocumentEndEvent:
                if type(get()) is not events.StreamEndEvent:
                    raise _Unusual  # several documents: the full loader explains
                return root
            else:  # an alias, or anything else unexpected
                raise _Unusual
            # place the value (a scalar, or a collection that now starts)
            if top is None:
                root = value
            elif type(top) is Mapping:
                key = pending[-1]
                if key is _NO_KEY:
                    if type(value) is not str or value in top:
                        raise _Unusual
                    pending[-1] = value
                    top.key_lines[value] = event.start_mark.line + 1
                    continue
                top[key] = value
                pending[-1] = _NO_KEY
            else:
                top.append(value)
            if kind is not scalar_event:
                if len(stack) >= _MAX_FAST_DEPTH:
                    raise _TooDeep(event.start_mark.line + 1)
                stack.append(value)
                if kind is mapping_start:
                    pending.append(_NO_KEY)
                top = value
    except yaml.YAMLError:
        raise _Unusual from None


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
        data = file.read(max_bytes + 1)  # a pipe or a device tells no size beforehand
        if len(data) > max_bytes:
            raise DatasetError(f"{path}: more than {max_bytes} bytes, over the limit for a "
                               "dataset (raise it with --max-bytes)")
        return data


def hash_file(path: Path, digest: Any, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """Feed a dataset file's bytes to a hashlib object, a piece at a time (the file is never
    held whole: 4 MB read into memory costs more in fresh pages than hashing it), and
    return it; refusals and errors as read_bytes."""
    import hashlib

    with _reading(path), open(path, "rb") as file:
        _check_size(path, os.fstat(file.fileno()).st_size, max_bytes)
        return hashlib.file_digest(file, lambda: digest)


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
    """Parse YAML text with the safe loader; errors name the file and line."""
    try:
        try:
            root = _read_plain_yaml(text)
        except _Unusual:
            _check_depth(text)
            root = _load_full(text, file)
    except _TooDeep as exc:
        raise DatasetError(f"{file}:{exc.line}: {_TOO_DEEP}") from None
    _refuse_control_characters(root, file)
    return root


# C0 and C1 control characters and DEL, in text or keys: on a terminal they are escape
# sequences. Tab and newline are ordinary text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _refuse_control_characters(root: Any, file: str) -> None:
    """A DatasetError at the first text holding a control character, keys included."""
    todo: list[tuple[Any, int | None]] = [(root, 1)]
    while todo:
        node, line = todo.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                here = node.key_lines.get(key, node.line)
                _check_text(key, here, file)
                todo.append((value, here))
        elif isinstance(node, list):
            todo.extend((item, getattr(node, "line", line)) for item in node)
        else:
            _check_text(node, line, file)


def _check_text(value: Any, line: int | None, file: str) -> None:
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            where = f":{line}" if line else ""
            raise DatasetError(f"{file}{where}: control character U+{ord(found.group()):04X} in "
                               "text (a dataset holds no terminal escapes)")


def _load_full(text: str, file: str) -> Any:
    """The safe loader, for what the fast reader leaves to it; errors name file and line."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader_class())  # noqa: S506 - a SafeLoader subclass
    except yaml.reader.ReaderError as exc:  # a raw control byte: YAML itself refuses it
        # exc.position counts bytes with libyaml and characters without: find the character
        found = text.find(chr(exc.character))
        line = text[: found if found >= 0 else exc.position].count("\n") + 1
        raise DatasetError(f"{file}:{line}: control character U+{exc.character:04X} in text "
                           "(a dataset holds no terminal escapes)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        what = " ".join((exc.problem or exc.context or "malformed YAML").split())
        if "nesting depth" in what:  # libyaml's own limit (PyYAML >= 6.0.4) met before ours
            what = _TOO_DEEP
        if "could not determine a constructor" in what:
            tag = what.split("for the tag", 1)[-1].strip()
            what = f"YAML tag {tag} is not allowed (a dataset is plain data)"
        raise DatasetError(f"{file}{line}: {what}") from None
    except yaml.YAMLError as exc:
        raise DatasetError(f"{file}: malformed YAML: {exc}") from None
    except RecursionError:
        raise DatasetError(f"{file}: YAML nested too deeply") from None


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
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(self.line_of(m, key), f"{where}.{key}",
                         f"expected text, got {_type_name(value)}")
            return None
        value = str(value).strip()
        if not value:
            self.problem(self.line_of(m, key), f"{where}.{key}", "must not be empty")
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
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.problem(self.line_of(m, key), f"{where}.{key}[{i}]",
                             f"expected non-empty text, got {_type_name(item)}")
            else:
                out.append(str(item).strip())
        return tuple(out)

    def integers(self, m: Mapping, key: str, where: str) -> tuple[int, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value]
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                self.problem(self.line_of(m, key), f"{where}.{key}[{i}]",
                             f"expected a positive whole number, got {item!r}")
            else:
                out.append(item)
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
            return Instant.parse(raw.strip())
        except ValueError as exc:
            self.problem(self.line_of(m, key), f"{where}.{key}", _date_message(raw, exc))
            return None

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
            if isinstance(item, str) and item.strip():
                out.append(Source(item.strip()))
            elif isinstance(item, Mapping):
                self.check_keys(item, here, ("url", "note"))
                url = self.text(item, "url", here)
                note = self.text(item, "note", here, required=False)
                if url:
                    out.append(Source(url, note))
            else:
                self.problem(self.line_of(m, "sources"), here,
                             f"expected a URL or a mapping with url, got {_type_name(item)}")
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
        if type(version) is not int or version != SCHEMA_VERSION:  # True == 1 == 1.0 in Python
            self.problem(self.line_of(root, "schema_version"), "schema_version",
                         f"expected {SCHEMA_VERSION}, got {version!r}")
        sites = self.unique(root, "sites", self.site)
        stations = self.unique(root, "stations", self.station, required=False)
        people = self.unique(root, "people", self.person)
        launch_maps = self.records(root, "launches")
        launch_ids = {m.get("id") for _, m in launch_maps if isinstance(m.get("id"), str)}
        launches = []
        seen: dict[str, int] = {}
        for i, m in launch_maps:
            where = _where("launches", i, m)
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
        country, zone = self.text(m, "country", where), self.text(m, "zone", where)
        if zone is not None and not _known_zone(zone):
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
        agency, country = self.text(m, "agency", where, required=False), self.text(m, "country", where)
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
                                   "notes", "sources"))
        ident, name = self.ident(m, "id", where), self.text(m, "name", where)
        at = self.instant(m, "utc", where)
        site_id, vehicle = self.text(m, "site", where), self.text(m, "vehicle", where)
        site = sites.get(site_id) if site_id else None
        if site_id and site is None:
            self.problem(self.line_of(m, "site"), f"{where}.site", _unknown("site", site_id, sites))
        crew = self.crew(m, where, people, launch_ids)
        events = self.events(m, where, stations, launch_ids, at)
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

    def events(self, m: Mapping, where: str, stations: dict[str, Station], launch_ids: set[str],
               launched: Instant | None) -> tuple[Event, ...]:
        out = []
        for i, e in self.records(m, "events", required=False, owner=where):
            here = f"{where}.events[{i}]"
            self.check_keys(e, here, ("type", "utc", "target", "port", "description"))
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
            if kind and at:
                out.append(Event(kind, at, target, port, description))
        out.sort(key=lambda e: e.at.utc)
        return tuple(out)

    def keys(self, launches: list[Launch], maps: list[tuple[int, Mapping]]) -> dict[str, Launch]:
        """Index ids, names and aliases by their folded form; two launches may not share one."""
        by_key: dict[str, Launch] = {}
        lines = {m.get("id"): self.line_of(m) for _, m in maps if isinstance(m.get("id"), str)}
        for launch in launches:
            for label in (launch.id, launch.name, *launch.aliases):
                key = _fold_label(label)
                other = by_key.get(key)
                if other is not None and other.id != launch.id:
                    self.problem(lines.get(launch.id), f"launches ({launch.id})",
                                 f"name or alias {label!r} also names {other.id!r}")
                elif key:
                    by_key[key] = launch
        return by_key


def _fold_label(label: str) -> str:
    """fold(), without its Unicode passes for plain ASCII (the usual label; tests check both agree)."""
    if label.isascii():
        return _NON_ALNUM.sub("", label.lower())
    return fold(label)


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


def _known_zone(name: str) -> bool:
    import pytz

    return name in pytz.all_timezones_set


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

    A valid dataset is cached (see almanac.cache) and later loads of the same bytes skip the
    YAML; ``cache=False`` (or $ALMANAC_NO_CACHE=1 when cache is None) always parses.
    """
    resolved = resolve_path(path)
    file = str(resolved)
    from . import cache as dataset_cache

    with _collector_paused():
        entry = None
        # (a pipe, such as --data /dev/stdin, can be read only once: it is parsed, not cached)
        if dataset_cache.enabled(cache) and _regular_or_missing(resolved):
            # a hit needs only the key, so the file is hashed without being held in memory
            key = _for_load(hash_file, resolved, dataset_cache.key_hash(), max_bytes).hexdigest()
            entry = dataset_cache.DatasetCache(resolved, key=key)
            dataset = entry.load(file)
            if dataset is not None:
                return dataset
        raw = _for_load(read_bytes, resolved, max_bytes)
        if entry is not None:  # keyed by the bytes parsed, in case the file just changed
            entry = dataset_cache.DatasetCache(resolved, raw)
        dataset, problems = _validate_bytes(raw, file)
        if dataset is None:
            more = (f" (and {len(problems) - 1} more problems; run 'almanac validate')"
                    if len(problems) > 1 else "")
            raise DatasetError(f"{problems[0]}{more}", problems)
        if entry is not None:  # only a dataset that validated is ever cached
            entry.save(dataset)
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
def _collector_paused() -> Iterator[None]:
    # Building a dataset allocates hundreds of thousands of objects and frees none: the
    # cyclic garbage collector would rescan them again and again (a third of the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

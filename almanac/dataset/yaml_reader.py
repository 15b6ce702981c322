"""The one YAML reader: a dataset file to plain data, built straight from the parser's events.

A dataset is plain data written by hand, so this reader resolves no YAML 1.1 types. Every
scalar is the text as written (`pad: 12:30` stays "12:30", `spacecraft: 017` stays "017",
`aliases: [1.10]` stays "1.10"), except a plain `null`, `~` or empty value, which is None.
The validator turns the few fields that are numbers in the schema (schema_version,
expeditions) into numbers, so a number is never turned back into a string.

Refused, with the line: aliases (no billion laughs), tags (no objects built, and no implicit
`!!int` either), duplicate keys, keys that are not text, more than one document, nesting
deeper than any dataset needs (the C parser recurses), and control characters in text
(bidirectional controls such as U+202E included).
"""

from __future__ import annotations

import re
from typing import Any

from almanac.domain.text import CONTROL_CHARACTERS
from almanac.errors import DatasetError

MAX_DEPTH = 64  # a dataset needs 5 levels
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# Control characters in text or keys: on a terminal they are escape sequences, or (the
# bidirectional controls) they reorder what is shown. Tab and newline are ordinary text.
CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def _control_message(character: str) -> str:
    code = ord(character)
    if code < 0x100:
        return f"control character U+{code:04X} in text (a dataset holds no terminal escapes)"
    if code in (0x2028, 0x2029):
        return f"line separator U+{code:04X} in text (write a newline)"
    return (f"bidirectional control U+{code:04X} in text (it would reorder the line a terminal "
            "shows; a dataset holds none)")


class Mapping(dict):
    """A YAML mapping that remembers its line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class Sequence(list):
    """A YAML sequence that remembers its line (1-based)."""

    line: int = 0


def read_yaml(text: str, file: str) -> Any:
    """The plain data of a YAML document; DatasetError naming file and line on anything else."""
    import yaml
    from yaml import events

    try:
        from yaml import CLoader as Parser  # libyaml: the same events, several times faster
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        from yaml import Loader as Parser

    def refuse(mark: Any, message: str) -> DatasetError:
        return DatasetError(f"{file}:{mark.line + 1}: {message}")

    parser = Parser(text)
    root: Any = None
    stack: list[Any] = []  # open collections, innermost last
    keys: list[Any] = []  # for each open mapping, the key awaiting its value (None: none)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, events.StreamEndEvent):
                return root
            if isinstance(event, (events.StreamStartEvent, events.DocumentEndEvent)):
                continue
            if isinstance(event, events.DocumentStartEvent):
                if stack or root is not None:
                    raise refuse(event.start_mark, "more than one YAML document in a dataset file")
                continue
            if isinstance(event, events.AliasEvent):
                raise refuse(event.start_mark, "YAML aliases (*name) are not allowed in a dataset")
            if isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
                done = stack.pop()
                if isinstance(done, Mapping):
                    keys.pop()
                continue
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise refuse(event.start_mark, f"YAML tag {tag!r} is not allowed (a dataset is plain data)")
            line = event.start_mark.line + 1
            if isinstance(event, events.ScalarEvent):
                value: Any = event.value
                if event.implicit[0] and value in _NULLS:  # plain, not quoted
                    value = None
                found = CONTROL.search(value or "")
                if found:
                    raise refuse(event.start_mark, _control_message(found.group()))
            elif isinstance(event, events.MappingStartEvent):
                value = Mapping()
                value.line, value.key_lines = line, {}
            else:
                value = Sequence()
                value.line = line
            top = stack[-1] if stack else None
            if top is None:
                root = value
            elif isinstance(top, Mapping):
                key = keys[-1]
                if key is None:  # this value is a key
                    if not isinstance(value, str):
                        raise refuse(event.start_mark, "a mapping key must be text")
                    if value in top:
                        raise refuse(event.start_mark, f"duplicate key {value!r}")
                    keys[-1] = value
                    top.key_lines[value] = line
                    continue
                top[key] = value
                keys[-1] = None
            else:
                top.append(value)
            if isinstance(value, (Mapping, Sequence)):
                if len(stack) >= MAX_DEPTH:
                    raise refuse(event.start_mark, f"YAML nested more than {MAX_DEPTH} levels deep "
                                 "(a dataset needs 5)")
                stack.append(value)
                if isinstance(value, Mapping):
                    keys.append(None)
    except yaml.reader.ReaderError as exc:  # a raw control byte: YAML itself refuses it
        # exc.position counts bytes with libyaml and characters without: find the character
        found = text.find(chr(exc.character))
        line_no = text[: found if found >= 0 else exc.position].count("\n") + 1
        raise DatasetError(f"{file}:{line_no}: control character U+{exc.character:04X} in text "
                           "(a dataset holds no terminal escapes)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark else ""
        what = " ".join((exc.problem or exc.context or "malformed YAML").split())
        if "nesting depth" in what:  # libyaml's own limit (PyYAML >= 6.0.4) met before ours
            what = f"YAML nested more than {MAX_DEPTH} levels deep (a dataset needs 5)"
        raise DatasetError(f"{file}{where}: {what}") from None
    except yaml.YAMLError as exc:
        raise DatasetError(f"{file}: malformed YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise DatasetError(f"{file}: YAML nested too deeply") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()

"""Text from a dataset made safe for a terminal: control characters shown, never obeyed."""

from __future__ import annotations

import re

from almanac.domain.text import CONTROL_CHARACTERS

# Control characters (except newline and tab, which layouts use) and the bidirectional
# controls: ESC starts terminal escape sequences, U+009B (CSI) is one by itself on some
# terminals, and U+202E (right-to-left override) reverses the rest of a line as it is shown.
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """The text with each control character written out as an escape ('\\x1b', '\\u202e'),
    so that a name holding an ANSI sequence prints literally instead of recolouring the
    terminal, and one holding a right-to-left override cannot reorder the line."""
    return _CONTROL.sub(_escape, text)


def json_text(encoded: str) -> str:
    """JSON text with the control characters json.dumps leaves raw (DEL, C1, bidirectional
    controls, line separators) written as \\u escapes: the same JSON value, safe on a terminal.
    (json.dumps has escaped the C0 controls already; the newlines it writes between items
    are not control characters here.)"""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)

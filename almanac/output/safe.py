"""Text from a dataset made safe for a terminal: control characters shown, never obeyed."""

from __future__ import annotations

import re

# C0 controls (except newline and tab, which layouts use), DEL and the C1 controls: ESC starts
# terminal escape sequences, and U+009B (CSI) is one by itself on some terminals.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text with each control character written out as an escape ('\\x1b'), so that a
    name holding an ANSI sequence prints literally instead of recolouring the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)

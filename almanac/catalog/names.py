"""Names, ids and launch tags for GCAT launches: what people call a launch and type to find it.

GCAT names payloads as their owners do ('1-y ISZ', 'S.S. Francis R. Scobee', 'Starlink 33550');
people search for the flight ('Sputnik 1', 'Cygnus NG-21', 'Starlink Group 12-5'). A launch
gets one display name, a readable id made from it, and every other name as a search key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from almanac.domain.text import fold, transliterate

if TYPE_CHECKING:
    from almanac.catalog.gcat import GcatLaunch

# Launch designations of 1957-1962 used Greek letters (1957 Alpha, 1961 Alpha Alpha...); GCAT
# abbreviates them to three letters. The n-th letter of a year is launch number n of the
# year, and a prefix letter adds 24 per step: 1962 B MU is 2 * 24 + 12 = 1962-060.
GREEK = ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa",
         "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "Sigma", "Tau", "Upsilon", "Phi",
         "Chi", "Psi", "Omega")
_GCAT_GREEK = {name[:3].upper(): i for i, name in enumerate(GREEK, start=1)}
_PREFIX = {"A": 1, "B": 2}  # the prefixes GCAT writes (no year had more than 72 launches)
_OLD_TAG = re.compile(r"^(\d{4}) (?:([A-Z]) )?([A-Z]{2,3})$")
_NUMERIC_TAG = re.compile(r"^(\d{4})-([0-9]{3}|[A-Z][0-9]{2,3})$")

# A curated alias that designates a launch: '1957-001B' (a piece of 1957-001), '1957 Alpha 2',
# '1962 Alpha Epsilon 1', '1958-F07'.
_COSPAR_PIECE = re.compile(r"^(\d{4})-(\d{3})[A-Z]{0,3}$")
_FAILED_TAG = re.compile(r"^(\d{4})-([FU]\d{2,3})$")
_GREEK_WORDS = re.compile(r"^(\d{4}) ((?:[A-Z][a-z]+ ){0,1})([A-Z][a-z]+)(?: \d{1,2})?$")

# The names the world uses where GCAT's differ (checked against the launch log in
# tests/test_catalog.py). The first is shown; the rest are aliases. The Western press numbered
# the early Soviet satellites Sputnik 1 to 10; GCAT keeps the Soviet names.
WESTERN_NAMES: dict[str, tuple[str, ...]] = {
    "1957 ALP": ("Sputnik 1", "Sputnik"),
    "1957 BET": ("Sputnik 2",),
    "1958 DEL": ("Sputnik 3",),
    "1960 EPS": ("Korabl-Sputnik 1", "Sputnik 4"),
    "1960 LAM": ("Korabl-Sputnik 2", "Sputnik 5"),
    "1960 RHO": ("Korabl-Sputnik 3", "Sputnik 6"),
    "1961 BET": ("Tyazhely Sputnik", "Sputnik 7"),
    "1961 GAM": ("Venera 1", "Sputnik 8"),
    "1961 THE": ("Korabl-Sputnik 4", "Sputnik 9"),
    "1961 IOT": ("Korabl-Sputnik 5", "Sputnik 10"),
}

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18,
          "XIX": 19, "XX": 20}
_TRAILING_ROMAN = re.compile(r"^(.*\S) (" + "|".join(sorted(_ROMAN, key=len, reverse=True)) + r")$")
# A constellation launch: its payloads' PLNames are the batch's name and a serial number
# ('Starlink Group 12-5-19', 'OneWeb L16-016'); the batch is what the launch is called.
_SERIAL = re.compile(r"^(.*[A-Za-z0-9])-\d+$")


def numeric_tag(tag: str) -> str:
    """The tag in today's form: '1957 ALP' -> '1957-001', '1962 B MU' -> '1962-060'; others as they are."""
    match = _OLD_TAG.match(tag)
    if not match:
        return tag
    year, prefix, letters = match.groups()
    number = _GCAT_GREEK.get(letters)
    if number is None or (prefix and prefix not in _PREFIX):
        return tag
    return f"{year}-{number + 24 * _PREFIX[prefix] if prefix else number:03d}"


def tag_forms(tag: str) -> tuple[str, ...]:
    """Every form of a launch tag worth typing: '1957 ALP' and '1957-001'."""
    numeric = numeric_tag(tag)
    return (tag,) if numeric == tag else (tag, numeric)


def launch_of_designation(text: str) -> str | None:
    """The numeric launch tag a COSPAR designation belongs to ('1957-001B', '1957 Alpha 2',
    '1958-F07'), or None when the text is not one."""
    text = text.strip()
    match = _COSPAR_PIECE.match(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    match = _FAILED_TAG.match(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    match = _GREEK_WORDS.match(text)
    if match:
        year, prefix, letter = match.group(1), match.group(2).strip(), match.group(3)
        if letter not in GREEK or (prefix and prefix not in GREEK):
            return None
        number = GREEK.index(letter) + 1 + (24 * (GREEK.index(prefix) + 1) if prefix else 0)
        return f"{year}-{number:03d}"
    return None


def slug(text: str) -> str:
    """An id from a name: lower-case ASCII letters and digits, single hyphens."""
    # "Chang'e-5" is change-5, not chang-e-5
    decomposed = unicodedata.normalize("NFKD", transliterate(re.sub(r"['\u2019]", "", text)))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _arabic(name: str) -> str | None:
    """'Explorer IV' -> 'Explorer 4': GCAT keeps the Roman numerals of early names."""
    match = _TRAILING_ROMAN.match(name)
    return f"{match.group(1)} {_ROMAN[match.group(2)]}" if match else None


def _batch(launch: GcatLaunch) -> str | None:
    """The batch name shared by a constellation launch's payloads, if they share one."""
    if len(launch.payloads) < 2:
        return None
    first = _SERIAL.match(launch.payloads[0].plname)
    if not first or not any(ch.isdigit() for ch in first.group(1)):
        return None
    stem = first.group(1)
    shared = sum(1 for p in launch.payloads if (m := _SERIAL.match(p.plname)) and m.group(1) == stem)
    return stem if shared >= 2 else None


def display_name(launch: GcatLaunch) -> str:
    """The name a launch is shown with: the world's name, a Cygnus's mission, a constellation
    batch, or GCAT's name of the first payload."""
    western = WESTERN_NAMES.get(launch.tag)
    if western:
        return western[0]
    primary = launch.payloads[0]
    # Cygnus freighters are named for people ('S.S. Francis R. Scobee'); the flight is 'Cygnus NG-21'.
    if primary.name.startswith("S.S. ") and primary.plname not in ("", "-"):
        return primary.plname
    batch = _batch(launch)
    if batch:
        return batch
    name = primary.name
    if name.startswith("AMS ") and len(name) > 4:  # avtomaticheskaya mezhplanetnaya stantsiya
        name = name[4:]
    return name if name not in ("", "-") else launch.tag


def aliases(launch: GcatLaunch, name: str) -> tuple[str, ...]:
    """The names shown beside a launch's name: its tag forms, the world's other names, and
    GCAT's name of its first payload."""
    out: list[str] = list(tag_forms(launch.tag))
    out.extend(WESTERN_NAMES.get(launch.tag, ())[1:])
    primary = launch.payloads[0]
    for candidate in (primary.name, _arabic(primary.name), primary.plname):
        if candidate and candidate != "-":
            out.append(candidate)
    return _distinct(out, exclude=fold(name))


def search_names(launch: GcatLaunch) -> list[str]:
    """Every name a launch may be looked up by: its payloads' names, GCAT's and their own."""
    out: list[str] = []
    for payload in launch.payloads:
        for candidate in (payload.name, payload.plname, _arabic(payload.name)):
            if candidate and candidate != "-":
                out.append(candidate)
    return out


def _distinct(names: Iterable[str], exclude: str = "") -> tuple[str, ...]:
    seen = {exclude}
    out = []
    for name in names:
        key = fold(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def tag_slug(tag: str) -> str:
    """The tag as id text: '1957-001', '1958-f07'."""
    return slug(numeric_tag(tag))

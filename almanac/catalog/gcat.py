"""Reading GCAT's launch log and site table: tab-separated text in J. McDowell's own forms.

The launch log has one row per payload; rows that share a Launch_Tag are one launch. Every row
is accounted for: it belongs to a launch that is read, or it is skipped for a reason that is
counted. What cannot be read at all (a missing column, a row cut short, a date in no known
form) is a DatasetError naming the file and line: a file that does not read is never used.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from almanac.domain.model import Instant, Precision
from almanac.errors import DatasetError

# The columns almanac reads; GCAT's files have more, and may reorder them.
LAUNCHLOG_COLUMNS = ("Launch_Tag", "Launch_Date", "Piece", "Name", "PLName", "LV_Type", "Flight_ID",
                     "Platform", "Launch_Site", "Launch_Pad", "Ascent_Site", "Launch_Code")
SITES_COLUMNS = ("Site", "Type", "StateCode", "Name", "Longitude", "Latitude")

SKIP_MOON = "lift-off from the Moon (launch code XS), not an Earth launch"
SKIP_NOT_ORBITAL = "launch code neither orbital (O) nor deep space (D)"

_MONTHS = {name: i for i, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
# '1957 Oct  4 1928:34' (second), '2024 Dec  8 0512' (minute), '1958 Jul 25' (day), '1958 Jul'
# (month); a trailing '?' marks the time uncertain. Fractions of a second are dropped.
_DATE = re.compile(r"^(\d{4}) ([A-Z][a-z]{2})"
                   r"(?: +(\d{1,2})(?: (\d{2})(\d{2})(?::(\d{2})(?:\.\d*)?)?)?)?\s*(\?)?$")
_UPDATED = re.compile(r"^#\s*Updated\s+(.+?)\s*$")


@dataclass(frozen=True)
class Payload:
    """One row of the launch log: a payload and the names GCAT gives it."""

    piece: str
    name: str
    plname: str


@dataclass(frozen=True)
class GcatLaunch:
    """One launch: the rows of one Launch_Tag, read from the first and their payloads."""

    tag: str
    line: int
    at: Instant
    code: str
    vehicle: str
    flight_id: str | None
    platform: str | None
    site_code: str
    pad: str | None
    ascent_site: str | None
    payloads: tuple[Payload, ...]

    @property
    def failed(self) -> bool:
        return self.code[1:2] == "F"


@dataclass(frozen=True)
class GcatSite:
    """A row of GCAT's site table."""

    code: str
    kind: str  # LS launch site, LC launch complex, LZ launch zone (at sea, in the air)
    state: str  # GCAT's state code: SU, US, CN, J...
    name: str
    longitude: float | None
    latitude: float | None


@dataclass
class LaunchLog:
    """A launch log as read: its launches in file order, and what became of each row."""

    launches: list[GcatLaunch]
    rows: int
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> rows
    updated: str | None = None  # GCAT's own "# Updated ..." line, when the file has one


def _lines(raw: bytes, file: str) -> list[str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DatasetError(f"{file}:{line}: not valid UTF-8 (byte {exc.start})") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DatasetError(f"{file}:{line}: a NUL byte: not a GCAT text file")
    return text.split("\n")


def _header(lines: list[str], file: str, wanted: tuple[str, ...], what: str) -> dict[str, int]:
    """Column positions from the first line ('#Launch_Tag<TAB>Launch_Date...')."""
    first = lines[0] if lines else ""
    names = [n.strip() for n in first.lstrip("#").rstrip("\r").split("\t")]
    missing = [n for n in wanted if n not in names]
    if not first.startswith("#") or missing:
        shown = first[:60] + ("..." if len(first) > 60 else "")
        raise DatasetError(f"{file}:1: not a GCAT {what}: the first line should name the columns "
                           f"({', '.join(wanted[:3])}...), got {shown!r}")
    return {n: names.index(n) for n in wanted} | {"_count": len(names)}


def _fields(line: str, lineno: int, file: str, count: int) -> list[str]:
    cells = line.rstrip("\r").split("\t")
    if len(cells) != count:
        raise DatasetError(f"{file}:{lineno}: expected {count} tab-separated fields, got {len(cells)} "
                           "(a truncated or damaged file?)")
    return cells


def _value(cell: str) -> str | None:
    """A cell's text, None for GCAT's '-' (no value)."""
    text = cell.strip()
    return None if text in ("", "-") else text


def parse_launch_date(text: str) -> Instant:
    """An Instant from GCAT's Launch_Date, at the precision GCAT gives; ValueError otherwise."""
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f"{text.strip()!r} is not a GCAT date (like '1957 Oct  4 1928:34')")
    year, month_name, day, hour, minute, second, doubt = match.groups()
    month = _MONTHS.get(month_name)
    if month is None:
        raise ValueError(f"{text.strip()!r}: unknown month {month_name!r}")
    if day is None:
        precision = Precision.MONTH
    elif hour is None:
        precision = Precision.DAY
    else:
        precision = Precision.SECOND if second is not None else Precision.MINUTE
    parts = [int(year), month, int(day or 1), int(hour or 0), int(minute or 0), int(second or 0)]
    try:
        moment = datetime(*parts, tzinfo=UTC)
    except ValueError as exc:
        raise ValueError(f"{text.strip()!r} is not a real date or time ({exc})") from None
    return Instant(moment, precision, uncertain=doubt is not None)


def parse_launchlog(raw: bytes, file: str) -> LaunchLog:
    """Read a launch log (GCAT's tsv/derived/launchlog.tsv); raises DatasetError naming the line."""
    lines = _lines(raw, file)
    columns = _header(lines, file, LAUNCHLOG_COLUMNS, "launch log")
    count = columns["_count"]
    col = [columns[n] for n in LAUNCHLOG_COLUMNS]
    log = LaunchLog(launches=[], rows=0)
    by_tag: dict[str, tuple[GcatLaunch, list[Payload]]] = {}
    for lineno, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            updated = _UPDATED.match(line)
            if updated and log.updated is None:
                log.updated = updated.group(1)
            continue
        if not line.strip():
            continue
        cells = _fields(line, lineno, file, count)
        tag, when, piece, name, plname, vehicle, flight, platform, site, pad, ascent, code = (
            cells[i] for i in col)
        log.rows += 1
        tag, code = tag.strip(), code.strip()
        if not tag:
            raise DatasetError(f"{file}:{lineno}: Launch_Tag is empty")
        payload = Payload(piece.strip(), name.strip(), plname.strip())
        known = by_tag.get(tag)
        if known is not None:
            known[1].append(payload)
            continue
        if code.startswith("X"):
            log.skipped[SKIP_MOON] += 1
            continue
        if not code.startswith(("O", "D")):
            log.skipped[SKIP_NOT_ORBITAL] += 1
            continue
        try:
            at = parse_launch_date(when)
        except ValueError as exc:
            raise DatasetError(f"{file}:{lineno}: Launch_Date: {exc}") from None
        site_code = _value(site)
        if site_code is None:
            raise DatasetError(f"{file}:{lineno}: Launch_Site is empty for {tag}")
        launch = GcatLaunch(tag=tag, line=lineno, at=at, code=code, vehicle=_value(vehicle) or "unknown",
                            flight_id=_value(flight), platform=_value(platform), site_code=site_code,
                            pad=_value(pad), ascent_site=_value(ascent), payloads=())
        by_tag[tag] = (launch, [payload])
    if not by_tag:
        raise DatasetError(f"{file}: no launches: not a GCAT launch log, or an empty one")
    for launch, payloads in by_tag.values():
        log.launches.append(_with_payloads(launch, payloads))
    return log


def _with_payloads(launch: GcatLaunch, payloads: list[Payload]) -> GcatLaunch:
    from dataclasses import replace

    return replace(launch, payloads=tuple(payloads))


def _coordinate(cell: str, lineno: int, file: str, name: str) -> float | None:
    text = _value(cell)
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise DatasetError(f"{file}:{lineno}: {name} {text!r} is not a number") from None


def parse_sites(raw: bytes, file: str) -> tuple[dict[str, GcatSite], str | None]:
    """Read GCAT's site table (tsv/tables/sites.tsv): sites by code, and its "Updated" line."""
    lines = _lines(raw, file)
    columns = _header(lines, file, SITES_COLUMNS, "site table")
    count = columns["_count"]
    sites: dict[str, GcatSite] = {}
    updated = None
    for lineno, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            found = _UPDATED.match(line)
            if found and updated is None:
                updated = found.group(1)
            continue
        if not line.strip():
            continue
        cells = _fields(line, lineno, file, count)
        code = cells[columns["Site"]].strip()
        if not code:
            raise DatasetError(f"{file}:{lineno}: Site is empty")
        sites.setdefault(code, GcatSite(
            code=code, kind=cells[columns["Type"]].strip(), state=cells[columns["StateCode"]].strip(),
            name=_value(cells[columns["Name"]]) or code,
            longitude=_coordinate(cells[columns["Longitude"]], lineno, file, "Longitude"),
            latitude=_coordinate(cells[columns["Latitude"]], lineno, file, "Latitude")))
    if not sites:
        raise DatasetError(f"{file}: no sites: not a GCAT site table, or an empty one")
    return sites, updated

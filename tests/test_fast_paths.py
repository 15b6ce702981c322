"""The fast paths for large datasets (issue 7) give exactly what the plain code gives:
JSON lists written a row a line, local times without strftime, anniversaries that skip
occasions without a milestone, listings that fold each repeated value once."""

from __future__ import annotations

import calendar
import functools
import io
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from almanac import load
from almanac.anniversaries import EVERY_YEAR, ROUND, Milestones, anniversaries_between, occasions, same_day_in
from almanac.cli import app
from almanac.model import Instant, Precision
from almanac.queries import LaunchFilter, filter_launches
from almanac.render.formats import write_json, write_rows
from almanac.text import fold
from almanac.zones import EASTERN_ZONE, iso_local, iso_local_fast, resolve_zone, show_in


def run(*args: str):
    return CliRunner().invoke(app, list(args))


# --- JSON layout ---------------------------------------------------------------------------


def written(document) -> str:
    out = io.StringIO()
    write_json(document, out)
    return out.getvalue()


def test_json_list_is_one_compact_item_a_line():
    rows = [{"id": "a", "crew": ["x", "y"], "local": None}, {"id": "b", "crew": [], "n": 1.5}]
    assert written(rows) == ('[\n'
                             '  {"id": "a", "crew": ["x", "y"], "local": null},\n'
                             '  {"id": "b", "crew": [], "n": 1.5}\n'
                             ']\n')


def test_empty_json_list_and_single_objects_keep_their_form():
    assert written([]) == "[]\n"
    assert written({"id": "a", "crew": ["x"]}) == '{\n  "id": "a",\n  "crew": [\n    "x"\n  ]\n}\n'


@given(st.lists(st.dictionaries(st.text(), st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(), st.lists(st.text(), max_size=3)),
    max_size=4), max_size=5))
def test_json_list_reads_back_as_written(rows):
    text = written(rows)
    assert json.loads(text) == rows
    # Exactly as json.dump with indent=2 read back, and one item per line between the brackets.
    assert json.loads(text) == json.loads(json.dumps(rows, ensure_ascii=False, indent=2))
    lines = text.split("\n")
    assert text.endswith("\n") and len(lines) == (len(rows) + 3 if rows else 2)


@pytest.mark.parametrize("count", [1, 63, 64, 65, 128, 200])
def test_json_list_from_an_iterator_is_written_in_pieces_as_from_a_list(count):
    from almanac.render.formats import write_json_list

    rows = [{"id": f"r{i}", "n": i, "crew": ["x"] * (i % 3)} for i in range(count)]
    out, writes = io.StringIO(), []
    real_write = out.write
    out.write = lambda text: (writes.append(text), real_write(text))[1]
    write_json_list(iter(rows), out)
    assert out.getvalue() == written(rows) and json.loads(out.getvalue()) == rows
    assert len(out.getvalue().split("\n")) == count + 3
    assert max(map(len, writes)) < 64 * 50  # never the whole listing in one piece


def test_json_keeps_text_as_text():
    rows = [{"name": "Союз МС-27", "note": 'tab\there "quoted" \u2028 line'}]
    text = written(rows)
    assert "Союз МС-27" in text  # not \u escapes
    assert json.loads(text) == rows


def test_list_json_is_jsonl_in_brackets():
    as_json = run("list", "--format", "json")
    as_jsonl = run("list", "--format", "jsonl")
    assert as_json.exit_code == 0 and as_jsonl.exit_code == 0
    lines = as_json.stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert [line.strip().rstrip(",") for line in lines[1:-1]] == as_jsonl.stdout.splitlines()
    assert json.loads(as_json.stdout) == [json.loads(x) for x in as_jsonl.stdout.splitlines()]


def test_one_launch_is_still_an_indented_object():
    result = run("launch", "soyuz-19", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.startswith('{\n  "id": "soyuz-19",\n')
    assert json.loads(result.stdout)["id"] == "soyuz-19"


def test_anniversaries_json_rows_equal_the_jsonl_rows():
    as_json = run("anniversaries", "--year", "2025", "--format", "json")
    as_jsonl = run("anniversaries", "--year", "2025", "--format", "jsonl")
    assert as_json.exit_code == 0 and as_jsonl.exit_code == 0
    found = json.loads(as_json.stdout)
    assert len(found) > 20
    assert found == [json.loads(x) for x in as_jsonl.stdout.splitlines()]


# --- local times ---------------------------------------------------------------------------

ZONES = ["America/New_York", "Asia/Qyzylorda", "Europe/Moscow", "Asia/Kathmandu",
         "Pacific/Chatham", "Africa/Monrovia", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


@settings(max_examples=300)
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
       st.sampled_from(list(Precision)), st.sampled_from(ZONES))
def test_iso_local_fast_is_iso_local(moment, precision, zone_name):
    instant = Instant(moment.replace(microsecond=0, tzinfo=UTC), precision)
    assert iso_local_fast(instant, zone_name) == iso_local(instant, zone_name)


@pytest.mark.parametrize("text", ["0999-03-04T05:06:07Z", "1957-10-04T19:28:34Z",
                                  "1972-05-01T00:30Z", "2038-07-01T12:00:00Z"])
@pytest.mark.parametrize("zone_name", ZONES)
def test_iso_local_fast_edge_years(text, zone_name):
    instant = Instant.parse(text)
    assert iso_local_fast(instant, zone_name) == iso_local(instant, zone_name)


STRFTIME_ISO = {Precision.SECOND: "%Y-%m-%dT%H:%M:%SZ", Precision.MINUTE: "%Y-%m-%dT%H:%MZ",
                Precision.DAY: "%Y-%m-%d", Precision.MONTH: "%Y-%m"}


@settings(max_examples=300)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
       st.sampled_from(list(Precision)))
def test_instant_iso_is_strftime_of_its_precision(moment, precision):
    # Instant.iso() formats with isoformat(); it must give what strftime gave, years < 1000 too.
    instant = Instant(moment.replace(microsecond=0, tzinfo=UTC), precision)
    assert instant.iso() == instant.utc.strftime(STRFTIME_ISO[precision])
    if moment.year >= 1000:
        assert Instant.parse(instant.iso()).iso() == instant.iso()


def test_launch_rows_in_eastern_time_match():
    from almanac.render.records import launch_row

    for launch in load().launches:
        row = launch_row(launch)
        assert row["local"] == iso_local(launch.at, launch.site.zone)
        assert row["eastern"] == iso_local(launch.at, EASTERN_ZONE)


# --- anniversaries -------------------------------------------------------------------------


def reference(dataset, start, end, milestones, tz):
    """anniversaries_between as first written: every occasion, moved to the zone, each year."""
    out = []
    for occasion in occasions(dataset):
        at = occasion.at
        if not at.precision.has_clock_time:
            original_on, local = at.utc.date(), None
        elif tz is None:
            original_on, local = at.utc.date(), at.utc
        else:
            local = show_in(at.utc, tz)
            original_on = local.date()
        for year in range(start.year, end.year + 1):
            years = year - original_on.year
            if years not in milestones:
                continue
            if at.precision is Precision.MONTH:
                first = date(year, original_on.month, 1)
                last = first.replace(day=calendar.monthrange(year, first.month)[1])
                if last < start or first > end:
                    continue
                on = first
            else:
                on = same_day_in(year, original_on)
                if not start <= on <= end:
                    continue
            out.append((on, local, at.utc, occasion.launch.id, occasion.key, years,
                        original_on, occasion.title, occasion.also_recorded_on))
    return sorted(out, key=lambda r: (r[0], (1, r[1].time()) if r[1] else (0, datetime.min.time()),
                                      r[2], r[3], r[4]))


def found(dataset, start, end, milestones, tz):
    return [(a.on, a.original_local, a.occasion.at.utc, a.launch.id, a.occasion.key, a.years,
             a.original_on, a.title, a.occasion.also_recorded_on)
            for a in anniversaries_between(dataset, start, end, milestones, tz)]


NEW_YEAR = """\
schema_version: 1
sites:
  - id: cape
    name: Cape
    country: US
    zone: America/New_York
    sources: ["https://example.org/cape"]
stations: []
people: []
launches:
"""


# A launch in one year with an event in the next, whose local year differs again.
LATE_EVENT = """\
  - id: l-late
    name: L late
    utc: "1999-06-01T10:00Z"
    site: cape
    vehicle: Rocket
    sources: ["https://example.org/late"]
    events:
      - type: landing
        utc: "2001-01-01T02:00Z"
"""


@pytest.fixture(scope="module", params=["parsed", "cached"])
def new_year(request, tmp_path_factory):
    """Launches whose local year differs from the UTC year, east and west of Greenwich; as
    parsed, and as rebuilt from the cache (launches decoded only when read)."""
    folder = tmp_path_factory.mktemp("new-year")
    path = folder / "new-year.yaml"
    moments = ["2000-12-31T20:00Z", "2001-01-01T03:00Z", "1999-12-31T23:59:59Z", "2000-12",
               "2000-12-31", "2001-01-01", "2000-06-15T12:00Z", "2000-02-29T23:00Z"]
    path.write_text(NEW_YEAR + "".join(
        f'  - id: l{i}\n    name: L {i}\n    utc: "{m}"\n    site: cape\n    vehicle: Rocket\n'
        f'    sources: ["https://example.org/l{i}"]\n' for i, m in enumerate(moments)) + LATE_EVENT,
        encoding="utf-8")
    if request.param == "parsed":
        return load(path, cache=False)
    from almanac.cache import DatasetCache

    entry = DatasetCache(path, path.read_bytes(), directory=folder / "cache")
    assert entry.save(load(path, cache=False))
    return entry.load(str(path))


@pytest.mark.parametrize("zone_name", [None, "+05:00", "-05:00", "Pacific/Kiritimati", "EDT",
                                       "Pacific/Pago_Pago"])
@pytest.mark.parametrize(("start", "end", "milestones"), [
    (date(2025, 1, 1), date(2025, 12, 31), Milestones.listed([25])),
    (date(2026, 1, 1), date(2026, 12, 31), Milestones.listed([25])),
    (date(2025, 12, 31), date(2026, 1, 1), ROUND),
    (date(2024, 1, 1), date(2029, 12, 31), EVERY_YEAR),
    (date(2025, 2, 28), date(2025, 3, 1), Milestones.listed([24, 25, 26])),
])
def test_anniversaries_match_reference_around_new_year(new_year, zone_name, start, end, milestones):
    tz = resolve_zone(zone_name) if zone_name else None
    expected = reference(new_year, start, end, milestones, tz)
    assert found(new_year, start, end, milestones, tz) == expected


def test_new_year_launch_moves_year_with_the_zone(new_year):
    # 2000-12-31T20:00Z is 2001-01-01 01:00 at +05:00: its 25th anniversary is in 2026 there.
    east = resolve_zone("+05:00")
    in_2025 = {a.launch.id for a in anniversaries_between(new_year, date(2025, 1, 1),
                                                           date(2025, 12, 31), Milestones.listed([25]))}
    in_2026_east = {a.launch.id for a in anniversaries_between(new_year, date(2026, 1, 1),
                                                                date(2026, 12, 31),
                                                                Milestones.listed([25]), east)}
    assert "l0" in in_2025 and "l0" in in_2026_east


@pytest.mark.parametrize("zone_name", [None, "Moscow", "Pacific", "Baikonur"])
@pytest.mark.parametrize(("start", "end", "milestones"), [
    (date(2025, 1, 1), date(2025, 12, 31), ROUND),
    (date(2025, 7, 1), date(2025, 7, 31), EVERY_YEAR),
    (date(2000, 1, 1), date(2030, 12, 31), Milestones(every=10, years=frozenset({1}))),
])
def test_anniversaries_match_reference_on_packaged_dataset(zone_name, start, end, milestones):
    dataset = load()
    tz = resolve_zone(zone_name, dataset.sites) if zone_name else None
    expected = reference(dataset, start, end, milestones, tz)
    assert expected
    assert found(dataset, start, end, milestones, tz) == expected


# --- listings ------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["date", "id", "name", "site", "vehicle", "program"])
def test_list_sorts_by_folded_values(sort):
    dataset = load()
    got = filter_launches(dataset, LaunchFilter(), sort=sort)
    assert sorted(got, key=lambda x: x.id) == sorted(dataset.launches, key=lambda x: x.id)
    if sort != "date":
        def value(x):
            return x.site.id if sort == "site" else getattr(x, sort) or ""
        keys = [(fold(value(x)), x.at.utc, x.id) for x in got]
        assert keys == sorted(keys)


def test_list_filters_by_vehicle_program_and_search_ignoring_case():
    dataset = load()
    launch = next(x for x in dataset.launches if x.program)
    by_vehicle = filter_launches(dataset, LaunchFilter(vehicle=launch.vehicle.upper()))
    assert launch in by_vehicle and all(fold(x.vehicle) == fold(launch.vehicle) for x in by_vehicle)
    by_program = filter_launches(dataset, LaunchFilter(program=launch.program.lower()))
    assert launch in by_program and all(fold(x.program or "") == fold(launch.program)
                                        for x in by_program)
    by_search = filter_launches(dataset, LaunchFilter(search=launch.name.upper()))
    assert launch in by_search


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.text(alphabet="ab\\\t\n\r ;é"),
                 st.lists(st.text(alphabet="a\\\t\n"), max_size=3)))
def test_tsv_cells_escape_as_the_four_replacements_do(value):
    from almanac.render.formats import flat, tsv_cell

    replaced = flat(value).replace("\\", "\\\\").replace("\t", "\\t")
    replaced = replaced.replace("\n", "\\n").replace("\r", "\\r")
    assert tsv_cell(value) == replaced
    assert "\t" not in tsv_cell(value) and "\n" not in tsv_cell(value)


@pytest.mark.parametrize("count", [0, 1, 64, 65, 130])
def test_tsv_and_csv_rows_written_in_pieces_are_every_row(count):
    import csv

    rows = [{"id": f"r{i}", "note": "tab\there" if i % 2 else None, "crew": ["a", "b"]} for i in range(count)]
    for fmt in ("tsv", "csv"):
        out = io.StringIO()
        write_rows(iter(rows), fmt, out, fields=("id", "note", "crew"))
        lines = out.getvalue().splitlines()
        assert len(lines) == count + 1 and lines[0] == ("id\tnote\tcrew" if fmt == "tsv" else "id,note,crew")
        if fmt == "csv":
            assert list(csv.reader(lines[1:])) == [[r["id"], r["note"] or "", "a; b"] for r in rows]
        else:
            escaped = "tab\\there"  # the tab shown as backslash-t
            assert lines[1:] == ["\t".join((r["id"], escaped if r["note"] else "", "a; b")) for r in rows]


def test_tsv_rows_unchanged_by_json_change():
    rows = [{"id": "a", "crew": ["x", "y"]}]
    out = io.StringIO()
    write_rows(rows, "tsv", out)
    assert out.getvalue() == "id\tcrew\na\tx; y\n"


@pytest.mark.parametrize("zone_name", [None, "Moscow", "Pacific/Chatham"])
def test_anniversary_rows_give_the_reference_texts(zone_name):
    # anniversary_rows writes the times without the Occasion properties and, in UTC, reuses
    # the UTC text for the local one: each must still be what the plain formatters give.
    from almanac.cli.anniversaries import anniversary_rows

    dataset = load()
    tz = resolve_zone(zone_name, dataset.sites) if zone_name else None
    found = anniversaries_between(dataset, date(2000, 1, 1), date(2030, 12, 31), EVERY_YEAR, tz)
    rows = list(anniversary_rows(found))
    assert len(rows) == len(found) > 1000
    for a, row in zip(found, rows, strict=True):
        at = a.occasion.at
        assert row["original_utc"] == at.utc.strftime(STRFTIME_ISO[at.precision])
        assert row["original_local"] == iso_local(at, tz.display_zone if tz else "UTC")
        assert (row["date"], row["precision"], row["ordinal"], row["id"]) == (
            a.date_text(), a.precision.value, a.ordinal, a.uid_key)
        assert (row["kind"], row["event_type"]) == (a.occasion.kind, a.occasion.event_type)


def test_anniversaries_and_occasions_are_built_whole():
    # anniversaries_between fills their __dict__ directly rather than through the frozen
    # dataclasses' __init__: each must equal, field for field, what __init__ builds.
    import dataclasses

    from almanac.anniversaries import Anniversary, Occasion

    for cls in (Anniversary, Occasion):  # what filling __dict__ directly relies on
        assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__"), cls.__name__
    found = anniversaries_between(load(), date(2020, 1, 1), date(2025, 12, 31), EVERY_YEAR,
                                  resolve_zone("Moscow", load().sites))
    assert len(found) > 1000
    for a in found:
        o = a.occasion
        occasion = Occasion(o.launch, o.event, o.title, o.key, o.also_recorded_on)
        assert o == occasion and repr(o) == repr(occasion) and hash(o) == hash(occasion)
        again = Anniversary(occasion, a.years, a.on, a.precision, a.original_on, a.original_local, a.zone)
        assert a == again and repr(a) == repr(again) and hash(a) == hash(again)
        assert vars(a).keys() == {f.name for f in dataclasses.fields(Anniversary)}
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.years = 0


@functools.cache
def packaged():
    return load(cache=False)


@pytest.mark.parametrize("zone_name", [None, "Moscow", "Pacific/Chatham", "America/New_York"])
def test_anniversary_json_is_the_json_encoders_text_of_each_row(zone_name):
    from almanac.cli.anniversaries import anniversary_json, anniversary_rows

    dataset = packaged()
    tz = resolve_zone(zone_name, dataset.sites) if zone_name else None
    found = anniversaries_between(dataset, date(2024, 1, 1), date(2025, 12, 31), EVERY_YEAR, tz)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    texts = list(anniversary_json(found))
    assert texts == [encode(row) for row in anniversary_rows(found)] and len(texts) > 1000
    # every kind of value is among them
    rows = [json.loads(t) for t in texts]
    assert {r["original_precision"] for r in rows} >= {"day", "minute", "second"}
    assert {r["kind"] for r in rows} == {"launch", "event"}
    assert any(r["also_recorded_on"] for r in rows) and any(r["target"] is None for r in rows)
    assert any(r["description"] for r in rows) and any(r["original_local"] is None for r in rows)


ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(title=ODD_TEXT, name=ODD_TEXT, ident=ODD_TEXT, kind=ODD_TEXT, target=st.none() | ODD_TEXT,
       description=st.none() | ODD_TEXT, zone=ODD_TEXT, also=st.lists(ODD_TEXT, max_size=3),
       event=st.booleans(), precision=st.sampled_from(list(Precision)))
def test_anniversary_json_escapes_any_text_as_the_json_encoder_does(
        title, name, ident, kind, target, description, zone, also, event, precision):
    # quotes, backslashes, control characters, line separators, any script
    from almanac.anniversaries import Anniversary, Occasion
    from almanac.cli.anniversaries import anniversary_json, anniversary_rows
    from almanac.model import Event, Launch, Site

    at = Instant(datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC), precision)
    site = Site("s", "Site", "US", "UTC")
    launch = Launch(ident, name, at, site, "Rocket")
    happened = Event(kind, at, target, None, description) if event else None
    occasion = Occasion(launch, happened, title, ident + "-key", tuple(also))
    on = date(2026, 2, 1) if precision is Precision.MONTH else date(2026, 2, 3)
    local = at.utc if precision.has_clock_time else None
    by_month = Precision.MONTH if precision is Precision.MONTH else Precision.DAY
    found = [Anniversary(occasion, 25, on, by_month, at.utc.date(), local, zone)]
    row = next(anniversary_rows(found))
    assert list(anniversary_json(found)) == [json.JSONEncoder(ensure_ascii=False).encode(row)]
    assert json.loads(next(anniversary_json(found))) == row


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_anniversaries_json_on_the_command_line_is_the_rows_encoded(fmt, tmp_path):
    from almanac.cli.anniversaries import anniversary_rows

    result = run("anniversaries", "--from", "2020-01-01", "--to", "2025-12-31", "--all",
                 "--tz", "Moscow", "--format", fmt)
    assert result.exit_code == 0
    dataset = packaged()
    found = anniversaries_between(dataset, date(2020, 1, 1), date(2025, 12, 31), EVERY_YEAR,
                                  resolve_zone("Moscow", dataset.sites))
    assert len(found) > 1000
    expected = io.StringIO()
    write_rows(anniversary_rows(found), fmt, expected, fields=None)
    assert result.stdout == expected.getvalue()
    written_file = tmp_path / f"out.{fmt}"
    again = run("anniversaries", "--from", "2020-01-01", "--to", "2025-12-31", "--all",
                "--tz", "Moscow", "--output", str(written_file))
    assert again.exit_code == 0 and written_file.read_text(encoding="utf-8") == expected.getvalue()


@pytest.mark.parametrize("zone_name", [None, "Moscow", "America/New_York", "Pacific/Chatham"])
def test_anniversaries_come_in_the_order_of_their_sort_keys(zone_name):
    # anniversaries_between sorts by an int that folds the date and the clock together; the
    # order must be Anniversary.sort_key()'s, unknown times first in their day.
    dataset = packaged()
    tz = resolve_zone(zone_name, dataset.sites) if zone_name else None
    found = anniversaries_between(dataset, date(2023, 1, 1), date(2026, 12, 31), EVERY_YEAR, tz)
    keys = [a.sort_key() for a in found]
    assert keys == sorted(keys) and len(set(keys)) == len(keys) > 1000
    days = {}
    for a in found:
        days.setdefault(a.on, []).append(a.original_local is not None)
    assert any(flags == sorted(flags) and len(set(flags)) == 2 for flags in days.values())

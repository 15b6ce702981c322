"""The GCAT catalog layer, on GCAT's real launch log and site table.

The files are read from ../shared/catalog/ beside the repository (never copied into it); the
tests that need them are skipped, with the reason, where they are absent.
"""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from almanac import find_launch, load
from almanac.catalog import ATTRIBUTION, installed, merged
from almanac.catalog import names as catalog_names
from almanac.catalog.gcat import SKIP_MOON, parse_launch_date, parse_launchlog, parse_sites
from almanac.catalog.install import check_files, import_files
from almanac.catalog.merge import merge
from almanac.catalog.prepared import prepare
from almanac.domain.model import Precision
from almanac.domain.queries import LaunchFilter, filter_launches
from almanac.errors import DatasetError
from tests.conftest import MINIMAL_DATASET

SHARED = Path(__file__).resolve().parents[2] / "shared" / "catalog"
LAUNCHLOG = SHARED / "launchlog-2024-12-08.tsv"
SITES = SHARED / "sites-2024-11-27.tsv"
ROWS, TAGS, MOON_ROWS = 23433, 6828, 11

needs_gcat = pytest.mark.skipif(not (LAUNCHLOG.is_file() and SITES.is_file()),
                                reason=f"GCAT's real files are not in {SHARED}")


# --- fixtures: the real catalog read once, installed once --------------------------------------


@pytest.fixture(scope="module")
def log():
    if not LAUNCHLOG.is_file():
        pytest.skip(f"GCAT's launch log is not in {SHARED}")
    return parse_launchlog(LAUNCHLOG.read_bytes(), str(LAUNCHLOG))


@pytest.fixture(scope="module")
def catalog(log):
    sites, updated = parse_sites(SITES.read_bytes(), str(SITES))
    return prepare(log, sites, updated, use_library=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A data folder and a cache folder with the real catalog installed (once per module)."""
    if not (LAUNCHLOG.is_file() and SITES.is_file()):
        pytest.skip(f"GCAT's real files are not in {SHARED}")
    data, cache = tmp_path_factory.mktemp("gcat-data"), tmp_path_factory.mktemp("gcat-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(data))
        patch.setenv("XDG_CACHE_HOME", str(cache))
        import_files(LAUNCHLOG, SITES, data / "almanac" / "catalog")
    return data, cache


@pytest.fixture
def with_catalog(store, monkeypatch):
    """Commands in this test see the installed real catalog."""
    data, cache = store
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return data / "almanac" / "catalog"


@pytest.fixture(scope="module")
def full(store):
    """The packaged dataset merged with the real catalog, and the merge's report."""
    data, cache = store
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(data))
        patch.setenv("XDG_CACHE_HOME", str(cache))
        found = installed()
        return merge(load(), found.catalog)


# --- reading GCAT's forms --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso", "precision", "uncertain"), [
    ("1957 Oct  4 1928:34", "1957-10-04T19:28:34Z", Precision.SECOND, False),
    ("2024 Dec  8 0512", "2024-12-08T05:12Z", Precision.MINUTE, False),
    ("1958 Jul 25", "1958-07-25", Precision.DAY, False),
    ("1962 Aug 23 1133?", "1962-08-23T11:33Z", Precision.MINUTE, True),
    ("2014 Apr  9 1906:02?", "2014-04-09T19:06:02Z", Precision.SECOND, True),
    ("2012 May 23?", "2012-05-23", Precision.DAY, True),
    ("1958 Jul", "1958-07", Precision.MONTH, False),
])
def test_gcat_dates_keep_their_precision_and_doubt(text, iso, precision, uncertain):
    at = parse_launch_date(text)
    assert (at.iso(), at.precision, at.uncertain) == (iso, precision, uncertain)


@pytest.mark.parametrize("text", ["1957 Oct 32 1928", "1957 Foo  4", "yesterday", "1957 Oct  4 2461:00", ""])
def test_dates_in_no_gcat_form_are_refused(text):
    with pytest.raises(ValueError):
        parse_launch_date(text)


@pytest.mark.parametrize(("tag", "numeric"), [
    ("1957 ALP", "1957-001"), ("1958 DEL", "1958-004"), ("1961 A ALP", "1961-025"),
    ("1962 B OME", "1962-072"), ("2024-237", "2024-237"), ("1958-F07", "1958-F07"),
])
def test_greek_tags_have_their_numeric_form(tag, numeric):
    assert catalog_names.numeric_tag(tag) == numeric


@pytest.mark.parametrize(("alias", "tag"), [
    ("1957-001B", "1957-001"), ("1957 Alpha 2", "1957-001"), ("1962 Alpha Epsilon 1", "1962-029"),
    ("1958-F07", "1958-F07"), ("Apollo 11", None), ("1969-059A", "1969-059"),
])
def test_curated_aliases_that_designate_a_launch(alias, tag):
    assert catalog_names.launch_of_designation(alias) == tag


def test_the_greek_letters_number_each_year_without_gaps(log):
    per_year: dict[str, list[int]] = {}
    for launch in log.launches:
        numeric = catalog_names.numeric_tag(launch.tag)
        if numeric != launch.tag:
            per_year.setdefault(numeric[:4], []).append(int(numeric[5:]))
    assert per_year and all(sorted(n) == list(range(1, len(n) + 1)) for n in per_year.values())


# --- the whole real file: every row accounted for ----------------------------------------------


@needs_gcat
def test_every_row_of_the_real_launch_log_is_accounted_for(log, catalog):
    assert log.rows == ROWS
    assert dict(log.skipped) == {SKIP_MOON: MOON_ROWS}
    assert len(log.launches) == TAGS - MOON_ROWS  # one launch per tag, payloads grouped
    payload_rows = sum(len(x.payloads) for x in log.launches)
    assert payload_rows + MOON_ROWS == ROWS
    assert len({e.id for e in catalog.entries}) == len(catalog.entries)  # ids are unique


@needs_gcat
def test_merged_with_the_curated_dataset_every_row_is_imported_merged_or_skipped(full, catalog):
    dataset, report = full
    imported = sum(p.count("\n") + 1 for p in catalog.payloads) - report.merged_rows
    assert imported + report.merged_rows + MOON_ROWS == ROWS
    assert report.gcat_only + len(report.matched) == TAGS - MOON_ROWS
    assert len(dataset.launches) == report.gcat_only + len(load().launches)
    # what cannot be matched is reported, with a reason, and is never silently lost
    assert all(why for _, why in report.unmatched)


@needs_gcat
def test_one_launch_is_one_record_however_many_payloads(full):
    dataset, _ = full
    starlink = find_launch(dataset, "2024-237")
    assert starlink.name == "Starlink Group 12-5"
    assert len(starlink.catalog.payloads) == 23
    assert sum(1 for x in dataset.launches if x.catalog and x.catalog.tag == "2024-237") == 1


@needs_gcat
def _built(dataset) -> int:
    """How many of a merged dataset's launches have been built so far."""
    return sum(type(item) is not int for item in dataset.launches._items)


@pytest.mark.parametrize("criteria", [
    LaunchFilter(start=date(1977, 1, 1), end=date(1977, 12, 31)),
    LaunchFilter(end=date(1957, 12, 31)),  # Sputnik 1 and 2, nothing before
    LaunchFilter(start=date(2024, 12, 1)),
    LaunchFilter(start=date(1969, 7, 16), end=date(1969, 7, 16)),  # Apollo 11's day: curated
])
def test_a_dated_listing_builds_only_the_catalog_launches_it_shows(catalog, criteria):
    dataset, _ = merge(load(), catalog)
    shown = filter_launches(dataset, criteria)
    assert _built(dataset) <= len(shown) + len(load().launches) + 30  # and a bisection's worth
    everything = list(dataset.launches)  # builds the rest
    assert shown == [x for x in everything
                     if (criteria.start is None or x.at.utc.date() >= criteria.start)
                     and (criteria.end is None or x.at.utc.date() <= criteria.end)]
    assert shown and everything == sorted(everything, key=lambda x: (x.at.utc, x.id))


def test_anniversaries_build_only_the_catalog_launches_they_may_show(catalog):
    from almanac.domain.anniversaries import Selection, anniversaries_between

    dataset, _ = merge(load(), catalog)
    notable = anniversaries_between(dataset, date(2027, 1, 1), date(2027, 12, 31), selection=Selection())
    gcat_notable = sum(1 for e in catalog.entries if e.significance < 3)
    assert _built(dataset) <= len(load().launches) + gcat_notable
    assert any(a.occasion.launch.catalog is not None for a in notable)  # deep-space launches
    everything, _ = merge(load(), catalog)
    list(everything.launches)  # every launch built first: the same answer
    again = anniversaries_between(everything, date(2027, 1, 1), date(2027, 12, 31), selection=Selection())
    assert [a.uid_key for a in again] == [a.uid_key for a in notable]


def test_a_lookup_builds_only_the_launch_it_finds(catalog):
    dataset, _ = merge(load(), catalog)
    assert find_launch(dataset, "Starlink Group 12-5").catalog.tag == "2024-237"
    assert find_launch(dataset, "Sputnik 1").id == "sputnik-1"  # the curated record
    assert find_launch(dataset, "1957-001A").id == "sputnik-1"  # a piece: the launch that put it up
    assert _built(dataset) == len(load().launches) + 1
    assert dataset.by_id["sputnik-1"] is find_launch(dataset, "1957 ALP")
    assert "sputnik-1" in dataset.by_id and "no-such-launch" not in dataset.by_id


def test_launches_from_the_moon_are_not_earth_launches(full):
    dataset, _ = full
    assert not [x for x in dataset.launches if x.catalog and x.catalog.code.startswith("X")]


# --- names and ids people search for -----------------------------------------------------------


def _gcat_alone(catalog, write_dataset):
    """The catalog merged into a small curated dataset that has Baikonur (with its GCAT codes)
    and Kennedy but no uncrewed launch: what GCAT alone says."""
    text = MINIMAL_DATASET.replace(
        "    zone: Asia/Qyzylorda\n", "    zone: Asia/Qyzylorda\n    aliases: [NIIP-5, GIK-5]\n")
    return merge(load(write_dataset(text)), catalog)[0]


@needs_gcat
@pytest.mark.parametrize(("query", "tag"), [
    ("Sputnik 1", "1957 ALP"), ("sputnik-1", "1957 ALP"), ("1-y ISZ", "1957 ALP"), ("PS-1", "1957 ALP"),
    ("1957 ALP", "1957 ALP"), ("1957-001", "1957 ALP"), ("1957-001A", "1957 ALP"), ("1957-001B", "1957 ALP"),
    ("1957 ALP 2", "1957 ALP"), ("2024-237", "2024-237"), ("1958-F07", "1958-F07"),
    ("Cygnus NG-21", "2024-139"), ("Starlink Group 12-5", "2024-237"), ("Starlink 33550", "2024-237"),
    ("Progress MS-29", "2024-215"), ("Voyager 1", "1977-084"), ("Explorer 1", "1958 ALP"),
    ("Vanguard 1", "1958 BET"), ("Luna 2", "1959 XI"), ("Sputnik 5", "1960 LAM"),
])
def test_names_and_tags_find_gcat_launches(catalog, write_dataset, query, tag):
    dataset = _gcat_alone(catalog, write_dataset)
    assert find_launch(dataset, query).catalog.tag == tag


@needs_gcat
def test_the_worlds_names_are_checked_against_the_launch_log(log):
    by_tag = {x.tag: x for x in log.launches}
    gcat_names = {"1957 ALP": "1-y ISZ", "1957 BET": "2-y ISZ", "1958 DEL": "3-y Sovetskiy ISZ",
                  "1960 LAM": "Korabl'-Sputnik-2", "1961 GAM": "AMS Venera"}
    for tag, name in gcat_names.items():
        assert by_tag[tag].payloads[0].name == name
    assert set(catalog_names.WESTERN_NAMES) <= set(by_tag)
    assert by_tag["1957 ALP"].at.iso() == "1957-10-04T19:28:34Z"


@needs_gcat
def test_sputnik_1_from_gcat_alone_is_at_baikonur_in_its_zone(catalog, write_dataset):
    sputnik = find_launch(_gcat_alone(catalog, write_dataset), "Sputnik 1")
    assert (sputnik.id, sputnik.source, sputnik.at.iso()) == ("sputnik-1", "gcat", "1957-10-04T19:28:34Z")
    assert (sputnik.site.id, sputnik.site.zone) == ("baikonur", "Asia/Qyzylorda")
    assert sputnik.catalog.tag == "1957 ALP" and "1957-001" in sputnik.aliases


@needs_gcat
def test_a_curated_record_wins_and_gains_the_gcat_tag(full):
    dataset, report = full
    sputnik = find_launch(dataset, "1957 ALP")
    assert sputnik.source == "curated" and sputnik.sources  # the curated record, with its sources
    assert "1957 ALP" in sputnik.aliases
    apollo = find_launch(dataset, "1969-059")
    assert apollo.id == "apollo-11" and apollo.crew
    assert {m.curated for m in report.matched} >= {"sputnik-1", "apollo-11", "vostok-1", "sts-31"}
    assert find_launch(dataset, "Hubble Space Telescope").id == "sts-31"  # a payload name


@needs_gcat
def test_ids_are_unique_across_both_layers(full):
    dataset, _ = full
    ids = [x.id for x in dataset.launches]
    assert len(ids) == len(set(ids))
    assert find_launch(dataset, "1977-010").id == "molniya-2-1977-010"  # a series name takes its tag


# --- times and zones ---------------------------------------------------------------------------

# The twenty busiest launch site codes of the real file, and the zone each must get, checked by
# hand (the curated site that lists the code, or almanac.catalog.sites.HAND_ZONES). None: at sea.
BUSIEST = {
    "NIIP-53": "Europe/Moscow", "CC": "America/New_York", "NIIP-5": "Asia/Qyzylorda",
    "GIK-5": "Asia/Qyzylorda", "VS": "America/Los_Angeles", "CSG": "America/Cayenne",
    "V": "America/Los_Angeles", "KSC": "America/New_York", "JQ": "Asia/Shanghai",
    "XSC": "Asia/Shanghai", "GIK-1": "Europe/Moscow", "TYSC": "Asia/Shanghai",
    "GTsP-4": "Europe/Astrakhan", "SHAR": "Asia/Kolkata", "TNSC": "Asia/Tokyo",
    "VSFBS": "America/Los_Angeles", "MAHIA": "Pacific/Auckland", "PA": "America/Los_Angeles",
    "GNIIPV": "Europe/Moscow", "KLA": None,
}


@needs_gcat
def test_the_twenty_busiest_site_codes_get_the_zones_checked_by_hand(log, full):
    busiest = [code for code, _ in Counter(x.site_code for x in log.launches).most_common(20)]
    assert set(busiest) == set(BUSIEST)
    dataset, _ = full
    for code, zone in BUSIEST.items():
        launch = next(x for x in dataset.launches if x.catalog and x.catalog.site_code == code)
        if zone is None:
            assert launch.catalog.no_local_time and "sea launch" in launch.catalog.no_local_time
        else:
            assert (launch.site.zone, launch.catalog.no_local_time) == (zone, None), code


@needs_gcat
def test_without_the_zone_library_a_rare_site_is_utc_only_with_the_reason(catalog):
    dataset, _ = merge(load(), catalog)  # the catalog was prepared without timezonefinder
    kauai = next(x for x in dataset.launches if x.catalog and x.catalog.site_code == "KAU")
    assert kauai.catalog.no_local_time and "catalog-zones" in kauai.catalog.no_local_time


@needs_gcat
def test_air_launches_are_utc_only(full):
    dataset, _ = full
    pegasus = [x for x in dataset.launches if x.catalog and x.catalog.no_local_time
               and x.catalog.no_local_time.startswith("air launch")]
    assert pegasus and all("L-1011" in x.catalog.no_local_time or "B-52" in x.catalog.no_local_time
                           or "B747" in x.catalog.no_local_time or "F-4D" in x.catalog.no_local_time
                           for x in pegasus)


# --- the command line --------------------------------------------------------------------------


@needs_gcat
def test_launch_sputnik_1_shows_local_time(cli, with_catalog):
    result = cli("launch", "Sputnik 1", "1957-001")
    assert result.exit_code == 0, result.output
    assert "1957-10-04 19:28:34 UTC" in result.stdout
    assert "1957-10-05 00:28:34 +05 (Saturday) [Asia/Qyzylorda]" in result.stdout


@needs_gcat
def test_a_failed_launch(cli, with_catalog):
    result = cli("launch", "1958-F07", "-f", "json")
    record = json.loads(result.stdout)
    assert (record["source"], record["catalog"]["failed"], record["precision"]) == ("gcat", True, "day")
    assert record["local"] is None and record["catalog"]["credit"] == ATTRIBUTION
    text = cli("launch", "1958-F07").stdout
    assert "Outcome:      failure (GCAT launch code OF)" in text and ATTRIBUTION.split(": ")[1] in text


@needs_gcat
def test_minute_precision_and_uncertain_times_in_every_format(cli, with_catalog):
    record = json.loads(cli("launch", "1964-028", "-f", "json").stdout)  # '1964 Jun  6 0600?'
    assert (record["utc"], record["precision"], record["uncertain"]) == ("1964-06-06T06:00Z", "minute", True)
    assert record["local"] == "1964-06-06T10:00+04:00"  # Kapustin Yar, Europe/Astrakhan
    assert "(uncertain)" in cli("launch", "1964-028").stdout
    assert cli("launch", "1964-028", "-f", "press").stdout.rstrip().endswith("(time uncertain)")
    rows = cli("launch", "1964-028", "1958-F01", "-f", "tsv").stdout.splitlines()
    header = rows[0].split("\t")
    values = [dict(zip(header, row.split("\t"), strict=True)) for row in rows[1:]]
    assert [(v["precision"], v["uncertain"], v["source"]) for v in values] == [
        ("minute", "true", "gcat"), ("minute", "false", "gcat")]


@needs_gcat
def test_a_sea_launch_shows_utc_only_with_the_reason(cli, with_catalog):
    record = json.loads(cli("launch", "1999-014", "-f", "json").stdout)  # Sea Launch's DemoSat
    assert record["local"] is None and "sea launch" in record["catalog"]["no_local_time"]
    assert "Site local:   none: sea launch" in cli("launch", "1999-014").stdout


@needs_gcat
def test_list_1977_has_gcat_launches_with_local_times_and_a_source(cli, with_catalog):
    rows = cli("list", "--year", "1977", "--format", "tsv").stdout.splitlines()
    header = rows[0].split("\t")
    values = [dict(zip(header, row.split("\t"), strict=True)) for row in rows[1:]]
    sources = Counter(v["source"] for v in values)
    assert sources["gcat"] > 100 and sources["curated"] >= 1
    kosmos = next(v for v in values if v["id"] == "kosmos-888")
    assert (kosmos["local"], kosmos["site"], kosmos["tag"]) == (
        "1977-01-06T14:40:00+05:00", "baikonur", "1977-001")
    alone = cli("--no-catalog", "list", "--year", "1977", "--format", "tsv").stdout.splitlines()
    assert len(alone) < 20 and all("\tgcat\t" not in row for row in alone)


@needs_gcat
def test_anniversaries_2027_include_gcat_launches(cli, with_catalog):
    rows = json.loads(cli("anniversaries", "--year", "2027", "--format", "json").stdout)
    gcat_ids = {row["launch_id"] for row in rows} - {x.id for x in load().launches}
    assert "mariner-5" in gcat_ids  # 1967-06-14, beyond Earth orbit: notable
    assert all(row["original_local"] for row in rows if row["launch_id"] == "mariner-5")


def _entry(kind: str) -> Path:
    """The packaged dataset's entry of this kind, made for the installed catalog."""
    from almanac.catalog.matches import MatchesCache
    from almanac.catalog.prepared import CatalogCache

    found = installed()
    if kind == "matches":
        return MatchesCache(found.directory, found.key, load()).entry.path
    return CatalogCache(found.directory, found.key).path


def _rewrite(entry: Path, body: bytes) -> None:
    """The entry with this body and a right checksum: only a forgery gives one."""
    import hashlib

    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    header.update(length=len(body), sha256=hashlib.sha256(body).hexdigest())
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


@needs_gcat
def test_matches_are_cached_and_follow_the_curated_dataset(cli, with_catalog, tmp_path, write_dataset):
    cache = Path(__import__("os").environ["XDG_CACHE_HOME"])
    assert cli("launch", "1957-001", "-f", "json").exit_code == 0
    entry = _entry("matches")
    matched = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    assert ["sputnik-1", "1957 ALP", "tag"] in matched["matched"]
    # a dataset whose Sputnik 1 has another id: matched again, under its own entry
    text = (MINIMAL_DATASET.replace("id: test-1", "id: sputnik-renamed").replace("name: Test 1", "name: Sputnik 1")
            .replace('utc: "2020-05-30T19:22:45Z"', 'utc: "1957-10-04T19:28:34Z"'))
    other = write_dataset(text)
    shown = cli("--data", str(other), "launch", "1957-001", "-f", "json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["id"] == "sputnik-renamed"
    assert len(list((cache / "almanac").glob("matches-*.json"))) == 2


@needs_gcat
def test_a_forged_matches_entry_is_dropped_and_matching_done_again(cli, with_catalog):
    good = cli("launch", "Sputnik 1", "-f", "json").stdout
    entry = _entry("matches")
    body = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    body["taken"][0][0] = 10 ** 6  # no such catalog entry
    _rewrite(entry, json.dumps(body).encode())
    result = cli("launch", "Sputnik 1", "-f", "json")
    assert (result.exit_code, result.stdout) == (0, good)
    assert b"1000000" not in entry.read_bytes()  # matched again and rewritten


@needs_gcat
def test_a_forged_catalog_column_is_one_clear_error(cli, with_catalog):
    assert cli("list", "--year", "1977", "-f", "tsv").exit_code == 0
    entry = _entry("catalog")
    saved = entry.read_bytes()
    main, rest = saved.split(b"\n", 1)[1].split(b"\n", 1)
    record = json.loads(main)
    details_size = record["columns"][0]
    details, others = rest[:details_size].split(b"\n"), rest[details_size + 1:]
    try:
        for forged in (b"[1, 2, 3]", b'"a text"', b"{"):  # a launch's details, of the wrong shape
            lines = [*details[:-1], forged]  # the last launch of the log: a 2024 one
            record["columns"][0] = len(b"\n".join(lines))
            _rewrite(entry, b"\n".join([json.dumps(record, separators=(",", ":")).encode(), *lines, others]))
            assert cli("list", "--year", "1977", "-f", "tsv").exit_code == 0  # reads other lines
            result = cli("list", "--year", "2024", "-f", "tsv")
            assert result.exit_code == 3, result.output
            assert result.stderr.count("\n") == 1 and "damaged cache entry" in result.stderr
            assert str(entry) in result.stderr and "Traceback" not in result.stderr
    finally:
        entry.write_bytes(saved)


@needs_gcat
def test_a_launch_in_neither_layer_says_how_far_the_catalog_goes(cli, with_catalog):
    result = cli("launch", "nosuchthing")
    assert result.exit_code == 1
    assert "neither the dataset nor the GCAT catalog installed (its newest launch is of 2024-12-08)" \
        in result.stderr
    assert "landmark uncrewed" not in result.stderr  # what the dataset alone holds: not this


@needs_gcat
def test_status_reports_source_counts_unmatched_and_attribution(cli, with_catalog):
    record = json.loads(cli("catalog", "status", "-f", "json").stdout)
    assert record["installed"] and record["files"]["launchlog"]["source"] == str(LAUNCHLOG)
    assert record["gcat_updated"] == "2024 Nov 27 05:01:59"  # the site table's; the log states none
    assert (record["launches"], record["site_codes"]) == (TAGS - MOON_ROWS, 697)
    assert record["failures"] == 488
    rows = record["rows"]
    assert rows["imported"] + rows["merged"] + rows["skipped"] == rows["total"] == ROWS
    assert {u["curated"] for u in record["unmatched"]} >= {"mercury-redstone-3", "progress-ms-31"}
    assert record["attribution"] == ATTRIBUTION
    text = cli("catalog", "status").stdout
    assert ATTRIBUTION in text and "mercury-redstone-3" in text


def test_status_without_a_catalog(cli):
    result = cli("catalog", "status", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["installed"] is False


# --- import, update and remove: the old catalog always survives a failure ----------------------


def _installed_tag_count() -> int:
    found = installed()
    return len(found.catalog.entries) if found else 0


@needs_gcat
def test_import_then_remove(cli, tmp_path):
    result = cli("catalog", "import", str(LAUNCHLOG), "--sites", str(SITES))
    assert result.exit_code == 0, result.output
    assert "6817 launches" in result.stdout and ATTRIBUTION in result.stdout
    assert cli("launch", "Starlink Group 12-5", "-f", "json").exit_code == 0
    assert cli("catalog", "remove").exit_code == 0
    assert _installed_tag_count() == 0
    assert cli("launch", "Starlink Group 12-5").exit_code == 1


@pytest.fixture
def small_catalog(tmp_path):
    """A small launch log cut from the real one (the header and the first 200 rows), and the
    real site table, in a temporary folder."""
    if not (LAUNCHLOG.is_file() and SITES.is_file()):
        pytest.skip(f"GCAT's real files are not in {SHARED}")
    lines = LAUNCHLOG.read_bytes().split(b"\n")
    folder = tmp_path / "gcat"
    (folder / "derived").mkdir(parents=True)
    (folder / "tables").mkdir()
    (folder / "derived" / "launchlog.tsv").write_bytes(b"\n".join(lines[:201]) + b"\n")
    shutil.copyfile(SITES, folder / "tables" / "sites.tsv")
    return folder


@pytest.mark.parametrize(("damage", "message"), [
    (lambda raw: raw[: len(raw) // 2], "tab-separated fields"),  # cut mid-row
    (lambda raw: raw.replace(b"1957 Oct  4 1928:34", b"1957 Oct 41 1928:34"), "Launch_Date"),
    (lambda raw: b"<html>Not found</html>\n", "not a GCAT launch log"),
    (lambda raw: raw.replace(b"Sputnik", b"Sputnik\xff"), "not valid UTF-8"),
])
def test_a_malformed_file_is_refused_and_the_old_catalog_kept(cli, small_catalog, tmp_path, damage, message):
    good = small_catalog / "derived" / "launchlog.tsv"
    assert cli("catalog", "import", str(good)).exit_code == 0
    before = _installed_tag_count()
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(damage(good.read_bytes()))
    result = cli("catalog", "import", str(bad))
    assert result.exit_code == 3
    assert message in result.stderr and str(bad) in result.stderr and "unchanged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert _installed_tag_count() == before > 0


class _Server:
    """http.server on 127.0.0.1 in a thread, serving a folder; ``mode`` makes it misbehave."""

    def __init__(self, folder: Path):
        self.folder, self.mode, self.requests = folder, "normal", []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                owner.requests.append((self.path, self.headers.get("If-None-Match")))
                path = owner.folder / self.path.lstrip("/")
                if not path.is_file():
                    self.send_error(404, "Not Found")
                    return
                body = path.read_bytes()
                etag = f'"{len(body)}-{hash(body) & 0xffff}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                if owner.mode == "slow":
                    time.sleep(2)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                if owner.mode == "drop":  # half the file, then the connection is gone
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A client that gave up (the timeout test) leaves its handler writing to a
                # closed socket after the test: that must not print into a later test's stderr.
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_update_downloads_then_sends_a_conditional_request(cli, small_catalog):
    with _Server(small_catalog) as server:
        first = cli("catalog", "update", "--url", server.url)
        assert first.exit_code == 0, first.output
        assert "Updated the GCAT catalog" in first.stdout
        assert _installed_tag_count() == 128  # the first 200 rows make 128 launches
        second = cli("catalog", "update", "--url", server.url)
        assert second.exit_code == 0 and "up to date" in second.stdout
        conditional = server.requests[2:]
        assert len(conditional) == 2 and all(etag for _, etag in conditional)  # If-None-Match sent
    assert cli("catalog", "status", "-f", "json").exit_code == 0


@pytest.mark.parametrize(("mode", "url_suffix", "message"), [
    ("normal", "nowhere/", "HTTP 404"),
    ("drop", "", "connection closed"),
    ("slow", "", "seconds"),
])
def test_a_failed_update_leaves_the_old_catalog(cli, small_catalog, mode, url_suffix, message):
    with _Server(small_catalog) as server:
        assert cli("catalog", "update", "--url", server.url).exit_code == 0
        before = _installed_tag_count()
        (small_catalog / "derived" / "launchlog.tsv").write_bytes(  # a new version to fetch
            (small_catalog / "derived" / "launchlog.tsv").read_bytes() + b"\n")
        server.mode = mode
        result = cli("catalog", "update", "--url", server.url + url_suffix, "--timeout", "0.5")
    assert result.exit_code == 3, result.output
    assert message in result.stderr and "unchanged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert _installed_tag_count() == before == 128


def test_update_refuses_a_url_that_is_not_http(cli):
    result = cli("catalog", "update", "--url", "file:///etc/")
    assert result.exit_code == 3 and "not an http(s) URL" in result.stderr


def test_remove_without_a_catalog_is_not_an_error(cli):
    result = cli("catalog", "remove")
    assert result.exit_code == 0 and "No GCAT catalog" in result.stdout


@needs_gcat
def test_check_files_reads_the_real_pair(catalog):
    assert catalog.sites_in_table == 697 and catalog.sites_updated == "2024 Nov 27 05:01:59"
    assert catalog.updated is None  # this copy of the launch log has no "# Updated" line


@needs_gcat
def test_merged_is_the_dataset_itself_without_a_catalog():
    dataset = load()
    assert merged(dataset) is dataset


def test_a_damaged_manifest_is_one_line_exit_3(cli, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    (folder / "almanac" / "catalog").mkdir(parents=True)
    (folder / "almanac" / "catalog" / "catalog.json").write_text("{not json")
    result = cli("list", "--year", "1977")
    assert result.exit_code == 3 and "damaged catalog manifest" in result.stderr
    assert cli("--no-catalog", "list", "--year", "1977").exit_code == 0


def test_sites_file_errors_name_file_and_line(tmp_path):
    bad = b"#Site\tType\tStateCode\tName\tLongitude\tLatitude\nCC\tLS\tUS\tCape\tfar west\t28.5\n"
    with pytest.raises(DatasetError, match=r"sites.tsv:2: Longitude 'far west' is not a number"):
        parse_sites(bad, "sites.tsv")
    with pytest.raises(DatasetError, match="no launches"):
        check_files(b"#" + "\t".join(("Launch_Tag", "Launch_Date", "Piece", "Name", "PLName", "LV_Type",
                                      "Flight_ID", "Platform", "Launch_Site", "Launch_Pad",
                                      "Ascent_Site", "Launch_Code")).encode() + b"\n", "log.tsv", None, None)

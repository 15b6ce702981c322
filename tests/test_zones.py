"""Zones: names users type (aliases, abbreviations by region and date, cities, sites, offsets),
historical offsets, DST gaps and repeated hours, round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from almanac import load
from almanac.domain.zones import (
    ABBREVIATIONS,
    ALIASES,
    AMBIGUOUS_ABBREVIATIONS,
    CITIES,
    AmbiguousTimeError,
    AmbiguousZoneError,
    NonexistentTimeError,
    ZoneSpec,
    convert,
    known_zone_names,
    local_candidates,
    quoted_zones,
    read_in_zone,
    read_local,
    resolve_zone,
    show_in,
)
from almanac.errors import UsageError

# The IANA zones of every active launch site, whatever the packaged dataset holds today.
ACTIVE_SITE_ZONES = (
    "Asia/Qyzylorda", "Europe/Moscow", "Asia/Yakutsk", "America/New_York", "America/Los_Angeles",
    "America/Chicago", "Asia/Shanghai", "Asia/Tokyo", "America/Cayenne", "Asia/Kolkata",
    "Pacific/Auckland",
)
SITES = load().sites
ALL_ZONES = sorted(set(ACTIVE_SITE_ZONES) | {site.zone for site in SITES.values()})


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, zone", [
    ("UTC", "UTC"), ("gmt", "UTC"), ("Z", "UTC"),
    ("ET", "America/New_York"), ("eastern", "America/New_York"),
    ("Houston", "America/Chicago"), ("Central", "America/Chicago"),
    ("Pacific", "America/Los_Angeles"), ("Moscow", "Europe/Moscow"),
    ("Baikonur", "Asia/Qyzylorda"), ("europe/moscow", "Europe/Moscow"),
])
def test_aliases_and_iana_names_are_zones_with_history(name, zone):
    spec = resolve_zone(name)
    assert spec.zone == zone
    assert spec.fixed is None


@pytest.mark.parametrize("name, region", [
    ("EDT", "America/New_York"), ("est", "America/New_York"), ("CDT", "America/Chicago"),
    ("PDT", "America/Los_Angeles"), ("PST", "America/Los_Angeles"), ("MSK", "Europe/Moscow"),
    ("msd", "Europe/Moscow"), ("JST", "Asia/Tokyo"), ("KST", "Asia/Seoul"), ("IST", "Asia/Kolkata"),
    ("BST", "Europe/London"), ("CET", "Europe/Paris"), ("CEST", "Europe/Paris"),
    ("AEST", "Australia/Sydney"), ("AEDT", "Australia/Sydney"), ("HST", "Pacific/Honolulu"),
])
def test_abbreviations_belong_to_a_region_and_show_its_zone_as_targets(name, region):
    spec = resolve_zone(name)
    assert spec.kind == "abbreviation"
    assert spec.label == name.upper()
    assert spec.region[0] == region
    assert spec.zone is None and spec.fixed is None
    assert spec.display_zone == region


@pytest.mark.parametrize("name", ["CST", "cst"])
def test_cst_is_refused_as_ambiguous_naming_both_ways_out(name):
    with pytest.raises(AmbiguousZoneError) as caught:
        resolve_zone(name, SITES)
    assert caught.value.exit_code == 2
    for way_out in ("CST6CDT", "Central", "China", "Asia/Shanghai"):
        assert way_out in caught.value.message
    assert resolve_zone("CST6CDT").zone == "CST6CDT"
    assert resolve_zone("China").zone == "Asia/Shanghai"


@pytest.mark.parametrize("text, minutes", [
    ("+05:00", 300), ("-0400", -240), ("+5", 300), ("UTC+3", 180), ("-03:30", -210),
    ("GMT+3", 180), ("GMT-4", -240), ("UTC-04:00", -240), ("UTC+5:30", 330), ("gmt+0530", 330),
])
def test_fixed_offsets(text, minutes):
    spec = resolve_zone(text)
    assert spec.kind == "offset"
    assert spec.fixed == timedelta(minutes=minutes)
    assert show_in(utc("2025-07-03T19:32"), spec).utcoffset() == timedelta(minutes=minutes)


def test_a_fixed_offset_is_labelled_as_an_offset():
    local = show_in(utc("2025-07-03T19:32"), resolve_zone("+05:00"))
    assert local.tzname() == "+05:00"


@pytest.mark.parametrize("name, zone, label", [
    ("Paris", "Europe/Paris", "Paris"), ("Beijing", "Asia/Shanghai", "Beijing"),
    ("Tokyo", "Asia/Tokyo", "Tokyo"), ("london", "Europe/London", "London"),
    ("new york", "America/New_York", "New York"), ("New_York", "America/New_York", "New York"),
    ("Los Angeles", "America/Los_Angeles", "Los Angeles"), ("Star City", "Europe/Moscow", "Star City"),
    ("Kolkata", "Asia/Kolkata", "Kolkata"), ("Bengaluru", "Asia/Kolkata", "Bengaluru"),
])
def test_cities_are_zones(name, zone, label):
    spec = resolve_zone(name)
    assert (spec.zone, spec.label, spec.kind) == (zone, label, "city")


@pytest.mark.parametrize("site_id", sorted(SITES))
def test_every_site_id_names_its_zone(site_id):
    assert resolve_zone(site_id, SITES).zone == SITES[site_id].zone


@pytest.mark.parametrize("site_id", sorted(SITES))
def test_every_name_list_site_takes_is_a_zone_too(site_id):
    """The names `list --site` matches (id, name, aliases, any case) all name the site's zone."""
    from almanac.domain.queries import find_site

    site = SITES[site_id]
    for name in (site.id, site.name, *site.aliases, site.name.upper()):
        assert resolve_zone(name, SITES).zone == site.zone, name
        assert find_site(load(), name).id == site.id


@pytest.mark.parametrize("name, site_id", [
    ("Tyuratam", "baikonur"), ("Baikonur Cosmodrome", "baikonur"), ("KSC", "kennedy"),
    ("Boca Chica", "starbase"), ("boca-chica", "starbase"), ("Байконур", "baikonur"),
])
def test_site_names_and_aliases_are_zones(name, site_id):
    spec = resolve_zone(name, SITES)
    assert (spec.zone, spec.label, spec.kind) == (SITES[site_id].zone, site_id, "site")


@pytest.mark.parametrize("name, label", [("Moscow time", "Moscow"), ("houston TIME", "Houston"),
                                         ("Tyuratam time", "baikonur"), ("Paris time", "Paris")])
def test_a_zone_may_be_followed_by_time_as_the_press_writes_it(name, label):
    assert resolve_zone(name, SITES).label == label
    with pytest.raises(UsageError, match="unknown time zone 'time'"):
        resolve_zone("time")


def test_site_names_need_the_sites():
    with pytest.raises(UsageError, match="unknown time zone 'Tyuratam'"):
        resolve_zone("Tyuratam")


def test_an_unknown_name_is_a_usage_error_with_close_matches():
    with pytest.raises(UsageError, match=r"unknown time zone 'Baikonr'; did you mean Baikonur"):
        resolve_zone("Baikonr")
    with pytest.raises(UsageError, match=r"did you mean .*Europe/Moscow"):
        resolve_zone("Europe/Moskow")
    with pytest.raises(UsageError, match=r"did you mean .*Baikonur Cosmodrome"):
        resolve_zone("Baikonur Cosmodrom", SITES)


def test_zones_lists_every_alias_abbreviation_city_and_site():
    names = {z.name: z for z in known_zone_names(SITES)}
    for name in (*ALIASES, *ABBREVIATIONS, *AMBIGUOUS_ABBREVIATIONS, *CITIES, *SITES):
        assert name in names
        assert names[name].meaning
    assert names["EDT"].kind == "abbreviation"
    assert names["CST"].meaning.startswith("refused")
    assert names["Beijing"].kind == "city"
    assert names["kennedy"].zone == "America/New_York"
    assert "Tyuratam" in names["baikonur"].meaning


@pytest.mark.parametrize("site_id, quoted", [
    ("baikonur", ["Moscow"]), ("plesetsk", ["Moscow"]), ("vostochny", ["Moscow"]),
    ("kennedy", []), ("tanegashima", []), ("jiuquan", []),
])
def test_launches_from_russian_sites_are_quoted_in_moscow_time(site_id, quoted):
    assert [spec.label for spec in quoted_zones(SITES[site_id])] == quoted


# --- historical offsets ------------------------------------------------------------------


@pytest.mark.parametrize("when, offset", [
    ("1975-07-15T12:20", 5),   # Soyuz 19
    ("2010-07-15T12:00", 6),
    ("2018-12-20T12:00", 6),   # the day before Qyzylorda moved back to +05
    ("2018-12-22T12:00", 5),
    ("2025-07-03T19:32", 5),   # Progress MS-31
])
def test_baikonur_offset_history(when, offset):
    local = show_in(utc(when), resolve_zone("baikonur", SITES))
    assert local.utcoffset() == timedelta(hours=offset)


@pytest.mark.parametrize("when, offset", [
    ("2011-03-26T12:00", 3),
    ("2011-03-27T12:00", 4),
    ("2012-01-15T12:00", 4),   # no winter time: +04 all year
    ("2013-07-15T12:00", 4),
    ("2014-10-25T12:00", 4),
    ("2014-10-26T12:00", 3),
    ("2025-07-03T12:00", 3),
])
def test_moscow_was_plus_four_all_year_from_2011_to_2014(when, offset):
    assert show_in(utc(when), resolve_zone("Moscow")).utcoffset() == timedelta(hours=offset)


def test_convert_labels_targets_with_what_was_in_force():
    shown = convert(utc("2025-01-15T14:00"), [resolve_zone(n) for n in ("EDT", "GMT", "baikonur")])
    assert [z.abbreviation for z in shown] == ["EST", "GMT", "+05"]
    assert [z.zone for z in shown] == ["America/New_York", "UTC", "Asia/Qyzylorda"]
    assert [z.offset for z in shown] == ["-05:00", "+00:00", "+05:00"]


# --- gaps and repeated hours -------------------------------------------------------------

GAPS = [  # zone, wall time, summer reading (UTC), standard reading (UTC)
    ("America/New_York", "2025-03-09 02:30", "2025-03-09T06:30", "2025-03-09T07:30"),
    ("America/New_York", "1975-02-23 02:30", "1975-02-23T06:30", "1975-02-23T07:30"),
    ("Europe/Moscow", "2011-03-27 02:30", "2011-03-26T22:30", "2011-03-26T23:30"),
    ("Europe/Moscow", "1995-03-26 02:30", "1995-03-25T22:30", "1995-03-25T23:30"),
]
FOLDS = [  # zone, wall time, first (UTC), second (UTC)
    ("America/New_York", "2025-11-02 01:30", "2025-11-02T05:30", "2025-11-02T06:30"),
    ("America/New_York", "1975-10-26 01:30", "1975-10-26T05:30", "1975-10-26T06:30"),
    ("Europe/Moscow", "2014-10-26 01:30", "2014-10-25T21:30", "2014-10-25T22:30"),
    ("Europe/Moscow", "2010-10-31 02:30", "2010-10-30T22:30", "2010-10-30T23:30"),
]


@pytest.mark.parametrize("zone, wall, summer, standard", GAPS)
def test_a_time_in_a_gap_does_not_exist_unless_dst_chooses(zone, wall, summer, standard):
    naive = datetime.fromisoformat(wall)
    assert local_candidates(naive, zone) == []
    with pytest.raises(NonexistentTimeError, match="does not exist") as caught:
        read_in_zone(naive, zone)
    assert caught.value.exit_code == 2
    assert read_in_zone(naive, zone, dst=True).utc == utc(summer)
    assert read_in_zone(naive, zone, dst=False).utc == utc(standard)


@pytest.mark.parametrize("zone, wall, first, second", FOLDS)
def test_a_repeated_time_is_ambiguous_and_names_both_readings(zone, wall, first, second):
    naive = datetime.fromisoformat(wall)
    assert local_candidates(naive, zone) == [utc(first), utc(second)]
    with pytest.raises(AmbiguousTimeError, match="ambiguous") as caught:
        read_in_zone(naive, zone)
    message = caught.value.message
    for candidate in (first, second):
        assert utc(candidate).strftime("%Y-%m-%d %H:%M UTC") in message
    assert read_in_zone(naive, zone, dst=True).utc == utc(first)
    assert read_in_zone(naive, zone, dst=False).utc == utc(second)


def test_an_ordinary_time_ignores_the_dst_choice():
    naive = datetime(2025, 7, 3, 15, 32)
    for dst in (None, True, False):
        assert read_in_zone(naive, "America/New_York", dst).utc == utc("2025-07-03T19:32")


# --- round trips -------------------------------------------------------------------------

INSTANTS = st.datetimes(min_value=datetime(1957, 1, 1), max_value=datetime(2030, 12, 31, 23, 59, 59))


@pytest.mark.parametrize("zone", ALL_ZONES)
@settings(max_examples=150, derandomize=True, deadline=None)
@given(naive_utc=INSTANTS)
def test_round_trip_utc_to_zone_and_back(zone, naive_utc):
    instant = naive_utc.replace(microsecond=0, tzinfo=UTC)
    wall = show_in(instant, ZoneSpec(zone, zone, zone=zone)).replace(tzinfo=None)
    candidates = local_candidates(wall, zone)
    assert instant in candidates
    if len(candidates) == 1:
        assert read_in_zone(wall, zone).utc == instant
    else:  # a repeated hour: the first reading is the summer one
        assert read_in_zone(wall, zone, dst=instant == candidates[0]).utc == instant


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_round_trip_at_every_transition(zone):
    # Hypothesis rarely lands within an hour of a change; walk every change since 1957.
    import pytz

    tz = pytz.timezone(zone)
    changes = [t for t in getattr(tz, "_utc_transition_times", [])
               if datetime(1957, 1, 1) <= t <= datetime(2030, 12, 31)]
    for change in changes:
        for minutes in (-61, -30, -1, 0, 1, 30, 61):
            instant = (change + timedelta(minutes=minutes)).replace(tzinfo=UTC)
            wall = instant.astimezone(tz).replace(tzinfo=None)
            assert instant in local_candidates(wall, zone), (zone, instant)


# --- abbreviations read by region and date ------------------------------------------------


@pytest.mark.parametrize("wall, name, expected_utc", [
    ("1975-07-15 15:20", "MSK", "1975-07-15T12:20"),    # Soyuz 19: Soviet MSK, +03
    ("1990-07-01 12:00", "MSD", "1990-07-01T08:00"),    # Soviet summer time, +04
    ("2005-07-01 12:00", "MSD", "2005-07-01T08:00"),
    ("2010-01-15 12:00", "MSK", "2010-01-15T09:00"),
    ("2012-07-01 16:00", "MSK", "2012-07-01T12:00"),    # Moscow on +04 all year, 2011-2014
    ("2012-01-15 16:00", "MSK", "2012-01-15T12:00"),
    ("2014-10-25 12:00", "MSK", "2014-10-25T08:00"),
    ("2014-10-27 12:00", "MSK", "2014-10-27T09:00"),    # back to +03
    ("2025-07-03 22:32", "MSK", "2025-07-03T19:32"),
    ("2025-07-03 15:32", "EDT", "2025-07-03T19:32"),
    ("2025-01-15 10:00", "EST", "2025-01-15T15:00"),
    ("2007-03-15 10:00", "EDT", "2007-03-15T14:00"),    # the US 2007 rule: EDT from March 11
    ("2007-11-02 10:00", "EDT", "2007-11-02T14:00"),    # ... to November 4
    ("2006-03-15 10:00", "EST", "2006-03-15T15:00"),
    ("2006-10-31 10:00", "EST", "2006-10-31T15:00"),    # the old rule ended October 29
    ("2025-07-03 14:32", "CDT", "2025-07-03T19:32"),
    ("2025-07-03 12:32", "PDT", "2025-07-03T19:32"),
    ("2025-01-15 12:32", "PST", "2025-01-15T20:32"),
    ("2025-07-03 09:32", "HST", "2025-07-03T19:32"),
    ("2025-07-04 04:32", "JST", "2025-07-03T19:32"),
    ("2025-07-04 04:32", "KST", "2025-07-03T19:32"),
    ("2025-07-04 01:02", "IST", "2025-07-03T19:32"),
    ("2025-07-03 20:32", "BST", "2025-07-03T19:32"),
    ("2025-01-15 13:00", "CET", "2025-01-15T12:00"),
    ("2025-07-03 21:32", "CEST", "2025-07-03T19:32"),
    ("2025-07-04 05:32", "AEST", "2025-07-03T19:32"),
    ("2025-01-15 22:00", "AEDT", "2025-01-15T11:00"),
    ("2025-01-15 21:00", "AEST", "2025-01-15T11:00"),   # Queensland keeps AEST in summer
    ("2025-07-03 12:32", "MST", "2025-07-03T19:32"),    # Arizona keeps MST in summer
    ("2025-07-03 13:32", "MDT", "2025-07-03T19:32"),
])
def test_an_abbreviation_is_its_regions_offset_on_that_date(wall, name, expected_utc):
    reading = read_local(datetime.fromisoformat(wall), resolve_zone(name))
    assert reading.utc == utc(expected_utc)
    assert reading.warnings == ()


@pytest.mark.parametrize("wall, name, in_force", [
    ("2025-01-15 10:00", "EDT", "EST (UTC-05:00)"),
    ("2025-07-03 10:00", "EST", "EDT (UTC-04:00)"),
    ("2006-03-15 10:00", "EDT", "EST (UTC-05:00)"),     # before the US 2007 rule
    ("2006-11-02 10:00", "EDT", "EST (UTC-05:00)"),
    ("2012-07-01 12:00", "MSD", "MSK (UTC+04:00)"),     # no summer time 2011-2014
    ("2025-07-01 12:00", "MSD", "MSK (UTC+03:00)"),
    ("1975-07-01 12:00", "MSD", "MSK (UTC+03:00)"),     # no Soviet summer time before 1981
    ("1991-07-01 12:00", "MSK", "EEST (UTC+03:00)"),    # 1991: Moscow on Eastern European time
    ("2025-01-15 12:00", "BST", "GMT (UTC+00:00)"),
    ("2025-07-15 12:00", "AEDT", "AEST (UTC+10:00)"),
    ("2025-07-03 12:00", "CET", "CEST (UTC+02:00)"),
    ("1950-07-03 12:00", "JST", "JDT (UTC+10:00)"),
])
def test_an_abbreviation_not_in_use_then_is_refused_naming_what_was(wall, name, in_force):
    with pytest.raises(UsageError) as caught:
        read_local(datetime.fromisoformat(wall), resolve_zone(name))
    message = caught.value.message
    assert caught.value.exit_code == 2
    assert message.startswith(f"{name} was not in use in ")
    assert f"showed {in_force}" in message
    assert "\n" not in message


def test_a_repeated_hour_under_one_abbreviation_is_ambiguous():
    # Moscow went back from +04 to +03 on 2014-10-26, and called both MSK
    naive = datetime(2014, 10, 26, 1, 30)
    with pytest.raises(AmbiguousTimeError) as caught:
        read_local(naive, resolve_zone("MSK"))
    for candidate in ("2014-10-25 21:30 UTC", "2014-10-25 22:30 UTC"):
        assert candidate in caught.value.message
    assert read_local(naive, resolve_zone("MSK"), dst=True).utc == utc("2014-10-25T21:30")
    assert read_local(naive, resolve_zone("MSK"), dst=False).utc == utc("2014-10-25T22:30")


def test_a_repeated_hour_is_not_ambiguous_with_its_abbreviation():
    naive = datetime(2025, 11, 2, 1, 30)
    assert read_local(naive, resolve_zone("EDT")).utc == utc("2025-11-02T05:30")
    assert read_local(naive, resolve_zone("EST")).utc == utc("2025-11-02T06:30")
    assert read_local(datetime(2010, 10, 31, 2, 30), resolve_zone("MSD")).utc == utc("2010-10-30T22:30")


@pytest.mark.parametrize("wall, name, summer", [
    ("2025-03-09 02:30", "EDT", "2025-03-09T06:30"),
    ("2011-03-27 02:30", "MSK", "2011-03-26T22:30"),
])
def test_a_skipped_time_with_an_abbreviation_does_not_exist_unless_chosen(wall, name, summer):
    naive = datetime.fromisoformat(wall)
    with pytest.raises(NonexistentTimeError, match="does not exist"):
        read_local(naive, resolve_zone(name))
    assert read_local(naive, resolve_zone(name), dst=True).utc == utc(summer)


def test_a_skipped_time_chosen_on_the_side_of_another_abbreviation_is_refused():
    with pytest.raises(UsageError, match="EDT was not in use .* showed EST"):
        read_local(datetime(2025, 3, 9, 2, 30), resolve_zone("EDT"), dst=False)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(naive_utc=INSTANTS, name=st.sampled_from(sorted(n for n, (region, _) in ABBREVIATIONS.items()
                                                       if len(region) == 1)))
def test_a_time_written_with_the_abbreviation_in_force_reads_back(naive_utc, name):
    """UTC -> the region's wall clock and abbreviation -> read back -> the same UTC; a wall
    clock written with an abbreviation not in force then is refused."""
    spec = resolve_zone(name)
    instant = naive_utc.replace(microsecond=0, tzinfo=UTC)
    local = instant.astimezone(pytz.timezone(spec.region[0]))
    if local.tzname() != name:
        with pytest.raises(UsageError):
            read_local(local.replace(tzinfo=None), spec)
        return
    wall = local.replace(tzinfo=None)
    readings = [c for c in local_candidates(wall, spec.region[0])
                if c.astimezone(local.tzinfo).tzname() == name]
    dst = None if len(readings) == 1 else instant == readings[0]
    assert read_local(wall, spec, dst).utc == instant

"""Zones: names users type, historical offsets, DST gaps and repeated hours, round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almanac import load
from almanac.errors import UsageError
from almanac.domain.zones import (
    ABBREVIATIONS,
    ALIASES,
    AmbiguousTimeError,
    NonexistentTimeError,
    ZoneSpec,
    convert,
    known_zone_names,
    local_candidates,
    read_in_zone,
    read_local,
    resolve_zone,
    show_in,
)

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


@pytest.mark.parametrize("name, hours, target", [
    ("EDT", -4, "America/New_York"), ("est", -5, "America/New_York"),
    ("CDT", -5, "America/Chicago"), ("CST", -6, "America/Chicago"),
    ("PDT", -7, "America/Los_Angeles"), ("PST", -8, "America/Los_Angeles"),
    ("MSK", 3, "Europe/Moscow"),
])
def test_abbreviations_are_fixed_on_input_and_whole_zones_as_targets(name, hours, target):
    spec = resolve_zone(name)
    assert spec.zone is None
    assert spec.fixed == timedelta(hours=hours)
    assert spec.display_zone == target


@pytest.mark.parametrize("text, minutes", [
    ("+05:00", 300), ("-0400", -240), ("+5", 300), ("UTC+3", 180), ("-03:30", -210),
])
def test_fixed_offsets(text, minutes):
    spec = resolve_zone(text)
    assert spec.fixed == timedelta(minutes=minutes)
    assert show_in(utc("2025-07-03T19:32"), spec).utcoffset() == timedelta(minutes=minutes)


def test_a_fixed_offset_is_labelled_as_an_offset():
    local = show_in(utc("2025-07-03T19:32"), resolve_zone("+05:00"))
    assert local.tzname() == "+05:00"


@pytest.mark.parametrize("site_id", sorted(SITES))
def test_every_site_id_names_its_zone(site_id):
    assert resolve_zone(site_id, SITES).zone == SITES[site_id].zone


def test_an_unknown_name_is_a_usage_error_with_close_matches():
    with pytest.raises(UsageError, match=r"unknown time zone 'Baikonr'; did you mean Baikonur"):
        resolve_zone("Baikonr")
    with pytest.raises(UsageError, match=r"did you mean .*Europe/Moscow"):
        resolve_zone("Europe/Moskow")


def test_zones_lists_every_alias_abbreviation_and_site():
    names = {z.name: z for z in known_zone_names(SITES)}
    for name in (*ALIASES, *ABBREVIATIONS, *SITES):
        assert name in names
        assert names[name].meaning
    assert names["EDT"].kind == "abbreviation"
    assert names["kennedy"].zone == "America/New_York"


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


def test_an_abbreviation_out_of_season_stands_with_a_warning():
    reading = read_local(datetime(2025, 1, 15, 10, 0), resolve_zone("EDT"))
    assert reading.utc == utc("2025-01-15T14:00")
    assert len(reading.warnings) == 1
    assert "EST" in reading.warnings[0]
    in_season = read_local(datetime(2025, 7, 3, 15, 32), resolve_zone("EDT"))
    assert in_season.utc == utc("2025-07-03T19:32")
    assert in_season.warnings == ()


def test_msk_is_plus_three_on_input_even_when_moscow_was_plus_four():
    reading = read_local(datetime(2012, 6, 1, 12, 0), resolve_zone("MSK"))
    assert reading.utc == utc("2012-06-01T09:00")
    assert "UTC+04:00" in reading.warnings[0]


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

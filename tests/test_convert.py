"""`almanac convert` and `almanac zones`, and the strict time parser under them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almanac import load
from almanac.domain.model import Precision
from almanac.domain.timeparse import parse_month_day, parse_time, read_time, split_zone
from almanac.domain.zones import resolve_zone
from almanac.errors import UsageError
from tests.conftest import MINIMAL_DATASET

SITES = load().sites


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def by_name(text: str) -> dict[str, dict]:
    return {r["name"]: r for r in rows(text)}


# --- the parser --------------------------------------------------------------------------


@pytest.mark.parametrize("text, wall, zone, precision", [
    ("2025-07-03 3:32 pm EDT", "2025-07-03 15:32", "EDT", "minute"),
    ("2025-07-03 3:32 p.m. EDT", "2025-07-03 15:32", "EDT", "minute"),
    ("Thursday, July 3, 2025, 3:32 p.m. ET", "2025-07-03 15:32", "ET", "minute"),
    ("2025-07-03 15:32", "2025-07-03 15:32", None, "minute"),
    ("1975-07-15 12:20Z", "1975-07-15 12:20", "Z", "minute"),
    ("2025-07-03T15:32:40-04:00", "2025-07-03 15:32:40", "-04:00", "second"),
    ("2025-07-03 19:32:40.257 GMT", "2025-07-03 19:32:40", "GMT", "second"),
    ("2025-07-03 1932 GMT", "2025-07-03 19:32", "GMT", "minute"),
    ("2025-07-04 00:32 baikonur", "2025-07-04 00:32", "baikonur", "minute"),
    ("2025-07-03 15:32 Europe/Moscow", "2025-07-03 15:32", "Europe/Moscow", "minute"),
    ("2025-07-03 15:32 +0500", "2025-07-03 15:32", "+0500", "minute"),
    ("3 July 2025 noon EDT", "2025-07-03 12:00", "EDT", "minute"),
    ("2025-07-03 3 pm", "2025-07-03 15:00", None, "minute"),
])
def test_parse_time_reads_the_wall_clock_and_the_zone_word(text, wall, zone, precision):
    typed = parse_time(text)
    assert typed.wall == datetime.fromisoformat(wall)
    assert typed.zone == zone
    assert typed.precision is Precision(precision)


@pytest.mark.parametrize("text, message", [
    ("1932", "'1932' has no month or day"),
    ("1932 GMT", "has no month or day"),
    ("15:32 EDT", "has no date"),
    ("July 3 3:32 pm", "has no year"),
    ("2025-07-03", "has no time of day"),
    ("2025-07-03 EDT", "has no time of day"),
    ("2025-07-03 foo 15:32", "'foo' not understood"),
    ("EDT 2025-07-03 15:32", r"'EDT' not understood \(a zone goes at the end\)"),
    ("2025-02-30 10:00", "not a real date and time|cannot read"),
    ("2025-07-03 25:00", "hour must be in 0..23"),
    ("Friday July 3 2025 3:32 pm", "2025-07-03 is a Thursday, not a Friday"),
    ("2025-07-03 15:32 EDT UTC", "two zones, 'EDT' and 'UTC'"),
    ("2025-07-03 midnight", "'midnight' could be the start or the end"),
    ("", "empty time"),
])
def test_parse_time_refuses_what_it_would_have_to_guess(text, message):
    with pytest.raises(UsageError, match=message) as caught:
        parse_time(text)
    assert caught.value.exit_code == 2


def test_split_zone_leaves_dates_and_clock_words_alone():
    assert split_zone("2025-07-03") == ("2025-07-03", None)
    assert split_zone("2025-07-03 3:32 pm") == ("2025-07-03 3:32 pm", None)
    assert split_zone("July 3 2025 15:32") == ("July 3 2025 15:32", None)
    assert split_zone("2025-07-03T15:32Z") == ("2025-07-03T15:32", "Z")


def test_read_time_uses_the_zone_in_the_text_then_from_then_utc():
    assert read_time("2025-07-03 3:32 pm EDT").instant.iso() == "2025-07-03T19:32Z"
    assert read_time("2025-07-03 15:32", default=resolve_zone("EDT")).instant.iso() == "2025-07-03T19:32Z"
    assert read_time("2025-07-03 15:32").instant.iso() == "2025-07-03T15:32Z"
    # a zone in the text that reads the same as --from is fine; one that does not is refused
    assert read_time("2025-07-03 15:32 EDT", default=resolve_zone("ET")).instant.iso() == "2025-07-03T19:32Z"
    with pytest.raises(UsageError, match="names the zone 'EDT' but --from says 'MSK'"):
        read_time("2025-07-03 15:32 EDT", default=resolve_zone("MSK"))


def test_read_time_keeps_seconds_only_when_given():
    assert read_time("2025-07-03 19:32:40Z").instant.iso() == "2025-07-03T19:32:40Z"
    assert read_time("2025-07-03 19:32Z").instant.iso() == "2025-07-03T19:32Z"


def test_unknown_zone_in_the_text_names_close_matches():
    with pytest.raises(UsageError, match="unknown time zone 'Baikonr'; did you mean Baikonur"):
        read_time("2025-07-04 00:32 Baikonr")


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.datetimes(min_value=datetime(1957, 1, 1), max_value=datetime(2030, 12, 31)),
       st.sampled_from(sorted(SITES)))
def test_text_round_trip_through_every_site(naive_utc, site_id):
    """UTC -> a site's wall clock written as text -> parsed -> the same UTC."""
    from almanac.domain.zones import local_candidates, show_in

    instant = naive_utc.replace(second=0, microsecond=0, tzinfo=UTC)
    spec = resolve_zone(site_id, SITES)
    wall = show_in(instant, spec).replace(tzinfo=None)
    candidates = local_candidates(wall, spec.zone)
    dst = None if len(candidates) == 1 else instant == candidates[0]
    read = read_time(f"{wall:%Y-%m-%d %H:%M} {site_id}", lambda n: resolve_zone(n, SITES), dst=dst)
    assert read.instant.utc == instant


# --- the command -------------------------------------------------------------------------


def test_default_targets_are_utc_eastern_and_baikonur(cli):
    result = cli("convert", "2025-07-03 3:32 pm EDT")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "name\tzone\tabbreviation\toffset\tdate\ttime\tweekday\tiso"
    assert lines[1:] == [
        "UTC\tUTC\tUTC\t+00:00\t2025-07-03\t19:32\tThursday\t2025-07-03T19:32+00:00",
        "Eastern\tAmerica/New_York\tEDT\t-04:00\t2025-07-03\t15:32\tThursday\t2025-07-03T15:32-04:00",
        "Baikonur\tAsia/Qyzylorda\t+05\t+05:00\t2025-07-04\t00:32\tFriday\t2025-07-04T00:32+05:00",
    ]


def test_from_and_repeated_to(cli):
    result = cli("convert", "2025-07-03 15:32", "--from", "EDT", "--to", "GMT", "--to", "baikonur")
    assert result.exit_code == 0, result.stderr
    got = by_name(result.stdout)
    assert list(got) == ["GMT", "Baikonur"]
    assert got["GMT"]["abbreviation"] == "GMT"
    assert got["GMT"]["time"] == "19:32"
    assert (got["Baikonur"]["date"], got["Baikonur"]["time"]) == ("2025-07-04", "00:32")


def test_1975_in_baikonur_moscow_and_houston(cli):
    result = cli("convert", "1975-07-15 12:20Z", "--to", "baikonur", "--to", "MSK", "--to", "houston")
    assert result.exit_code == 0, result.stderr
    got = by_name(result.stdout)
    assert (got["Baikonur"]["time"], got["Baikonur"]["offset"]) == ("17:20", "+05:00")
    assert (got["MSK"]["time"], got["MSK"]["abbreviation"]) == ("15:20", "MSK")
    assert (got["Houston"]["time"], got["Houston"]["abbreviation"]) == ("07:20", "CDT")


@pytest.mark.parametrize("when, offset", [("2010-07-15 12:00Z", "+06:00"), ("2025-07-15 12:00Z", "+05:00")])
def test_baikonur_offset_through_the_cli(cli, when, offset):
    result = cli("convert", when, "--to", "baikonur", "-f", "jsonl")
    assert json.loads(result.stdout)["offset"] == offset


def test_json_has_the_documented_fields_and_utc_once(cli):
    result = cli("convert", "2025-07-03 3:32 pm EDT", "--to", "baikonur", "--to", "EDT", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["utc"] == "2025-07-03T19:32Z"
    assert doc["input"] == "2025-07-03 3:32 pm EDT"
    assert doc["read_as"] == {"name": "EDT", "zone": "America/New_York", "offset": "-04:00"}
    baikonur, eastern = doc["targets"]
    assert baikonur == {"name": "Baikonur", "zone": "Asia/Qyzylorda", "abbreviation": "+05",
                        "offset": "+05:00", "date": "2025-07-04", "time": "00:32",
                        "weekday": "Friday", "iso": "2025-07-04T00:32+05:00"}
    assert eastern["zone"] == "America/New_York"
    assert eastern["iso"] == "2025-07-03T15:32-04:00"
    assert "utc" not in baikonur


def test_seconds_are_shown_when_given(cli):
    result = cli("convert", "2025-07-03 19:32:40 GMT", "--to", "Moscow", "-f", "jsonl")
    assert json.loads(result.stdout)["iso"] == "2025-07-03T22:32:40+03:00"


@pytest.mark.parametrize("when, zone, needle", [
    ("2025-03-09 02:30", "ET", "does not exist in America/New_York"),
    ("2011-03-27 02:30", "Moscow", "does not exist in Europe/Moscow"),
])
def test_gap_is_exit_2_unless_chosen(cli, when, zone, needle):
    result = cli("convert", when, "--from", zone, "--to", "UTC")
    assert result.exit_code == 2
    assert needle in result.stderr
    assert "--dst" in result.stderr and "--no-dst" in result.stderr
    assert result.stdout == ""
    chosen = {flag: rows(cli("convert", when, "--from", zone, "--to", "UTC", flag).stdout)[0]["time"]
              for flag in ("--dst", "--no-dst")}
    assert chosen == {"--dst": "06:30", "--no-dst": "07:30"} if zone == "ET" else \
        {"--dst": "22:30", "--no-dst": "23:30"}


def test_fold_is_exit_2_naming_both_candidates(cli):
    result = cli("convert", "2025-11-02 01:30 America/New_York", "--to", "UTC")
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr
    assert "01:30 EDT (-04:00) = 2025-11-02 05:30 UTC" in result.stderr
    assert "01:30 EST (-05:00) = 2025-11-02 06:30 UTC" in result.stderr
    assert rows(cli("convert", "2025-11-02 01:30 ET", "--to", "UTC", "--no-dst").stdout)[0]["time"] == "06:30"


def test_moscow_2014_fold(cli):
    result = cli("convert", "2014-10-26 01:30", "--from", "Moscow", "--to", "UTC", "--dst")
    assert rows(result.stdout)[0]["time"] == "21:30"
    assert cli("convert", "2014-10-26 01:30 moscow").exit_code == 2


@pytest.mark.parametrize("args, needle", [
    (("1932",), "'1932' has no month or day"),
    (("3:32 pm EDT",), "has no date"),
    (("2025-07-03 15:32", "--to", "Baikonr"), "unknown time zone 'Baikonr'; did you mean Baikonur"),
    (("2025-07-03 15:32", "--from", "Eastrn"), "did you mean Eastern"),
    (("2025-07-03 15:32 XYZ",), "unknown time zone 'XYZ'"),
    (("2025-07-03 quarter past 3",), "not understood"),
    (("2025-07-03 15:32 EDT", "--from", "MSK"), "names the zone 'EDT' but --from says 'MSK'"),
])
def test_bad_input_is_exit_2_with_one_line(cli, args, needle):
    result = cli("convert", *args)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_site_ids_from_another_dataset(cli, write_dataset):
    path = write_dataset(MINIMAL_DATASET.replace("kennedy", "ksc"))
    result = cli("--data", str(path), "convert", "2025-07-03 15:32 ksc", "--to", "UTC")
    assert result.exit_code == 0, result.stderr
    assert rows(result.stdout)[0]["time"] == "19:32"
    assert cli("--data", str(path), "convert", "2025-07-03 15:32 kennedy").exit_code == 2


def test_broken_dataset_breaks_only_site_ids(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("sites: [\n", encoding="utf-8")
    plain = cli("--data", str(broken), "convert", "2025-07-03 15:32 EDT",
                "--to", "Moscow", "--to", "Asia/Tokyo")
    assert plain.exit_code == 0, plain.stderr
    assert [r["time"] for r in rows(plain.stdout)] == ["22:32", "04:32"]
    # the Baikonur alias needs no dataset either
    assert cli("--data", str(broken), "convert", "2025-07-03 15:32 EDT").exit_code == 0
    site = cli("--data", str(broken), "convert", "2025-07-03 15:32", "--to", "kennedy")
    assert site.exit_code == 3
    assert str(broken) in site.stderr


def test_csv_and_header_option(cli):
    result = cli("convert", "2025-07-03 15:32Z", "--to", "UTC", "-f", "csv", "--no-header")
    assert result.stdout == "UTC,UTC,UTC,+00:00,2025-07-03,15:32,Thursday,2025-07-03T15:32+00:00\n"


def test_text_format_is_not_offered(cli):
    result = cli("convert", "2025-07-03 15:32Z", "-f", "ics")
    assert result.exit_code == 2


# --- abbreviations by region and date, through the command ------------------------------------


@pytest.mark.parametrize("when, utc_time, offset", [
    ("2012-07-01 16:00 MSK", "12:00", "+04:00"),   # Moscow on +04, 2011-2014
    ("1975-07-15 15:20 MSK", "12:20", "+03:00"),
    ("1990-07-01 16:00 MSD", "12:00", "+04:00"),
    ("2025-07-03 15:32 EDT", "19:32", "-04:00"),
    ("2025-07-04 04:32 JST", "19:32", "+09:00"),
])
def test_abbreviations_read_as_their_regions_offset_then(cli, when, utc_time, offset):
    result = cli("convert", when, "--to", "UTC", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["targets"][0]["time"] == utc_time
    assert doc["read_as"]["offset"] == offset


def test_edt_in_january_is_refused_naming_est(cli):
    result = cli("convert", "2025-01-15 10:00 EDT", "--to", "EDT", "--to", "UTC")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("almanac: EDT was not in use in America/New_York at 2025-01-15 10:00")
    assert "showed EST (UTC-05:00); write EST" in result.stderr


def test_edt_as_a_target_shows_what_was_in_force(cli):
    got = by_name(cli("convert", "2025-01-15 15:00Z", "--to", "EDT").stdout)
    assert (got["EDT"]["abbreviation"], got["EDT"]["time"]) == ("EST", "10:00")


@pytest.mark.parametrize("args", [("2025-07-03 15:32 CST",), ("2025-07-03 15:32", "--from", "cst"),
                                  ("2025-07-03 15:32Z", "--to", "CST")])
def test_cst_is_refused_asking_which(cli, tmp_path, args):
    broken = tmp_path / "broken.yaml"
    broken.write_text("sites: [\n", encoding="utf-8")
    for result in (cli("convert", *args), cli("--data", str(broken), "convert", *args)):
        assert result.exit_code == 2  # a usage error, not the dataset's: no site is looked up
        assert result.stderr.count("\n") == 1
        assert "CST is ambiguous" in result.stderr and "CST6CDT" in result.stderr
        assert "China" in result.stderr


@pytest.mark.parametrize("zone, time", [("CST6CDT", "20:32"), ("Central", "20:32"),
                                        ("China", "09:32"), ("Asia/Shanghai", "09:32")])
def test_the_ways_out_of_cst(cli, zone, time):
    got = rows(cli("convert", "2025-07-04 01:32Z", "--to", zone).stdout)[0]
    assert got["time"] == time


# --- cities, sites and offsets everywhere a zone is taken ---------------------------------------


@pytest.mark.parametrize("zone, name, time", [
    ("Tyuratam", "baikonur", "00:32"), ("Baikonur Cosmodrome", "baikonur", "00:32"),
    ("KSC", "kennedy", "15:32"), ("Boca Chica", "starbase", "14:32"), ("Paris", "Paris", "21:32"),
    ("Beijing", "Beijing", "03:32"), ("Tokyo", "Tokyo", "04:32"), ("Houston", "Houston", "14:32"),
    ("London", "London", "20:32"), ("Moscow", "Moscow", "22:32"), ("new york", "New York", "15:32"),
    ("GMT+3", "+03:00", "22:32"), ("UTC-04:00", "-04:00", "15:32"), ("UT", "UT", "19:32"),
])
def test_to_takes_cities_sites_and_offsets(cli, zone, name, time):
    result = cli("convert", "2025-07-03 19:32Z", "--to", zone)
    assert result.exit_code == 0, result.stderr
    assert (rows(result.stdout)[0]["name"], rows(result.stdout)[0]["time"]) == (name, time)


@pytest.mark.parametrize("when", [
    "2025-07-04 00:32 Baikonur Cosmodrome", "2025-07-04 00:32 Tyuratam", "2025-07-03 14:32 Boca Chica",
    "2025-07-03 15:32 New York", "2025-07-03 22:32 GMT+3", "2025-07-04 00:32 Байконур",
    "2025-07-03 22:32 Moscow time", "2025-07-04 00:32 Baikonur time",
])
def test_time_text_ends_with_a_city_or_site_of_several_words(cli, when):
    result = cli("convert", when, "--to", "UTC")
    assert result.exit_code == 0, result.stderr
    assert rows(result.stdout)[0]["time"] == "19:32"


def test_from_takes_site_names(cli):
    result = cli("convert", "2025-07-04 00:32", "--from", "Baikonur Cosmodrome", "--to", "UTC")
    assert rows(result.stdout)[0]["time"] == "19:32"


# --- all-numeric dates: day first or month first ----------------------------------------------


def test_a_day_and_month_that_could_be_either_are_refused_naming_both(cli):
    result = cli("convert", "03/07/2025 19:32Z")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "could be March 7 or July 3" in result.stderr
    assert "--monthfirst" in result.stderr and "--dayfirst" in result.stderr


@pytest.mark.parametrize("args, date", [
    (("03/07/2025 19:32Z", "--dayfirst"), "2025-07-03"),
    (("03/07/2025 19:32Z", "--monthfirst"), "2025-03-07"),
    (("03.07.2025 19:32Z", "--dayfirst"), "2025-07-03"),
    (("13/07/2025 19:32Z",), "2025-07-13"),        # only one reading
    (("07/13/2025 19:32Z",), "2025-07-13"),
    (("07/07/2025 19:32Z",), "2025-07-07"),        # the same either way
    (("2025-03-07 19:32Z", "--dayfirst"), "2025-03-07"),  # ISO dates are year, month, day
    (("2025-03-07 19:32Z",), "2025-03-07"),
])
def test_day_first_or_month_first(cli, args, date):
    result = cli("convert", *args, "--to", "UTC")
    assert result.exit_code == 0, result.stderr
    assert rows(result.stdout)[0]["date"] == date


@pytest.mark.parametrize("args, needle", [
    (("13/07/2025 19:32Z", "--monthfirst"), "read month first has no month 13"),
    (("07/13/2025 19:32Z", "--dayfirst"), "read day first has no month 13"),
])
def test_an_order_that_cannot_be_is_refused(cli, args, needle):
    result = cli("convert", *args)
    assert result.exit_code == 2
    assert needle in result.stderr


# --- now, today, tomorrow and --date --------------------------------------------------------

NOW = {"ALMANAC_NOW": "2025-07-03T22:30:15Z"}  # 01:30 on July 4 in Moscow


def test_now_is_the_clock_to_the_second(cli):
    result = cli("convert", "now", "--to", "UTC", "--to", "Moscow", env=NOW)
    assert result.exit_code == 0, result.stderr
    assert [(r["date"], r["time"]) for r in rows(result.stdout)] == [
        ("2025-07-03", "22:30:15"), ("2025-07-04", "01:30:15")]


def test_now_without_a_pinned_clock_is_a_time(cli):
    result = cli("convert", "NOW", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["precision"] == "second"


@pytest.mark.parametrize("when, utc", [
    ("today 15:00", "2025-07-03T15:00Z"),
    ("tomorrow 15:00", "2025-07-04T15:00Z"),
    ("yesterday 3 pm", "2025-07-02T15:00Z"),
    ("tomorrow 15:00 EDT", "2025-07-04T19:00Z"),
    ("today 15:00 Moscow", "2025-07-04T12:00Z"),    # today in Moscow's calendar is July 4
    ("tomorrow at 15:00 Moscow", "2025-07-05T12:00Z"),
    ("Tomorrow 09:00 Baikonur Cosmodrome", "2025-07-05T04:00Z"),
])
def test_today_and_tomorrow_are_days_in_the_zones_calendar(cli, when, utc):
    result = cli("convert", when, "-f", "json", env=NOW)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["utc"] == utc


def test_today_takes_the_calendar_of_from(cli):
    doc = json.loads(cli("convert", "today 15:00", "--from", "Moscow", "-f", "json", env=NOW).stdout)
    assert doc["utc"] == "2025-07-04T12:00Z"


@pytest.mark.parametrize("args, utc", [
    (("15:32 EDT", "--date", "2025-07-03"), "2025-07-03T19:32Z"),
    (("3:32 pm", "--date", "2025-07-03", "--from", "Eastern"), "2025-07-03T19:32Z"),
    (("00:32 Baikonur Cosmodrome", "--date", "2025-07-04"), "2025-07-03T19:32Z"),
])
def test_date_gives_the_day_of_a_clock_time(cli, args, utc):
    result = cli("convert", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["utc"] == utc


@pytest.mark.parametrize("args, needle", [
    (("2025-07-03 15:32", "--date", "2025-07-04"), "gives its date twice, in the text and by --date"),
    (("tomorrow 15:32", "--date", "2025-07-04"), "gives its date twice"),
    (("today tomorrow 15:32",), "gives its date twice"),
    (("now", "--date", "2025-07-04"), "drop --date"),
    (("tomorrow",), "'tomorrow' has no time of day: give one, e.g. 'tomorrow 15:00'"),
    (("July 3 15:32", "--date", "2025-07-04"), "has no year"),
    (("15:32", "--date", "2025-02-30"), "--date: '2025-02-30' is not a date"),
    (("15:32",), "has no date"),
])
def test_dates_given_twice_or_not_at_all_are_refused(cli, args, needle):
    result = cli("convert", *args, env=NOW)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_bad_pinned_clock_is_a_usage_error(cli):
    result = cli("convert", "now", env={"ALMANAC_NOW": "yesterday"})
    assert result.exit_code == 2
    assert "$ALMANAC_NOW" in result.stderr


def test_read_time_from_python_with_a_clock_of_its_own():
    now = datetime(2025, 7, 3, 22, 30, tzinfo=UTC)
    moscow = resolve_zone("Moscow")
    assert read_time("now", now=now).instant.iso() == "2025-07-03T22:30:00Z"
    assert read_time("tomorrow 09:00", default=moscow, now=now).instant.iso() == "2025-07-05T06:00Z"
    assert read_time("09:00", default=moscow, on=date(2025, 7, 5)).instant.iso() == "2025-07-05T06:00Z"
    assert read_time("03/07/2025 19:32Z", dayfirst=True).instant.iso() == "2025-07-03T19:32Z"


# --- days of the year (`almanac on`) ---------------------------------------------------------


@pytest.mark.parametrize("text, parsed", [
    ("07-20", (7, 20, None)), ("7-20", (7, 20, None)), ("July 20", (7, 20, None)),
    ("20 July", (7, 20, None)), ("Jul 20", (7, 20, None)), ("jul. 20th", (7, 20, None)),
    ("20th of July", None), ("Sept 17", (9, 17, None)), ("2026-07-20", (7, 20, 2026)),
    ("July 20, 1969", (7, 20, 1969)), ("20 July 1969", (7, 20, 1969)), ("02-29", (2, 29, None)),
    ("Feb 29", (2, 29, None)), ("2024-02-29", (2, 29, 2024)), ("2025-02-29", None),
    ("13-01", None), ("02-30", None), ("7/15", None), ("July 32", None), ("Ju 20", None),
    ("Julember 20", None), ("", None),
])
def test_parse_month_day(text, parsed):
    if parsed is None:
        with pytest.raises(UsageError, match="is not a day of the year"):
            parse_month_day(text)
    else:
        assert parse_month_day(text) == parsed


@pytest.mark.parametrize("day", ["07-20", "July 20", "20 July", "Jul 20", "2025-07-20"])
def test_on_takes_the_forms_people_write(cli, day):
    expected = cli("on", "07-20", "--year", "2025", "-f", "jsonl").stdout
    result = cli("on", day, "-f", "jsonl", env={"ALMANAC_TODAY": "2025-01-01"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    assert "apollo-11" in result.stdout


def test_on_a_full_date_counts_the_years_to_it(cli):
    result = cli("on", "2069-07-20", "-f", "jsonl", env={"ALMANAC_TODAY": "2025-01-01"})
    assert result.stdout == cli("on", "07-20", "--year", "2069", "-f", "jsonl").stdout
    apollo = [json.loads(x) for x in result.stdout.splitlines() if '"apollo-11"' in x]
    assert apollo and all(x["years"] == 100 for x in apollo)
    assert cli("on", "2069-07-20", "--year", "2069", "-f", "jsonl").exit_code == 0
    clash = cli("on", "2069-07-20", "--year", "2070")
    assert clash.exit_code == 2
    assert "--year 2070 and '2069-07-20' name different years" in clash.stderr


# --- zones -------------------------------------------------------------------------------


def test_zones_lists_aliases_with_meanings_and_site_ids(cli):
    result = cli("zones")
    assert result.exit_code == 0, result.stderr
    listed = {r["name"]: r for r in rows(result.stdout)}
    for name in ("UTC", "GMT", "Z", "EDT", "EST", "ET", "Eastern", "CDT", "CST", "Houston",
                 "Central", "PDT", "PST", "Pacific", "MSK", "Moscow", "Baikonur", *SITES):
        assert name in listed, name
        assert listed[name]["meaning"]
    assert listed["Baikonur"]["zone"] == "Asia/Qyzylorda"
    assert listed["kennedy"]["kind"] == "site"


def test_zones_without_a_dataset_still_lists_aliases(cli, tmp_path):
    result = cli("--data", str(tmp_path / "missing.yaml"), "zones", "-f", "json")
    assert result.exit_code == 0
    names = [r["name"] for r in json.loads(result.stdout)]
    assert "Eastern" in names and "kennedy" not in names
    assert "site ids not listed" in result.stderr


def test_table_shows_every_target_with_its_weekday(cli):
    result = cli("convert", "2025-07-03 3:32 pm EDT", "-f", "table")
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == "2025-07-03 3:32 pm EDT = 2025-07-03T19:32Z"
    assert lines[1].split() == ["Zone", "Date", "Time", "Abbr", "Offset", "Weekday", "tz", "zone"]
    assert lines[3].split() == ["UTC", "2025-07-03", "19:32", "UTC", "+00:00", "Thursday", "UTC"]
    assert lines[4].split() == ["Eastern", "2025-07-03", "15:32", "EDT", "-04:00", "Thursday",
                                "America/New_York"]
    assert lines[5].split() == ["Baikonur", "2025-07-04", "00:32", "+05", "+05:00", "Friday",
                                "Asia/Qyzylorda"]


def test_zone_completion_offers_aliases_and_iana_names():
    from almanac.cli.convert import complete_zones

    assert "Baikonur" in complete_zones(None, "bai")
    assert "Europe/Moscow" in complete_zones(None, "europe/mo")

"""Press style: the launch-time sentence of a newspaper story."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from almanac import find_launch, load
from almanac.domain.model import Instant
from almanac.domain.zones import resolve_zone
from almanac.errors import UsageError
from almanac.views.press import LocalPart, ap_clock, ap_date, launch_press_line, press_line
from tests.conftest import MINIMAL_DATASET

SEED_LINE = "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 12:32 a.m. local time on July 4)"


def at(text: str) -> Instant:
    return Instant.parse(text)


def test_progress_ms_31_reads_like_the_seed_article():
    # 19:32:40 UTC: the press truncates to 1932, it does not round to 1933
    assert launch_press_line(find_launch(load(), "progress-ms-31")) == SEED_LINE


def test_a_kennedy_launch_has_no_local_part():
    line = launch_press_line(find_launch(load(), "crew-10"))
    assert line == "Friday (March 14) at 7:03 p.m. EDT (2303 GMT)"


def test_apollo_in_1975_uses_the_eastern_time_then():
    assert launch_press_line(find_launch(load(), "apollo-astp")) == \
        "Tuesday (July 15) at 3:50 p.m. EDT (1950 GMT)"


def test_winter_launch_from_baikonur_in_1978_is_est_and_plus_five():
    line = launch_press_line(find_launch(load(), "progress-1"))
    assert line == "Friday (Jan. 20) at 3:24 a.m. EST (0824 GMT or 1:24 p.m. local time)"


@pytest.mark.parametrize("hour, minute, text", [
    (0, 0, "midnight"), (0, 5, "12:05 a.m."), (9, 0, "9 a.m."), (11, 59, "11:59 a.m."),
    (12, 0, "noon"), (12, 30, "12:30 p.m."), (15, 32, "3:32 p.m."), (23, 0, "11 p.m."),
])
def test_ap_clock(hour, minute, text):
    assert ap_clock(datetime(2025, 7, 3, hour, minute, 59)) == text


@pytest.mark.parametrize("month, text", [
    (1, "Jan. 5"), (2, "Feb. 5"), (3, "March 5"), (4, "April 5"), (5, "May 5"), (6, "June 5"),
    (7, "July 5"), (8, "Aug. 5"), (9, "Sept. 5"), (10, "Oct. 5"), (11, "Nov. 5"), (12, "Dec. 5"),
])
def test_ap_date(month, text):
    assert ap_date(date(2025, month, 5)) == text


def test_noon_eastern():
    assert press_line(at("2025-07-03T16:00Z")) == "Thursday (July 3) at noon EDT (1600 GMT)"


def test_midnight_belongs_to_the_day_that_ends():
    # 04:00 UTC on July 4 is midnight EDT at the end of Thursday, July 3
    line = press_line(at("2025-07-04T04:00Z"), [LocalPart("Asia/Qyzylorda")])
    assert line == "Thursday (July 3) at midnight EDT (0400 GMT on July 4 or 9 a.m. local time on July 4)"


def test_gmt_date_is_given_when_it_differs_from_eastern():
    line = press_line(at("2025-07-04T01:15Z"), [LocalPart("Asia/Qyzylorda")])
    assert line == "Thursday (July 3) at 9:15 p.m. EDT (0115 GMT on July 4 or 6:15 a.m. local time on July 4)"


def test_local_time_on_the_same_day_has_no_date():
    line = press_line(at("2025-07-03T05:00Z"), [LocalPart("Asia/Qyzylorda")])
    assert line == "Thursday (July 3) at 1 a.m. EDT (0500 GMT or 10 a.m. local time)"


def test_a_site_on_eastern_offset_is_not_repeated():
    line = press_line(at("2025-07-03T19:32Z"), [LocalPart(resolve_zone("ET")), LocalPart("America/Toronto")])
    assert line == "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT)"


def test_day_precision_gives_the_date_only():
    assert press_line(at("2025-07-03")) == "Thursday (July 3)"


def test_month_precision_is_a_usage_error_naming_the_launch(write_dataset):
    path = write_dataset(MINIMAL_DATASET.replace('"2020-05-30T19:22:45Z"', '"2020-05"')
                         .replace('"2020-05-31T14:16Z"', '"2020-06"'))
    launch = find_launch(load(path), "test-1")
    with pytest.raises(UsageError, match="test-1: .* known only to the month") as caught:
        launch_press_line(launch)
    assert caught.value.exit_code == 2


def test_day_precision_launch_through_the_cli(cli, write_dataset):
    path = write_dataset(MINIMAL_DATASET.replace('"2020-05-30T19:22:45Z"', '"2020-05-30"'))
    result = cli("--data", str(path), "launch", "test-1", "--format", "press")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Saturday (May 30)\n"


def test_launch_format_press_through_the_cli(cli):
    result = cli("launch", "progress-ms-31", "crew-11", "--format", "press")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [SEED_LINE, "Friday (Aug. 1) at 11:43 a.m. EDT (1543 GMT)"]


def test_convert_format_press_matches_the_seed(cli):
    result = cli("convert", "2025-07-03 3:32 pm EDT", "--format", "press")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SEED_LINE + "\n"
    via_site = cli("convert", "2025-07-03 19:32:40 GMT", "--to", "baikonur", "-f", "press")
    assert via_site.stdout == SEED_LINE + "\n"


def test_convert_press_names_other_zones_by_abbreviation(cli):
    result = cli("convert", "2025-07-03 3:32 pm EDT", "--to", "kennedy", "--to", "Moscow",
                 "--to", "Houston", "--to", "+05:30", "-f", "press")
    assert result.stdout == ("Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 10:32 p.m. MSK "
                             "or 2:32 p.m. CDT or 1:02 a.m. local time on July 4)\n")



# --- the zone the time was read in, in convert's press line ------------------------------------


@pytest.mark.parametrize("args, line", [
    (("2025-10-26 09:00:15", "--from", "tanegashima"),
     "Saturday (Oct. 25) at 8 p.m. EDT (0000 GMT on Oct. 26 or 9 a.m. local time on Oct. 26)"),
    (("2025-10-26 09:00:15 Tanegashima Space Center",),
     "Saturday (Oct. 25) at 8 p.m. EDT (0000 GMT on Oct. 26 or 9 a.m. local time on Oct. 26)"),
    (("2025-07-03 22:32", "--from", "Moscow"), "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 10:32 p.m. MSK)"),
    (("2025-07-04 04:32 Tokyo",), "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 4:32 a.m. JST on July 4)"),
    (("2025-07-03 14:32", "--from", "Houston"), "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 2:32 p.m. CDT)"),
    (("2025-01-15 12:00 London",), "Wednesday (Jan. 15) at 7 a.m. EST (1200 GMT)"),
    # read in UTC or US Eastern: the seed's default, with Baikonur's local time
    (("2025-07-03 19:32", "--from", "UTC"), SEED_LINE),
    (("2025-07-03 15:32", "--from", "Eastern"), SEED_LINE),
    (("2025-07-03 19:32 +00:00",), SEED_LINE),
])
def test_convert_press_uses_the_zone_the_time_was_read_in(cli, args, line):
    result = cli("convert", *args, "-f", "press")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == line + "\n"


def test_convert_press_to_overrides_the_zone_read_in(cli):
    result = cli("convert", "2025-10-26 09:00:15", "--from", "tanegashima", "--to", "Moscow", "-f", "press")
    assert result.stdout == "Saturday (Oct. 25) at 8 p.m. EDT (0000 GMT on Oct. 26 or 3 a.m. MSK on Oct. 26)\n"


# --- the named form, for lists of launches ----------------------------------------------------


def test_press_full_names_the_launch_and_the_year(cli):
    result = cli("launch", "progress-ms-31", "crew-11", "vostok-1", "--format", "press-full")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Progress MS-31 lifted off Thursday (July 3, 2025) at 3:32 p.m. EDT "
        "(1932 GMT or 12:32 a.m. local time on July 4)",
        "SpaceX Crew-11 lifted off Friday (Aug. 1, 2025) at 11:43 a.m. EDT (1543 GMT)",
        "Vostok 1 lifted off Wednesday (April 12, 1961) at 1:07 a.m. EST (0607 GMT or 11:07 a.m. local time)",
    ]


def test_press_stays_the_seed_sentence(cli):
    assert cli("launch", "92P", "-f", "press").stdout == SEED_LINE + "\n"


def test_press_full_of_a_day_precision_launch(cli, write_dataset):
    path = write_dataset(MINIMAL_DATASET.replace('"2020-05-30T19:22:45Z"', '"2020-05-30"'))
    result = cli("--data", str(path), "launch", "test-1", "--format", "press-full")
    assert result.stdout == "Test 1 lifted off Saturday (May 30, 2020)\n"


def test_press_full_of_a_month_precision_launch_is_refused(cli, write_dataset):
    path = write_dataset(MINIMAL_DATASET.replace('"2020-05-30T19:22:45Z"', '"2020-05"'))
    result = cli("--data", str(path), "launch", "test-1", "--format", "press-full")
    assert result.exit_code == 2
    assert "known only to the month" in result.stderr


def test_dates_in_another_year_carry_their_year_in_the_named_form():
    line = press_line(at("2025-01-01T03:00Z"), [LocalPart("Asia/Qyzylorda")], year=True)
    assert line == ("Tuesday (Dec. 31, 2024) at 10 p.m. EST "
                    "(0300 GMT on Jan. 1, 2025 or 8 a.m. local time on Jan. 1, 2025)")
    # the default form has no year anywhere
    assert press_line(at("2025-01-01T03:00Z"), [LocalPart("Asia/Qyzylorda")]) == \
        "Tuesday (Dec. 31) at 10 p.m. EST (0300 GMT on Jan. 1 or 8 a.m. local time on Jan. 1)"


def test_ap_date_with_year():
    assert ap_date(date(2025, 9, 17), year=True) == "Sept. 17, 2025"


# --- launch --tz in press lines --------------------------------------------------------------


@pytest.mark.parametrize("zones, line", [
    (["Houston"], "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 12:32 a.m. local time on July 4 "
                  "or 2:32 p.m. CDT)"),
    (["Moscow", "Tokyo"], "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 12:32 a.m. local time on July 4 "
                          "or 10:32 p.m. MSK or 4:32 a.m. JST on July 4)"),
    (["Tyuratam"], SEED_LINE),          # the site's own clock is said once, as local time
    (["Houston", "Boca Chica"], "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 12:32 a.m. local "
                                "time on July 4 or 2:32 p.m. CDT)"),
    (["+05:30"], "Thursday (July 3) at 3:32 p.m. EDT (1932 GMT or 12:32 a.m. local time on July 4 "
                 "or 1:02 a.m. +05:30 time on July 4)"),
])
def test_launch_press_with_tz_adds_those_clocks(cli, zones, line):
    args = [arg for zone in zones for arg in ("--tz", zone)]
    result = cli("launch", "92P", *args, "-f", "press")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == line + "\n"


def test_launch_press_line_from_python_with_zones():
    launch = find_launch(load(), "crew-11")
    assert launch_press_line(launch, [resolve_zone("Moscow")], named=True) == \
        "SpaceX Crew-11 lifted off Friday (Aug. 1, 2025) at 11:43 a.m. EDT (1543 GMT or 6:43 p.m. MSK)"

"""Finding launches, sites, stations and people by what a user types, and listings that
filter and sort as a reader expects (issue 15's one lookup module; issue 18's everyday use)."""

from __future__ import annotations

import pytest

from almanac import load
from almanac.domain.lookup import close_matches, keyed, lookup
from almanac.domain.queries import LaunchFilter, filter_launches, natural_key, vehicle_matches


@pytest.fixture(scope="module")
def dataset():
    return load(cache=False)


def ids(cli, *args: str) -> list[str]:
    result = cli("list", *args, "--format", "tsv", "--no-header")
    assert result.exit_code == 0, result.stderr
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


@pytest.mark.parametrize(("vehicle", "query", "matches"), [
    ("Saturn V (SA-506)", "Saturn V", True),
    ("Saturn IB (SA-210)", "Saturn I", False),
    ("Saturn IB (SA-210)", "saturn ib", True),
    ("Falcon 9 Block 5", "Falcon 9", True),
    ("Falcon Heavy", "Falcon 9", False),
    ("Soyuz-2.1a", "soyuz", True),
    ("Soyuz (11A511)", "Soyuz", True),
    ("Soyuz-2.1a", "Soyuz-2.1a", True),
    ("Soyuz-2.1a", "Soyuz-2.1b", False),
    ("Союз-2.1а", "soyuz", True),
])
def test_a_vehicle_filter_matches_the_family_and_the_variant(vehicle, query, matches):
    assert vehicle_matches(vehicle, query) is matches


def test_list_by_vehicle_family_through_the_cli(cli, dataset):
    saturn_v = ids(cli, "--vehicle", "Saturn V")
    assert "apollo-11" in saturn_v and "apollo-4" in saturn_v and "skylab-1" in saturn_v
    assert not [x for x in saturn_v if x.startswith("apollo-7")]  # Apollo 7 flew on a Saturn IB
    falcon = ids(cli, "--vehicle", "Falcon 9")
    assert len(falcon) == sum(1 for x in dataset.launches if x.vehicle.startswith("Falcon 9"))
    assert len(ids(cli, "--vehicle", "soyuz")) > 150


def test_search_covers_spacecraft_and_crew(cli, dataset):
    challenger = ids(cli, "--search", "Challenger")
    orbiter = [x.id for x in dataset.launches if "Challenger (OV-099)" in (x.spacecraft or "")]
    assert len(orbiter) == 10 and set(orbiter) <= set(challenger)
    assert "apollo-17" in challenger  # the lunar module Challenger
    assert not [x for x in challenger if dataset.by_id[x].spacecraft and "Discovery" in dataset.by_id[x].spacecraft]
    assert ids(cli, "--search", "Leonov") == ["voskhod-2", "soyuz-19"]  # a crew member's name


def test_sort_by_name_is_natural(dataset):
    names = [x.name for x in filter_launches(dataset, LaunchFilter(program="Apollo"), sort="name")]
    assert names.index("Apollo 7") < names.index("Apollo 10") < names.index("Apollo 17")
    assert natural_key("STS-9") < natural_key("STS-10") < natural_key("STS-100")


@pytest.mark.parametrize(("query", "words"), [
    ("Gagarin", "'Gagarin' is a person: try 'almanac person Gagarin'"),
    ("Columbia", "launches mention it: try 'almanac list --search Columbia'"),
    ("Hubble Deep Space Telescope Mission", "every orbital launch is in the GCAT catalog"),
    ("Voyger 1", "did you mean voyager-1 or voyager-2?"),
])
def test_a_launch_outside_the_data_says_where_to_look(cli, query, words):
    result = cli("launch", query)
    assert result.exit_code == 1
    assert words in result.stderr and result.stderr.count("\n") == 1


def test_only_close_matches_are_suggested(dataset):
    assert close_matches(dataset.by_key, "Gemini 12x", lambda x: x.id)[0] == "gemini-12"
    assert close_matches(dataset.by_key, "Hubble Deep Field revisited", lambda x: x.id) == []


def test_one_lookup_for_every_kind(dataset):
    sites = keyed(dataset.sites.values(), lambda x: (x.id, x.name, *x.aliases))
    assert lookup(sites, "Tyuratam").id == "baikonur"
    assert lookup(sites, "kennedy space center").id == "kennedy"
    stations = keyed(dataset.stations.values(), lambda x: (x.id, x.name, *x.aliases))
    assert lookup(stations, "Мир").id == "mir"
    assert lookup(dataset.by_key, "92p").id == "progress-ms-31"


@pytest.mark.parametrize(("args", "words"), [
    (("crew", "--aboard", "isss", "--on", "2020-01-01"), "no station matches 'isss'; did you mean iss?"),
    (("person", "Gagrin"), "did you mean yuri-gagarin"),
    (("list", "--site", "baikonr"), "no site matches 'baikonr'; did you mean baikonur?"),
])
def test_other_kinds_suggest_close_matches(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 1 and words in result.stderr


@pytest.mark.parametrize(("text", "key"), [
    ("Soyuz MS-27", "soyuzms27"),
    ("Союз МС-27", "soyuzms27"),  # Cyrillic romanised
    ("Ünïcode_x  (test)", "unicodextest"),  # accents, ASCII punctuation and spaces go
    ("Apollo 11 \U0001F680", "apollo11"),  # characters beyond the BMP go too
    ("Tiangong — 天宫", "tiangong—天宫"),  # the rest of the BMP stays
    ("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~\x7f", ""),
])
def test_fold_keeps_digits_letters_and_the_rest_of_the_bmp(text, key):
    from almanac.domain.text import fold

    assert fold(text) == key

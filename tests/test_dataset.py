"""Loading and validating datasets: every kind of bad file gives exit 3 and one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from almanac import DatasetError, load, validate
from almanac.dataset.loader import ENV_DATA
from tests.conftest import MINIMAL_DATASET


def bad(old: str, new: str) -> str:
    assert old in MINIMAL_DATASET, old
    return MINIMAL_DATASET.replace(old, new, 1)


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """1-based line of the nth line containing fragment."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[nth - 1]


DUPLICATED = MINIMAL_DATASET + MINIMAL_DATASET.split("launches:\n")[1].replace("[T1]", "[T1b]")
# name: (dataset text, line expected in the message, words expected in the message)
BAD_DATASETS = {
    "malformed": (MINIMAL_DATASET + "  - id: [unclosed\n", 38, "did not find expected ',' or ']'"),
    "wrong-schema-version": (bad("schema_version: 1", "schema_version: 99"), 1, "schema_version: expected 1"),
    "duplicate-launch-id": (DUPLICATED, line_of(DUPLICATED, "id: test-1", 2),
                            "launches[1] (test-1).id: duplicate id "
                            f"(first at line {line_of(DUPLICATED, 'id: test-1')})"),
    "duplicate-key": (t := bad("    vehicle: Falcon 9\n", "    vehicle: Falcon 9\n    vehicle: Dragon\n"),
                      line_of(t, "Dragon"), "duplicate key 'vehicle'"),
    "unknown-site": (t := bad("site: kennedy", "site: kenedy"), line_of(t, "kenedy"),
                     "launches[0] (test-1).site: unknown site 'kenedy' (did you mean kennedy?)"),
    "unknown-person": (t := bad("- person: ann-test", "- person: bob-test"), line_of(t, "bob-test"),
                       "crew[0].person: unknown person 'bob-test' (did you mean ann-test?)"),
    "unknown-target": (t := bad("target: iss", "target: mir"), line_of(t, "target: mir"),
                       "events[0].target: unknown station or launch 'mir'"),
    "impossible-date": (t := bad("2020-05-30T19:22:45Z", "2020-02-30T19:22:45Z"), line_of(t, "2020-02-30"),
                        "'2020-02-30T19:22:45Z' is not a real date"),
    "bad-time-form": (t := bad('"2020-05-30T19:22:45Z"', '"May 30, 2020"'), line_of(t, "May 30"),
                      "is not a UTC time of the form"),
    "unquoted-number": (t := bad('utc: "2020-05-30T19:22:45Z"', "utc: 2020"), line_of(t, "utc: 2020"),
                        "'2020' is not a UTC time"),
    "wrong-type": (t := bad("aliases: [T1]", "aliases: {a: 1}"), line_of(t, "aliases: {a"),
                   "aliases: expected a list, got a mapping"),
    "missing-name": (t := bad("    name: Test 1\n", ""), line_of(t, "id: test-1"),
                     "launches[0] (test-1).name: required field is missing"),
    "no-sources": (t := bad('    sources: ["https://example.org/test-1"]\n', ""), line_of(t, "id: test-1"),
                   "sources: at least one source is required"),
    "unknown-field": (t := bad("vehicle: Falcon 9", "vehicle: Falcon 9\n    rocket: Falcon 9"),
                      line_of(t, "rocket:"), "launches[0] (test-1).rocket: unknown field"),
    "bad-id": (t := bad("id: test-1", "id: Test 1"), line_of(t, "id: Test 1"), "'Test 1' is not an id"),
    "event-before-launch": (t := bad("2020-05-31T14:16Z", "2019-05-31T14:16Z"), line_of(t, "2019-05-31"),
                            "2019-05-31T14:16Z is before the launch"),
    "unknown-zone": (t := bad("zone: America/New_York", "zone: America/New_Yrok"), line_of(t, "New_Yrok"),
                     "sites[1] (kennedy).zone: unknown IANA time zone 'America/New_Yrok'"),
    "python-tag": (MINIMAL_DATASET + "extra: !!python/object/apply:os.getcwd []\n", 37,
                   "YAML tag 'tag:yaml.org,2002:python/object/apply:os.getcwd' is not allowed"),
    "alias": (t := bad("aliases: [T1]", "aliases: &a [T1]\n    notes: *a"), line_of(t, "*a"),
              "aliases (*name) are not allowed"),
    "not-a-mapping": ("- just\n- a list\n", 1, "must be a mapping"),
}


@pytest.mark.parametrize("name", sorted(BAD_DATASETS))
def test_bad_dataset_exit_3_naming_file_and_line(cli, write_dataset, name):
    text, line, words = BAD_DATASETS[name]
    path = write_dataset(text)
    result = cli("--data", str(path), "launch", "t1")
    assert result.exit_code == 3, result.stdout
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"almanac: {path}:{line}: "), result.stderr
    assert words in result.stderr


def test_validate_lists_every_problem(cli, write_dataset):
    text = bad("site: kennedy", "site: kenedy").replace("- person: ann-test", "- person: bob")
    path = write_dataset(text)
    result = cli("validate", str(path))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert f"{path}:{line_of(text, 'kenedy')}: launches[0] (test-1).site: unknown site 'kenedy' " \
        "(did you mean kennedy?)" in lines
    assert f"{path}:{line_of(text, 'person: bob')}: launches[0] (test-1).crew[0].person: unknown person " \
        "'bob'" in lines
    assert lines[-1] == f"almanac: {path}: 2 problems"


def test_event_on_the_launch_day_at_day_precision_is_not_before_it(cli, write_dataset):
    path = write_dataset(bad('utc: "2020-05-31T14:16Z"', 'utc: "2020-05-30"'))
    assert cli("validate", str(path)).exit_code == 0


def test_validate_clean_file(cli, write_dataset):
    result = cli("validate", str(write_dataset()))
    assert result.exit_code == 0
    assert "ok (1 launches, 1 people, 2 sites)" in result.stdout


def test_validate_packaged_dataset_is_clean(cli):
    result = cli("validate")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("case", ["missing", "directory", "not-utf8", "unreadable"])
def test_unreadable_files(cli, tmp_path, case):
    path = tmp_path / "d.yaml"
    if case == "directory":
        path.mkdir()
    elif case == "not-utf8":
        path.write_bytes(MINIMAL_DATASET.encode() + b"# caf\xe9\n")
    elif case == "unreadable":
        path.write_text(MINIMAL_DATASET)
        path.chmod(0)
        try:
            path.read_bytes()
            pytest.skip("running as a user who can read any file (root)")
        except PermissionError:
            pass
    result = cli("--data", str(path), "launch", "t1")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"almanac: {path}")
    expected = {"missing": "no such dataset file", "directory": "is a directory",
                "not-utf8": ":37: not valid UTF-8", "unreadable": "permission denied"}[case]
    assert expected in result.stderr


def test_python_tag_never_runs(cli, tmp_path, write_dataset):
    marker = tmp_path / "ran"
    path = write_dataset(MINIMAL_DATASET + f"extra: !!python/object/apply:os.mkdir [{str(marker)!r}]\n")
    result = cli("--data", str(path), "launch", "t1")
    assert result.exit_code == 3
    assert not marker.exists()


def test_data_option_beats_environment_beats_default(cli, write_dataset, tmp_path):
    good = write_dataset()
    missing = tmp_path / "missing.yaml"
    # environment alone is used
    result = cli("launch", "t1", "-f", "json", env={ENV_DATA: str(good)})
    assert json.loads(result.stdout)["id"] == "test-1"
    # --data wins over the environment
    result = cli("--data", str(good), "launch", "t1", "-f", "json", env={ENV_DATA: str(missing)})
    assert result.exit_code == 0
    result = cli("--data", str(missing), "launch", "92P", env={ENV_DATA: str(good)})
    assert result.exit_code == 3
    # no --data and no environment: the packaged dataset
    result = cli("launch", "92P", "-f", "json", env={ENV_DATA: ""})
    assert json.loads(result.stdout)["id"] == "progress-ms-31"


def test_library_load_raises_with_every_problem(write_dataset):
    path = write_dataset(bad("site: kennedy", "site: kenedy").replace("- person: ann-test", "- person: x"))
    with pytest.raises(DatasetError) as info:
        load(path)
    assert len(info.value.problems) == 2
    assert "and 1 more problems" in str(info.value)
    dataset, problems = validate(path)
    assert dataset is None and len(problems) == 2


def test_library_load_builds_typed_model(write_dataset):
    dataset = load(write_dataset())
    launch = dataset.by_id["test-1"]
    assert launch.site is dataset.sites["kennedy"]
    assert launch.crew[0].person is dataset.people["ann-test"]
    assert launch.events[0].at.iso() == "2020-05-31T14:16Z"


def test_runs_from_another_directory_with_the_installed_package(tmp_path):
    """The installed package carries its dataset: no checkout, no current-directory tricks."""
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("PYTHONPATH", ENV_DATA)}
    probe = subprocess.run([sys.executable, "-c", "import almanac, sys; print(almanac.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail("almanac is not installed: run the README's set-up command (pip install '.[test]')")
    source_tree = Path(__file__).resolve().parent.parent / "almanac"
    assert Path(probe.stdout.strip()).resolve().parent != source_tree  # the installed copy ran
    result = subprocess.run([sys.executable, "-m", "almanac", "launch", "progress-ms-31", "-f", "json"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["local"] == "2025-07-04T00:32:40+05:00"

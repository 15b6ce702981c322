"""Shared test helpers: run the CLI in-process, and write small datasets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from almanac.cli import app

# No time limit per example: hypothesis's default (200 ms) fails a property on a slow or busy
# machine (the first example of a zone loads its file), and timing is the benchmarks' job.
settings.register_profile("almanac", deadline=None)
settings.load_profile("almanac")

MINIMAL_DATASET = """\
schema_version: 1
sites:
  - id: baikonur
    name: Baikonur Cosmodrome
    country: KZ
    zone: Asia/Qyzylorda
    sources: ["https://example.org/baikonur"]
  - id: kennedy
    name: Kennedy Space Center
    country: US
    zone: America/New_York
    sources: ["https://example.org/kennedy"]
stations:
  - id: iss
    name: International Space Station
people:
  - id: ann-test
    name: Ann Test
    agency: NASA
    country: US
    sources: ["https://example.org/ann"]
launches:
  - id: test-1
    name: Test 1
    aliases: [T1]
    utc: "2020-05-30T19:22:45Z"
    site: kennedy
    vehicle: Falcon 9
    crew:
      - person: ann-test
        role: commander
    events:
      - type: docking
        utc: "2020-05-31T14:16Z"
        target: iss
    sources: ["https://example.org/test-1"]
"""


@pytest.fixture
def cli():
    """Invoke the CLI in-process; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def write_dataset(tmp_path: Path):
    """Write dataset text (dedented) to a file and return its path."""

    def write(text: str = MINIMAL_DATASET, name: str = "missions.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own empty dataset cache folder and data folder (never the user's
    ~/.cache, nor the GCAT catalog in ~/.local/share)."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("ALMANAC_NO_CACHE", raising=False)
    # and its own empty data folder: no test sees (or writes) the user's GCAT catalog
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.delenv("ALMANAC_NO_CATALOG", raising=False)
    return folder / "almanac"

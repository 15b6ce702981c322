"""Measure the GCAT catalog layer (issue 16): import time, and warm commands with the catalog
against the same commands without it (target: within 1.5x).

    python bench/catalog.py [--repeat 15] [--launchlog PATH --sites PATH]

Installs the catalog into a temporary XDG_DATA_HOME (the real files from ../shared/catalog/ by
default), warms the caches once, then runs each command with the catalog and with
`--no-catalog` back to back, alternating which goes first, with stdout on a pipe. The verdict
is the ratio of the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "catalog"
ALMANAC = [sys.executable, "-c", "import sys; from almanac.cli import main; sys.exit(main())"]
COMMANDS = (
    ["list", "--year", "1977", "--format", "tsv"],
    ["launch", "Sputnik 1", "--format", "json"],
    ["anniversaries", "--year", "2027", "--format", "json"],
)


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(ALMANAC + args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)  # noqa: S603
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--launchlog", type=Path, default=SHARED / "launchlog-2024-12-08.tsv")
    parser.add_argument("--sites", type=Path, default=SHARED / "sites-2024-11-27.tsv")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as cache:
        # Bytecode is cached (as a pip install compiles it): with PYTHONDONTWRITEBYTECODE=1 every
        # run would compile almanac's source again, which installed users never pay.
        env = {**os.environ, "XDG_DATA_HOME": data, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(ROOT),
               "PYTHONPYCACHEPREFIX": str(Path(cache) / "pycache")}
        for name in ("ALMANAC_NO_CATALOG", "ALMANAC_NO_CACHE", "ALMANAC_DATA", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        imports = [timed(["catalog", "import", str(options.launchlog), "--sites", str(options.sites)], env)
                   for _ in range(3)]
        print(f"catalog import (whole file, parse + name + zone + cache): "
              f"median {statistics.median(imports) * 1000:.0f} ms of {len(imports)}")
        for command in COMMANDS:
            timed(command, env)
            timed(["--no-catalog", *command], env)
            with_catalog, without = [], []
            for i in range(options.repeat):
                pair = [(command, with_catalog), (["--no-catalog", *command], without)]
                for args, runs in (pair if i % 2 == 0 else pair[::-1]):
                    runs.append(timed(args, env))
            ours, theirs = statistics.median(with_catalog), statistics.median(without)
            print(f"{' '.join(command)}: with catalog {ours * 1000:.0f} ms, without {theirs * 1000:.0f} ms, "
                  f"ratio {ours / theirs:.2f}x (limit 1.5x)")


if __name__ == "__main__":
    main()

"""Measure the performance targets (issue 15): each command side by side with its reference,
as ratios of medians.

    python bench/run.py [--repeat 9] [--cold-repeat 5] [--launches 10000]

Makes the synthetic dataset (bench/make_dataset.py) in a temporary folder, points
XDG_CACHE_HOME at another, and runs everything as the `almanac` console script does
(``from almanac.cli import main``) from this checkout (PYTHONPATH), with stdout on a
pipe. Each repetition runs the command and its reference back to back, alternating which
goes first, so that a busy machine slows both alike.
The verdict is the ratio of the two medians; "pairs" adds the median and quartiles of the
ratio within each repetition. Peak memory is each child's own ru_maxrss (os.wait4). Takes
about two minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# What the installed `almanac` console script runs (pip's wrapper imports the entry point and
# calls it); `python -m almanac` would add runpy's ~5 ms, which installed users do not pay.
ALMANAC = [PY, "-c", "import sys; from almanac.cli import main; sys.exit(main())"]
TYPER_APP = ("import typer\napp = typer.Typer()\n\n@app.command()\n"
             "def main(name: str, fmt: str = typer.Option('table', '--format', '-f')):\n"
             "    print(name)\n\napp()\n")
PARSE_ONLY = ("import sys, yaml\n"
              "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)\n")


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    max_rss_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run(command: list[str], env: dict[str, str], runs: Runs | None = None) -> bytes:
    """Run once with stdout on a pipe; record wall time and the child's own peak RSS."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env,  # noqa: S603 - our own commands
                                 stdout=subprocess.PIPE, stderr=errors)
        out = child.stdout.read()
        child.stdout.close()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"failed ({child.returncode}): {' '.join(command)}\n"
                             f"{errors.read().decode(errors='replace')}")
    if runs is not None:
        runs.seconds.append(elapsed)
        runs.max_rss_kib.append(usage.ru_maxrss)  # KiB on Linux
    return out


def side_by_side(command: list[str], reference: list[str], repeat: int, env: dict[str, str],
                 command_env=None) -> tuple[Runs, Runs]:
    ours, theirs = Runs(), Runs()
    for i in range(repeat):
        pair = [(command, command_env() if command_env else env, ours), (reference, env, theirs)]
        for cmd, cmd_env, runs in (pair if i % 2 == 0 else pair[::-1]):
            run(cmd, cmd_env, runs)
    return ours, theirs


def pairs(ours: Runs, theirs: Runs) -> str:
    """The ratio within each repetition (command and reference ran back to back): its median
    and quartiles. A slow spell of the machine moves a pair together, so these spread less
    than the medians of all runs; the verdict is still the ratio of the medians."""
    ratios = sorted(a / b for a, b in zip(ours.seconds, theirs.seconds, strict=True))
    low, mid, high = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return f"{mid:.2f}x ({low:.2f}-{high:.2f})"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(  # noqa: S603
        [PY, "-c", "import importlib.metadata as m, yaml; print(', '.join(f'{p} {m.version(p)}' for p in "
                   "('typer', 'pydantic', 'rich', 'PyYAML', 'pytz', 'python-dateutil')) "
                   "+ f', libyaml {yaml.__with_libyaml__}')"],
        capture_output=True, text=True).stdout.strip()
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}; {versions}")


# Target 1: every command, warm, on the packaged dataset, against `python -c pass`.
EVERY_COMMAND = [
    ["launch", "progress-ms-31"],
    ["launch", "progress-ms-31", "-f", "json"],
    ["launch", "-fjson", "Progress MS-31"],
    ["list"],
    ["anniversaries", "--year", "2025"],
    ["on", "07-15", "--year", "2025"],
    ["crew", "soyuz-ms-27"],
    ["crew", "--aboard", "iss", "--on", "2025-07-05"],
    ["person", "Kononenko"],
    ["convert", "2025-07-03 15:32 EDT", "--to", "baikonur"],
    ["zones"],
    ["--help"],
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each warm command")
    parser.add_argument("--cold-repeat", type=int, default=5, help="runs of the cold command")
    parser.add_argument("--launches", type=int, default=10_000)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="almanac-bench-"))
    big = work / "big.yaml"
    sys.path.insert(0, str(ROOT / "bench"))
    import make_dataset

    big.write_text(make_dataset.make(launches=args.launches), encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("ALMANAC_DATA", "ALMANAC_NO_CACHE", "PYTHONDONTWRITEBYTECODE")}
    # Bytecode is cached (in the work folder, not the checkout) as pip's install would have
    # compiled it: compiling almanac's source on every run is not what users pay.
    env.update(PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(work / "cache"), NO_COLOR="1",
               XDG_DATA_HOME=str(work / "data"), PYTHONPYCACHEPREFIX=str(work / "pycache"),
               ALMANAC_TODAY="2025-07-15")
    cold_dirs = iter(range(10**6))

    def cold_env() -> dict[str, str]:  # a new, empty cache folder for every run
        return {**env, "XDG_CACHE_HOME": str(work / f"cold-{next(cold_dirs)}")}

    print(f"machine: {machine()}")
    print(f"dataset: {big.stat().st_size:,} bytes, {args.launches} launches "
          f"({run(ALMANAC + ['validate', str(big)], env).decode().strip()})")
    anniversaries = ["anniversaries", "--year", "2025", "--format", "json"]
    listing = ["list", "--year", "1990", "--format", "tsv"]
    on_big = ALMANAC + ["--data", str(big)]
    for command in [ALMANAC + c for c in EVERY_COMMAND] + [on_big + listing, on_big + anniversaries]:
        run(command, env)  # warm every cache (and the OS file cache) once

    rows = []  # (target, command, reference, ours, theirs, limit)
    started = time.perf_counter()
    # The floor of target 1 with the stack the users chose: typer imported, and a typer app of
    # one command (no almanac code at all), against the same reference.
    for name, floor in (("(floor) import typer", [PY, "-c", "import typer"]),
                        ("(floor) a one-command typer app", [PY, "-c", TYPER_APP, "x"])):
        ours, theirs = side_by_side(floor, [PY, "-c", "pass"], args.repeat, env)
        rows.append(("-", name, "python -c pass", ours, theirs, None))
    for command in EVERY_COMMAND:
        ours, theirs = side_by_side(ALMANAC + command, [PY, "-c", "pass"], args.repeat, env)
        rows.append(("1", " ".join(command), "python -c pass", ours, theirs, 7.0))
    rss: list[int] = []
    for command in (anniversaries, listing):
        ours, theirs = side_by_side(on_big + command, ALMANAC + command, args.repeat, env)
        rows.append(("2", "--data BIG " + " ".join(command), "same, packaged dataset", ours, theirs, 2.0))
        rss += ours.max_rss_kib
    ours, theirs = side_by_side(on_big + listing, [PY, "-c", PARSE_ONLY, str(big)], args.cold_repeat,
                                env, command_env=cold_env)
    rows.append(("3", "cold: --data BIG " + " ".join(listing), "yaml.load(BIG, CSafeLoader)", ours,
                 theirs, 1.2))
    cold_rss = max(ours.max_rss_kib)

    print(f"\n{'target':<7}{'command':<52}{'median':>9}  {'reference':<30}{'median':>9}"
          f"{'ratio':>8}{'limit':>7}  {'result':<8}pairs")
    for target, command, reference, ours, theirs, limit in rows:
        ratio = ours.median / theirs.median
        verdict = "" if limit is None else ("met" if ratio <= limit else "MISSED")
        print(f"{target:<7}{command[:51]:<52}{ours.median * 1000:>7.0f}ms  {reference:<30}"
              f"{theirs.median * 1000:>7.0f}ms{ratio:>7.2f}x{'' if limit is None else f'{limit:>6.1f}x'}"
              f"  {verdict:<8}{pairs(ours, theirs)}")
    peak = max(rss) / 1024
    print(f"4      peak memory of the warm runs on BIG: {peak:.1f} MiB (limit 80 MiB)  "
          f"{'met' if peak < 80 else 'MISSED'}; cold run: {cold_rss / 1024:.1f} MiB")
    print(f"\n{args.repeat} runs per warm command, {args.cold_repeat} cold; "
          f"measured in {time.perf_counter() - started:.0f} s; files in {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: the full nbval run of notebooks/ against a floor of trivial notebooks.

The floor is the same number of throwaway notebooks (in a temporary folder)
that only import pandas, matplotlib, ipywidgets and ``helpers`` and load the
dataset, run under the same nbval command. The ratio suite / floor shows what
the analyses themselves cost on top of starting kernels and loading data;
target: 1.3 or less.

So that neither side profits from caches the other warmed, one untimed floor
run warms the machine first, then the runs alternate floor, suite, suite,
floor (each side goes once before and once after the other), and each side's
figure is the minimum of its two runs.

    python bench/bench_notebooks.py          # or ./suite bench
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from helpers.maintenance.notebooks import notebook_paths

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3
RESULTS = ROOT / "build" / "bench"  # notebooks.json, for bench/summary.py
FLOOR_SOURCE = """%matplotlib inline
import ipywidgets
import matplotlib
import pandas as pd

import helpers
from helpers import load_dataset

ds = load_dataset()"""


def nbval_command(paths: list[str]) -> list[str]:
    """The same nbval command as ``./suite test`` runs, on the given paths."""
    return [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), "-o", "addopts=", "-o", "testpaths=notebooks",
        *paths,
    ]


def timed_run(paths: list[str]) -> float:
    """Wall time of one nbval run; raises if it fails."""
    start = time.perf_counter()
    result = subprocess.run(nbval_command(paths), cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"nbval failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    return elapsed


def write_floor(folder: Path, count: int) -> list[str]:
    """Write ``count`` trivial notebooks into ``folder``; return their paths."""
    paths = []
    for i in range(count):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"floor_{i:02d}.ipynb"
        nbformat.write(nb, path)
        paths.append(str(path))
    return paths


ORDER = ("floor", "suite", "suite", "floor")  # ABBA: each side runs as often first as second; each side's minimum is reported
RUNS = ORDER.count("suite")


def main() -> int:
    notebooks = [str(p) for p in notebook_paths()]
    with tempfile.TemporaryDirectory() as tmp:
        floor_paths = write_floor(Path(tmp), len(notebooks))
        timed_run(floor_paths)  # warm-up (kernel start, imports, file cache): not counted
        times: dict[str, list[float]] = {"suite": [], "floor": []}
        for side in ORDER:
            times[side].append(timed_run(notebooks if side == "suite" else floor_paths))
    suite, floor = min(times["suite"]), min(times["floor"])
    ratio = suite / floor
    runs = ", ".join(f"{side} {' / '.join(f'{t:.1f}' for t in ts)} s" for side, ts in times.items())
    print(f"notebooks: {len(notebooks)}")
    print(f"suite (nbval on notebooks/, best of {RUNS}): {suite:.1f} s")
    print(f"floor ({len(notebooks)} notebooks that import and load only, best of {RUNS}): {floor:.1f} s")
    print(f"runs after one warm-up floor run: {runs}")
    print(f"ratio: {ratio:.2f} (target <= {TARGET}): {'PASS' if ratio <= TARGET else 'MISS'}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "notebooks.json").write_text(json.dumps({"notebooks": len(notebooks), "suite": suite, "floor": floor, "ratio": ratio,
                                                        "runs": times}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

Where the suite's time goes is printed too, per notebook, from pytest's own
durations of the faster suite run: the kernel's start (the first cell's setup),
the first cell (imports and the first load), the cells that draw a figure (a
committed PNG output) and the other cells, with the slowest of those.

    python bench/bench_notebooks.py          # or ./suite bench
"""

from __future__ import annotations

import json
import re
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
        "--durations=0", "--durations-min=0", *paths,
    ]


_DURATION = re.compile(r"^([0-9.]+)s (setup|call|teardown)\s+(\S+?)::Cell (\d+)$", re.MULTILINE)


def breakdown(output: str) -> list[dict]:
    """Per notebook, from pytest's durations in ``output``: kernel start, first cell, figure cells, other cells (seconds)."""
    per: dict[str, dict] = {}
    drawn: dict[str, set[int]] = {}
    for seconds, phase, path, cell in _DURATION.findall(output):
        if path not in drawn:
            code = [c for c in nbformat.read(ROOT / path, as_version=4).cells if c.cell_type == "code"]
            drawn[path] = {i for i, c in enumerate(code) if any("image/png" in o.get("data", {}) for o in c.get("outputs", []))}
        row = per.setdefault(path, {"notebook": path, "cells": 0, "kernel": 0.0, "first": 0.0, "figures": 0, "drawing": 0.0,
                                    "other": 0.0, "slowest": ("", 0.0)})
        seconds, index = float(seconds), int(cell)
        if phase != "call":
            row["kernel"] += seconds  # the first cell's setup starts the kernel; the last teardown stops it
            continue
        row["cells"] += 1
        if index == 0:
            row["first"] += seconds
        elif index in drawn[path]:
            row["figures"] += 1
            row["drawing"] += seconds
        else:
            row["other"] += seconds
            if seconds > row["slowest"][1]:
                row["slowest"] = (f"Cell {index}", seconds)
    return sorted(per.values(), key=lambda r: r["notebook"])


def timed_run(paths: list[str]) -> float:
    """Wall time of one nbval run; raises if it fails."""
    start = time.perf_counter()
    result = subprocess.run(nbval_command(paths), cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"nbval failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    OUTPUTS[elapsed] = result.stdout
    return elapsed


OUTPUTS: dict[float, str] = {}  # each run's pytest output, by its wall time


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
    where = breakdown(OUTPUTS[suite])
    print(f"\nwhere the faster suite run's {sum(r['kernel'] + r['first'] + r['drawing'] + r['other'] for r in where):.1f} s of "
          "pytest durations went (seconds):")
    print(f"{'notebook':<48} {'cells':>5} {'kernel':>6} {'first':>6} {'figures':>8} {'drawing':>7} {'other':>6}  slowest other cell")
    for r in where:
        print(f"{r['notebook']:<48} {r['cells']:>5} {r['kernel']:>6.2f} {r['first']:>6.2f} {r['figures']:>8} {r['drawing']:>7.2f} "
              f"{r['other']:>6.2f}  {r['slowest'][0]} {r['slowest'][1]:.2f}")
    totals = {k: sum(r[k] for r in where) for k in ("kernel", "first", "drawing", "other")}
    print(f"{'all':<48} {sum(r['cells'] for r in where):>5} {totals['kernel']:>6.2f} {totals['first']:>6.2f} "
          f"{sum(r['figures'] for r in where):>8} {totals['drawing']:>7.2f} {totals['other']:>6.2f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "notebooks.json").write_text(json.dumps({"notebooks": len(notebooks), "suite": suite, "floor": floor, "ratio": ratio,
                                                        "runs": times, "where": where, "totals": totals}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The issue's table (goal, measured, met) from the figures the benchmarks just wrote to ``build/bench/``.

``./suite bench`` runs it after the benchmarks; alone: ``.venv/bin/python bench/summary.py``.
Also prints the date, the machine (CPUs, CPU model, memory) and the load average, which every figure depends on.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_load import GOAL_SIZES, MEMORY_TARGET, RESULTS, TARGETS  # noqa: E402
from bench.bench_notebooks import TARGET as NOTEBOOK_TARGET  # noqa: E402


def machine() -> str:
    """CPUs, CPU model and memory, as ``nproc`` and /proc tell them."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f", {mem_kib / 1024**2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = ""
    return f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}{memory}, Python {platform.python_version()}"


def speed_probe() -> float:
    """Seconds for a fixed pure-Python loop (10 million additions; median of 3): how fast this machine runs Python now.

    A shared or throttled machine can run the same code at half speed from one hour to the next; the probe lets two
    runs of ``./suite bench`` be compared (the goals themselves are wall-clock seconds and are held as measured).
    """
    import statistics
    import time

    times = []
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rows() -> list[tuple[str, str, str, bool]]:
    """(what, goal, measured, met) for each goal of the issue whose figures are in build/bench/."""
    out = []
    load_path, notebooks_path = RESULTS / "load.json", RESULTS / "notebooks.json"
    if load_path.exists():
        load = json.loads(load_path.read_text(encoding="utf-8"))
        figures = {f["label"]: f for f in load["figures"]}
        for copies, what in GOAL_SIZES.items():
            fig = figures.get(f"N={copies}")
            if fig is None:
                continue
            cold, warm = TARGETS[copies]
            for mode, goal in (("cold", cold), ("warm", warm)):
                seconds = fig["fresh"][mode]
                out.append((f"{what}, {fig['rows']:,} rows, {mode}{' (full validation)' if mode == 'cold' else ''}, fresh process",
                            f"<= {goal:g} s", f"{seconds:.2f} s (CPU {fig['cpu'][mode]:.2f} s; pandas floor {fig['floor']:.2f} s)",
                            seconds <= goal))
        largest = load["figures"][-1]
        if largest["label"] != "article":
            peak = largest["rss"]["self"] + largest["rss"]["child"]
            out.append((f"peak resident memory, cold {largest['documents']:,} documents, {largest['rows']:,} rows (process + largest child)",
                        f"<= {MEMORY_TARGET / 1024**3:g} GiB",
                        f"{peak / 1024**2:.0f} MiB ({largest['rss']['self'] / 1024**2:.0f} + {largest['rss']['child'] / 1024**2:.0f})",
                        peak <= MEMORY_TARGET))
    if notebooks_path.exists():
        nb = json.loads(notebooks_path.read_text(encoding="utf-8"))
        out.append((f"nbval suite ({nb['notebooks']} notebooks) against as many that only import and load", f"<= {NOTEBOOK_TARGET} x",
                    f"{nb['ratio']:.2f} x ({nb['suite']:.1f} s / {nb['floor']:.1f} s)", nb["ratio"] <= NOTEBOOK_TARGET))
    return out


def main() -> int:
    table = rows()
    print(f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {machine()}; load average now {os.getloadavg()[0]:.1f}; "
          f"speed probe {speed_probe():.2f} s (a fixed pure-Python loop: lower is faster)")
    if not table:
        print("no figures in build/bench/: run the benchmarks first (./suite bench)")
        return 1
    print()
    print("| what | goal | measured | met |")
    print("|---|---|---|---|")
    for what, goal, measured, met in table:
        print(f"| {what} | {goal} | {measured} | {'yes' if met else '**no**'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: what a user waits for when loading the data, against a floor of reading the same files with pandas.

Run from the repository root::

    .venv/bin/python bench/bench_load.py            # the article and N = 1, 10, 100, 1000 documents
    .venv/bin/python bench/bench_load.py --quick    # without N = 1000

The headline figure is the **first** ``load_dataset()`` in a fresh process,
as a notebook's first data cell sees it: pandas is already imported (untimed),
then ``from helpers import load_dataset; load_dataset(path)`` is timed; the
median over several processes is reported. Each is measured

* **cold**: the validation cache is empty (a new cache folder per process), so
  the package is validated in full;
* **warm**: the cache holds the outcome of an earlier full validation of the
  same content, so the files are hashed and parsed but not validated again.

Next to it: the in-process time (median of repeated calls after one warm-up;
cold means ``validate="always"``) and the **floor**: a fresh process with
pandas imported that reads the same tables with ``pandas.read_csv`` (all
columns as text) and the same source files, nothing else. The ratio to the
floor is printed for every figure. The files themselves are in the operating
system's page cache in every case (they were just written or read), and Python
writes and reuses bytecode as usual (one untimed process runs first). The
CPU time of each fresh process is printed too: on a shared machine the wall
time includes waiting for the CPU, the CPU time does not.

The corpora are N copies of the article with unique ids (``bench/corpus.py``).

Also measured in the same run: the cost of ``python -c "import pandas"`` in a
fresh process (what every notebook pays before its first load), and the peak
resident memory (``ru_maxrss``) of each cold first load: of the loading
process itself and of the largest process it started (the validator forks one
on a large package), with their sum held against :data:`MEMORY_TARGET`.
The figures are also written as JSON to ``build/bench/load.json`` for
``bench/summary.py``, which prints the issue's table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import build_corpus  # noqa: E402
from helpers.dataset.cache import ENV_VAR  # noqa: E402
from helpers.dataset.paths import default_data_dir  # noqa: E402

#: (cold, warm) targets for the first load in a fresh process, in seconds.
TARGETS = {"article": (0.5, 0.1), 1000: (5.0, 1.0)}
MEMORY_TARGET = 2 * 1024**3  # bytes: peak resident memory of the cold 1000-document load (the process and its largest child)
RESULTS = ROOT / "build" / "bench"
TARGET_LINEARITY = 1.25  # cold seconds per row may grow at most this much from one N to the next (1.0 = linear)

# Timed in a fresh interpreter. pandas is imported first, untimed, as a notebook has it.
_FIRST_LOAD = """
import json, resource, sys, time
import pandas
start, cpu = time.perf_counter(), time.process_time()
from helpers import load_dataset
ds = load_dataset(sys.argv[1])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
rss = {who: resource.getrusage(getattr(resource, who)).ru_maxrss * 1024 for who in ("RUSAGE_SELF", "RUSAGE_CHILDREN")}  # KiB on Linux
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": sum(len(df) for df in ds.all_tables.values()),
                  "rss_self": rss["RUSAGE_SELF"], "rss_child": rss["RUSAGE_CHILDREN"]}))
"""

_IMPORT_PANDAS = [sys.executable, "-c", "import pandas"]

_FLOOR = """
import json, sys, time
from pathlib import Path
import pandas as pd
start = time.perf_counter()
folder = Path(sys.argv[1])
descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
tables = {r["name"]: pd.read_csv(folder / r["path"], dtype=str, keep_default_na=False) for r in descriptor["resources"]}
texts = [(folder / p).read_text(encoding="utf-8") for p in tables["documents"]["path"]]
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": sum(len(df) for df in tables.values())}))
"""


def _in_fresh_process(code: str, path: Path, cache_dir: Path) -> dict:
    # Python writes and reuses its bytecode as it does on a user's machine (the test runner turns that off)
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, ENV_VAR: str(cache_dir)}
    out = subprocess.run([sys.executable, "-c", code, str(path)], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@dataclass
class Figures:
    label: str
    rows: int
    processes: int
    floor: float
    fresh: dict[str, float]  # "cold" / "warm" -> median seconds, first load in a fresh process
    cpu: dict[str, float]  # the same loads' median CPU seconds (the process's own; other load on the machine does not count)
    in_process: dict[str, float]  # "cold" / "warm" -> median seconds of repeated calls after a warm-up
    rss: dict[str, int]  # peak resident bytes of the cold first loads (largest of the processes): "self", "child"


def _in_process(path: Path, cache_dir: Path, calls: int) -> dict[str, float]:
    os.environ[ENV_VAR] = str(cache_dir)
    from helpers.dataset.load import load_dataset

    load_dataset(path)  # warm-up: imports, and the cache entry for the warm calls
    result = {}
    for mode, validate in (("cold", "always"), ("warm", "auto")):
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            load_dataset(path, validate=validate)
            times.append(time.perf_counter() - start)
        result[mode] = statistics.median(times)
    return result


def measure(label: str, path: Path, processes: int, calls: int) -> Figures:
    """All figures for one data folder: floor, fresh-process cold and warm, in-process cold and warm."""
    with tempfile.TemporaryDirectory(prefix="bench_cache_") as tmp:
        floor = [_in_fresh_process(_FLOOR, path, Path(tmp) / "unused")["seconds"] for _ in range(processes)]
        cold = [_in_fresh_process(_FIRST_LOAD, path, Path(tmp) / f"empty_{i}") for i in range(processes)]  # a new, empty cache each
        warm_cache = Path(tmp) / "empty_0"  # holds the entry the first cold load wrote
        warm = [_in_fresh_process(_FIRST_LOAD, path, warm_cache) for _ in range(processes)]
        in_process = _in_process(path, Path(tmp) / "in_process", calls)
    runs = {"cold": cold, "warm": warm}
    return Figures(label, cold[0]["rows"], processes, statistics.median(floor),
                   {mode: statistics.median(r["seconds"] for r in rs) for mode, rs in runs.items()},
                   {mode: statistics.median(r["cpu"] for r in rs) for mode, rs in runs.items()}, in_process,
                   {"self": max(r["rss_self"] for r in cold), "child": max(r["rss_child"] for r in cold)})


def import_pandas_seconds(processes: int) -> float:
    """Median wall time of ``python -c "import pandas"`` in a fresh process: the part of a kernel's start this bench leaves out."""
    times = []
    for _ in range(processes):
        start = time.perf_counter()
        subprocess.run(_IMPORT_PANDAS, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


HEADER = (f"{'data':<10} {'rows':>7} {'procs':>5} {'cache':<5} {'fresh process':>13} {'(cpu)':>8} {'x floor':>8} "
          f"{'in-process':>10} {'x floor':>8} {'pandas floor':>12} {'target':>9}  verdict")


def print_rows(fig: Figures) -> None:
    """The cold and warm lines of one data folder, as soon as it is measured."""
    key = "article" if fig.label == "article" else int(fig.label.split("=")[1])
    for mode, index in (("cold", 0), ("warm", 1)):
        fresh, inproc = fig.fresh[mode], fig.in_process[mode]
        target = TARGETS.get(key, (None, None))[index]
        shown_target = f"<= {_ms(target)}" if target else ""
        verdict = "" if target is None else ("PASS" if fresh <= target else "MISS")
        first = mode == "cold"
        print(f"{fig.label if first else '':<10} {fig.rows if first else '':>7} {fig.processes if first else '':>5} {mode:<5} "
              f"{_ms(fresh):>13} {_ms(fig.cpu[mode]):>8} {fresh / fig.floor:>7.1f}x {_ms(inproc):>10} {inproc / fig.floor:>7.1f}x "
              f"{_ms(fig.floor) if first else '':>12} {shown_target:>9}  {verdict}", flush=True)


def print_growth(corpora: list[Figures]) -> None:
    print()
    print("growth (fresh process, cold): seconds per 1000 rows, and its ratio to the previous N (1.00 = linear)")
    previous = None
    worst = 0.0
    for fig in corpora:
        per_1000 = fig.fresh["cold"] / fig.rows * 1000
        ratio = None if previous is None else per_1000 / previous
        if ratio is not None:
            worst = max(worst, ratio)
        print(f"    {fig.label:<8} {per_1000:.4f} s/1000 rows   {'-' if ratio is None else f'{ratio:.2f}'}")
        previous = per_1000
    verdict = "PASS" if worst <= TARGET_LINEARITY else "MISS"
    print(f"    worst ratio {worst:.2f}   target <= {TARGET_LINEARITY}: {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1000-document corpus")
    parser.add_argument("--processes", type=int, default=5, help="fresh processes per figure (default 5; 3 for N = 1000)")
    args = parser.parse_args(argv)
    sizes = [1, 10, 100] if args.quick else [1, 10, 100, 1000]
    load_start = os.getloadavg()[0]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; load average {load_start:.1f} at the start")
    print("first load_dataset() in a fresh process (pandas already imported), median of the processes;")
    print("in-process: median of repeated calls after one warm-up; floor: pandas.read_csv of the same tables + the source texts")
    print("(cpu): the fresh process's own CPU time for the same load; the wall time also counts waiting for a busy CPU")
    print()
    with tempfile.TemporaryDirectory(prefix="bench_warmup_") as tmp:
        _in_fresh_process(_FIRST_LOAD, default_data_dir(), Path(tmp))  # untimed: writes bytecode
    pandas_import = import_pandas_seconds(args.processes)
    print(HEADER)
    print("-" * len(HEADER), flush=True)
    results = [measure("article", default_data_dir(), args.processes, calls=20)]
    print_rows(results[-1])
    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        for n in sizes:
            path = build_corpus(Path(tmp) / f"n{n}", n)
            processes = min(args.processes, 3) if n >= 1000 else args.processes
            results.append(measure(f"N={n}", path, processes, calls=3 if n >= 1000 else 5 if n >= 100 else 10))
            print_rows(results[-1])
    print_growth(results[1:])
    largest = results[-1]
    peak = largest.rss["self"] + largest.rss["child"]
    print(f"\npeak resident memory of the cold first load, {largest.label}: {peak / 1024**2:.0f} MiB "
          f"(the process {largest.rss['self'] / 1024**2:.0f} MiB + its largest child {largest.rss['child'] / 1024**2:.0f} MiB); "
          f"target <= {MEMORY_TARGET / 1024**3:.0f} GiB: {'PASS' if peak <= MEMORY_TARGET else 'MISS'}")
    print(f"python -c 'import pandas' in a fresh process: {_ms(pandas_import)} (median of {args.processes}); "
          "every first load above comes after it")
    load_end = os.getloadavg()[0]
    print(f"\nload average {load_end:.1f} at the end (other processes on the machine inflate every figure)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps({
        "load_average": [load_start, load_end], "import_pandas": pandas_import,
        "figures": [dataclasses.asdict(fig) for fig in results]}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: load + validate time of the article dataset and of synthetic corpora.

Run from the repository root::

    .venv/bin/python bench/bench_load.py            # N = 1, 10, 100, 1000
    .venv/bin/python bench/bench_load.py --quick    # N = 1, 10, 100 (no 1000)

Prints (a) ``load_dataset()`` with full validation on the article dataset,
median and min of in-process calls after one warm-up, and (b) a table of
load+validate times for corpora of N copies of the article (see
``bench/corpus.py``), each figure next to its target with PASS or MISS.
Nothing is cached across calls: every call reads and validates the files again.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import helpers.validate as validate_module
from bench.corpus import build_corpus
from helpers.data import load_dataset

TARGET_ARTICLE_MS = 150.0
TARGET_1000_DOCS_S = 5.0
TARGET_LINEARITY = 1.25  # seconds per row may grow at most this much from one N to the next (1.0 = linear)


def _timed(path: Path | None, runs: int) -> tuple[list[float], int]:
    """Seconds of each ``load_dataset(path)`` call and the total row count."""
    times: list[float] = []
    rows = 0
    for _ in range(runs):
        start = time.perf_counter()
        ds = load_dataset(path)
        times.append(time.perf_counter() - start)
        rows = sum(len(df) for df in ds.tables.values())
    return times, rows


def _frictionless_share(path: Path) -> float:
    """Seconds the frictionless part of the validation takes on its own, for the breakdown."""
    descriptor = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    problems = validate_module._frictionless_problems(path, descriptor, skip=set())
    assert not problems, problems[:3]
    return time.perf_counter() - start


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def bench_article(runs: int = 30) -> float:
    """Time the article dataset; print and return the median in milliseconds."""
    _timed(None, 1)  # warm-up: imports, first JSON-schema compilation
    times, rows = _timed(None, runs)
    median_ms, min_ms = statistics.median(times) * 1000, min(times) * 1000
    print(f"(a) article dataset, load_dataset() with full validation, {rows} rows, {runs} calls after one warm-up")
    verdict = _verdict(median_ms <= TARGET_ARTICLE_MS)
    print(f"    median {median_ms:.1f} ms, min {min_ms:.1f} ms   target <= {TARGET_ARTICLE_MS:.0f} ms (median): {verdict}")
    return median_ms


def bench_corpus(sizes: list[int]) -> None:
    """Build corpora of N documents and print the load+validate table."""
    print()
    print("(b) synthetic corpus of N copies of the article (ids unique per copy), load_dataset(path) with full validation")
    header = f"{'N docs':>7} {'rows':>8} {'runs':>4} {'seconds':>9} {'s/1000 rows':>12} {'ratio to linear':>16}"
    print(header)
    print("-" * len(header))
    previous: float | None = None
    results: dict[int, float] = {}
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        for n in sizes:
            path = build_corpus(Path(tmp) / f"n{n}", n)
            runs = 5 if n <= 10 else 3 if n <= 100 else 1
            times, rows = _timed(path, runs)
            seconds = statistics.median(times)
            per_1000 = seconds / rows * 1000
            # time per row relative to the previous N: 1.00 is linear, above 1 superlinear, below 1 fixed costs amortised
            ratio = None if previous is None else per_1000 / previous
            shown = "-" if ratio is None else f"{ratio:.2f}"
            previous = per_1000
            results[n] = seconds
            if ratio is not None:
                ratios.append(ratio)
            print(f"{n:>7} {rows:>8} {runs:>4} {seconds:>9.3f} {per_1000:>12.4f} {shown:>16}")
            if n == sizes[-1]:
                frictionless_seconds = _frictionless_share(path)
    print(f"    at N={sizes[-1]}, frictionless alone (types, constraints, primary and foreign keys) took {frictionless_seconds:.2f} s")
    print()
    worst = max(ratios, default=1.0)
    print(f"    growth: worst ratio to linear {worst:.2f} (seconds per row vs the previous N)   target <= {TARGET_LINEARITY}: "
          f"{_verdict(worst <= TARGET_LINEARITY)}")
    if 1000 in results:
        print(f"    1000 documents: {results[1000]:.2f} s   target <= {TARGET_1000_DOCS_S:.0f} s: {_verdict(results[1000] <= TARGET_1000_DOCS_S)}")


def main(argv: list[str] | None = None) -> int:
    """Run both benchmarks and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1000-document corpus")
    parser.add_argument("--runs", type=int, default=30, help="timed calls on the article dataset (default 30)")
    args = parser.parse_args(argv)
    bench_article(args.runs)
    bench_corpus([1, 10, 100] if args.quick else [1, 10, 100, 1000])
    return 0


if __name__ == "__main__":
    sys.exit(main())

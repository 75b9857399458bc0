"""Benchmark: what a user waits for when exporting, against the validation every export starts with.

Run from the repository root::

    .venv/bin/python bench/bench_export.py

Prints, for each format:

- **command**: ``python -m helpers.export FORMAT OUT`` in a fresh process (what a user
  runs), median of 3, next to the floor measured in the same rounds: a fresh
  ``python -m helpers.dataset.validate`` (every export validates the package first);
- **in process**: the format's writer alone on an already validated package, median of 5,
  for the article and for a synthetic corpus of 100 copies (``bench/corpus.py``).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import build_corpus
from helpers.export import FORMATS, read_package

ROOT = Path(__file__).resolve().parent.parent
OUT_NAME = {"w3c": "a.jsonld", "brat": "brat", "sqlite": "d.sqlite", "plover": "e.jsonl"}


def _once(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=ROOT, timeout=300)
    return time.perf_counter() - start


def _fresh_rounds(tmp: Path, rounds: int = 3) -> dict[str, float]:
    """Median seconds per command; floor and formats alternate within each round, so both see the same machine load."""
    commands = {"floor": ["-m", "helpers.dataset.validate"]}
    commands |= {fmt: ["-m", "helpers.export", fmt, str(tmp / "cli" / OUT_NAME[fmt])] for fmt in FORMATS}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, args in commands.items():
            times[name].append(_once(args))
    return {name: statistics.median(t) for name, t in times.items()}


def _in_process(fmt: str, package, out: Path, runs: int = 5) -> float:
    writer = FORMATS[fmt][0]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        writer(package, out)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fresh = _fresh_rounds(tmp)
        floor = fresh["floor"]
        print("Fresh process (median of 3, floor and formats alternating): python -m helpers.export FORMAT OUT")
        print(f"  floor: python -m helpers.dataset.validate   {floor:6.2f} s")
        for fmt in FORMATS:
            t = fresh[fmt]
            print(f"  {fmt:7}                            {t:6.2f} s   ({t - floor:+5.2f} s against the floor)")
        article = read_package()
        corpus = read_package(build_corpus(tmp / "corpus", copies=100))
        rows = sum(len(r) for r in corpus.rows.values())
        print(f"\nWriter alone, in process (median of 5): article ({sum(len(r) for r in article.rows.values())} rows) "
              f"and 100 copies ({rows} rows)")
        for fmt in FORMATS:
            a = _in_process(fmt, article, tmp / "a" / OUT_NAME[fmt])
            c = _in_process(fmt, corpus, tmp / "c" / OUT_NAME[fmt])
            print(f"  {fmt:7} {a * 1000:8.1f} ms   {c:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

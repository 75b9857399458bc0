"""The benchmarks' own arithmetic (no timing here: the figures come from ``./suite bench``)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from helpers.dataset.paths import project_root


def _bench(name: str) -> ModuleType:
    """A module of ``bench/``, loaded by path (``bench`` is not an installed package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", project_root() / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_notebook_breakdown_sorts_each_cell_into_kernel_first_cell_figures_and_other() -> None:
    bench = _bench("bench_notebooks")
    output = "\n".join([
        "0.70s setup    notebooks/04_timeline.ipynb::Cell 0",
        "0.90s call     notebooks/04_timeline.ipynb::Cell 0",
        "0.80s call     notebooks/04_timeline.ipynb::Cell 3",  # fig = plots.timeline(ds): a committed PNG
        "0.05s call     notebooks/04_timeline.ipynb::Cell 1",
        "0.25s call     notebooks/04_timeline.ipynb::Cell 2",
        "0.10s teardown notebooks/04_timeline.ipynb::Cell 9",
        "1 passed in 3.00s",
    ])
    (row,) = bench.breakdown(output)
    assert row["notebook"] == "notebooks/04_timeline.ipynb" and row["cells"] == 4
    assert row["kernel"] == pytest.approx(0.8) and row["first"] == pytest.approx(0.9)
    assert (row["figures"], row["drawing"]) == (1, pytest.approx(0.8))
    assert row["other"] == pytest.approx(0.3) and row["slowest"] == ("Cell 2", 0.25)


def test_the_nbval_command_of_the_benchmark_asks_pytest_for_every_duration() -> None:
    command = _bench("bench_notebooks").nbval_command(["notebooks/04_timeline.ipynb"])
    assert "--durations=0" in command and "--durations-min=0" in command and command[-1] == "notebooks/04_timeline.ipynb"

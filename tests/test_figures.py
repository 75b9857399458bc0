"""Image regression tests for every plot helper (nbval skips PNG output, so figures are checked here).

Each helper is rendered with the Agg backend at a fixed dpi and fixed font
settings and compared with ``tests/baseline/<name>.png`` within a tolerance.
After an intended change to a figure, regenerate the baselines and commit them::

    ./suite baselines        # = pytest tests/test_figures.py --regenerate-baselines

On a failure the rendered image and a diff image are left in pytest's
temporary folder (the failure message gives the paths).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

from helpers import load_dataset, plots
from helpers.data import Dataset

BASELINE_DIR = Path(__file__).parent / "baseline"
DPI = 80
# RMS difference (0-255 scale) allowed between renderings: absorbs FreeType and
# anti-aliasing differences between machines; a changed colour, label or layout exceeds it.
TOLERANCE = 0.5
RC = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib: the same glyphs everywhere
    "text.hinting": "none",
    "svg.hashsalt": "matplotlib",
    "path.sketch": None,
}

PLOTS: dict[str, Callable[[Dataset], Figure]] = plots.figure_helpers()


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def render(plot: Callable[[Dataset], Figure], ds: Dataset, path: Path) -> None:
    """Draw one figure with the test settings and save it as PNG."""
    with matplotlib.rc_context(RC):
        fig = plot(ds)
        fig.savefig(path, dpi=DPI, metadata={"Software": None})


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_figure_matches_baseline(name: str, ds: Dataset, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    actual = tmp_path / f"{name}.png"
    render(PLOTS[name], ds, actual)
    expected = BASELINE_DIR / f"{name}.png"
    if request.config.getoption("--regenerate-baselines"):
        BASELINE_DIR.mkdir(exist_ok=True)
        shutil.copyfile(actual, expected)
        return
    if not expected.is_file():
        pytest.fail(f"no baseline {expected.name}: run ./suite baselines and commit tests/baseline/")
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, f"{name} differs from its baseline (after an intended change: ./suite baselines):\n{result}"


def test_every_plot_helper_has_a_committed_baseline_and_no_baseline_is_orphaned() -> None:
    assert {p.stem for p in BASELINE_DIR.glob("*.png")} == set(PLOTS)
    assert {"stance_heatmap", "timeline"} <= set(PLOTS)


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_rendering_is_deterministic(name: str, ds: Dataset, tmp_path: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    render(PLOTS[name], ds, first)
    render(PLOTS[name], ds, second)
    assert first.read_bytes() == second.read_bytes()

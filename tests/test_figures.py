"""Image regression tests for every plot helper (nbval skips PNG output, so figures are checked here).

Each helper is rendered with the Agg backend at a fixed dpi and fixed font
settings and compared with ``tests/baseline/<name>.png`` within a tolerance.
After an intended change to a figure, regenerate the baselines and commit them::

    ./suite baselines        # = pytest tests/test_figures.py --regenerate-baselines

On a failure the rendered image and a diff image are left in pytest's
temporary folder (the failure message gives the paths).

Determinism is checked across processes: every figure is rendered in two fresh
interpreters, one with ``PYTHONHASHSEED=1 TZ=UTC`` and one with
``PYTHONHASHSEED=4242 TZ=Pacific/Chatham``, and the PNG bytes must be identical.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

from helpers import load_dataset
from helpers.dataset.load import Dataset
from helpers.views import plots

BASELINE_DIR = Path(__file__).parent / "baseline"
ROOT = Path(__file__).resolve().parent.parent
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


@pytest.mark.lock_only  # the baselines' pixels come from the locked matplotlib and FreeType
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


# Two fresh interpreters that differ in everything a figure must not depend on: string hashing (set and dict
# order of str keys) and the local time zone (Chatham is UTC+12:45/+13:45, so a date shifted by the local
# offset lands on another day). Each renders every figure once, into its own folder.
SETTINGS = {"seed1_utc": {"PYTHONHASHSEED": "1", "TZ": "UTC"}, "seed4242_chatham": {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Chatham"}}
RENDER_ALL = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import test_figures
from helpers import load_dataset
ds = load_dataset()
for name, plot in sorted(test_figures.PLOTS.items()):
    test_figures.render(plot, ds, Path(sys.argv[1]) / f"{name}.png")
print(json.dumps({"utc_offset": time.strftime("%z", time.localtime(0)), "hash": hash("determinism")}))
"""


@pytest.fixture(scope="module")
def renderings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Render every figure in one subprocess per setting (run in parallel); return each setting's folder and environment report."""
    if not Path("/usr/share/zoneinfo/Pacific/Chatham").is_file():
        pytest.fail("no time zone data for Pacific/Chatham: install tzdata")
    runs = {}
    for label, overrides in SETTINGS.items():
        folder = tmp_path_factory.mktemp(label)
        env = {**os.environ, **overrides, "MPLBACKEND": "Agg",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        proc = subprocess.Popen([sys.executable, "-c", RENDER_ALL, str(folder), str(Path(__file__).parent)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runs[label] = (folder, proc)
    out = {}
    for label, (folder, proc) in runs.items():
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"rendering under {SETTINGS[label]} failed:\n{stderr[-3000:]}"
        out[label] = (folder, json.loads(stdout.strip().splitlines()[-1]))
    return out


def test_the_two_renderings_really_ran_under_different_hash_seeds_and_time_zones(renderings: dict[str, tuple[Path, dict]]) -> None:
    reports = [report for _, report in renderings.values()]
    assert reports[0]["hash"] != reports[1]["hash"]
    assert [r["utc_offset"] for r in reports] == ["+0000", "+1245"]


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_rendering_is_deterministic(name: str, renderings: dict[str, tuple[Path, dict]]) -> None:
    """The same PNG bytes from two fresh processes with different PYTHONHASHSEED and TZ."""
    (first, _), (second, _) = renderings.values()
    assert (first / f"{name}.png").read_bytes() == (second / f"{name}.png").read_bytes(), (
        f"{name} depends on the hash seed or the time zone ({' vs '.join(map(str, SETTINGS.values()))})")

"""The stance matrix reads in grey-scale and its basis frames stay visible on every fill (issue 22, notebook 03)."""

from __future__ import annotations

import matplotlib.colors
import pytest

from helpers import load_dataset
from helpers.views import plots


def _grey(colour) -> float:
    r, g, b, _ = matplotlib.colors.to_rgba(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_every_pair_of_stances_differs_in_grey_or_in_hatch() -> None:
    styles = plots.STANCE_STYLE
    for a in styles:
        for b in styles:
            if a < b:
                (fa, ha, _), (fb, hb, _) = styles[a], styles[b]
                assert abs(_grey(fa) - _grey(fb)) > 0.12 or ha != hb, (a, b)


@pytest.fixture(scope="module")
def axes():
    return plots.stance_heatmap(load_dataset()).axes[0]


def test_basis_frames_contrast_with_the_fill_they_sit_on(axes) -> None:
    frames = [p for p in axes.patches if (p.get_gid() or "").startswith("basis:")]
    assert frames
    fills = [p for p in axes.patches if p.get_gid() is None and p.get_facecolor()[3] > 0 and p.get_width() == 1]
    for frame in frames:
        x, y = frame.get_x() - 0.09, frame.get_y() - 0.1
        under = next(f for f in fills if abs(f.get_x() - x) < 1e-6 and abs(f.get_y() - y) < 1e-6)
        assert abs(_grey(frame.get_edgecolor()) - _grey(under.get_facecolor())) > 0.4

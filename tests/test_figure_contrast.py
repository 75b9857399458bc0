"""The stance matrix reads in grey-scale and its basis frames stay visible on every fill (issue 22, notebook 03)."""

from __future__ import annotations

import dataclasses

import matplotlib.colors
import pytest

from helpers import analysis, load_dataset
from helpers.views import plots
from tests._skips import rows_or_skip


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
    ds = load_dataset()
    rows_or_skip(ds.country_positions, "country positions: no stance matrix cell to frame")
    return plots.stance_heatmap(ds).axes[0]


def test_basis_frames_contrast_with_the_fill_they_sit_on(axes) -> None:
    frames = [p for p in axes.patches if (p.get_gid() or "").startswith("basis:")]
    assert frames
    fills = [p for p in axes.patches if p.get_gid() is None and p.get_facecolor()[3] > 0 and p.get_width() == 1]
    for frame in frames:
        x, y = frame.get_x() - 0.09, frame.get_y() - 0.1
        under = next(f for f in fills if abs(f.get_x() - x) < 1e-6 and abs(f.get_y() - y) < 1e-6)
        assert abs(_grey(frame.get_edgecolor()) - _grey(under.get_facecolor())) > 0.4


def test_sentences_without_a_fact_are_marked_wide_enough_to_see() -> None:
    ds = load_dataset()
    document = rows_or_skip(ds.documents, "documents")["document_id"].iloc[0]
    ax = plots.coverage_strip(ds, document).axes[0]
    gaps = next(c for c in ax.collections if c.get_gid() == "gaps")
    widths = [path.vertices[:, 0].max() - path.vertices[:, 0].min() for path in gaps.get_paths()]
    text_length = len(ds.text(document))
    assert widths and min(widths) >= plots.GAP_MIN_SHARE * text_length - 1e-6
    markers = next(line for line in ax.lines if line.get_gid() == "gap-markers")
    assert len(markers.get_xdata()) == len(widths)


def test_in_the_corpus_overview_too_no_sentence_without_a_fact_is_too_narrow_to_see() -> None:
    ds = load_dataset()
    rows_or_skip(ds.documents, "documents")
    ax = plots.coverage_strip(ds).axes[0]  # every document, one row each (x: % of each document)
    rows = [c for c in ax.collections if (c.get_gid() or "").startswith("gaps:")]
    assert len(rows) == len(ds.documents)
    widths = [path.vertices[:, 0].max() - path.vertices[:, 0].min() for c in rows for path in c.get_paths()]
    assert widths and min(widths) >= 100 * plots.GAP_MIN_SHARE - 1e-6


def test_an_outlets_own_claims_reach_the_reader_through_its_report_not_the_article() -> None:
    ds = load_dataset()
    ax = plots.reporting_network(ds).axes[0]
    labels = [t.get_text() for t in ax.texts]
    counted = analysis.counted_statements(ds.statements)
    names = analysis.actor_names(ds.actors)
    kinds = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["kind"].astype(str), strict=True))
    speaker = counted["speaker_id"].astype(str)
    via = counted["reported_via_id"].astype("string").fillna("")
    own_claims = speaker.map(kinds).eq("media") & (speaker != analysis.ARTICLE_ACTOR) & (via == "")
    if not own_claims.any():
        pytest.skip("no outlet of the package makes a claim of its own (a counted statement reported via no one)")
    outlet = names[speaker[own_claims].iloc[0]]
    same = {a for a, n in names.items() if n == outlet}  # the figure draws actors by name: in a corpus, one outlet per copy
    own = int((own_claims & speaker.isin(same)).sum())
    quoted = int(via.isin(same).sum())
    assert own > 0 and f"{outlet} ({own + quoted})" in labels  # the channel carries its own claims and the sources it quotes
    direct = int(((via == "") & ~own_claims).sum())  # and "the article itself" carries none of any outlet's own claims
    assert f"the article itself ({direct})" in labels if direct else not any(t.startswith("the article itself") for t in labels)


def test_the_coverage_strip_of_a_package_without_documents_says_so() -> None:
    """A new corpus before its first document: a clear ValueError, not matplotlib's "Number of rows must be a positive integer"."""
    ds = load_dataset()
    empty = dataclasses.replace(ds, documents=ds.documents.iloc[0:0], texts={})
    with pytest.raises(ValueError, match="no documents"):
        plots.coverage_strip(empty)

"""What every figure shares: sizes, colours and styles, a new figure, its titles and its source note.

Data text is drawn as text, never mathtext (:func:`data_text_as_text`).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Sequence

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from helpers.dataset.load import Dataset

WIDTH = 9.0  # inches: about the width of a JupyterLab notebook at 100 dpi
# One fill per document when a figure tells documents apart (colour-blind-safe, distinct in grey-scale).
DOCUMENT_COLOURS = ("#4a6f8a", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e")
DPI = 100
MAX_EARLY_PANELS = 3  # more runs of early years than this share one linear panel on the timeline

# Stance fill colour, hatch and text colour. Lightness differs from one stance
# to the next and the light ones carry distinct hatches, so the legend still
# reads in grey-scale; the two dark fills differ by a light cross-hatch on "opposes"
# (navy and red are both dark in grey-scale); every cell is labelled in words as well.
STANCE_STYLE: dict[str, tuple[str, str, str]] = {
    "supports": ("#08306b", "", "white"),
    "conditional": ("#4a90c2", "..", "black"),
    "open": ("#c6dbef", "//", "black"),
    "reserved": ("#fdd49e", "\\\\", "black"),
    "neutral": ("#e6e6e6", "", "black"),
    "unclear": ("#ffffff", "xx", "black"),
    "opposes": ("#b2182b", "xx", "white"),
}

# The dashed outline of a cell whose positions conflict (its stripes carry each stance's own style).
CONFLICT_EDGE = "#6a3d9a"

# How a position's basis is drawn on the stance matrix: an inner outline (line style, width) in the cell's text colour
# (black on light fills, white on dark ones, so a frame never vanishes on navy), reading in grey-scale: a stated cell has
# a solid frame, a reported one a dashed frame, an inferred one a dotted frame.
POSITION_BASIS_EDGE: dict[str, tuple[str, float]] = {
    "stated": ("solid", 2.4),
    "reported": ((0, (4, 2.5)), 1.6),
    "inferred": ((0, (1, 1.8)), 1.8),
}

# How a date's basis is drawn on the timeline: (face colour, hatch, edge line style).
BASIS_STYLE: dict[str, tuple[str, str, str]] = {
    "stated": ("#1f3b57", "", "solid"),
    "inferred": ("#8fb3d1", "////", "solid"),
    "provided_metadata": ("#cccccc", "", "solid"),
    "outside_knowledge": ("#ffffff", "", "dashed"),
}

# The rungs of the sourcing ladder, from the most checkable (dark, solid) to the least (light, hatched): fill and hatch,
# so the bars read in grey-scale.
SOURCING_STYLE: dict[str, tuple[str, str]] = {
    "named": ("#08306b", ""),
    "outlet_report": ("#4a90c2", ""),
    "unnamed": ("#9ecae1", "..."),
    "unattributed": ("#deebf7", "////"),
    "article_voice": ("#ffffff", "xx"),
}
CONTESTED_STYLE = ("#b2182b", "")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _data_text_as_text(helper: Callable[..., Figure]) -> Callable[..., Figure]:
    """Draw every string as plain text: a ``$`` in a label (``"$5bn and $10bn"``) is never read as mathtext.

    Every text the helper creates is made with ``text.parse_math`` off, and
    every text of the finished figure (titles, tick labels, legends, notes)
    is switched to plain text once more, in case it was made elsewhere.
    """

    @functools.wraps(helper)
    def plain(*args, **kwargs) -> Figure:
        with mpl.rc_context({"text.parse_math": False}):
            fig = helper(*args, **kwargs)
        for text in fig.findobj(Text):
            text.set_parse_math(False)
        return fig

    return plain


def new_figure(height: float, ncols: int = 1, width_ratios: Sequence[float] | None = None) -> tuple[Figure, list[Axes]]:
    """A constrained-layout ``Figure`` of the notebook width, with ``ncols`` axes side by side.

    >>> fig, axes = new_figure(3)
    >>> fig, len(axes)
    (<Figure size 900x300 with 1 Axes>, 1)
    """
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False, width_ratios=width_ratios)[0]
    return fig, list(axes)


def source_note(ds: Dataset, document_ids: Sequence[str] | None = None) -> str:
    """'Source: …' line naming the documents a figure covers and the dataset version.

    With ``document_ids`` None, every document of the dataset is covered.
    """
    ids = sorted(set(document_ids)) if document_ids is not None else sorted(ds.documents["document_id"].astype(str))
    docs = "1 document" if len(ids) == 1 else f"{len(ids)} documents"
    return f"Source: {docs} ({', '.join(ids)}), dataset v{ds.version}"


def _wrapped(note: str) -> str:
    """A long source note on several lines, broken between words only (never inside a document id)."""
    return textwrap.fill(note, NOTE_WIDTH, break_long_words=False, break_on_hyphens=False)


def _titles(ax: Axes, title: str, note: str) -> None:
    """A bold title over the axes; the source note as the figure's footnote (its ``supxlabel``)."""
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.figure.supxlabel(_wrapped(note), x=0.01, ha="left", fontsize=8.5, color="0.35")


def _own_or_given(ax: Axes | None, height: float) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig, axes = new_figure(height)
    return fig, axes[0]


#: characters per line of a figure's source note (a corpus names dozens of documents)
NOTE_WIDTH = 140
#: up to this many documents, one panel each; beyond, one compact row per document (:func:`_per_document`)
PANELS_UP_TO = 4


@_data_text_as_text
def _per_document(ds: Dataset, document_id: str | None, ax: Axes | None, height_one: float, height_each: float,
                  draw: Callable[[Axes, str], None], titles: tuple[str, str],
                  overview: Callable[[Axes, list[str]], None] | None = None) -> Figure:
    """One panel per document (or the one asked for), each drawn by ``draw(panel, document_id)``.

    ``titles`` are the figure's title with one document and with several. With
    more than :data:`PANELS_UP_TO` documents and an ``overview``, the figure is
    one axes instead, one row per document, drawn by ``overview(ax, document_ids)``:
    a corpus of dozens of documents as a stack of full panels is a figure no one
    reads (and one that takes seconds to draw).
    """
    docs = [document_id] if document_id is not None else [str(d) for d in ds.documents["document_id"]]
    if not docs:  # a new corpus before its first document: say so, not "Number of rows must be a positive integer"
        raise ValueError("the package has no documents: nothing to draw per document")
    if len(docs) == 1:
        fig, ax = _own_or_given(ax, height_one)
        draw(ax, docs[0])
        _titles(ax, titles[0], source_note(ds, docs))
        return fig
    if ax is not None:
        raise ValueError("with several documents, give a document_id to draw into one ax")
    if overview is not None and len(docs) > PANELS_UP_TO:
        fig, axes = new_figure(1.6 + 0.2 * len(docs))
        overview(axes[0], docs)
        _titles(axes[0], titles[1], source_note(ds, docs))
        return fig
    fig = Figure(figsize=(WIDTH, height_each * len(docs) + 0.4), dpi=DPI, layout="constrained")
    for panel, doc in zip(fig.subplots(len(docs), 1, squeeze=False)[:, 0], docs, strict=True):
        draw(panel, doc)
        panel.set_title(f"document {doc}", loc="left", fontsize=10)
    fig.suptitle(titles[1], x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.supxlabel(_wrapped(source_note(ds, docs)), x=0.01, ha="left", fontsize=8.5, color="0.35")
    return fig


def document_rows(ax: Axes, docs: Sequence[str], note: Callable[[str], str] = lambda doc: "") -> None:
    """The y axis of a one-row-per-document overview: documents top to bottom, x as a share of each document's length."""
    ax.set_yticks(range(len(docs)), [f"{doc}{note(doc)}" for doc in docs], fontsize=7.5)
    for label in ax.get_yticklabels():
        label.set_parse_math(False)
    ax.set_ylim(len(docs) - 0.4, -0.6)
    ax.set_xlim(0, 100)
    ax.set_xlabel("position in each document (% of its characters)")
    ax.spines[["top", "right"]].set_visible(False)

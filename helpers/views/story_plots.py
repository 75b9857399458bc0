"""Figures of how the story is told: the sourcing ladder, what the reader meets first, the accounts' layers.

>>> from helpers import load_dataset
>>> sourcing_ladder(load_dataset())
<Figure size 900x694 with 1 Axes>
"""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers import analysis
from helpers.analysis import accounts, story
from helpers.dataset.load import Dataset
from helpers.views.figure import (
    CONTESTED_STYLE,
    SOURCING_STYLE,
    _own_or_given,
    _per_document,
    _titles,
    new_figure,
    source_note,
)


def sourcing_ladder(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Per claim, the characters of its support on each rung of the sourcing ladder (right) and of its contestation (left).

    Rungs run from named on the record (dark, solid) to the article's own voice
    (white, cross-hatched); the red bar to the left of zero is what contests the
    claim. Counted statements only (codebook rule U3). Claims in file order.

    Example: ``fig = plots.sourcing_ladder(ds); fig``
    """

    ladder = story.sourcing_ladder(ds, "characters")
    rungs = [r for r in SOURCING_STYLE if r in ladder.columns]
    fig, ax = _own_or_given(ax, 0.36 * len(ladder) + 1.9)
    y = list(range(len(ladder)))
    left = [0] * len(ladder)
    for rung in rungs:
        widths = ladder[rung].tolist()
        face, hatch = SOURCING_STYLE[rung]
        ax.barh(y, widths, left=left, height=0.66, color=face, hatch=hatch, edgecolor="#1f3b57", linewidth=0.7,
                label=rung.replace("_", " "), gid=f"rung:{rung}")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    contested = ladder["contested"].tolist()
    ax.barh(y, [-c for c in contested], height=0.66, color=CONTESTED_STYLE[0], edgecolor="#1f3b57", linewidth=0.7,
            label="contested (denied or disputed)", gid="contested")
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.set_yticks(y, [textwrap.fill(c, 46) for c in ladder.index], fontsize=8)
    for tick in ax.get_yticklabels():
        tick.set_parse_math(False)
    ax.invert_yaxis()
    ax.set_xlim(-max(max(contested), 1) * 1.15, max(left) * 1.05)
    ax.set_xlabel("characters of counted statements: contesting ← 0 → supporting")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", fontsize=8, frameon=False, title="how the sentence sources it", title_fontsize=8)
    _titles(ax, "How each claim is sourced", source_note(ds, analysis.document_ids(ds.statements)))
    return fig


def prominence_strip(ds: Dataset, claim_id: str = "talks_revived", document_id: str | None = None, ax: Axes | None = None) -> Figure:
    """Where in the text each side of the contested claim is heard: the article as a strip of characters.

    One row per side (the report, the denial); each rendering is a bar over its
    characters, solid when it is the counted utterance and hatched when it
    repeats one (a caption, a standfirst, a quoted fragment). Dotted lines mark
    the text's line breaks; the caption and opening lines are shaded. Without
    ``document_id`` the claim's own document is drawn: a claim belongs to one
    document, and its sides are read there. A claim that is not in the package
    is a ``ValueError`` naming the claims there are.

    Example: ``fig = plots.prominence_strip(ds); fig``
    """
    title = "Where each side of the story is heard"
    claim_doc = ds.claims.loc[ds.claims["claim_id"] == claim_id, "document_id"].astype(str).tolist()
    if not claim_doc:
        raise ValueError(f"no claim {claim_id!r} in this package: pass claim_id, one of {sorted(ds.claims['claim_id'].astype(str))[:10]}")
    if document_id is None:  # a claim belongs to one document: its sides are heard there (story._sides)
        document_id = claim_doc[0]
    return _per_document(ds, document_id, ax, 2.6, 2.4, lambda panel, doc: _draw_prominence(panel, ds, claim_id, doc), (title, title))


def _draw_prominence(ax: Axes, ds: Dataset, claim_id: str, doc: str) -> None:
    """One document's prominence strip into ``ax`` (no title)."""

    rows = story._sides(ds, claim_id)
    rows = rows[rows["document_id"] == doc]
    text = ds.text(doc)
    sides = list(dict.fromkeys(rows["side"]))
    colours = {"the report": "#4a90c2", "the denial": CONTESTED_STYLE[0]}
    for i, side in enumerate(sides):
        mine = rows[rows["side"] == side]
        for counted, hatch in ((True, ""), (False, "////")):
            part = mine[mine["counted"] == counted]
            ax.broken_barh([(int(a), int(b) - int(a)) for a, b in zip(part["char_start"], part["char_end"], strict=True)], (i - 0.32, 0.64),
                           facecolors=colours.get(side, "0.5") if counted else "white", edgecolor=colours.get(side, "0.5"),
                           hatch=hatch, linewidth=1.0, gid=f"side:{side}:{'counted' if counted else 'repeat'}")
    if not sides:
        ax.text(len(text) / 2, 0, "no statement in this document bears on the claim", ha="center", va="center", fontsize=9,
                color="0.35", parse_math=False)
    lines = text.split("\n")
    parts = story.opening(ds, claim_id, doc, paragraphs=len(lines))["part"].tolist()
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    for start in starts:
        ax.axvline(start, color="0.6", linewidth=0.6, linestyle=":")
    body = next((start for start, part in zip(starts, parts, strict=True) if part == "body"), len(text))
    height = max(len(sides), 1)
    ax.axvspan(0, body, color="#f2e6c9", zorder=0)
    ax.text(body / 2, height - 0.1, "caption and\nopening lines", fontsize=8, color="0.3", ha="center", va="center", parse_math=False)
    ax.text(body + 10, height - 0.1, "body →", fontsize=8, color="0.3", ha="left", va="center", parse_math=False)
    ax.set_yticks(range(len(sides)), sides, fontsize=9)
    ax.set_ylim(height + 0.5, -0.6)
    ax.set_xlim(0, len(text))
    ax.set_xlabel(f"character offset in the article (0 to {len(text)})")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(handles=[Patch(facecolor="0.45", edgecolor="0.45", label="the counted utterance"),
                       Patch(facecolor="white", edgecolor="0.45", hatch="////", label="a repeat of it (caption, standfirst, fragment)")],
              loc="upper right", fontsize=8, frameon=False, ncols=2, bbox_to_anchor=(1.0, -0.32))


def layer_figure(ds: Dataset) -> Figure:
    """Paired bars: how many utterances carry each response and each stance, as the article codes them and as the accounts support them."""
    fig, axes = new_figure(4.2, ncols=2, width_ratios=(1, 1.4))
    styles = {"article": {"color": "#4a6f8a", "hatch": ""}, "accounts": {"color": "#e8a33d", "hatch": "////"}}
    for ax, column in zip(axes, ("response", "stance"), strict=True):
        table = accounts.count_by_layer(ds, column)
        positions = range(len(table))
        for offset, layer in ((-0.2, "article"), (0.2, "accounts")):
            label = "as the article codes them" if layer == "article" else "as the accounts support them"
            ax.barh([p + offset for p in positions], table[layer], height=0.4, label=label,
                    color=styles[layer]["color"], hatch=styles[layer]["hatch"], edgecolor="white")
        ax.set_yticks(list(positions), [str(label) for label in table.index])
        ax.invert_yaxis()
        ax.set_xlabel("utterances")
        ax.set_title(column, loc="left", fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].legend(loc="lower right", frameon=False, fontsize=9)
    fig.suptitle("What changes when the utterances are read as other accounts report them", x=0.01, ha="left",
                 fontsize=12, fontweight="bold")
    fig.supxlabel(source_note(ds) + "; accounts: other outlets' renderings (comparisons); counted per utterance",
                  x=0.01, ha="left", fontsize=8.5, color="0.35")
    return fig



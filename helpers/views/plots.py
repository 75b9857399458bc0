"""Every figure of the notebooks, one helper each: data in, matplotlib ``Figure`` out.

Each helper takes the :class:`~helpers.dataset.load.Dataset` and an optional ``ax``
to draw into; without one it creates its own ``matplotlib.figure.Figure``
(not through ``pyplot``, so nothing is displayed twice in a notebook) with
constrained layout. No helper calls ``plt.show()``; in a notebook make the
figure the cell's last expression. Every figure names the documents it covers
and the dataset version in a footnote (the figure's ``supxlabel``).

Any number of documents: with more than one, the bars of
:func:`statements_per_topic` are stacked by document, :func:`timeline` spans
every recent year and marks each document's publication, and
:func:`coverage_strip` draws one panel per document unless given one. With a
single document every figure is drawn exactly as before.

>>> from helpers import load_dataset
>>> ds = load_dataset()
>>> stance_heatmap(ds)
<Figure size 900x560 with 1 Axes>
>>> [len(f.axes) for f in (statements_per_topic(ds), timeline(ds))]
[1, 2]
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from helpers import analysis
from helpers.analysis.counting import count_utterances
from helpers.dataset.load import Dataset
from helpers.dataset.spans import merge_spans
from helpers.views.figure import (
    BASIS_STYLE,
    CONFLICT_EDGE,
    POSITION_BASIS_EDGE,
    SOURCING_STYLE,
    STANCE_STYLE,
    _data_text_as_text,
    _own_or_given,
    _per_document,
    _titles,
    document_rows,
    new_figure,
    source_note,
)
from helpers.views.relay_plots import relay_tree, reply_timeline
from helpers.views.story_plots import prominence_strip, sourcing_ladder
from helpers.views.timeline import timeline

__all__ = [
    "BASIS_STYLE",
    "SOURCING_STYLE",
    "STANCE_STYLE",
    "coverage_strip",
    "figure_helpers",
    "new_figure",
    "prominence_strip",
    "relay_tree",
    "reliability_chart",
    "reply_timeline",
    "reporting_network",
    "source_note",
    "sourcing_ladder",
    "stance_heatmap",
    "statements_per_topic",
    "timeline",
]

@_data_text_as_text
def statements_per_topic(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Horizontal bars: how many utterances the dataset records on each topic (topics in file order).

    Counted per utterance (codebook U3, :func:`helpers.analysis.counting.count_utterances`): a caption, a
    standfirst, a quoted fragment or another outlet's report of the same words count once, on the topic of
    the utterance's standing rendering.

    Example: ``fig = plots.statements_per_topic(ds); fig``
    """
    fig, ax = _own_or_given(ax, 3.8)
    labels = list(ds.topics["label"].astype(str))
    counted = analysis.counted_statements(ds.statements)
    per_topic = count_utterances(counted, "topic_id") if len(counted) else pd.Series(dtype=int)
    counts = [int(per_topic.get(t, 0)) for t in ds.topics["topic_id"].astype(str)]
    y = list(range(len(labels)))
    ax.barh(y, counts, color="#4a6f8a", height=0.65)
    for yi, n in zip(y, counts, strict=True):
        ax.text(n + 0.15, yi, str(n), va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("utterances (each counted once, however often it is rendered)")
    ax.set_xlim(0, max(counts, default=0) + 1.5)
    ax.spines[["top", "right"]].set_visible(False)
    _titles(ax, "Utterances per topic", source_note(ds, analysis.document_ids(ds.statements)))
    return fig


@_data_text_as_text
def reporting_network(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Who reports whom: each speaker linked to the channel its words reach the article through.

    Line width grows with the number of counted statements (codebook rule U3:
    a caption, standfirst or quoted fragment repeating an utterance is left
    out); anonymous sources are drawn dashed in orange. Speakers are listed in
    order of first appearance. An outlet's own claims (Le Monde's report) reach
    the reader through that report, second-hand, never through "the article itself".

    Example: ``fig = plots.reporting_network(ds); fig``
    """
    edges = analysis.reporting_edges(analysis.counted_statements(ds.statements), ds.actors)
    # An outlet's own claims reach the reader second-hand, through that outlet's report, not through "the article itself":
    # draw them to the outlet's channel, with the sources it quotes (notebook 01 counts them as second-hand too).
    article = analysis.actor_names(ds.actors).get(analysis.ARTICLE_ACTOR, analysis.ARTICLE_ACTOR)
    own_report = (edges["speaker_kind"] == "media") & (edges["speaker"] != article) & (edges["channel"] == "the article itself")
    edges.loc[own_report, "channel"] = edges.loc[own_report, "speaker"]
    edges = edges.groupby(["speaker", "channel", "speaker_kind"], sort=False, as_index=False)["statements"].sum()
    speakers = list(dict.fromkeys(edges["speaker"]))
    channels = list(dict.fromkeys(edges["channel"]))
    fig, ax = _own_or_given(ax, 0.34 * len(speakers) + 1.6)
    n = len(speakers)
    y_left = {s: n - 1 - i for i, s in enumerate(speakers)}
    step = (n - 1) / max(len(channels), 1)
    y_right = {c: (n - 1) - step * (i + 0.5) for i, c in enumerate(channels)}
    per_speaker = edges.groupby("speaker", sort=False)["statements"].sum()
    per_channel = edges.groupby("channel", sort=False)["statements"].sum()
    for speaker, channel, count, kind in edges[["speaker", "channel", "statements", "speaker_kind"]].itertuples(index=False):
        anonymous = kind == analysis.ANONYMOUS_KIND
        ax.plot([0, 1], [y_left[speaker], y_right[channel]], color="#d95f02" if anonymous else "#4a6f8a",
                linestyle="--" if anonymous else "-", linewidth=0.8 + 0.9 * count, alpha=0.85, solid_capstyle="butt")
    for s in speakers:
        ax.text(-0.02, y_left[s], f"{s} ({per_speaker[s]})", ha="right", va="center", fontsize=9)
    for c in channels:
        ax.text(1.02, y_right[c], f"{c} ({per_channel[c]})", ha="left", va="center", fontsize=10, fontweight="bold")
    ax.scatter([0] * n, [y_left[s] for s in speakers], s=18, color="0.2", zorder=3)
    ax.scatter([1] * len(channels), [y_right[c] for c in channels], s=40, color="0.2", zorder=3)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.8, n - 0.2)
    ax.axis("off")
    ax.legend(
        handles=[Line2D([], [], color="#4a6f8a", lw=2, label="named speaker"),
                 Line2D([], [], color="#d95f02", lw=2, ls="--", label="anonymous source")],
        loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2, frameon=False, fontsize=9,
    )
    _titles(ax, "Who reports whom: speaker (counted statements) → channel to the article", source_note(ds, analysis.document_ids(ds.statements)))
    return fig


def _hatch_ink(ink: str) -> str:
    """The hatch colour on a stance fill: light on the dark fills (white text), mid-grey on the light ones."""
    return "0.85" if ink == "white" else "0.55"


@_data_text_as_text
def stance_heatmap(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Country × topic stance matrix: colour, hatch and words per cell; the basis under the stance.

    Empty cells mean the text gives no position. A cell whose positions
    disagree is split into one stripe per stance (each in its own style) under
    a dashed outline, with its own legend entry: a conflict is not "unclear".
    Rows in the actors' file order, columns in the topics' order.

    Example: ``fig = plots.stance_heatmap(ds); fig``
    """
    positions = ds.country_positions
    matrix = analysis.stance_matrix(positions, ds.actors, ds.topics).drop(columns=analysis.DOCUMENTS_COLUMN, errors="ignore")
    evidence = analysis.position_evidence(positions, ds.actors, ds.topics)
    fig, ax = _own_or_given(ax, 5.6)
    nrows, ncols = matrix.shape
    # cells by ids, as the matrix is built: in a corpus, actors (and topics) of different documents may share a name
    row_ids = [a for a in ds.actors["actor_id"] if a in set(positions["actor_id"])]
    col_ids = [t for t in ds.topics["topic_id"] if t in set(positions["topic_id"])]
    for r, actor in enumerate(row_ids):
        for c, topic in enumerate(col_ids):
            cell = positions[(positions["actor_id"] == actor) & (positions["topic_id"] == topic)]
            if cell.empty:
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor="white", edgecolor="0.85", linewidth=0.6))
                continue
            stances = list(dict.fromkeys(cell["stance"].astype(str)))
            if len(stances) == 1:
                face, hatch, ink = STANCE_STYLE[stances[0]]
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor=face, edgecolor=_hatch_ink(ink), hatch=hatch, linewidth=0))
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor="none", edgecolor="white", linewidth=1.5))
            else:  # conflicting positions: the cell split into one stripe per stance, under a dashed outline
                face, ink = "white", "black"
                width = 1 / len(stances)
                for i, stance in enumerate(stances):
                    fill, hatch, ink_of_stance = STANCE_STYLE[stance]
                    ax.add_patch(Rectangle((c + i * width, r), width, 1, facecolor=fill, edgecolor=_hatch_ink(ink_of_stance),
                                           hatch=hatch, linewidth=0, gid=f"conflict:{stance}"))
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor="none", edgecolor="white", linewidth=1.5))
                ax.add_patch(Rectangle((c + 0.04, r + 0.04), 0.92, 0.92, facecolor="none", edgecolor=CONFLICT_EDGE, linewidth=1.8,
                                       linestyle="--", gid="conflict"))
            bases = list(dict.fromkeys(cell["basis"].astype(str)))
            weakest = bases[-1] if len(bases) == 1 else max(bases, key=list(POSITION_BASIS_EDGE).index)
            style, width = POSITION_BASIS_EDGE[weakest]
            ax.add_patch(Rectangle((c + 0.09, r + 0.1), 0.82, 0.8, facecolor="none", edgecolor=ink, linestyle=style,
                                   linewidth=width, gid=f"basis:{weakest}"))
            ax.text(c + 0.5, r + 0.5, f"{matrix.iloc[r, c]}\n{'/'.join(bases)}", ha="center", va="center", fontsize=7.5, color=ink,
                    linespacing=1.1, bbox={"facecolor": face, "edgecolor": "none", "pad": 1.0}, parse_math=False)
    ax.set_xlim(0, ncols)
    ax.set_ylim(nrows, 0)
    ax.set_xticks([c + 0.5 for c in range(ncols)], [textwrap.fill(t, 13) for t in matrix.columns], fontsize=8.5)
    ax.set_yticks([r + 0.5 for r in range(nrows)], [textwrap.fill(s, 18) for s in matrix.index], fontsize=9)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    present = [s for s in STANCE_STYLE if (evidence["stance"] == s).any()]
    conflicts = bool((positions.groupby(["actor_id", "topic_id"], sort=False)["stance"].nunique() > 1).any())
    handles = [Patch(facecolor=STANCE_STYLE[s][0], edgecolor=_hatch_ink(STANCE_STYLE[s][2]), hatch=STANCE_STYLE[s][1], label=s) for s in present]
    if conflicts:
        handles.append(Patch(facecolor="white", edgecolor=CONFLICT_EDGE, linestyle="--", linewidth=1.5,
                             label="conflicting positions: cell split by stance"))
    handles.append(Patch(facecolor="white", edgecolor="0.85", label="(blank) no position in the text"))
    present_bases = [b for b in POSITION_BASIS_EDGE if (evidence["basis"].astype(str) == b).any()]
    handles += [Patch(facecolor="white", edgecolor="black", linestyle=POSITION_BASIS_EDGE[b][0], linewidth=POSITION_BASIS_EDGE[b][1],
                      label=f"frame: {b}") for b in present_bases]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncols=4, frameon=False, fontsize=8.5,
              title="stance (fill, words) and basis (frame, second line): solid = stated, dashed = reported, dotted = inferred",
              title_fontsize=8.5)
    _titles(ax, "Country positions by topic", source_note(ds, analysis.document_ids(positions)))
    return fig


def coverage_strip(ds: Dataset, document_id: str | None = None, ax: Axes | None = None) -> Figure:
    """Where in the article each table has annotations: one row per table, the text's characters along x.

    The bottom row shows the sentences no fact (statement, position, event or
    weapons system) touches. Without ``document_id`` every document is drawn,
    one panel each (then ``ax`` cannot be given when there are several).

    Example: ``fig = plots.coverage_strip(ds); fig``
    """
    return _per_document(ds, document_id, ax, 3.6, 3.2, lambda panel, doc: _draw_coverage(panel, ds, doc),
                         ("Which parts of the article the dataset annotates", "Which parts of each document the dataset annotates"),
                         overview=lambda panel, docs: _draw_coverage_overview(panel, ds, docs))


def _draw_coverage_overview(ax: Axes, ds: Dataset, docs: list[str]) -> None:
    """Every document as one row: its annotated characters (upper bar) and its sentences without a fact (lower, hatched)."""
    fact_tables = {n: ds.tables[n] for n in analysis.FACT_TABLES}
    for i, doc in enumerate(docs):
        length = max(len(ds.text(doc)), 1)
        merged = merge_spans([(s, e) for s, e, _ in analysis.annotation_spans(ds.tables, doc)])
        ax.broken_barh([(100 * s / length, 100 * (e - s) / length) for s, e in merged], (i - 0.36, 0.34), facecolors="#1f3b57")
        gaps = analysis.uncovered_sentences(ds.text(doc), analysis.annotation_spans(fact_tables, doc))
        least = 100 * GAP_MIN_SHARE  # a short sentence without a fact stays visible, centred on where it is
        bars = [(100 * (s + e) / 2 / length - max(100 * (e - s) / length, least) / 2, max(100 * (e - s) / length, least))
                for s, e in zip(gaps["char_start"], gaps["char_end"], strict=True)]
        ax.broken_barh(bars, (i + 0.02, 0.34), facecolors="#d95f02", hatch="////", edgecolor="white", linewidth=0, gid=f"gaps:{doc}")
    document_rows(ax, docs)
    ax.figure.legend(handles=[Patch(facecolor="#1f3b57", label="annotated (any table)"),
                       Patch(facecolor="#d95f02", hatch="////", edgecolor="white", label="a sentence without a fact")],
              loc="outside upper right", ncols=2, frameon=False, fontsize=8.5)


#: The least width of a mark for a sentence without a fact, as a share of the document's length (1 %: about 8 px at notebook width).
GAP_MIN_SHARE = 0.01


def _draw_coverage(ax: Axes, ds: Dataset, doc: str) -> None:
    """One document's coverage strip into ``ax`` (no title)."""
    text = ds.text(doc)
    names = [n for n, df in ds.tables.items() if "char_start" in df.columns]
    fact_tables = {n: ds.tables[n] for n in analysis.FACT_TABLES}
    rows = [*names, "any annotation"]
    for i, name in enumerate(rows):
        tables = ds.tables if name == "any annotation" else {name: ds.tables[name]}
        spans = analysis.annotation_spans(tables, doc)
        merged = merge_spans([(s, e) for s, e, _ in spans])
        ax.broken_barh([(s, e - s) for s, e in merged], (i - 0.35, 0.7), facecolors="#1f3b57" if name == "any annotation" else "#4a6f8a")
    gaps = analysis.uncovered_sentences(text, analysis.annotation_spans(fact_tables, doc))
    y = len(rows)
    # A short sentence is a sliver at this scale: each mark is at least GAP_MIN_SHARE of the axis wide, outlined,
    # centred on its sentence, with a marker above it, so no sentence without a fact goes unseen.
    least = GAP_MIN_SHARE * len(text)
    bars = [(s + (e - s) / 2 - max(e - s, least) / 2, max(e - s, least)) for s, e in zip(gaps["char_start"], gaps["char_end"], strict=True)]
    ax.broken_barh(bars, (y - 0.4, 0.8), facecolors="#d95f02", edgecolor="black", linewidth=0.8, gid="gaps")
    ax.plot([s + w / 2 for s, w in bars], [y + 0.75] * len(bars), linestyle="none", marker="^", markersize=7, color="black", gid="gap-markers")
    ax.set_yticks(range(len(rows) + 1), [*[r.replace("_", " ") for r in rows], f"sentences without a fact ({len(bars)})"], fontsize=9)
    ax.set_ylim(len(rows) + 1.1, -0.6)
    ax.set_xlim(0, len(text))
    ax.set_xlabel(f"character offset in the article (0 to {len(text)})")
    ax.spines[["top", "right"]].set_visible(False)


def reliability_chart(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Krippendorff's alpha per judgement variable, with its bootstrap interval and the 0.8 line.

    A filled dot is a variable at or above the threshold; a hollow one is tentative. A variable
    whose labels never vary (alpha undefined) is listed with its agreement in words instead of a dot.

    Example: ``fig = plots.reliability_chart(ds); fig``
    """
    from helpers.analysis.reliability import TENTATIVE_BELOW, reliability_table

    table = reliability_table(ds.codings).iloc[::-1].reset_index(drop=True)
    fig, ax = _own_or_given(ax, 0.8 + 0.24 * len(table))
    for y, row in table.iterrows():
        if pd.isna(row["alpha"]):
            ax.text(0.0, y, f"undefined: one label only ({row['agreed']} of {row['units']} agree)", va="center", fontsize=8,
                    color="0.35", parse_math=False)
            continue
        ax.plot([row["ci_low"], row["ci_high"]], [y, y], color="0.45", linewidth=1.2)
        ax.plot([row["alpha"]], [y], marker="o", markersize=6, color="#1f3b57",
                markerfacecolor="white" if row["tentative"] else "#1f3b57", linestyle="none")
    ax.axvline(TENTATIVE_BELOW, color="#b2182b", linestyle="--", linewidth=1)
    ax.text(TENTATIVE_BELOW, len(table) - 0.4, f" α = {TENTATIVE_BELOW}", color="#b2182b", fontsize=8, va="bottom")
    ax.set_yticks(range(len(table)), list(table["variable"]))
    for label in ax.get_yticklabels():
        label.set_parse_math(False)
    ax.set_ylim(-0.7, len(table) - 0.1)
    ax.set_xlim(min(-0.2, float(table["ci_low"].min(skipna=True)) - 0.05), 1.05)
    ax.set_xlabel("Krippendorff's alpha (nominal), with 95% bootstrap interval over units; hollow: tentative (below 0.8)")
    ax.spines[["top", "right"]].set_visible(False)
    _titles(ax, "How far two blind codings agree, per variable", source_note(ds))
    return fig


def figure_helpers() -> dict[str, Callable[..., Figure]]:
    """Every figure helper in this module by name, sorted: what the figure tests iterate over.

    >>> list(figure_helpers())[:2]
    ['coverage_strip', 'prominence_strip']
    """
    utilities = {"figure_helpers", "new_figure", "source_note"}
    return {name: globals()[name] for name in sorted(__all__) if name not in utilities and callable(globals()[name])}

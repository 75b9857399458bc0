"""Every figure of the notebooks, one helper each: data in, matplotlib ``Figure`` out.

Each helper takes the :class:`~helpers.data.Dataset` and an optional ``ax``
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

import functools
import textwrap
from collections.abc import Callable, Sequence
from datetime import datetime

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter
from matplotlib.transforms import blended_transform_factory

from helpers import analysis
from helpers.data import Dataset

__all__ = [
    "BASIS_STYLE",
    "SOURCING_STYLE",
    "STANCE_STYLE",
    "coverage_strip",
    "figure_helpers",
    "new_figure",
    "prominence_strip",
    "reliability_chart",
    "reporting_network",
    "source_note",
    "sourcing_ladder",
    "stance_heatmap",
    "statements_per_topic",
    "timeline",
]

WIDTH = 9.0  # inches: about the width of a JupyterLab notebook at 100 dpi
# One fill per document when a figure tells documents apart (colour-blind-safe, distinct in grey-scale).
DOCUMENT_COLOURS = ("#4a6f8a", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e")
DPI = 100
MAX_EARLY_PANELS = 3  # more runs of early years than this share one linear panel on the timeline

# Stance fill colour, hatch and text colour. Lightness differs from one stance
# to the next and the light ones carry distinct hatches, so the legend still
# reads in grey-scale; every cell is labelled in words as well.
STANCE_STYLE: dict[str, tuple[str, str, str]] = {
    "supports": ("#08306b", "", "white"),
    "conditional": ("#4a90c2", "..", "black"),
    "open": ("#c6dbef", "//", "black"),
    "reserved": ("#fdd49e", "\\\\", "black"),
    "neutral": ("#e6e6e6", "", "black"),
    "unclear": ("#ffffff", "xx", "black"),
    "opposes": ("#b2182b", "", "white"),
}

# The dashed outline of a cell whose positions conflict (its stripes carry each stance's own style).
CONFLICT_EDGE = "#6a3d9a"

# How a position's basis is drawn on the stance matrix: an inner outline (line style, width), black, so it reads
# in grey-scale: a stated cell has a solid frame, a reported one a dashed frame, an inferred one a dotted frame.
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


def _titles(ax: Axes, title: str, note: str) -> None:
    """A bold title over the axes; the source note as the figure's footnote (its ``supxlabel``)."""
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.figure.supxlabel(note, x=0.01, ha="left", fontsize=8.5, color="0.35")


def _own_or_given(ax: Axes | None, height: float) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig, axes = new_figure(height)
    return fig, axes[0]


@_data_text_as_text
def statements_per_topic(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Horizontal bars: how many statements the dataset records on each topic (topics in file order).

    Example: ``fig = plots.statements_per_topic(ds); fig``
    """
    fig, ax = _own_or_given(ax, 3.8)
    labels = list(ds.topics["label"].astype(str))
    counts = [int((ds.statements["topic_id"] == t).sum()) for t in ds.topics["topic_id"]]
    y = list(range(len(labels)))
    docs = analysis.document_ids(ds.statements)
    if len(docs) > 1:  # stacked by document, one colour each
        left = [0] * len(y)
        for i, doc in enumerate(docs):
            own = ds.statements[ds.statements["document_id"] == doc]
            part = [int((own["topic_id"] == t).sum()) for t in ds.topics["topic_id"]]
            ax.barh(y, part, left=left, color=DOCUMENT_COLOURS[i % len(DOCUMENT_COLOURS)], height=0.65, label=doc)
            left = [a + b for a, b in zip(left, part, strict=True)]
        ax.legend(title="document", loc="lower right", fontsize=8.5, title_fontsize=8.5, frameon=False)
    else:
        ax.barh(y, counts, color="#4a6f8a", height=0.65)
    for yi, n in zip(y, counts, strict=True):
        ax.text(n + 0.15, yi, str(n), va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("statements recorded in the dataset")
    ax.set_xlim(0, max(counts) + 1.5)
    ax.spines[["top", "right"]].set_visible(False)
    _titles(ax, "Statements per topic", source_note(ds, analysis.document_ids(ds.statements)))
    return fig


@_data_text_as_text
def reporting_network(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Who reports whom: each speaker linked to the channel its words reach the article through.

    Line width grows with the number of counted statements (codebook rule U3:
    a caption, standfirst or quoted fragment repeating an utterance is left
    out); anonymous sources are drawn dashed in orange. Speakers are listed in
    order of first appearance.

    Example: ``fig = plots.reporting_network(ds); fig``
    """
    edges = analysis.reporting_edges(analysis.counted_statements(ds.statements), ds.actors)
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
    for r, country in enumerate(matrix.index):
        for c, topic in enumerate(matrix.columns):
            cell = evidence[(evidence["country"] == country) & (evidence["topic"] == topic)]
            if cell.empty:
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor="white", edgecolor="0.85", linewidth=0.6))
                continue
            stances = list(dict.fromkeys(cell["stance"].astype(str)))
            if len(stances) == 1:
                face, hatch, ink = STANCE_STYLE[stances[0]]
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor=face, edgecolor="0.55", hatch=hatch, linewidth=0))
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor="none", edgecolor="white", linewidth=1.5))
            else:  # conflicting positions: the cell split into one stripe per stance, under a dashed outline
                face, ink = "white", "black"
                width = 1 / len(stances)
                for i, stance in enumerate(stances):
                    ax.add_patch(Rectangle((c + i * width, r), width, 1, facecolor=STANCE_STYLE[stance][0], edgecolor="0.55",
                                           hatch=STANCE_STYLE[stance][1], linewidth=0, gid=f"conflict:{stance}"))
                ax.add_patch(Rectangle((c, r), 1, 1, facecolor="none", edgecolor="white", linewidth=1.5))
                ax.add_patch(Rectangle((c + 0.04, r + 0.04), 0.92, 0.92, facecolor="none", edgecolor=CONFLICT_EDGE, linewidth=1.8,
                                       linestyle="--", gid="conflict"))
            bases = list(dict.fromkeys(cell["basis"].astype(str)))
            weakest = bases[-1] if len(bases) == 1 else max(bases, key=list(POSITION_BASIS_EDGE).index)
            style, width = POSITION_BASIS_EDGE[weakest]
            ax.add_patch(Rectangle((c + 0.09, r + 0.1), 0.82, 0.8, facecolor="none", edgecolor="black", linestyle=style,
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
    conflicts = bool((evidence.groupby(["country", "topic"], sort=False)["stance"].nunique() > 1).any())
    handles = [Patch(facecolor=STANCE_STYLE[s][0], edgecolor="0.55", hatch=STANCE_STYLE[s][1], label=s) for s in present]
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


def _day_label(day: datetime) -> str:
    """'11 Nov\\n1944': English month names whatever the locale.

    >>> _day_label(datetime(1944, 11, 11))
    '11 Nov\\n1944'
    """
    return f"{day.day} {_MONTHS[day.month - 1]}\n{day.year}"


def _month_label(day: datetime) -> str:
    """'Mar', or 'Jan\\n2025' for a January (a time axis over several years).

    >>> _month_label(datetime(2025, 1, 1)), _month_label(datetime(2024, 3, 1))
    ('Jan\\n2025', 'Mar')
    """
    return f"Jan\n{day.year}" if day.month == 1 else _MONTHS[day.month - 1]


def _to_num(value: pd.Timestamp) -> float:
    return float(mdates.date2num(datetime(value.year, value.month, value.day)))


def _early_periods(spans: Sequence[tuple[pd.Timestamp, pd.Timestamp]], first_recent: int) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The early panels of the timeline: one per run of consecutive years before ``first_recent``.

    Each period runs from the first day of the month of its first span to the
    last day of the month of its last one. With more than ``MAX_EARLY_PANELS``
    runs, one period covers them all (a single linear panel), so no event is
    ever left out.

    >>> T = pd.Timestamp
    >>> _early_periods([(T("1944-11-11"), T("1944-11-11")), (T("1990-05-01"), T("1990-05-31")),
    ...                 (T("2024-02-01"), T("2024-02-29"))], 2024)  # doctest: +NORMALIZE_WHITESPACE
    [(Timestamp('1944-11-01 00:00:00'), Timestamp('1944-11-30 00:00:00')),
     (Timestamp('1990-05-01 00:00:00'), Timestamp('1990-05-31 00:00:00'))]
    """
    early_years = sorted({s.year for s, _ in spans if s.year < first_recent})
    runs: list[list[int]] = []
    for year in early_years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    periods = []
    for run in runs:
        inside = [(s, e) for s, e in spans if run[0] <= s.year <= run[-1]]
        first = min(s for s, _ in inside).replace(day=1)
        last = max(e for _, e in inside) + pd.offsets.MonthEnd(0)
        periods.append((first, last))
    if len(periods) > MAX_EARLY_PANELS:
        periods = [(periods[0][0], periods[-1][1])]
    return periods


def _early_ticks(panel: Axes, first: pd.Timestamp, last: pd.Timestamp, days: Sequence[pd.Timestamp]) -> None:
    """Ticks of an early panel: its days (within one month), else months, else years; at most three."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    inside = sorted({d for d in days if first <= d <= last})
    if months == 1 and 1 <= len(inside) <= 3:
        ticks = [(_to_num(d) + 0.5, _day_label(d.to_pydatetime())) for d in inside]
    elif months == 1:
        ticks = [(_to_num(first) + 15, f"{_MONTHS[first.month - 1]}\n{first.year}")]
    elif months <= 24:
        starts = list(pd.date_range(first, last, freq="MS"))[:: -(-months // 3)]
        ticks = [(_to_num(d), f"{_MONTHS[d.month - 1]}\n{d.year}" if i == 0 or d.month == 1 else _MONTHS[d.month - 1])
                 for i, d in enumerate(starts)]
    else:  # a linear panel over many years: its first and last year
        ticks = [(_to_num(first), str(first.year)), (_to_num(last), str(last.year))]
    panel.xaxis.set_major_locator(FixedLocator([x for x, _ in ticks]))
    labels = dict(ticks)
    panel.xaxis.set_major_formatter(FuncFormatter(lambda x, _: labels.get(x, "")))


@_data_text_as_text
def timeline(ds: Dataset, ax: Sequence[Axes] | None = None) -> Figure:
    """Events on a broken time axis: each early period on a narrow panel, the recent years on a wide one.

    A day is a point, a month or a year a bar over the whole period, so a
    month is never shown as if it were a day. Rows follow
    :func:`helpers.analysis.event_order`: by date, and where dates tie or
    overlap, by what ``ds.event_links`` say came first. A bar never runs past
    the end of its document's publication period (an article reports what
    came before it). The fill shows where the date
    comes from: solid = stated in the text, light = inferred by the curator
    (hatched when a bar), hollow = outside knowledge (a ringed point, a dashed
    bar). The right panel covers the latest run of consecutive years; each
    earlier run of years gets a narrow panel of its own, from the month of its
    first event to the month of its last (with more than
    ``MAX_EARLY_PANELS`` such runs, one linear panel covers them all), so
    every event is drawn. Each document's publication period is shaded,
    labelled with the precision it is known to (numbered by document when
    there are several). ``ax``, if given, is a sequence of axes sharing y:
    one per early panel (at least one), then the recent panel.

    Example: ``fig = plots.timeline(ds); fig``
    """
    table = analysis.timeline_table(ds.events, ds.event_links if len(ds.event_links.columns) else None)
    starts = [pd.Timestamp(d) for d in table["first day"]]
    # a text reports what happened before it was published: no bar runs past its document's publication period
    published_end = {str(d.document_id): pd.Timestamp(d.date_end) for d in ds.documents.itertuples(index=False) if pd.notna(d.date_end)}
    event_doc = {str(e): ("" if pd.isna(d) else str(d)) for e, d in zip(ds.events["event_id"], ds.events["document_id"], strict=True)}
    ends = [min(pd.Timestamp(d), published_end.get(event_doc[e], pd.Timestamp(d))) for e, d in zip(table["event_id"], table["last day"], strict=True)]
    docs = [doc for doc in ds.documents.itertuples(index=False) if pd.notna(doc.date_start)]
    spans = list(zip(starts, ends, strict=True)) + [(pd.Timestamp(d.date_start), pd.Timestamp(d.date_end)) for d in docs]
    years = sorted({s.year for s, _ in spans})
    first_recent = years[-1]
    while first_recent - 1 in years:  # the right panel: the latest run of consecutive years
        first_recent -= 1
    recent = list(range(first_recent, years[-1] + 1))
    periods = _early_periods(spans, first_recent)
    # Without early events one empty left panel (the year before) still carries the event labels.
    lefts_x = periods or [(pd.Timestamp(first_recent - 1, 1, 1), pd.Timestamp(first_recent - 1, 12, 31))]
    long = [(last - first).days > 731 for first, last in lefts_x]  # the linear fallback panel: wider, with a margin
    ratios = [2.5 if wide else 1.0 for wide in long] + [6.0]
    legend_ax: Axes | None = None
    if ax is None and len(recent) == 1:
        fig, axes = new_figure(0.42 * len(table) + 1.9, ncols=len(ratios), width_ratios=ratios)
    elif ax is None:  # a panel over several years has no free corner: the legend gets a row of its own
        fig = Figure(figsize=(WIDTH, 0.42 * len(table) + 2.9), dpi=DPI, layout="constrained")
        grid = fig.add_gridspec(2, len(ratios), width_ratios=ratios, height_ratios=[0.42 * len(table) + 1.4, 1.0])
        axes = [fig.add_subplot(grid[0, i]) for i in range(len(ratios))]
        legend_ax = fig.add_subplot(grid[1, :])
        legend_ax.axis("off")
    else:
        axes = list(ax)
        if len(axes) != len(ratios):
            raise ValueError(f"timeline needs {len(ratios)} axes for this data: {len(lefts_x)} early panel(s), then the recent one")
        fig = axes[-1].figure
    *lefts, right = axes
    left = lefts[0]
    limits = [(_to_num(first), _to_num(last) + 1) for first, last in lefts_x]
    limits = [(lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo)) if wide else (lo, hi) for (lo, hi), wide in zip(limits, long, strict=True)]
    limits.append((_to_num(pd.Timestamp(first_recent, 1, 1)), _to_num(pd.Timestamp(years[-1], 12, 31)) + 1))
    rows = {eid: i for i, eid in enumerate(table["event_id"])}
    for panel, xlim in zip(axes, limits, strict=True):
        for row, start, end in zip(table.itertuples(index=False), starts, ends, strict=True):
            face, hatch, style = BASIS_STYLE[row.basis]
            y = rows[row.event_id]
            if row.precision == "day":
                panel.plot([_to_num(start) + 0.5], [y], marker="o", markersize=8, markerfacecolor=face, markeredgecolor="#1f3b57",
                           markeredgewidth=1.4, linestyle="none", zorder=3, gid=f"event:{row.event_id}")
                if style == "dashed":
                    panel.plot([_to_num(start) + 0.5], [y], marker="o", markersize=12, markerfacecolor="none",
                               markeredgecolor="#1f3b57", markeredgewidth=0.8, linestyle="none", zorder=3)
            else:
                panel.add_patch(Rectangle((_to_num(start), y - 0.3), _to_num(end) + 1 - _to_num(start), 0.6, facecolor=face,
                                          edgecolor="#1f3b57", hatch=hatch, linestyle=style, linewidth=1.0,
                                          gid=f"event:{row.event_id}"))
        panel.set_xlim(*xlim)
        panel.grid(axis="x", color="0.9", linewidth=0.6)
        panel.set_axisbelow(True)
    day_points = [s for s, p in zip(starts, table["precision"], strict=True) if p == "day"]
    for panel, (first, last) in zip(lefts, periods, strict=False):
        _early_ticks(panel, first, last, day_points)

    def panel_of(day: pd.Timestamp) -> Axes:
        x = _to_num(day)
        return next((p for p, (lo, hi) in zip(axes, limits, strict=True) if lo <= x < hi), right)

    if len(ds.documents) == 1 and docs:
        published = docs[0]
        panel = panel_of(pd.Timestamp(published.date_start))
        panel.axvspan(_to_num(published.date_start), _to_num(published.date_end) + 1, color="#f2e6c9", zorder=0,
                      gid=f"publication:{published.document_id}")
        panel.text(_to_num(published.date_start) - 3, 0, f"article published\n(known to the {published.date_precision})", fontsize=8,
                   color="0.3", ha="right", va="center", clip_on=True)
    elif docs:  # each document's publication period, numbered as in the footnote (ids sorted)
        numbers = {doc_id: i for i, doc_id in enumerate(sorted(str(d) for d in ds.documents["document_id"]), start=1)}
        for doc in docs:
            start, end = _to_num(doc.date_start), _to_num(doc.date_end) + 1
            panel = panel_of(pd.Timestamp(doc.date_start))
            panel.axvspan(start, end, color="#f2e6c9", zorder=0, gid=f"publication:{doc.document_id}")
            panel.text((start + end) / 2, -0.5, str(numbers[str(doc.document_id)]), fontsize=8, fontweight="bold", color="0.3",
                       ha="center", va="center", clip_on=True)
    step = len(recent)  # fewer month labels when the panel spans several years
    right.xaxis.set_major_locator(FixedLocator([_to_num(pd.Timestamp(y, m, 1)) for y in recent for m in range(1, 13, step)]))
    if len(recent) == 1:
        right.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _MONTHS[mdates.num2date(x).month - 1]))
    else:  # January carries its year
        right.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _month_label(mdates.num2date(x))))
    right.set_xlabel(str(years[-1]) if len(recent) == 1 else f"{recent[0]}–{recent[-1]}")
    for panel in axes:
        panel.set_ylim(len(table) - 0.4, -0.6)
        panel.tick_params(axis="x", labelsize=8.5)
    left.set_yticks(range(len(table)), [textwrap.fill(label, 40) for label in table["label"]], fontsize=8.5)
    for panel in axes[1:]:
        panel.set_yticks(range(len(table)))
        panel.tick_params(axis="y", left=False, labelleft=False)
    for i, panel in enumerate(axes):  # the // marks of a broken axis, on each side that meets another panel
        d = 0.09 / ratios[i]  # the same slant whatever the panel's width
        edges = ([1] if i < len(axes) - 1 else []) + ([0] if i > 0 else [])
        for x in edges:
            panel.spines["right" if x == 1 else "left"].set_visible(False)
        for x in edges:
            for y in (0, 1):
                panel.plot([x - d, x + d], [y - 0.012, y + 0.012], transform=panel.transAxes, color="k", linewidth=1, clip_on=False)
    handles = [
        Line2D([], [], marker="o", markersize=8, color="#1f3b57", markerfacecolor=BASIS_STYLE["stated"][0], linestyle="none",
               label="a day: a point"),
        Patch(facecolor="#dddddd", edgecolor="#1f3b57", label="a month or a year: a bar over the whole span"),
        Patch(facecolor=BASIS_STYLE["stated"][0], edgecolor="#1f3b57", label="date stated in the text: dark, solid"),
        Patch(facecolor=BASIS_STYLE["inferred"][0], hatch=BASIS_STYLE["inferred"][1], edgecolor="#1f3b57",
              label="inferred by the curator: light (hatched when a bar)"),
        Line2D([], [], marker="o", markersize=8, color="#1f3b57", markerfacecolor="white", linestyle="none",
               label="outside knowledge: hollow (ringed point, dashed bar)"),
    ]
    if len(ds.documents) > 1:
        precisions = " or ".join(dict.fromkeys(str(d.date_precision) for d in docs))
        handles.append(Patch(facecolor="#f2e6c9", label=f"publication of document 1, 2… (numbered\n"
                                                        f"as in the source line; known to the {precisions})"))
    if legend_ax is None:
        right.legend(handles=handles, loc="lower left", fontsize=8.5, framealpha=0.95, edgecolor="0.8")
    else:
        # centred on the figure, not on the legend row (which starts right of the event labels), so it is not cut off
        legend_ax.legend(handles=handles, loc="center", ncols=2, fontsize=8.5, frameon=False, bbox_to_anchor=(0.5, 0.5),
                         bbox_transform=blended_transform_factory(fig.transFigure, legend_ax.transAxes))
    fig.suptitle("Events in time, at the precision the text allows", x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.supxlabel(source_note(ds, analysis.document_ids(ds.events)), x=0.01, ha="left", fontsize=8.5, color="0.35")
    return fig


@_data_text_as_text
def _per_document(ds: Dataset, document_id: str | None, ax: Axes | None, height_one: float, height_each: float,
                  draw: Callable[[Axes, str], None], titles: tuple[str, str]) -> Figure:
    """One panel per document (or the one asked for), each drawn by ``draw(panel, document_id)``.

    ``titles`` are the figure's title with one document and with several.
    """
    docs = [document_id] if document_id is not None else [str(d) for d in ds.documents["document_id"]]
    if len(docs) == 1:
        fig, ax = _own_or_given(ax, height_one)
        draw(ax, docs[0])
        _titles(ax, titles[0], source_note(ds, docs))
        return fig
    if ax is not None:
        raise ValueError("with several documents, give a document_id to draw into one ax")
    fig = Figure(figsize=(WIDTH, height_each * len(docs) + 0.4), dpi=DPI, layout="constrained")
    for panel, doc in zip(fig.subplots(len(docs), 1, squeeze=False)[:, 0], docs, strict=True):
        draw(panel, doc)
        panel.set_title(f"document {doc}", loc="left", fontsize=10)
    fig.suptitle(titles[1], x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.supxlabel(source_note(ds, docs), x=0.01, ha="left", fontsize=8.5, color="0.35")
    return fig


def coverage_strip(ds: Dataset, document_id: str | None = None, ax: Axes | None = None) -> Figure:
    """Where in the article each table has annotations: one row per table, the text's characters along x.

    The bottom row shows the sentences no fact (statement, position, event or
    weapons system) touches. Without ``document_id`` every document is drawn,
    one panel each (then ``ax`` cannot be given when there are several).

    Example: ``fig = plots.coverage_strip(ds); fig``
    """
    return _per_document(ds, document_id, ax, 3.6, 3.2, lambda panel, doc: _draw_coverage(panel, ds, doc),
                         ("Which parts of the article the dataset annotates", "Which parts of each document the dataset annotates"))


def _draw_coverage(ax: Axes, ds: Dataset, doc: str) -> None:
    """One document's coverage strip into ``ax`` (no title)."""
    text = ds.text(doc)
    names = [n for n, df in ds.tables.items() if "char_start" in df.columns]
    fact_tables = {n: ds.tables[n] for n in analysis.FACT_TABLES}
    rows = [*names, "any annotation"]
    for i, name in enumerate(rows):
        tables = ds.tables if name == "any annotation" else {name: ds.tables[name]}
        spans = analysis.annotation_spans(tables, doc)
        merged = _merge([(s, e) for s, e, _ in spans])
        ax.broken_barh([(s, e - s) for s, e in merged], (i - 0.35, 0.7), facecolors="#1f3b57" if name == "any annotation" else "#4a6f8a")
    gaps = analysis.uncovered_sentences(text, analysis.annotation_spans(fact_tables, doc))
    y = len(rows)
    ax.broken_barh([(s, e - s) for s, e in zip(gaps["char_start"], gaps["char_end"], strict=True)], (y - 0.35, 0.7),
                   facecolors="#d95f02", hatch="////", edgecolor="white")
    ax.set_yticks(range(len(rows) + 1), [*[r.replace("_", " ") for r in rows], "sentences without a fact"], fontsize=9)
    ax.set_ylim(len(rows) + 0.6, -0.6)
    ax.set_xlim(0, len(text))
    ax.set_xlabel(f"character offset in the article (0 to {len(text)})")
    ax.spines[["top", "right"]].set_visible(False)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching spans.

    >>> _merge([(5, 8), (0, 3), (2, 4)])
    [(0, 4), (5, 8)]
    """
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def reliability_chart(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Krippendorff's alpha per judgement variable, with its bootstrap interval and the 0.8 line.

    A filled dot is a variable at or above the threshold; a hollow one is tentative. A variable
    whose labels never vary (alpha undefined) is listed with its agreement in words instead of a dot.

    Example: ``fig = plots.reliability_chart(ds); fig``
    """
    from helpers.reliability import TENTATIVE_BELOW, reliability_table

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


def sourcing_ladder(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Per claim, the characters of its support on each rung of the sourcing ladder (right) and of its contestation (left).

    Rungs run from named on the record (dark, solid) to the article's own voice
    (white, cross-hatched); the red bar to the left of zero is what contests the
    claim. Counted statements only (codebook rule U3). Claims in file order.

    Example: ``fig = plots.sourcing_ladder(ds); fig``
    """
    from helpers import story  # story builds on analysis and data; imported here to keep plots' imports light

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
    ``document_id`` every document gets a panel (one that holds no statement on
    the claim says so).

    Example: ``fig = plots.prominence_strip(ds); fig``
    """
    title = "Where each side of the story is heard"
    return _per_document(ds, document_id, ax, 2.6, 2.4, lambda panel, doc: _draw_prominence(panel, ds, claim_id, doc), (title, title))


def _draw_prominence(ax: Axes, ds: Dataset, claim_id: str, doc: str) -> None:
    """One document's prominence strip into ``ax`` (no title)."""
    from helpers import story  # story builds on analysis and data; imported here to keep plots' imports light

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


def figure_helpers() -> dict[str, Callable[..., Figure]]:
    """Every figure helper in this module by name, sorted: what the figure tests iterate over.

    >>> list(figure_helpers())[:2]
    ['coverage_strip', 'prominence_strip']
    """
    utilities = {"figure_helpers", "new_figure", "source_note"}
    return {name: globals()[name] for name in sorted(__all__) if name not in utilities and callable(globals()[name])}

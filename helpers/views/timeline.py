"""The timeline figure: events by date, early years folded into panels, documents' publication marked.

>>> from helpers import load_dataset
>>> len(timeline(load_dataset()).axes)
2
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter
from matplotlib.transforms import blended_transform_factory

from helpers import analysis
from helpers.dataset.load import Dataset
from helpers.views.figure import _MONTHS, BASIS_STYLE, DPI, MAX_EARLY_PANELS, WIDTH, _data_text_as_text, new_figure, source_note


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
    if not years:  # a new corpus: no axis to draw
        raise ValueError("the package has no dated event and no dated document: nothing to place on a timeline")
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



"""Figures of how the Kremlin's reply travelled (issue 21): its renderings on a time axis, and the relay tree.

Data in, ``Figure`` out, like every figure helper (:mod:`helpers.views.plots` lists them for the figure
tests); the tables come from :mod:`helpers.analysis.relays`.
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.analysis import relays
from helpers.dataset.load import Dataset
from helpers.views.figure import _data_text_as_text, _own_or_given, _titles, source_note

__all__ = ["RENDERED_STYLE", "relay_tree", "reply_timeline"]

#: Colour of a rendering of the reply by how it renders it (codebook Q2), and of a document node by the same.
RENDERED_STYLE = {"denial": "#b2182b", "both": "#9970ab", "doubt": "#2166ac", "neither": "#bdbdbd"}
_REPORT = "#4d4d4d"
_UNKNOWN_HOUR, _NO_DAY = 27.0, 31.0  # x positions of the "25 Nov, hour not known" and "no day" columns


def _x_of(times: pd.DataFrame) -> dict[str, float]:
    """Hours after midnight on 25 November 2024 for a timed document; fixed columns for the others."""
    out = {}
    for doc, t, basis in zip(times["document_id"], times["time"], times["time basis"], strict=True):
        if pd.isna(t) or basis in ("no day",) or (basis.endswith("only") and basis != "day only"):
            out[doc] = _NO_DAY
        elif basis == "day only":
            out[doc] = _UNKNOWN_HOUR if t.strftime("%Y-%m-%d") == "2024-11-25" else _NO_DAY
        else:
            out[doc] = (t - pd.Timestamp("2024-11-25")).total_seconds() / 3600
    return out


@_data_text_as_text
def reply_timeline(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Each rendering of the Kremlin's reply (and of the Le Monde report) at its document's time of publication.

    One row per document rendering either; a dot per rendering of the reply, coloured by how it renders it
    (red denial, blue doubt, grey neither), in text order from left to right; a dark square for a document's
    renderings of the report. Times on 25 November 2024: UTC where the offset is known (RBC-Ukraine's is read
    from its address), the page's own clock where it shows no time zone (marked "no TZ": not strictly
    comparable). Two columns on the right hold the documents dated to 25 November without an hour, and those
    dated to another day, to the month only, or not at all.

    Example: ``fig = plots.reply_timeline(ds); fig``
    """
    times = relays.document_times(ds)
    r = relays.reply_renderings(ds, (relays.REPLY, relays.LEMONDE))
    docs = [d for d in times["document_id"] if d in set(r["document_id"])]
    times = times.set_index("document_id").loc[docs].reset_index()
    x_of = _x_of(times)
    times = times.assign(_x=times["document_id"].map(x_of)).sort_values("_x", kind="stable").reset_index(drop=True)
    fig, ax = _own_or_given(ax, 0.3 * len(docs) + 1.9)
    labels = []
    for y, row in times.iterrows():
        x = x_of[row["document_id"]]
        mine = r[r["document_id"] == row["document_id"]]
        reply = mine[mine["utterance_id"] == relays.REPLY]
        if (mine["utterance_id"] == relays.LEMONDE).any():
            ax.plot([x - 0.35], [y], marker="s", markersize=5, color=_REPORT, linestyle="none")
        for k, how in enumerate(reply["rendered as"]):
            ax.plot([x + 0.35 * k], [y], marker="o", markersize=7, color=RENDERED_STYLE[how], markeredgecolor="0.15",
                    markeredgewidth=0.5, linestyle="none")
        clock = row["published_time"]
        when = f" · {clock[:5]}{' UTC' if len(clock) > 5 else ' no TZ'}" if clock else ""
        labels.append(f"{textwrap.shorten(row['label'], 34, placeholder='…')}{when}")
    ax.set_yticks(range(len(docs)), labels, fontsize=8)
    ax.invert_yaxis()
    for edge in (25.0, 29.0):
        ax.axvline(edge, color="0.6", linewidth=0.8, linestyle=":")
    ax.set_xlim(-0.5, _NO_DAY + 2.5)
    ax.set_xticks([0, 6, 12, 18, 24, _UNKNOWN_HOUR, _NO_DAY], ["00:00", "06:00", "12:00", "18:00", "24:00", "25 Nov,\nhour\nnot known",
                                                                "another day,\nthe month\nor no date"], fontsize=8)
    ax.set_xlabel("25 November 2024, time of publication (UTC where known; the page's clock where it shows no time zone)", fontsize=8.5)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Line2D([], [], marker="o", linestyle="none", color=RENDERED_STYLE[k], markeredgecolor="0.15", label=f"reply as {k}")
               for k in ("denial", "doubt", "neither")]
    handles.append(Line2D([], [], marker="s", linestyle="none", color=_REPORT, label="Le Monde report"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=True, framealpha=0.9, edgecolor="0.8")
    _titles(ax, "When each rendering of the Kremlin's reply appeared", source_note(ds))  # every document was searched for renderings
    return fig


@_data_text_as_text
def relay_tree(ds: Dataset, ax: Axes | None = None) -> Figure:
    """Who relays whom among the documents that render the reply, the hotheads remarks or the report.

    Roots on the left: an agency or outlet relayed whose own text is not in the corpus (white, dashed), or a
    document that names no source; each hop to the right. A document's box is coloured by how it renders
    the reply (red denial, purple both, blue doubt; grey when it renders only the report or the remarks).
    A solid link is credited on the page in its own words; a dotted link is inferred (identical wording).

    Example: ``fig = plots.relay_tree(ds); fig``
    """
    tree = relays.relay_tree(ds)
    credited = relays.relay_edges(ds).set_index("document_id")["credited"].to_dict()
    fig, ax = _own_or_given(ax, 0.27 * len(tree) + 1.4)
    pos = {n: (d * 3.2, y) for y, (n, d) in enumerate(zip(tree["node"], tree["depth"], strict=True))}
    for node, parent in zip(tree["node"], tree["parent"], strict=True):
        if parent:
            (x0, y0), (x1, y1) = pos[parent], pos[node]
            ax.plot([x0 + 0.2, x0 + 0.2, x1 - 0.1], [y0, y1, y1], color="0.35", linewidth=0.9,
                    linestyle="-" if credited.get(node) else ":")
    for node, label, kind, how in zip(tree["node"], tree["label"], tree["kind"], tree["renders the reply as"], strict=True):
        x, y = pos[node]
        face = "white" if kind != "document" else RENDERED_STYLE.get(how, RENDERED_STYLE["neither"])
        text_colour = "white" if how in ("denial", "doubt", "both") else "0.1"
        suffix = "" if kind != "document" or how in RENDERED_STYLE else f"  {how}"
        ax.text(x, y, textwrap.shorten(label, 38, placeholder="…") + suffix, va="center", ha="left", fontsize=8, color=text_colour,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": face, "edgecolor": "0.3",
                      "linestyle": "--" if kind != "document" else "-", "linewidth": 0.7})
    ax.set_xlim(-0.3, 3.2 * (int(tree["depth"].max()) + 1) + 6.5)
    ax.set_ylim(len(tree) - 0.4, -0.6)
    ax.axis("off")
    handles = [Patch(facecolor=RENDERED_STYLE[k], edgecolor="0.3", label=f"reply as {k}") for k in ("denial", "both", "doubt")]
    handles += [Patch(facecolor=RENDERED_STYLE["neither"], edgecolor="0.3", label="report or remarks only"),
                Patch(facecolor="white", edgecolor="0.3", linestyle="--", label="source not in the corpus"),
                Line2D([], [], color="0.35", label="credited on the page"),
                Line2D([], [], color="0.35", linestyle=":", label="inferred (identical wording)")]
    ax.legend(handles=handles, loc="upper right", fontsize=7.5, frameon=False)
    _titles(ax, "Who relays whom", source_note(ds))  # every document was searched for relays
    return fig

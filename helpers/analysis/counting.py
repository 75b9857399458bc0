"""The one counting helper: every count, share, figure and export counts utterances, not renderings.

A *rendering* is a row of ``statements`` (one utterance as one document renders it); an *utterance*
is what was said once (``utterances``). A caption, a standfirst and a body sentence that give the
Kremlin's reply are three renderings of one utterance and count once (codebook U3).

>>> import pandas as pd
>>> r = pd.DataFrame({"statement_id": ["a", "b", "c"], "utterance_id": ["u1", "u1", "u2"],
...                   "stance": ["opposes", "opposes", "supports"]})
>>> count_utterances(r)
2
>>> count_utterances(r, by="stance").to_dict()
{'opposes': 1, 'supports': 1}
>>> share_utterances(r, by="stance").to_dict()
{'opposes': 0.5, 'supports': 0.5}
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = [
    "UTTERANCE_COLUMN",
    "count_utterances",
    "counted_mask",
    "counted_renderings",
    "renderings_of",
    "renderings_per_utterance",
    "repeat_of",
    "share_utterances",
]

#: The column every counted frame must carry.
UTTERANCE_COLUMN = "utterance_id"


def _check(frame: pd.DataFrame) -> None:
    if UTTERANCE_COLUMN not in frame.columns:
        raise KeyError(f"a frame to count has no {UTTERANCE_COLUMN!r} column: count utterances, not rows "
                       "(join the renderings' utterance_id first)")


def count_utterances(frame: pd.DataFrame, by: str | Sequence[str] | None = None) -> int | pd.Series:
    """The number of distinct utterances in ``frame`` (renderings or utterances), overall or per group of ``by``.

    One utterance rendered several times in a group counts once in it. When the renderings of one
    utterance fall into different groups (a document ascribes two stances to it), it counts once in
    each, so per-group counts may add up to more than the total: say so where a share is shown.
    Groups keep the order of a categorical column's categories (unobserved ones count 0), else first appearance.
    """
    _check(frame)
    if by is None:
        return int(frame[UTTERANCE_COLUMN].nunique())
    keys = [by] if isinstance(by, str) else list(by)
    distinct = frame.drop_duplicates([*keys, UTTERANCE_COLUMN])
    counts = distinct.groupby(keys, sort=False, observed=False, dropna=False).size()
    if len(keys) == 1 and isinstance(frame[keys[0]].dtype, pd.CategoricalDtype):
        counts = counts.reindex(frame[keys[0]].cat.categories, fill_value=0)
    counts = counts.astype(int)
    counts.name = "utterances"
    return counts


def share_utterances(frame: pd.DataFrame, by: str | Sequence[str]) -> pd.Series:
    """Each group's share of the distinct utterances in ``frame`` (rounded to 2 places)."""
    total = count_utterances(frame)
    counts = count_utterances(frame, by)
    return (counts / total if total else counts.astype(float)).round(2).rename("share")


def counted_mask(frame: pd.DataFrame) -> pd.Series:
    """True for the one rendering that stands for its utterance in ``frame``.

    That is the rendering whose ``statement_id`` is the utterance's id (by convention the utterance's
    first rendering in the article: for 1.1 data, the counted row), else the utterance's first rendering
    in file order.

    >>> r = pd.DataFrame({"statement_id": ["cap", "body", "x"], "utterance_id": ["body", "body", "u2"]})
    >>> counted_mask(r).tolist()
    [False, True, True]
    """
    _check(frame)
    ids = frame["statement_id"].astype(str) if "statement_id" in frame.columns else pd.Series("", index=frame.index)
    utt = frame[UTTERANCE_COLUMN].astype(str)
    named = ids == utt
    has_named = set(utt[named])
    first = ~utt.duplicated()
    return (named | (first & ~utt.isin(has_named))).astype(bool)


def counted_renderings(frame: pd.DataFrame) -> pd.DataFrame:
    """One rendering per utterance (:func:`counted_mask`), in file order.

    For tables and figures that show one row per utterance with a rendering's columns (its span, its
    speaker as the document names it). Counting such a frame by rows equals :func:`count_utterances`.
    """
    return frame[counted_mask(frame).to_numpy()].reset_index(drop=True)


def repeat_of(frame: pd.DataFrame) -> pd.Series:
    """For each rendering that does not stand for its utterance (a caption, a standfirst, another outlet's report),
    the utterance it renders; ``<NA>`` for the counted rendering. The 2.0 reading of the 1.1 ``repeats_id``."""
    mask = counted_mask(frame)
    return frame[UTTERANCE_COLUMN].astype("string").where(~mask.to_numpy(), pd.NA)


def renderings_per_utterance(frame: pd.DataFrame) -> pd.Series:
    """How many renderings each utterance has in ``frame`` (most first)."""
    _check(frame)
    return frame.groupby(UTTERANCE_COLUMN, sort=False).size().sort_values(ascending=False, kind="stable").rename("renderings")


def renderings_of(statements: pd.DataFrame, utterance_id: str) -> pd.DataFrame:
    """The renderings of one utterance, in file order."""
    _check(statements)
    return statements[statements[UTTERANCE_COLUMN].astype(str) == utterance_id].reset_index(drop=True)

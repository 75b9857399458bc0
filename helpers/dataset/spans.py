"""Span geometry, in one place: sentences, the context around a span, covering and merging spans.

Offsets are Python code points into a document's text, ``start`` inclusive and ``end`` exclusive.
The analysis tables and the HTML renderers both build on these functions; nothing here makes HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["CONTEXT_LIMIT", "context_bounds", "covered_mask", "merge_spans", "merged_runs", "sentence_bounds", "sentence_containing"]

# A sentence ends at . ! or ? (optionally followed by a closing quote) before
# whitespace, or at a line break; abbreviations such as "U.S." and initials are
# not treated as ends when the next word starts in lower case or with a digit.
_END = re.compile(r"(?<=[.!?])[”’\"']?(?=\s+[A-Z“‘\"'(])|\n")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence (leading and trailing spaces excluded).

    >>> sentence_bounds("One. Two U.S. things.\\nThree")
    [(0, 4), (5, 21), (22, 27)]
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        _append_stripped(text, start, end, bounds)
        start = match.end()
    _append_stripped(text, start, len(text), bounds)
    return bounds


def _append_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


#: How far, at most, the context shown around a span reaches on each side (characters): a "sentence" of a
#: text without full stops must not turn one row's context into the whole document.
CONTEXT_LIMIT = 600


def _segment_around(text: str, p: int, lo: int, hi: int) -> tuple[int, int, bool, bool]:
    """The sentence (stripped) whose raw extent holds position ``p``, looking only at ``text[lo:hi]``.

    Returns ``(start, end, cut_left, cut_right)``; a ``cut_*`` flag says the
    sentence goes on beyond the window. ``p`` may fall outside the result (a
    line break or spaces between sentences): callers check.
    """
    seg_start, cut_left = lo, lo > 0
    seg_end, cut_right = hi, hi < len(text)
    for match in _END.finditer(text, lo, hi):
        if match.end() <= p:
            seg_start, cut_left = match.end(), False
            continue
        seg_end, cut_right = (match.end() if match.group() != "\n" else match.start()), False
        break
    while seg_start < seg_end and text[seg_start].isspace():
        seg_start += 1
    while seg_end > seg_start and text[seg_end - 1].isspace():
        seg_end -= 1
    return seg_start, seg_end, cut_left, cut_right


def context_bounds(text: str, start: int, end: int, within: int | None) -> tuple[int, int, bool, bool]:
    """``(first, last, cut_left, cut_right)``: the sentence(s) around a span, at most ``within`` characters each side.

    >>> context_bounds("One. Two three. Four.", 9, 14, None)
    (5, 15, False, False)
    """
    lo = 0 if within is None else max(0, start - within)
    hi = len(text) if within is None else min(len(text), max(end, start) + within)
    s, e, cut_left, _ = _segment_around(text, start, lo, hi)
    first, cut_left = (s, cut_left) if s <= start < e else (start, False)
    s, e, _, cut_right = _segment_around(text, end - 1, lo, hi)
    last, cut_right = (e, cut_right) if s <= end - 1 < e else (end, False)
    return min(first, start), max(last, end), cut_left and first < start, cut_right and last > end


def sentence_containing(text: str, start: int, end: int, *, within: int | None = None) -> tuple[int, int]:
    """The bounds of the sentence(s) that contain the span ``start:end``.

    The same sentences as :func:`sentence_bounds`, found by looking only
    around the span: the cost grows with the sentence, not with the text.
    ``within`` caps how far the search reaches on each side.

    >>> sentence_containing("One. Two three. Four.", 9, 14)
    (5, 15)
    >>> sentence_containing("a" * 50, 20, 22, within=5)
    (15, 27)
    """
    first, last, _, _ = context_bounds(text, start, end, within)
    return first, last


def covered_mask(length: int, spans: Iterable[tuple[int, int, str]]) -> list[bool]:
    """For each character of a text of ``length``, whether a span covers it.

    >>> covered_mask(5, [(1, 3, "a"), (2, 4, "b")])
    [False, True, True, True, False]
    """
    mask = [False] * length
    for start, end, _ in spans:
        for i in range(max(start, 0), min(end, length)):
            mask[i] = True
    return mask


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching spans.

    >>> merge_spans([(5, 8), (0, 3), (2, 4)])
    [(0, 4), (5, 8)]
    """
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def merged_runs(length: int, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """Runs of overlapping or touching spans, clipped to ``0..length``, each with the titles that cover it.

    Titles are listed once, in the order their spans begin (ties in the order given). The cost grows
    with the number of spans, not with their overlaps.

    >>> merged_runs(5, [(0, 3, "x"), (2, 5, "y"), (9, 12, "z")])
    [(0, 5, ['x', 'y'])]
    """
    clipped = sorted((max(s, 0), i, min(e, length), title) for i, (s, e, title) in enumerate(spans) if min(e, length) > max(s, 0))
    runs: list[tuple[int, int, list[str]]] = []
    k = 0
    while k < len(clipped):
        run_start, run_end = clipped[k][0], clipped[k][2]
        titles: dict[str, None] = {}
        while k < len(clipped) and clipped[k][0] <= run_end:  # spans that overlap or touch the run extend it
            run_end = max(run_end, clipped[k][2])
            titles.setdefault(clipped[k][3])
            k += 1
        runs.append((run_start, run_end, list(titles)))
    return runs

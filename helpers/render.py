"""Text utilities shared by notebooks and widgets: sentences, context and safe HTML.

Everything taken from the data is HTML-escaped before it is put into markup.

>>> evidence_in_context_html("He said <b>no</b>. Then left.", 8, 17)
'He said <mark>&lt;b&gt;no&lt;/b&gt;</mark>.'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["escape", "evidence_in_context_html", "highlight_html", "sentence_bounds", "sentence_containing", "sentence_map_html"]

# A sentence ends at . ! or ? (optionally followed by a closing quote) before
# whitespace, or at a line break; abbreviations such as "U.S." and initials are
# not treated as ends when the next word starts in lower case or with a digit.
_END = re.compile(r"(?<=[.!?])[”’\"']?(?=\s+[A-Z“‘\"'(])|\n")


def escape(value: object) -> str:
    """HTML-escape any value (quotes included); missing values become an empty string.

    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(str(value), quote=True)


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


def _context_bounds(text: str, start: int, end: int, within: int | None) -> tuple[int, int, bool, bool]:
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
    first, last, _, _ = _context_bounds(text, start, end, within)
    return first, last


def evidence_in_context_html(text: str, start: int, end: int, *, css_class: str = "", within: int = CONTEXT_LIMIT) -> str:
    """The sentence around a span, escaped, with the span wrapped in ``<mark>``.

    At most ``within`` characters are shown on each side; "…" marks a sentence cut there.

    >>> evidence_in_context_html("x" * 10 + "no", 10, 12, within=3)
    '…xxx<mark>no</mark>'
    """
    s, e, cut_left, cut_right = _context_bounds(text, start, end, within)
    cls = f' class="{escape(css_class)}"' if css_class else ""
    before, after = ("…" if cut_left else ""), ("…" if cut_right else "")
    return f"{before}{escape(text[s:start])}<mark{cls}>{escape(text[start:end])}</mark>{escape(text[end:e])}{after}"


def highlight_html(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The whole text escaped, every annotated character inside ``<mark>``.

    ``spans`` are ``(start, end, title)``; overlapping spans merge into one mark
    whose ``title`` lists every annotation that covers it (one per line), in
    the order they begin (ties in the order given). Line breaks become
    ``<br>``. The cost grows with the text plus the spans, not their product.

    >>> highlight_html("a<b c", [(0, 3, "x"), (2, 5, "y")])
    '<mark title="x&#10;y">a&lt;b c</mark>'
    """
    n = len(text)
    clipped = sorted(((max(s, 0), i, min(e, n), title) for i, (s, e, title) in enumerate(spans) if min(e, n) > max(s, 0)))
    out: list[str] = []
    pos = 0
    k = 0
    while k < len(clipped):
        run_start, run_end = clipped[k][0], clipped[k][2]
        titles: dict[str, None] = {}
        while k < len(clipped) and clipped[k][0] <= run_end:  # spans that overlap or touch the run extend it
            run_end = max(run_end, clipped[k][2])
            titles.setdefault(clipped[k][3])
            k += 1
        out.append(escape(text[pos:run_start]))
        title_attr = "&#10;".join(escape(t) for t in titles)
        out.append(f'<mark title="{title_attr}">{escape(text[run_start:run_end])}</mark>')
        pos = run_end
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


def sentence_map_html(text: str, spans: Iterable[tuple[int, int, str]], *, fact_tables: dict[str, str],
                      labels: dict[str, str] | None = None) -> str:
    """The text as a table, one row per sentence, readable without colour.

    ``spans`` are ``(start, end, "table:id")`` (as from
    :func:`helpers.analysis.annotation_spans`); ``fact_tables`` maps each table
    that holds facts to a short mark (``{"statements": "S"}``). In each
    sentence the characters a fact covers are underlined and followed by the
    marks of the tables that cover them; a second column lists those facts by
    table; a sentence no fact touches says so and names the other annotations
    on it (``labels`` gives a reader's description for a ``"table:id"``).

    >>> html = sentence_map_html("He said no. Credit: X", [(8, 10, "statements:s1"), (12, 21, "notes:n1")],
    ...                          fact_tables={"statements": "S"}, labels={"notes:n1": "photo credit"})
    >>> "He said <u>no</u><sup>S</sup>." in html and "statements: s1" in html
    True
    >>> "<b>no fact</b>; only photo credit" in html
    True
    """
    labels = labels or {}
    spans = list(spans)
    rows = []
    for number, (s, e) in enumerate(sentence_bounds(text), start=1):
        touching = [(a, b, t) for a, b, t in spans if a < e and b > s]
        facts = [(a, b, t) for a, b, t in touching if t.split(":", 1)[0] in fact_tables]
        marks: list[list[str]] = [[] for _ in range(e - s)]
        for a, b, title in facts:
            mark = fact_tables[title.split(":", 1)[0]]
            for i in range(max(a, s) - s, min(b, e) - s):
                if mark not in marks[i]:
                    marks[i].append(mark)
        out, i = [], 0
        while i < e - s:
            j = i
            while j < e - s and marks[j] == marks[i]:
                j += 1
            piece = escape(text[s + i: s + j])
            out.append(f"<u>{piece}</u><sup>{''.join(sorted(marks[i]))}</sup>" if marks[i] else piece)
            i = j
        if facts:
            by_table: dict[str, list[str]] = {}
            for _, _, title in facts:
                table, rid = title.split(":", 1)
                by_table.setdefault(table, [])
                if rid not in by_table[table]:
                    by_table[table].append(rid)
            what = "<br>".join(f"{escape(t)}: {escape(', '.join(ids))}" for t, ids in by_table.items())
        else:
            others = sorted({labels.get(t, t) for _, _, t in touching})
            what = "<b>no fact</b>" + ("; only " + escape("; ".join(others)) if others else "; no annotation at all")
        rows.append(f'<tr><td style="vertical-align:top;text-align:right">{number}</td>'
                    f'<td style="vertical-align:top;text-align:left">{"".join(out)}</td>'
                    f'<td style="vertical-align:top;text-align:left;font-size:0.85em">{what}</td></tr>')
    legend = ", ".join(f"<sup>{escape(m)}</sup> {escape(t)}" for t, m in fact_tables.items())
    return (f'<table class="sentence-map" style="max-width:60em"><caption style="text-align:left">Underlined: '
            f"characters a fact covers, marked with the tables that cover them ({legend}).</caption>"
            '<thead><tr><th>#</th><th style="text-align:left">Sentence</th><th style="text-align:left">Facts on it</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')

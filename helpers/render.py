"""Text utilities shared by notebooks and widgets: sentences, context and safe HTML.

Everything taken from the data is HTML-escaped before it is put into markup.

>>> evidence_in_context_html("He said <b>no</b>. Then left.", 8, 17)
'He said <mark>&lt;b&gt;no&lt;/b&gt;</mark>.'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["escape", "evidence_in_context_html", "highlight_html", "sentence_bounds", "sentence_containing"]

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


def sentence_containing(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence(s) that contain the span ``start:end``.

    >>> sentence_containing("One. Two three. Four.", 9, 14)
    (5, 15)
    """
    bounds = sentence_bounds(text)
    first = next((s for s, e in bounds if s <= start < e), start)
    last = next((e for s, e in bounds if s < end <= e), end)
    return min(first, start), max(last, end)


def evidence_in_context_html(text: str, start: int, end: int, *, css_class: str = "") -> str:
    """The sentence around a span, escaped, with the span wrapped in ``<mark>``."""
    s, e = sentence_containing(text, start, end)
    cls = f' class="{escape(css_class)}"' if css_class else ""
    return f"{escape(text[s:start])}<mark{cls}>{escape(text[start:end])}</mark>{escape(text[end:e])}"


def highlight_html(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The whole text escaped, every annotated character inside ``<mark>``.

    ``spans`` are ``(start, end, title)``; overlapping spans merge into one mark
    whose ``title`` lists every annotation that covers it (one per line). Line
    breaks become ``<br>``.

    >>> highlight_html("a<b c", [(0, 3, "x"), (2, 5, "y")])
    '<mark title="x&#10;y">a&lt;b c</mark>'
    """
    cover: list[list[str]] = [[] for _ in range(len(text))]
    for s, e, title in spans:
        for i in range(max(s, 0), min(e, len(text))):
            cover[i].append(title)
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        if cover[i]:
            titles: list[str] = []
            while j < len(text) and cover[j]:
                titles.extend(t for t in cover[j] if t not in titles)
                j += 1
            title_attr = "&#10;".join(escape(t) for t in titles)
            out.append(f'<mark title="{title_attr}">{escape(text[i:j])}</mark>')
        else:
            while j < len(text) and not cover[j]:
                j += 1
            out.append(escape(text[i:j]))
        i = j
    return "".join(out).replace("\n", "<br>\n")

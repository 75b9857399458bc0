"""HTML for notebooks and widgets: evidence in context, highlighted texts, sentence maps.

The geometry (sentences, context windows, merged spans) is :mod:`helpers.dataset.spans`.

Everything taken from the data is HTML-escaped before it is put into markup.

>>> evidence_in_context_html("He said <b>no</b>. Then left.", 8, 17)
'He said <mark>&lt;b&gt;no&lt;/b&gt;</mark>.'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from helpers.dataset.spans import CONTEXT_LIMIT, context_bounds, merged_runs, sentence_bounds

__all__ = ["CONTEXT_LIMIT", "escape", "evidence_html", "evidence_in_context_html", "highlight_html", "sentence_map_html"]

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


def evidence_in_context_html(text: str, start: int, end: int, *, css_class: str = "", within: int = CONTEXT_LIMIT) -> str:
    """The sentence around a span, escaped, with the span wrapped in ``<mark>``.

    At most ``within`` characters are shown on each side; "…" marks a sentence cut there.

    >>> evidence_in_context_html("x" * 10 + "no", 10, 12, within=3)
    '…xxx<mark>no</mark>'
    """
    s, e, cut_left, cut_right = context_bounds(text, start, end, within)
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
    out: list[str] = []
    pos = 0
    for run_start, run_end, titles in merged_runs(len(text), spans):
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


def evidence_html(frame: pd.DataFrame, texts: Mapping[str, str], label: str) -> str:
    """An HTML list: each row's ``label`` in bold, then its evidence marked inside its sentence.

    Everything taken from the data is escaped. ``texts`` is ``ds.texts``.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"name": ["<X>"], "document_id": ["d"], "char_start": [4], "char_end": [7]})
    >>> evidence_html(f, {"d": "Use the X. Done."}, "name")
    '<ul><li><b>&lt;X&gt;</b>: Use <mark>the</mark> X.</li></ul>'
    """
    items = []
    for lab, doc, start, end in zip(frame[label], frame["document_id"], frame["char_start"], frame["char_end"], strict=True):
        context = evidence_in_context_html(texts[str(doc)], int(start), int(end))
        items.append(f"<li><b>{escape(lab)}</b>: {context}</li>")
    return "<ul>" + "".join(items) + "</ul>"

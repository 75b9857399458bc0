"""How much of each text the annotations cover, which sentences no annotation touches, and whether spans match.

>>> from helpers import load_dataset
>>> ds = load_dataset()
>>> coverage_by_document(ds.tables, ds.texts)["sentences"].iloc[0] > 0
np.True_
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.analysis.tables import DOCUMENTS_COLUMN, FACT_TABLES, _documents_of, document_ids
from helpers.dataset.spans import covered_mask, sentence_bounds

__all__ = ["Coverage", "annotation_spans", "coverage", "coverage_by_document", "span_checks", "uncovered_by_document", "uncovered_sentences"]


def annotation_spans(tables: Mapping[str, pd.DataFrame], document_id: str) -> list[tuple[int, int, str]]:
    """Every annotated span of one document as ``(start, end, 'table:id')``, sorted by position.

    ``tables`` is ``ds.tables``; rows without a span (or of another document) are skipped.
    The row's id is its first column (each table's primary key).

    >>> t = {"events": pd.DataFrame({"event_id": ["e"], "document_id": ["d"], "char_start": [3], "char_end": [5]})}
    >>> annotation_spans(t, "d")
    [(3, 5, 'events:e')]
    """
    spans = []
    for name, df in tables.items():
        if not {"document_id", "char_start", "char_end"} <= set(df.columns):
            continue
        key = df.columns[0]
        for rid, doc, start, end in zip(df[key], df["document_id"], df["char_start"], df["char_end"], strict=True):
            if pd.isna(start) or pd.isna(end) or pd.isna(doc) or str(doc) != document_id:
                continue
            spans.append((int(start), int(end), f"{name}:{rid}"))
    return sorted(spans)


@dataclass(frozen=True)
class Coverage:
    """How much of a text the annotations touch.

    >>> Coverage(4, 3, 100, 40).sentence_share
    0.75
    """

    sentences: int
    sentences_covered: int
    characters: int
    characters_covered: int

    @property
    def sentence_share(self) -> float:
        return self.sentences_covered / self.sentences if self.sentences else 0.0

    @property
    def character_share(self) -> float:
        return self.characters_covered / self.characters if self.characters else 0.0

    def as_frame(self) -> pd.DataFrame:
        """The figures as a two-row table (sentences, characters)."""
        return pd.DataFrame(
            {
                "total": [self.sentences, self.characters],
                "with an annotation": [self.sentences_covered, self.characters_covered],
                "share": [round(self.sentence_share, 3), round(self.character_share, 3)],
            },
            index=pd.Index(["sentences", "characters"], name="unit"),
        )


def coverage(text: str, spans: Iterable[tuple[int, int, str]]) -> Coverage:
    """Share of sentences with at least one annotated character, and share of characters annotated.

    Sentences are those of :func:`helpers.dataset.spans.sentence_bounds`; characters
    count every character of the text, spaces and line breaks included.

    >>> c = coverage("One. Two. Three.", [(0, 3, "x")])
    >>> (c.sentences, c.sentences_covered, c.characters, c.characters_covered)
    (3, 1, 16, 3)
    """
    mask = covered_mask(len(text), spans)
    bounds = sentence_bounds(text)
    covered = sum(any(mask[s:e]) for s, e in bounds)
    return Coverage(len(bounds), covered, len(text), sum(mask))


def coverage_by_document(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> pd.DataFrame:
    """Coverage of each document (``texts`` order): by facts first, then by every annotation.

    ``tables`` is ``ds.tables`` and ``texts`` is ``ds.texts``. Facts are the
    rows of :data:`FACT_TABLES`; every annotation adds actor mentions and
    curator notes. One row per document, whatever their number.

    >>> t = {"statements": pd.DataFrame({"statement_id": ["s"], "document_id": ["d"], "char_start": [0], "char_end": [3]}),
    ...      "curator_notes": pd.DataFrame({"note_id": ["n"], "document_id": ["d"], "char_start": [5], "char_end": [8]})}
    >>> coverage_by_document(t, {"d": "One. Two. Three."}).values.tolist()
    [['d', 3, 1, 0.333, 16, 3, 0.188, 2, 0.667]]
    """
    facts = {name: df for name, df in tables.items() if name in FACT_TABLES}
    rows = []
    for doc, text in texts.items():
        by_facts = coverage(text, annotation_spans(facts, doc))
        by_all = coverage(text, annotation_spans(tables, doc))
        rows.append((doc, by_facts.sentences, by_facts.sentences_covered, round(by_facts.sentence_share, 3),
                     by_facts.characters, by_facts.characters_covered, round(by_facts.character_share, 3),
                     by_all.sentences_covered, round(by_all.sentence_share, 3)))
    return pd.DataFrame(rows, columns=["document_id", "sentences", "sentences with a fact", "share with a fact", "characters",
                                       "characters in a fact", "character share in a fact", "sentences with any annotation",
                                       "share with any annotation"])


def uncovered_by_document(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> pd.DataFrame:
    """The sentences no fact (:data:`FACT_TABLES`) touches, document by document (``texts`` order).

    As :func:`uncovered_sentences`, with a first column ``document_id`` when there are several documents.

    >>> t = {"events": pd.DataFrame({"event_id": ["e"], "document_id": ["a"], "char_start": [0], "char_end": [3]})}
    >>> uncovered_by_document(t, {"a": "One. Two.", "b": "Three."}).values.tolist()
    [['a', 5, 9, 'Two.'], ['b', 0, 6, 'Three.']]
    """
    facts = {name: df for name, df in tables.items() if name in FACT_TABLES}
    parts = []
    for doc, text in texts.items():
        gaps = uncovered_sentences(text, annotation_spans(facts, doc))
        gaps.insert(0, "document_id", doc)
        parts.append(gaps)
    table = pd.concat(parts, ignore_index=True) if parts else uncovered_sentences("", [])
    return table if len(texts) > 1 else table.drop(columns="document_id", errors="ignore")


def uncovered_sentences(text: str, spans: Iterable[tuple[int, int, str]]) -> pd.DataFrame:
    """The sentences no annotation touches, with their offsets.

    >>> uncovered_sentences("One. Two. Three.", [(0, 3, "x")]).values.tolist()
    [[5, 9, 'Two.'], [10, 16, 'Three.']]
    """
    mask = covered_mask(len(text), spans)
    rows = [(s, e, text[s:e]) for s, e in sentence_bounds(text) if not any(mask[s:e])]
    return pd.DataFrame(rows, columns=["char_start", "char_end", "sentence"])


def span_checks(tables: Mapping[str, pd.DataFrame], texts: Mapping[str, str]) -> pd.DataFrame:
    """Per table: rows, rows with a span, and spans whose text is exactly the evidence.

    This re-checks what the validator checks, in a form a reader can inspect.

    >>> t = {"events": pd.DataFrame({"document_id": ["d"], "evidence": ["cat"], "char_start": [2], "char_end": [5]})}
    >>> span_checks(t, {"d": "a cat"}).values.tolist()
    [['events', 1, 1, 1, 0]]
    """
    rows = []
    for name, df in tables.items():
        if "evidence" not in df.columns:
            continue
        with_span = exact = 0
        for doc, evidence, start, end in zip(df["document_id"], df["evidence"], df["char_start"], df["char_end"], strict=True):
            if pd.isna(start) or pd.isna(end) or pd.isna(doc):
                continue
            with_span += 1
            exact += texts[str(doc)][int(start) : int(end)] == str(evidence)
        rows.append((name, len(df), with_span, exact, with_span - exact, _documents_of(df)))
    table = pd.DataFrame(rows, columns=["table", "rows", "rows with a span", "exact match", "mismatch", DOCUMENTS_COLUMN])
    return table if len(document_ids(*tables.values())) > 1 else table.drop(columns=DOCUMENTS_COLUMN)

"""What the annotation widget does, without a browser: every decision is here, so pytest checks it.

An :class:`Annotator` works on one document of one data folder. It knows the
text, the rows that already point into it (to highlight, edit or remove), the
tables one can write and each table's fields with their choices, all read
from the package's own descriptor: an ``enum`` gives a list of values (with
the vocabulary's definitions), a foreign key gives the ids of the referenced
table (with a name, label or title beside each). Nothing names a column of a
particular data model, so the same code serves data 1.1 and 2.0.

A passage is chosen by its offsets (a selection in the browser; JavaScript
counts UTF-16 units, Python counts code points: :func:`utf16_to_index`) or by
typing it (:meth:`Annotator.find`, which lists every occurrence when there is
more than one). A row is then previewed, with the validator's verdict on the
package as it would be, and written through the curator tools
(:mod:`helpers.curation.curate`), under the same lock and journal as the command line.

>>> from helpers.dataset.paths import default_data_dir
>>> a = Annotator(default_data_dir())
>>> a.find("Storm Shadow").span
(2735, 2747)
>>> [c for c in a.choices("statements", "stance")][:2]
[('supports', 'supports'), ('opposes', 'opposes')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers.curation import curate
from helpers.curation.journal import undo as undo_last
from helpers.curation.removal import remove_row
from helpers.curation.rows import _near_match, _resource, _rows, _source
from helpers.dataset.problems import SPAN_FIELDS, _resource_shape
from helpers.dataset.provenance import find_span
from helpers.dataset.reading import _primary_key, _read_descriptor

__all__ = ["Annotator", "Field", "Found", "Mark", "index_to_utf16", "utf16_to_index"]

#: Columns whose value labels a row in a choice list, in order of preference.
LABEL_COLUMNS = ("name", "label", "title", "summary", "evidence")


def utf16_to_index(text: str, units: int) -> int:
    """The Python (code point) index of a JavaScript (UTF-16 unit) offset into ``text``.

    A character outside the Basic Multilingual Plane (an emoji, a rare CJK
    ideograph) is one code point but two UTF-16 units; an offset inside such
    a pair is refused. Curly quotes are one unit and one code point.

    >>> text = "“Hi” 😀 ok"
    >>> utf16_to_index(text, 4), utf16_to_index(text, 7), text[utf16_to_index(text, 8):]
    (4, 6, 'ok')
    """
    if units < 0:
        raise ValueError(f"offset {units} is negative")
    count = 0
    for i, c in enumerate(text):
        if count == units:
            return i
        count += 2 if ord(c) > 0xFFFF else 1
        if count > units:
            raise ValueError(f"offset {units} falls inside the surrogate pair of {c!r} at index {i}")
    if count == units:
        return len(text)
    raise ValueError(f"offset {units} is past the end of the text ({count} UTF-16 units)")


def index_to_utf16(text: str, index: int) -> int:
    """The JavaScript (UTF-16 unit) offset of a Python index into ``text``.

    >>> index_to_utf16("😀 ok", 2)
    3
    """
    return len(text[:index].encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Field:
    """One column to fill: its name, whether it is required, its choices (``None``: free text) and its description."""

    name: str
    required: bool
    choices: list[tuple[str, str]] | None
    description: str = ""
    kind: str = "text"  # "text", "enum", "foreign", "integer", "fixed"


@dataclass(frozen=True)
class Mark:
    """A row that points into the text: its table, id and span (code points)."""

    table: str
    row_id: str
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True)
class Found:
    """What typing a passage found: the chosen span, every occurrence, and a message for the curator."""

    span: tuple[int, int] | None
    occurrences: list[int] = field(default_factory=list)
    message: str = ""


class Annotator:
    """One document of one data folder, as the widget shows and changes it (see the module's docstring).

    ``document_id`` defaults to the first document.
    """

    def __init__(self, data_dir: str | Path, document_id: str | None = None):
        self.data_dir = Path(data_dir)
        self.reload()
        ids = [d["document_id"] for d in self.rows("documents")]
        if not ids:
            raise ValueError(f"{self.data_dir} has no document yet: import one first (geopol-curate import)")
        self.document_id = document_id or ids[0]
        if self.document_id not in ids:
            raise KeyError(f"no document {self.document_id!r} in {self.data_dir} (documents: {', '.join(ids)})")

    # --- reading the package -----------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the descriptor and the tables again (after a write, or a change made elsewhere)."""
        self.descriptor = _read_descriptor(self.data_dir)
        self.resources = {r["name"]: r for r in self.descriptor["resources"] if _resource_shape(r) is None}
        self._rows = {name: _rows(self.data_dir, _resource(self.data_dir, name, self.descriptor)) for name in self.resources}

    def rows(self, table: str) -> list[dict[str, str]]:
        return self._rows[table]

    @property
    def text(self) -> str:
        return _source(self.data_dir, self.document_id).text

    def key(self, table: str) -> str:
        key = _primary_key(self.resources[table])
        if key is None:
            raise ValueError(f"table {table} has no primary key: its rows cannot be edited here")
        return key

    def span_tables(self) -> list[str]:
        """Tables whose rows carry a span of a document (``document_id``, ``evidence``, ``char_start``, ``char_end``)."""
        return [name for name, r in self.resources.items() if set(SPAN_FIELDS) <= {f["name"] for f in r["schema"]["fields"]}]

    def writable_tables(self) -> list[str]:
        """Span tables first, then the tables without a span that a row may be added to (with a single-column key)."""
        spans = self.span_tables()
        others = [name for name, r in self.resources.items()
                  if name not in spans and isinstance(r["schema"].get("primaryKey"), str | list) and name != "documents"]
        return [*spans, *others]

    def marks(self) -> list[Mark]:
        """Every row of every span table that points into this document, in text order."""
        out = []
        for table in self.span_tables():
            key = _primary_key(self.resources[table])
            for row in self.rows(table):
                if row.get("document_id") == self.document_id and row.get("char_start", "").isdigit() and row.get("char_end", "").isdigit():
                    out.append(Mark(table, row.get(key or "", ""), int(row["char_start"]), int(row["char_end"]), self.label(table, row)))
        return sorted(out, key=lambda m: (m.start, -m.end, m.table, m.row_id))

    def label(self, table: str, row: dict[str, str]) -> str:
        for column in LABEL_COLUMNS:
            if row.get(column):
                value = row[column]
                return value if len(value) <= 60 else value[:59] + "…"
        return ""

    def fields(self, table: str) -> list[Field]:
        """The columns to fill for a new row of ``table``, with their choices (span columns are computed, not filled)."""
        resource = self.resources[table]
        links = {}
        for fk in resource["schema"].get("foreignKeys", []):
            fields, ref = fk.get("fields"), fk.get("reference", {})
            if isinstance(fields, str) and isinstance(ref.get("fields"), str):
                links[fields] = (ref.get("resource") or table, ref["fields"])
        spans = set(SPAN_FIELDS) if table in self.span_tables() else set()
        out = []
        for f in resource["schema"]["fields"]:
            name = f["name"]
            if name in spans:
                continue
            required = bool(f.get("constraints", {}).get("required"))
            description = f.get("description", "") if isinstance(f.get("description"), str) else ""
            if "enum" in f.get("constraints", {}):
                out.append(Field(name, required, self.choices(table, name), description, "enum"))
            elif name in links:
                out.append(Field(name, required, self.choices(table, name), description, "foreign"))
            else:
                out.append(Field(name, required, None, description, "integer" if f.get("type") == "integer" else "text"))
        return out

    def choices(self, table: str, column: str) -> list[tuple[str, str]]:
        """``(label, value)`` pairs for a column with an ``enum`` or a single-column foreign key (else an empty list)."""
        resource = self.resources[table]
        spec = next(f for f in resource["schema"]["fields"] if f["name"] == column)
        enum = spec.get("constraints", {}).get("enum")
        if isinstance(enum, list):
            return [(str(v), str(v)) for v in enum]
        for fk in resource["schema"].get("foreignKeys", []):
            ref = fk.get("reference", {})
            if fk.get("fields") == column and isinstance(ref.get("fields"), str):
                target = ref.get("resource") or table
                return [(f"{r[ref['fields']]} — {self.label(target, r)}" if self.label(target, r) else r[ref["fields"]], r[ref["fields"]])
                        for r in self.rows(target)]
        return []

    def definition(self, table: str, column: str, value: str) -> str:
        """The vocabulary's definition of ``value`` when the column's description names a vocabulary, else ''."""
        import re

        spec = next((f for f in self.resources[table]["schema"]["fields"] if f["name"] == column), {})
        match = re.search(r"One of the '(\w+)' vocabulary", spec.get("description", "") or "")
        vocab = self.descriptor.get("vocabularies", {}).get(match.group(1), {}) if match else {}
        return str(vocab.get(value, ""))

    # --- choosing a passage --------------------------------------------------------------------------------------------

    def from_browser(self, start_units: int, end_units: int) -> tuple[int, int]:
        """A browser selection (UTF-16 offsets into the text) as a Python span."""
        text = self.text
        start, end = sorted((utf16_to_index(text, start_units), utf16_to_index(text, end_units)))
        if start == end:
            raise ValueError("the selection is empty: select the words that support the row")
        return start, end

    def occurrence(self, start: int, end: int) -> int | None:
        """Which occurrence of ``text[start:end]`` the span is (from 1), or ``None`` when the words occur once."""
        text = self.text
        evidence = text[start:end]
        starts = [i for i in range(len(text)) if text.startswith(evidence, i)]
        return None if len(starts) == 1 else starts.index(start) + 1

    def find(self, evidence: str, occurrence: int | None = None) -> Found:
        """Locate typed words: one span, or every occurrence listed (pick one with ``occurrence``), or a near match."""
        text = self.text
        if not evidence:
            return Found(None, [], "type the words as the text writes them")
        starts = [i for i in range(len(text)) if text.startswith(evidence, i)]
        if not starts:
            near = _near_match(text, evidence)
            hint = f"; did you mean {near!r}, as the text writes it?" if near else ""
            return Found(None, [], f"not found in the text{hint}")
        if len(starts) > 1 and occurrence is None:
            return Found(None, starts, f"occurs {len(starts)} times (at {', '.join(map(str, starts))}): pick one")
        start, end = find_span(text, evidence, occurrence if len(starts) > 1 else None)
        return Found((start, end), starts, "found once" if len(starts) == 1 else f"occurrence {occurrence} of {len(starts)}")

    # --- writing -------------------------------------------------------------------------------------------------------

    def _clean(self, values: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in values.items() if v != "" and k not in SPAN_FIELDS}

    def draft(self, table: str, values: dict[str, str], span: tuple[int, int] | None = None, *, write: bool = False):
        """The row as it would be written, with the validator's verdict (``write``: write it, journalled).

        Returns a :class:`helpers.curation.writes.Draft`. A span table needs ``span``; the
        evidence and offsets come from the text, never from ``values``.
        Raises the curator tools' errors (``ValueError``, ``Refused``) for a row they refuse outright.
        """
        fields = self._clean(values)
        if table in self.span_tables():
            if span is None:
                raise ValueError("select the passage first: every row of this table points at its words")
            start, end = span
            evidence = self.text[start:end]
            result = curate.annotate(table, self.document_id, evidence, fields, occurrence=self.occurrence(start, end),
                                     data_dir=self.data_dir, dry_run=not write)
        else:
            result = curate.add_row(table, fields, self.data_dir, dry_run=not write)
        if write:
            self.reload()
        return result

    def edit(self, table: str, row_id: str, values: dict[str, str], span: tuple[int, int] | None = None, *, write: bool = False):
        """Change an existing row's fields (and its span, when given); preview unless ``write``."""
        current = next(r for r in self.rows(table) if r.get(self.key(table)) == row_id)
        changed = {k: v for k, v in values.items() if k not in SPAN_FIELDS and current.get(k, "") != v}
        if span is not None and table in self.span_tables():
            start, end = span
            changed.update(evidence=self.text[start:end], char_start=str(start), char_end=str(end))
        result = curate.update_row(table, row_id, changed, self.data_dir, dry_run=not write)
        if write:
            self.reload()
        return result

    def remove(self, table: str, row_id: str, *, cascade: bool = False, write: bool = False):
        """Remove a row (refused while others refer to it, unless ``cascade``); preview unless ``write``."""
        result = remove_row(table, row_id, cascade=cascade, data_dir=self.data_dir, dry_run=not write)
        if write:
            self.reload()
        return result

    def undo(self) -> dict:
        """Take back the newest write to the folder (whoever made it: the widget or the command line)."""
        done = undo_last(self.data_dir)
        self.reload()
        return done

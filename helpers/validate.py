"""Validate the data package: Frictionless for the tables, our own code for provenance.

Run it from the shell::

    python -m helpers.validate            # the project's data/
    python -m helpers.validate path/to/data

It prints every problem, one per line, as ``file:row:column: message`` and
exits 0 when the data is valid, 1 when it is not and 2 when it cannot run
(missing folder or unreadable descriptor).

Rows are numbered as Frictionless numbers them: the header is row 1, the
first data row is row 2 (the line number in the file when no field spans
lines).

The descriptor must declare every table and column of the public interface
(:data:`PUBLIC_COLUMNS`); a missing one is reported against
``datapackage.json``.

Ids are checked per table: a primary key is unique within its table, and with
several documents the validator also reports an id that one document reuses
from another in the same table. Across tables, statement ids and country
position ids must be disjoint (the explorer lists both kinds of fact together,
keyed by id); other tables may share an id with a statement (an event can
carry the id of the statement that reports it).

With several documents it also reports a span that belongs to another
document, and a ``repeats_id`` or a position's ``statement_id`` pointing at a
statement of another document (a ``responds_to_id`` may: one article can
answer another). Every country position with basis ``inferred`` needs a
curator note targeting it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from helpers.paths import DESCRIPTOR_NAME, default_data_dir
from helpers.provenance import SourceText, read_source

__all__ = [
    "PUBLIC_COLUMNS",
    "SPAN_FIELDS",
    "TABLES",
    "CannotValidate",
    "CheckedPackage",
    "Problem",
    "check_package",
    "main",
    "validate",
]

SPAN_FIELDS = ("document_id", "evidence", "char_start", "char_end")

#: The public interface (issue 2): every table, and the columns each must have at least, in the package's order.
PUBLIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id", "title", "outlet", "published", "date_precision", "path", "sha256", "char_length", "language"),
    "actors": ("actor_id", "name", "kind", "country_iso3", "role"),
    "topics": ("topic_id", "label", "description"),
    "statements": ("statement_id", "document_id", "speaker_id", "reported_via_id", "responds_to_id", "response", "mode", "topic_id",
                   "stance", "target_id", *SPAN_FIELDS[1:]),
    "weapons_systems": ("system_id", "name", "aliases", "surface_form", "category", "supplier_iso3", "status_in_article", *SPAN_FIELDS),
    "country_positions": ("position_id", "actor_id", "topic_id", "stance", "basis", *SPAN_FIELDS),
    "events": ("event_id", "label", "date", "date_precision", "date_text", *SPAN_FIELDS),
    "curator_notes": ("note_id", "target_table", "target_id", "kind", "note", *SPAN_FIELDS),
    # how the story is told (issue 14): claims, who bears on them, expected voices, framing, event order
    "claims": ("claim_id", "label", *SPAN_FIELDS),
    "claim_statements": ("claim_id", "statement_id", "relation", "sourcing"),
    "expected_voices": ("voice_id", "name", "actor_id", "claim_id", "presence", *SPAN_FIELDS),
    "framing_terms": ("term_id", "term", "kind", "speaker_id", "use", *SPAN_FIELDS),
    "event_links": ("link_id", "before_id", "after_id", "basis", *SPAN_FIELDS),
}
TABLES = tuple(PUBLIC_COLUMNS)
_DATE_LENGTH = {"year": 4, "month": 7, "day": 10}


class CannotValidate(Exception):
    """The validator cannot run at all (no folder, no or unreadable descriptor).

    ``problem`` locates the cause in the same form as every other problem.
    """

    def __init__(self, path: Path, message: str):
        self.problem = Problem(str(path), message=message)
        super().__init__(str(self.problem))


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located as precisely as the data allows.

    >>> print(Problem("data/actors.csv", 4, "kind", "unknown value 'persn'"))
    data/actors.csv:4:kind: unknown value 'persn'
    """

    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""
    code: str = ""
    severity: str = "error"

    def relative_to(self, base: str | Path) -> Problem:
        """The same problem with its file named relative to ``base`` (to show without absolute paths).

        >>> print(Problem("/tmp/x/data/actors.csv", 4, "kind", "bad").relative_to("/tmp/x"))
        data/actors.csv:4:kind: bad
        """
        return Problem(Path(self.file).relative_to(base).as_posix(), self.row, self.column, self.message)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass
class CheckedPackage:
    """What one validation pass read: the descriptor, raw rows and source texts.

    The loader builds its DataFrames from these same rows, so the data is read
    once and what was validated is exactly what is loaded.
    """

    data_dir: Path
    descriptor: dict
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    sources: dict[str, SourceText] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def _display(data_dir: Path, name: str) -> str:
    return str(data_dir / name)


def _read_descriptor(data_dir: Path) -> dict:
    if not data_dir.is_dir():
        raise CannotValidate(data_dir, "no such data folder")
    path = data_dir / DESCRIPTOR_NAME
    if not path.is_file():
        raise CannotValidate(path, "descriptor not found")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CannotValidate(path, f"not readable as JSON ({exc})") from exc
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise CannotValidate(path, "not a data package (no 'resources' list)")
    return descriptor


def _resource_path_problem(data_dir: Path, resource: dict) -> str | None:
    rel = resource.get("path")
    if not isinstance(rel, str) or not rel:
        return "resource has no 'path'"
    p = Path(rel)
    if p.is_absolute() or ".." in p.parts:
        return f"path {rel!r} must be relative to {DESCRIPTOR_NAME} and stay inside its folder"
    return None


def _interface_problems(data_dir: Path, descriptor: dict) -> tuple[list[Problem], set[str]]:
    """Every public table and column is declared; return the problems and the tables missing a column.

    >>> problems, incomplete = _interface_problems(Path("d"), {"resources": [{"name": "topics", "schema": {"fields": [{"name": "label"}]}}]})
    >>> print(problems[0])
    d/datapackage.json:documents: table documents is missing: it is part of the public interface
    >>> print(next(p for p in problems if p.column.startswith("topics")))
    d/datapackage.json:topics.topic_id: column topic_id of table topics is missing: it is part of the public interface
    >>> sorted(incomplete)
    ['topics']
    """
    shown = _display(data_dir, DESCRIPTOR_NAME)
    declared: dict[str, set[str]] = {}
    for resource in descriptor["resources"]:
        schema = resource.get("schema") if isinstance(resource, dict) else None
        fields = schema.get("fields", []) if isinstance(schema, dict) else []
        declared[resource.get("name", "?")] = {f.get("name") for f in fields if isinstance(f, dict)}
    problems: list[Problem] = []
    incomplete: set[str] = set()
    for table, columns in PUBLIC_COLUMNS.items():
        if table not in declared:
            problems.append(Problem(shown, None, table, f"table {table} is missing: it is part of the public interface"))
            continue
        for column in columns:
            if column not in declared[table]:
                problems.append(Problem(shown, None, f"{table}.{column}",
                                        f"column {column} of table {table} is missing: it is part of the public interface"))
                incomplete.add(table)
    return problems, incomplete


def _read_csv(data_dir: Path, resource: dict) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    """Read one CSV strictly; return its rows (None if unusable) and structural problems."""
    shown = _display(data_dir, resource["path"])
    path = data_dir / resource["path"]
    if not path.is_file():
        return None, [Problem(shown, message="file not found")]
    raw = path.read_bytes()
    problems: list[Problem] = []
    if not raw.strip():
        return None, [Problem(shown, message="file is empty (expected at least a header row)")]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(shown, 1, message="starts with a UTF-8 byte order mark (BOM); save as UTF-8 without BOM"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, message=f"not valid UTF-8 at byte {exc.start}")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        table = list(reader)
    except csv.Error as exc:
        return None, [*problems, Problem(shown, reader.line_num, message=f"malformed CSV ({exc}); an unbalanced quote?")]
    header, records = table[0], table[1:]
    expected = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected column(s) {', '.join(extra)}")
        if not detail:
            detail.append(f"columns out of order; expected {', '.join(expected)}")
        problems.append(Problem(shown, 1, message="header does not match the schema: " + "; ".join(detail)))
        return None, problems
    rows = []
    for i, record in enumerate(records, start=2):
        if len(record) != len(header):
            problems.append(
                Problem(shown, i, message=f"row has {len(record)} field(s), header has {len(header)}")
            )
            continue
        rows.append(dict(zip(header, record, strict=True)))
    return (None if problems else rows), problems


_PROSE = ("title", "description")


def _frictionless_descriptor(descriptor: dict) -> dict:
    """The descriptor frictionless needs: the same rules without per-resource and per-field prose.

    Frictionless copies and re-validates a resource's whole metadata for every
    foreign key and every field each time it opens a table, so titles and
    descriptions cost time on every validation while no data check reads
    them; ``required: false`` is the default and is dropped too. What the
    prose must be is checked by :func:`_dictionary_problems` instead. The
    package-level metadata (licenses, sources, version) is kept as it is.
    """
    resources = []
    for resource in descriptor["resources"]:
        lean = {k: v for k, v in resource.items() if k not in _PROSE}
        schema = resource.get("schema")
        if isinstance(schema, dict) and isinstance(schema.get("fields"), list):
            fields = []
            for f in schema["fields"]:
                if not isinstance(f, dict):
                    fields.append(f)
                    continue
                f = {k: v for k, v in f.items() if k not in _PROSE}
                constraints = f.get("constraints")
                if isinstance(constraints, dict) and constraints.get("required") is False:
                    f["constraints"] = {k: v for k, v in constraints.items() if k != "required"}
                fields.append(f)
            lean["schema"] = {**schema, "fields": fields}
        resources.append(lean)
    return {**descriptor, "resources": resources}


def _dictionary_problems(data_dir: Path, descriptor: dict) -> Iterable[Problem]:
    """Every resource and field carries a human description (the data dictionary), as a string."""
    shown = _display(data_dir, DESCRIPTOR_NAME)
    for resource in descriptor["resources"]:
        name = resource.get("name", "?")
        items = [(name, resource)]
        fields = resource.get("schema", {}).get("fields", []) if isinstance(resource.get("schema"), dict) else []
        items += [(f"{name}.{f.get('name', '?')}", f) for f in fields if isinstance(f, dict)]
        for where, item in items:
            for key in _PROSE:
                if key in item and not isinstance(item[key], str):
                    yield Problem(shown, None, where, f"{key} must be a string, not {type(item[key]).__name__}")
            if not isinstance(item.get("description"), str) or not item["description"].strip():
                yield Problem(shown, None, where, "no description (the data dictionary needs one)")


def _frictionless_problems(data_dir: Path, descriptor: dict, skip: set[str]) -> list[Problem]:
    """Types, constraints, primary and foreign keys, checked by the frictionless library."""
    from helpers.frictionless_fast import foreign_key_problems, import_frictionless, own_foreign_keys

    frictionless = import_frictionless()  # imported here: slow to import, only validation needs it

    problems: list[Problem] = []
    shown_descriptor = _display(data_dir, DESCRIPTOR_NAME)
    try:
        # Building the package validates the whole descriptor once (it raises when it is invalid) ...
        package = frictionless.Package(_frictionless_descriptor(descriptor), basepath=str(data_dir))
    except frictionless.FrictionlessException as exc:
        reasons = [reason.message for reason in exc.reasons] or [exc.error.message]
        return [Problem(shown_descriptor, message=reason) for reason in reasons]
    paths = {r.get("name"): r.get("path", "") for r in descriptor["resources"]}
    # Foreign keys of plain strings are checked once per package, not by re-reading each referenced
    # table for every table that refers to it (see helpers.frictionless_fast); the rest stay here.
    own = own_foreign_keys(descriptor, skip)
    own_problems = foreign_key_problems(data_dir, descriptor, own) if own else {}
    if own_problems is None:
        own = {}
    # ... so validate the resources one by one, as Package.validate does when there are foreign
    # keys, without its second validation of the same descriptor; each resource still checks its
    # own metadata, and foreign keys are still looked up in the package.
    for resource in package.resources:
        if resource.name in skip:
            continue
        if own.get(resource.name):
            resource.schema.foreign_keys = [fk for i, fk in enumerate(resource.schema.foreign_keys) if i not in own[resource.name]]
        report = resource.validate()
        shown = _display(data_dir, paths.get(resource.name, resource.name))
        for error in report.errors:
            problems.append(Problem(shown, message=error.message))
        rows: list[Problem] = []
        for task in report.tasks:
            for error in task.errors:
                d = error.to_descriptor()
                column = d.get("fieldName") or ", ".join(d.get("fieldNames", [])) or None
                value = f" value {d['cell']!r}:" if "cell" in d else ""
                rows.append(Problem(shown, d.get("rowNumber"), column, f"[{d['type']}]{value} {d.get('note') or d['message']}"))
        rows += [Problem(shown, row, column, message) for row, column, message in (own_problems or {}).get(resource.name, [])]
        problems += sorted(rows, key=lambda p: p.row or 0)  # stable: a row's own key problems follow its other ones, as in frictionless
    return problems


def _check_sources(data_dir: Path, docs: list[dict[str, str]], checked: CheckedPackage) -> None:
    shown = _display(data_dir, "documents.csv")
    for row_no, doc in enumerate(docs, start=2):
        rel = doc.get("path", "")
        src_path = data_dir / rel
        if not rel or Path(rel).is_absolute() or ".." in Path(rel).parts:
            checked.problems.append(Problem(shown, row_no, "path", f"source path {rel!r} must be relative to the data folder"))
            continue
        if not src_path.is_file():
            checked.problems.append(Problem(shown, row_no, "path", f"source file not found: {_display(data_dir, rel)}"))
            continue
        try:
            source = read_source(src_path)
        except UnicodeDecodeError as exc:
            checked.problems.append(Problem(shown, row_no, "path", f"source is not valid UTF-8 ({exc.reason} at byte {exc.start})"))
            continue
        if source.sha256 != doc.get("sha256"):
            hint = ""
            if "\r\n" in source.text:
                hint = " (the file has CRLF line endings: check git's autocrlf and .gitattributes)"
            checked.problems.append(
                Problem(shown, row_no, "sha256", f"source {rel} has SHA-256 {source.sha256}, expected {doc.get('sha256')}: the file changed{hint}")
            )
        if str(source.char_length) != doc.get("char_length"):
            checked.problems.append(
                Problem(shown, row_no, "char_length", f"source {rel} has {source.char_length} characters, expected {doc.get('char_length')}")
            )
        checked.sources[doc["document_id"]] = source


def _as_int(value: str) -> int | None:
    return int(value) if re.fullmatch(r"-?[0-9]+", value or "") else None


def _check_span(shown: str, row_no: int, row: dict[str, str], sources: dict[str, SourceText]) -> Iterable[Problem]:
    present = [bool(row.get(f, "")) for f in SPAN_FIELDS]
    if not any(present):
        return
    if not all(present):
        missing = [f for f, p in zip(SPAN_FIELDS, present, strict=True) if not p]
        yield Problem(shown, row_no, missing[0], f"span is incomplete: {', '.join(missing)} empty while other span fields are set")
        return
    start, end = _as_int(row["char_start"]), _as_int(row["char_end"])
    source = sources.get(row["document_id"])
    if start is None or end is None or source is None:
        return  # type errors and unknown documents are reported by frictionless / the source check
    if start >= end:
        yield Problem(shown, row_no, "char_end", f"char_start ({start}) must be less than char_end ({end})")
        return
    evidence = row["evidence"]
    if start < 0 or end > source.char_length:
        elsewhere = _other_documents(row["document_id"], evidence, start, end, sources)
        yield Problem(shown, row_no, "char_end",
                      f"span {start}:{end} lies outside document {row['document_id']} (length {source.char_length}){elsewhere}")
        return
    actual = source.text[start:end]
    if actual != evidence:
        found = source.text.find(evidence)
        where = f"; the evidence occurs at {found}:{found + len(evidence)}" if found >= 0 else "; the evidence does not occur in the document"
        elsewhere = _other_documents(row["document_id"], evidence, start, end, sources)
        yield Problem(shown, row_no, "evidence", f"text[{start}:{end}] is {actual!r}, not the evidence {evidence!r}{where}{elsewhere}")


def _other_documents(document_id: str, evidence: str, start: int, end: int, sources: dict[str, SourceText]) -> str:
    """A hint for a span that does not match its own document: does it belong to another one?

    >>> srcs = {"a": SourceText.from_bytes(b"one cat"), "b": SourceText.from_bytes(b"two dogs")}
    >>> _other_documents("a", "dogs", 4, 8, srcs)
    '; the span belongs to another document: text[4:8] of document b is the evidence (is document_id wrong?)'
    >>> _other_documents("a", "two", 0, 2, srcs)
    '; the evidence occurs in another document: b at 0:3'
    >>> _other_documents("a", "bird", 0, 4, srcs)
    ''
    """
    others = [(doc, src) for doc, src in sources.items() if doc != document_id]
    exact = [doc for doc, src in others if src.text[start:end] == evidence]
    if exact:
        return (f"; the span belongs to another document: text[{start}:{end}] of document {', '.join(exact)} "
                "is the evidence (is document_id wrong?)")
    occurs = [f"{doc} at {i}:{i + len(evidence)}" for doc, src in others if (i := src.text.find(evidence)) >= 0]
    return f"; the evidence occurs in another document: {'; '.join(occurs)}" if occurs else ""


def _check_date(shown: str, row_no: int, value: str, precision: str, column: str) -> Iterable[Problem]:
    if not value:
        return
    want = _DATE_LENGTH.get(precision)
    if want is not None and len(value) != want:
        yield Problem(shown, row_no, column, f"date {value!r} does not have precision {precision!r}")
        return
    parts = [int(p) for p in value.split("-")] if re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", value) else None
    if parts and len(parts) == 3:
        try:
            date(*parts)
        except ValueError:
            yield Problem(shown, row_no, column, f"{value!r} is not a calendar date")


def _semantic_problems(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Rules no Table Schema expresses: spans, dates, cross-table references."""
    rows = checked.rows
    ids = {
        r["name"]: {row[r["schema"]["primaryKey"][0]] for row in rows.get(r["name"], [])}
        for r in checked.descriptor["resources"]
        if r["name"] in rows and r.get("schema", {}).get("primaryKey")
    }
    for name, table in rows.items():
        shown = _display(checked.data_dir, paths[name])
        for row_no, row in enumerate(table, start=2):
            if "evidence" in row:
                yield from _check_span(shown, row_no, row, checked.sources)
            if "date" in row and "date_precision" in row:
                yield from _check_date(shown, row_no, row["date"], row["date_precision"], "date")
                if bool(row["date"]) != bool(row["date_precision"]) or bool(row["date"]) != bool(row.get("date_basis", row["date"])):
                    yield Problem(shown, row_no, "date", "date, date_precision and date_basis must be given together")
            if name == "documents":
                yield from _check_date(shown, row_no, row["published"], row["date_precision"], "published")
            if name == "statements":
                if bool(row["responds_to_id"]) != bool(row["response"]):
                    yield Problem(shown, row_no, "response", "response must be set exactly when responds_to_id is set")
                if row["responds_to_id"] and row["responds_to_id"] == row["statement_id"]:
                    yield Problem(shown, row_no, "responds_to_id", "a statement cannot respond to itself")
            if name == "weapons_systems" and row["surface_form"] not in row["evidence"]:
                yield Problem(shown, row_no, "surface_form", f"surface form {row['surface_form']!r} does not occur in the evidence")
            if name == "curator_notes":
                target_ids = ids.get(row["target_table"])
                if target_ids is not None and row["target_id"] not in target_ids:
                    yield Problem(shown, row_no, "target_id", f"no row {row['target_id']!r} in {row['target_table']}")
    yield from _cross_document_problems(checked, paths)
    yield from _fact_id_problems(checked, paths)
    yield from _inferred_position_problems(checked, paths)
    yield from (p for rule in __import__("helpers.judgement_rules", fromlist=["_"]).JUDGEMENT_RULES for p in rule(checked, paths))  # lazy import
    yield from __import__("helpers.account_rules", fromlist=["account_problems"]).account_problems(checked, paths)
    yield from (p for rule in __import__("helpers.story_rules", fromlist=["_"]).STORY_RULES for p in rule(checked, paths))  # lazy import


def _primary_keys(descriptor: dict) -> dict[str, str]:
    return {r["name"]: r["schema"]["primaryKey"][0] for r in descriptor["resources"] if r.get("schema", {}).get("primaryKey")}


def _cross_document_problems(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Ids one document reuses from another in the same table; repeats and position backings that point into another document.

    A response (``responds_to_id``) may answer a statement of another document: one
    article can answer another. A repeat restates a statement of its own document,
    and a position rests on a statement of its own document.
    """
    rows = checked.rows
    for name, key in _primary_keys(checked.descriptor).items():
        table = rows.get(name, [])
        if not table or "document_id" not in table[0]:
            continue
        shown = _display(checked.data_dir, paths[name])
        first: dict[str, tuple[int, str]] = {}
        for row_no, row in enumerate(table, start=2):
            rid, doc = row[key], row["document_id"]
            if rid in first and first[rid][1] != doc:
                seen_row, seen_doc = first[rid]
                yield Problem(shown, row_no, key, f"id {rid!r} is reused across documents: row {seen_row} uses it for document "
                                                  f"{seen_doc or '(none)'}, this row for document {doc or '(none)'}; "
                                                  "an id must be unique within its table, across all documents")
            first.setdefault(rid, (row_no, doc))
    statement_doc: dict[str, str] = {}
    for row in rows.get("statements", []):
        statement_doc.setdefault(row["statement_id"], row["document_id"])
    references = {"statements": ("repeats_id", "a repeat restates a statement of its own document"),
                  "country_positions": ("statement_id", "a position rests on a statement of its own document")}
    for name, (column, rule) in references.items():
        if name not in rows or name not in paths:
            continue
        shown = _display(checked.data_dir, paths[name])
        for row_no, row in enumerate(rows[name], start=2):
            target = row.get(column, "")
            other = statement_doc.get(target)
            if target and other is not None and other != row["document_id"]:
                yield Problem(shown, row_no, column, f"{column} {target!r} is a statement of document {other}, "
                                                     f"not of this row's document {row['document_id']}: {rule}")


def _fact_id_problems(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Statement ids and country position ids are disjoint: the explorer lists both kinds of fact together, keyed by id.

    Only these two tables are compared: an event may carry the id of the statement that reports it.
    """
    rows = checked.rows
    if "statements" not in rows or "country_positions" not in rows:
        return
    statement_rows: dict[str, int] = {}
    for row_no, row in enumerate(rows["statements"], start=2):
        statement_rows.setdefault(row["statement_id"], row_no)
    shown = _display(checked.data_dir, paths["country_positions"])
    for row_no, row in enumerate(rows["country_positions"], start=2):
        seen = statement_rows.get(row["position_id"])
        if seen is not None:
            yield Problem(shown, row_no, "position_id",
                          f"position id {row['position_id']!r} is also the id of a statement ({paths['statements']} row {seen}): "
                          "statement and position ids must be disjoint, as the explorer lists both kinds of fact together by id")


def _inferred_position_problems(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every country position inferred by the curator has a curator note saying why."""
    if "country_positions" not in checked.rows or "curator_notes" not in checked.rows:
        return
    explained = {n["target_id"] for n in checked.rows["curator_notes"] if n["target_table"] == "country_positions"}
    shown = _display(checked.data_dir, paths["country_positions"])
    for row_no, row in enumerate(checked.rows["country_positions"], start=2):
        if row["basis"] == "inferred" and row["position_id"] not in explained:
            yield Problem(shown, row_no, "basis", f"position {row['position_id']!r} is inferred but no curator note explains it: "
                                                  f"add a curator_notes row with target_table country_positions, target_id {row['position_id']}")


def _vocabulary_problems(data_dir: Path, descriptor: dict) -> Iterable[Problem]:
    vocabularies = descriptor.get("vocabularies", {})
    shown = _display(data_dir, DESCRIPTOR_NAME)
    for resource in descriptor["resources"]:
        for f in resource.get("schema", {}).get("fields", []):
            match = re.search(r"One of the '(\w+)' vocabulary", f.get("description", ""))
            if not match:
                continue
            vocab = vocabularies.get(match.group(1))
            enum = f.get("constraints", {}).get("enum")
            if vocab is None:
                yield Problem(shown, None, f"{resource['name']}.{f['name']}", f"vocabulary {match.group(1)!r} is not defined")
            elif list(vocab) != enum:
                yield Problem(shown, None, f"{resource['name']}.{f['name']}", f"enum {enum} differs from vocabulary {match.group(1)!r} {list(vocab)}")


def check_package(data_dir: str | Path | None = None) -> CheckedPackage:
    """Run every check and return what was read along with the problems found.

    Raises :class:`CannotValidate` when there is nothing to validate.

    >>> check_package().valid
    True
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    descriptor = _read_descriptor(data_dir)
    checked = CheckedPackage(data_dir=data_dir, descriptor=descriptor)
    interface, incomplete = _interface_problems(data_dir, descriptor)
    checked.problems.extend(interface)
    paths: dict[str, str] = {}
    broken: set[str] = set(incomplete)  # a table lacking a public column is reported and kept out of the rules, which read those columns
    for resource in descriptor["resources"]:
        name = resource.get("name", "?")
        path_problem = _resource_path_problem(data_dir, resource)
        if path_problem:
            checked.problems.append(Problem(_display(data_dir, DESCRIPTOR_NAME), None, name, path_problem))
            broken.add(name)
            continue
        paths[name] = resource["path"]
        table, problems = _read_csv(data_dir, resource)
        checked.problems.extend(problems)
        if table is None:
            broken.add(name)
        elif name not in broken:
            checked.rows[name] = table
    checked.problems.extend(_vocabulary_problems(data_dir, descriptor))
    checked.problems.extend(_dictionary_problems(data_dir, descriptor))
    if set(paths) == {r.get("name", "?") for r in descriptor["resources"]}:  # never let it read outside data_dir
        checked.problems.extend(_frictionless_problems(data_dir, descriptor, skip=broken))
    if "documents" in checked.rows:
        _check_sources(data_dir, checked.rows["documents"], checked)
    checked.problems.extend(_semantic_problems(checked, paths))
    return checked


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Return every problem in the data package (an empty list when valid).

    >>> validate()
    []
    """
    return check_package(data_dir).problems


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (0 valid, 1 invalid, 2 cannot run)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.validate", description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", help="folder holding datapackage.json (default: the project's data/)")
    args = parser.parse_args(argv)
    try:
        problems = validate(args.data_dir)
    except CannotValidate as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("valid", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

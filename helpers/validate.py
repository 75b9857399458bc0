"""Validate the data package: Frictionless for the tables, our own code for provenance.

Run it from the shell::

    python -m helpers.validate            # the project's data/
    python -m helpers.validate path/to/data
    python -m helpers.validate --strict   # warnings fail too

It prints every problem, one per line, as ``file:row:column: [code] message``
(a warning as ``[code] warning: message``) and exits 0 when the data is valid,
1 when it is not and 2 when it cannot run (missing folder, unreadable
descriptor, or the ``frictionless`` library not installed). Warnings alone
exit 0 unless ``--strict`` is given.

Every problem carries a stable ``code`` (:data:`CODES` lists them all); tests
and tools match on ``(file, row, column, code)``, never on the wording.

Rows are numbered as Frictionless numbers them: the header is row 1, the
first data row is row 2 (the line number in the file when no field spans
lines).

How a run goes (:func:`check_package`): the descriptor is read and its shape
checked; every path it names is checked to be a regular file inside the data
folder *before* anything opens it (no URL, no ``..``, no symlink out, no FIFO),
so nothing outside the folder is read and nothing can block; the CSVs and the
sources are read strictly; then every rule of the registry, :func:`all_rules`
(also ``RULES``), runs. A rule is a function ``rule(checked, paths) ->
Iterable[Problem]``; to add one, write it and add it to :data:`CORE_RULES`, or to
the tuple of a rule module (judgements, accounts, the story) that the registry gathers.

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
import dataclasses
import importlib.util
import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from helpers.paths import DESCRIPTOR_NAME, default_data_dir
from helpers.provenance import OutsidePackage, SourceText, contained_path, read_contained

__all__ = [
    "CODES",
    "PUBLIC_COLUMNS",
    "SPAN_FIELDS",
    "TABLES",
    "CannotValidate",
    "CheckedPackage",
    "Problem",
    "Rule",
    "all_rules",
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
#: The largest CSV field read (characters): the csv module's default, set explicitly because other libraries
#: (frictionless) raise the module-wide limit, which would make the result depend on what ran before.
FIELD_SIZE_LIMIT = 131_072

#: Every problem code the validator emits, with what it means. Frictionless adds its own error types
#: (``type-error``, ``constraint-error``, ``foreign-key``, ``primary-key``, ``unique-error``, ...) as codes.
CODES: dict[str, str] = {
    "cannot-run": "the validator cannot run: no folder, no or unreadable descriptor, frictionless missing",
    "descriptor-invalid": "the descriptor is not a data package frictionless accepts",
    "descriptor-malformed": "a part of the descriptor has the wrong shape (a resource not an object, fields not a list, ...)",
    "version-not-semantic": "the package version is missing or not MAJOR.MINOR.PATCH",
    "interface-missing": "a table or column of the public interface is not declared",
    "no-description": "a resource or field has no description for the data dictionary",
    "vocabulary-mismatch": "a field's enum differs from the vocabulary it names",
    "outside-package": "a path is a URL, absolute, uses '..' or leads out of the data folder through a symlink",
    "not-a-regular-file": "a path names a folder, a FIFO or a device",
    "file-not-found": "a file the package names does not exist",
    "empty-file": "a CSV file is empty",
    "bom": "a CSV file starts with a UTF-8 byte order mark",
    "not-utf8": "a file is not valid UTF-8",
    "malformed-csv": "the CSV cannot be parsed (an unbalanced quote, a stray carriage return, ...)",
    "field-too-large": "a CSV field is larger than the csv module's limit",
    "header-mismatch": "the CSV header differs from the schema's fields",
    "row-length": "a row has more or fewer fields than the header",
    "offset-not-canonical": "an offset is not a canonical decimal integer (no sign, padding, underscores or other digits)",
    "integer-not-canonical": "an integer field is not written as a canonical decimal integer",
    "span-incomplete": "some span fields are set and others are empty",
    "span-unverifiable": "a span cannot be checked (its offsets are not integers or its document is unknown)",
    "span-order": "char_start is not less than char_end",
    "span-outside": "a span lies outside its document",
    "span-mismatch": "the text at the span is not the evidence",
    "sha256-mismatch": "a source file's SHA-256 differs from documents.sha256",
    "length-mismatch": "a source file's length differs from documents.char_length",
    "duplicate-source": "two documents name the same source file",
    "date-precision": "a date does not have its stated precision",
    "date-invalid": "a date is not a calendar date",
    "date-incomplete": "date, date_precision and date_basis are not given together",
    "response-incomplete": "response and responds_to_id are not set together",
    "cycle": "responds_to_id or repeats_id chains lead back to the statement (a statement answering or repeating itself)",
    "surface-form": "a weapon's surface form does not occur in its evidence",
    "dangling-target": "a curator note targets a row that does not exist",
    "id-reused-across-documents": "one id is used by rows of different documents in a table",
    "cross-document-reference": "a repeat or a position's statement points into another document",
    "fact-id-collision": "a statement and a country position share an id",
    "inferred-without-note": "an inferred country position has no curator note",
    "blank-required": "a required text field is blank, whitespace-only or invisible",
    "control-character": "a text field contains a NUL or another control character",
    "bidi-control": "a text field contains a bidirectional control character",
    "formula-prefix": "a text cell starts with =, +, -, @ (a spreadsheet may run it as a formula); a warning",
    "frictionless": "another problem reported by frictionless",
}

SEVERITIES = ("error", "warning")


class CannotValidate(Exception):
    """The validator cannot run at all (no folder, no or unreadable descriptor, frictionless missing).

    ``problem`` locates the cause in the same form as every other problem.
    """

    def __init__(self, path: Path, message: str, code: str = "cannot-run"):
        self.problem = Problem(str(path), message=message, code=code)
        super().__init__(str(self.problem))


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located as precisely as the data allows, with a stable code.

    >>> print(Problem("data/actors.csv", 4, "kind", "unknown value 'persn'", "constraint-error"))
    data/actors.csv:4:kind: [constraint-error] unknown value 'persn'
    >>> print(Problem("data/topics.csv", 2, "label", "starts with '='", "formula-prefix", "warning"))
    data/topics.csv:2:label: [formula-prefix] warning: starts with '='
    """

    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""
    code: str = ""
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity != "warning"

    def relative_to(self, base: str | Path) -> Problem:
        """The same problem with its file named relative to ``base`` (to show without absolute paths).

        >>> print(Problem("/tmp/x/data/actors.csv", 4, "kind", "bad", "x").relative_to("/tmp/x"))
        data/actors.csv:4:kind: [x] bad
        """
        return dataclasses.replace(self, file=Path(self.file).relative_to(base).as_posix())

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}"
        code = f"[{self.code}] " if self.code else ""
        level = "warning: " if self.severity == "warning" else ""
        return f"{where}: {code}{level}{self.message}"


@dataclass
class CheckedPackage:
    """What one validation pass read: the descriptor, raw rows and source texts.

    The loader builds its DataFrames from these same rows, so the data is read
    once and what was validated is exactly what is loaded. ``problems`` holds
    errors and warnings; ``errors`` and ``warnings`` split them.
    """

    data_dir: Path
    descriptor: dict
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    sources: dict[str, SourceText] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: tables reported unusable (shape, path, CSV structure); frictionless and the rules leave them out
    broken: set[str] = field(default_factory=set)
    #: whether every path the descriptor names is a regular file inside the folder (frictionless may open them)
    contained: bool = True

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def resources(self) -> dict[str, dict]:
        """The well-formed resources by name (malformed ones are reported and left out)."""
        return {r["name"]: r for r in self.descriptor.get("resources", []) if _resource_shape(r) is None}


#: A validation rule: reads what was checked, yields problems.
Rule = Callable[[CheckedPackage, dict[str, str]], Iterable[Problem]]


def _display(data_dir: Path, name: str) -> str:
    return str(data_dir / name)


# --- reading: the descriptor ------------------------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"duplicate key(s) {', '.join(map(repr, dupes))} in one object: which one counts is undefined")
    return dict(pairs)


def _read_descriptor(data_dir: Path) -> dict:
    if not data_dir.is_dir():
        raise CannotValidate(data_dir, "no such data folder")
    path = data_dir / DESCRIPTOR_NAME
    try:
        raw = read_contained(data_dir, DESCRIPTOR_NAME)
    except OutsidePackage as exc:
        raise CannotValidate(path, "descriptor not found" if exc.code == "file-not-found" else str(exc)) from exc
    try:
        descriptor = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CannotValidate(path, f"not readable as JSON ({exc})") from exc
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise CannotValidate(path, "not a data package (no 'resources' list)")
    return descriptor


def _field_names(resource: object) -> list[str]:
    """The field names of a resource, whatever its shape (non-strings skipped)."""
    schema = resource.get("schema") if isinstance(resource, dict) else None
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list):
        return []
    return [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


def _primary_key(resource: dict) -> str | None:
    key = resource.get("schema", {}).get("primaryKey")
    if isinstance(key, str):
        return key
    if isinstance(key, list) and key and isinstance(key[0], str):
        return key[0]
    return None


def _resource_shape(resource: object) -> str | None:
    """Why a resource cannot be used as a table (None when its shape is right).

    >>> _resource_shape("statements")
    'a resource must be an object, not str'
    >>> _resource_shape({"name": "t", "path": "t.csv", "schema": {"fields": {"name": "a"}}})
    "schema 'fields' must be a list of field objects"
    """
    if not isinstance(resource, dict):
        return f"a resource must be an object, not {type(resource).__name__}"
    if not isinstance(resource.get("name"), str) or not resource["name"]:
        return "a resource needs a 'name' string"
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        return "'schema' must be an object written in the descriptor (not a path or URL)"
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return "schema 'fields' must be a list of field objects"
    names = []
    for i, f in enumerate(fields):
        if not isinstance(f, dict):
            return f"field {i + 1} must be an object, not {type(f).__name__}"
        if not isinstance(f.get("name"), str) or not f["name"]:
            return f"field {i + 1} has no 'name' string"
        for key in ("constraints",):
            if key in f and not isinstance(f[key], dict):
                return f"field {f['name']!r}: {key!r} must be an object"
        names.append(f["name"])
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        return f"field name(s) {', '.join(dupes)} declared twice"
    key = schema.get("primaryKey")
    if key is not None:
        keys = [key] if isinstance(key, str) else key
        if not isinstance(keys, list) or not all(isinstance(k, str) and k in names for k in keys):
            return f"primaryKey {key!r} must name fields of the schema"
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list) or not all(isinstance(fk, dict) and isinstance(fk.get("reference"), dict) for fk in fks):
        return "foreignKeys must be a list of objects, each with a 'reference' object"
    for extra in ("dialect", "$schema", "profile"):
        if isinstance(resource.get(extra), str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", resource[extra]):
            return f"{extra!r} names a URL: a package may not fetch anything"
    return None


def _descriptor_problems(data_dir: Path, descriptor: dict) -> Iterable[Problem]:
    """The shape of the descriptor: resources, fields and names, before anything is read."""
    shown = _display(data_dir, DESCRIPTOR_NAME)
    seen: set[str] = set()
    for i, resource in enumerate(descriptor["resources"], start=1):
        why = _resource_shape(resource)
        name = resource.get("name") if isinstance(resource, dict) and isinstance(resource.get("name"), str) else f"resources[{i}]"
        if why:
            yield Problem(shown, None, name, why, "descriptor-malformed")
        elif name in seen:
            yield Problem(shown, None, name, f"resource {name!r} is declared twice", "descriptor-malformed")
        seen.add(name)
    for key in ("$schema", "profile"):
        if isinstance(descriptor.get(key), str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", descriptor[key]):
            yield Problem(shown, None, key, f"{key!r} names a URL: a package may not fetch anything", "outside-package")
    if "vocabularies" in descriptor and not (isinstance(descriptor["vocabularies"], dict)
                                           and all(isinstance(v, dict) for v in descriptor["vocabularies"].values())):
        yield Problem(shown, None, "vocabularies", "'vocabularies' must map names to objects of label: definition", "descriptor-malformed")


def _interface_problems(data_dir: Path, descriptor: dict) -> tuple[list[Problem], set[str]]:
    """Every public table and column is declared; return the problems and the tables missing a column.

    >>> problems, incomplete = _interface_problems(Path("d"), {"resources": [{"name": "topics", "schema": {"fields": [{"name": "label"}]}}]})
    >>> print(problems[0])
    d/datapackage.json:documents: [interface-missing] table documents is missing: it is part of the public interface
    >>> print(next(p for p in problems if p.column.startswith("topics")))
    d/datapackage.json:topics.topic_id: [interface-missing] column topic_id of table topics is missing: it is part of the public interface
    >>> sorted(incomplete)
    ['topics']
    """
    shown = _display(data_dir, DESCRIPTOR_NAME)
    declared: dict[str, set[str]] = {}
    for resource in descriptor["resources"]:
        if isinstance(resource, dict) and isinstance(resource.get("name"), str):
            declared[resource["name"]] = set(_field_names(resource))
    problems: list[Problem] = []
    incomplete: set[str] = set()
    for table, columns in PUBLIC_COLUMNS.items():
        if table not in declared:
            problems.append(Problem(shown, None, table, f"table {table} is missing: it is part of the public interface", "interface-missing"))
            continue
        for column in columns:
            if column not in declared[table]:
                problems.append(Problem(shown, None, f"{table}.{column}",
                                        f"column {column} of table {table} is missing: it is part of the public interface",
                                        "interface-missing"))
                incomplete.add(table)
    return problems, incomplete


# --- reading: the tables -----------------------------------------------------------------------------------------


def _read_csv(data_dir: Path, resource: dict) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    """Read one CSV strictly; return its rows (None if unusable) and structural problems."""
    shown = _display(data_dir, resource["path"])
    try:
        raw = read_contained(data_dir, resource["path"])
    except OutsidePackage as exc:
        return None, [Problem(shown, message=str(exc), code=exc.code)]
    problems: list[Problem] = []
    if not raw.strip():
        return None, [Problem(shown, message="file is empty (expected at least a header row)", code="empty-file")]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(shown, 1, message="starts with a UTF-8 byte order mark (BOM); save as UTF-8 without BOM", code="bom"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, message=f"not valid UTF-8 at byte {exc.start}", code="not-utf8")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        table = list(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            return None, [*problems, Problem(shown, reader.line_num, message=(
                f"a field is larger than the limit of {FIELD_SIZE_LIMIT} characters ({exc}); "
                "is a quote missing, or does a cell hold a whole document?"), code="field-too-large")]
        hint = "an unbalanced quote?" if "unexpected end of data" in str(exc) or "expected" in str(exc) else \
            "a line break or carriage return inside an unquoted field?" if "new-line" in str(exc) else "an unbalanced quote?"
        return None, [*problems, Problem(shown, reader.line_num, message=f"malformed CSV ({exc}); {hint}", code="malformed-csv")]
    finally:
        csv.field_size_limit(previous_limit)
    lone_cr = " (the file has a carriage return not followed by a line feed: a value holding one ends the row early)" \
        if re.search(r"\r(?!\n)", text) else ""
    header, records = table[0], table[1:]
    expected = _field_names(resource)
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected column(s) {', '.join(extra)}")
        if not detail:
            detail.append(f"columns out of order or repeated; expected {', '.join(expected)}")
        problems.append(Problem(shown, 1, message="header does not match the schema: " + "; ".join(detail), code="header-mismatch"))
        return None, problems
    rows = []
    for i, record in enumerate(records, start=2):
        if len(record) != len(header):
            problems.append(Problem(shown, i, message=f"row has {len(record)} field(s), header has {len(header)}{lone_cr}", code="row-length"))
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


# --- reading: the sources ------------------------------------------------------------------------------------------


def _check_sources(data_dir: Path, docs: list[dict[str, str]], checked: CheckedPackage) -> None:
    """Read every registered source (inside the folder only), checking its hash and length against ``documents``."""
    shown = _display(data_dir, checked.resources.get("documents", {}).get("path", "documents.csv"))
    for row_no, doc in enumerate(docs, start=2):
        rel = doc.get("path", "")
        try:
            raw = read_contained(data_dir, rel)
        except OutsidePackage as exc:
            message = f"source file not found: {_display(data_dir, rel)}" if exc.code == "file-not-found" else f"source {exc}"
            checked.problems.append(Problem(shown, row_no, "path", message, exc.code))
            continue
        try:
            source = SourceText.from_bytes(raw)
        except UnicodeDecodeError as exc:
            checked.problems.append(Problem(shown, row_no, "path", f"source is not valid UTF-8 ({exc.reason} at byte {exc.start})", "not-utf8"))
            continue
        if source.sha256 != doc.get("sha256"):
            hint = ""
            if "\r\n" in source.text:
                hint = " (the file has CRLF line endings: check git's autocrlf and .gitattributes)"
            checked.problems.append(
                Problem(shown, row_no, "sha256", f"source {rel} has SHA-256 {source.sha256}, expected {doc.get('sha256')}: the file changed{hint}",
                        "sha256-mismatch")
            )
        if str(source.char_length) != doc.get("char_length"):
            checked.problems.append(
                Problem(shown, row_no, "char_length", f"source {rel} has {source.char_length} characters, expected {doc.get('char_length')}",
                        "length-mismatch")
            )
        checked.sources.setdefault(doc.get("document_id", ""), source)


# --- the rules -------------------------------------------------------------------------------------------------------
#
# Each rule reads ``checked`` (descriptor, rows, sources) and yields problems; ``paths`` maps each table
# that was read to its file. Rules see only tables that were read whole (``checked.rows``), and each checks
# everything it can on its own: none skips a row because another rule is expected to report it.

#: A canonical decimal integer: ASCII digits, no sign but '-', no padding, no leading zero, no underscore.
_CANONICAL_INT = re.compile(r"0|-?[1-9][0-9]*", re.ASCII)


def _as_int(value: str) -> int | None:
    """``value`` as an int if it is written canonically, else None (``int()`` alone accepts far more).

    >>> [_as_int(v) for v in ["655", "+655", " 655", "6_55", "0655", "٦٥٥", "-3", "0"]]
    [655, None, None, None, None, None, -3, 0]
    """
    return int(value) if isinstance(value, str) and _CANONICAL_INT.fullmatch(value) else None


def _table_rows(checked: CheckedPackage, paths: dict[str, str], name: str | None = None) -> Iterable[tuple[str, str, int, dict[str, str]]]:
    """``(table, shown file, row number, row)`` for every row read, of one table or all."""
    for table, rows in checked.rows.items():
        if name is not None and table != name:
            continue
        shown = _display(checked.data_dir, paths.get(table, table))
        for row_no, row in enumerate(rows, start=2):
            yield table, shown, row_no, row


def _fields_of_type(checked: CheckedPackage, table: str, *types: str) -> list[dict]:
    resource = checked.resources.get(table, {})
    return [f for f in resource.get("schema", {}).get("fields", []) if f.get("type", "string") in types]


def rule_integers_canonical(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Integer cells are canonical decimal integers: ``+655``, `` 655``, ``6_55``, ``0655`` or ``٦٥٥`` are refused."""
    for table in checked.rows:
        columns = [f["name"] for f in _fields_of_type(checked, table, "integer")]
        for _, shown, row_no, row in _table_rows(checked, paths, table):
            for column in columns:
                value = row.get(column, "")
                if value and _as_int(value) is None:
                    code = "offset-not-canonical" if column in ("char_start", "char_end") else "integer-not-canonical"
                    yield Problem(shown, row_no, column, f"{value!r} is not a canonical decimal integer (write it as ASCII digits "
                                                         "without sign, padding, underscores or leading zeros)", code)


def _normalisation(value: str) -> str:
    forms = [form for form in ("NFC", "NFD") if unicodedata.is_normalized(form, value)]
    return " and ".join(forms) if forms else "neither NFC nor NFD"


def rule_spans(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every span is complete, ordered, inside its document and equal to its evidence."""
    for _table, shown, row_no, row in _table_rows(checked, paths):
        if "evidence" in row:
            yield from _check_span(shown, row_no, row, checked.sources)


def _check_span(shown: str, row_no: int, row: dict[str, str], sources: dict[str, SourceText]) -> Iterable[Problem]:
    present = [bool(row.get(f, "")) for f in SPAN_FIELDS]
    if not any(present):
        return
    if not all(present):
        missing = [f for f, p in zip(SPAN_FIELDS, present, strict=True) if not p]
        yield Problem(shown, row_no, missing[0], f"span is incomplete: {', '.join(missing)} empty while other span fields are set",
                      "span-incomplete")
        return
    start, end = _as_int(row["char_start"]), _as_int(row["char_end"])
    source = sources.get(row["document_id"])
    if start is None or end is None:
        bad = "char_start" if start is None else "char_end"
        yield Problem(shown, row_no, bad, f"the span cannot be checked: {bad} {row[bad]!r} is not a canonical decimal integer",
                      "span-unverifiable")
        return
    if source is None:
        yield Problem(shown, row_no, "document_id", f"the span cannot be checked: no readable source for document {row['document_id']!r}",
                      "span-unverifiable")
        return
    if start >= end:
        yield Problem(shown, row_no, "char_end", f"char_start ({start}) must be less than char_end ({end})", "span-order")
        return
    evidence = row["evidence"]
    if start < 0 or end > source.char_length:
        elsewhere = _other_documents(row["document_id"], evidence, start, end, sources)
        yield Problem(shown, row_no, "char_end",
                      f"span {start}:{end} lies outside document {row['document_id']} (length {source.char_length}){elsewhere}", "span-outside")
        return
    actual = source.text[start:end]
    if actual != evidence:
        if unicodedata.normalize("NFC", actual) == unicodedata.normalize("NFC", evidence):
            yield Problem(shown, row_no, "evidence",
                          f"text[{start}:{end}] looks the same as the evidence but differs in Unicode normalisation: the text is "
                          f"{_normalisation(actual)}, the evidence is {_normalisation(evidence)}; copy the evidence from the source "
                          f"(code points of the text: {' '.join(f'U+{ord(c):04X}' for c in actual[:12])}...)", "span-mismatch")
            return
        found = source.text.find(evidence)
        where = f"; the evidence occurs at {found}:{found + len(evidence)}" if found >= 0 else "; the evidence does not occur in the document"
        elsewhere = _other_documents(row["document_id"], evidence, start, end, sources)
        yield Problem(shown, row_no, "evidence", f"text[{start}:{end}] is {actual!r}, not the evidence {evidence!r}{where}{elsewhere}",
                      "span-mismatch")


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
        yield Problem(shown, row_no, column, f"date {value!r} does not have precision {precision!r}", "date-precision")
        return
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", value, re.ASCII):
        yield Problem(shown, row_no, column, f"{value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD", "date-invalid")
        return
    parts = [int(p) for p in value.split("-")]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        yield Problem(shown, row_no, column, f"{value!r} is not a calendar date", "date-invalid")


def rule_dates(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Dates have their stated precision and exist in the calendar; date, precision and basis come together."""
    for table, shown, row_no, row in _table_rows(checked, paths):
        if "date" in row and "date_precision" in row:
            yield from _check_date(shown, row_no, row["date"], row["date_precision"], "date")
            if bool(row["date"]) != bool(row["date_precision"]) or bool(row["date"]) != bool(row.get("date_basis", row["date"])):
                yield Problem(shown, row_no, "date", "date, date_precision and date_basis must be given together", "date-incomplete")
        if table == "documents":
            yield from _check_date(shown, row_no, row["published"], row["date_precision"], "published")


def rule_responses(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A response comes with the statement it answers, and only then."""
    for _, shown, row_no, row in _table_rows(checked, paths, "statements"):
        if bool(row["responds_to_id"]) != bool(row["response"]):
            yield Problem(shown, row_no, "response", "response must be set exactly when responds_to_id is set", "response-incomplete")


def rule_reference_cycles(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Following ``responds_to_id`` (or ``repeats_id``) from a statement never leads back to it.

    Each statement on a cycle is reported once per column, so a long cycle names all its rows.
    """
    rows = checked.rows.get("statements", [])
    shown = _display(checked.data_dir, paths.get("statements", "statements.csv"))
    for column, verb in (("responds_to_id", "respond to"), ("repeats_id", "repeat")):
        if not rows or column not in rows[0]:
            continue
        target = {row["statement_id"]: row[column] for row in rows if row[column]}
        for row_no, row in enumerate(rows, start=2):
            start = row["statement_id"]
            if target.get(start) == start:
                yield Problem(shown, row_no, column, f"a statement cannot {verb} itself", "cycle")
                continue
            chain, seen, current = [start], {start}, target.get(start)
            while current is not None and current not in seen:
                chain.append(current)
                seen.add(current)
                current = target.get(current)
            if current == start:
                yield Problem(shown, row_no, column, f"{column} forms a cycle: {' -> '.join([*chain, start])}", "cycle")


def rule_surface_forms(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A weapon's surface form is a part of its evidence."""
    for _, shown, row_no, row in _table_rows(checked, paths, "weapons_systems"):
        if row["surface_form"] not in row["evidence"]:
            yield Problem(shown, row_no, "surface_form", f"surface form {row['surface_form']!r} does not occur in the evidence", "surface-form")


def rule_note_targets(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A curator note points at an existing row of its target table."""
    ids = {name: {row[key] for row in checked.rows[name]} for name, key in _primary_keys(checked).items() if name in checked.rows}
    for _, shown, row_no, row in _table_rows(checked, paths, "curator_notes"):
        target_ids = ids.get(row["target_table"])
        if target_ids is not None and row["target_id"] not in target_ids:
            yield Problem(shown, row_no, "target_id", f"no row {row['target_id']!r} in {row['target_table']}", "dangling-target")


def _primary_keys(checked: CheckedPackage) -> dict[str, str]:
    return {name: key for name, r in checked.resources.items() if (key := _primary_key(r))}


def rule_cross_document(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Ids one document reuses from another in the same table; repeats and position backings that point into another document.

    A response (``responds_to_id``) may answer a statement of another document: one
    article can answer another. A repeat restates a statement of its own document,
    and a position rests on a statement of its own document.
    """
    rows = checked.rows
    for name, key in _primary_keys(checked).items():
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
                                                  "an id must be unique within its table, across all documents", "id-reused-across-documents")
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
                                                     f"not of this row's document {row['document_id']}: {rule}", "cross-document-reference")


def rule_fact_ids(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
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
                          "statement and position ids must be disjoint, as the explorer lists both kinds of fact together by id",
                          "fact-id-collision")


def rule_inferred_positions(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every country position inferred by the curator has a curator note saying why."""
    if "country_positions" not in checked.rows or "curator_notes" not in checked.rows:
        return
    explained = {n["target_id"] for n in checked.rows["curator_notes"] if n["target_table"] == "country_positions"}
    for _, shown, row_no, row in _table_rows(checked, paths, "country_positions"):
        if row["basis"] == "inferred" and row["position_id"] not in explained:
            yield Problem(shown, row_no, "basis", f"position {row['position_id']!r} is inferred but no curator note explains it: "
                                                  f"add a curator_notes row with target_table country_positions, target_id {row['position_id']}",
                          "inferred-without-note")


def rule_duplicate_sources(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Two documents never share one source file (their offsets and hashes would be one text's)."""
    first: dict[Path, tuple[int, str]] = {}
    for _, shown, row_no, row in _table_rows(checked, paths, "documents"):
        try:
            real = contained_path(checked.data_dir, row.get("path", ""), must_exist=False).resolve()
        except OutsidePackage:
            continue  # reported with its own code when the source was read
        if real in first:
            seen_row, seen_doc = first[real]
            yield Problem(shown, row_no, "path", f"document {row['document_id']!r} uses the same source file as document {seen_doc!r} "
                                                 f"(row {seen_row}): register each text once, under one id", "duplicate-source")
        else:
            first[real] = (row_no, row["document_id"])


def _invisible(c: str) -> bool:
    """Whether no one can see ``c``: a required text made only of such characters is blank.

    >>> [_invisible(c) for c in " \u00a0\u200b\u2060\ufeffa"]
    [True, True, True, True, True, False]
    """
    return c.isspace() or unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp", "Cc")


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _control_characters(value: str) -> list[str]:
    r"""Control characters a text must not hold: C0 and C1 controls, except tab, line feed and a CR of a CRLF.

    >>> _control_characters("a\tb\r\nc")
    []
    >>> _control_characters("a\x00b\rc")
    ['\x00', '\r']
    """
    return sorted(set(_CONTROL.findall(value)))


# C0 and C1 controls but tab, line feed and carriage return; and a carriage return not followed by a line feed
# (the csv module would not quote it). One compiled pattern: the rule reads every text cell of the package.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_BIDI_RE = re.compile("[" + "".join(sorted(_BIDI)) + "]")
_SUSPECT = re.compile(_CONTROL.pattern + "|" + _BIDI_RE.pattern)  # one scan per cell finds whether either rule has anything to say


def rule_text_cells(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Text cells: required ones are not blank or invisible; none holds a NUL, a control or a bidi character.

    Also warns about a cell starting with ``=``, ``+``, ``-`` or ``@``: a spreadsheet opening the CSV may run it as a formula.
    """
    for table in checked.rows:
        fields = _fields_of_type(checked, table, "string")
        required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
        columns = [f["name"] for f in fields]
        for _, shown, row_no, row in _table_rows(checked, paths, table):
            for column in columns:
                value = row.get(column, "")
                if not value:
                    continue
                if column in required and all(_invisible(c) for c in value):
                    names = ", ".join(sorted({unicodedata.name(c, f"U+{ord(c):04X}") for c in value}))
                    yield Problem(shown, row_no, column, f"required text is blank: it holds only invisible characters ({names})", "blank-required")
                if not _SUSPECT.search(value):
                    controls = bidi = []
                else:
                    controls, bidi = _control_characters(value), sorted(set(_BIDI_RE.findall(value)))
                if controls:
                    yield Problem(shown, row_no, column, "text contains control character(s) "
                                                         f"{', '.join(f'U+{ord(c):04X}' for c in controls)} (a NUL or a stray carriage return?)",
                                  "control-character")
                if bidi:
                    yield Problem(shown, row_no, column, "text contains bidirectional control character(s) "
                                                         f"{', '.join(f'U+{ord(c):04X}' for c in bidi)}, which can make it display "
                                                         "differently from what it holds", "bidi-control")
                if value.startswith(_FORMULA_START):
                    yield Problem(shown, row_no, column, f"text starts with {value[0]!r}: a spreadsheet opening this CSV may run it as a "
                                                         "formula; rephrase, or open the file as text", "formula-prefix", "warning")


def rule_version(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """The package has a semantic version (cited with every fact)."""
    version = checked.descriptor.get("version")
    if not isinstance(version, str) or not re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?", version,
                                                        re.ASCII):
        yield Problem(_display(checked.data_dir, DESCRIPTOR_NAME), None, "version",
                      f"version {version!r} is not a semantic version MAJOR.MINOR.PATCH (e.g. '1.0.0'): facts are cited with it",
                      "version-not-semantic")


def rule_vocabularies(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A field that says it uses a vocabulary has exactly that vocabulary as its enum."""
    vocabularies = checked.descriptor.get("vocabularies", {})
    if not isinstance(vocabularies, dict):
        return
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    for name, resource in checked.resources.items():
        for f in resource["schema"]["fields"]:
            description = f.get("description")
            match = re.search(r"One of the '(\w+)' vocabulary", description) if isinstance(description, str) else None
            if not match:
                continue
            vocab = vocabularies.get(match.group(1))
            enum = f.get("constraints", {}).get("enum")
            if not isinstance(vocab, dict):
                yield Problem(shown, None, f"{name}.{f['name']}", f"vocabulary {match.group(1)!r} is not defined", "vocabulary-mismatch")
            elif list(vocab) != enum:
                yield Problem(shown, None, f"{name}.{f['name']}", f"enum {enum} differs from vocabulary {match.group(1)!r} {list(vocab)}",
                              "vocabulary-mismatch")


def rule_dictionary(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every resource and field carries a human description (the data dictionary), as a string."""
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    for name, resource in checked.resources.items():
        items = [(name, resource)]
        items += [(f"{name}.{f['name']}", f) for f in resource["schema"]["fields"]]
        for where, item in items:
            for key in _PROSE:
                if key in item and not isinstance(item[key], str):
                    yield Problem(shown, None, where, f"{key} must be a string, not {type(item[key]).__name__}", "descriptor-malformed")
            if not isinstance(item.get("description"), str) or not item["description"].strip():
                yield Problem(shown, None, where, "no description (the data dictionary needs one)", "no-description")


_BRACKETED = re.compile(r"\[([a-z0-9-]+)\]\s*(.*)", re.DOTALL)


def rule_frictionless(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Types, constraints, primary and foreign keys, by frictionless; only when every path is contained.

    Frictionless opens the files the descriptor names, so it runs only when
    each was checked to be a regular file inside the folder; otherwise those
    problems are already reported and the package is invalid anyway.
    """
    if not checked.contained:
        return
    try:
        problems = _frictionless_problems(checked.data_dir, checked.descriptor, skip=checked.broken)
    except ImportError as exc:
        raise CannotValidate(checked.data_dir, f"the frictionless library cannot be imported ({exc}): install the project "
                                               "(pip install -e .) or run ./suite validate") from exc
    for problem in problems:
        match = _BRACKETED.fullmatch(problem.message)
        if match:  # frictionless's own error type becomes the code
            yield dataclasses.replace(problem, message=match.group(2), code=match.group(1))
        else:
            is_descriptor = problem.file == _display(checked.data_dir, DESCRIPTOR_NAME)
            yield dataclasses.replace(problem, code="descriptor-invalid" if is_descriptor else "frictionless")


#: The core rules, in the order their problems are listed.
CORE_RULES: tuple[Rule, ...] = (
    rule_version,
    rule_vocabularies,
    rule_dictionary,
    rule_frictionless,
    rule_integers_canonical,
    rule_spans,
    rule_dates,
    rule_responses,
    rule_reference_cycles,
    rule_surface_forms,
    rule_note_targets,
    rule_cross_document,
    rule_fact_ids,
    rule_inferred_positions,
    rule_duplicate_sources,
    rule_text_cells,
)



def all_rules() -> tuple[Rule, ...]:
    """Every rule the validator runs, in order: the core rules above, then those of the rule modules.

    The rule modules (judgements, accounts, how the story is told) build on :class:`Problem` and
    :class:`CheckedPackage` from this module, so they are gathered here, on first use, rather than
    imported at the top. To add a module of rules, add its tuple below.
    """
    from helpers.account_rules import ACCOUNT_RULES
    from helpers.judgement_rules import JUDGEMENT_RULES
    from helpers.story_rules import STORY_RULES

    return (*CORE_RULES, *JUDGEMENT_RULES, *ACCOUNT_RULES, *STORY_RULES)


def __getattr__(name: str) -> object:
    if name == "RULES":  # the registry as a module attribute, as documented above
        return all_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _frictionless_installed() -> bool:
    """Whether ``frictionless`` can be found, without importing it (slow); a blocked or broken entry counts as missing."""
    try:
        return importlib.util.find_spec("frictionless") is not None
    except (ImportError, ValueError):
        return False


def check_package(data_dir: str | Path | None = None, rules: Sequence[Rule] | None = None) -> CheckedPackage:
    """Read the package safely, then run every rule; return what was read with the problems found.

    Raises :class:`CannotValidate` when there is nothing to validate or the
    frictionless library is missing (then nothing is checked at all, rather
    than half).

    >>> check_package().valid
    True
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not _frictionless_installed():
        raise CannotValidate(data_dir, "the frictionless library is not installed in this Python "
                                       f"({sys.executable}): install the project (pip install -e .) or run ./suite validate")
    descriptor = _read_descriptor(data_dir)
    checked = CheckedPackage(data_dir=data_dir, descriptor=descriptor)
    checked.problems.extend(_descriptor_problems(data_dir, descriptor))
    interface, incomplete = _interface_problems(data_dir, descriptor)
    checked.problems.extend(interface)
    checked.contained = not any(p.code in ("descriptor-malformed", "outside-package") for p in checked.problems)
    paths: dict[str, str] = {}
    checked.broken = set(incomplete)  # a table lacking a public column is reported and kept out of the rules, which read those columns
    for resource in descriptor["resources"]:
        if _resource_shape(resource) is not None:
            continue
        name = resource["name"]
        try:
            contained_path(data_dir, resource.get("path"), must_exist=False)
        except OutsidePackage as exc:
            checked.problems.append(Problem(_display(data_dir, DESCRIPTOR_NAME), None, name, str(exc), exc.code))
            checked.broken.add(name)
            checked.contained = False
            continue
        paths[name] = resource["path"]
        table, problems = _read_csv(data_dir, resource)
        checked.problems.extend(problems)
        if any(p.code in ("outside-package", "not-a-regular-file", "file-not-found") for p in problems):
            checked.contained = False
        if table is None:
            checked.broken.add(name)
        elif name not in checked.broken:
            checked.rows[name] = table
    if "documents" in checked.rows:
        _check_sources(data_dir, checked.rows["documents"], checked)
    for rule in all_rules() if rules is None else rules:
        checked.problems.extend(rule(checked, paths))
    return checked


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Return every problem in the data package, errors and warnings (an empty list when clean).

    >>> validate()
    []
    """
    return check_package(data_dir).problems


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (0 valid, 1 invalid, 2 cannot run)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.validate", description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", help="folder holding datapackage.json (default: the project's data/)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the validation too (exit 1)")
    args = parser.parse_args(argv)
    try:
        problems = validate(args.data_dir)
    except CannotValidate as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    if errors or (warnings and args.strict):
        print(f"{len(errors)} problem(s) found" + (f", {warnings} warning(s)" if warnings else ""), file=sys.stderr)
        return 1
    print("valid" + (f", {warnings} warning(s)" if warnings else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

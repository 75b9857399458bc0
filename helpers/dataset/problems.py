"""What the validator reports and what its rules read: problems, their codes, the checked package.

The shared types of validation live here, below the rule modules and the registry, so that no
rule module imports the registry back (:mod:`helpers.dataset.rules` gathers them,
:mod:`helpers.dataset.validate` runs them). A rule is ``rule(checked, paths) -> Iterable[Problem]``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from helpers.dataset.printable import printable
from helpers.dataset.provenance import SourceText

SPAN_FIELDS = ("document_id", "evidence", "char_start", "char_end")

#: The public interface (issue 2): every table, and the columns each must have at least, in the package's order.
PUBLIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id", "title", "outlet_id", "document_kind", "url", "published", "date_precision", "accessed", "language",
                  "excerpt", "relays_document_id", "relays_actor_id", "path", "sha256", "char_length"),
    "actors": ("actor_id", "name", "kind", "country_iso3", "role"),
    "mentions": ("mention_id", "actor_id", *SPAN_FIELDS),
    "topics": ("topic_id", "label", "description"),
    # dataset 2.0 (issue 20): what was said once, and each rendering of it in a document
    "utterances": ("utterance_id", "speaker_id", "date", "date_precision", "wording", "wording_source", "topic_id", "stance",
                   "response", "responds_to_utterance_id"),
    "statements": ("statement_id", "document_id", "utterance_id", "speaker_id", "reported_via_id", "responds_to_id", "response", "mode",
                   "rendering_verb", "relation", "topic_id", "stance", "target_id", *SPAN_FIELDS[1:]),
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
_DATE_LENGTH = {"year": 4, "month": 7, "day": 10, "hour": 22, "minute": 22}
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
    "cycle": "responds_to_id chains lead back to the statement (a statement answering itself)",
    "surface-form": "a weapon's surface form does not occur in its evidence",
    "dangling-target": "a curator note targets a row that does not exist",
    "id-reused-across-documents": "one id is used by rows of different documents in a table",
    "cross-document-reference": "a position's statement points into another document",
    "fact-id-collision": "a statement and a country position share an id",
    "inferred-without-note": "an inferred country position has no curator note",
    "blank-required": "a required text field is blank, whitespace-only or invisible",
    "control-character": "a text field contains a NUL or another control character",
    "bidi-control": "a text field contains a bidirectional control character",
    "formula-prefix": "a text cell starts with =, +, -, @ (a spreadsheet may run it as a formula); a warning",
    "integer-out-of-range": "an integer cell outside the 64-bit integers the loader stores (a 4,301-digit offset, ...)",
    "date-out-of-range": "a date whose period reaches outside the days a nanosecond timestamp holds (1677-09-22 to 2262-04-10)",
    "descriptor-reading-option": "a descriptor option changes which rows or values are read (a dialect's commentChar or commentRows, "
                                 "missingValues other than [\"\"], trueValues, decimalChar, another encoding or format, ...): refused",
    "lone-surrogate": "a string of the descriptor holds a lone surrogate: not Unicode text, it cannot be printed or written as UTF-8",
    "reserved-name": "a table or column name an export cannot use (a table the SQLite export adds, sqlite_*, names differing only in case)",
    "not-exportable": "a vocabulary label or a key value holds a separator of an export format (a space, a line break, ':', '+', '|')",
    "constraint-error": "a cell breaks its field's required, enum, pattern (matched as a whole), length or range constraint",
    "frictionless": "another problem reported by frictionless",
    # the 2.0 model (helpers/dataset/model_rules.py)
    "rendering-span-missing": "a rendering has no span in a document that is not an excerpt",
    "utterance-unrendered": "an utterance has no rendering in any document",
    "response-link-mismatch": "a rendering answers a rendering of another utterance than the one its utterance answers",
    "utterance-cycle": "responds_to_utterance_id chains lead back to the utterance",
    "wording-document-mismatch": "the utterance's wording document holds none of its renderings",
    "search-incomplete": "search_result is set without 'searched', or no_other_account while other documents render it",
    "relay-self": "a document relays itself",
    "relay-cycle": "relays_document_id chains lead back to the document",
    "relay-basis-missing": "relays_document_id or relays_actor_id is set without relay_basis",
    "accessed-missing": "a document with a url has no access date",
    "published-incomplete": "published, date_precision and published_basis are not given together",
    "comparison-self": "a rendering is compared with itself",
    "comparison-across-utterances": "a comparison joins renderings of two different utterances",
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
        # one printable line whatever the data holds (a lone surrogate, a line feed in a field name, an escape sequence)
        return printable(f"{where}: {code}{level}{self.message}")


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
    #: the cells of ``rows``, column by column (table -> column -> one string per row, as a numpy object array), read once:
    #: the column-wise checks and the loader share them
    columns: dict[str, dict[str, Sequence[str]]] = field(default_factory=dict, repr=False)
    #: the bytes of every file read (descriptor, tables, sources) by its path as the package names it: what was validated
    raw: dict[str, bytes] = field(default_factory=dict)

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




_CANONICAL_INT = re.compile(r"0|-?[1-9][0-9]*", re.ASCII)


#: The longest canonical integer :func:`_as_int` converts: more digits than any offset or count can have, and far
#: below the 4,300 digits past which Python's ``int()`` raises instead of converting (class 4 of issue 25).
MAX_INT_DIGITS = 20


def _as_int(value: str) -> int | None:
    """``value`` as an int if it is written canonically and has at most :data:`MAX_INT_DIGITS` digits, else None.

    ``int()`` alone accepts far more (signs, spaces, underscores, other scripts) and raises on 4,301 digits.

    >>> [_as_int(v) for v in ["655", "+655", " 655", "6_55", "0655", "٦٥٥", "-3", "0", "9" * 5000]]
    [655, None, None, None, None, None, -3, 0, None]
    """
    if not isinstance(value, str) or len(value) > MAX_INT_DIGITS + 1:
        return None
    if value.isascii() and value.isdigit() and (value[0] != "0" or len(value) == 1):  # the usual case, without a regex
        return int(value)
    return int(value) if _CANONICAL_INT.fullmatch(value) else None


def _shorten(value: str, limit: int = 40) -> str:
    """``repr(value)``, cut in the middle when long (a problem line stays readable whatever a cell holds).

    >>> _shorten("1" * 100)
    "'11111111111111111111…11111111111111111111' (100 characters)"
    """
    if len(value) <= limit:
        return repr(value)
    return f"{value[: limit // 2]!r}…{value[-limit // 2 :]!r} ({len(value)} characters)".replace("'…'", "…")


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



"""Types, constraints and keys of a Table Schema, checked column by column.

The validator used to hand every table to frictionless, which reads each file
again (with its own, sniffed CSV dialect), builds a row object per row and
types and checks every cell in Python: two thirds of a cold validation of a
thousand documents. This module checks the same things on the columns the
validator has already read strictly (:func:`helpers.validate._read_csv`: UTF-8,
no BOM, the package's plain CSV dialect, a header equal to the schema, every
row as long as the header), one column at a time, on the distinct values of
each column, with pandas for the hashing work (``isin``, ``duplicated``,
``factorize``). It reports the same problems frictionless reports, with the
same row, field and code:

* ``type-error``: an ``integer`` cell that Python's ``int()`` (frictionless's
  reader) does not take, or a ``boolean`` cell that is none of frictionless's
  default true and false values (``true``, ``True``, ``TRUE``, ``1`` and
  ``false``, ``False``, ``FALSE``, ``0``, taken as written);
* ``constraint-error``: ``required``, ``enum``, ``pattern``, ``minLength``,
  ``maxLength``, ``minimum``, ``maximum``, ``exclusiveMinimum``,
  ``exclusiveMaximum``, in frictionless's order within a cell, only when the
  cell has no type error;
* ``unique-error``, ``primary-key`` and ``foreign-key`` on the typed values
  (a cell in ``missingValues`` is missing; a key of missing cells only is not
  looked up), naming the previous row with the same value as frictionless does;
* ``blank-row``: a row whose cells are all missing (it replaces that row's
  cell problems, as in frictionless);

and stops at frictionless's limit of :data:`LIMIT_ERRORS` problems per table.

Where it deliberately differs (issue 25, a look-alike that frictionless lets through):

* **patterns are matched in full** (``re.fullmatch``, the Table Schema's XML
  Schema semantics). frictionless wraps a pattern in ``^…$`` and uses
  ``re.match``, where ``$`` also matches before a final line break: the value
  ``"troops_to_ukraine\\n"`` passed ``^[a-z0-9_]+$`` there and fails here;
  and a pattern ``a|b`` there accepted anything starting with ``a``.
* **integers the loader cannot hold** (outside 64 bits: it stores them as
  ``Int64``) are an ``integer-out-of-range`` problem; the text is never
  converted with ``int()`` beyond 20 characters, so a 5,000-digit offset is a
  problem line, never a crash (Python refuses ``int()`` of more than 4,300 digits).
* **dates the loader cannot place in time**: the loader turns the date of a
  table (:func:`timestamp_columns`) into nanosecond timestamps, which cover
  1677-09-21 to 2262-04-11; a date whose period starts before
  :data:`FIRST_DAY` or ends after :data:`LAST_DAY` is a ``date-out-of-range``
  problem instead of silently wrapping round (``2262-04-12`` became 1677-09-21).

What stays with frictionless: the descriptor (the whole package is built once
by ``frictionless.Package``, which validates it against the Data Package and
Table Schema profiles), and every resource this module does not take
(:func:`unsupported`): another format, encoding or dialect, a declared
``hash``, ``bytes`` or row count, field types other than ``string``,
``integer`` and ``boolean``, a string ``format``, a boolean's own ``trueValues`` or ``falseValues``, field options that change how a cell is read
(``bareNumber``, ``groupChar``, field-level ``missingValues``, ...), labelled
missing values, or a foreign key to a table that is not there or was not read.
Those resources are validated by frictionless exactly as before.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "LIMIT_ERRORS",
    "TableProblem",
    "check_tables",
    "full_matches",
    "timestamp_columns",
    "unreadable_constraints",
    "unsupported",
]

#: frictionless stops a table's validation after this many problems (``settings.DEFAULT_LIMIT_ERRORS``).
LIMIT_ERRORS = 1000
#: The days a nanosecond timestamp can hold whole (``pandas.Timestamp.min`` is 1677-09-21 00:12:43,
#: ``max`` 2262-04-11 23:47:16): the loader's ``date_start`` and ``date_end`` must lie within them.
FIRST_DAY = (1677, 9, 22)
LAST_DAY = (2262, 4, 10)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_MAX_INT_CHARS = 20  # "-9223372036854775808" is 20 characters: nothing longer fits in 64 bits (bar padding, see _parse_int)

#: Keys of a resource that do not change how its rows are read or checked.
_RESOURCE_KEYS = {"name", "title", "description", "path", "format", "mediatype", "encoding", "schema", "profile", "licenses",
                  "sources", "homepage", "keywords", "$schema", "type"}
_SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues", "uniqueKeys", "$schema"}
#: Keys of a field that frictionless reads to type or check a cell; any other key (title, description, tentative, ...) is prose.
_READING_FIELD_KEYS = {"format", "missingValues", "bareNumber", "groupChar", "decimalChar", "trueValues", "falseValues", "arrayItem",
                       "categories", "categoriesOrdered", "floatNumber", "rdfType", "example"}
_STRING_CONSTRAINTS = ("required", "minLength", "maxLength", "pattern", "enum")  # frictionless's order of checks in a cell
_INTEGER_CONSTRAINTS = ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum")
_BOOLEAN_CONSTRAINTS = ("required", "enum")
_TYPES = {"string": _STRING_CONSTRAINTS, "integer": _INTEGER_CONSTRAINTS, "boolean": _BOOLEAN_CONSTRAINTS}
#: A dialect may only restate what the validator's csv reader does anyway.
DIALECT_DEFAULTS: dict[str, tuple[object, ...]] = {
    "delimiter": (",",), "quoteChar": ('"',), "doubleQuote": (True,), "header": (True,), "headerRows": ([1],),
    "skipInitialSpace": (False,), "lineTerminator": ("\n", "\r\n"), "caseSensitiveHeader": (False, True),
}
#: frictionless's default reading of a ``boolean`` cell (no trueValues/falseValues: a field naming them stays with frictionless)
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "1": True, "false": False, "False": False, "FALSE": False, "0": False}
_ORDER = {"type-error": 0, "constraint-error": 0, "blank-row": 0, "integer-out-of-range": 0, "date-out-of-range": 0,
          "unique-error": 1, "primary-key": 2, "foreign-key": 3}


@dataclass(frozen=True)
class TableProblem:
    """One problem of a table: its row (header = 1), field (None for a row), code and message."""

    row: int
    column: str | None
    code: str
    message: str


def _as_list(value: Any) -> list:
    return [value] if isinstance(value, str) else list(value)


def timestamp_columns(resource: dict) -> tuple[str, str] | None:
    """The (date, precision) columns the loader turns into ``date_start`` and ``date_end``, if the table has them.

    >>> timestamp_columns({"name": "documents", "schema": {"fields": [{"name": "published"}, {"name": "date_precision"}]}})
    ('published', 'date_precision')
    >>> timestamp_columns({"name": "topics", "schema": {"fields": [{"name": "label"}]}}) is None
    True
    """
    names = {f.get("name") for f in resource.get("schema", {}).get("fields", []) if isinstance(f, dict)}
    pair = ("published", "date_precision") if resource.get("name") == "documents" else ("date", "date_precision")
    return pair if set(pair) <= names else None


def _restates_defaults(dialect: object) -> bool:
    """Whether a resource's dialect only restates what the validator's csv reader does anyway.

    >>> _restates_defaults({"delimiter": ","}), _restates_defaults({"delimiter": ";"}), _restates_defaults("x")
    (True, False, False)
    """
    return isinstance(dialect, dict) and all(key in DIALECT_DEFAULTS and value in DIALECT_DEFAULTS[key] for key, value in dialect.items())


def unsupported(resource: dict, resources: dict[str, dict], readable: set[str]) -> str | None:
    """Why this module leaves a resource to frictionless (None when it checks it itself).

    ``resources`` are the package's resources by name; ``readable`` the names of
    the tables the validator read whole (a foreign key into any other stays with frictionless).
    """
    extra = set(resource) - _RESOURCE_KEYS
    if "dialect" in extra and _restates_defaults(resource["dialect"]):
        extra.discard("dialect")  # a dialect that only restates the csv reader's defaults changes nothing
    if extra:
        return f"resource option(s) {sorted(extra)}"
    if resource.get("format", "csv") != "csv" or not str(resource.get("path", "")).endswith(".csv"):
        return "not a CSV file"
    if str(resource.get("encoding", "utf-8")).lower().replace("_", "-") not in ("utf-8", "utf8"):
        return "an encoding other than UTF-8"
    schema = resource.get("schema")
    if not isinstance(schema, dict) or set(schema) - _SCHEMA_KEYS:
        return "schema option(s)"
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        return "labelled missing values"
    names = set()
    for field in schema.get("fields", []):
        if not isinstance(field, dict) or field.get("type", "string") not in _TYPES:
            return "a field type other than string, integer and boolean"
        if set(field) & _READING_FIELD_KEYS - ({"format"} if field.get("format", "default") == "default" else set()):
            return f"field {field.get('name')!r} has options that change how it is read"
        if not isinstance(field.get("constraints", {}), dict):
            return "constraints not an object"
        names.add(field.get("name"))
    key = schema.get("primaryKey", [])
    if not set(_as_list(key)) <= names:
        return "a primary key naming other fields"
    for fk in schema.get("foreignKeys", []):
        target = fk.get("reference", {}).get("resource") or resource.get("name")
        if target not in resources or target not in readable:
            return f"a foreign key to {target!r}, which was not read"
        target_names = {f.get("name") for f in resources[target].get("schema", {}).get("fields", []) if isinstance(f, dict)}
        fields, refs = _as_list(fk.get("fields", [])), _as_list(fk.get("reference", {}).get("fields", []))
        if not fields or len(fields) != len(refs) or not set(fields) <= names or not set(refs) <= target_names:
            return "a foreign key naming other fields"
        if unsupported_fields := [f for f in refs if _field(resources[target], f).get("type", "string") not in _TYPES]:
            return f"a foreign key to field(s) {unsupported_fields} of another type"
    return None


def unreadable_constraints(descriptor: dict, names: Sequence[str]) -> list[tuple[str, str]]:
    """Constraints of the tables ``names`` that cannot be applied, as ``(table.field, why)``.

    The descriptor's profile lets them through, and frictionless raises while
    reading the first row (``re.error`` for a pattern that does not compile, a
    ``TypeError`` comparing a number with a bound it could not read): here they
    are problems of the descriptor.
    """
    found = []
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or resource.get("name") not in names:
            continue
        for field in resource["schema"]["fields"]:
            kind = field.get("type", "string")
            for name, value in field.get("constraints", {}).items():
                where = f"{resource['name']}.{field['name']}"
                if name == "pattern" and isinstance(value, str):
                    try:
                        re.compile(value)
                    except (re.error, RecursionError, OverflowError) as exc:
                        found.append((where, f"constraint pattern {value!r} is not a regular expression ({exc})"))
                elif name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and name in _TYPES.get(kind, ()):
                    if _typed_constant(kind, value) is None:
                        found.append((where, f"constraint {name} {value!r} is not a value of type {kind}"))
    return found


def _typed_constant(kind: str, value: Any) -> Any:
    """A constraint's value as frictionless reads it for a field of this type (None when it cannot)."""
    if kind == "string":
        return value if isinstance(value, str) else None
    if kind == "boolean":  # frictionless's boolean reader: a bool as it is, a string by the default true and false values
        return value if isinstance(value, bool) else _BOOLEANS.get(value) if isinstance(value, str) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return _parse_int(value)
    return None


def _field(resource: dict, name: str) -> dict:
    return next((f for f in resource.get("schema", {}).get("fields", []) if isinstance(f, dict) and f.get("name") == name), {})


def _parse_int(cell: str) -> int | None:
    """``int(cell.strip())`` as frictionless reads an integer, refusing what Python would refuse, without ever raising.

    Python's ``int()`` takes signs, surrounding spaces, underscores and digits of other scripts; it refuses
    more than 4,300 digits, by raising: that is a type error here too, found without converting.

    >>> [_parse_int(v) for v in ["655", " +655 ", "6_55", "٦٥٥", "x", "1" * 5000]]
    [655, 655, 655, 655, None, None]
    """
    stripped = cell.strip()
    if len(stripped) > 4300 + 1 + stripped.count("_"):  # more digits than int() accepts (a sign and underscores aside)
        digits = sum(c.isdigit() for c in stripped)
        if digits > 4300:
            return None
    try:
        return int(stripped)
    except ValueError:
        return None


def _fits_int64(cell: str) -> bool:
    """Whether a cell that reads as an integer fits in 64 bits, converting at most :data:`_MAX_INT_CHARS` characters' worth."""
    stripped = cell.strip().replace("_", "")
    sign = stripped[:1] in "+-" and stripped[:1] != ""
    digits = stripped[1:] if sign else stripped
    zeros = "".join({c for c in digits if c.isdigit() and unicodedata.digit(c, 1) == 0})  # a zero of any script int() reads
    significant = digits.lstrip(zeros) or "0"
    if len(significant) > 19:
        return False
    value = int(("-" if stripped.startswith("-") else "") + significant)
    return INT64_MIN <= value <= INT64_MAX


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if 1 <= month <= 12 and 1 <= year <= 9999 else 28


_DATE_SHAPE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)


def _outside_timestamps(value: str) -> bool:
    """Whether the period a date names reaches outside :data:`FIRST_DAY` .. :data:`LAST_DAY` (False for what is not a date)."""
    match = _DATE_SHAPE.match(value)
    if not match:
        return False
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    first = (year, month or 1, day or 1)
    last = (year, month or 12, day or _last_day(year, month or 12))
    return first < FIRST_DAY or last > LAST_DAY


_CANONICAL_COLUMN = re.compile(r"(?:0|[1-9][0-9]{0,17})(?:\n(?:0|[1-9][0-9]{0,17}))*", re.ASCII)  # ints below 10**18, one per line


def _plain_digits(values: np.ndarray) -> bool:
    """Whether every value is a canonical integer below 10**18 (one scan of the joined column; no value may hold a line break)."""
    joined = "\n".join(values)
    return joined.count("\n") == len(values) - 1 and _CANONICAL_COLUMN.fullmatch(joined) is not None


class _Column:
    """One column's cells as read, which rows are missing, and (computed on demand) their typed values."""

    def __init__(self, cells: Sequence[str], missing: list[str], kind: str):
        self.kind = kind
        if isinstance(cells, np.ndarray) and cells.dtype == object:
            self.cells = cells  # never written to: the loader reads the same arrays
        else:
            self.cells = np.empty(len(cells), dtype=object)
            self.cells[:] = cells
        if len(missing) == 1:
            self.missing = self.cells == missing[0] if len(cells) else np.zeros(0, bool)
        else:
            self.missing = pd.Series(self.cells, dtype=object).isin(missing).to_numpy()
        self._typed: np.ndarray | None = None
        self._type_errors: np.ndarray | None = None

    def _read(self) -> None:
        present = ~self.missing
        values = self.cells[present]
        typed = np.empty(len(self.cells), dtype=object)  # None where missing or not of the type
        errors = np.zeros(len(self.cells), bool)
        if self.kind == "string":
            typed[present] = values
        elif self.kind == "boolean":  # exact cells, no stripping (frictionless's reader maps the cell as it is)
            read = [_BOOLEANS.get(v) for v in values]
            typed[present] = read
            errors[present] = np.array([r is None for r in read], dtype=bool)
        elif not len(values) or _plain_digits(values):  # the usual case: plain digits, no conversion can fail
            typed[present] = values.astype(np.int64).astype(object)
        else:  # anything else exactly as frictionless reads it, once per distinct value
            codes, uniques = pd.factorize(values)
            parsed = [_parse_int(u) for u in uniques]
            typed_present = np.empty(len(uniques), dtype=object)
            typed_present[:] = parsed
            typed[present] = typed_present[codes]
            errors[present] = np.array([p is None for p in parsed], dtype=bool)[codes]
        self._typed, self._type_errors = typed, errors

    @property
    def typed(self) -> np.ndarray:
        """Every row's typed value (None when missing or a type error), as an object array."""
        if self._typed is None:
            self._read()
        return self._typed  # type: ignore[return-value]

    @property
    def type_errors(self) -> np.ndarray:
        if self._type_errors is None:
            self._read()
        return self._type_errors  # type: ignore[return-value]

    @property
    def readable(self) -> np.ndarray:
        """Rows whose value was read (not missing, no type error): the constraints apply to these."""
        return ~self.missing & ~self.type_errors


_MATCHED: dict[tuple[int, str, int], tuple[weakref.ref, np.ndarray]] = {}


def full_matches(cells: np.ndarray, pattern: str | re.Pattern[str]) -> np.ndarray:
    """Whether each cell of ``cells`` (an object array of strings) matches ``pattern`` as a whole; read-only booleans.

    Two checks match the same patterns against the same columns: this one and the validator's check of the raw
    rows (:func:`helpers.dataset.rules.reading.rule_raw_constraints`). The answer for one array is kept while
    that array lives (the loader's columns), so the second check reuses it instead of matching every cell again.
    """
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    key = (id(cells), compiled.pattern, compiled.flags)
    kept = _MATCHED.get(key)
    if kept is not None and kept[0]() is cells:
        return kept[1]
    match = compiled.fullmatch
    found = np.fromiter((match(v) is not None for v in cells.tolist()), dtype=bool, count=len(cells))
    found.flags.writeable = False
    try:
        _MATCHED[key] = (weakref.ref(cells, lambda _ref, key=key: _MATCHED.pop(key, None)), found)
    except TypeError:  # an array that cannot be referred to weakly is matched each time
        pass
    return found


def _describe(constraint: Any) -> str:
    return str(constraint)


def _per_distinct(values: np.ndarray, test: Any) -> np.ndarray:
    """``test`` applied to each distinct value of ``values`` once; a boolean per value."""
    if not len(values):
        return np.zeros(0, bool)
    codes, uniques = pd.factorize(values)
    return np.fromiter((bool(test(u)) for u in uniques), dtype=bool, count=len(uniques))[codes]


def _constraint_rows(column: _Column, kind: str, name: str, constraint: Any) -> np.ndarray:
    """Which rows break one constraint (frictionless checks constraints only where the type was read)."""
    if name == "required":
        return column.missing.copy() if constraint else np.zeros(len(column.missing), bool)
    ok = column.readable
    bad = np.zeros(len(ok), bool)
    if not ok.any():
        return bad
    values = column.typed[ok]
    if name == "pattern" and kind == "string":  # the cells as read are the values: matched once per column (full_matches)
        bad[ok] = ~full_matches(column.cells, constraint)[ok]
    elif name == "pattern":
        fullmatch = re.compile(constraint).fullmatch
        bad[ok] = np.fromiter((fullmatch(v) is None for v in values), dtype=bool, count=len(values))
    elif name == "enum":
        allowed = [_typed_constant(kind, v) for v in constraint]
        bad[ok] = ~pd.Series(values, dtype=object).isin(allowed).to_numpy()
    elif name in ("minLength", "maxLength"):
        lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
        bad[ok] = lengths < constraint if name == "minLength" else lengths > constraint
    else:
        bound = _typed_constant(kind, constraint)
        compare = {"minimum": lambda v: v < bound, "maximum": lambda v: v > bound,
                   "exclusiveMinimum": lambda v: v <= bound, "exclusiveMaximum": lambda v: v >= bound}[name]
        bad[ok] = _per_distinct(values, compare)
    return bad


def _previous_rows(keys: pd.DataFrame, valid: np.ndarray) -> dict[int, int]:
    """For each valid row (0-based) whose key already occurred in an earlier valid row: the most recent such row."""
    found: dict[int, int] = {}
    if not len(keys):
        return found
    dup = keys.duplicated(keep=False).to_numpy() & valid
    if not dup.any():
        return found
    rows = np.flatnonzero(dup)
    last: dict[Any, int] = {}
    for row, key in zip(rows.tolist(), keys.iloc[rows].itertuples(index=False, name=None), strict=True):
        if key in last:
            found[row] = last[key]
        last[key] = row
    return found


def _cell_message(cell: str, note: str) -> str:
    """frictionless's message for a cell, with a long value cut in the middle (a problem line stays a line)."""
    shown = repr(cell) if len(cell) <= 80 else f"{cell[:40]!r}…{cell[-40:]!r} ({len(cell)} characters)".replace("'…'", "…")
    return f"value {shown}: {note}"


class _Table:
    """A resource's columns, read and typed on demand."""

    def __init__(self, resource: dict, columns: dict[str, Sequence[str]]):
        schema = resource["schema"]
        self.resource = resource
        self.fields = list(schema["fields"])
        self.nrows = len(next(iter(columns.values()))) if columns else 0
        missing = list(schema.get("missingValues", [""]))
        self.columns = {f["name"]: _Column(columns.get(f["name"], []), missing, f.get("type", "string")) for f in self.fields}

    def keys(self, names: Sequence[str]) -> tuple[pd.DataFrame, np.ndarray]:
        """The typed values of some fields, row by row, and which rows have at least one of them."""
        frame = pd.DataFrame({name: self.columns[name].typed for name in names}, dtype=object)
        present = np.zeros(self.nrows, bool)
        for name in names:
            present |= ~pd.isna(frame[name].to_numpy())
        return frame, present


def check_tables(descriptor: dict, tables: dict[str, dict[str, Sequence[str]]], names: Sequence[str] | None = None,
                 dates: bool = True, limit: int = LIMIT_ERRORS) -> dict[str, list[TableProblem]]:
    """Check the tables ``names`` (default: all in ``tables``) against their schemas; problems per table in row order.

    ``tables`` maps a resource name to its columns (name -> cells as read, one
    string per data row). Foreign keys are looked up in ``tables`` (which must
    hold every referenced table). Call :func:`unsupported` first: a resource it
    refuses must not be passed here. ``dates`` adds the loader's
    ``date-out-of-range`` check.
    """
    resources = {r["name"]: r for r in descriptor["resources"] if isinstance(r, dict) and r.get("name") in tables}
    built: dict[str, _Table] = {}

    def table(name: str) -> _Table:
        if name not in built:
            built[name] = _Table(resources[name], tables[name])
        return built[name]

    lookups: dict[tuple[str, tuple[str, ...]], Any] = {}

    def lookup(target: str, refs: tuple[str, ...]) -> Any:
        if (target, refs) not in lookups:
            t = table(target)
            if len(refs) == 1:
                typed = t.columns[refs[0]].typed
                lookups[target, refs] = pd.unique(typed[~pd.isna(typed)])
            else:
                rows = zip(*(t.columns[r].typed.tolist() for r in refs), strict=True)
                lookups[target, refs] = {cells for cells in rows if any(c is not None for c in cells)}
        return lookups[target, refs]

    return {name: _check_one(table(name), tables[name], lookup, dates, limit) for name in (names if names is not None else list(tables))}


def _check_one(t: _Table, cells: dict[str, Sequence[str]], lookup: Any, dates: bool, limit: int) -> list[TableProblem]:
    problems: list[tuple[int, int, int, TableProblem]] = []  # (row, order, sequence, problem)

    def add(row: int, problem: TableProblem) -> None:
        problems.append((row, _ORDER[problem.code], len(problems), problem))

    # cells: type and constraints, field by field in schema order (a row's cell problems come in field order)
    blank = np.ones(t.nrows, bool)
    for field in t.fields:
        name, kind = field["name"], field.get("type", "string")
        column = t.columns[name]
        blank &= column.missing
        if kind != "string":
            for i in np.flatnonzero(column.type_errors).tolist():
                add(i, TableProblem(i + 2, name, "type-error", _cell_message(cells[name][i], f'type is "{kind}/default"')))
        constraints = field.get("constraints", {})
        for cname in _TYPES[kind]:
            if cname in constraints:
                for i in np.flatnonzero(_constraint_rows(column, kind, cname, constraints[cname])).tolist():
                    add(i, TableProblem(i + 2, name, "constraint-error",
                                        _cell_message(cells[name][i], f'constraint "{cname}" is "{_describe(constraints[cname])}"')))
        if kind == "integer":
            readable = column.readable
            wide = np.zeros(t.nrows, bool)
            if readable.any():
                wide[readable] = _per_distinct(column.cells[readable], lambda u: not _fits_int64(u))
            for i in np.flatnonzero(wide).tolist():
                add(i, TableProblem(i + 2, name, "integer-out-of-range",
                                    f"a value of {len(cells[name][i].strip())} characters, outside the 64-bit integers the loader "
                                    f"stores ({INT64_MIN} to {INT64_MAX})"))
    if dates and (pair := timestamp_columns(t.resource)) is not None:
        column = t.columns[pair[0]]
        outside = np.zeros(t.nrows, bool)
        present = ~column.missing
        if present.any():
            outside[present] = _per_distinct(column.cells[present], _outside_timestamps)
        for i in np.flatnonzero(outside).tolist():
            add(i, TableProblem(i + 2, pair[0], "date-out-of-range", _cell_message(
                cells[pair[0]][i], "the period it names reaches outside the days the loader can place in time "
                f"({'-'.join(f'{p:02d}' for p in FIRST_DAY)} to {'-'.join(f'{p:02d}' for p in LAST_DAY)})")))
    # a blank row replaces its cell problems (frictionless keeps only "blank-row" for it)
    if t.fields and blank.any():
        blank_rows = set(np.flatnonzero(blank).tolist())
        problems = [p for p in problems if p[0] not in blank_rows]
        for i in sorted(blank_rows):
            add(i, TableProblem(i + 2, None, "blank-row", f'Row at position "{i + 2}" is completely blank'))
    # unique fields
    for field in t.fields:
        if field.get("constraints", {}).get("unique") is True:
            keys, present = t.keys([field["name"]])
            for row, previous in _previous_rows(keys, present).items():
                add(row, TableProblem(row + 2, field["name"], "unique-error",
                                      _cell_message(cells[field["name"]][row], f"the same as in the row at position {previous + 2}")))
    # primary key
    key = _as_list(t.resource["schema"].get("primaryKey", []))
    if key:
        keys, present = t.keys(key)
        for i in np.flatnonzero(~present).tolist():
            add(i, TableProblem(i + 2, None, "primary-key", 'cells composing the primary keys are all "None"'))
        for row, previous in _previous_rows(keys, present).items():
            add(row, TableProblem(row + 2, None, "primary-key", f"the same as in the row at position {previous + 2}"))
    # foreign keys, in the schema's order
    for fk in t.resource["schema"].get("foreignKeys", []):
        fields, refs = tuple(_as_list(fk["fields"])), tuple(_as_list(fk["reference"]["fields"]))
        known = lookup(fk["reference"].get("resource") or t.resource["name"], refs)
        if len(fields) == 1:
            typed = t.columns[fields[0]].typed
            bad = ~pd.isna(typed) & ~pd.Series(typed, dtype=object).isin(known).to_numpy()
            rows: Any = ((i, (typed[i],)) for i in np.flatnonzero(bad).tolist())
        else:
            rows = ((i, values) for i, values in enumerate(zip(*(t.columns[f].typed.tolist() for f in fields), strict=True))
                    if any(v is not None for v in values) and values not in known)
        source = fk["reference"].get("resource", "")
        for i, values in rows:
            note = (f'for "{", ".join(fields)}": values "{", ".join(str(v) for v in values)}" not found in the lookup table '
                    f'"{source}" as "{", ".join(refs)}"')
            add(i, TableProblem(i + 2, ", ".join(fields), "foreign-key", note))
    problems.sort(key=lambda p: (p[0], p[1], p[2]))
    return [p[3] for p in problems[:limit]]

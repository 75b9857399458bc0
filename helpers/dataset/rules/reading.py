"""Validation rules against a descriptor that changes what is read (issue 25).

The descriptor is data too. Frictionless obeys options that change which rows or
values it reads: a dialect's ``commentChar`` or ``commentRows`` skips rows, extra
``missingValues`` turn a bad code into "missing", ``trueValues``, ``groupChar`` or
``bareNumber`` change what a cell means, another ``encoding``, ``format`` or
``compression`` reads other bytes. Two defences, each enough on its own:

* :func:`rule_reading_options` refuses every such option (``descriptor-reading-option``),
  by an allow-list: only what cannot change the reading passes (a dialect restating
  the csv module's defaults, ``missingValues: [""]``, ``format: csv``, ``encoding: utf-8``);
* :func:`rule_raw_constraints` checks every cell the validator read itself (the csv
  module, default dialect, every row) against the field's ``required``, ``enum``,
  ``pattern`` (matching the whole value: a final line feed is not "the end"),
  ``minLength``/``maxLength`` and integer ``minimum``/``maximum``; a cell frictionless
  already reported at the same place is not reported twice. So nothing an option
  hid from frictionless is hidden from the validator.

:func:`rule_descriptor_text` makes every string of the descriptor printable and
encodable: a lone surrogate (``"\\ud800"`` in the JSON) is ``lone-surrogate``; a
control or bidirectional character in a name (resource, field, vocabulary label,
path, key) is ``control-character`` or ``bidi-control``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from helpers.dataset.columnwise import DIALECT_DEFAULTS, full_matches
from helpers.dataset.paths import DESCRIPTOR_NAME
from helpers.dataset.printable import printable
from helpers.dataset.problems import CheckedPackage, Problem, Rule, _as_int, _display

__all__ = ["CODES", "READING_RULES", "rule_descriptor_text", "rule_raw_constraints", "rule_reading_options", "without_reading_options"]

CODES = {
    "descriptor-reading-option": "a descriptor option changes which rows or values are read (a dialect's commentChar, extra "
                                 "missingValues, trueValues, another encoding, ...): refused",
    "lone-surrogate": "a string of the descriptor holds a lone surrogate: it is not Unicode text and cannot be written as UTF-8",
    "constraint-error": "a cell breaks its field's required, enum, pattern, length or range constraint",
}

#: Keys a resource may have; every other key is refused (it might change the reading).
RESOURCE_KEYS = frozenset({"name", "title", "description", "path", "format", "mediatype", "encoding", "schema", "dialect", "profile",
                           "licenses", "sources", "homepage", "keywords", "bytes", "hash"})
#: Keys a schema may have.
SCHEMA_KEYS = frozenset({"fields", "primaryKey", "foreignKeys", "missingValues", "title", "description"})
#: Keys a field may have.
FIELD_KEYS = frozenset({"name", "type", "title", "description", "constraints", "tentative", "example", "format"})
#: Constraints (all of them only ever refuse more).
CONSTRAINT_KEYS = frozenset({"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength",
                             "exclusiveMinimum", "exclusiveMaximum"})
#: Values a resource key must have when present.
RESOURCE_VALUES: dict[str, tuple[str, ...]] = {"format": ("csv",), "mediatype": ("text/csv",), "encoding": ("utf-8",),
                                               "profile": ("tabular-data-resource", "data-resource")}


def _refuse(shown: str, where: str, what: str) -> Problem:
    return Problem(shown, None, where, f"{what}: it would change which rows or values are read, so the package could hide "
                                       "rows from the checks; remove it (the tables are UTF-8 CSV read as written)",
                   "descriptor-reading-option")


def _reading_problems(shown: str, name: str, resource: dict) -> Iterator[Problem]:
    for key in sorted(set(resource) - RESOURCE_KEYS):
        yield _refuse(shown, name, f"option {key!r} is not allowed on a resource")
    for key, allowed in RESOURCE_VALUES.items():
        value = resource.get(key)
        if value is not None and (not isinstance(value, str) or value.lower() not in allowed):
            yield _refuse(shown, name, f"{key} {value!r} is not {' or '.join(map(repr, allowed))}")
    dialect = resource.get("dialect")
    if dialect is not None:
        if not isinstance(dialect, dict):
            yield _refuse(shown, name, "a dialect must be written in the descriptor as an object")
        else:
            for key, value in sorted(dialect.items()):
                if key not in DIALECT_DEFAULTS or value not in DIALECT_DEFAULTS[key]:
                    yield _refuse(shown, name, f"dialect option {key}={value!r} differs from the csv reader's default")
    schema = resource.get("schema", {})
    for key in sorted(set(schema) - SCHEMA_KEYS):
        yield _refuse(shown, name, f"schema option {key!r} is not allowed")
    if "missingValues" in schema and schema["missingValues"] != [""]:
        yield _refuse(shown, name, f"missingValues {schema['missingValues']!r} (only [\"\"], an empty cell, is missing)")
    for f in schema.get("fields", []):
        where = f"{name}.{f['name']}"
        for key in sorted(set(f) - FIELD_KEYS):
            yield _refuse(shown, where, f"field option {key!r} is not allowed")
        if f.get("format", "default") != "default":
            yield _refuse(shown, where, f"field format {f['format']!r} (only the default format is read as written)")
        constraints = f.get("constraints", {})
        for key in sorted(set(constraints) - CONSTRAINT_KEYS):
            yield _refuse(shown, where, f"constraint {key!r} is not known to the validator")


def without_reading_options(resource: object) -> object:
    """``resource`` as frictionless may read it: every option outside the allow-lists dropped (reported by the rule).

    So frictionless reads the rows the validator's csv reader reads, whatever the descriptor says.
    """
    if not isinstance(resource, dict):
        return resource
    lean = {k: v for k, v in resource.items() if k in RESOURCE_KEYS and k not in ("dialect", "format", "mediatype", "encoding")}
    lean.update(format="csv", encoding="utf-8")
    schema = resource.get("schema")
    if isinstance(schema, dict):
        schema = {k: v for k, v in schema.items() if k in SCHEMA_KEYS}
        if "missingValues" in schema:
            schema["missingValues"] = [""]
        if isinstance(schema.get("fields"), list):
            fields = []
            for f in schema["fields"]:
                if isinstance(f, dict):
                    f = {k: v for k, v in f.items() if k in FIELD_KEYS and k != "format"}
                    if isinstance(f.get("constraints"), dict):
                        f["constraints"] = {k: v for k, v in f["constraints"].items() if k in CONSTRAINT_KEYS}
                fields.append(f)
            schema["fields"] = fields
        lean["schema"] = schema
    return lean


def rule_reading_options(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every descriptor option that could change which rows or values are read is refused (an allow-list)."""
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    for name, resource in checked.resources.items():
        yield from _reading_problems(shown, name, resource)


def _pattern(value: object) -> re.Pattern[str] | None:
    if not isinstance(value, str):
        return None
    try:
        return re.compile(value)
    except (re.error, RecursionError, OverflowError):
        return None  # frictionless reports a pattern it cannot compile


def rule_raw_constraints(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every cell as read by the validator (every row, default dialect) meets its field's constraints.

    The same check frictionless makes, on the raw rows: whatever a descriptor option did to frictionless's
    reading, no row escapes. Patterns match the whole value. A cell frictionless (or the column-wise check)
    already reported with the same code is reported once: the validator keeps the first of such repeats.
    Emptiness, labels, lengths and patterns are compared column by column (:func:`_failing`), an integer's bounds
    once per distinct value; only a failing cell asks :func:`_why` for its reason. The problems come row by row,
    fields in the schema's order.
    """
    import numpy as np  # imported here: the tools that only read descriptors do not need them
    import pandas as pd

    for table, resource in checked.resources.items():
        if table not in checked.rows and table not in checked.columns:  # columns only: in the validator's second process
            continue
        columns = checked.columns.get(table)
        if columns is None:
            rows = checked.rows[table]
            columns = {f["name"]: np.array([r.get(f["name"], "") for r in rows] or [], dtype=object) for f in resource["schema"]["fields"]}
        shown = _display(checked.data_dir, paths.get(table, table))
        found: list[tuple[int, int, Problem]] = []
        for position, f in enumerate(resource["schema"]["fields"]):
            c = f.get("constraints", {})
            enum = c.get("enum") if isinstance(c.get("enum"), list) else None
            check = (f.get("type", "string"), bool(c.get("required")), set(map(str, enum)) if enum is not None else None,
                     _pattern(c.get("pattern")), c.get("minLength"), c.get("maxLength"), c.get("minimum"), c.get("maximum"))
            cells = columns.get(f["name"])
            if cells is None or not len(cells):
                continue
            cells = np.asarray(cells, dtype=object)
            if not any(check[1:6]) and not (check[0] == "integer" and (isinstance(check[6], int) or isinstance(check[7], int))):
                continue  # no constraint this rule checks: nothing can fail
            if check[0] == "integer":  # a bound asks _why per value: once per distinct value (a corpus repeats its offsets)
                codes, uniques = pd.factorize(cells, use_na_sentinel=False)
                bad = _failing(uniques, *check)[codes]
            else:  # compared column-wise; a pattern is matched per cell, which costs less than finding the distinct ones first
                bad = _failing(cells, *check)
            reasons: dict[str, str | None] = {}
            for i in np.flatnonzero(bad).tolist():
                value = cells[i]
                if value not in reasons:
                    reasons[value] = _why(value, *check)
                found.append((i, position, Problem(shown, i + 2, f["name"], f"value {printable(repr(value[:80]))}: {reasons[value]}",
                                                   "constraint-error")))
        found.sort(key=lambda item: (item[0], item[1]))
        yield from (problem for _, _, problem in found)


def _failing(values: Any, kind: str, required: bool, enum: set[str] | None, pattern: re.Pattern[str] | None, min_len: object,
             max_len: object, minimum: object, maximum: object) -> Any:
    """For each of ``values`` (cells, an object array), whether :func:`_why` finds a reason: the same answer, column-wise.

    Emptiness, labels and lengths are compared on the whole array at once, a pattern is matched through
    :func:`helpers.dataset.columnwise.full_matches` (the column-wise check's answer for the same cells), and
    only an integer field with a bound asks :func:`_why` itself, per value still open.
    """
    import numpy as np
    import pandas as pd

    empty = values == ""
    bad = empty.copy() if required else np.zeros(len(values), bool)
    present = ~empty
    if enum is not None:
        bad |= present & ~pd.Index(values, dtype=object).isin(list(enum))
    if pattern is not None:  # every cell, as the column-wise check matches them: the answer is shared (full_matches)
        bad |= present & ~full_matches(values, pattern)
    if isinstance(min_len, int) or isinstance(max_len, int):
        lengths = np.fromiter(map(len, values.tolist()), dtype=np.int64, count=len(values))
        if isinstance(min_len, int):
            bad |= present & (lengths < min_len)
        if isinstance(max_len, int):
            bad |= present & (lengths > max_len)
    if kind == "integer" and (isinstance(minimum, int) or isinstance(maximum, int)):
        open_ = np.flatnonzero(present & ~bad)
        check = (kind, required, enum, pattern, min_len, max_len, minimum, maximum)
        bad[open_] = np.fromiter((_why(v, *check) is not None for v in values[open_].tolist()), dtype=bool, count=len(open_))
    return bad


def _why(value: str, kind: str, required: bool, enum: set[str] | None, pattern: re.Pattern[str] | None, min_len: object,
         max_len: object, minimum: object, maximum: object) -> str | None:
    if value == "":
        return "the field is required but the cell is empty" if required else None
    if enum is not None and value not in enum:
        return f"not one of the field's labels ({', '.join(sorted(enum))[:200]})"
    if pattern is not None and pattern.fullmatch(value) is None:
        return f"does not match the pattern {pattern.pattern!r} as a whole (a trailing line break or space?)"
    if isinstance(min_len, int) and len(value) < min_len:
        return f"shorter than {min_len} characters"
    if isinstance(max_len, int) and len(value) > max_len:
        return f"longer than {max_len} characters"
    if kind == "integer":
        number = _as_int(value)
        if number is not None:
            if isinstance(minimum, int) and number < minimum:
                return f"less than the minimum {minimum}"
            if isinstance(maximum, int) and number > maximum:
                return f"more than the maximum {maximum}"
    return None


_NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_PROSE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # prose may hold a tab or a line feed
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PROSE_KEYS = ("title", "description", "note", "reason", "action")


def _strings(value: object, path: str, prose: bool) -> Iterator[tuple[str, str, bool]]:
    """``(path, string, is prose)`` for every string and every key in ``value``."""
    if isinstance(value, str):
        yield path, value, prose
    elif isinstance(value, dict):
        for key, item in value.items():
            sub = f"{path}.{key}" if path else str(key)
            yield sub, str(key), False
            yield from _strings(item, sub, prose or key in _PROSE_KEYS or path.startswith("vocabularies"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]", prose)


def rule_descriptor_text(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every string of the descriptor is Unicode text; names hold no control or bidirectional character."""
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    reported: set[tuple[str, str]] = set()
    for path, text, prose in _strings(checked.descriptor, "", False):
        where = printable(path)
        if _SURROGATE.search(text) and (where, "lone-surrogate") not in reported:
            reported.add((where, "lone-surrogate"))
            yield Problem(shown, None, where, f"{printable(repr(text[:80]))} holds a lone surrogate "
                                              f"({', '.join(sorted({printable(c) for c in _SURROGATE.findall(text)}))}): "
                                              "not Unicode text; it cannot be printed or written as UTF-8", "lone-surrogate")
        control = (_PROSE_CONTROL if prose else _NAME_CONTROL).findall(text)
        if control and (where, "control-character") not in reported:
            reported.add((where, "control-character"))
            yield Problem(shown, None, where, f"{printable(repr(text[:80]))} holds control character(s) "
                                              f"{', '.join(sorted({f'U+{ord(c):04X}' for c in control}))}", "control-character")
        if not prose and _BIDI.search(text) and (where, "bidi-control") not in reported:
            reported.add((where, "bidi-control"))
            yield Problem(shown, None, where, f"{printable(repr(text[:80]))} holds a bidirectional control character", "bidi-control")


READING_RULES: tuple[Rule, ...] = (rule_descriptor_text, rule_reading_options, rule_raw_constraints)

"""Drive frictionless quickly without changing what it checks.

Two costs that buy nothing are avoided here: the import of grammars no check
uses (:func:`import_frictionless`), and reading a referenced table in full,
every field typed and checked, once for every table that refers to it
(:func:`foreign_key_problems`).

**The import.** frictionless validates descriptors with ``jsonschema``. Importing
``jsonschema`` imports its format checkers, and with the
``jsonschema[format-nongpl]`` extra that the Jupyter stack installs, that
means ``rfc3987_syntax``, which builds its Lark parsers when it is imported:
1 to 2 seconds on a small machine, on every first load in a fresh kernel
(jsonschema issue #1428). frictionless never asks for those format checks
(it passes no format checker), so the work is wasted.

:func:`import_frictionless` imports ``jsonschema`` with a stand-in for
``rfc3987_syntax`` whose ``is_valid_syntax`` imports the real library the
first time it is called, and removes the stand-in from ``sys.modules`` right
after. Nothing changes in what jsonschema checks: its ``iri`` and
``iri-reference`` format checks still run the real library, only later;
anyone importing ``rfc3987_syntax`` afterwards gets the real module.

Why not another way: the GPL ``rfc3987`` (which jsonschema prefers) cannot be
a dependency of an MIT project; the lazy fork ``rfc3987-syntax2`` (MIT, kept
under the python-jsonschema organisation) has another module name, and
jsonschema 4.26 does not import it (PR #1521 was closed), so installing it
changes nothing; removing ``rfc3987-syntax`` would break the Jupyter server
that asks for it; hiding it would silently turn off two format checks for
every other user of jsonschema in the same kernel.

**The foreign keys.** To check a foreign key, frictionless builds its lookup
table by opening the referenced resource and reading every row of it, all
fields typed and checked, again for every table that refers to it: with a
thousand documents that doubled the rows frictionless processed (documents
were read seven times, actors, topics and statements three). For a key made of
one plain string field (type ``string``, default format) the typed value is the
cell itself, or nothing when the cell is one of the schema's
``missingValues``, so :func:`foreign_key_problems` checks those keys with one
lookup per referenced key, built once per package, and reports a missing
reference exactly as frictionless does (same row, fields, type and note).
Keys of other types, and keys touching a table the validator could not read,
stay with frictionless.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

__all__ = ["foreign_key_problems", "import_frictionless", "own_foreign_keys"]

_SLOW = "rfc3987_syntax"


def _deferred_is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
    """``rfc3987_syntax.is_valid_syntax``, imported on first use."""
    return importlib.import_module(_SLOW).is_valid_syntax(*args, **kwargs)


def _import_jsonschema_lazily() -> None:
    if "jsonschema" in sys.modules or _SLOW in sys.modules or importlib.util.find_spec(_SLOW) is None:
        return  # already paid for, or nothing to defer
    stand_in = types.ModuleType(_SLOW, "Stand-in while jsonschema imports; see helpers.frictionless_fast.")
    stand_in.is_valid_syntax = _deferred_is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[_SLOW] = stand_in
    try:
        import jsonschema  # noqa: F401  (binds the deferred function in jsonschema._format)
    finally:
        if sys.modules.get(_SLOW) is stand_in:
            del sys.modules[_SLOW]


def import_frictionless() -> types.ModuleType:
    """The ``frictionless`` module, with ``jsonschema`` imported first as described above."""
    _import_jsonschema_lazily()
    import frictionless

    return frictionless



def _as_list(fields: Any) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


def _is_plain_string(field: dict | None) -> bool:
    return field is not None and field.get("type", "string") == "string" and field.get("format", "default") == "default"


def own_foreign_keys(descriptor: dict, skip: set[str]) -> dict[str, list[int]]:
    """For each table, the positions (in its ``foreignKeys``) of the keys :func:`foreign_key_problems` checks.

    Only keys of one plain string field between two tables the validator read
    as a whole (not in ``skip``); frictionless keeps every other key.

    >>> d = {"resources": [
    ...     {"name": "a", "schema": {"fields": [{"name": "id"}], "foreignKeys": []}},
    ...     {"name": "b", "schema": {"fields": [{"name": "a_id"}, {"name": "n", "type": "integer"}],
    ...      "foreignKeys": [{"fields": "a_id", "reference": {"resource": "a", "fields": "id"}},
    ...                      {"fields": "n", "reference": {"resource": "a", "fields": "id"}}]}}]}
    >>> own_foreign_keys(d, skip=set())
    {'b': [0]}
    >>> own_foreign_keys(d, skip={"a"})
    {}
    """
    resources = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    own: dict[str, list[int]] = {}
    for name, resource in resources.items():
        schema = resource.get("schema", {})
        fields = {f.get("name"): f for f in schema.get("fields", [])}
        for i, fk in enumerate(schema.get("foreignKeys", [])):
            target_name = fk["reference"]["resource"] or name
            target = resources.get(target_name)
            if name in skip or target_name in skip or target is None:
                continue
            target_fields = {f.get("name"): f for f in target.get("schema", {}).get("fields", [])}
            keys, refs = _as_list(fk["fields"]), _as_list(fk["reference"]["fields"])
            if len(keys) == len(refs) == 1 and _is_plain_string(fields.get(keys[0])) and _is_plain_string(target_fields.get(refs[0])):
                own.setdefault(name, []).append(i)
    return own


def _read_columns(path: Path) -> dict[str, tuple[str, ...]] | None:
    """Every column of a CSV file by name; None if it no longer reads as the validator read it (it changed meanwhile)."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            header, *records = csv.reader(f, strict=True)
        columns = list(zip(*records, strict=True)) if records else [() for _ in header]
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):  # ValueError: a row of another length
        return None
    if len(columns) != len(header) or len(set(header)) != len(header):
        return None
    return dict(zip(header, columns, strict=True))


def foreign_key_problems(data_dir: Path, descriptor: dict, own: dict[str, list[int]]) -> dict[str, list[tuple[int, str, str]]] | None:
    """Missing references for the keys in ``own``, per table, as ``(row, fields, message)`` in row order.

    Each table is read once and each referenced key looked up once for the
    whole package. Returns None when a file no longer reads as the validator
    read it (it changed meanwhile): the caller then leaves every key to frictionless.
    """
    resources = {r["name"]: r for r in descriptor["resources"]}
    missing = {name: set(r["schema"].get("missingValues", [""])) for name, r in resources.items()}
    tables: dict[str, dict[str, tuple[str, ...]] | None] = {}
    lookups: dict[tuple[str, str], set[str]] = {}
    found: dict[str, list[tuple[int, str, str]]] = {}

    def column(table: str, name: str) -> tuple[str, ...] | None:
        if table not in tables:
            tables[table] = _read_columns(data_dir / resources[table]["path"])
        read = tables[table]
        return None if read is None else read.get(name)

    for name, positions in own.items():
        nothing = missing[name]
        for i in positions:
            fk = resources[name]["schema"]["foreignKeys"][i]
            (key,), (ref,) = _as_list(fk["fields"]), _as_list(fk["reference"]["fields"])
            source = fk["reference"]["resource"]
            target = source or name
            referenced, referring = column(target, ref), column(name, key)
            if referenced is None or referring is None:
                return None
            if (target, ref) not in lookups:
                lookups[target, ref] = set(referenced) - missing[target]  # a missing value is None, and frictionless leaves it out
            lookup = lookups[target, ref]
            for row_no, value in enumerate(referring, start=2):
                if value in lookup or value in nothing:  # a missing value is not checked
                    continue
                note = f'for "{key}": values "{value}" not found in the lookup table "{source}" as "{ref}"'
                found.setdefault(name, []).append((row_no, key, f"[foreign-key] {note}"))
    for problems in found.values():
        problems.sort(key=lambda p: p[0])  # stable: keys in schema order within a row, as frictionless reports them
    return found

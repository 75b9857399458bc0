"""Removing a row: refused while other rows refer to it, unless those go too (``--cascade``).

What refers to what is read from the package's own descriptor, never written
here: every ``foreignKeys`` entry of every table, and every pair of columns
``X_table`` / ``X_id`` (a curator note's ``target_table`` / ``target_id``, a
coding's ``unit_table`` / ``unit_id``) whose ``X_table`` names the table. A
document's source file is removed with its ``documents`` row (the journal
keeps it, so ``undo`` brings it back).

>>> from helpers.dataset.paths import default_data_dir
>>> refs = referrers(default_data_dir(), "statements", "lemonde_sensitive_discussions")
>>> sorted({table for table, _ in refs})
['codings', 'comparisons', 'framing_terms']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from helpers.curation.journal import Refused, locked
from helpers.curation.rows import _checked_bytes, _data_dir, _descriptor, _records, _resource, _rows, _serialise, _table_text
from helpers.curation.writes import apply
from helpers.dataset.problems import _resource_shape
from helpers.dataset.reading import _primary_key, _read_descriptor

__all__ = ["KEY_SEPARATOR", "Reference", "key_of", "referrers", "removal_plan"]

#: Joins the values of a composite primary key on the command line: ``claim_statements claim_a:statement_b``.
KEY_SEPARATOR = ":"

Reference = tuple[str, str]  # (table, row key as KEY_SEPARATOR-joined values)


def _resources(descriptor: dict) -> dict[str, dict]:
    return {r["name"]: r for r in descriptor.get("resources", []) if _resource_shape(r) is None}


def _key_fields(resource: dict) -> list[str]:
    key = resource.get("schema", {}).get("primaryKey")
    return [key] if isinstance(key, str) else list(key or [])


def key_of(resource: dict, row: dict[str, str]) -> str:
    """A row's primary key as one string (composite keys joined with ``:``)."""
    return KEY_SEPARATOR.join(row.get(f, "") for f in _key_fields(resource))


def _links(resources: dict[str, dict], table: str) -> Iterable[tuple[str, str, str]]:
    """``(referring table, referring column, referenced column of table)`` for each foreign key into ``table``."""
    for name, resource in resources.items():
        for fk in resource["schema"].get("foreignKeys", []):
            fields, ref = fk.get("fields"), fk.get("reference", {})
            target = ref.get("resource") or name
            fields = [fields] if isinstance(fields, str) else fields
            ref_fields = ref.get("fields")
            ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
            if target == table and isinstance(fields, list) and isinstance(ref_fields, list) and len(fields) == len(ref_fields) == 1:
                yield name, fields[0], ref_fields[0]


def _pairs(resource: dict) -> list[tuple[str, str]]:
    """Columns ``X_table`` with a sibling ``X_id``: a reference to a row of any table."""
    names = [f["name"] for f in resource["schema"]["fields"]]
    return [(n, n[: -len("_table")] + "_id") for n in names if n.endswith("_table") and n[: -len("_table")] + "_id" in names]


def referrers(data_dir: Path, table: str, row_id: str, rows: dict[str, list[dict[str, str]]] | None = None) -> list[Reference]:
    """The rows that refer to ``table``'s row ``row_id`` (directly), as ``(table, key)`` pairs in descriptor order."""
    descriptor = _read_descriptor(Path(data_dir))
    resources = _resources(descriptor)
    if rows is None:
        rows = {name: _rows(Path(data_dir), _resource(Path(data_dir), name, descriptor)) for name in resources}
    target = next((r for r in rows[table] if key_of(resources[table], r) == row_id), None)
    if target is None:
        return []
    found: list[Reference] = []
    for name, column, ref_column in _links(resources, table):
        value = target.get(ref_column, "")
        for row in rows[name]:
            if value and row.get(column) == value and not (name == table and key_of(resources[name], row) == row_id):
                found.append((name, key_of(resources[name], row)))
    single_key = _primary_key(resources[table])
    for name, resource in resources.items():
        for table_col, id_col in _pairs(resource):
            for row in rows[name]:
                if row.get(table_col) == table and single_key and row.get(id_col) == target.get(single_key):
                    found.append((name, key_of(resource, row)))
    return list(dict.fromkeys(found))


def removal_plan(data_dir: Path, table: str, row_id: str, *, cascade: bool) -> list[Reference]:
    """Every row to remove, the asked one first, then (with ``cascade``) everything that refers to it, transitively.

    Raises ``Refused`` (code ``row-not-found``, or ``still-referenced`` listing the referring rows when
    ``cascade`` is off).
    """
    data_dir = Path(data_dir)
    descriptor = _read_descriptor(data_dir)
    resources = _resources(descriptor)
    if table not in resources:
        raise Refused("unknown-table", f"no table {table!r} in the descriptor (tables: {', '.join(resources)})")
    rows = {name: _rows(data_dir, _resource(data_dir, name, descriptor)) for name in resources}
    key = KEY_SEPARATOR.join(_key_fields(resources[table]))
    position = next((i for i, r in enumerate(rows[table]) if key_of(resources[table], r) == row_id), None)
    if position is None:
        raise Refused("row-not-found", f"no row with {key} {row_id!r} in {table}", file=resources[table]["path"], column=key)
    plan: list[Reference] = [(table, row_id)]
    queue = [(table, row_id)]
    while queue:
        current = queue.pop(0)
        refs = [r for r in referrers(data_dir, *current, rows=rows) if r not in plan]
        if refs and not cascade:
            shown = ", ".join(f"{t} {k}" for t, k in refs[:8]) + (f" and {len(refs) - 8} more" if len(refs) > 8 else "")
            raise Refused("still-referenced", f"{table} row {row_id!r} is referred to by {len(refs)} row(s): {shown}; remove or "
                                              "change those first, or give --cascade to remove them too",
                          file=resources[table]["path"], row=position + 2, column=key)  # row 1 is the header
        plan += refs
        queue += refs
    return plan


def remove_row(table: str, row_id: str, *, cascade: bool = False, data_dir: str | Path | None = None, dry_run: bool = False):
    """Remove ``table``'s row ``row_id`` (with ``cascade``, every row referring to it, transitively) as one journalled write.

    Returns a :class:`helpers.curation.writes.Draft` ``{"removed": [(table, key), ...]}``.
    A removed document's source file goes with its row. Every table changed
    must be in the csv module's format (as the curator tools write it), so
    that only the removed rows change; otherwise the removal is refused
    (code ``not-canonical``) and nothing changes.
    """
    data_dir = _data_dir(data_dir)
    descriptor = _descriptor(data_dir)
    with locked(data_dir):
        plan = removal_plan(data_dir, table, row_id, cascade=cascade)
        changes: dict[str, bytes | None] = {}
        for name in dict.fromkeys(t for t, _ in plan):
            resource = _resource(data_dir, name, descriptor)
            gone = {k for t, k in plan if t == name}
            original = _table_text(data_dir, resource)
            records = _records(data_dir, resource)
            if _serialise(records, final_newline=original.endswith("\n")) != original:
                raise Refused("not-canonical", f"{resource['path']} is not in the csv module's format (CRLF line endings, other quoting, "
                                               "a hand edit?): removing rows would rewrite others too; nothing was removed",
                              file=resource["path"])
            header = records[0]
            kept = [records[0], *[r for r in records[1:] if key_of(resource, dict(zip(header, r, strict=False))) not in gone]]
            path = data_dir / resource["path"]
            changes[resource["path"]] = _checked_bytes(_serialise(kept, final_newline=original.endswith("\n")), kept, path)
            if name == "documents":
                for r in records[1:]:
                    row = dict(zip(header, r, strict=False))
                    if key_of(resource, row) in gone and row.get("path"):
                        changes[row["path"]] = None
        shown = f"remove {table} {row_id}" + (f" and {len(plan) - 1} row(s) referring to it" if len(plan) > 1 else "")
        return apply(data_dir, shown, changes, {"removed": plan}, dry_run=dry_run)

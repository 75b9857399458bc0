"""SQLite: one database file, one table per resource, typed and keyed from the Table Schema.

Column types follow the Table Schema (``integer`` → INTEGER, ``number`` →
REAL, ``boolean`` → INTEGER 0/1, everything else TEXT); ``required`` becomes
NOT NULL, an ``enum`` a CHECK, ``primaryKey`` the PRIMARY KEY and every
``foreignKeys`` entry a FOREIGN KEY, so ``PRAGMA foreign_key_check`` and
Datasette see the package's relations. Empty cells are NULL. Two extra tables:
``source_texts`` (each document's exact text) and ``export_metadata`` (dataset
name, version, licence, citation).
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from helpers.export._package import Package, atomic_file

__all__ = ["SQL_TYPES", "to_sqlite"]

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_table(package: Package, table: str) -> str:
    resource = package.resources[table]
    lines = []
    for f in resource["schema"]["fields"]:
        constraints = f.get("constraints", {})
        col = f"{_quote(f['name'])} {SQL_TYPES.get(f.get('type', 'string'), 'TEXT')}"
        if constraints.get("required"):
            col += " NOT NULL"
        if constraints.get("enum"):
            labels = ", ".join("'" + v.replace("'", "''") + "'" for v in constraints["enum"])
            col += f" CHECK ({_quote(f['name'])} IN ({labels}))"
        lines.append(col)
    key = package.primary_key(table)
    if key:
        lines.append(f"PRIMARY KEY ({', '.join(map(_quote, key))})")
    for fk in resource["schema"].get("foreignKeys", []):
        cols = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_cols = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        lines.append(f"FOREIGN KEY ({', '.join(map(_quote, cols))}) REFERENCES {_quote(ref.get('resource') or table)} "
                     f"({', '.join(map(_quote, ref_cols))})")
    return f"CREATE TABLE {_quote(table)} (\n  " + ",\n  ".join(lines) + "\n)"


def _value(raw: str, field: dict) -> object:
    if raw == "":
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(raw)
    if kind == "number":
        return float(raw)
    if kind == "boolean":
        return 1 if raw.strip().lower() in {"true", "1", "yes"} else 0
    return raw


def build(package: Package, path: Path) -> None:
    """Write the database to ``path`` (which must not exist)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = OFF")  # rows go in file order; keys are checked once at the end
        with con:
            for table in package.resources:
                con.execute(_create_table(package, table))
                fields = package.fields(table)
                names = ", ".join(_quote(f["name"]) for f in fields)
                marks = ", ".join("?" for _ in fields)
                con.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})",
                                [[_value(row[f["name"]], f) for f in fields] for row in package.rows.get(table, [])])
            con.execute('CREATE TABLE "source_texts" ("document_id" TEXT NOT NULL PRIMARY KEY REFERENCES "documents" ("document_id"), '
                        '"text" TEXT NOT NULL)')
            con.executemany('INSERT INTO "source_texts" VALUES (?, ?)', sorted(package.texts.items()))
            con.execute('CREATE TABLE "export_metadata" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)')
            meta = package.metadata("sqlite")
            meta["documents"] = ", ".join(meta["documents"])
            con.executemany('INSERT INTO "export_metadata" VALUES (?, ?)', list(meta.items()))
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:  # the package was validated, so this is a bug in the exporter, never silently kept
            raise RuntimeError(f"foreign key check failed in the export: {broken[:5]}")
    finally:
        con.close()


def to_sqlite(package: Package, out: str | Path) -> Path:
    """Export the package as one SQLite database at ``out`` (replaced atomically if it exists)."""
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "export.sqlite"
        build(package, db)
        atomic_file(out, db.read_bytes())
    return out

"""The SQLite export: one table per resource, row counts as in the CSVs, keys declared and satisfied."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from helpers.export import read_package
from helpers.export._package import Package
from helpers.export.sqlite import to_sqlite


@pytest.fixture(scope="module", params=["data", "two_documents"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Package, Path]:
    data = None if request.param == "data" else request.getfixturevalue("two_document_data")
    package = read_package(data)
    return package, to_sqlite(package, tmp_path_factory.mktemp("sqlite") / "dataset.sqlite")


def csv_rows(package: Package, table: str) -> list[list[str]]:
    with open(package.data_dir / package.resources[table]["path"], encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def test_row_counts_equal_the_csvs(exported: tuple[Package, Path]) -> None:
    package, db = exported
    with sqlite3.connect(db) as con:
        for table in package.resources:
            assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(csv_rows(package, table)), table
        assert con.execute("SELECT count(*) FROM source_texts").fetchone()[0] == len(package.texts)


def test_values_come_back_typed_and_unchanged(exported: tuple[Package, Path]) -> None:
    package, db = exported
    with sqlite3.connect(db) as con:
        for table in package.resources:
            fields = package.fields(table)
            rows = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for got, raw in zip(rows, csv_rows(package, table), strict=True):
                for value, text, field in zip(got, raw, fields, strict=True):
                    if text == "":
                        assert value is None, (table, field["name"])
                    elif field["type"] == "integer":
                        assert isinstance(value, int) and value == int(text), (table, field["name"])
                    elif field["type"] == "boolean":  # the module's rule: boolean → INTEGER 0/1
                        assert value == (1 if text in ("true", "True", "TRUE", "1") else 0), (table, field["name"])
                    else:
                        assert value == text, (table, field["name"])


def test_primary_and_foreign_keys_are_declared_and_hold(exported: tuple[Package, Path]) -> None:
    package, db = exported
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA foreign_keys = ON")
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in package.resources:
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            key = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
            assert key == package.primary_key(table), table
            declared = {(row[3], row[2]) for row in con.execute(f'PRAGMA foreign_key_list("{table}")')}
            expected = {(fk["fields"], fk["reference"]["resource"] or table)
                        for fk in package.resources[table]["schema"].get("foreignKeys", [])}
            assert declared == expected, table
            types = {row[1]: row[2] for row in info}
            for field in package.fields(table):
                assert types[field["name"]] == ("INTEGER" if field["type"] in ("integer", "boolean") else "TEXT"), (table, field["name"])


def _breakable_tables(package: Package) -> list[tuple[str, str, str, str]]:
    """(table, vocabulary column, foreign-key column, primary key) of every table with two rows or more to break."""
    out = []
    for table in package.resources:
        key, enums = package.primary_key(table), list(package.enums(table))
        fks = [fk["fields"] for fk in package.resources[table]["schema"].get("foreignKeys", [])]
        single = [f if isinstance(f, str) else f[0] for f in fks if isinstance(f, str) or len(f) == 1]
        if len(package.rows[table]) >= 2 and len(key) == 1 and enums and single:
            out.append((table, enums[0], single[0], key[0]))
    return out


def test_constraints_reject_what_the_schema_rejects(exported: tuple[Package, Path], tmp_path: Path) -> None:
    package, db = exported
    tables = _breakable_tables(package)
    if not tables:
        pytest.skip("the package has no table of two rows or more with a vocabulary, a foreign key and a primary key")
    assert "statements" in {t for t, *_ in tables} or len(package.rows["statements"]) < 2  # the statements are among them
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(db.read_bytes())
    with sqlite3.connect(copy) as con:
        con.execute("PRAGMA foreign_keys = ON")
        for table, enum, fk, key in tables:
            first, second = (r[0] for r in con.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid LIMIT 2'))
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                con.execute(f'UPDATE "{table}" SET "{enum}" = \'not-a-label\' WHERE rowid = ?', (first,))
            with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
                con.execute(f'UPDATE "{table}" SET "{fk}" = \'nobody\' WHERE rowid = ?', (first,))
            with pytest.raises(sqlite3.IntegrityError, match=r"UNIQUE|PRIMARY"):
                taken = con.execute(f'SELECT "{key}" FROM "{table}" WHERE rowid = ?', (first,)).fetchone()[0]
                con.execute(f'UPDATE "{table}" SET "{key}" = ? WHERE rowid = ?', (taken, second))


def test_each_response_joins_to_the_statement_it_answers_and_its_speaker(exported: tuple[Package, Path]) -> None:
    package, db = exported
    statements = {s["statement_id"]: s for s in package.rows["statements"]}
    names = {a["actor_id"]: a["name"] for a in package.rows["actors"]}
    expected = [(s["statement_id"], s["response"], s["responds_to_id"], names[statements[s["responds_to_id"]]["speaker_id"]])
                for s in package.rows["statements"] if s["responds_to_id"]]
    if not expected:
        pytest.skip("the package has no statement that responds to another: nothing to join")
    with sqlite3.connect(db) as con:
        rows = con.execute("""
            SELECT d.statement_id, d.response, r.statement_id, a.name
            FROM statements d JOIN statements r ON d.responds_to_id = r.statement_id JOIN actors a ON r.speaker_id = a.actor_id
            ORDER BY d.rowid""").fetchall()
        version = con.execute("SELECT value FROM export_metadata WHERE key = 'version'").fetchone()[0]
    assert rows == expected
    assert version == package.version


def test_export_replaces_an_earlier_file_atomically(tmp_path: Path) -> None:
    package = read_package()
    out = tmp_path / "d.sqlite"
    out.write_bytes(b"not a database")
    to_sqlite(package, out)
    with sqlite3.connect(out) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(package.rows["documents"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite"]

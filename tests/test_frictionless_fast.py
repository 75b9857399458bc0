"""Foreign keys checked once per package report exactly what frictionless reports, row for row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import helpers.dataset.frictionless_fast as fast
from helpers.dataset import reading


def _edit(data_dir: Path, table: str, edits: dict[tuple[int, str], str], extra_rows: int = 0) -> None:
    """Set cells by (data row index, column); optionally append copies of the last row first (with fresh ids)."""
    path = data_dir / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        header, *records = csv.reader(f)
    for k in range(extra_rows):
        row = list(records[-1])
        row[0] = f"{row[0]}_extra{k}"
        records.append(row)
    for (i, column), value in edits.items():
        records[i][header.index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *records])


def _problems(data_dir: Path, own: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    with monkeypatch.context() as m:
        if not own:
            m.setattr(fast, "own_foreign_keys", lambda descriptor, skip: {})
        found = reading._frictionless_problems(data_dir, descriptor, skip=set())
    return [(Path(p.file).name, p.row, p.column, p.message) for p in found]


def test_dangling_references_are_reported_as_frictionless_reports_them(shipped_package: Path, data_copy: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Breaks named rows of the shipped article (its input, whatever --data-dir says: a new corpus has no statement to break)."""
    _edit(data_copy, "statements", {(0, "speaker_id"): "nobody", (0, "topic_id"): "no_topic", (1, "responds_to_id"): "no_statement",
                                    (2, "document_id"): "no_document", (2, "target_id"): "nobody_either", (3, "stance"): "supportz"})
    _edit(data_copy, "country_positions", {(0, "statement_id"): "no_statement", (1, "actor_id"): ""})
    _edit(data_copy, "curator_notes", {(0, "document_id"): "no_document"})
    fast_found = _problems(data_copy, own=True, monkeypatch=monkeypatch)
    assert sum("[foreign-key]" in p[3] for p in fast_found) >= 6
    assert fast_found == _problems(data_copy, own=False, monkeypatch=monkeypatch)


def test_valid_data_has_no_foreign_key_problems_either_way(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _problems(data_copy, own=True, monkeypatch=monkeypatch) == []
    assert _problems(data_copy, own=False, monkeypatch=monkeypatch) == []


def test_keys_of_other_types_stay_with_frictionless(data_copy: Path) -> None:
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    statements = next(r for r in descriptor["resources"] if r["name"] == "statements")
    speaker = next(f for f in statements["schema"]["fields"] if f["name"] == "speaker_id")
    speaker["format"] = "uuid"  # a string field whose typed value is not the cell itself
    own = fast.own_foreign_keys(descriptor, skip=set())
    fks = statements["schema"]["foreignKeys"]
    speaker_fk = next(i for i, fk in enumerate(fks) if fk["fields"] in ("speaker_id", ["speaker_id"]))
    assert speaker_fk not in own["statements"]
    assert len(own["statements"]) == len(fks) - 1

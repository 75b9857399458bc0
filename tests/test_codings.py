"""The blind double coding in data/codings.csv: complete, consistent with the data, and the tentative marks follow from it."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

from helpers import load_dataset
from helpers.analysis.reliability import reliability_table
from helpers.curation.curate import update_row
from helpers.dataset.paths import default_data_dir
from helpers.dataset.rules.judgements import CODES
from helpers.dataset.validate import check_package

_spec = importlib.util.spec_from_file_location("integrate", default_data_dir() / "coding" / "integrate.py")
integrate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(integrate)


def _rows(data: Path) -> list[dict[str, str]]:
    with (data / "codings.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _rewrite(data: Path, change) -> int:
    """Apply ``change`` to the first row it accepts; return that row's Frictionless number."""
    rows = _rows(data)
    row_no = next(n for n, row in enumerate(rows, start=2) if change(row))
    with (data / "codings.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return row_no


def _found(data: Path) -> set[tuple[str, int | None, str | None, str]]:
    return {(Path(p.file).name, p.row, p.column, p.code) for p in check_package(data).problems if p.code}


def _corpus_units() -> list[dict[str, str]]:
    """The units of the blind coding of the reply's renderings (issue 21): statement ids and the variables coded."""
    return list(csv.DictReader((default_data_dir() / "coding" / "units_21.csv").open(encoding="utf-8")))


def test_every_unit_and_variable_has_all_three_coders() -> None:
    rows = _rows(default_data_dir())
    coders: dict[tuple[str, str, str], set[str]] = {}
    for r in rows:
        coders.setdefault((r["unit_table"], r["unit_id"], r["variable"]), set()).add(r["coder"])
    units = {(u["unit_table"], u["real_id"]) for u in csv.DictReader((default_data_dir() / "coding" / "units.csv").open(encoding="utf-8"))}
    # data 2.0: the accounts' units are comparisons (same ids) and, for "no other account", utterances;
    # the story tables (issue 22) are double-coded on their own units, outside units.csv
    accounts = {("comparisons", r["comparison_id"]) for r in csv.DictReader((default_data_dir() / "comparisons.csv").open(encoding="utf-8"))}
    searched = {("utterances", r["utterance_id"]) for r in csv.DictReader((default_data_dir() / "utterances.csv").open(encoding="utf-8"))
                if r["search_result"]}
    # issue 21: the renderings of the Kremlin's reply across the corpus, double-coded blind (units_21.csv)
    corpus = {("statements", u["statement_id"]) for u in _corpus_units()}
    older = {"statements", "country_positions", "events", "weapons_systems", "comparisons", "utterances"}
    coded = {k[:2] for k in coders if k[0] in older}
    assert len(units) == 77 and accounts | searched | corpus <= coded
    assert len(coded) == len(units) + len(accounts) + len(searched) + len(corpus)
    assert all(c == {"curator", "second_coder", "adjudicated"} for c in coders.values())


def test_an_adjudicated_value_that_differs_from_the_data_is_reported(data_copy: Path) -> None:
    def change(row):
        if row["coder"] == "adjudicated" and row["unit_id"] == "tenenbaum_deterrent" and row["variable"] == "stance":
            row["value"] = "supports"  # the second coder's value, which the data does not have
            return True
        return False
    row_no = _rewrite(data_copy, change)
    assert ("codings.csv", row_no, "value", "coding-disagrees-with-data") in _found(data_copy)


def test_an_adjudication_the_data_does_not_follow_is_reported(data_copy: Path) -> None:
    update_row("statements", "babcock_support_site", {"topic_id": "training_and_maintenance"}, data_copy)  # back to the first coding
    rows = _rows(data_copy)
    row_no = next(n for n, r in enumerate(rows, start=2)
                  if (r["coder"], r["unit_id"], r["variable"]) == ("adjudicated", "babcock_support_site", "topic_id"))
    assert ("codings.csv", row_no, "value", "coding-disagrees-with-data") in _found(data_copy)


def test_the_released_data_equals_every_adjudicated_value() -> None:
    final = integrate.current_labels()
    older = {"statements", "country_positions", "events", "weapons_systems"}
    adjudicated = {(r["unit_table"], r["unit_id"], r["variable"]): r["value"] for r in _rows(default_data_dir())
                   if r["coder"] == "adjudicated" and r["unit_table"] in older | {"comparisons", "utterances"}}
    relations = {("comparisons", r["comparison_id"], "relation"): r["relation"]
                 for r in csv.DictReader((default_data_dir() / "comparisons.csv").open(encoding="utf-8"))}
    searched = {("utterances", r["utterance_id"], "search_result"): r["search_result"]
                for r in csv.DictReader((default_data_dir() / "utterances.csv").open(encoding="utf-8")) if r["search_result"]}
    statements = {r["statement_id"]: r for r in csv.DictReader((default_data_dir() / "statements.csv").open(encoding="utf-8"))}
    corpus = {("statements", u["statement_id"], v): statements[u["statement_id"]][v] for u in _corpus_units() for v in u["variables"].split()}
    assert adjudicated == final | relations | searched | corpus


def test_a_disagreement_without_a_reason_is_reported(data_copy: Path) -> None:
    def change(row):
        if row["coder"] == "adjudicated" and row["unit_id"] == "babcock_support_site" and row["variable"] == "topic_id":
            row["reason"] = ""
            return True
        return False
    row_no = _rewrite(data_copy, change)
    assert ("codings.csv", row_no, "reason", "coding-reason-missing") in _found(data_copy)


def test_a_removed_position_is_adjudicated_as_not_existing(data_copy: Path) -> None:
    rows = {(r["unit_id"], r["variable"], r["coder"]): r["value"] for r in _rows(default_data_dir())}
    assert rows[("poland_training", "exists", "adjudicated")] == "no"
    assert rows[("russia_troops", "exists", "adjudicated")] == "yes"
    assert not [p for p in check_package().problems if p.code in CODES]


def test_tentative_marks_are_exactly_the_variables_under_alpha_point_eight() -> None:
    descriptor = json.loads((default_data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    marked = {(r["name"], f["name"]): f["tentative"]["alpha"]
              for r in descriptor["resources"] for f in r["schema"]["fields"] if "tentative" in f}
    table = reliability_table(load_dataset().codings, resamples=10)
    measured = {tuple(v.split(".")): a for v, a in zip(table["variable"], table["alpha"], strict=True)}
    # only a coded variable that is a column of its table can carry the mark (exists, is_term, listed, order are not columns)
    columns = {(r["name"], f["name"]) for r in descriptor["resources"] for f in r["schema"]["fields"]}
    low = {k for k, a in measured.items() if a < 0.8 and k in columns}
    assert set(marked) == low
    assert all(marked[k] == pytest.approx(measured[k], abs=5e-4) for k in marked)
    codebook = (default_data_dir() / "CODEBOOK.md").read_text(encoding="utf-8")
    reliability = codebook[codebook.index("## 9. Reliability"):codebook.index("## 10.")]
    assert all(f"`{t}.{v}`" in reliability for t, v in marked)

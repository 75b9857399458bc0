"""Every table's coding status, the flags under 0.8, and the disagreements alpha leaves out (issue 22, notebook 08).

The status of every table holds for any package (one without codings.csv, such as a corpus, codes every
table once); the tests that name the shipped double coding's variables or read its data/coding/ scripts take
the shipped package as input, whatever ``--data-dir`` says.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.analysis import coding_status, reliability
from helpers.dataset.load import Dataset


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def test_every_table_with_judgements_has_a_status(ds: Dataset) -> None:
    status = coding_status.table_status(ds)
    expected = set(ds.all_tables) - set(coding_status.NOT_JUDGEMENTS)
    assert set(status.index) == expected
    assert set(status["status"]) <= {"double-coded, blind", "coded once"}
    codings = ds.extra.get("codings")
    coded = set() if codings is None else set(codings["unit_table"].astype(str))
    for table, row in status.iterrows():
        assert (row["status"] == "double-coded, blind") == (table in coded), table


def _without_codings(ds: Dataset) -> Dataset:
    return dataclasses.replace(ds, extra={name: t for name, t in ds.extra.items() if name != "codings"})


def test_a_package_without_codings_reports_every_table_coded_once(ds: Dataset) -> None:
    bare = _without_codings(ds)
    assert coding_status.flags(bare).empty
    status = coding_status.table_status(bare)
    assert set(status.index) == set(bare.all_tables) - set(coding_status.NOT_JUDGEMENTS)
    assert set(status["status"]) == {"coded once"} and status["note"].str.strip().all()
    note = coding_status.reliability_note(bare, ["statements.stance", "claim_statements.relation"])
    assert "statements.stance: coded once" in note and "claim_statements.relation: coded once" in note


def test_a_variable_under_the_threshold_without_examples_is_flagged(ds: Dataset) -> None:
    table = coding_status.flags(ds)
    codings = ds.extra.get("codings")  # none, or none but its header, in a corpus or a new one: no variable to flag
    double_coded = set() if codings is None else {f"{t}.{v}" for t, v in zip(codings["unit_table"].astype(str), codings["variable"].astype(str),
                                                                            strict=True)}
    assert set(table.index) == double_coded  # one row per double-coded variable
    low = reliability.TENTATIVE_BELOW
    for variable, row in table.iterrows():
        under = (pd.notna(row["alpha"]) and row["alpha"] < low) or (pd.notna(row["alpha_without_examples"]) and row["alpha_without_examples"] < low)
        if under:
            assert row["flag"], variable
        elif pd.notna(row["alpha"]):
            assert not row["flag"], variable


def test_flags_follow_the_codings_when_a_disagreement_is_added(shipped_dataset: Dataset) -> None:
    ds = shipped_dataset  # the input: the shipped double coding, whose weapons categories agree
    codings = ds.codings.copy()
    codings["value"] = codings["value"].astype("string")
    target = (codings["unit_table"] == "weapons_systems") & (codings["variable"] == "category") & (codings["coder"] == "second_coder")
    first_two = codings.index[target][:2]
    codings.loc[first_two, "value"] = "air_defence"
    assert coding_status.flags(ds).loc["weapons_systems.category", "flag"] == ""
    assert coding_status.flags(ds, codings).loc["weapons_systems.category", "flag"] != ""


def test_disagreements_outside_alpha_are_marked(shipped_dataset: Dataset) -> None:
    ds = shipped_dataset  # the input: the shipped double coding, where a coder rejected candidate positions
    differ = coding_status.disagreements_in_scope(ds.codings)
    out = differ[~differ["in alpha"]]
    # a candidate position one coder rejected: its other variables differ but are not in alpha
    assert not out.empty and set(out["unit_table"]) <= set(reliability.GATES)
    assert all(v != gate for t, v in zip(out["unit_table"], out["variable"], strict=True) for gate, _ in reliability.GATES[t])


def test_compound_units_are_examples_only_when_every_part_is_cited() -> None:
    units = pd.Series(["a__b", "a__c", "b"])
    assert coding_status.example_units("`a` `b`", units) == {"a__b", "b"}


def test_the_reliability_note_names_tables_coded_once(shipped_dataset: Dataset) -> None:
    ds = shipped_dataset  # the input: the shipped double coding, where statements.stance is double-coded
    note = coding_status.reliability_note(ds, ["statements.stance", "nonexistent.variable"])
    assert "statements.stance: alpha" in note and "nonexistent.variable: coded once" in note


# The shipped package's double coding of the story tables and its data/coding/ scripts: shipped_package makes it the default.


def _story_rows() -> list[dict[str, str]]:
    import csv

    from helpers.dataset.paths import default_data_dir

    with (default_data_dir() / "codings.csv").open(encoding="utf-8", newline="") as f:
        story = {"claims", "claim_statements", "expected_voices", "framing_terms", "event_links"}
        return [r for r in csv.DictReader(f) if r["unit_table"] in story]


def test_every_story_unit_has_three_coders_and_every_disagreement_a_reason(shipped_package) -> None:
    coders: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {}
    for r in _story_rows():
        coders.setdefault((r["unit_table"], r["unit_id"], r["variable"]), {})[r["coder"]] = r
    assert {t for t, _, _ in coders} == {"claims", "claim_statements", "expected_voices", "framing_terms", "event_links"}
    for key, by in coders.items():
        assert set(by) == {"curator", "second_coder", "adjudicated"}, key
        if by["curator"]["value"] != by["second_coder"]["value"]:
            assert by["adjudicated"]["reason"].strip(), key


def test_the_story_data_is_every_adjudicated_label(shipped_package) -> None:
    import sys

    from helpers.dataset.paths import default_data_dir

    sys.path.insert(0, str(default_data_dir() / "coding"))
    import integrate_story

    now = integrate_story.current_labels()
    adjudicated = {(r["unit_table"], r["unit_id"], r["variable"]): r["value"] for r in _story_rows() if r["coder"] == "adjudicated"}
    checked = [k for k in adjudicated if k in now]
    assert len(checked) > 900
    assert all(adjudicated[k] == now[k] for k in checked), [k for k in checked if adjudicated[k] != now[k]][:5]
    # voices: every row of the table is a unit adjudicated as listed, and nothing else is
    listed = {k[1] for k, v in adjudicated.items() if k[0] == "expected_voices" and k[2] == "listed" and v == "yes"}
    assert listed == set(load_dataset().expected_voices["voice_id"])

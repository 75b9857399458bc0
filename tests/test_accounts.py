"""The accounts table (issue 16): its validator rules, broken once each, and the two-layer helpers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.analysis import accounts as acc
from helpers.dataset.load import Dataset
from helpers.dataset.rules.accounts import ACCOUNT_RULES, MAX_QUOTED_WORDS, NO_ACCOUNT
from helpers.dataset.validate import validate

Row = dict[str, str]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def _read(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[Row]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def _edit_accounts(data: Path, change: Callable[[list[Row]], list[Row]]) -> list[Row]:
    header, rows = _read(data / "accounts.csv")
    rows = change(rows)
    _write(data / "accounts.csv", header, rows)
    return rows


def _row_of(rows: list[Row], account_id: str) -> int:
    """The validator's row number of an account (header is row 1)."""
    return next(i for i, r in enumerate(rows, start=2) if r["account_id"] == account_id)


def _located(data: Path) -> set[tuple[str, int | None, str | None, str]]:
    return {(Path(p.file).name, p.row, p.column, p.code) for p in validate(data)}


def _first(rows: list[Row], **match: str) -> Row:
    return next(r for r in rows if all(r[k] == v for k, v in match.items()))


# --- the shipped table ------------------------------------------------------------------------


def test_every_statement_has_at_least_one_account(ds: Dataset) -> None:
    assert ds.accounts is not None
    assert acc.uncovered_statements(ds) == []


def test_the_registry_runs_every_rule_once() -> None:
    names = [rule.__name__ for rule in ACCOUNT_RULES]
    assert len(names) == len(set(names)) == 5


def test_accounts_stay_out_of_the_annotation_tables(ds: Dataset) -> None:
    assert "accounts" not in ds.tables
    assert isinstance(ds.accounts.index, pd.RangeIndex) and len(ds.accounts) > 0


def test_accounts_have_the_schemas_dtypes(ds: Dataset) -> None:
    [resource] = [r for r in ds.descriptor["resources"] if r["name"] == "accounts"]
    for spec in resource["schema"]["fields"]:
        dtype = ds.accounts[spec["name"]].dtype
        if "enum" in spec.get("constraints", {}):
            assert list(dtype.categories) == spec["constraints"]["enum"], spec["name"]
        elif spec["type"] == "integer":
            assert dtype == "Int64", spec["name"]
        else:
            assert dtype == "string", spec["name"]


# --- each rule, broken once -------------------------------------------------------------------


def test_statement_without_account_is_listed_but_still_validates(data_copy: Path) -> None:
    _edit_accounts(data_copy, lambda rows: [r for r in rows if r["statement_id"] != "tenenbaum_hedgehog"])
    assert validate(data_copy) == []  # a curator may validate a new statement before researching it
    assert acc.uncovered_statements(load_dataset(data_copy)) == ["tenenbaum_hedgehog"]


def test_span_outside_its_statement_is_reported(data_copy: Path) -> None:
    _, statements = _read(data_copy / "statements.csv")
    other = _first(statements, statement_id="barrot_red_lines")

    def move(rows: list[Row]) -> list[Row]:
        row = _first(rows, account_id="acc_kelin_nzh")
        row.update(evidence=other["evidence"], char_start=other["char_start"], char_end=other["char_end"])
        return rows

    rows = _edit_accounts(data_copy, move)
    assert _located(data_copy) == {("accounts.csv", _row_of(rows, "acc_kelin_nzh"), "char_start", "account-span-outside-statement")}


def test_found_account_without_url_is_reported(data_copy: Path) -> None:
    def drop_url(rows: list[Row]) -> list[Row]:
        _first(rows, account_id="acc_gun_barrel_mt")["url"] = ""
        return rows

    rows = _edit_accounts(data_copy, drop_url)
    assert _located(data_copy) == {("accounts.csv", _row_of(rows, "acc_gun_barrel_mt"), "url", "account-source-missing")}


def test_no_account_without_the_searches_is_reported(data_copy: Path) -> None:
    def drop_searches(rows: list[Row]) -> list[Row]:
        _first(rows, relation=NO_ACCOUNT)["searched"] = ""
        return rows

    rows = _edit_accounts(data_copy, drop_searches)
    target = next(r["account_id"] for r in rows if r["relation"] == NO_ACCOUNT and not r["searched"])
    assert _located(data_copy) == {("accounts.csv", _row_of(rows, target), "searched", "account-search-missing")}


def test_long_quotation_is_reported(data_copy: Path) -> None:
    def quote_more(rows: list[Row]) -> list[Row]:
        _first(rows, account_id="acc_kelin_standard")["quoted"] = " ".join(["word"] * (MAX_QUOTED_WORDS + 1))
        return rows

    rows = _edit_accounts(data_copy, quote_more)
    assert _located(data_copy) == {("accounts.csv", _row_of(rows, "acc_kelin_standard"), "quoted", "account-quote-too-long")}


def test_quotation_at_the_limit_passes(data_copy: Path) -> None:
    def quote_limit(rows: list[Row]) -> list[Row]:
        _first(rows, account_id="acc_kelin_standard")["quoted"] = " ".join(["word"] * MAX_QUOTED_WORDS)
        return rows

    _edit_accounts(data_copy, quote_limit)
    assert validate(data_copy) == []


@pytest.mark.parametrize(
    ("account_id", "column", "value"),
    [
        ("acc_kelin_nzh", "supported_stance", "reserved"),  # relation 'same' cannot support another stance
        ("acc_trump_plan_mt", "supported_response", "disputes"),  # the statement responds to nothing
        ("acc_peskov_correspond_tass", "supported_stance", "opposes"),  # the article's own coding
    ],
)
def test_supported_value_the_relation_cannot_carry_is_reported(data_copy: Path, account_id: str, column: str, value: str) -> None:
    def set_value(rows: list[Row]) -> list[Row]:
        _first(rows, account_id=account_id)[column] = value
        return rows

    rows = _edit_accounts(data_copy, set_value)
    assert _located(data_copy) == {("accounts.csv", _row_of(rows, account_id), column, "account-supported-inconsistent")}


@pytest.mark.parametrize(
    ("column", "value"),
    [("relation", "similar"), ("outlet_nature", "state"), ("url", "www.example.org/page"), ("statement_id", "no_such_statement")],
)
def test_labels_urls_and_statement_ids_are_checked_by_the_schema(data_copy: Path, column: str, value: str) -> None:
    def set_value(rows: list[Row]) -> list[Row]:
        _first(rows, account_id="acc_babcock_defpost")[column] = value
        return rows

    rows = _edit_accounts(data_copy, set_value)
    found = {(f, r, c) for f, r, c, _ in _located(data_copy)}
    assert ("accounts.csv", _row_of(rows, "acc_babcock_defpost"), column) in found


def test_shifted_account_span_is_reported_with_row(data_copy: Path) -> None:
    def shift(rows: list[Row]) -> list[Row]:
        row = _first(rows, account_id="acc_kelin_nzh")
        row["char_start"], row["char_end"] = str(int(row["char_start"]) + 1), str(int(row["char_end"]) + 1)
        return rows

    rows = _edit_accounts(data_copy, shift)
    located = {(f, r, c) for f, r, c, _ in _located(data_copy)}
    assert ("accounts.csv", _row_of(rows, "acc_kelin_nzh"), "evidence") in located


# --- the two layers ---------------------------------------------------------------------------


def test_denials_the_accounts_give_as_doubt_become_disputes(ds: Dataset) -> None:
    layered = acc.supported_statements(ds).set_index("statement_id")
    row = layered.loc["peskov_correspond_with_reality"]
    assert (row["response"], row["accounts_response"], row["relation"]) == ("denies", "disputes", "stronger")
    assert bool(row["differs"])


def test_statement_the_accounts_confirm_keeps_the_articles_coding(ds: Dataset) -> None:
    row = acc.supported_statements(ds).set_index("statement_id").loc["ambassador_directly_involved"]
    assert row["relation"] == "same"
    assert row["accounts_stance"] == row["stance"]
    assert not bool(row["differs"])


def test_article_layer_is_the_statements_table(ds: Dataset) -> None:
    pd.testing.assert_frame_equal(acc.as_layer(ds, "article"), ds.statements)


def test_accounts_layer_changes_only_response_and_stance(ds: Dataset) -> None:
    layer = acc.as_layer(ds, "accounts")
    assert list(layer.columns) == list(ds.statements.columns)
    others = [c for c in ds.statements.columns if c not in ("response", "stance")]
    pd.testing.assert_frame_equal(layer[others], ds.statements[others])
    assert (layer["stance"] != ds.statements["stance"]).sum() > 0


def test_unknown_layer_is_refused(ds: Dataset) -> None:
    with pytest.raises(ValueError, match="layer must be one of"):
        acc.as_layer(ds, "both")


def test_counts_by_layer_keep_the_total(ds: Dataset) -> None:
    table = acc.count_by_layer(ds, "stance")
    assert table["article"].sum() == table["accounts"].sum() == len(ds.statements)
    assert (table["change"] == table["accounts"] - table["article"]).all()


def test_positions_resting_on_differing_statements_are_listed(ds: Dataset) -> None:
    affected = acc.positions_affected(ds)
    assert "russia_uk_france_talks" in set(affected["position_id"])
    assert set(affected["relation"].astype(str)) <= {"stronger", "weaker", "different", "contradicted"}


def test_primary_account_is_the_most_direct_then_the_earliest() -> None:
    accounts = pd.DataFrame({
        "account_id": ["relay_early", "copy_undated", "relay_late", "own_late"],
        "statement_id": ["s", "s", "t", "t"],
        "directness": pd.Categorical(["relay", "copy", "relay", "own_reporting"]),
        "date_start": pd.to_datetime(["2024-11-01", None, "2024-11-02", "2024-11-30"]),
    })
    primary = acc._primary(accounts).set_index("statement_id")["account_id"].to_dict()
    assert primary == {"s": "copy_undated", "t": "own_late"}


def test_accounts_of_a_statement_lists_the_primary_first(ds: Dataset) -> None:
    table = acc.accounts_of(ds, "peskov_no_unanimity")
    assert len(table) >= 2
    assert table.iloc[0]["account_id"] == acc.supported_statements(ds).set_index("statement_id").at["peskov_no_unanimity", "primary_account_id"]
    with pytest.raises(KeyError):
        acc.accounts_of(ds, "no_such_statement")


def test_relation_counts_add_up(ds: Dataset) -> None:
    table = acc.relation_counts(ds)
    assert table["accounts"].sum() == len(ds.accounts)
    assert table["statements"].sum() == len(ds.statements)


# --- the exercise -----------------------------------------------------------------------------


def test_exercise_accepts_the_computed_answer_in_any_collection(ds: Dataset) -> None:
    layered = acc.supported_statements(ds)
    answer = layered.loc[(layered["response"] == "denies") & (layered["accounts_response"] != "denies"), "statement_id"]
    assert len(answer) > 0
    assert acc.check_accounts_exercise(ds, set(answer))
    assert acc.check_accounts_exercise(ds, list(answer))
    assert acc.check_accounts_exercise(ds, answer)


def test_exercise_hints_without_revealing(ds: Dataset) -> None:
    wrong = acc.check_accounts_exercise(ds, {"peskov_no_unanimity"})
    assert not wrong
    assert "missing" in repr(wrong) and "too many" in repr(wrong)
    assert "peskov" not in repr(wrong)
    assert not acc.check_accounts_exercise(ds, "peskov_refuted_report")
    assert "not answered" in repr(acc.check_accounts_exercise(ds, ...))

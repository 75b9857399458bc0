"""Other outlets' renderings as the 1.1 'accounts' view, and the two layers (issues 16, 20), on any valid package.

What the shipped article's accounts say (the Kremlin's reply rendered as doubt) is in tests/test_shipped_article.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.analysis import accounts as acc
from helpers.analysis.accounts_view import ACCOUNT_COLUMNS, NO_ACCOUNT, accounts_view
from helpers.analysis.counting import count_utterances
from helpers.dataset.load import Dataset


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def test_the_view_has_the_1_1_columns_and_one_row_per_comparison_or_search(ds: Dataset) -> None:
    view = accounts_view(ds)
    assert list(view.columns[: len(ACCOUNT_COLUMNS)]) == list(ACCOUNT_COLUMNS)
    searched = view["relation"].astype(str) == NO_ACCOUNT
    assert (~searched).sum() == len(ds.comparisons)
    assert view.loc[~searched, "account_id"].tolist() == ds.comparisons["comparison_id"].astype(str).tolist()


def test_each_account_row_quotes_the_other_rendering_and_points_at_the_judged_one(ds: Dataset) -> None:
    view = accounts_view(ds).set_index("account_id")
    statements = ds.statements.set_index("statement_id")
    for cmp in ds.comparisons.itertuples(index=False):
        row = view.loc[cmp.comparison_id]
        other = statements.loc[cmp.other_statement_id]
        assert row["statement_id"] == cmp.statement_id
        assert (pd.isna(row["quoted"]) and pd.isna(other["evidence"])) or row["quoted"] == other["evidence"]
        assert row["says"] == other["summary"]


def test_article_layer_is_the_renderings_of_the_documents_that_are_not_excerpts(ds: Dataset) -> None:
    layer = acc.as_layer(ds, "article")
    assert set(layer["document_id"].astype(str)) <= set(acc.main_documents(ds))
    assert len(layer) == int(ds.statements["document_id"].astype(str).isin(acc.main_documents(ds)).sum())


def test_accounts_layer_changes_only_response_and_stance(ds: Dataset) -> None:
    article, layer = acc.as_layer(ds, "article"), acc.as_layer(ds, "accounts")
    assert list(layer.columns) == list(ds.statements.columns)
    others = [c for c in ds.statements.columns if c not in ("response", "stance")]
    pd.testing.assert_frame_equal(layer[others], article[others])


def test_unknown_layer_is_refused(ds: Dataset) -> None:
    with pytest.raises(ValueError, match="layer must be one of"):
        acc.as_layer(ds, "both")


def test_counts_by_layer_count_utterances_not_renderings(ds: Dataset) -> None:
    table = acc.count_by_layer(ds, "stance")
    article = acc.as_layer(ds, "article")
    assert (table["change"] == table["accounts"] - table["article"]).all()
    assert table["article"].to_dict() == count_utterances(article, "stance").reindex(table.index, fill_value=0).to_dict()
    assert table["article"].sum() <= len(article) or len(article) == 0


def test_primary_account_is_the_most_direct_then_the_earliest() -> None:
    accounts = pd.DataFrame({
        "account_id": ["relay_early", "copy_undated", "relay_late", "own_late"],
        "statement_id": ["s", "s", "t", "t"],
        "directness": pd.Categorical(["relay", "copy", "relay", "own_reporting"]),
        "date_start": pd.to_datetime(["2024-11-01", None, "2024-11-02", "2024-11-30"]),
    })
    primary = acc._primary(accounts).set_index("statement_id")["account_id"].to_dict()
    assert primary == {"s": "copy_undated", "t": "own_late"}


def test_relation_counts_add_up(ds: Dataset) -> None:
    table = acc.relation_counts(ds)
    assert table["accounts"].sum() == len(accounts_view(ds))
    layered = acc.supported_statements(ds)
    assert table["utterances"].sum() >= count_utterances(layered[layered["relation"].notna()])


def test_exercise_accepts_the_computed_answer_in_any_collection(ds: Dataset) -> None:
    layered = acc.supported_statements(ds)
    answer = layered.loc[(layered["response"] == "denies") & (layered["accounts_response"] != "denies"), "statement_id"]
    assert acc.check_accounts_exercise(ds, set(answer))
    assert acc.check_accounts_exercise(ds, list(answer))
    assert acc.check_accounts_exercise(ds, answer)


def test_exercise_hints_without_revealing(ds: Dataset) -> None:
    wrong = acc.check_accounts_exercise(ds, {"no_such_statement"})
    assert not wrong
    assert "too many" in repr(wrong)
    assert "no_such" not in repr(wrong)
    assert not acc.check_accounts_exercise(ds, "a_single_string")
    assert "not answered" in repr(acc.check_accounts_exercise(ds, ...))

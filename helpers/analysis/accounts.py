"""Two layers of the statements: what the article says, and what other accounts support (issues 16, 20).

In data 2.0 another outlet's report is a rendering in an excerpt document and "how the article's
rendering stands to it" is a row of ``comparisons``; :func:`helpers.analysis.accounts_view.accounts_view`
rebuilds the 1.1 ``accounts`` rows from them, and this module works on that view. The article's
renderings are the statements of the documents that are not excerpts. Per rendering the **primary**
account (the most direct one: transcript, own reporting, copy, relay; then one with a date, the
earliest; then file order) gives its relation and, where it differs, the response and stance the
accounts support. Every count here counts utterances (:func:`helpers.analysis.counting.count_utterances`):
the article's five renderings of the Kremlin's reply are one denial.

>>> from helpers import load_dataset
>>> ds = load_dataset()
>>> layered = supported_statements(ds)
>>> len(layered) == len(article_statements(ds))
True
>>> sorted(as_layer(ds, "accounts").columns) == sorted(ds.statements.columns)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from helpers.analysis.accounts_view import NO_ACCOUNT, accounts_view, main_documents
from helpers.analysis.counting import count_utterances
from helpers.dataset.load import Dataset

if TYPE_CHECKING:
    pass

__all__ = [
    "DIRECTNESS_ORDER",
    "LAYERS",
    "RELATION_ORDER",
    "AccountsCheck",
    "accounts_of",
    "article_statements",
    "as_layer",
    "check_accounts_exercise",
    "count_by_layer",
    "layer_differences",
    "main_documents",
    "positions_affected",
    "relation_counts",
    "side_by_side",
    "supported_statements",
    "uncovered_statements",
]

#: From most to least direct; the primary account of a statement is the first in this order.
DIRECTNESS_ORDER = ("transcript", "own_reporting", "copy", "relay")
#: The two readings of the statements an analysis can run on.
LAYERS = ("article", "accounts")
#: Relation labels from "the article renders it as said" to "nothing to compare with".
RELATION_ORDER = ("same", "reworded", "weaker", "stronger", "different", "contradicted", NO_ACCOUNT)
#: Relations under which an account may support a different response or stance than the article's coding.
DIFFERING_RELATIONS = ("stronger", "weaker", "different", "contradicted")


def _accounts(ds: Dataset) -> pd.DataFrame:
    if "accounts" not in ds.extra and "comparisons" not in ds.extra:
        raise ValueError("this data package has no 'comparisons' (or 1.1 'accounts') table")
    return accounts_view(ds)


def article_statements(ds: Dataset) -> pd.DataFrame:
    """The renderings in the documents that are not excerpts (for the shipped package: the article's 36), in file order."""
    main = set(main_documents(ds))
    return ds.statements[ds.statements["document_id"].astype(str).isin(main)].reset_index(drop=True)


def _primary(accounts: pd.DataFrame) -> pd.DataFrame:
    """One account per statement: most direct, then dated, then earliest, then first in file order."""
    rank = {label: i for i, label in enumerate(DIRECTNESS_ORDER)}
    ordered = accounts.assign(
        _direct=[rank.get(str(v), len(rank)) if pd.notna(v) else len(rank) for v in accounts["directness"]],
        _undated=accounts["date_start"].isna(),
        _row=range(len(accounts)),
    ).sort_values(["_direct", "_undated", "date_start", "_row"], kind="stable")
    return ordered.drop_duplicates("statement_id").drop(columns=["_direct", "_undated", "_row"])


def supported_statements(ds: Dataset) -> pd.DataFrame:
    """Every statement with the article's coding beside what its primary account supports.

    Columns: ``statement_id``, ``speaker_id``, ``mode``, ``evidence``, ``response`` and
    ``stance`` (the article's coding), ``n_accounts``, ``primary_account_id``, ``outlet``,
    ``outlet_nature``, ``relation``, ``accounts_response`` and ``accounts_stance`` (what
    the accounts support: the primary account's supported value, or else the article's)
    and ``differs`` (the accounts support another response or stance). A statement
    without any account row has relation ``<NA>`` and keeps the article's coding.
    """
    statements = article_statements(ds)
    accounts = _accounts(ds)
    primary = _primary(accounts).set_index("statement_id")
    counts = accounts["statement_id"].value_counts()
    out = statements[["statement_id", "utterance_id", "speaker_id", "mode", "evidence", "response", "stance"]].copy()
    ids = out["statement_id"].astype(str)
    out["n_accounts"] = ids.map(counts).fillna(0).astype("int64").to_numpy()

    def pick(column: str) -> list[Any]:
        return [primary.at[s, column] if s in primary.index else pd.NA for s in ids]

    out["primary_account_id"] = pd.array(pick("account_id"), dtype="string")
    out["outlet"] = pd.array(pick("outlet"), dtype="string")
    out["outlet_nature"] = pd.Categorical(pick("outlet_nature"), categories=accounts["outlet_nature"].cat.categories)
    out["relation"] = pd.Categorical(pick("relation"), categories=accounts["relation"].cat.categories)
    for column, coded in (("accounts_response", "response"), ("accounts_stance", "stance")):
        supported = pick(f"supported_{coded}")
        values = [s if pd.notna(s) else a for s, a in zip(supported, out[coded], strict=True)]
        out[column] = pd.Categorical(values, categories=statements[coded].cat.categories)
    same_response = (out["response"].astype(object) == out["accounts_response"].astype(object)) | (
        out["response"].isna() & out["accounts_response"].isna())
    same_stance = out["stance"].astype(object) == out["accounts_stance"].astype(object)
    out["differs"] = ~(same_response & same_stance)
    return out.reset_index(drop=True)


def uncovered_statements(ds: Dataset) -> list[str]:
    """The statements with no account row yet (found, or a search that found nothing), in file order.

    >>> from helpers import load_dataset
    >>> uncovered_statements(load_dataset())
    []
    """
    covered = set(_accounts(ds)["statement_id"].astype(str))
    return [s for s in article_statements(ds)["statement_id"].astype(str) if s not in covered]


def as_layer(ds: Dataset, layer: str) -> pd.DataFrame:
    """The statements table as the article codes it (``"article"``) or as the accounts support it (``"accounts"``).

    Same columns as ``ds.statements``, the article's renderings; under ``"accounts"`` the ``response`` and
    ``stance`` columns carry what the accounts support. Any analysis of ``statements``
    can run on either.
    """
    if layer not in LAYERS:
        raise ValueError(f"layer must be one of {LAYERS}, not {layer!r}")
    if layer == "article":
        return article_statements(ds)
    layered = supported_statements(ds)
    out = article_statements(ds)
    out["response"] = layered["accounts_response"].to_numpy()
    out["stance"] = layered["accounts_stance"].to_numpy()
    for column in ("response", "stance"):
        out[column] = pd.Categorical(out[column], categories=ds.statements[column].cat.categories)
    return out


def count_by_layer(ds: Dataset, column: str = "response") -> pd.DataFrame:
    """Utterances carrying each label of ``column`` (``response`` or ``stance``) under both layers, with the change.

    Counted per utterance: the article's renderings of one utterance count once per label.
    """
    if column not in ("response", "stance"):
        raise ValueError("column must be 'response' or 'stance'")
    labels = list(ds.statements[column].cat.categories)
    table = pd.DataFrame({layer: count_utterances(as_layer(ds, layer), column).reindex(labels, fill_value=0) for layer in LAYERS})
    table["change"] = table["accounts"] - table["article"]
    table.index.name = column
    return table.astype("int64")


def layer_differences(ds: Dataset) -> pd.DataFrame:
    """The statements whose rendering differs from the accounts, article and accounts side by side.

    A statement is listed when its primary relation is one of the differing relations
    (stronger, weaker, different, contradicted) or when the accounts support another
    response or stance.
    """
    layered = supported_statements(ds)
    keep = layered["relation"].isin(DIFFERING_RELATIONS) | layered["differs"]
    columns = ["statement_id", "utterance_id", "speaker_id", "evidence", "relation", "outlet", "outlet_nature",
               "response", "accounts_response", "stance", "accounts_stance"]
    return layered.loc[keep, columns].reset_index(drop=True)


def positions_affected(ds: Dataset) -> pd.DataFrame:
    """Country positions that rest on a statement the accounts render differently.

    Columns: ``position_id``, ``actor_id``, ``topic_id``, ``stance`` (the position as coded),
    ``statement_id``, ``relation`` and ``accounts_stance`` of the statement it rests on.
    """
    layered = supported_statements(ds).set_index("statement_id")
    positions = ds.country_positions
    flagged = layered.index[layered["relation"].isin(DIFFERING_RELATIONS) | layered["differs"]]
    rows = positions[positions["statement_id"].isin(flagged)]
    out = rows[["position_id", "actor_id", "topic_id", "stance", "statement_id"]].copy()
    out["relation"] = [layered.at[s, "relation"] for s in out["statement_id"]]
    out["accounts_stance"] = [layered.at[s, "accounts_stance"] for s in out["statement_id"]]
    return out.reset_index(drop=True)


def relation_counts(ds: Dataset) -> pd.DataFrame:
    """How often each relation occurs: over all account rows (comparisons), and over utterances (their renderings' primary account).

    An utterance whose renderings in the article relate differently to their accounts counts under each relation.
    """
    accounts = _accounts(ds)
    layered = supported_statements(ds)
    order = [r for r in RELATION_ORDER if r in accounts["relation"].cat.categories]
    per_utterance = count_utterances(layered.assign(relation=layered["relation"].astype("string")), "relation")
    table = pd.DataFrame({
        "accounts": accounts["relation"].value_counts().reindex(order, fill_value=0),
        "utterances": per_utterance.reindex(order, fill_value=0),
    }).astype("int64")
    table.index.name = "relation"
    return table


def accounts_of(ds: Dataset, statement_id: str) -> pd.DataFrame:
    """Every account of one statement, primary first, with what it says and how the article relates to it."""
    accounts = _accounts(ds)
    rows = accounts[accounts["statement_id"] == statement_id]
    if rows.empty and statement_id not in set(ds.statements["statement_id"]):
        raise KeyError(f"no statement {statement_id!r}")
    primary = _primary(rows)["account_id"].tolist()
    rest = [a for a in rows["account_id"] if a not in primary]
    ordered = rows.set_index("account_id").loc[primary + rest].reset_index()
    return ordered[["account_id", "relation", "outlet", "outlet_nature", "relays", "directness", "date", "language",
                    "evidence", "says", "quoted", "url"]]


def side_by_side(ds: Dataset, statement_id: str) -> pd.DataFrame:
    """The article's rendering of one statement, then every account of it (primary first), one row each.

    Columns: ``source`` (``'the article'`` or the outlet), ``nature``, ``date``, ``relation``
    (empty for the article), ``on the words`` (the part of the article's rendering an account
    bears on), ``what it says`` (the article's words, or the curator's description of the
    account) and ``quoted``.
    """
    statement = ds.statements[ds.statements["statement_id"] == statement_id]
    if statement.empty:
        raise KeyError(f"no statement {statement_id!r}")
    accounts = accounts_of(ds, statement_id)
    article = pd.DataFrame({"source": ["the article"], "nature": [pd.NA], "date": [pd.NA], "relation": [pd.NA],
                            "on the words": [pd.NA], "what it says": [statement["evidence"].iloc[0]], "quoted": [pd.NA]})
    found = pd.DataFrame({
        "source": accounts["outlet"].fillna("(none found)").to_numpy(),
        "nature": accounts["outlet_nature"].astype("string").to_numpy(),
        "date": accounts["date"].to_numpy(),
        "relation": accounts["relation"].astype("string").to_numpy(),
        "on the words": accounts["evidence"].to_numpy(),
        "what it says": accounts["says"].to_numpy(),
        "quoted": accounts["quoted"].to_numpy(),
    })
    return pd.concat([article, found], ignore_index=True).astype("string").fillna("")


@dataclass(frozen=True)
class AccountsCheck:
    """The outcome of the accounts exercise; shows as one line in a notebook."""

    correct: bool
    message: str

    def __repr__(self) -> str:
        return f"Accounts exercise: {self.message}"

    def __bool__(self) -> bool:
        return self.correct


def _exercise_answer(ds: Dataset) -> set[str]:
    layered = supported_statements(ds)
    denied = layered["response"] == "denies"
    kept = layered["accounts_response"] == "denies"
    return set(layered.loc[denied & ~kept, "statement_id"].astype(str))


def check_accounts_exercise(ds: Dataset, answer: Any) -> AccountsCheck:
    """Check the notebook's exercise: the statements the article codes as denials that the accounts do not support as denials.

    The expected set is computed from the data each time. ``...`` or ``None`` means "not
    answered yet"; a wrong answer gets how many ids are missing or too many, never the ids.

    >>> from helpers import load_dataset
    >>> check_accounts_exercise(load_dataset(), ...)
    Accounts exercise: not answered yet. Replace ... with your answer and run the cell again.
    """
    if answer is ... or answer is None:
        return AccountsCheck(False, "not answered yet. Replace ... with your answer and run the cell again.")
    if isinstance(answer, str):
        return AccountsCheck(False, "not yet. Expected a set of statement_ids, got a single string.")
    if isinstance(answer, (pd.Series, pd.Index)) or (isinstance(answer, Iterable) and not isinstance(answer, dict)):
        answer = {str(a) for a in answer}
    else:
        return AccountsCheck(False, f"not yet. Expected a set (or list) of statement_ids, got {type(answer).__name__}.")
    expected = _exercise_answer(ds)
    if answer != expected:
        missing, extra = len(expected - answer), len(answer - expected)
        parts = [f"{missing} id(s) missing" if missing else "", f"{extra} id(s) too many" if extra else ""]
        return AccountsCheck(False, "not yet. " + "; ".join(p for p in parts if p) + ".")
    return AccountsCheck(True, "correct!")

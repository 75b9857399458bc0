"""Exercises for the tutorial: one-line checks that hint without revealing the answer.

Expected values are computed from the dataset each time, never typed in, so
the checks stay right when the data grows.

>>> from helpers import load_dataset
>>> check = checker(load_dataset())
>>> check(1, ...)
Exercise 1: not answered yet. Replace ... with your answer and run the cell again.
>>> check(1, "many")
Exercise 1: not yet. Expected a whole number (int), got str.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.analysis import counted_statements
from helpers.data import Dataset

__all__ = ["EXERCISES", "SHARE_TOLERANCE", "CheckResult", "Exercise", "checker"]

# How far a share may be from the exact value and still count as right: any
# answer rounded to 3 decimals or more is within 0.0005 of the exact share, so
# it passes; the 1e-9 absorbs float error at the rounding boundary. Looser
# (0.005, which would let 2-decimal answers through) could accept a wrong
# count once the dataset has a few hundred statements (one row more or less
# moves the share by less than 0.005). An answer rounded to 2 decimals that is
# within 0.005 is told to give more decimals instead.
SHARE_TOLERANCE = 0.0005 + 1e-9


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check; shows as a single line in a notebook."""

    number: int
    correct: bool
    message: str

    def __repr__(self) -> str:
        return f"Exercise {self.number}: {self.message}"

    def __bool__(self) -> bool:
        return self.correct


@dataclass(frozen=True)
class Exercise:
    """One exercise: the question, how to compute the answer, how to compare."""

    number: int
    question: str
    solve: Callable[[Dataset], Any]
    kind: str  # "int", "float", "str", "set", "frame", "series"
    key: str | None = None  # the id column compared for "frame" answers


def _original_utterances(ds: Dataset) -> pd.DataFrame:
    return counted_statements(ds.statements)  # the one counting helper (codebook rule U3)


def _speaker_counts(ds: Dataset) -> pd.Series:
    return _original_utterances(ds)["speaker_id"].value_counts()


def _busiest_person(ds: Dataset) -> set[str]:
    people = set(ds.actors.loc[ds.actors["kind"] == "person", "actor_id"])
    rows = _original_utterances(ds)
    counts = rows.loc[rows["speaker_id"].isin(people), "speaker_id"].value_counts()
    return set(counts[counts == counts.max()].index)


def _position_evidence(ds: Dataset, actor_id: str, topic_id: str) -> str:
    rows = ds.country_positions
    match = rows[(rows["actor_id"] == actor_id) & (rows["topic_id"] == topic_id)]
    return str(match["evidence"].iloc[0])


def _anonymous_share(ds: Dataset) -> float:
    kinds = ds.actors.set_index("actor_id")["kind"]
    speakers = _original_utterances(ds)["speaker_id"]
    return float((speakers.map(kinds) == "anonymous_source").mean())


def _denials(ds: Dataset) -> set[str]:
    rows = _original_utterances(ds)
    return set(rows.loc[rows["response"] == "denies", "statement_id"])


def _events_in_month(ds: Dataset, year: int, month: int) -> int:
    start = pd.Timestamp(year=year, month=month, day=1)
    end = start + pd.offsets.MonthEnd(0)
    ev = ds.events
    return int(((ev["date_start"] >= start) & (ev["date_end"] <= end)).sum())


EXERCISES: dict[int, Exercise] = {
    e.number: e
    for e in [
        Exercise(1, "How many statements does the dataset hold? (a whole number)", lambda ds: len(ds.statements), "int"),
        Exercise(2, "Make a DataFrame of the statements rendered as direct quotes (mode 'direct_quote').",
                 lambda ds: ds.statements[ds.statements["mode"] == "direct_quote"], "frame", "statement_id"),
        Exercise(3, "Count statements per speaker, leaving out rows that repeat another (repeats_id set): a Series from value_counts().",
                 _speaker_counts, "series"),
        Exercise(4, "Which person (actors of kind 'person') has the most statements, repeats left out? Give the actor_id as a string.",
                 _busiest_person, "str_in_set"),
        Exercise(5, "Find the evidence for France's stance on troops: the evidence text of the country_positions row "
                    "for actor 'france' and topic 'troops_to_ukraine'.",
                 lambda ds: _position_evidence(ds, "france", "troops_to_ukraine"), "str"),
        Exercise(6, "What share of statements (repeats left out) come from anonymous sources? A number between 0 and 1.",
                 _anonymous_share, "float"),
        Exercise(7, "Which statements deny another statement (response 'denies'), counting each utterance once? A set of statement_ids.",
                 _denials, "set"),
        Exercise(8, "How many events fall entirely within November 2024 (use date_start and date_end)?",
                 lambda ds: _events_in_month(ds, 2024, 11), "int"),
        Exercise(9, "Through which outlets or intermediaries did statements reach the article (reported_via_id)? A set of actor_ids.",
                 lambda ds: set(ds.statements["reported_via_id"].dropna()), "set"),
    ]
}


def _not_yet(number: int, message: str) -> CheckResult:
    return CheckResult(number, False, f"not yet. {message}")


def _compare(ex: Exercise, expected: Any, answer: Any) -> CheckResult:
    n = ex.number
    if ex.kind == "int":
        # numpy's integers count: a student's ``(...).sum()`` gives ``numpy.int64``, not ``int``.
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Integral):
            return _not_yet(n, f"Expected a whole number (int), got {type(answer).__name__}.")
        if answer != expected:
            return _not_yet(n, "The number is " + ("too high." if answer > expected else "too low."))
    elif ex.kind == "float":
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
            return _not_yet(n, f"Expected a number, got {type(answer).__name__}.")
        if not 0 <= answer <= 1:
            return _not_yet(n, "A share lies between 0 and 1: divide by the total.")
        off = abs(answer - expected)
        if off > SHARE_TOLERANCE:
            if off <= 0.005 + 1e-9 and round(float(answer), 2) == answer:  # rounded to 2 decimals or fewer, and close
                return _not_yet(n, "Close, but rounded too much: give more decimals (at least 3), or do not round.")
            return _not_yet(n, "The share is " + ("too high." if answer > expected else "too low.") + " Check which rows you count.")
    elif ex.kind in ("str", "str_in_set"):
        if not isinstance(answer, str):
            return _not_yet(n, f"Expected a string (str), got {type(answer).__name__}.")
        ok = answer in expected if ex.kind == "str_in_set" else answer == expected
        if not ok:
            near = answer.strip() in expected if ex.kind == "str_in_set" else answer.strip() == expected
            return _not_yet(n, "Remove the spaces around it." if near else "That is not it; check your filter.")
    elif ex.kind == "set":
        # Lists, tuples and what pandas hands back (a Series, an Index, ``.unique()``'s arrays) are taken as sets.
        if isinstance(answer, (list, tuple, frozenset, pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
            answer = set(answer)
        if not isinstance(answer, set):
            return _not_yet(n, f"Expected a set (or list) of ids, got {type(answer).__name__}.")
        if answer != expected:
            missing, extra = len(expected - answer), len(answer - expected)
            parts = [f"{missing} id(s) missing" if missing else "", f"{extra} id(s) too many" if extra else ""]
            return _not_yet(n, "; ".join(p for p in parts if p) + ".")
    elif ex.kind == "frame":
        if not isinstance(answer, pd.DataFrame):
            return _not_yet(n, f"Expected a pandas DataFrame, got {type(answer).__name__}.")
        if ex.key not in answer.columns:
            return _not_yet(n, f"Keep the {ex.key} column so the rows can be compared.")
        got, want = set(answer[ex.key]), set(expected[ex.key])
        if len(answer) != len(expected) or got != want:
            return _not_yet(n, f"Your table has {len(answer)} row(s); the answer has {len(expected)}. Check the filter.")
    elif ex.kind == "series":
        if not isinstance(answer, pd.Series):
            return _not_yet(n, f"Expected a pandas Series, got {type(answer).__name__}.")
        whole = (pd.api.types.is_numeric_dtype(answer) and not pd.api.types.is_bool_dtype(answer)
                 and answer.notna().all() and bool((answer == answer.round()).all()))
        if not whole:
            return _not_yet(n, "Expected counts (a Series of whole numbers, as value_counts() gives).")
        got = answer[answer > 0].astype("int64").sort_index()
        want = expected[expected > 0].astype("int64").sort_index()
        if len(got) != len(want):
            return _not_yet(n, f"Your Series has {len(got)} speaker(s) with statements; the answer has {len(want)}.")
        if not got.index.astype(str).equals(want.index.astype(str)) or not (got.to_numpy() == want.to_numpy()).all():
            return _not_yet(n, "Some counts differ: did you leave out the repeats?")
    return CheckResult(n, True, "correct!")


def checker(ds: Dataset) -> Callable[[int, Any], CheckResult]:
    """Return ``check(number, answer)`` bound to a dataset.

    ``...`` (Ellipsis) or ``None`` means "not answered yet"; a wrong answer
    gets a hint about its type, size or direction, never the answer itself.
    """

    def check(number: int, answer: Any) -> CheckResult:
        if number not in EXERCISES:
            raise KeyError(f"no exercise {number}; exercises are {sorted(EXERCISES)}")
        if answer is ... or answer is None:
            return CheckResult(number, False, "not answered yet. Replace ... with your answer and run the cell again.")
        ex = EXERCISES[number]
        return _compare(ex, ex.solve(ds), answer)

    return check

"""Exercises for the tutorial: one-line checks that hint without revealing the answer.

Expected values are computed from the dataset each time, never typed in, so
the checks stay right when the data grows. So are the *traps*: the answers a
student plausibly gives when a step goes wrong (repeats counted, one date bound
forgotten, a display name instead of an id...). An answer that equals a trap
gets a hint naming that mistake; a trap that happens to equal the right answer
on the current data is not used (a test says so, see tests/test_exercises.py).

In IPython (Jupyter), the checker also watches which cells ran: when the cell
that assigns ``answer_N`` raised an error, ``answer_N`` still holds an earlier
value, and the check says so instead of judging that stale value.

>>> from helpers import load_dataset
>>> check = checker(load_dataset())
>>> check(1, ...)
Exercise 1: not answered yet. Replace ... with your answer and run the cell again.
>>> check(1, "many")
Exercise 1: not yet. Expected a whole number (int), got str: give the number itself, without quotes.
"""

from __future__ import annotations

import numbers
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from helpers.analysis.accounts_view import main_documents
from helpers.analysis.tables import counted_statements
from helpers.dataset.load import Dataset

__all__ = ["EXERCISES", "SHARE_TOLERANCE", "CheckResult", "Exercise", "checker", "trap_answers"]

# How far a share may be from the exact value and still count as right: any
# answer rounded to 3 decimals or more is within 0.0005 of the exact share, so
# it passes; the 1e-9 absorbs float error at the rounding boundary. Looser
# (0.005, which would let 2-decimal answers through) could accept a wrong
# count once the dataset has a few hundred statements (one row more or less
# moves the share by less than 0.005). An answer rounded to 2 decimals that is
# within 0.005 is told to give more decimals instead.
SHARE_TOLERANCE = 0.0005 + 1e-9

# What pandas and numpy hand back where a set of ids is asked for.
_COLLECTIONS = (list, tuple, set, frozenset, pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)


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


# A trap: a plausible wrong answer computed from the data, and the hint that names the mistake.
Trap = tuple[Any, str]


@dataclass(frozen=True)
class Exercise:
    """One exercise: the question, how to compute the answer, how to compare, and its traps."""

    number: int
    question: str
    solve: Callable[[Dataset], Any]
    kind: str  # "int", "float", "str", "str_in_set", "set", "frame", "series"
    key: str | None = None  # the id column compared for "frame" answers
    traps: Callable[[Dataset], list[Trap]] = field(default=lambda ds: [])


# --- the answers, computed from the data ------------------------------------------------------------


def _original_utterances(ds: Dataset) -> pd.DataFrame:
    return counted_statements(ds.statements)  # the one counting helper (codebook rule U3)


def _speaker_counts(ds: Dataset) -> pd.Series:
    return _original_utterances(ds)["speaker_id"].value_counts()


def _busiest(rows: pd.DataFrame, ids: Iterable[str]) -> set[str]:
    counts = rows.loc[rows["speaker_id"].isin(set(ids)), "speaker_id"].value_counts()
    return set(counts[counts == counts.max()].index) if len(counts) else set()


def _people(ds: Dataset) -> set[str]:
    return set(ds.actors.loc[ds.actors["kind"] == "person", "actor_id"])


def _busiest_person(ds: Dataset) -> set[str]:
    return _busiest(_original_utterances(ds), _people(ds))


# Exercise 5 asks for a pair that is neither the actor's first row nor the topic's first row, so that
# a filter on one condition only, followed by ``.iloc[0]``, gives another row's evidence (a test checks it).
EX5_ACTOR, EX5_TOPIC = "france", "long_range_strikes"


def _position_evidence(ds: Dataset, actor_id: str, topic_id: str) -> str:
    rows = ds.country_positions
    match = rows[(rows["actor_id"] == actor_id) & (rows["topic_id"] == topic_id)]
    return str(match["evidence"].iloc[0])


def _anonymous(ds: Dataset) -> set[str]:
    return set(ds.actors.loc[ds.actors["kind"] == "anonymous_source", "actor_id"])


def _in_article(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``rows`` that belong to the article (the documents that are not excerpts)."""
    return rows[rows["document_id"].astype(str).isin(set(main_documents(ds)))]


def _anonymous_share(ds: Dataset) -> float:
    # Exercise 6 is about the article only: the comparative corpus (issue 21) adds other outlets' excerpts,
    # whose renderings would move the share with every document the corpus gains.
    speakers = _in_article(ds, _original_utterances(ds))["speaker_id"]
    return float(speakers.isin(_anonymous(ds)).mean())


def _denials(ds: Dataset) -> set[str]:
    rows = _original_utterances(ds)
    return set(rows.loc[rows["response"] == "denies", "statement_id"])


# Exercise 8: events certainly in 2024 before November. Bounds on both sides of the window matter in the
# data: the 1944 event ends before November, the events dated only "2024" start in January.
EX8_FIRST, EX8_LAST = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-10-31")


def _events_within(ds: Dataset, first: pd.Timestamp, last: pd.Timestamp) -> int:
    ev = ds.events
    return int(((ev["date_start"] >= first) & (ev["date_end"] <= last)).sum())


def _reported_via(ds: Dataset) -> set[str]:
    return set(ds.statements["reported_via_id"].dropna())


# --- the traps, computed from the data --------------------------------------------------------------


def _names(ds: Dataset) -> dict[str, str]:
    return dict(zip(ds.actors["actor_id"].astype(str), ds.actors["name"].astype(str), strict=True))


def _traps_1(ds: Dataset) -> list[Trap]:
    st = ds.statements
    return [
        (len(_original_utterances(ds)), "That leaves out the statements that repeat another; this question counts every row of "
                                        "ds.statements, repeats included."),
        (st.size, "That is the number of cells (rows × columns); count the rows."),
        (len(st.columns), "That is the number of columns; count the rows."),
        (len(st) + len(ds.country_positions), "That adds the country positions; count the statements only."),
    ]


def _traps_2(ds: Dataset) -> list[Trap]:
    st = ds.statements
    return [(st[st["mode"] == mode], f"Those are the statements whose mode is '{mode}'; check the label in your filter.")
            for mode in ds.vocabulary("mode") if mode != "direct_quote"]


def _traps_3(ds: Dataset) -> list[Trap]:
    return [(ds.statements["speaker_id"].value_counts(), "Those counts include the statements that repeat another: "
                                                         "keep one rendering per utterance first (analysis.counted_statements).")]


def _traps_4(ds: Dataset) -> list[Trap]:
    names, kinds = _names(ds), dict(zip(ds.actors["actor_id"].astype(str), ds.actors["kind"].astype(str), strict=True))
    right = _busiest_person(ds)
    traps: list[Trap] = []
    for actor in sorted(right):
        traps.append((names[actor], "That is a display name (the actors' name column); give the actor_id, the short id in lower case."))
    for actor in sorted(_busiest(ds.statements, _people(ds)) - right):
        traps.append((actor, "That person has the most statements only when the repeats are counted: leave them out."))
    for actor in sorted(_busiest(_original_utterances(ds), names) - right):
        traps.append((actor, f"That actor is not a person: its kind is '{kinds[actor]}'. Keep the speakers of kind 'person'."))
    for actor in sorted(_people(ds) - right):
        traps.append((actor, "That person has fewer statements than the busiest one (repeats left out)."))
    for actor in sorted(set(names) - _people(ds)):
        traps.append((actor, f"That actor is not a person: its kind is '{kinds[actor]}'. Keep the speakers of kind 'person'."))
    return traps


def _traps_5(ds: Dataset) -> list[Trap]:
    names = _names(ds)
    labels = dict(zip(ds.topics["topic_id"].astype(str), ds.topics["label"].astype(str), strict=True))
    traps: list[Trap] = []
    for row in ds.country_positions.itertuples(index=False):
        if (row.actor_id, row.topic_id) == (EX5_ACTOR, EX5_TOPIC):
            continue
        wrong = []
        if row.actor_id != EX5_ACTOR:
            wrong.append(f"its actor is {names[row.actor_id]}")
        if row.topic_id != EX5_TOPIC:
            wrong.append(f"its topic is {labels[row.topic_id]}")
        traps.append((str(row.evidence), "That is the evidence of another country position: " + " and ".join(wrong)
                      + ". Filter on both conditions before you take the first row."))
    for row in ds.statements.itertuples(index=False):
        traps.append((str(row.evidence), f"That is the evidence of the statement {row.statement_id} in ds.statements; "
                                         "the exercise asks for the row of ds.country_positions."))
    return traps


def _traps_6(ds: Dataset) -> list[Trap]:
    said, everything = _in_article(ds, _original_utterances(ds)), _in_article(ds, ds.statements)
    anonymous = _anonymous(ds)
    n_anon = int(said["speaker_id"].isin(anonymous).sum())
    return [
        (float(everything["speaker_id"].isin(anonymous).mean()), "That share counts the statements that repeat another: "
                                                                 "leave them out of both the count and the total."),
        (n_anon / len(everything), "The count leaves the repeats out but the total does not: divide by the number of "
                                   "statements without repeats."),
        (1 - _anonymous_share(ds), "That is the share of statements that do NOT come from anonymous sources."),
        (len(anonymous) / len(ds.actors), "That is the share of anonymous sources among the actors; the question asks "
                                          "about statements."),
    ]


def _traps_7(ds: Dataset) -> list[Trap]:
    st, said = ds.statements, _original_utterances(ds)
    return [
        (set(st.loc[st["response"] == "denies", "statement_id"]), "Some of your ids repeat another statement "
                                                                  "(another rendering of a counted utterance): leave them out."),
        (set(said.loc[said["response"].notna(), "statement_id"]), "Some of your statements answer with another response "
                                                                  "than 'denies' (e.g. 'disputes')."),
        (set(said.loc[said["response"] == "denies", "responds_to_id"]), "Those are the statements that were denied "
                                                                        "(responds_to_id); give the ones that deny."),
        (set(said.loc[said["response"] == "denies", "speaker_id"]), "Those are speaker ids; give statement_ids."),
    ]


def _traps_8(ds: Dataset) -> list[Trap]:
    ev = ds.events
    first, last = EX8_FIRST, EX8_LAST
    only_start = "You checked the first possible day only: an event dated just '2024' starts on 1 January but may have " \
                 "happened in November or December. Check date_end as well."
    return [
        (int((ev["date_end"] <= last).sum()), "You checked only the last possible day: an event that ended before "
                                              "November may lie in another year. Check date_start as well."),
        (int((ev["date_end"] < pd.Timestamp("2024-11-01")).sum()), "You checked only the last possible day: an event "
                                                                    "that ended before November may lie in another year. "
                                                                    "Check date_start as well."),
        (int(((ev["date_start"] >= first) & (ev["date_start"] <= last)).sum()), only_start),
        (int((ev["date_start"] >= first).sum()), only_start),
        (int(((ev["date_start"] <= last) & (ev["date_end"] >= first)).sum()), "That counts the events that MAY have "
                                                                              "happened in the period; the question asks "
                                                                              "for those that certainly did."),
        (int((ev["date_start"] >= pd.Timestamp("2024-11-01")).sum()), "Those are the events from November on; the "
                                                                       "question asks for the events before November."),
        (len(ev), "That is every event; keep those whose first and last possible days both lie in the period."),
    ]


def _traps_9(ds: Dataset) -> list[Trap]:
    st, names = ds.statements, _names(ds)
    via = st[st["reported_via_id"].notna()]
    return [
        ({names[a] for a in _reported_via(ds)}, "Those are display names; give the actor_ids."),
        (set(via["speaker_id"]), "Those are the speakers; give the outlets they reached the article through "
                                 "(reported_via_id)."),
    ]


EXERCISES: dict[int, Exercise] = {
    e.number: e
    for e in [
        Exercise(1, "How many statements does the dataset hold? (a whole number)", lambda ds: len(ds.statements), "int",
                 traps=_traps_1),
        Exercise(2, "Make a DataFrame of the statements rendered as direct quotes (mode 'direct_quote').",
                 lambda ds: ds.statements[ds.statements["mode"] == "direct_quote"], "frame", "statement_id", traps=_traps_2),
        Exercise(3, "Count statements per speaker, one per utterance (analysis.counted_statements keeps one rendering of each): "
                    "a Series from value_counts().",
                 _speaker_counts, "series", traps=_traps_3),
        Exercise(4, "Which person (actors of kind 'person') has the most statements, repeats left out? Give the actor_id as a string.",
                 _busiest_person, "str_in_set", traps=_traps_4),
        Exercise(5, f"Find the evidence for France's stance on long-range strikes: the evidence text of the country_positions "
                    f"row for actor '{EX5_ACTOR}' and topic '{EX5_TOPIC}'.",
                 lambda ds: _position_evidence(ds, EX5_ACTOR, EX5_TOPIC), "str", traps=_traps_5),
        Exercise(6, "What share of the article's statements (repeats left out) come from anonymous sources? Keep the rows whose "
                    "document is the article (excerpt false in ds.documents). A number between 0 and 1.",
                 _anonymous_share, "float", traps=_traps_6),
        Exercise(7, "Which statements deny another statement (response 'denies'), counting each utterance once? A set of statement_ids.",
                 _denials, "set", traps=_traps_7),
        Exercise(8, "How many events certainly took place in 2024 before November: both their first and their last possible "
                    "day (date_start, date_end) between 1 January and 31 October 2024?",
                 lambda ds: _events_within(ds, EX8_FIRST, EX8_LAST), "int", traps=_traps_8),
        Exercise(9, "Through which outlets or intermediaries did statements reach the article (reported_via_id)? A set of actor_ids.",
                 _reported_via, "set", traps=_traps_9),
    ]
}


def trap_answers(ds: Dataset, number: int) -> list[Trap]:
    """The traps of one exercise that the data tells apart from the right answer: ``(wrong answer, hint)``."""
    ex = EXERCISES[number]
    expected = ex.solve(ds)
    return [(wrong, hint) for wrong, hint in ex.traps(ds) if not _same(ex, expected, _normalise(ex, wrong))]


# --- comparing ----------------------------------------------------------------------------------------


def _not_yet(number: int, message: str) -> CheckResult:
    return CheckResult(number, False, f"not yet. {message}")


def _normalise(ex: Exercise, answer: Any) -> Any:
    """Right answers in other reasonable forms, made comparable."""
    if ex.kind == "set" and isinstance(answer, _COLLECTIONS):
        return set(answer)
    if ex.kind == "frame" and isinstance(answer, pd.DataFrame) and ex.key not in answer.columns and ex.key in answer.index.names:
        return answer.reset_index()  # set_index(key) keeps the ids, as the index
    if ex.kind == "series" and isinstance(answer, Mapping) and not isinstance(answer, pd.Series):
        return pd.Series(answer, dtype="object").infer_objects()  # value_counts().to_dict()
    return answer


def _counts(series: pd.Series) -> pd.Series:
    return series[series > 0].astype("int64").sort_index(key=lambda idx: idx.astype(str))


def _same(ex: Exercise, expected: Any, answer: Any) -> bool:
    """Whether an answer (already normalised and of the right type) equals the expected one."""
    try:
        if ex.kind == "int":
            return isinstance(answer, numbers.Integral) and not isinstance(answer, (bool, np.bool_)) and answer == expected
        if ex.kind == "float":
            return isinstance(answer, numbers.Real) and abs(answer - expected) <= SHARE_TOLERANCE
        if ex.kind == "str":
            return isinstance(answer, str) and answer == expected
        if ex.kind == "str_in_set":
            return isinstance(answer, str) and answer in expected
        if ex.kind == "set":
            return isinstance(answer, set) and answer == expected
        if ex.kind == "frame":
            return (isinstance(answer, pd.DataFrame) and ex.key in answer.columns and len(answer) == len(expected)
                    and set(answer[ex.key]) == set(expected[ex.key]) and set(expected.columns) <= set(answer.columns))
        if ex.kind == "series":
            if not isinstance(answer, pd.Series) or not pd.api.types.is_numeric_dtype(answer):
                return False
            got, want = _counts(answer), _counts(expected)
            return got.index.astype(str).equals(want.index.astype(str)) and bool((got.to_numpy() == want.to_numpy()).all())
    except (TypeError, ValueError):
        return False
    return False


def _trap_hint(ex: Exercise, ds: Dataset, answer: Any) -> str | None:
    for wrong, hint in trap_answers(ds, ex.number):
        if _same(ex, _normalise(ex, wrong), answer):
            return hint
    return None


def _type_hint(ex: Exercise, answer: Any) -> str | None:
    """A hint when the answer is not even of the kind asked for (or is a container around it)."""
    what = type(answer).__name__
    if callable(answer) and not isinstance(answer, (pd.Series, pd.DataFrame, pd.Index)):
        return (f"You gave a function or method ({getattr(answer, '__name__', what)}) without calling it: "
                "add the brackets, e.g. .sum() instead of .sum.")
    if ex.kind in ("int", "float"):
        if isinstance(answer, (bool, np.bool_)):
            return f"Expected a {'whole number (int)' if ex.kind == 'int' else 'number'}, got bool."
        if isinstance(answer, tuple) and len(answer) == 2 and all(isinstance(v, numbers.Integral) for v in answer):
            return "That is a shape, (rows, columns): take the number you need out of it."
        if isinstance(answer, (pd.Series, pd.DataFrame)):
            return (f"Expected one number, got a pandas {what} of {answer.size} value(s). len(table) counts rows; "
                    "(condition).sum() counts the rows where a condition is True.")
        if isinstance(answer, str):
            return f"Expected a {'whole number (int)' if ex.kind == 'int' else 'number'}, got str: give the number itself, without quotes."
        if ex.kind == "int" and not isinstance(answer, numbers.Integral):
            return f"Expected a whole number (int), got {what}."
        if ex.kind == "float" and not isinstance(answer, numbers.Real):
            return f"Expected a number, got {what}."
    if ex.kind in ("str", "str_in_set") and not isinstance(answer, str):
        if isinstance(answer, (pd.Series, pd.Index, list, tuple, set, np.ndarray)):
            if len(answer) == 0:
                return (f"Your {what} is empty: no row matched your filter. Check the spelling of the ids and that "
                        "each condition is in its own parentheses.")
            if len(answer) == 1:
                inner = next(iter(answer)) if not isinstance(answer, pd.Series) else answer.iloc[0]
                if ex.kind == "str_in_set" and isinstance(answer, pd.Series) and pd.api.types.is_numeric_dtype(answer):
                    return ("That is a Series of counts; the id you want is its index label: use .idxmax() "
                            "(or .index[0] after sorting).")
                return (f"You gave a {what} holding one value; the answer is the string inside it"
                        + (": take it out with .iloc[0]." if isinstance(answer, pd.Series) else ".")
                        + ("" if isinstance(inner, str) else f" (and it is a {type(inner).__name__}, not a string)"))
            if ex.kind == "str_in_set" and isinstance(answer, pd.Series) and pd.api.types.is_numeric_dtype(answer):
                return "That is a Series of counts; the id you want is the label of its largest value: use .idxmax()."
            return f"Expected one string, got a {what} of {len(answer)} values: filter down to one row, then take its value."
        if isinstance(answer, pd.DataFrame):
            return (f"Expected one string, got a DataFrame of {len(answer)} row(s): pick the column you need and take "
                    "the value of its first row with .iloc[0].")
        return f"Expected a string (str), got {what}."
    if ex.kind == "set" and not isinstance(answer, set):
        if isinstance(answer, str):
            return "You gave one string; give a set of ids, such as set(column) (even for a single id: {'id'})."
        if isinstance(answer, pd.DataFrame):
            return "You gave a DataFrame; give the set of ids in one of its columns: set(table[column])."
        return f"Expected a set (or list) of ids, got {what}."
    if ex.kind == "frame" and not isinstance(answer, pd.DataFrame):
        if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
            return "That is the True/False condition; put it inside ds.statements[...] to keep the rows where it is True."
        if isinstance(answer, pd.Series):
            return "You gave one column (a Series); give the rows with all their columns, a DataFrame."
        return f"Expected a pandas DataFrame, got {what}."
    if ex.kind == "series" and not isinstance(answer, pd.Series):
        if isinstance(answer, pd.DataFrame):
            return ("You gave a DataFrame (a table of several columns); value_counts() on one column, or "
                    "groupby(...).size(), gives the Series of counts.")
        return f"Expected a pandas Series, got {what}."
    return None


def _compare(ex: Exercise, expected: Any, answer: Any, ds: Dataset | None = None) -> CheckResult:
    n = ex.number
    answer = _normalise(ex, answer)
    hint = _type_hint(ex, answer)
    if hint:
        return _not_yet(n, hint)
    if _same(ex, expected, answer):
        return CheckResult(n, True, "correct!")
    if ds is not None:
        hint = _trap_hint(ex, ds, answer)
        if hint:
            return _not_yet(n, hint)
    if ex.kind == "int":
        return _not_yet(n, "The number is " + ("too high." if answer > expected else "too low."))
    if ex.kind == "float":
        if 1 < answer <= 100 and abs(answer / 100 - expected) <= SHARE_TOLERANCE:
            return _not_yet(n, "That looks like a percentage: give the share as a number between 0 and 1.")
        if not 0 <= answer <= 1:
            return _not_yet(n, "A share lies between 0 and 1: divide the count by the total.")
        off = abs(answer - expected)
        if off <= 0.005 + 1e-9 and round(float(answer), 2) == answer:  # rounded to 2 decimals or fewer, and close
            return _not_yet(n, "Close, but rounded too much: give more decimals (at least 3), or do not round.")
        return _not_yet(n, "The share is " + ("too high." if answer > expected else "too low.") + " Check which rows you count.")
    if ex.kind in ("str", "str_in_set"):
        near = answer.strip() in expected if ex.kind == "str_in_set" else answer.strip() == expected
        if near:
            return _not_yet(n, "Remove the spaces around it.")
        if ex.kind == "str" and answer.strip() and answer.strip() in expected:
            return _not_yet(n, "That is only part of the evidence: give the whole evidence value of the row, not an excerpt.")
        if ex.kind == "str_in_set":
            return _not_yet(n, "No actor has that id: check the spelling (ids are lower case, with underscores).")
        return _not_yet(n, "That text is not the evidence of any row: take the value from the evidence column rather "
                           "than typing or editing it.")
    if ex.kind == "set":
        missing, extra = len(expected - answer), len(answer - expected)
        if any(pd.isna(v) for v in answer if not isinstance(v, str)):
            return _not_yet(n, "Your set holds a missing value (<NA>): leave out the empty rows with dropna() first.")
        parts = [f"{missing} id(s) missing" if missing else "", f"{extra} id(s) too many" if extra else ""]
        return _not_yet(n, "; ".join(p for p in parts if p) + ".")
    if ex.kind == "frame":
        if ex.key not in answer.columns:
            return _not_yet(n, f"Keep the {ex.key} column (or index) so the rows can be compared.")
        left_out = [c for c in expected.columns if c not in answer.columns]
        if left_out and len(answer) == len(expected) and set(answer[ex.key]) == set(expected[ex.key]):
            return _not_yet(n, f"The rows are right, but your table leaves out {len(left_out)} column(s), such as "
                               f"{left_out[0]!r}: keep all the columns.")
        if answer.empty:
            return _not_yet(n, "Your table is empty: no row matched. Check the spelling of the label in your filter "
                               "(ds.vocabulary('mode') lists them).")
        return _not_yet(n, f"Your table has {len(answer)} row(s); the answer has {len(expected)}. Check the filter.")
    if ex.kind == "series":
        whole = (pd.api.types.is_numeric_dtype(answer) and not pd.api.types.is_bool_dtype(answer)
                 and answer.notna().all() and bool((answer == answer.round()).all()))
        if not whole:
            return _not_yet(n, "Expected counts (a Series of whole numbers, as value_counts() gives).")
        got, want = _counts(answer), _counts(expected)
        unknown = sorted(set(got.index.astype(str)) - set(want.index.astype(str)) - set(expected.index.astype(str)))
        if unknown:
            return _not_yet(n, f"Your Series counts values that are not speakers here (such as {unknown[0]!r}): "
                               "count the speaker_id column.")
        if len(got) != len(want):
            return _not_yet(n, f"Your Series has {len(got)} speaker(s) with statements; the answer has {len(want)}.")
        return _not_yet(n, "Some counts differ: did you leave out the repeats?")
    return _not_yet(n, "That is not the answer.")


# --- watching the answer cells (IPython) --------------------------------------------------------------

_ASSIGNS_AN_ANSWER = re.compile(r"\banswer_\d+\s*(?::[^=\n]*)?=(?!=)")


@dataclass
class _Run:
    execution_count: int | None
    source: str
    error: str | None  # "ErrorName: message" when the cell stopped with an error


class _CellRuns:
    """The cells that assigned an ``answer_N`` in one IPython session, and whether each ran to its end."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []

    def record(self, result: Any) -> None:  # IPython's post_run_cell event, with an ExecutionResult
        info = getattr(result, "info", None)
        source = getattr(info, "raw_cell", "") or ""
        if _ASSIGNS_AN_ANSWER.search(source):
            error = getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)
            self.runs.append(_Run(getattr(result, "execution_count", None), source,
                                  None if error is None else f"{type(error).__name__}: {error}"))
            del self.runs[:-200]

    def backfill(self, shell: Any) -> None:
        """The answer cells that ran before the checker was made, from IPython's history (errors: IPython 9 and later)."""
        history = getattr(shell, "history_manager", None)
        inputs = list(getattr(history, "input_hist_raw", None) or [])
        errors = getattr(history, "exceptions", None) or {}
        for count, source in enumerate(inputs):  # input_hist_raw[n] is the input of execution count n
            if isinstance(source, str) and _ASSIGNS_AN_ANSWER.search(source):
                error = errors.get(count)
                self.runs.append(_Run(count, source, None if not error else f"{error['ename']}: {error['evalue']}"))

    def last_assigning(self, number: int) -> _Run | None:
        pattern = re.compile(rf"\banswer_{number}\s*(?::[^=\n]*)?=(?!=)")
        return next((run for run in reversed(self.runs) if pattern.search(run.source)), None)


_SESSIONS: weakref.WeakKeyDictionary[Any, _CellRuns] = weakref.WeakKeyDictionary()


def _watch(shell: Any) -> _CellRuns | None:
    """The record of answer cells for an IPython shell, registered once per shell; ``None`` outside IPython."""
    if shell is None or not hasattr(shell, "events"):
        return None
    runs = _SESSIONS.get(shell)
    if runs is None:
        runs = _SESSIONS[shell] = _CellRuns()
        runs.backfill(shell)
        shell.events.register("post_run_cell", runs.record)
    return runs


def _ipython() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return None
    return get_ipython()


def _stale(number: int, run: _Run | None) -> CheckResult | None:
    if run is None or run.error is None:
        return None
    where = f"In [{run.execution_count}]" if run.execution_count is not None else "your answer cell"
    return CheckResult(number, False, f"not checked. The answer cell ({where}) stopped with an error ({run.error}), so "
                                      f"answer_{number} was not updated and may hold an earlier value. Fix that cell, "
                                      "run it again, then run this check.")


def _none_answer(number: int, run: _Run | None) -> CheckResult:
    source = run.source if run is not None and run.error is None else ""
    if re.search(rf"answer_{number}\s*=\s*print\(", source):
        why = "print() shows a value but returns None, so answer_{n} holds nothing. Write the expression itself after " \
              "'answer_{n} =', without print()."
    elif "inplace=True" in source:
        why = "methods called with inplace=True change the table and return None. Drop inplace=True and keep what the " \
              "method returns."
    else:
        why = "the expression after 'answer_{n} =' returned nothing: a function that only shows something (print, " \
              "display) or changes a table in place returns None. Put the value itself there."
    return CheckResult(number, False, "not yet. Your answer is None: " + why.format(n=number))


def checker(ds: Dataset) -> Callable[[int, Any], CheckResult]:
    """Return ``check(number, answer)`` bound to a dataset.

    ``...`` (Ellipsis) means "not answered yet"; ``None`` is named as such
    (usually ``print(...)`` on the right of ``=``); a wrong answer gets a hint
    about its type, size, direction or the mistake it shows, never the answer
    itself. In IPython, an answer cell that raised an error is reported
    instead of its stale value being judged.
    """
    runs = _watch(_ipython())

    def check(number: int, answer: Any) -> CheckResult:
        if number not in EXERCISES:
            raise KeyError(f"no exercise {number}; exercises are {sorted(EXERCISES)}")
        run = runs.last_assigning(number) if runs is not None else None
        stale = _stale(number, run)
        if stale is not None:
            return stale
        if answer is ...:
            return CheckResult(number, False, "not answered yet. Replace ... with your answer and run the cell again.")
        if answer is None:
            return _none_answer(number, run)
        ex = EXERCISES[number]
        return _compare(ex, ex.solve(ds), answer, ds)

    return check

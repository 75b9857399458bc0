"""The tutorial's checks: right answers pass, wrong ones get hints that do not give the answer away.

The tutorial's exercises are questions about the shipped article (exercise 5 asks for France's stance on
long-range strikes; the hints quote its rows): this module tests the checker on that fixed input, whatever
``--data-dir`` says.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.analysis.counting import counted_mask
from helpers.teaching.exercises import EXERCISES, SHARE_TOLERANCE, checker, trap_answers


@pytest.fixture(scope="module")
def ds(shipped_dataset):
    """The tutorial's data: the shipped article, whatever --data-dir says."""
    return shipped_dataset


def _busiest_person(ds) -> str:
    said = ds.statements[counted_mask(ds.statements)].merge(ds.actors, left_on="speaker_id", right_on="actor_id")
    return str(said.loc[said["kind"] == "person", "speaker_id"].value_counts().idxmax())


def _article(ds, rows):
    article = ds.documents.loc[~ds.documents["excerpt"].astype(bool), "document_id"]
    return rows[rows["document_id"].isin(article)]


def _anonymous_share(ds):
    said = _article(ds, ds.statements[counted_mask(ds.statements)])
    anonymous = ds.actors.loc[ds.actors["kind"] == "anonymous_source", "actor_id"]
    return said["speaker_id"].isin(anonymous).sum() / len(said)


# Each exercise answered the way a student might, written apart from helpers.teaching.exercises (not through ``ex.solve``).
HAND_WRITTEN = {
    1: lambda ds: ds.statements.shape[0],
    2: lambda ds: ds.statements.query("mode == 'direct_quote'"),
    3: lambda ds: ds.statements[counted_mask(ds.statements)].groupby("speaker_id", observed=True).size(),
    4: _busiest_person,
    5: lambda ds: ds.country_positions.query("actor_id == 'france' and topic_id == 'long_range_strikes'")["evidence"].item(),
    6: _anonymous_share,
    7: lambda ds: ds.statements.loc[(ds.statements["response"] == "denies") & counted_mask(ds.statements),
                                     "statement_id"].tolist(),
    8: lambda ds: len(ds.events[(ds.events["date_start"] >= "2024-01-01") & (ds.events["date_end"] <= "2024-10-31")]),
    9: lambda ds: ds.statements["reported_via_id"].dropna().unique(),
}


def test_every_exercise_has_a_hand_written_answer() -> None:
    assert set(HAND_WRITTEN) == set(EXERCISES)


@pytest.mark.parametrize("number", sorted(EXERCISES))
def test_each_hand_written_answer_is_accepted(ds, number: int) -> None:
    result = checker(ds)(number, HAND_WRITTEN[number](ds))
    assert result.correct, result


def test_a_column_instead_of_counts_gets_a_hint_not_an_error(ds) -> None:
    check = checker(ds)
    for wrong in (ds.statements["speaker_id"], ds.statements["speaker_id"].value_counts(normalize=True),
                  counted_mask(ds.statements)):
        result = check(3, wrong)
        assert not result.correct
        assert "Expected counts (a Series of whole numbers, as value_counts() gives)" in repr(result)


def test_a_share_rounded_to_three_decimals_is_accepted(ds) -> None:
    exact = EXERCISES[6].solve(ds)
    check = checker(ds)
    for decimals in (3, 4, 6):
        assert check(6, round(exact, decimals)).correct, decimals
    assert check(6, exact + SHARE_TOLERANCE * 0.99).correct
    assert not check(6, exact + 0.001).correct  # not rounded, just off


def test_a_share_rounded_to_two_decimals_is_asked_for_more_decimals(ds) -> None:
    exact = EXERCISES[6].solve(ds)
    result = checker(ds)(6, round(exact, 2))
    assert abs(round(exact, 2) - exact) > SHARE_TOLERANCE  # the real data makes this case meaningful
    assert not result.correct
    assert "give more decimals" in repr(result)
    assert f"{exact:.3f}" not in repr(result)


def test_the_share_with_repeats_counted_is_named_not_a_rounding_matter(ds) -> None:
    kinds = ds.actors.set_index("actor_id")["kind"]
    article = _article(ds, ds.statements)
    wrong = float((article["speaker_id"].map(kinds) == "anonymous_source").mean())
    exact = float((article.loc[counted_mask(ds.statements), "speaker_id"].map(kinds) == "anonymous_source").mean())
    assert exact == EXERCISES[6].solve(ds)
    assert abs(wrong - exact) > 0.005  # counting the repeats is a real mistake, not a rounding one
    for answer in (wrong, round(wrong, 3)):
        message = repr(checker(ds)(6, answer))
        assert "counts the statements that repeat another" in message and "decimals" not in message


@pytest.mark.parametrize("number", sorted(EXERCISES))
def test_an_unanswered_exercise_says_not_answered_yet(ds, number: int) -> None:
    result = checker(ds)(number, ...)
    assert not result.correct
    assert "not answered yet" in repr(result)


def test_there_are_six_to_ten_exercises() -> None:
    assert 6 <= len(EXERCISES) <= 10


def test_wrong_type_gets_a_type_hint(ds) -> None:
    check = checker(ds)
    assert "Expected a pandas DataFrame, got list" in repr(check(2, [1, 2]))
    assert "Expected a whole number (int), got str: give the number itself, without quotes" in repr(check(1, "36"))
    assert "Expected a pandas Series, got list" in repr(check(3, [1, 2]))


def test_wrong_size_frame_gets_a_row_count_hint_without_the_ids(ds) -> None:
    message = repr(checker(ds)(2, ds.statements))
    assert f"Your table has {len(ds.statements)} row(s)" in message
    for statement_id in EXERCISES[2].solve(ds)["statement_id"]:
        assert statement_id not in message


def test_a_missing_id_is_counted_not_named(ds) -> None:
    expected = EXERCISES[7].solve(ds)
    partial = set(sorted(expected)[1:])
    message = repr(checker(ds)(7, partial))
    assert "1 id(s) missing" in message
    assert sorted(expected)[0] not in message


def test_string_answers_are_not_revealed(ds) -> None:
    message = repr(checker(ds)(5, "something else"))
    assert "not yet" in message
    assert EXERCISES[5].solve(ds) not in message


def test_numbers_get_a_direction_hint(ds) -> None:
    n = EXERCISES[1].solve(ds)
    assert "too high" in repr(checker(ds)(1, n + 1))
    assert "too low" in repr(checker(ds)(1, n - 1))


def test_expected_values_follow_the_data_not_constants(shipped_package: Path, data_copy: Path, ds) -> None:
    """Drop one statement from a copy of the data: the old count is no longer accepted."""
    path = data_copy / "statements.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    used = set()
    with open(data_copy / "codings.csv", encoding="utf-8", newline="") as f:  # a double-coded unit stays
        used.update(r["unit_id"] for r in csv.DictReader(f) if r["unit_table"] == "statements")
    for name in ("statements.csv", "country_positions.csv", "curator_notes.csv", "claim_statements.csv", "framing_terms.csv"):
        with open(data_copy / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                used.update(v for k, v in row.items() if k in ("responds_to_id", "statement_id", "other_statement_id", "target_id")
                            and (name != "statements.csv" or k != "statement_id"))
    utterance, document = rows[0].index("utterance_id"), rows[0].index("document_id")
    with open(data_copy / "utterances.csv", encoding="utf-8", newline="") as f:  # keep each utterance's wording document
        used.update(f"{r['utterance_id']}@{r['wording_document_id']}" for r in csv.DictReader(f))
    # a rendering nothing points at, that is not its utterance's standing rendering (so the utterance stays rendered)
    victim = next(i for i, r in enumerate(rows[1:], start=1) if r[0] not in used and r[0] != r[utterance]
                  and f"{r[utterance]}@{r[document]}" not in used)
    gone = rows.pop(victim)[0]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with open(data_copy / "comparisons.csv", encoding="utf-8", newline="") as f:  # its comparisons go with it
        comparisons = [r for r in csv.reader(f) if gone not in r[1:3]]
    with open(data_copy / "comparisons.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(comparisons)
    smaller = load_dataset(data_copy)
    assert not checker(smaller)(1, len(ds.statements)).correct
    assert checker(smaller)(1, len(ds.statements) - 1).correct


def test_unknown_exercise_number_is_an_error(ds) -> None:
    with pytest.raises(KeyError):
        checker(ds)(99, 1)


def test_a_series_with_repeats_counted_is_rejected(ds) -> None:
    result = checker(ds)(3, ds.statements["speaker_id"].value_counts())
    assert not result.correct
    assert isinstance(EXERCISES[3].solve(ds), pd.Series)


def test_numpy_numbers_from_pandas_are_accepted(ds) -> None:
    """``(...).sum()`` and ``.mean()`` give numpy scalars; a right answer is right whatever its integer type."""
    import numpy as np

    check = checker(ds)
    assert check(1, np.int64(len(ds.statements))).correct
    assert check(8, np.int64(EXERCISES[8].solve(ds))).correct
    assert check(6, np.float64(EXERCISES[6].solve(ds))).correct
    assert "Expected a whole number (int), got bool" in repr(check(1, np.bool_(True)))
    assert "Expected a whole number (int), got float" in repr(check(1, float(len(ds.statements))))


def test_unique_values_and_indexes_count_as_sets(ds) -> None:
    """``.unique()`` returns an array, ``value_counts().index`` an Index: both are accepted where a set of ids is asked for."""
    check = checker(ds)
    via = ds.statements["reported_via_id"].dropna()
    assert check(9, via.unique()).correct
    assert check(9, via.value_counts().index).correct
    assert check(9, via.to_numpy()).correct
    assert "missing value (<NA>)" in repr(check(9, ds.statements["reported_via_id"].unique()))  # unique() keeps the missing value


# --- answers that passed although wrong, and right answers that failed (found by trying them) --------------
# Each entry: exercise, what the student did, the answer, and words the hint must contain. All of these were
# judged wrongly by the checks before: the first list said "correct!", the second "not yet".


def _events(ds):
    return ds.events


WRONG_BUT_PASSED = [
    # Exercise 8 asked for November 2024, where no event lies after the month: one bound gave the right count.
    (8, "only date_start >= 2024-11-01 (the old question's trap)",
     lambda ds: int((_events(ds)["date_start"] >= "2024-11-01").sum()), "from November on"),
    (8, "only the last possible day, copied from the example above the exercise",
     lambda ds: int((_events(ds)["date_end"] < "2024-11-01").sum()), "checked only the last possible day"),
    (8, "only the first possible day, both ends of the window",
     lambda ds: int(((_events(ds)["date_start"] >= "2024-01-01") & (_events(ds)["date_start"] <= "2024-10-31")).sum()),
     "first possible day only"),
    # Exercise 5 asked for France's first row: filtering on the actor alone, then .iloc[0], gave it.
    (5, "filter on the actor only, then .iloc[0]",
     lambda ds: ds.country_positions.loc[ds.country_positions["actor_id"] == "france", "evidence"].iloc[0], "its topic is"),
    (5, "filter on the topic only, then .iloc[0]",
     lambda ds: ds.country_positions.loc[ds.country_positions["topic_id"] == "long_range_strikes", "evidence"].iloc[0],
     "its actor is"),
    # Exercise 2 compared the ids only, although the question asks to keep every column.
    (2, "the right rows, one column kept",
     lambda ds: ds.statements.loc[ds.statements["mode"] == "direct_quote", ["statement_id"]], "keep all the columns"),
]

WRONG_WITH_A_VAGUE_HINT = [
    (1, "the rows without repeats", lambda ds: int(counted_mask(ds.statements).sum()), "repeats included"),
    (1, "size: rows times columns", lambda ds: ds.statements.size, "number of cells"),
    (1, "shape", lambda ds: ds.statements.shape, "(rows, columns)"),
    (1, "a method not called", lambda ds: ds.statements.count, "without calling it"),
    (1, "count() per column", lambda ds: ds.statements.count(), "Expected one number, got a pandas Series"),
    (2, "the True/False condition", lambda ds: ds.statements["mode"] == "direct_quote", "True/False condition"),
    (2, "a mistyped label", lambda ds: ds.statements[ds.statements["mode"] == "direct quote"], "empty"),
    (2, "another label", lambda ds: ds.statements[ds.statements["mode"] == "phrase"], "mode is 'phrase'"),
    (3, "repeats counted", lambda ds: ds.statements["speaker_id"].value_counts(), "include the statements that repeat"),
    (3, "groupby().count(), a DataFrame",
     lambda ds: ds.statements[counted_mask(ds.statements)].groupby("speaker_id").count(), "You gave a DataFrame"),
    (3, "another column counted", lambda ds: ds.statements[counted_mask(ds.statements)]["topic_id"].value_counts(),
     "count the speaker_id column"),
    (4, "a display name instead of an id", lambda ds: str(ds.actors.set_index("actor_id").loc[_busiest_person(ds), "name"]),
     "display name"),
    (4, "the busiest speaker of any kind",
     lambda ds: str(ds.statements[counted_mask(ds.statements)]["speaker_id"].value_counts().idxmax()), "not a person"),
    (4, "value_counts().head(1)", lambda ds: ds.statements[counted_mask(ds.statements)]["speaker_id"].value_counts().head(1),
     "index label"),
    (4, "a typo in the id", lambda ds: _busiest_person(ds).replace("_", "-"), "No actor has that id"),
    (5, "an empty Series (a typo in the topic id)",
     lambda ds: ds.country_positions.loc[(ds.country_positions["actor_id"] == "france")
                                         & (ds.country_positions["topic_id"] == "long_range_strike"), "evidence"], "empty"),
    (5, "the Series, not its string",
     lambda ds: ds.country_positions.loc[(ds.country_positions["actor_id"] == "france")
                                         & (ds.country_positions["topic_id"] == "long_range_strikes"), "evidence"], ".iloc[0]"),
    (5, "part of the right evidence", lambda ds: EXERCISES[5].solve(ds)[:30], "only part of the evidence"),
    (5, "a statement's evidence", lambda ds: ds.statements.set_index("statement_id").loc["macron_refused_rule_out_troops", "evidence"],
     "in ds.statements"),
    (6, "a percentage", lambda ds: EXERCISES[6].solve(ds) * 100, "percentage"),
    (6, "repeats counted", lambda ds: float(_article(ds, ds.statements)["speaker_id"].isin(
        ds.actors.loc[ds.actors["kind"] == "anonymous_source", "actor_id"]).mean()), "repeat"),
    (6, "the share of actors", lambda ds: float((ds.actors["kind"] == "anonymous_source").mean()), "among the actors"),
    (7, "repeats kept", lambda ds: set(ds.statements.loc[ds.statements["response"] == "denies", "statement_id"]), "repeat"),
    (7, "the statements denied", lambda ds: set(ds.statements.loc[ds.statements["response"] == "denies", "responds_to_id"]),
     "were denied"),
    (9, "unique() with the missing value", lambda ds: ds.statements["reported_via_id"].unique(), "missing value"),
    (9, "the speakers", lambda ds: set(ds.statements.loc[ds.statements["reported_via_id"].notna(), "speaker_id"]),
     "Those are the speakers"),
]

RIGHT_BUT_FAILED = [
    (2, "set_index('statement_id'): the ids are in the index",
     lambda ds: ds.statements[ds.statements["mode"] == "direct_quote"].set_index("statement_id")),
    (3, "value_counts().to_dict()",
     lambda ds: ds.statements[counted_mask(ds.statements)]["speaker_id"].value_counts().to_dict()),
]


@pytest.mark.parametrize(("number", "what", "answer", "hint"), WRONG_BUT_PASSED, ids=[w[1] for w in WRONG_BUT_PASSED])
def test_wrong_answers_that_used_to_pass_are_rejected_with_a_named_mistake(ds, number, what, answer, hint) -> None:
    result = checker(ds)(number, answer(ds))
    assert not result.correct, f"{what}: {result}"
    assert hint in repr(result), f"{what}: {result}"


@pytest.mark.parametrize(("number", "what", "answer", "hint"), WRONG_WITH_A_VAGUE_HINT, ids=[w[1] for w in WRONG_WITH_A_VAGUE_HINT])
def test_each_plausible_wrong_answer_gets_a_hint_that_names_its_mistake(ds, number, what, answer, hint) -> None:
    result = checker(ds)(number, answer(ds))
    assert not result.correct, f"{what}: {result}"
    assert hint in repr(result), f"{what}: {result}"
    right = EXERCISES[number].solve(ds)
    if isinstance(right, str):
        assert right not in repr(result)  # the hint never gives the answer away


@pytest.mark.parametrize(("number", "what", "answer"), RIGHT_BUT_FAILED, ids=[r[1] for r in RIGHT_BUT_FAILED])
def test_right_answers_in_another_reasonable_form_are_accepted(ds, number, what, answer) -> None:
    result = checker(ds)(number, answer(ds))
    assert result.correct, f"{what}: {result}"


@pytest.mark.parametrize("number", sorted(EXERCISES))
def test_every_trap_the_data_tells_apart_is_rejected_with_its_own_hint(ds, number) -> None:
    check = checker(ds)
    traps = trap_answers(ds, number)
    for i, (wrong, hint) in enumerate(traps):
        result = check(number, wrong)
        assert not result.correct, (hint, result)
        # its own hint, or that of an earlier trap the same answer falls into (two mistakes can give one value)
        assert hint in repr(result) or any(h in repr(result) for _, h in traps[:i]), (hint, result)


def test_the_traps_the_questions_are_built_around_differ_from_the_answer_in_the_data(ds) -> None:
    """If new data made a trap equal the right answer, the exercise would accept that mistake: say so here."""
    for number in (4, 5, 6, 7, 8):
        assert len(trap_answers(ds, number)) == len(EXERCISES[number].traps(ds)) - (number == 5) * _same_evidence(ds), number


def _same_evidence(ds) -> int:
    """Exercise 5's row and its backing statement may quote the same words: that trap is the answer itself."""
    right = EXERCISES[5].solve(ds)
    return int((ds.statements["evidence"] == right).sum())


def test_none_is_named_with_the_reason(ds) -> None:
    result = checker(ds)(1, None)
    assert not result.correct and "Your answer is None" in repr(result) and "print" in repr(result)
    assert "not answered yet" not in repr(result)


# --- in IPython: an answer cell that raised is not judged on its stale value -----------------------------


@pytest.fixture
def shell(ds):
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.user_ns.update(ds=ds, checker=checker)
    ip.run_cell("check = checker(ds)", store_history=True)
    try:
        yield ip
    finally:
        InteractiveShell.clear_instance()


def _run(shell, source: str):
    shell.run_cell(source, store_history=True)
    return shell.user_ns.get("_r")


def test_an_answer_cell_that_raised_is_reported_not_judged_on_its_earlier_value(shell) -> None:
    assert _run(shell, "answer_1 = len(ds.statements)") is None
    assert _run(shell, "_r = check(1, answer_1)").correct
    _run(shell, "answer_1 = len(ds.statement)")  # a typo: AttributeError, answer_1 keeps its earlier value
    result = _run(shell, "_r = check(1, answer_1)")
    assert not result.correct, result
    assert "stopped with an error (AttributeError" in repr(result) and "answer_1 was not updated" in repr(result)
    _run(shell, "answer_1 = len(ds.statements)")
    assert _run(shell, "_r = check(1, answer_1)").correct
    # another exercise's failing cell does not stop this one
    _run(shell, "answer_2 = ds.statements[ds.statements['mode'] = 'direct_quote']")  # SyntaxError
    assert _run(shell, "_r = check(1, answer_1)").correct
    assert "stopped with an error (SyntaxError" in repr(_run(shell, "_r = check(2, answer_2 if 'answer_2' in dir() else ...)"))


def test_print_on_the_right_of_the_equals_sign_is_explained(shell) -> None:
    _run(shell, "answer_1 = print(len(ds.statements))")
    result = _run(shell, "_r = check(1, answer_1)")
    assert not result.correct and "Your answer is None: print() shows a value but returns None" in repr(result)


def test_the_checker_watches_cells_once_however_often_it_is_made(shell) -> None:
    before = len(shell.events.callbacks["post_run_cell"])
    _run(shell, "check = checker(ds)")
    _run(shell, "check = checker(ds)")
    assert len(shell.events.callbacks["post_run_cell"]) == before


def test_an_answer_cell_that_raised_before_the_checker_was_made_is_reported_too(ds) -> None:
    """Re-running ``check = checker(ds)`` after a failed answer cell: the checker reads IPython's history."""
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    try:
        ip.user_ns.update(ds=ds, checker=checker, answer_1=len(ds.statements))  # a value left from an earlier run
        ip.run_cell("answer_1 = len(ds.statement)", store_history=True)
        ip.run_cell("check = checker(ds)", store_history=True)
        ip.run_cell("_r = check(1, answer_1)", store_history=True)
        result = ip.user_ns["_r"]
        assert not result.correct and "stopped with an error (AttributeError" in repr(result), result
    finally:
        InteractiveShell.clear_instance()

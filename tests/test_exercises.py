"""The tutorial's checks: right answers pass, wrong ones get hints that do not give the answer away."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.exercises import EXERCISES, SHARE_TOLERANCE, checker


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def _busiest_person(ds):
    said = ds.statements[ds.statements["repeats_id"].isna()].merge(ds.actors, left_on="speaker_id", right_on="actor_id")
    return str(said.loc[said["kind"] == "person", "speaker_id"].value_counts().idxmax())


def _anonymous_share(ds):
    said = ds.statements[ds.statements["repeats_id"].isna()]
    anonymous = ds.actors.loc[ds.actors["kind"] == "anonymous_source", "actor_id"]
    return said["speaker_id"].isin(anonymous).sum() / len(said)


# Each exercise answered the way a student might, written apart from helpers.exercises (not through ``ex.solve``).
HAND_WRITTEN = {
    1: lambda ds: ds.statements.shape[0],
    2: lambda ds: ds.statements.query("mode == 'direct_quote'"),
    3: lambda ds: ds.statements[ds.statements["repeats_id"].isna()].groupby("speaker_id", observed=True).size(),
    4: _busiest_person,
    5: lambda ds: ds.country_positions.query("actor_id == 'france' and topic_id == 'troops_to_ukraine'")["evidence"].item(),
    6: _anonymous_share,
    7: lambda ds: ds.statements.loc[(ds.statements["response"] == "denies") & ds.statements["repeats_id"].isna(),
                                     "statement_id"].tolist(),
    8: lambda ds: len(ds.events[(ds.events["date_start"] >= "2024-11-01") & (ds.events["date_end"] <= "2024-11-30")]),
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
                  ds.statements["repeats_id"].isna()):
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


def test_the_share_with_repeats_counted_is_a_direction_not_a_rounding_matter(ds) -> None:
    kinds = ds.actors.set_index("actor_id")["kind"]
    wrong = float((ds.statements["speaker_id"].map(kinds) == "anonymous_source").mean())
    exact = float((ds.statements.loc[ds.statements["repeats_id"].isna(), "speaker_id"].map(kinds) == "anonymous_source").mean())
    direction = "too high" if wrong > exact else "too low"
    assert abs(wrong - exact) > 0.005  # counting the repeats is a real mistake, not a rounding one
    for answer in (wrong, round(wrong, 3)):
        message = repr(checker(ds)(6, answer))
        assert direction in message and "decimals" not in message


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
    assert "Expected a whole number (int), got str" in repr(check(1, "36"))
    assert "Expected a pandas Series" in repr(check(3, {"a": 1}))


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


def test_expected_values_follow_the_data_not_constants(data_copy: Path, ds) -> None:
    """Drop one statement from a copy of the data: the old count is no longer accepted."""
    path = data_copy / "statements.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    used = set()
    for name in ("statements.csv", "country_positions.csv", "curator_notes.csv", "claim_statements.csv", "framing_terms.csv"):
        with open(data_copy / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                used.update(v for k, v in row.items() if k in ("responds_to_id", "repeats_id", "statement_id", "target_id")
                            and (name != "statements.csv" or k != "statement_id"))
    victim = next(i for i, r in enumerate(rows[1:], start=1) if r[0] not in used)
    del rows[victim]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
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
    assert "1 id(s) too many" in repr(check(9, ds.statements["reported_via_id"].unique()))  # the missing value counts as an extra id

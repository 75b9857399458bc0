"""The tutorial's exercises for goals 7-9 and its interpretive exercises: checked parts, traps, model answers (issue 22).

The exercises are questions about the shipped article (goal 8 traces Peskov's denial; the model answers cite
its double coding): this module tests them on that fixed input, whatever ``--data-dir`` says.
"""

from __future__ import annotations

import dataclasses

import pytest

from helpers.teaching import goals


@pytest.fixture(scope="module")
def ds(shipped_dataset):
    """The tutorial's data: the shipped article, whatever --data-dir says."""
    return shipped_dataset


@pytest.mark.parametrize("number", sorted(goals.GOALS))
def test_the_right_answer_passes_and_every_trap_gets_its_hint(ds, number: int) -> None:
    check = goals.checker(ds)
    ex = goals.GOALS[number]
    assert check(number, ex.solve(ds)).correct
    assert not check(number, ...).correct
    found = goals.traps(ds, number)
    assert found, "each exercise names at least one usual mistake"
    for wrong, hint in found:
        result = check(number, wrong)
        assert not result.correct and hint in result.message


def test_the_checker_still_checks_the_first_exercises(dataset) -> None:
    ds = dataset  # exercise 1 (a count) and goal 7 follow any package's data
    check = goals.checker(ds)
    assert check(1, len(ds.statements)).correct and not check(1, len(ds.statements) + 1).correct


def test_goal_7_counts_solid_frames_from_the_data(dataset) -> None:
    ds = dataset
    cp = ds.country_positions
    stated = cp[cp["basis"].astype(str) == "stated"]
    if stated.empty:  # a package without stated positions (a new corpus): no solid frame, and the model answer says so
        assert goals.GOALS[10].solve(ds) == 0
        assert "0 cells have a solid frame" in goals.model_answer(ds, 10)
        return
    first = stated.iloc[0]  # one cell (actor, topic) with a solid frame: remove its stated positions, however many
    cell = stated[(stated["actor_id"] == first["actor_id"]) & (stated["topic_id"] == first["topic_id"])]
    fewer = dataclasses.replace(ds, country_positions=cp.drop(index=cell.index))
    assert goals.GOALS[10].solve(fewer) == goals.GOALS[10].solve(ds) - 1
    assert f"{goals.GOALS[10].solve(fewer)} cells have a solid frame" in goals.model_answer(fewer, 10)


def test_goal_8_is_the_counted_rendering_and_its_span_is_its_evidence(ds) -> None:
    start = goals.GOALS[11].solve(ds)
    row = ds.statements[ds.statements["char_start"] == start].iloc[0]
    assert str(row["speaker_id"]) == "dmitry_peskov" and str(row["response"]) == "denies"
    assert ds.text(row["document_id"])[int(row["char_start"]):int(row["char_end"])] == row["evidence"]


def test_model_answers_argue_from_current_numbers(ds) -> None:
    assert str(goals.GOALS[12].solve(ds)) in goals.model_answer(ds, 12)
    assert "Reliability of what this answer rests on" in goals.model_answer(ds, 12)
    answer = goals.model_answer(ds, 13)
    assert answer.startswith("For:") and "Against:" in answer and "Conclusion:" in answer
    assert all(v in answer for v in goals.GOALS[13].solve(ds))
    assert f"{goals.GOALS[14].solve(ds):.3f}" in goals.model_answer(ds, 14)
    with pytest.raises(KeyError):
        goals.model_answer(ds, 99)

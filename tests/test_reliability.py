"""Krippendorff's alpha against published reference values, and the reliability tables built on it."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from helpers.analysis.counting import counted_mask
from helpers.analysis.reliability import (
    agreement_message,
    agreement_with_curators,
    alpha_nominal,
    bootstrap_interval,
    compare_with_curators,
    disagreements,
    markdown_table,
    reliability_table,
    units_to_code,
)
from tests._skips import rows_or_skip


def _long(rows: dict[str, list]) -> pd.DataFrame:
    """Coders as rows of a reliability-data matrix (None = not coded) to the long form the helpers take."""
    frame = pd.DataFrame(rows)
    return frame.stack().dropna().rename("value").rename_axis(["unit", "coder"]).reset_index()


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A: two observers, binary data.
TWO_OBSERVERS = {"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]}
# The same paper, section C: four observers, nominal data, missing values.
FOUR_OBSERVERS = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def test_two_observer_binary_example_gives_published_alpha() -> None:
    assert alpha_nominal(_long(TWO_OBSERVERS)) == pytest.approx(0.095, abs=5e-4)


def test_four_observer_example_with_missing_values_gives_published_alpha() -> None:
    assert alpha_nominal(_long(FOUR_OBSERVERS)) == pytest.approx(0.743, abs=5e-4)


def test_units_coded_once_do_not_count() -> None:
    base = _long(FOUR_OBSERVERS)
    lonely = pd.DataFrame({"unit": [99], "coder": ["A"], "value": [7]})
    assert alpha_nominal(pd.concat([base, lonely])) == pytest.approx(alpha_nominal(base))


def test_perfect_agreement_is_one_and_systematic_disagreement_is_negative() -> None:
    same = _long({"A": list("abcab"), "B": list("abcab")})
    crossed = _long({"A": list("abab"), "B": list("baba")})
    assert alpha_nominal(same) == 1.0
    assert alpha_nominal(crossed) < 0


def test_alpha_is_undefined_when_the_labels_never_vary() -> None:
    assert math.isnan(alpha_nominal(_long({"A": list("aaa"), "B": list("aaa")})))


def test_empty_label_is_a_category_of_its_own() -> None:
    """'No response' coded by one coder and 'denies' by the other is a disagreement, not a missing value."""
    long = _long({"A": ["", "denies", "", "disputes"], "B": ["denies", "denies", "", "disputes"]})
    assert alpha_nominal(long) < 1.0


def test_bootstrap_interval_is_reproducible_and_brackets_alpha() -> None:
    long = _long(FOUR_OBSERVERS)
    first = bootstrap_interval(long, resamples=500, seed=3)
    assert first == bootstrap_interval(long, resamples=500, seed=3)
    assert first[0] <= alpha_nominal(long) <= first[1]
    assert first[0] < first[1]


def _codings() -> pd.DataFrame:
    rows = []
    labels = {  # unit: (curator, second_coder, adjudicated, reason)
        "s1": ("denies", "denies", "denies", ""),
        "s2": ("disputes", "denies", "disputes", "the premise, not the report, is rejected"),
        "s3": ("", "", "", ""),
        "s4": ("denies", "denies", "denies", ""),
        "s5": ("", "disputes", "", "no earlier statement is answered"),
    }
    for unit, (curator, second, adjudicated, reason) in labels.items():
        rows += [
            {"unit_table": "statements", "unit_id": unit, "variable": "response", "coder": "curator", "value": curator, "reason": ""},
            {"unit_table": "statements", "unit_id": unit, "variable": "response", "coder": "second_coder", "value": second, "reason": ""},
            {"unit_table": "statements", "unit_id": unit, "variable": "response", "coder": "adjudicated", "value": adjudicated,
             "reason": reason},
            {"unit_table": "statements", "unit_id": unit, "variable": "mode", "coder": "curator", "value": "quote", "reason": ""},
            {"unit_table": "statements", "unit_id": unit, "variable": "mode", "coder": "second_coder", "value": "quote", "reason": ""},
        ]
    return pd.DataFrame(rows)


def test_reliability_table_has_one_row_per_variable_and_flags_tentative_ones() -> None:
    table = reliability_table(_codings(), resamples=200).set_index("variable")
    assert set(table.index) == {"statements.response", "statements.mode"}
    response = table.loc["statements.response"]
    assert (response["units"], response["agreed"]) == (5, 3)
    assert response["alpha"] == pytest.approx(alpha_nominal(
        _long({"A": ["denies", "disputes", "", "denies", ""], "B": ["denies", "denies", "", "denies", "disputes"]})))
    assert bool(response["tentative"])
    assert math.isnan(table.loc["statements.mode", "alpha"]) and not table.loc["statements.mode", "tentative"]


def test_adjudicated_rows_do_not_enter_alpha() -> None:
    codings = _codings()
    flipped = codings.copy()
    flipped.loc[flipped["coder"] == "adjudicated", "value"] = "denies"
    assert reliability_table(codings, resamples=50)["alpha"].equals(reliability_table(flipped, resamples=50)["alpha"])


def test_disagreements_list_each_differing_unit_with_its_adjudication() -> None:
    table = disagreements(_codings())
    assert list(table["unit_id"]) == ["s2", "s5"]
    s5 = table.set_index("unit_id").loc["s5"]
    assert (s5["curator"], s5["second_coder"], s5["adjudicated"]) == ("(none)", "disputes", "(none)")
    assert s5["reason"] == "no earlier statement is answered"


def test_student_agreement_lists_what_differs() -> None:
    alpha, differ = agreement_with_curators({"a": "denies", "b": "denies"}, {"a": "denies", "b": "disputes"})
    assert list(differ.itertuples(index=False)) == [("b", "denies", "disputes")]
    assert alpha < 1


def test_student_label_for_an_unknown_unit_is_refused() -> None:
    with pytest.raises(KeyError, match="zz"):
        agreement_with_curators({"zz": "denies"}, {"a": "denies"})


def test_units_to_code_pick_one_counted_statement_per_label(dataset) -> None:
    units = units_to_code(dataset.statements, "mode")
    statements = dataset.statements.set_index("statement_id")
    picked = statements.loc[units["statement_id"]]
    counted = dataset.statements[counted_mask(dataset.statements).to_numpy()]
    assert set(picked.index) <= set(counted["statement_id"])
    assert set(picked["mode"]) == set(counted["mode"].dropna())
    assert list(units.columns) == ["statement_id", "evidence"]


def test_student_who_copies_the_curators_agrees_fully_and_one_slip_shows_with_its_evidence(dataset) -> None:
    units = rows_or_skip(units_to_code(dataset.statements, "mode"), "statement to code for its mode")
    truth = dataset.statements.set_index("statement_id")["mode"].astype(str)
    answers = {sid: truth[sid] for sid in units["statement_id"]}
    alpha, differ = compare_with_curators(dataset.statements, answers, "mode")
    assert alpha == 1.0 and differ.empty
    slip = next(iter(answers))
    answers[slip] = "authorial" if truth[slip] != "authorial" else "paraphrase"
    alpha, differ = compare_with_curators(dataset.statements, answers, "mode")
    assert alpha < 1.0
    assert list(differ["statement_id"]) == [slip]
    assert differ.loc[0, "evidence"] == dataset.statements.set_index("statement_id").at[slip, "evidence"]


def test_agreement_message_counts_disagreements_without_giving_the_label_away() -> None:
    alpha, differ = agreement_with_curators({"a": "denies", "b": "qualifies"}, {"a": "denies", "b": "disputes"})
    message = agreement_message(alpha, differ, 2, 5)
    assert "2 of 5" in message and "on 1 " in message
    assert "disputes" not in message


def test_position_variables_count_only_candidates_both_coders_kept() -> None:
    rows = []
    for unit, exists, stance in (("p1", ("yes", "yes"), ("opposes", "opposes")), ("p2", ("no", "no"), ("", "")),
                                 ("p3", ("yes", "no"), ("supports", "")), ("p4", ("yes", "yes"), ("supports", "open"))):
        for coder, e, s in zip(("curator", "second_coder"), exists, stance, strict=True):
            rows.append({"unit_table": "country_positions", "unit_id": unit, "variable": "exists", "coder": coder, "value": e})
            rows.append({"unit_table": "country_positions", "unit_id": unit, "variable": "stance", "coder": coder, "value": s})
    table = reliability_table(pd.DataFrame(rows), resamples=20).set_index("variable")
    assert table.loc["country_positions.stance", "units"] == 2  # p1 and p4: p2 (both 'no') and p3 (split) are left out
    assert table.loc["country_positions.exists", "units"] == 4


def test_the_manuals_reliability_table_is_the_commands_output(shipped_dataset) -> None:
    # the manual reports the shipped package's double coding, whatever --data-dir says
    page = (Path(__file__).resolve().parent.parent / "docs" / "manual" / "reliability.md").read_text(encoding="utf-8")
    assert markdown_table(reliability_table(shipped_dataset.codings)) in page, "rerun: .venv/bin/python -m helpers.analysis.reliability"


def _table_one_variable_at_a_time(codings: pd.DataFrame, resamples: int, level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """The reliability table as it was computed before the array version: per variable, a pivot and two value counts."""
    from helpers.analysis import reliability

    independent = reliability._gated(codings[codings["coder"].isin(reliability.CODERS)])
    rows = []
    for (table, variable), group in independent.groupby(["unit_table", "variable"], sort=True, observed=True):
        long = group.assign(unit=group["unit_id"])
        paired = reliability._paired(group).dropna(subset=list(reliability.CODERS))
        agreed = int((paired["curator"] == paired["second_coder"]).sum())
        alpha = alpha_nominal(long)
        low, high = bootstrap_interval(long, resamples=resamples, level=level, seed=seed)
        rows.append({"variable": f"{table}.{variable}", "units": len(paired), "agreed": agreed,
                     "percent_agreement": round(100 * agreed / len(paired), 1) if len(paired) else float("nan"),
                     "alpha": alpha, "ci_low": low, "ci_high": high,
                     "tentative": bool(alpha < 0.8) if not math.isnan(alpha) else agreed < len(paired)})
    frame = pd.DataFrame(rows, columns=["variable", "units", "agreed", "percent_agreement", "alpha", "ci_low", "ci_high", "tentative"])
    return frame.sort_values(["alpha", "variable"], na_position="last", kind="stable").reset_index(drop=True)


def _awkward_codings() -> pd.DataFrame:
    """Codings a package may hold: a unit coded twice by one coder, by one coder only, by three rows; missing labels;
    labels that never vary; a gate one coder closed; labels outside ASCII."""
    rows = [("statements", "s1", "mode", "curator", "direct"), ("statements", "s1", "mode", "second_coder", "direct"),
            ("statements", "s2", "mode", "curator", "indirect"), ("statements", "s2", "mode", "second_coder", None),
            ("statements", "s3", "mode", "curator", "direct"), ("statements", "s3", "mode", "curator", "indirect"),
            ("statements", "s3", "mode", "second_coder", "indirect"), ("statements", "s4", "mode", "second_coder", "direct"),
            ("statements", "s5", "mode", "curator", "réfuté"), ("statements", "s5", "mode", "second_coder", "réfuté"),
            ("statements", "s5", "mode", "adjudicated", "direct"),
            ("statements", "s1", "tone", "curator", "flat"), ("statements", "s1", "tone", "second_coder", "flat"),
            ("statements", "s2", "tone", "curator", "flat"), ("statements", "s2", "tone", "second_coder", "flat")]
    for unit, exists, stance in (("p1", ("yes", "yes"), ("opposes", "opposes")), ("p2", ("yes", "no"), ("supports", "")),
                                 ("p3", ("yes", "yes"), ("supports", "open"))):
        for coder, e, s in zip(("curator", "second_coder"), exists, stance, strict=True):
            rows += [("country_positions", unit, "exists", coder, e), ("country_positions", unit, "stance", coder, s)]
    frame = pd.DataFrame(rows, columns=["unit_table", "unit_id", "variable", "coder", "value"])
    return frame.astype({"unit_id": "string", "variable": "string", "value": "string", "coder": "category", "unit_table": "category"})


@pytest.mark.parametrize("source", ["package", "awkward"])
def test_the_array_reliability_table_equals_the_per_variable_computation(source: str, dataset) -> None:
    from helpers.analysis import reliability

    codings = dataset.extra.get("codings") if source == "package" else _awkward_codings()
    codings = rows_or_skip(codings if codings is not None else [], "codings in the package under test")
    expected = _table_one_variable_at_a_time(codings, resamples=300, seed=5)
    pd.testing.assert_frame_equal(reliability._reliability_table(codings, resamples=300, level=0.95, seed=5), expected)

"""Exercises for the tutorial's goals 7-9 and two interpretive exercises, with checked parts and model answers (issue 22).

The tutorial's first exercises (:mod:`helpers.teaching.exercises`, numbers 1-9) ask for a number
or a table. These ask what a number *means*:

* 10 (goal 7, read a figure): how many cells of the stance matrix have a solid frame?
* 11 (goal 8, trace a fact): which rendering of Peskov's denial counts, and where does it begin?
* 12 (goal 9, an analysis of your own): recount notebook 11 per utterance.
* 13 (interpretive): is "refuted" framing? The checked part: the verbs that introduce each side.
* 14 (interpretive): what does a coverage of 0.909 prove?

Each has a checked part (``check(n, answer)``, with hints for the usual mistakes, never the answer)
and a model answer (:func:`model_answer`) that argues from numbers computed from the data, so it
stays right when the data changes. ``checker`` also checks exercises 1-9.

>>> from helpers import load_dataset
>>> check = checker(load_dataset())
>>> check(10, ...)
Exercise 10: not answered yet. Replace ... with your answer and run the cell again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from helpers.analysis import accounts, coding_status, story
from helpers.analysis.coverage import coverage_by_document
from helpers.analysis.tables import counted_statements
from helpers.dataset.load import Dataset
from helpers.teaching import exercises
from helpers.teaching.exercises import CheckResult, Exercise, Trap

__all__ = ["GOALS", "checker", "model_answer", "traps"]


def _cells(ds: Dataset, basis: tuple[str, ...]) -> int:
    cp = ds.country_positions
    return int(cp[cp["basis"].astype(str).isin(basis)][["actor_id", "topic_id"]].drop_duplicates().shape[0])


def _traps_10(ds: Dataset) -> list[Trap]:
    return [(_cells(ds, ("reported",)), "That is the number of dashed frames: a third party reports those positions."),
            (len(ds.country_positions), "That is every position: only the solid frames are the country's own words."),
            (_cells(ds, ("stated", "inferred")), "Dotted frames are inferred by the curator, not stated by the country.")]


def _denials(ds: Dataset) -> pd.DataFrame:
    st = ds.statements
    return st[(st["speaker_id"].isin(["dmitry_peskov", "kremlin"])) & (st["response"].astype(str) == "denies")]


def _counted_denial(ds: Dataset) -> int:
    counted = counted_statements(_denials(ds))
    return int(counted.sort_values("char_start")["char_start"].iloc[0])


def _traps_11(ds: Dataset) -> list[Trap]:
    first = int(_denials(ds)["char_start"].min())
    return [(first, "That is where the reader first meets the denial (the caption): a rendering that repeats the counted one (rule U3)."),
            (int(ds.statements.loc[ds.statements["statement_id"] == "moscow_refutes_claims", "char_start"].iloc[0]) if
             (ds.statements["statement_id"] == "moscow_refutes_claims").any() else None,
             "That is the standfirst: the body's rendering counts over a standfirst (U3 a).")]


def _stronger(ds: Dataset) -> pd.DataFrame:
    table = accounts.supported_statements(ds)
    counted = set(counted_statements(ds.statements)["statement_id"].astype(str))
    return table[table["statement_id"].astype(str).isin(counted) & (table["relation"].astype(str) == "stronger")]


def _traps_12(ds: Dataset) -> list[Trap]:
    acc = ds.tables.get("accounts") if "accounts" in ds.tables else getattr(ds, "accounts", None)
    rows = int((acc["relation"].astype(str) == "stronger").sum()) if acc is not None else None
    every = accounts.supported_statements(ds)
    return [(rows, "That counts accounts: one utterance has several. Count the article's counted statements, once each."),
            (int((every["relation"].astype(str) == "stronger").sum()), "That counts every rendering, captions and standfirsts "
             "included: keep the counted statements only (analysis.counted_statements).")]


def _denial_verbs(ds: Dataset) -> set[str]:
    verbs = story.framing_verbs(ds)
    return set(verbs.loc[verbs["side"] == "the denial", "verb"])


def _traps_13(ds: Dataset) -> list[Trap]:
    verbs = story.framing_verbs(ds)
    return [(set(verbs["verb"]), "Those are the verbs for every speaker: keep the side of the denial."),
            (set(verbs.loc[verbs["side"] == "the report", "verb"]), "Those introduce the report, the other side."),
            ({"refutes", "refuted", "dismissed"}, "Count every verb for that side, the neutral ones too ('said', 'stating'...): "
             "a verb leans only against the others.")]


def _share(ds: Dataset) -> float:
    table = coverage_by_document(ds.tables, ds.texts)
    return float(table["share with a fact"].iloc[0])


def _traps_14(ds: Dataset) -> list[Trap]:
    table = coverage_by_document(ds.tables, ds.texts)
    return [(float(table["character share in a fact"].iloc[0]), "That is the share of characters; the question asks for sentences."),
            (float(table["share with any annotation"].iloc[0]), "That counts every annotation, notes and mentions included: facts only.")]


#: The exercises of goals 7-9 and the interpretive ones, numbered after the tutorial's 1-9.
GOALS: dict[int, Exercise] = {
    10: Exercise(10, "Goal 7, read a figure. In notebook 03's stance matrix, how many cells have a solid frame (the country's "
                     "own words on record)? A whole number.", lambda ds: _cells(ds, ("stated",)), "int", traps=_traps_10),
    11: Exercise(11, "Goal 8, trace a fact. Peskov's denial is rendered several times. Give the char_start of the rendering "
                     "that counts (rule U3); ds.text(document_id)[char_start:char_end] must be its evidence.", _counted_denial, "int",
                 traps=_traps_11),
    12: Exercise(12, "Goal 9, an analysis of your own. Recount notebook 11 per utterance: of the article's counted statements, "
                     "how many does their primary account show rendered 'stronger'?", lambda ds: len(_stronger(ds)), "int",
                 traps=_traps_12),
    13: Exercise(13, "Is 'refuted' framing? First the checked part: the set of attribution verbs (story.framing_verbs) that "
                     "introduce the denial's side.", _denial_verbs, "set", traps=_traps_13),
    14: Exercise(14, "What does the coverage prove? First the checked part: the share of the article's sentences that carry a "
                     "fact (3 decimals).", _share, "float", traps=_traps_14),
}


def traps(ds: Dataset, number: int) -> list[Trap]:
    """The traps of exercise ``number`` that the data tells apart from the right answer (and that exist)."""
    ex = GOALS[number]
    expected = ex.solve(ds)
    return [(wrong, hint) for wrong, hint in ex.traps(ds)
            if wrong is not None and not exercises._same(ex, expected, exercises._normalise(ex, wrong))]


def _verbs_by_side(ds: Dataset) -> dict[str, list[str]]:
    verbs = story.framing_verbs(ds)
    return {side: sorted(set(group["verb"])) for side, group in verbs.groupby("side")}


def model_answer(ds: Dataset, number: int) -> str:
    """The model answer of exercise ``number`` (10-14), argued from numbers computed now."""
    if number == 10:
        return (f"{_cells(ds, ('stated',))} cells have a solid frame, {_cells(ds, ('reported',))} a dashed one and "
                f"{_cells(ds, ('inferred',))} a dotted one. The fill says what stance; the frame says on whose word. A reader who "
                "looks only at the colours reads a newspaper's report as a government's policy.")
    if number == 11:
        denials = _denials(ds).sort_values("char_start")
        return (f"The denial is rendered {len(denials)} times by the Kremlin's side; the one that counts begins at character "
                f"{_counted_denial(ds)} (the body's paraphrase). The caption and the standfirst come first and repeat it (U3 a): "
                f"counting every rendering would count one utterance {len(denials)} times.")
    if number == 12:
        n = len(_stronger(ds))
        names = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["name"].astype(str), strict=True))
        speakers = sorted({names.get(s, s) for s in _stronger(ds)["speaker_id"].astype(str)})
        note = coding_status.reliability_note(ds, ["comparisons.relation"])
        return (f"{n} of the article's utterances are rendered stronger than their primary account ({', '.join(speakers)}). Counted by "
                "accounts or by renderings the number is larger, because one utterance is relayed many times and rendered "
                f"several times in the article; per utterance is the count that answers 'how often did the article harden what "
                f"was said?'. {note}")
    if number == 13:
        sides = _verbs_by_side(ds)
        denial, report = sides.get("the denial", []), sides.get("the report", [])
        note = coding_status.reliability_note(ds, ["framing_terms.is_term", "framing_terms.kind", "comparisons.relation"])
        return ("For: the denial is introduced by verbs of disproof ('refutes', 'refuted', 'dismissed') while the report only "
                f"'suggested' (denial: {', '.join(denial)}; report: {', '.join(report)}), and the accounts of the same reply "
                "give doubt ('we don't know whether these reports are true'), not a refutation: the verb settles a question "
                "the speaker left open. Against: 'refute' is common usage for 'deny' in wire copy, and other outlets used "
                "'dismissed' and 'rejected' for the same reply; the text also uses neutral verbs for the denial ('said', "
                "'stating'); an attribution verb is a sourcing word, not an adopted judgement (codebook F2), and by itself it "
                "says what the text reports, not what it thinks. Conclusion: the verb leans, in this text and in much of the "
                "coverage; what shows it is the comparison with the accounts, not the word alone. " + note)
    if number == 14:
        table = coverage_by_document(ds.tables, ds.texts).iloc[0]
        return (f"{table['share with a fact']:.3f} of the sentences ({table['sentences with a fact']} of {table['sentences']}) carry "
                "at least one fact, and the validator finds every span's characters equal to its evidence. That proves the "
                "quotations: each fact is anchored in words the text contains. It proves nothing about the interpretations "
                "laid on them (speaker, response, stance, position): those are judgements, measured by the double coding "
                "(notebook 08), and a perfectly anchored fact can still be wrongly read. The sentences without a fact are page "
                "furniture, so a higher share would not mean a better reading.")
    raise KeyError(f"no model answer for exercise {number}; there are {sorted(GOALS)}")


def checker(ds: Dataset) -> Callable[[int, Any], CheckResult]:
    """``check(number, answer)`` for exercises 1-14: 1-9 as in :mod:`helpers.teaching.exercises`, 10-14 here."""
    first = exercises.checker(ds)

    def check(number: int, answer: Any) -> CheckResult:
        if number not in GOALS:
            return first(number, answer)
        if answer is ...:
            return CheckResult(number, False, "not answered yet. Replace ... with your answer and run the cell again.")
        if answer is None:
            return CheckResult(number, False, "not yet: the answer is None (did you print it instead of assigning it?).")
        ex = GOALS[number]
        expected = ex.solve(ds)
        result = exercises._compare(ex, expected, answer)
        if result.correct:
            return result
        for wrong, hint in traps(ds, number):
            if exercises._same(ex, exercises._normalise(ex, wrong), answer):
                return CheckResult(number, False, f"not yet. {hint}")
        return result

    return check

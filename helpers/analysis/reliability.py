"""Inter-coder reliability of the dataset's judgements: Krippendorff's alpha for nominal labels.

Every judgement variable (a statement's speaker, response, stance...; a position's
stance and basis; an event's date basis...) was coded twice, blind, and both
codings are in the package's ``codings`` table, one row per unit, variable and
coder. This module measures how far the two agree:

* :func:`alpha_nominal` -- Krippendorff's alpha for nominal data, computed from
  the coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's
  Alpha-Reliability", Departmental Papers (ASC) 43, University of Pennsylvania.
  Any number of coders, missing values allowed; a unit coded by fewer than two
  coders is not pairable and does not count.
* :func:`bootstrap_interval` -- a percentile interval from resampling units.
* :func:`reliability_table` -- alpha per variable, with its interval.
* :func:`disagreements` -- every unit on which the coders differ, with the
  adjudicated label and the reason.
* :func:`agreement_with_curators` -- a student's labels against the curators'.

An empty value is a label of its own ("none": the coder found no response, no
target...), not a missing coding; a coding that was not made has no row.

>>> units = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3], "coder": list("ababab"), "value": list("xxyyxy")})
>>> round(alpha_nominal(units), 3)
0.444
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.analysis.counting import counted_renderings

__all__ = [
    "CODERS",
    "TENTATIVE_BELOW",
    "agreement_message",
    "agreement_with_curators",
    "alpha_nominal",
    "bootstrap_interval",
    "compare_with_curators",
    "disagreements",
    "markdown_table",
    "reliability_table",
    "units_cited_in",
    "units_to_code",
    "value_counts",
]

# The two independent codings compared; "adjudicated" is the label that was kept.
CODERS = ("curator", "second_coder")
# Krippendorff's customary threshold: below it a variable's labels are reported as tentative.
TENTATIVE_BELOW = 0.8
#: The bootstrap's resamples and seed (fixed, so the interval is the same on every run).
RESAMPLES = 2000
SEED = 0
NONE_LABEL = "(none)"
#: Variables that only apply once a unit passes a gate: a candidate position's stance, basis... are compared only on
#: the candidates both coders kept (``exists`` = yes for both); elsewhere both are empty by construction, which would
#: count as agreement and inflate alpha.
#: Several gates per table are allowed: ``{table: ((gate variable, open values), ...)}``; a gate applies to the table's other
#: variables. The story tables' gates (issue 22): a framing candidate's kind, use, speaker
#: and statement only where both coders call it a term; a voice's role and presence only where both list the party; an
#: event pair's basis only where both order the pair.
GATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "country_positions": (("exists", ("yes",)),),
    "framing_terms": (("is_term", ("yes",)),),
    "expected_voices": (("listed", ("yes",)),),
    "event_links": (("order", ("event_1_first", "event_2_first")),),
}



def value_counts(codings: pd.DataFrame, *, unit: str = "unit", value: str = "value") -> pd.DataFrame:
    """Units x values: how many coders gave each value to each unit (the "values by units" matrix).

    ``codings`` has one row per unit and coder. Units coded by fewer than two coders are
    dropped: they cannot be paired.

    >>> df = pd.DataFrame({"unit": [1, 1, 2], "value": ["a", "b", "a"]})
    >>> value_counts(df)
       a  b
    1  1  1
    """
    labels = codings[value].astype("string").fillna("")
    pairs = pd.DataFrame({"unit": codings[unit].to_numpy(dtype=object), "value": labels.to_numpy(dtype=object)})
    counts = pairs.groupby(["unit", "value"], sort=True).size().unstack(fill_value=0)
    counts.index.name, counts.columns.name = None, None
    return counts[counts.sum(axis=1) >= 2]


def _alpha_from_counts(counts: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Alpha for one matrix of value counts (units x values), once per row of ``weights`` (resamples x units).

    With ``m_u`` values in unit ``u`` and ``n_uc`` of them equal to ``c``, the unit adds
    ``(m_u**2 - sum_c n_uc**2) / (m_u - 1)`` to the off-diagonal of the coincidence matrix and
    ``n_uc`` to the total of value ``c``; with ``n`` pairable values in all,
    ``alpha = 1 - (n - 1) * sum(off-diagonal) / (n**2 - sum_c n_c**2)``.
    """
    m = counts.sum(axis=1)
    disagreement = (m**2 - (counts**2).sum(axis=1)) / (m - 1)
    if weights is None:
        weights = np.ones((1, len(counts)))
    totals = weights @ counts  # n_c, per resample
    n = totals.sum(axis=1)
    expected = n**2 - (totals**2).sum(axis=1)
    observed = weights @ disagreement
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * observed / expected, np.nan)


def alpha_nominal(codings: pd.DataFrame, *, unit: str = "unit", value: str = "value") -> float:
    """Krippendorff's alpha for nominal labels; NaN when the labels never vary (alpha is undefined then).

    Krippendorff's worked example (2011, section C: four coders, twelve units, missing values):

    >>> rows = {"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    ...         "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    ...         "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    ...         "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]}
    >>> long = pd.DataFrame(rows).stack().dropna().rename("value").rename_axis(["unit", "coder"]).reset_index()
    >>> round(alpha_nominal(long), 3)
    0.743
    """
    counts = value_counts(codings, unit=unit, value=value)
    if counts.empty:
        return float("nan")
    return float(_alpha_from_counts(counts.to_numpy(dtype=float))[0])


def bootstrap_interval(
    codings: pd.DataFrame, *, unit: str = "unit", value: str = "value", resamples: int = RESAMPLES, level: float = 0.95, seed: int = SEED
) -> tuple[float, float]:
    """A percentile interval for alpha from resampling units with replacement (seeded, so reproducible).

    This resamples whole units (the usual non-parametric bootstrap), not the pairable values
    of Hayes and Krippendorff's (2007) procedure; with a few dozen units per variable the
    interval is wide, which is the honest answer.
    """
    return _interval(value_counts(codings, unit=unit, value=value).to_numpy(dtype=float), resamples, level, seed)


def _interval(counts: np.ndarray, resamples: int, level: float, seed: int) -> tuple[float, float]:
    """The percentile interval of :func:`bootstrap_interval` from the matrix of value counts (units x values)."""
    if len(counts) == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(counts), np.full(len(counts), 1 / len(counts)), size=resamples).astype(float)
    alphas = _alpha_from_counts(counts, weights)
    alphas = alphas[~np.isnan(alphas)]
    if len(alphas) == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2
    low, high = np.quantile(alphas, [tail, 1 - tail])
    return float(low), float(high)


def _paired(codings: pd.DataFrame) -> pd.DataFrame:
    """The two independent codings of each unit and variable, side by side, with the adjudicated label and reason."""
    codings = codings.assign(value=codings["value"].astype("string").fillna(""))
    keys = ["unit_table", "unit_id", "variable"]
    wide = codings.pivot_table(index=keys, columns="coder", values="value", aggfunc="first", observed=True)
    wide = wide.reindex(columns=[*CODERS, "adjudicated"])
    reasons = codings[codings["coder"] == "adjudicated"].set_index(keys)["reason"] if "reason" in codings else None
    wide["reason"] = reasons.reindex(wide.index) if reasons is not None else pd.NA
    wide.columns.name = None
    return wide.reset_index()


def _gated(codings: pd.DataFrame) -> pd.DataFrame:
    """Drop the codings of gated variables (:data:`GATES`) on units that not every coder let through the gate."""
    keep = pd.Series(True, index=codings.index)
    for table, gates_of_table in GATES.items():
        for gate, open_values in gates_of_table:
            gates = codings[(codings["unit_table"] == table) & (codings["variable"] == gate)]
            value = gates["value"].astype("string").fillna("")
            passed = value.isin(list(open_values)).groupby(gates["unit_id"]).all()
            closed = set(passed[~passed].index)
            keep &= ~((codings["unit_table"] == table) & (codings["variable"] != gate) & codings["unit_id"].isin(closed))
    return codings[keep]


#: tables already computed in this process, by the content of the codings and the parameters (the bootstrap is seeded, so a
#: table depends on nothing else): a notebook that shows the table and then the chart pays for the bootstrap once
_COMPUTED: dict[tuple, pd.DataFrame] = {}


def reliability_table(
    codings: pd.DataFrame, *, resamples: int = RESAMPLES, level: float = 0.95, seed: int = SEED
) -> pd.DataFrame:
    """Alpha per variable (``unit_table.variable``), with its bootstrap interval and agreement counts.

    Columns: ``variable``, ``units`` (coded by both), ``agreed``, ``percent_agreement``, ``alpha``,
    ``ci_low``, ``ci_high``, ``tentative`` (alpha below :data:`TENTATIVE_BELOW`, or undefined while
    the coders disagree somewhere). Sorted from the least to the most reliable. Gated variables
    (:data:`GATES`) count only the units every coder let through the gate.
    """
    key = (tuple(codings.columns), tuple(pd.util.hash_pandas_object(codings.astype(str), index=False)), resamples, level, seed)
    if key not in _COMPUTED:
        if len(_COMPUTED) >= 8:
            _COMPUTED.clear()
        _COMPUTED[key] = _reliability_table(codings, resamples=resamples, level=level, seed=seed)
    return _COMPUTED[key].copy()


def _reliability_table(codings: pd.DataFrame, *, resamples: int, level: float, seed: int) -> pd.DataFrame:
    """The table, computed with arrays: one pass over the codings instead of a pivot and two value counts per variable.

    Per variable the same quantities as :func:`_paired`, :func:`alpha_nominal` and :func:`bootstrap_interval`
    (the same matrix of value counts, units and values in sorted order, so the same seeded resamples);
    ``tests/test_reliability.py`` holds it to those functions on the shipped codings and on hostile ones.
    """
    independent = _gated(codings[codings["coder"].isin(CODERS)])
    independent = independent[independent["unit_id"].notna()]
    units = independent["unit_id"].to_numpy(dtype=object)
    values = independent["value"].astype("string").fillna("").to_numpy(dtype=object)
    second = (independent["coder"].astype(str) == CODERS[1]).to_numpy()
    rows = []
    groups = independent.groupby(["unit_table", "variable"], sort=True, observed=True).indices
    for (table, variable), at in sorted(groups.items()):
        counts, agreed, paired = _variable_counts(units[at], values[at], second[at])
        alpha = float(_alpha_from_counts(counts)[0]) if len(counts) else float("nan")
        low, high = _interval(counts, resamples, level, seed)
        rows.append(
            {
                "variable": f"{table}.{variable}",
                "units": paired,
                "agreed": agreed,
                "percent_agreement": round(100 * agreed / paired, 1) if paired else float("nan"),
                "alpha": alpha,
                "ci_low": low,
                "ci_high": high,
                "tentative": bool(alpha < TENTATIVE_BELOW) if not np.isnan(alpha) else agreed < paired,
            }
        )
    table = pd.DataFrame(rows, columns=["variable", "units", "agreed", "percent_agreement", "alpha", "ci_low", "ci_high", "tentative"])
    return table.sort_values(["alpha", "variable"], na_position="last", kind="stable").reset_index(drop=True)


def _variable_counts(units: np.ndarray, values: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, int, int]:
    """One variable's value counts (pairable units x values, both sorted), and the units both coders coded and agreed on.

    A unit's label per coder is the first of its rows (as :func:`_paired` takes it); the counts take every row
    (as :func:`value_counts` does).
    """
    unit_ids, unit_at = np.unique(units, return_inverse=True)
    labels, label_at = np.unique(values, return_inverse=True)
    counts = np.zeros((len(unit_ids), len(labels)))
    np.add.at(counts, (unit_at, label_at), 1)
    first = np.full((2, len(unit_ids)), -1)
    for coder in (0, 1):
        rows = np.flatnonzero(second == bool(coder))
        seen, where = np.unique(unit_at[rows], return_index=True)  # the first row of each unit
        first[coder, seen] = label_at[rows[where]]
    both = (first >= 0).all(axis=0)
    agreed = int((first[0, both] == first[1, both]).sum())
    return counts[counts.sum(axis=1) >= 2], agreed, int(both.sum())


def disagreements(codings: pd.DataFrame) -> pd.DataFrame:
    """Every unit and variable on which the two independent codings differ, with the adjudicated label and reason.

    An empty label shows as ``(none)``.
    """
    paired = _paired(codings).dropna(subset=list(CODERS))
    differ = paired[paired[CODERS[0]] != paired[CODERS[1]]].copy()
    for column in (*CODERS, "adjudicated"):
        differ[column] = differ[column].replace("", NONE_LABEL)
    return differ.reset_index(drop=True)


def agreement_with_curators(answers: dict[str, str], curators: dict[str, str]) -> tuple[float, pd.DataFrame]:
    """A student's labels against the curators' for the same units: alpha and the units where they differ.

    ``answers`` and ``curators`` map a unit id to a label. Units the student left out do not count.

    >>> alpha, differ = agreement_with_curators({"a": "denies", "b": "disputes"}, {"a": "denies", "b": "denies", "c": "disputes"})
    >>> list(differ["unit"])
    ['b']
    """
    unknown = sorted(set(answers) - set(curators))
    if unknown:
        raise KeyError(f"no curator label for unit(s) {unknown}")
    rows = [{"unit": u, "coder": "student", "value": v} for u, v in answers.items()]
    rows += [{"unit": u, "coder": "curators", "value": curators[u]} for u in answers]
    long = pd.DataFrame(rows, columns=["unit", "coder", "value"])
    alpha = alpha_nominal(long) if len(answers) else float("nan")
    differ = pd.DataFrame(
        [{"unit": u, "yours": v, "curators": curators[u]} for u, v in answers.items() if v != curators[u]],
        columns=["unit", "yours", "curators"],
    )
    return alpha, differ


def units_to_code(statements: pd.DataFrame, variable: str = "mode", per_label: int = 1) -> pd.DataFrame:
    """A handful of counted statements for a student to label: ``per_label`` of each label the curators used, in text order.

    Picked from the data (never typed in), so the exercise stays right when the data changes.
    Only the id and the evidence are returned: the label is the student's to find.
    """
    counted = counted_renderings(statements)
    picked = counted.groupby(variable, observed=True, sort=False).head(per_label)
    return picked.sort_values(["document_id", "char_start"])[["statement_id", "evidence"]].reset_index(drop=True)


def compare_with_curators(statements: pd.DataFrame, answers: dict[str, str], variable: str = "mode") -> tuple[float, pd.DataFrame]:
    """A student's labels for some statements against the curators' adjudicated labels.

    Returns alpha over the units the student labelled, and the disagreements, each next to its evidence.
    An empty dict gives NaN and an empty table.
    """
    indexed = statements.set_index("statement_id")
    curators = {sid: ("" if pd.isna(v) else str(v)) for sid, v in indexed[variable].items()}
    alpha, differ = agreement_with_curators(answers, curators)
    differ = differ.rename(columns={"unit": "statement_id"})
    differ.insert(1, "evidence", [indexed.at[sid, "evidence"] for sid in differ["statement_id"]])
    return alpha, differ


def agreement_message(alpha: float, differ: pd.DataFrame, labelled: int, offered: int) -> str:
    """One line telling a student how their labels compare with the curators' (no label is given away).

    >>> agreement_message(float("nan"), pd.DataFrame(), 0, 6)
    'No labels yet: fill in my_labels with one label per statement above, then run this cell again.'
    >>> agreement_message(1.0, pd.DataFrame(), 6, 6)
    'You labelled 6 of 6 statements and agree with the curators on all of them (alpha = 1.000).'
    """
    if labelled == 0:
        return "No labels yet: fill in my_labels with one label per statement above, then run this cell again."
    agreed = labelled - len(differ)
    shown = "undefined (one label only)" if pd.isna(alpha) else f"{alpha:.3f}"
    if differ.empty:
        return f"You labelled {labelled} of {offered} statements and agree with the curators on all of them (alpha = {shown})."
    return (f"You labelled {labelled} of {offered} statements and agree with the curators on {agreed} (alpha = {shown}). "
            "The table below shows each disagreement next to its evidence: reread the codebook rule, then decide who is right.")


def units_cited_in(text: str, unit_ids: pd.Series) -> set[str]:
    """The unit ids that a text (the codebook) names in backticks: its worked examples.

    A second coder who read the codebook was shown the label of these units, so agreement on
    them is partly taught; :func:`reliability_table` on the other units is the stricter figure.

    >>> sorted(units_cited_in("as in `peskov_denies` and `x`", pd.Series(["peskov_denies", "other"])))
    ['peskov_denies']
    """
    import re

    cited = set(re.findall(r"`([a-z0-9_]+)`", text))
    return {str(u) for u in unit_ids.dropna().unique() if str(u) in cited}


def markdown_table(table: pd.DataFrame) -> str:
    """The reliability table as GitHub Markdown, the form the manual quotes (docs/manual/reliability.md).

    >>> print(markdown_table(pd.DataFrame([{"variable": "statements.mode", "units": 3, "agreed": 3, "percent_agreement": 100.0,
    ...       "alpha": 1.0, "ci_low": 1.0, "ci_high": 1.0, "tentative": False}])))
    | variable | units | agreed | % agreement | alpha | 95% interval | tentative |
    |---|---:|---:|---:|---:|---|---|
    | statements.mode | 3 | 3 | 100.0 | 1.000 | 1.000 to 1.000 |  |
    """

    def number(x: float) -> str:
        return "undefined" if pd.isna(x) else f"{x:.3f}"

    lines = [
        "| variable | units | agreed | % agreement | alpha | 95% interval | tentative |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for row in table.itertuples(index=False):
        interval = "" if pd.isna(row.ci_low) else f"{number(row.ci_low)} to {number(row.ci_high)}"
        lines.append(f"| {row.variable} | {row.units} | {row.agreed} | {row.percent_agreement} | {number(row.alpha)} | {interval} | "
                     f"{'tentative' if row.tentative else ''} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.analysis.reliability [DATA_DIR]``: print the per-variable reliability table (the manual's, docs/manual/reliability.md)."""
    import argparse

    from helpers.dataset.load import load_dataset

    parser = argparse.ArgumentParser(prog="python -m helpers.analysis.reliability", description=main.__doc__)
    parser.add_argument("data_dir", nargs="?", help="folder holding datapackage.json (default: the project's data/)")
    args = parser.parse_args(argv)
    ds = load_dataset(args.data_dir)
    print(markdown_table(reliability_table(ds.codings)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Which judgements were double-coded, how reliable each is, and what rests on one coding only (issue 22).

Notebook 08 reports every table's status from :func:`table_status`; notebooks 10 and 11 put the
reliability of what an answer rests on next to the answer, with :func:`reliability_note`.

* :func:`table_status` -- one row per table of the package that holds judgements: double-coded
  (with its lowest alpha, on all units and without the codebook's examples) or coded once.
* :func:`example_units` -- the units the codebook names as worked examples, compound units
  (``claim__statement``) included.
* :func:`flags` -- every double-coded variable with both alphas and a flag when either is under 0.8.
* :func:`disagreements_in_scope` -- the disagreements, each marked with whether it enters alpha
  (a gated variable on a unit one coder closed does not).
* :func:`reliability_note` -- one sentence on the reliability of the named variables, for an answer.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis import reliability
from helpers.dataset.load import Dataset

__all__ = ["NOT_JUDGEMENTS", "ONCE_REASON", "disagreements_in_scope", "example_units", "flags", "reliability_note", "table_status"]

#: Tables that hold no coder's judgement, and why.
NOT_JUDGEMENTS = {
    "documents": "metadata of the texts",
    "topics": "definitions the codebook uses",
    "event_crosswalk": "a published mapping, with its sources",
    "codings": "the codings themselves",
}
#: Why a table of judgements was coded once, where there is a reason beyond "not yet".
ONCE_REASON = {
    "curator_notes": "a note's text names the labels of other variables and would unblind a second coder",
    "actors": "names and kinds are read off the text",
    "mentions": "where an actor is named: read off the text",
    "utterances": "built from the renderings (dataset 2.0); not yet double-coded",
    "comparisons": "the relation is double-coded (the 1.1 accounts' relation, re-keyed in 2.0)",
}


def _codebook(ds: Dataset) -> str:
    return (ds.data_dir / "CODEBOOK.md").read_text(encoding="utf-8")


def example_units(codebook: str, unit_ids: pd.Series) -> set[str]:
    """The units the codebook names in backticks; a compound unit (``a__b``) counts when every part is named.

    >>> sorted(example_units("`talks_revived` and `united_kingdom`, `x`", pd.Series(["talks_revived__united_kingdom", "talks_revived__france", "x"])))
    ['talks_revived__united_kingdom', 'x']
    """
    cited = set(re.findall(r"`([a-z0-9_]+)`", codebook))
    return {str(u) for u in unit_ids.dropna().unique() if str(u) in cited or all(part in cited for part in str(u).split("__"))}


def flags(ds: Dataset, codings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every double-coded variable: units and alpha on all units and on the units that are not codebook examples, and a flag.

    ``flag`` is ``under 0.8`` when alpha on all units is below :data:`reliability.TENTATIVE_BELOW`,
    ``under 0.8 without the examples`` when only the stricter figure is, empty otherwise; alpha
    undefined (one label throughout) with disagreements is flagged too. Least reliable first.
    ``codings`` replaces the package's codings (to see how a change would move the flags). A package without
    codings has no double-coded variable: the table is empty, and :func:`table_status` reports every table coded once.
    """
    codings = ds.extra.get("codings") if codings is None else codings
    if codings is None or codings.empty:  # a package without codings (e.g. a corpus): nothing is double-coded
        return pd.DataFrame(columns=["units", "alpha", "units_without_examples", "alpha_without_examples", "flag"],
                            index=pd.Index([], name="variable", dtype=object))
    everything = reliability.reliability_table(codings, resamples=200)
    examples = example_units(_codebook(ds), codings["unit_id"])
    strict = reliability.reliability_table(codings[~codings["unit_id"].isin(examples)], resamples=200)
    columns = ["units", "alpha", "tentative"]
    table = everything.set_index("variable")[columns].join(
        strict.set_index("variable")[columns].add_suffix("_without_examples"))
    low = reliability.TENTATIVE_BELOW

    def flag(row: pd.Series) -> str:
        if bool(row["tentative"]):
            return f"under {low}"
        if pd.notna(row["tentative_without_examples"]) and bool(row["tentative_without_examples"]):
            return f"under {low} without the examples"
        return ""

    table["flag"] = table.apply(flag, axis=1)
    table = table.drop(columns=["tentative", "tentative_without_examples"])
    table["units_without_examples"] = table["units_without_examples"].fillna(0).astype(int)
    order = table[["alpha_without_examples", "alpha"]].min(axis=1, skipna=True)
    return table.assign(_o=order).sort_values(["_o"], na_position="last", kind="stable").drop(columns="_o")


def table_status(ds: Dataset) -> pd.DataFrame:
    """One row per table holding judgements: double-coded (blind, alpha per variable) or coded once, and why.

    Columns: ``table``, ``status``, ``variables double-coded``, ``lowest alpha``, ``lowest alpha without
    examples``, ``flagged`` (variables under 0.8 on either figure), ``note``. Tables in the package's order.
    """
    coded = flags(ds)
    coded_tables = coded.index.str.split(".").str[0]
    rows = []
    for name in ds.all_tables:
        if name in NOT_JUDGEMENTS:
            continue
        mine = coded[coded_tables == name]
        if len(mine):
            rows.append({"table": name, "status": "double-coded, blind",
                         "variables double-coded": ", ".join(v.split(".", 1)[1] for v in mine.index),
                         "lowest alpha": round(float(mine["alpha"].min()), 3) if mine["alpha"].notna().any() else float("nan"),
                         "lowest alpha without examples": round(float(mine["alpha_without_examples"].min()), 3)
                         if mine["alpha_without_examples"].notna().any() else float("nan"),
                         "flagged": ", ".join(v.split(".", 1)[1] for v in mine.index[mine["flag"] != ""]),
                         "note": ""})
        else:
            rows.append({"table": name, "status": "coded once", "variables double-coded": "", "lowest alpha": float("nan"),
                         "lowest alpha without examples": float("nan"), "flagged": "",
                         "note": ONCE_REASON.get(name, "one curator's reading: no second coding yet")})
    return pd.DataFrame(rows).set_index("table")


def disagreements_in_scope(codings: pd.DataFrame) -> pd.DataFrame:
    """:func:`reliability.disagreements` with ``in alpha``: False where a gate kept the unit out of alpha.

    A candidate position one coder rejected (``exists`` = no) has its stance empty for that coder: the
    two codings differ, but alpha for stance is computed only on candidates both kept. So a variable can
    show 100 % agreement in the reliability table and still list disagreements here.
    """
    differ = reliability.disagreements(codings)
    kept = reliability._gated(codings[codings["coder"].isin(reliability.CODERS)])
    keys = set(zip(kept["unit_table"].astype(str), kept["unit_id"].astype(str), kept["variable"].astype(str), strict=True))
    rows = zip(differ["unit_table"], differ["unit_id"], differ["variable"], strict=True)
    differ["in alpha"] = [(str(t), str(u), str(v)) in keys for t, u, v in rows]
    return differ


def reliability_note(ds: Dataset, variables: list[str]) -> str:
    """One sentence on the reliability of ``table.variable`` names, for the answer that rests on them.

    Double-coded variables give their alpha (and the stricter figure where it is lower); a variable of a
    table coded once says so.
    """
    coded = flags(ds)
    parts = []
    for variable in variables:
        if variable in coded.index:
            row = coded.loc[variable]
            text = f"{variable}: alpha {row['alpha']:.2f}" if pd.notna(row["alpha"]) else f"{variable}: alpha undefined"
            if pd.notna(row["alpha_without_examples"]) and (pd.isna(row["alpha"]) or row["alpha_without_examples"] < row["alpha"]):
                text += f" ({row['alpha_without_examples']:.2f} without the codebook's examples)"
            if row["flag"]:
                text += ", tentative"
            parts.append(text)
        else:
            parts.append(f"{variable}: coded once (no second coding)")
    return "Reliability of what this answer rests on: " + "; ".join(parts) + "."

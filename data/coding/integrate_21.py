"""Integrate the blind second coding of the reply's renderings (issue 21) into ``data/codings.csv``, with alpha.

    .venv/bin/python data/coding/integrate_21.py /work/staging/packets/21/coder2/answers.csv
    .venv/bin/python data/coding/integrate_21.py --alpha          # alpha per variable from data/codings.csv

Reads the unit map (``units_21.csv``: neutral unit ids u01… to statement ids), the first coding frozen when the
packet was built (``curator_labels_21.csv``), the second coder's answers, and the adjudication of every
disagreement (``adjudication_21.csv``: the value kept and why). Replaces, in ``data/codings.csv``, the rows of
these units and variables (so it can be rerun) with three codings each: ``curator``, ``second_coder`` and
``adjudicated`` (the value in the data now, with the reason where the coders differ). Writes the disagreements
still lacking an adjudication to ``open_disagreements_21.csv`` and prints alpha per variable, computed with
:func:`helpers.analysis.reliability.reliability_table` on these units only. ``response`` on the renderings of the
reply itself (``peskov_refuted_report``) is its doubt-or-denial, reported as its own line.

Values are compared as the coders wrote them, with surrounding space removed and ``rendering_verb`` in lower case
(the codebook asks for lower case); an empty value is the category "none".
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

HEADER = ["unit_table", "unit_id", "variable", "coder", "value", "reason"]
REPLY = "peskov_refuted_report"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def _norm(variable: str, value: str | None) -> str:
    value = " ".join((value or "").split())
    return value.lower() if variable == "rendering_verb" else value


def main(answers: Path) -> int:
    units = {u["unit_id"]: u for u in _read(HERE / "units_21.csv")}
    first = {(r["unit_id"], r["variable"]): r["value"] for r in _read(HERE / "curator_labels_21.csv")}
    second = {}
    for a in _read(answers):
        unit = units.get((a.get("unit_id") or "").strip())
        variable = (a.get("variable") or "").strip()
        if unit is None or variable not in unit["variables"].split():
            continue
        second[(unit["statement_id"], variable)] = (_norm(variable, a.get("value")), (a.get("note") or "").strip())
    data = {r["statement_id"]: r for r in _read(DATA / "statements.csv")}
    adjudication = {(r["unit_id"], r["variable"]): r for r in _read(HERE / "adjudication_21.csv")}
    rows, open_cases, mismatches = [], [], []
    for (sid, variable), value in first.items():
        one = _norm(variable, value)
        two, note = second.get((sid, variable), ("", "no answer"))
        kept = data[sid].get(variable, "") if sid in data else ""
        reason = ""
        if one != two:
            decided = adjudication.get((sid, variable))
            if decided is None:
                open_cases.append({"unit_id": sid, "variable": variable, "curator": one, "second_coder": two, "note": note})
            else:
                reason = decided["reason"]
                if _norm(variable, decided["value"]) != _norm(variable, kept):
                    mismatches.append(f"{sid}.{variable}: adjudicated {decided['value']!r} but the data has {kept!r}")
        rows += [{"unit_table": "statements", "unit_id": sid, "variable": variable, "coder": "curator", "value": one},
                 {"unit_table": "statements", "unit_id": sid, "variable": variable, "coder": "second_coder", "value": two},
                 {"unit_table": "statements", "unit_id": sid, "variable": variable, "coder": "adjudicated", "value": kept,
                  "reason": reason}]
    mine = {(r["unit_id"], r["variable"]) for r in rows}
    existing = [r for r in _read(DATA / "codings.csv") if not (r["unit_table"] == "statements" and (r["unit_id"], r["variable"]) in mine)]
    _write(DATA / "codings.csv", HEADER, existing + rows)
    _write(HERE / "open_disagreements_21.csv", ["unit_id", "variable", "curator", "second_coder", "note"], open_cases)
    disagreements = sum(1 for k, v in first.items() if _norm(k[1], v) != second.get(k, ("",))[0])
    print(f"{len(rows) // 3} coded (unit, variable) pairs on {len({s for s, _ in first})} renderings; {disagreements} disagreements; "
          f"{len(open_cases)} without an adjudication (open_disagreements_21.csv)")
    for m in mismatches:
        print("MISMATCH", m, file=sys.stderr)
    print(alpha_table().to_string(index=False))
    return 1 if mismatches else 0


def alpha_table():
    """Alpha per variable on the units of this coding only (and the reply's doubt-or-denial apart)."""
    import pandas as pd

    from helpers.analysis.reliability import reliability_table

    units = _read(HERE / "units_21.csv")
    ids = {u["statement_id"] for u in units}
    codings = pd.read_csv(DATA / "codings.csv", dtype=str, keep_default_na=False)
    mine = codings[(codings["unit_table"] == "statements") & codings["unit_id"].isin(ids)]
    table = reliability_table(mine)
    statements = pd.read_csv(DATA / "statements.csv", dtype=str, keep_default_na=False).set_index("statement_id")
    reply_ids = {i for i in ids if statements.loc[i, "utterance_id"] == REPLY}
    reply = mine[mine["unit_id"].isin(reply_ids) & (mine["variable"] == "response")].assign(variable="response (reply: doubt or denial)")
    table = pd.concat([table, reliability_table(reply)], ignore_index=True)
    return table.round({"alpha": 3, "ci_low": 3, "ci_high": 3})


if __name__ == "__main__":
    if sys.argv[1:] == ["--alpha"]:
        print(alpha_table().to_string(index=False))
    else:
        sys.exit(main(Path(sys.argv[1])))

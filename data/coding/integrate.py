"""Integrate the blind second coding into the package as ``data/codings.csv`` (issue 9).

    .venv/bin/python data/coding/integrate.py /work/blind/out/second_coding.csv

Reads the unit map (``units.csv``: neutral unit ids to real ids), the first curator's labels
as they stood when the packet was built (``curator_labels.csv``, frozen then), the second
coder's answers, and the adjudication of every disagreement (``adjudication.csv``: unit_table,
unit_id, variable, value, reason). Writes ``data/codings.csv`` in long form (unit_table,
unit_id, variable, coder, value, reason) with coders ``curator``, ``second_coder`` and
``adjudicated``, and prints the disagreements that still lack an adjudication.

An empty value means the coder gave no label; it counts as the category "none". Unit
references in the answers (``u012``) are mapped to real statement ids.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(HERE))
from build_packet import COLUMN, TABLE, VARIABLES, _read, _write  # noqa: E402

KEYS = {"statements": "statement_id", "country_positions": "position_id", "events": "event_id", "weapons_systems": "system_id"}
HEADER = ["unit_table", "unit_id", "variable", "coder", "value", "reason"]


def current_labels() -> dict[tuple[str, str, str], str]:
    """The labels in the data tables now, per (table, real id, variable); a missing position candidate has exists = no."""
    units = _read(HERE / "units.csv")
    tables = {t: {r[k]: r for r in _read(DATA / f"{t}.csv")} for t, k in KEYS.items()}
    out = {}
    for u in units:
        table = TABLE[u["unit_table"]]
        row = tables[table].get(u["real_id"])
        for v in VARIABLES[u["unit_table"]]:
            column = COLUMN.get(v, v)
            if v == "exists":
                out[(table, u["real_id"], v)] = "yes" if row is not None else "no"
            else:
                out[(table, u["real_id"], column)] = "" if row is None else row.get(column, "")
    return out


def freeze_curator() -> None:
    """Write curator_labels.csv: the first coding, as the data stood when the packet was built."""
    rows = [{"unit_table": t, "unit_id": i, "variable": v, "value": val} for (t, i, v), val in current_labels().items()]
    _write(HERE / "curator_labels.csv", ["unit_table", "unit_id", "variable", "value"], rows)


def second_coding(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    units = {u["unit_id"]: u for u in _read(HERE / "units.csv")}
    out = {}
    for a in _read(path):
        unit = units.get((a.get("unit_id") or "").strip())
        if unit is None:
            continue
        variable = (a.get("variable") or "").strip()
        if variable not in VARIABLES[unit["unit_table"]]:
            continue
        value = re.sub(r"\s+", " ", a.get("value") or "").strip()
        if variable in ("responds_to", "repeats", "statement") and value:
            ref = units.get(value)
            value = ref["real_id"] if ref is not None and ref["unit_table"] == "statement" else f"?{value}"
        out[(TABLE[unit["unit_table"]], unit["real_id"], COLUMN.get(variable, variable))] = (value, (a.get("note") or "").strip())
    return out


def main(answers: Path) -> int:
    curator = {(r["unit_table"], r["unit_id"], r["variable"]): r["value"] for r in _read(HERE / "curator_labels.csv")}
    second = second_coding(answers)
    final = current_labels()
    adjudication = {(r["unit_table"], r["unit_id"], r["variable"]): r for r in _read(HERE / "adjudication.csv")} \
        if (HERE / "adjudication.csv").exists() else {}
    rows, open_cases = [], []
    for key, first in curator.items():
        other, note = second.get(key, ("", "no answer"))
        table, unit, variable = key
        adjudicated = final[key]
        reason = ""
        if first != other:
            decided = adjudication.get(key)
            if decided is None:
                open_cases.append({"unit_table": table, "unit_id": unit, "variable": variable, "curator": first,
                                   "second_coder": other, "note": note})
            else:
                reason = decided["reason"]
                if decided["value"] != adjudicated:
                    print(f"adjudication.csv says {key} = {decided['value']!r} but the data has {adjudicated!r}", file=sys.stderr)
        rows += [{"unit_table": table, "unit_id": unit, "variable": variable, "coder": "curator", "value": first},
                 {"unit_table": table, "unit_id": unit, "variable": variable, "coder": "second_coder", "value": other},
                 {"unit_table": table, "unit_id": unit, "variable": variable, "coder": "adjudicated", "value": adjudicated,
                  "reason": reason}]
    _write(DATA / "codings.csv", HEADER, rows)
    _write(HERE / "open_disagreements.csv", ["unit_table", "unit_id", "variable", "curator", "second_coder", "note"], open_cases)
    print(f"{len(rows) // 3} coded (unit, variable) pairs; {sum(1 for k in curator if curator[k] != second.get(k, ('',))[0])} "
          f"disagreements; {len(open_cases)} without an adjudication (open_disagreements.csv)")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--freeze"]:
        freeze_curator()
    else:
        sys.exit(main(Path(sys.argv[1])))

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

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(HERE))
from build_packet import COLUMN, TABLE, VARIABLES  # noqa: E402

KEYS = {"statements": "statement_id", "country_positions": "position_id", "events": "event_id", "weapons_systems": "system_id"}
HEADER = ["unit_table", "unit_id", "variable", "coder", "value", "reason"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows({h: r.get(h, "") for h in header} for r in rows)


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


def nominal_alpha(pairs: list[tuple[str, str]]) -> float:
    """Krippendorff's alpha (nominal) for two coders who coded every unit: 1 - (n-1) * disagreeing pairs / expected.

    A cross-check of helpers.reliability (notebook 08), kept next to the data it decides the tentative flags of.

    Krippendorff's own example for two observers and binary data (Computing Krippendorff's Alpha-Reliability, 2011,
    section A) gives 0.095:

    >>> a, b = "0100000010", "1110010000"
    >>> round(nominal_alpha(list(zip(a, b))), 3)
    0.095
    """
    counts: dict[str, int] = {}
    for pair in pairs:
        for value in pair:
            counts[value] = counts.get(value, 0) + 1
    n = 2 * len(pairs)
    observed = 2 * sum(a != b for a, b in pairs)
    expected = sum(counts[c] * counts[k] for c in counts for k in counts if c != k)
    return float("nan") if expected == 0 else 1 - (n - 1) * observed / expected


def alpha_table(path: Path = DATA / "codings.csv") -> list[dict[str, object]]:
    """Alpha per (table, variable) from codings.csv. Position variables other than ``exists`` are compared on the
    candidates both coders kept (exists = yes for both): elsewhere both are empty by construction."""
    values: dict[tuple[str, str, str], dict[str, str]] = {}
    for r in _read(path):
        values.setdefault((r["unit_table"], r["unit_id"], r["variable"]), {})[r["coder"]] = r["value"]
    exists = {(t, u): v for (t, u, var), v in values.items() if var == "exists"}
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for (t, u, var), v in values.items():
        kept = exists.get((t, u))
        if var != "exists" and kept is not None and not (kept["curator"] == kept["second_coder"] == "yes"):
            continue
        pairs.setdefault((t, var), []).append((v["curator"], v["second_coder"]))
    return [{"table": t, "variable": var, "units": len(p), "disagreements": sum(a != b for a, b in p), "alpha": nominal_alpha(p)}
            for (t, var), p in pairs.items()]


if __name__ == "__main__":
    if sys.argv[1:] == ["--freeze"]:
        freeze_curator()
    elif sys.argv[1:] == ["--alpha"]:
        print("| table | variable | units | disagreements | α (nominal) |\n|---|---|---:|---:|---:|")
        for row in alpha_table():
            mark = " (tentative)" if row["alpha"] < 0.8 else ""
            print(f"| {row['table']} | {row['variable']} | {row['units']} | {row['disagreements']} | {row['alpha']:.3f}{mark} |")
    else:
        sys.exit(main(Path(sys.argv[1])))

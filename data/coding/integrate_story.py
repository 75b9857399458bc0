"""Integrate the blind second coding of the story tables and the accounts' stance and response (issue 22).

    python data/coding/integrate_story.py --freeze          # the first coding, before the answers are read
    python data/coding/integrate_story.py PACKET/coder2     # compare, adjudicate, write codings

``--freeze`` writes ``story_curator_labels.csv``: the first curator's label for every unit of the packet
(``story_units.csv``) and every voice, as the data stood when the packet was built and the new rules
V0-V2 and F1-F2 applied. The answers (``answers.csv``, ``voices.csv``, ``framing_extra.csv``) are mapped
back to real ids; each (unit, variable) gets three rows in ``codings.csv`` (curator, second_coder,
adjudicated), the adjudicated label being the data now and the reason from ``story_adjudication.csv``.
Rows of the older tables in ``codings.csv`` are kept as they are; the story rows are replaced.

Units and variables in ``codings.csv`` (``unit_table``, ``unit_id``, ``variable``):
- ``claims``, claim_id, ``first_met`` (sentence id, C2)
- ``claim_statements``, statement_id, ``sourcing`` (C5); ``claim_statements``, ``claim__statement``, ``relation`` (C4)
- ``expected_voices``, ``claim__party``, ``listed`` (yes/no), ``role`` and ``presence`` (V0, V2; compared where both listed)
- ``framing_terms``, term_id or ``candidate_START_END``, ``is_term`` and, where both said yes, ``kind``, ``use``,
  ``speaker_id``, ``statement_id`` (F1-F4)
- ``event_links``, ``first__second``, ``order`` and, where both ordered the pair, ``basis`` (E1, text or response only)
- ``accounts``, account_id, ``response`` and ``stance`` (§11: what the account supports)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(HERE))
from build_story_packet import _read, _write, sentence_of, sentences, text  # noqa: E402

HEADER = ["unit_table", "unit_id", "variable", "coder", "value", "reason"]
#: Data 2.0 has no accounts table: the accounts' stance and response double-coding of issue 22 was coded on 1.1
#: account ids and is not carried over (the renderings that replace them are coded under ``statements``).
STORY_TABLES = ("claims", "claim_statements", "expected_voices", "framing_terms", "event_links")
FRAMING_DETAIL = ("kind", "use", "speaker_id", "statement_id")


def _key(real: str) -> str:
    """A compound unit (``claim|statement``, ``event|event``) as a codings unit id: parts joined by ``__``."""
    return real.replace("|", "__")


def _norm(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _term_span(row: dict[str, str]) -> tuple[int, int]:
    a = int(row["char_start"]) + row["evidence"].index(row["term"])
    return a, a + len(row["term"])


def current_labels() -> dict[tuple[str, str, str], str]:
    """The story labels in the data now, keyed like codings.csv, for every packet unit and every voice."""
    source = text()
    sents = sentences(source)
    units = _read(HERE / "story_units.csv")
    out: dict[tuple[str, str, str], str] = {}
    claims = {r["claim_id"]: r for r in _read(DATA / "claims.csv")}
    links = {(r["claim_id"], r["statement_id"]): r for r in _read(DATA / "claim_statements.csv")}
    sourcing = {r["statement_id"]: r["sourcing"] for r in _read(DATA / "claim_statements.csv")}
    terms = {_term_span(r): r for r in _read(DATA / "framing_terms.csv")}
    by_id = {r["term_id"]: r for r in terms.values()}
    event_links = {(r["before_id"], r["after_id"]): r for r in _read(DATA / "event_links.csv") if r["basis"] in ("text", "response")}
    for u in units:
        table, real = u["unit_table"], u["real_id"]
        if table == "claim":
            out[("claims", real, "first_met")] = sentence_of(sents, int(claims[real]["char_start"]))
        elif table == "sourcing":
            out[("claim_statements", real, "sourcing")] = sourcing.get(real, "")
        elif table == "claim_statement":
            claim, statement = real.split("|")
            out[("claim_statements", _key(real), "relation")] = links.get((claim, statement), {}).get("relation", "")
        elif table == "framing":
            row = by_id.get(real)
            if row is None:
                m = re.fullmatch(r"candidate_(\d+)_(\d+)", real)
                row = terms.get((int(m.group(1)), int(m.group(2)))) if m else None
                if row is None and m:  # a candidate inside a longer term ('aggression' in 'Russian aggression') is that term
                    a, b = int(m.group(1)), int(m.group(2))
                    row = next((r for (s, e), r in terms.items() if s <= a and b <= e), None)
            out[("framing_terms", real, "is_term")] = "yes" if row else "no"
            for v in FRAMING_DETAIL:
                out[("framing_terms", real, v)] = row[v] if row else ""
        elif table == "event_pair":
            a, b = real.split("|")
            link = event_links.get((a, b)) or event_links.get((b, a))
            order = "none" if link is None else ("event_1_first" if link["before_id"] == a else "event_2_first")
            out[("event_links", _key(real), "order")] = order
            out[("event_links", _key(real), "basis")] = link["basis"] if link else ""
    for r in _read(DATA / "expected_voices.csv"):
        key = f"{r['claim_id']}__{r['actor_id']}"
        out[("expected_voices", key, "listed")] = "yes"
        out[("expected_voices", key, "role")] = r["role"]
        out[("expected_voices", key, "presence")] = r["presence"]
    return out


def freeze_curator() -> None:
    rows = [{"unit_table": t, "unit_id": i, "variable": v, "value": val} for (t, i, v), val in current_labels().items()]
    _write(HERE / "story_curator_labels.csv", ["unit_table", "unit_id", "variable", "value"], rows)


def second_coding(folder: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """The second coder's answers keyed like codings.csv, with the coder's note."""
    units = {u["unit_id"]: u for u in _read(HERE / "story_units.csv")}
    statement_of = {u["unit_id"].removeprefix("so_"): u["real_id"] for u in units.values() if u["unit_table"] == "sourcing"}
    statement_of.update({k: v for k, v in _statement_units().items()})
    claim_of = {u["unit_id"]: u["real_id"] for u in units.values() if u["unit_table"] == "claim"}
    out: dict[tuple[str, str, str], tuple[str, str]] = {}
    for a in _read(folder / "answers.csv"):
        unit = units.get(_norm(a.get("unit_id")))
        if unit is None:
            continue
        table, real, variable = unit["unit_table"], unit["real_id"], _norm(a.get("variable"))
        value, note = _norm(a.get("value")), _norm(a.get("note"))
        if table == "claim":
            out[("claims", real, variable)] = (value, note)
        elif table == "sourcing":
            out[("claim_statements", real, "sourcing")] = (value, note)
        elif table == "claim_statement":
            out[("claim_statements", _key(real), "relation")] = (value, note)
        elif table == "framing":
            if variable == "statement":
                variable, value = "statement_id", statement_of.get(value, f"?{value}" if value else "")
            out[("framing_terms", real, variable)] = (value, note)
        elif table == "event_pair":
            out[("event_links", _key(real), variable)] = (value, note)
        elif table == "account":
            out[("accounts", real, variable)] = (value, note)
    voices = folder / "voices.csv"
    for v in _read(voices) if voices.exists() else []:
        claim = claim_of.get(_norm(v.get("claim")), f"?{_norm(v.get('claim'))}")
        party = re.sub(r"[^a-z0-9_]+", "_", _norm(v.get("party")).lower()).strip("_")
        key = f"{claim}__{party}"
        note = _norm(v.get("note"))
        out[("expected_voices", key, "listed")] = ("yes", note)
        out[("expected_voices", key, "role")] = (_norm(v.get("role")), note)
        out[("expected_voices", key, "presence")] = (_norm(v.get("presence")), note)
    extra = folder / "framing_extra.csv"
    for f in _read(extra) if extra.exists() else []:
        if not _norm(f.get("char_start")):
            continue
        real = f"extra_{int(f['char_start'])}_{int(f['char_end'])}"
        note = _norm(f.get("note"))
        out[("framing_terms", real, "is_term")] = ("yes", note)
        for v in FRAMING_DETAIL:
            value = _norm(f.get("statement" if v == "statement_id" else v))
            if v == "statement_id":
                value = statement_of.get(value, f"?{value}" if value else "")
            out[("framing_terms", real, v)] = (value, note)
    return out


def _statement_units() -> dict[str, str]:
    """st01… (the packet's statement units, text order) to statement ids."""
    rows = sorted(_read(DATA / "statements.csv"), key=lambda r: (int(r["char_start"]), int(r["char_end"])))
    return {f"st{i:02d}": r["statement_id"] for i, r in enumerate(rows, start=1)}


def _voice_grid(curator: dict, second: dict, final: dict) -> None:
    """Whether a claim implicates a party is coded over the grid every claim x every party either coder named anywhere.

    A list holds only the parties a coder found, so agreement on "not implicated" would be invisible and alpha on
    ``listed`` would measure nothing; over the grid, a pair neither coder lists is an agreement on "no".
    """
    listed = [k for k in (*curator, *second) if k[0] == "expected_voices" and k[2] == "listed"]
    claims = {r["claim_id"] for r in _read(DATA / "claims.csv")}
    parties = {k[1].split("__", 1)[1] for k in listed}
    for claim in claims:
        for party in parties:
            key = ("expected_voices", f"{claim}__{party}", "listed")
            curator.setdefault(key, "no")
            second.setdefault(key, ("no", ""))
            final.setdefault(key, "no")


def _fill_missing(curator: dict, second: dict, final: dict) -> None:
    """Units only one coder created (a voice, an extra framing term) get the other coder's 'not listed' values."""
    for key in set(second) - set(curator):
        table, _unit, variable = key
        if table == "expected_voices":
            curator[key] = "no" if variable == "listed" else ""
        elif table == "framing_terms":
            curator[key] = "no" if variable == "is_term" else ""
        final.setdefault(key, curator[key])
    for key in set(curator) - set(second):
        table, _unit, variable = key
        if table == "expected_voices":
            second[key] = ("no" if variable == "listed" else "", "not listed")


def main(folder: Path) -> int:
    # the frozen file (written before the answers were read) may join compound ids with "|": read them as codings ids
    curator = {(r["unit_table"], _key(r["unit_id"]), r["variable"]): r["value"] for r in _read(HERE / "story_curator_labels.csv")}
    second = second_coding(folder)
    final = current_labels()
    terms = {_term_span(r): r for r in _read(DATA / "framing_terms.csv")}
    for table, unit, variable in list(second):
        m = re.fullmatch(r"extra_(\d+)_(\d+)", unit) if table == "framing_terms" else None
        if m:  # a term the second coder added: the data's label for that span now
            row = terms.get((int(m.group(1)), int(m.group(2))))
            final[(table, unit, variable)] = ("yes" if row else "no") if variable == "is_term" else (row[variable] if row else "")
    _voice_grid(curator, second, final)
    _fill_missing(curator, second, final)
    adjudication = {(r["unit_table"], r["unit_id"], r["variable"]): r for r in _read(HERE / "story_adjudication.csv")} \
        if (HERE / "story_adjudication.csv").exists() else {}
    rows, open_cases = [], []
    for key in sorted(curator):
        first = curator[key]
        other, note = second.get(key, ("", "no answer"))
        table, unit, variable = key
        adjudicated = final.get(key, "no" if variable in ("listed", "is_term") else "")
        reason = ""
        if first != other:
            decided = adjudication.get(key)
            if decided is None:
                open_cases.append({"unit_table": table, "unit_id": unit, "variable": variable, "curator": first,
                                   "second_coder": other, "note": note})
            else:
                reason = decided["reason"]
                if decided["value"] != adjudicated:
                    print(f"story_adjudication.csv says {key} = {decided['value']!r} but the data has {adjudicated!r}", file=sys.stderr)
        rows += [{"unit_table": table, "unit_id": unit, "variable": variable, "coder": "curator", "value": first},
                 {"unit_table": table, "unit_id": unit, "variable": variable, "coder": "second_coder", "value": other},
                 {"unit_table": table, "unit_id": unit, "variable": variable, "coder": "adjudicated", "value": adjudicated, "reason": reason}]
    mine = {(t, v) for t, _, v in curator}
    older = [r for r in _read(DATA / "codings.csv") if (r["unit_table"], r["variable"]) not in mine]
    _write(DATA / "codings.csv", HEADER, older + rows)
    _write(HERE / "story_open_disagreements.csv", ["unit_table", "unit_id", "variable", "curator", "second_coder", "note"], open_cases)
    disagreements = sum(1 for k in curator if curator[k] != second.get(k, ("",))[0])
    print(f"{len(rows) // 3} coded (unit, variable) pairs; {disagreements} disagreements; "
          f"{len(open_cases)} without an adjudication (story_open_disagreements.csv)")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--freeze"]:
        freeze_curator()
    else:
        sys.exit(main(Path(sys.argv[1])))

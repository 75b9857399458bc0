"""Validator rules for the tables of how a story is told (issue 14; rules in ``data/CODEBOOK.md §12``).

Like :mod:`helpers.dataset.rules.judgements`: each rule is ``rule(checked, paths) -> Iterable[Problem]``
over the rows the validator has read, with a stable ``code`` and a ``severity``; the rules
are gathered in :data:`STORY_RULES`, which the validator runs after the judgement rules. A
table the validator could not read is absent from ``checked.rows`` and its rules are skipped.

>>> from helpers.dataset.validate import check_package
>>> [p for p in check_package().problems if p.code in CODES]
[]
"""

from __future__ import annotations

from collections.abc import Iterator

from helpers.dataset.dates import day_bounds as _day_bounds
from helpers.dataset.problems import CheckedPackage, Problem, Rule

__all__ = ["CODES", "STORY_RULES"]

#: Every code these rules emit, with its severity.
CODES: dict[str, str] = {
    "claim-utterance-twice": "error",
    "claim-without-assertion": "error",
    "term-not-in-evidence": "error",
    "event-link-cycle": "error",
    "event-link-against-dates": "error",
    "event-link-uncited": "error",
}


def _problem(checked: CheckedPackage, paths: dict, name: str, row_no: int | None, column: str | None, code: str, message: str) -> Problem:
    return Problem(str(checked.data_dir / paths[name]), row_no, column, message, code=code, severity=CODES[code])


def _rows(checked: CheckedPackage, paths: dict, *names: str) -> bool:
    return all(n in checked.rows and n in paths for n in names)


def claims_rest_on_counted_statements(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """C4: a claim links each utterance once, through one of its renderings (U3), and every claim has one that asserts it (C2)."""
    if not _rows(checked, paths, "claim_statements", "statements"):
        return
    utterance = {s["statement_id"]: (s.get("utterance_id") or s["statement_id"], s["document_id"]) for s in checked.rows["statements"]}
    linked: dict[tuple[str, str], str] = {}
    asserted = set()
    for row_no, row in enumerate(checked.rows["claim_statements"], start=2):
        utt = utterance.get(row["statement_id"])
        if utt is not None:
            first = linked.setdefault((row["claim_id"], utt), row["statement_id"])
            if first != row["statement_id"]:
                yield _problem(checked, paths, "claim_statements", row_no, "statement_id", "claim-utterance-twice",
                               f"{row['statement_id']!r} and {first!r} render one utterance ({utt[0]!r}) in one document: link claim "
                               f"{row['claim_id']!r} to it once")
        if row["relation"] == "asserts":
            asserted.add(row["claim_id"])
    if "claims" in checked.rows:
        for row_no, row in enumerate(checked.rows["claims"], start=2):
            if row["claim_id"] not in asserted:
                yield _problem(checked, paths, "claims", row_no, "claim_id", "claim-without-assertion",
                               f"no statement asserts claim {row['claim_id']!r}: add a claim_statements row with relation asserts")


def terms_occur_in_evidence(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """F1: a framing term is written as in the text, inside its evidence."""
    if not _rows(checked, paths, "framing_terms"):
        return
    for row_no, row in enumerate(checked.rows["framing_terms"], start=2):
        if row["term"] not in row["evidence"]:
            yield _problem(checked, paths, "framing_terms", row_no, "term", "term-not-in-evidence",
                           f"term {row['term']!r} does not occur in the evidence {row['evidence']!r}")


def event_links_are_consistent(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """E1–E3: links form no cycle, never contradict the events' dates, and outside knowledge is cited."""
    if not _rows(checked, paths, "event_links", "events"):
        return

    bounds = {}
    for e in checked.rows["events"]:
        if e["date"] and e["date_precision"] in ("day", "month", "year"):
            try:
                bounds[e["event_id"]] = _day_bounds(e["date"], e["date_precision"])
            except ValueError:  # a malformed date is reported by the date check
                continue
    edges: dict[str, set[str]] = {}
    for row_no, row in enumerate(checked.rows["event_links"], start=2):
        before, after = row["before_id"], row["after_id"]
        edges.setdefault(before, set()).add(after)
        if before in bounds and after in bounds and bounds[before][0] > bounds[after][1]:
            yield _problem(checked, paths, "event_links", row_no, "after_id", "event-link-against-dates",
                           f"{before!r} cannot come before {after!r}: its earliest day {bounds[before][0]} is after the other's latest "
                           f"{bounds[after][1]}")
        if row["basis"] == "outside_knowledge" and not row["source"].strip():
            yield _problem(checked, paths, "event_links", row_no, "source", "event-link-uncited",
                           "a link ordered by outside knowledge must cite its source")
    for row_no, row in enumerate(checked.rows["event_links"], start=2):
        if _reaches(edges, row["after_id"], row["before_id"]):
            yield _problem(checked, paths, "event_links", row_no, "before_id", "event-link-cycle",
                           f"{row['before_id']!r} before {row['after_id']!r} closes a cycle: an event would come before itself")


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    """Whether ``goal`` can be reached from ``start`` (``start == goal`` counts).

    >>> _reaches({"a": {"b"}, "b": {"c"}}, "a", "c"), _reaches({"a": {"b"}}, "b", "a")
    (True, False)
    """
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return False


#: The rules, in the order they run.
STORY_RULES: tuple[Rule, ...] = (claims_rest_on_counted_statements, terms_occur_in_evidence, event_links_are_consistent)

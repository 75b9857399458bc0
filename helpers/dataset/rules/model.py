"""Validation rules of the 2.0 model: utterances, renderings, self-describing documents, comparisons.

Frictionless checks the foreign keys across the whole package (a rendering's ``utterance_id``, a
``responds_to_id`` into another document, ``relays_document_id``, ``outlet_id``...), reported with
the code ``foreign-key``. These rules check what a Table Schema cannot express. Every problem names
its file, row and column, with a stable code:

================================  ==================================================================
code                              what is wrong
================================  ==================================================================
``rendering-span-missing``        a rendering has no span in a document that is not an excerpt
``utterance-unrendered``          an utterance has no rendering in any document
``response-link-mismatch``        a rendering answers a rendering of another utterance than its utterance answers
``utterance-cycle``               responds_to_utterance_id chains lead back to the utterance
``wording-document-mismatch``     the utterance's wording document holds none of its renderings
``search-incomplete``             search_result is set without 'searched', or 'searched' is set while renderings exist elsewhere
``relay-self``                    a document relays itself (relays_document_id = its own id)
``relay-cycle``                   relays_document_id chains lead back to the document
``relay-basis-missing``           a relays_* column is set without relay_basis
``accessed-missing``              a document with a url has no access date
``published-incomplete``          published, date_precision and published_basis are not given together
``comparison-self``               a rendering compared with itself
``comparison-across-utterances``  a comparison of two renderings of different utterances
================================  ==================================================================
"""

from __future__ import annotations

from collections.abc import Iterable

from helpers.dataset.problems import CODES, CheckedPackage, Problem, Rule, _display, _table_rows

__all__ = ["MODEL_CODES", "MODEL_RULES"]

#: The codes these rules emit (their wording lives in :data:`helpers.validate.CODES`).
MODEL_CODES: dict[str, str] = {code: CODES[code] for code in (
    "rendering-span-missing", "utterance-unrendered", "response-link-mismatch", "utterance-cycle",
    "wording-document-mismatch", "search-incomplete", "relay-self", "relay-cycle", "relay-basis-missing", "accessed-missing",
    "published-incomplete", "comparison-self", "comparison-across-utterances")}


def _index(checked: CheckedPackage, table: str, key: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for row in checked.rows.get(table, []):
        out.setdefault(row.get(key, ""), row)
    return out


def _has(checked: CheckedPackage, table: str, *columns: str) -> bool:
    rows = checked.rows.get(table)
    return bool(rows) and all(c in rows[0] for c in columns)


def renderings_agree_with_utterances(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A rendering answers a rendering of the utterance its utterance answers.

    Its speaker may differ from the utterance's: it is whom the document names (the standfirst's "Moscow" for the
    Kremlin spokesman's words); a rendering that attributes words higher is ``stronger`` (codebook U3b).
    """
    if not _has(checked, "statements", "utterance_id") or "utterances" not in checked.rows:
        return
    utterances = _index(checked, "utterances", "utterance_id")
    statements = _index(checked, "statements", "statement_id")
    for _, shown, row_no, row in _table_rows(checked, paths, "statements"):
        utt = utterances.get(row["utterance_id"])
        if utt is None:
            continue  # a dangling utterance_id is a foreign-key error
        answered = statements.get(row.get("responds_to_id", ""))
        wanted = utt.get("responds_to_utterance_id", "")
        if answered is not None and wanted and answered.get("utterance_id") != wanted:
            yield Problem(shown, row_no, "responds_to_id",
                          f"answers {row['responds_to_id']!r} (a rendering of {answered.get('utterance_id')!r}), but utterance "
                          f"{row['utterance_id']!r} answers {wanted!r}", "response-link-mismatch")


def renderings_have_spans(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Only a rendering in an excerpt document (whose words the excerpt does not keep) may lack a span."""
    documents = _index(checked, "documents", "document_id")
    for _, shown, row_no, row in _table_rows(checked, paths, "statements"):
        if row.get("evidence") or row.get("char_start") or row.get("char_end"):
            continue
        doc = documents.get(row.get("document_id", ""))
        if doc is not None and doc.get("excerpt", "").lower() not in {"true", "1", "yes"}:
            yield Problem(shown, row_no, "evidence", f"rendering {row['statement_id']!r} has no span, and document "
                          f"{row['document_id']!r} is not an excerpt: give the exact words", "rendering-span-missing")


def utterances_are_rendered(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every utterance has a rendering; its wording document renders it; a 'not found' says where it looked."""
    if not _has(checked, "statements", "utterance_id"):
        return
    docs_of: dict[str, set[str]] = {}
    for row in checked.rows.get("statements", []):
        docs_of.setdefault(row["utterance_id"], set()).add(row["document_id"])
    for _, shown, row_no, row in _table_rows(checked, paths, "utterances"):
        uid = row["utterance_id"]
        docs = docs_of.get(uid, set())
        if not docs:
            yield Problem(shown, row_no, "utterance_id", f"utterance {uid!r} has no rendering in statements", "utterance-unrendered")
        wording_doc = row.get("wording_document_id", "")
        if docs and wording_doc and wording_doc not in docs:
            yield Problem(shown, row_no, "wording_document_id", f"document {wording_doc!r} holds no rendering of {uid!r} "
                          f"(its renderings are in {', '.join(sorted(docs))})", "wording-document-mismatch")
        if row.get("search_result") and not row.get("searched", "").strip():
            yield Problem(shown, row_no, "searched", "search_result is set: say what was searched, and where", "search-incomplete")
        if row.get("search_result") == "no_other_account" and len(docs) > 1:
            yield Problem(shown, row_no, "search_result", f"no_other_account, but {len(docs)} documents render {uid!r}", "search-incomplete")


def _cycles(target: dict[str, str], rows: list[dict[str, str]], key: str) -> Iterable[tuple[int, str, list[str]]]:
    for row_no, row in enumerate(rows, start=2):
        start = row[key]
        chain, seen, current = [start], {start}, target.get(start)
        while current and current not in seen:
            chain.append(current)
            seen.add(current)
            current = target.get(current)
        if current == start:
            yield row_no, start, chain


def no_link_cycles(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """No utterance answers itself through a chain; no document relays itself through a chain."""
    rows = checked.rows.get("utterances", [])
    if rows and "responds_to_utterance_id" in rows[0]:
        shown = _display(checked.data_dir, paths.get("utterances", "utterances.csv"))
        target = {r["utterance_id"]: r["responds_to_utterance_id"] for r in rows if r["responds_to_utterance_id"]}
        for row_no, _, chain in _cycles(target, rows, "utterance_id"):
            yield Problem(shown, row_no, "responds_to_utterance_id", f"responds_to_utterance_id forms a cycle: {' -> '.join([*chain, chain[0]])}",
                          "utterance-cycle")
    rows = checked.rows.get("documents", [])
    if rows and "relays_document_id" in rows[0]:
        shown = _display(checked.data_dir, paths.get("documents", "documents.csv"))
        target = {r["document_id"]: r["relays_document_id"] for r in rows if r["relays_document_id"]}
        for row_no, start, chain in _cycles(target, rows, "document_id"):
            if len(chain) == 1:
                yield Problem(shown, row_no, "relays_document_id", f"document {start!r} relays itself", "relay-self")
            else:
                yield Problem(shown, row_no, "relays_document_id", f"relays_document_id forms a cycle: {' -> '.join([*chain, start])}", "relay-cycle")


def documents_describe_themselves(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A document read at an address says when; its date comes with precision and basis; a relay says how it is known."""
    for _, shown, row_no, row in _table_rows(checked, paths, "documents"):
        if row.get("url") and not row.get("accessed"):
            yield Problem(shown, row_no, "accessed", "a document with a url needs the day it was read (accessed)", "accessed-missing")
        if "published_basis" in row:
            given = [bool(row.get(c)) for c in ("published", "date_precision", "published_basis")]
            if any(given) and not all(given):
                yield Problem(shown, row_no, "published", "published, date_precision and published_basis must be given together",
                              "published-incomplete")
        if (row.get("relays_document_id") or row.get("relays_actor_id")) and "relay_basis" in row and not row["relay_basis"].strip():
            yield Problem(shown, row_no, "relay_basis", "say how the relay is known (an attribution line, identical wording, ...)",
                          "relay-basis-missing")


def comparisons_join_one_utterance(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A comparison joins two different renderings of the same utterance."""
    statements = _index(checked, "statements", "statement_id")
    for _, shown, row_no, row in _table_rows(checked, paths, "comparisons"):
        a, b = statements.get(row["statement_id"]), statements.get(row["other_statement_id"])
        if row["statement_id"] == row["other_statement_id"]:
            yield Problem(shown, row_no, "other_statement_id", "a rendering is compared with itself", "comparison-self")
        elif a is not None and b is not None and a.get("utterance_id") != b.get("utterance_id"):
            yield Problem(shown, row_no, "other_statement_id", f"{row['statement_id']!r} renders {a.get('utterance_id')!r} but "
                          f"{row['other_statement_id']!r} renders {b.get('utterance_id')!r}: compare renderings of one utterance",
                          "comparison-across-utterances")


MODEL_RULES: tuple[Rule, ...] = (
    renderings_agree_with_utterances,
    renderings_have_spans,
    utterances_are_rendered,
    no_link_cycles,
    documents_describe_themselves,
    comparisons_join_one_utterance,
)

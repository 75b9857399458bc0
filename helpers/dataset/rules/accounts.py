"""Validation rules for the ``accounts`` table (issue 16): other accounts of the article's statements.

Frictionless already checks the table's types, labels (each vocabulary column is an
``enum``), the URL and date patterns and the foreign keys to ``statements`` and
``documents``; the validator's generic pass checks every span against its document and
every date against its precision. These rules check what no Table Schema expresses.
Each is a small function ``rule(checked, paths)`` yielding :class:`~helpers.dataset.validate.Problem`
rows with a stable ``code``; :data:`ACCOUNT_RULES` is the registry the validator runs.

That every statement has an account is not a validation rule: a curator annotating a new
statement must be able to validate before researching it. It is checked on the shipped data
by the tests, and :func:`helpers.analysis.accounts.uncovered_statements` lists the statements still
without one.

==================================  =============================================================
code                                what is wrong
==================================  =============================================================
``account-span-outside-statement``  the row's span is not inside its statement's span
``account-source-missing``          a found account lacks its url, outlet or description of it
``account-search-missing``          a "no other account found" row does not say what was searched
``account-quote-too-long``          more than :data:`MAX_QUOTED_WORDS` words quoted from an outlet
``account-supported-inconsistent``  a supported response or stance that the relation cannot carry
==================================  =============================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from helpers.dataset.problems import CheckedPackage, Problem, Rule, _table_rows

__all__ = ["ACCOUNT_RULES", "DIFFERING_RELATIONS", "MAX_QUOTED_WORDS", "NO_ACCOUNT"]

TABLE = "accounts"
NO_ACCOUNT = "no_other_account"
#: Relations under which an account may support a different response or stance than the article's coding.
DIFFERING_RELATIONS = ("stronger", "weaker", "different", "contradicted")
#: The most words a row may quote from another outlet (the project describes; it does not copy).
MAX_QUOTED_WORDS = 10
#: Columns a found account must fill, in the order a missing one is reported.
SOURCE_COLUMNS = ("url", "outlet", "outlet_nature", "directness", "language")

def _problem(file: str, row: int | None, column: str | None, message: str, code: str) -> Problem:
    return Problem(file, row, column, message, code=code)


def _accounts(checked: CheckedPackage, paths: dict[str, str]) -> Iterator[tuple[str, int, dict[str, str]]]:
    """``(shown file, row number, row)`` of every account; none when the table is absent or unreadable (reported elsewhere)."""
    for _, shown, row_no, row in _table_rows(checked, paths, TABLE):
        yield shown, row_no, row


def _statements(checked: CheckedPackage) -> dict[str, dict[str, str]]:
    by_id: dict[str, dict[str, str]] = {}
    for row in checked.rows.get("statements", []):
        by_id.setdefault(row["statement_id"], row)
    return by_id


def span_is_inside_statement(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """An account points at (part of) its statement's own span in the same document."""
    statements = _statements(checked)
    for shown, row_no, row in _accounts(checked, paths):
        statement = statements.get(row["statement_id"])
        if statement is None or not row["char_start"].isdigit() or not row["char_end"].isdigit():
            continue  # unknown statement ids and bad offsets are reported by frictionless
        if not statement["char_start"].isdigit() or not statement["char_end"].isdigit():
            continue
        start, end = int(row["char_start"]), int(row["char_end"])
        s_start, s_end = int(statement["char_start"]), int(statement["char_end"])
        if row["document_id"] != statement["document_id"] or start < s_start or end > s_end:
            yield _problem(shown, row_no, "char_start",
                           f"span {row['document_id']}:{start}:{end} is not inside statement {row['statement_id']!r} "
                           f"({statement['document_id']}:{s_start}:{s_end}): an account bears on what the statement renders",
                           "account-span-outside-statement")


def found_account_names_its_source(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A found account gives its url, outlet, the outlet's nature, its directness and language."""
    for shown, row_no, row in _accounts(checked, paths):
        if row["relation"] == NO_ACCOUNT:
            continue
        missing = [c for c in SOURCE_COLUMNS if not row[c].strip()]
        if missing:
            yield _problem(shown, row_no, missing[0],
                           f"account with relation {row['relation']!r} has no {', '.join(missing)}: "
                           "record where the account was read", "account-source-missing")


def absent_account_lists_searches(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A 'no other account found' row says what was searched."""
    for shown, row_no, row in _accounts(checked, paths):
        if row["relation"] == NO_ACCOUNT and not row["searched"].strip():
            yield _problem(shown, row_no, "searched", f"relation {NO_ACCOUNT} needs the searches that found nothing",
                           "account-search-missing")


def quotes_are_short(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """At most a few words are quoted from another outlet."""
    for shown, row_no, row in _accounts(checked, paths):
        words = len(row["quoted"].split())
        if words > MAX_QUOTED_WORDS:
            yield _problem(shown, row_no, "quoted",
                           f"{words} words quoted; at most {MAX_QUOTED_WORDS}: describe the rest in your own words in 'says'",
                           "account-quote-too-long")


def supported_values_fit_the_relation(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A supported response or stance is set only where the account differs, and differs from the article's coding."""
    statements = _statements(checked)
    for shown, row_no, row in _accounts(checked, paths):
        statement = statements.get(row["statement_id"])
        for column, coded in (("supported_response", "response"), ("supported_stance", "stance")):
            value = row[column]
            if not value:
                continue
            if row["relation"] not in DIFFERING_RELATIONS:
                yield _problem(shown, row_no, column,
                               f"{column} {value!r} with relation {row['relation']!r}: only an account rendered "
                               f"{', '.join(DIFFERING_RELATIONS)} can support a different {coded}",
                               "account-supported-inconsistent")
            elif statement is not None and coded == "response" and not statement["response"]:
                yield _problem(shown, row_no, column,
                               f"statement {row['statement_id']!r} responds to nothing, so no response can be supported",
                               "account-supported-inconsistent")
            elif statement is not None and statement[coded] == value:
                yield _problem(shown, row_no, column,
                               f"{column} {value!r} is the article's own coding: leave it empty",
                               "account-supported-inconsistent")


#: The registry the validator runs, in this order.
ACCOUNT_RULES: tuple[Rule, ...] = (
    span_is_inside_statement,
    found_account_names_its_source,
    absent_account_lists_searches,
    quotes_are_short,
    supported_values_fit_the_relation,
)


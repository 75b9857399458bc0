"""The judgement rules (helpers/dataset/rules/judgements.py): each is broken once on a copy of data/ and must
report exactly where, with its code; the project's data breaks none of them."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.curation.curate import add_row, update_row
from helpers.dataset.rules.judgements import CODES, JUDGEMENT_RULES, sentence_spans
from helpers.dataset.validate import check_package

#: These tests break a copy of the shipped package (they name its rows): under --data-dir too.
pytestmark = pytest.mark.usefixtures("shipped_package")


def _row(data: Path, table: str, key: str, value: str) -> int:
    """The Frictionless row number (header = 1) of the row whose ``key`` is ``value``."""
    with (data / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        for row_no, row in enumerate(csv.DictReader(f), start=2):
            if row[key] == value:
                return row_no
    raise KeyError(value)


def _found(data: Path) -> set[tuple[str, int | None, str | None, str, str]]:
    return {(Path(p.file).name, p.row, p.column, p.code, p.severity) for p in check_package(data).problems if p.code}


# (code, how to break the data, where the problem must be reported: table, key column, id, column)
BREAKS: list[tuple[str, Callable[[Path], None], tuple[str, str, str, str]]] = [
    # a phrase inside its own sentence, given to another utterance of the same speaker
    ("utterance-counted-twice", lambda d: update_row("statements", "lemonde_sensitive_discussions",
                                                     {"utterance_id": "lemonde_revived_starmer_visit"}, d),
     ("statements", "statement_id", "lemonde_sensitive_discussions", "utterance_id")),
    ("utterance-counted-twice", lambda d: update_row("statements", "tenenbaum_hedgehog", {"utterance_id": "tenenbaum_no_article5"}, d),
     ("statements", "statement_id", "tenenbaum_hedgehog", "utterance_id")),  # a word inside the same sentence
    ("response-counted-twice", lambda d: (
        add_row("utterances", {"utterance_id": "peskov_second_answer", "speaker_id": "dmitry_peskov", "wording": "x",
                               "wording_language": "en", "wording_source": "rendered_only", "topic_id": "troops_to_ukraine",
                               "summary": "x"}, d),
        update_row("statements", "peskov_resistance_capitals", {"utterance_id": "peskov_second_answer"}, d)),
     ("statements", "statement_id", "peskov_no_unanimity", "utterance_id")),
    ("country-as-speaker", lambda d: update_row("statements", "moscow_refutes_claims", {"speaker_id": "russia"}, d),
     ("statements", "statement_id", "moscow_refutes_claims", "speaker_id")),
    ("target-is-speaker", lambda d: update_row("statements", "zelensky_security_guarantees", {"target_id": "volodymyr_zelensky"}, d),
     ("statements", "statement_id", "zelensky_security_guarantees", "target_id")),
    ("position-without-basis", lambda d: update_row("country_positions", "uk_troops", {"statement_id": ""}, d),
     ("country_positions", "position_id", "uk_troops", "statement_id")),
    ("position-from-anonymous-source",
     lambda d: update_row("country_positions", "uk_troops", {"statement_id": "british_source_discussions_ongoing"}, d),
     ("country_positions", "position_id", "uk_troops", "statement_id")),
    ("stated-position-from-another-speaker", lambda d: update_row("country_positions", "uk_troops", {"basis": "stated"}, d),
     ("country_positions", "position_id", "uk_troops", "basis")),
    ("inferred-position-not-from-own-words", lambda d: update_row("country_positions", "france_long_range_strikes", {"basis": "inferred"}, d),
     ("country_positions", "position_id", "france_long_range_strikes", "basis")),  # read from the article's words
    ("inferred-position-not-from-own-words",
     lambda d: update_row("country_positions", "france_long_range_strikes", {"basis": "inferred", "statement_id": ""}, d),
     ("country_positions", "position_id", "france_long_range_strikes", "statement_id")),  # read from no words at all
    ("group-position-from-outside-speaker",
     lambda d: update_row("country_positions", "germany_troops", {"actor_id": "europeans", "statement_id": "peskov_no_unanimity"}, d),
     ("country_positions", "position_id", "germany_troops", "actor_id")),
    ("pair-side-missing", lambda d: update_row("country_positions", "uk_uk_france_talks", {"topic_id": "european_defence"}, d),
     ("country_positions", "position_id", "france_uk_france_talks", "actor_id")),
    ("date-basis-without-expression", lambda d: update_row("events", "lemonde_report", {"date_basis": "inferred"}, d),
     ("events", "event_id", "lemonde_report", "date_text")),  # dated by the publication month alone
    ("date-basis-without-expression", lambda d: update_row("statements", "macron_refused_rule_out_troops", {"date_text": "In May"}, d),
     ("statements", "statement_id", "macron_refused_rule_out_troops", "date_text")),  # an expression from another sentence
    ("date-from-publication-metadata",
     lambda d: update_row("statements", "lemonde_report_revived_talks",
                          {"date": "2024-11", "date_precision": "month", "date_basis": "provided_metadata"}, d),
     ("statements", "statement_id", "lemonde_report_revived_talks", "date_basis")),
    ("outside-knowledge-uncited", lambda d: update_row("curator_notes", "n13_churchill_date", {"source": ""}, d),
     ("curator_notes", "note_id", "n13_churchill_date", "source")),
    ("outside-knowledge-uncited", lambda d: update_row("events", "churchill_armistice_day", {"date_source": ""}, d),
     ("events", "event_id", "churchill_armistice_day", "date_source")),
    ("outside-knowledge-kind",
     lambda d: update_row("curator_notes", "n30_scalp_targets", {"note": "Outside knowledge (curator): SCALP was used in 2023.",
                                                                   "source": "https://example.org/scalp"}, d),
     ("curator_notes", "note_id", "n30_scalp_targets", "kind")),
]


@pytest.mark.parametrize(("code", "breaker", "where"), BREAKS, ids=[f"{c}-{w[2]}" for c, _, w in BREAKS])
def test_broken_judgement_is_reported_with_row_column_and_code(data_copy: Path, code, breaker, where) -> None:
    assert not any(p[3] == code for p in _found(data_copy))  # the copy is clean before it is broken
    breaker(data_copy)
    table, key, row_id, column = where
    expected = (f"{table}.csv", _row(data_copy, table, key, row_id), column, code, CODES[code])
    assert expected in _found(data_copy)


def test_the_projects_data_breaks_no_judgement_rule() -> None:
    assert [p for p in check_package().problems if p.code in CODES] == []


def test_every_code_is_broken_by_a_test() -> None:
    tested = {code for code, _, _ in BREAKS} | {"coding-disagrees-with-data", "coding-reason-missing"}  # codings: test_codings.py
    assert tested == set(CODES)


def test_a_warning_is_a_judgement_and_an_error_is_certain() -> None:
    assert {CODES[c] for c in ("response-counted-twice", "pair-side-missing", "outside-knowledge-kind",
                               "group-position-from-outside-speaker")} == {"warning"}
    assert set(CODES.values()) == {"error", "warning"}
    assert all(callable(rule) for rule in JUDGEMENT_RULES)


def test_a_rule_skips_a_table_it_cannot_read(data_copy: Path) -> None:
    (data_copy / "statements.csv").write_text("not,a\nstatements,table\n", encoding="utf-8")
    problems = check_package(data_copy).problems
    assert problems and not any(p.code in CODES and p.file.endswith("statements.csv") for p in problems)


def test_sentences_do_not_end_at_initials_of_us() -> None:
    text = "Earlier this month, U.S.-supplied missiles were used. The U.S. scaling back worries Kyiv.\nComments"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Earlier this month, U.S.-supplied missiles were used.", "The U.S. scaling back worries Kyiv.", "Comments"]

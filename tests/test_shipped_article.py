"""What is specific to the shipped article and its 2.0 corpus (issue 20): the one module that pins the data.

Every other test module runs on any valid package (``pytest --data-dir DIR``); this one is skipped then.
It holds the facts a reader of the notebooks relies on: the counts before and after 2.0, the six
blocking errors of the fact-checker's audit fixed, the Kremlin's reply as one utterance, and what the
other outlets' renderings support.
"""

from __future__ import annotations

import pytest

from helpers import load_dataset
from helpers.analysis import accounts as acc
from helpers.analysis.counting import count_utterances, renderings_of
from helpers.dataset.load import Dataset
from helpers.export._package import read_package
from helpers.export.plover import records

ARTICLE = "000_212c296293ee434c"
REPLY = "peskov_refuted_report"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def _article(ds: Dataset):
    return ds.statements[ds.statements["document_id"] == ARTICLE]


# --- the counts ----------------------------------------------------------------------------------


def test_the_article_renders_26_utterances_in_36_rows_and_24_excerpts_render_them_again(ds: Dataset) -> None:
    assert ds.version == "2.0.0"
    assert len(_article(ds)) == 36
    assert count_utterances(_article(ds)) == len(ds.utterances) == 26
    assert len(ds.statements) == 82
    assert int(ds.documents["excerpt"].sum()) == 24


def test_the_kremlin_reply_is_one_utterance_with_five_renderings_in_the_article(ds: Dataset) -> None:
    renderings = renderings_of(ds.statements, REPLY)
    in_article = renderings[renderings["document_id"] == ARTICLE]
    assert sorted(in_article["statement_id"]) == sorted([
        "moscow_refutes_claims", "kremlin_dismissed_claims", "peskov_refuted_report", "peskov_correspond_with_reality",
        "caption_peskov_correspond"])
    assert set(in_article["response"].astype(str)) == {"denies"}
    assert set(in_article["relation"].dropna().astype(str)) == {"stronger"}
    reply = ds.utterances.set_index("utterance_id").loc[REPLY]
    assert (reply["response"], reply["stance"], reply["wording_source"]) == ("disputes", "reserved", "agency")


def test_four_of_26_utterances_oppose_in_the_article_where_nine_of_36_rows_did(ds: Dataset) -> None:
    article = _article(ds)
    assert int((article["stance"] == "opposes").sum()) == 9
    assert count_utterances(article[article["stance"] == "opposes"]) == 4


def test_the_plover_export_writes_one_reject_for_the_kremlin_reply_with_its_renderings_listed() -> None:
    rejects = [r for r in records(read_package()) if r["event"] == ["REJECT"]]
    assert [r["utterance_id"] for r in rejects] == [REPLY]
    assert len(rejects[0]["renderings"]) == 9
    assert rejects[0]["as_said"]["response"] == "disputes"


def test_one_denial_becomes_none_when_read_as_the_accounts_support_it(ds: Dataset) -> None:
    table = acc.count_by_layer(ds, "response")
    assert (table.at["denies", "article"], table.at["denies", "accounts"]) == (1, 0)


# --- the audit's six blocking errors ----------------------------------------------------------------


def test_error_1_the_le_monde_claim_is_one_utterance(ds: Dataset) -> None:
    st = ds.statements.set_index("statement_id")
    assert st.at["lemonde_reignited_after_trump", "utterance_id"] == "lemonde_report_revived_talks"
    assert st.at["lemonde_sensitive_discussions", "utterance_id"] == "lemonde_report_revived_talks"


def test_error_2_whether_talks_take_place_is_coded_uk_france_talks(ds: Dataset) -> None:
    assert ds.statements.set_index("statement_id").at["british_source_discussions_ongoing", "topic_id"] == "uk_france_talks"


def test_error_3_babcock_does_not_corroborate_the_dci_talks(ds: Dataset) -> None:
    links = set(zip(ds.claim_statements["claim_id"], ds.claim_statements["statement_id"], strict=True))
    assert ("dci_babcock_talks", "babcock_support_site") not in links


def test_error_4_barrot_answers_the_claim_he_asserts(ds: Dataset) -> None:
    assert ds.expected_voices.set_index("voice_id").at["french_foreign_ministry", "presence"] == "answers"


def test_error_5_the_le_monde_copies_differ_in_certainty_and_who_is_named(ds: Dataset) -> None:
    relation = ds.comparisons.set_index("comparison_id")["relation"].astype(str)
    assert relation["acc_lemonde_revived_copy"] == relation["acc_lemonde_revived_rubryka"] == "different"


def test_error_6_the_accused_and_the_policy_makers_have_voices(ds: Dataset) -> None:
    voices = ds.expected_voices.set_index("voice_id")
    assert voices.at["uk_government_accused", "actor_id"] == "united_kingdom"
    assert voices.at["us_administration_contractors", "actor_id"] == "us_outgoing_administration"
    assert voices.at["ukraine_strikes", "actor_id"] == "ukraine"


def test_minor_fixes_red_lines_alone_one_owner_of_the_plan_and_russian_aggression(ds: Dataset) -> None:
    st = ds.statements.set_index("statement_id")
    assert st.at["barrot_red_lines", "utterance_id"] == "barrot_red_lines"
    assert st.at["trump_plan_freeze_dmz", "speaker_id"] == "trump_team"
    assert "russian_aggression" in set(ds.framing_terms["term_id"])


# --- the accounts of the shipped article --------------------------------------------------------------


def test_every_article_statement_has_an_account_or_a_search(ds: Dataset) -> None:
    assert acc.uncovered_statements(ds) == []


def test_denials_the_accounts_give_as_doubt_become_disputes(ds: Dataset) -> None:
    row = acc.supported_statements(ds).set_index("statement_id").loc["peskov_correspond_with_reality"]
    assert (row["response"], row["accounts_response"], row["relation"]) == ("denies", "disputes", "stronger")
    assert bool(row["differs"])


def test_statement_the_accounts_confirm_keeps_the_articles_coding(ds: Dataset) -> None:
    row = acc.supported_statements(ds).set_index("statement_id").loc["ambassador_directly_involved"]
    assert row["relation"] == "same"
    assert not bool(row["differs"])


def test_positions_resting_on_differing_statements_are_listed(ds: Dataset) -> None:
    assert "russia_uk_france_talks" in set(acc.positions_affected(ds)["position_id"])


def test_accounts_of_a_statement_lists_the_primary_first(ds: Dataset) -> None:
    table = acc.accounts_of(ds, "peskov_no_unanimity")
    assert len(table) >= 2
    assert table.iloc[0]["account_id"] == acc.supported_statements(ds).set_index("statement_id").at["peskov_no_unanimity", "primary_account_id"]
    with pytest.raises(KeyError):
        acc.accounts_of(ds, "no_such_statement")


def test_the_1_1_accounts_are_all_kept(ds: Dataset) -> None:
    view = acc.accounts_view(ds)
    assert len(ds.comparisons) == 49
    assert int((view["relation"].astype(str) == "no_other_account").sum()) == 7
    codings = ds.codings
    assert len(codings[(codings["unit_table"] == "comparisons") & (codings["variable"] == "relation")]) == 49 * 3

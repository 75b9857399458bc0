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


def test_the_article_renders_26_utterances_in_36_rows_and_35_excerpts_render_them_again(ds: Dataset) -> None:
    assert ds.version == "2.0.0"
    assert len(_article(ds)) == 36
    assert count_utterances(_article(ds)) == len(ds.utterances) == 26
    assert len(ds.statements) == 82 + 56  # 56 renderings of the comparative corpus (issue 21)
    assert int(ds.documents["excerpt"].sum()) == 24 + 11


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
    assert len(rejects[0]["renderings"]) == 5 + 16  # the article's five and 16 in the excerpt documents (issue 21)
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
    # issue 22 rebuilt the voices from the claims (codebook V0): France on the claim that it keeps troops open
    assert ds.expected_voices.set_index("voice_id").at["france_keeps_troops_open__france", "presence"] == "answers"


def test_error_5_the_le_monde_copies_differ_in_certainty_and_who_is_named(ds: Dataset) -> None:
    relation = ds.comparisons.set_index("comparison_id")["relation"].astype(str)
    assert relation["acc_lemonde_revived_copy"] == relation["acc_lemonde_revived_rubryka"] == "different"


def test_error_6_the_accused_and_the_policy_makers_have_voices(ds: Dataset) -> None:
    voices = ds.expected_voices.set_index("voice_id")
    # ids since issue 22: <claim_id>__<party> (data/CHANGELOG.md lists the old ones)
    assert voices.at["uk_directly_involved__united_kingdom", "actor_id"] == "united_kingdom"
    assert voices.at["uk_directly_involved__united_kingdom", "role"] == "accused"
    assert voices.at["us_permits_contractors__us_outgoing_administration", "actor_id"] == "us_outgoing_administration"
    assert voices.at["strikes_escalating__ukraine", "actor_id"] == "ukraine"


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


# --- the comparative corpus (issue 21) ------------------------------------------------------------------------------


def _reply_by_document(ds: Dataset):
    from helpers.analysis import relays

    return relays.reply_by_document(ds).set_index("document_id")


def test_the_corpus_holds_pages_that_render_the_reply_or_the_report_with_address_access_day_and_relay(ds: Dataset) -> None:
    utterances = {REPLY, "peskov_no_unanimity", "lemonde_report_revived_talks"}
    pages = set(ds.statements.loc[ds.statements["utterance_id"].isin(utterances), "document_id"]) - {ARTICLE}
    docs = ds.documents.set_index("document_id").loc[sorted(pages)]
    assert len(docs) >= 9
    assert docs["url"].notna().all() and docs["accessed"].notna().all()
    relayed = docs["relays_document_id"].notna() | docs["relays_actor_id"].notna()
    assert int(relayed.sum()) >= 9 and docs.loc[relayed, "relay_basis"].notna().all()


def test_every_page_with_a_russian_state_source_gives_the_reply_as_doubt_in_its_quoted_words(ds: Dataset) -> None:
    by_doc = _reply_by_document(ds)
    state = by_doc[by_doc["family"] == "Russian state source"]
    assert len(state) >= 4
    assert (state["utterances as doubt"] == 1).all()
    assert set(state.index[state["renders the reply as"] == "both"]) == {"ex_mosaic_news"}  # "dismissed" in the lead only


def test_the_pages_that_render_the_reply_as_a_denial_are_english_and_credit_no_source(ds: Dataset) -> None:
    by_doc = _reply_by_document(ds)
    denial = set(by_doc.index[by_doc["renders the reply as"] == "denial"])
    assert denial == {ARTICLE, "ex_lbc", "ex_prophecyupdate"}
    assert set(by_doc.loc[sorted(denial), "family"]) == {"no source credited (English)"}


def test_the_article_relays_the_english_report_copied_on_the_blog_by_identical_wording(ds: Dataset) -> None:
    article = ds.documents.set_index("document_id").loc[ARTICLE]
    assert article["relays_document_id"] == "ex_prophecyupdate"
    assert str(article["relay_basis"]).startswith("identical wording")


def test_the_russian_original_was_searched_for_and_not_found(ds: Dataset) -> None:
    searches = ds.searches
    assert int((searches["sought"] == "russian_original").sum()) == 41
    assert {"ru", "uk", "en"} <= set(searches.loc[searches["sought"] == "russian_original", "language"])
    reply = ds.utterances.set_index("utterance_id").loc[REPLY]
    assert reply["wording_source"] == "agency" and "data/searches.csv" in str(reply["note"])
    assert "transcript" not in set(ds.documents["document_kind"].astype(str))


def test_the_blind_coding_of_the_reply_renderings_is_kept_with_a_reason_for_each_disagreement(ds: Dataset) -> None:
    from helpers.analysis.reliability import reliability_table

    codings = ds.codings
    corpus_ids = set(ds.statements.loc[ds.statements["document_id"].isin(["ex_lbc", "ex_mosaic_news", "ex_belnovosti"])
                                       & ds.statements["utterance_id"].isin([REPLY, "peskov_no_unanimity"]), "statement_id"])
    mine = codings[(codings["unit_table"] == "statements") & codings["unit_id"].isin(corpus_ids)]
    assert set(mine["coder"]) == {"curator", "second_coder", "adjudicated"}
    reply_ids = set(renderings_of(ds.statements, REPLY)["statement_id"]) - set(_article(ds)["statement_id"])
    doubt_or_denial = codings[(codings["unit_table"] == "statements") & codings["unit_id"].isin(reply_ids) & (codings["variable"] == "response")]
    table = reliability_table(doubt_or_denial).set_index("variable")
    assert table.loc["statements.response", "units"] == 16
    assert table.loc["statements.response", "alpha"] >= 0.8



# --- moved from h2 (issue 20: tests that pin the shipped article) ---
# The exports of the Kremlin's denial and of Le Monde's attribution, by name. The exporters' behaviour on any package is
# tested in test_export.py, test_export_plover.py and test_export_sqlite.py (every response, every attribution).


def test_peskovs_denial_is_a_reply_whose_target_is_the_reports_annotation() -> None:
    from helpers.export.w3c import collection

    article = read_package()
    doc = collection(article)
    items = {a["id"]: a for a in doc["first"]["items"]}
    report = article.iri("statements", "lemonde_report_revived_talks")
    denial = article.iri("statements", "peskov_correspond_with_reality")
    reply = items[f"{denial}:response"]
    assert reply["motivation"] == "replying"
    assert reply["target"] == report and report in items
    assert {"type": "TextualBody", "purpose": "classifying", "field": "response", "value": "denies"} in reply["body"]
    assert any(b.get("source") == denial and b["purpose"] == "replying" for b in reply["body"])
    assert items[denial]["target"]["selector"][0]["exact"] == "correspond with reality"


def test_the_british_source_is_attributed_to_le_monde_which_a_mention_names() -> None:
    from helpers.export.w3c import collection

    article = read_package()
    doc = collection(article)
    items = {a["id"]: a for a in doc["first"]["items"]}
    ann = items[article.iri("statements", "british_source_discussions_ongoing")]
    links = {b["field"]: b["source"] for b in ann["body"] if b["type"] == "SpecificResource"}
    assert links["reported_via_id"] == article.iri("actors", "le_monde")
    # data 2.0: an actor has no span; where it is named is a mention, itself an annotation
    assert any(i.startswith(article.iri("mentions", "le_monde_in_")) for i in items)


def test_peskovs_denial_is_an_event_against_the_reports_author() -> None:
    article = read_package()
    record = next(r for r in records(article) if r["id"] == "peskov_refuted_report")  # the counted row of the denial
    assert record["has_event"] is True and record["event"] == ["REJECT"] and record["cameo_code"] == "016"
    assert record["actor"][0]["actor_id"] == "dmitry_peskov" and record["actor"][0]["code"] == "RUSGOV"
    assert record["recipient"][0]["actor_id"] == "le_monde"
    assert record["recipient"][0]["code"] == "FRAMED"  # a French newspaper, not the French state (codebook A8)
    row = next(r for r in article.rows["statements"] if r["statement_id"] == record["id"])
    assert row["date"] == "" and record["date"] is None  # since 1.1 no statement is dated by the publication month alone
    assert record["not_expressible"]["statement_id"] == "lemonde_report_revived_talks"
    assert record["not_expressible"]["response"] == "denies"
    assert record["cite_info"]["version"] == article.version
    text = article.texts[record["cite_info"]["document_id"]]
    assert text[record["text_info"]["start"]:record["text_info"]["end"]] == record["event_text"][0]


def test_the_denial_joins_to_the_report_it_denies_in_the_sqlite_export(tmp_path) -> None:
    import sqlite3

    from helpers.export.sqlite import to_sqlite

    package = read_package()
    db = to_sqlite(package, tmp_path / "dataset.sqlite")
    with sqlite3.connect(db) as con:
        rows = con.execute("""
            SELECT d.statement_id, d.response, r.statement_id, a.name
            FROM statements d JOIN statements r ON d.responds_to_id = r.statement_id JOIN actors a ON r.speaker_id = a.actor_id
            WHERE d.statement_id = 'peskov_correspond_with_reality'""").fetchall()
        version = con.execute("SELECT value FROM export_metadata WHERE key = 'version'").fetchone()[0]
    assert rows == [("peskov_correspond_with_reality", "denies", "lemonde_report_revived_talks", "Le Monde")]
    assert version == package.version


# --- moved from h3 (issue 20: tests that pin the shipped article) ---
# Facts of the shipped article that tests/test_story.py asserted beside its checks for any package.


def test_the_caption_the_standfirst_lines_and_the_nested_quotation_are_not_counted(ds: Dataset) -> None:
    from helpers import analysis

    counted = analysis.counted_statements(ds.statements)
    left_out = set(ds.statements["statement_id"]) - set(counted["statement_id"])
    # the caption, the two standfirst lines and the nested quotation (rule U4)
    assert {"caption_peskov_correspond", "moscow_refutes_claims", "kremlin_dismissed_claims", "trump_official_european_troops"} <= left_out


def test_the_talks_claim_rests_on_two_outlet_report_rows_one_unnamed_and_two_contest_it(ds: Dataset) -> None:
    from helpers.analysis import story

    talks = story.sourcing_ladder(ds, "rows").loc["Britain and France revived talks on sending troops and contractors to Ukraine"]
    # 2.0: Le Monde's reignited talks are the same utterance as its report (audit error 1), linked once;
    # issue 22 adds the months of proposals (outlet_report) and the revival at the visit (unattributed)
    assert (talks["named"], talks["outlet_report"], talks["unnamed"], talks["contested"], talks["best rung"]) == (0, 2, 1, 2, "outlet_report")


def test_hotheads_is_peskovs_quoted_word_and_peace_plan_is_distanced(ds: Dataset) -> None:
    from helpers.analysis import story

    terms = story.framing_table(ds)
    assert terms.loc[terms["term"] == "hotheads", ["whose word", "use"]].values.tolist() == [["Dmitry Peskov", "quoted"]]
    assert terms.loc[terms["term"] == "peace plan", "use"].tolist() == ["distanced"]


def test_the_le_monde_report_comes_before_the_kremlin_denial(ds: Dataset) -> None:
    from helpers import analysis

    order = analysis.event_order(ds.events, ds.event_links)
    assert order.index("lemonde_report") < order.index("kremlin_denial")


# --- moved from h1 (issue 20: tests that pin the shipped article) ---
# The tests in test_voices_framing.py, test_explorer.py and test_state_coding.py check these behaviours on any package;
# what the shipped article's coding says about its own rows is pinned here.


def test_the_ambassadors_claim_accuses_the_united_kingdom_alone(ds: Dataset) -> None:
    ev = ds.expected_voices
    assert ev.loc[ev["claim_id"] == "uk_directly_involved", ["actor_id", "role"]].values.tolist() == [["united_kingdom", "accused"]]


def test_russia_answers_the_report_of_the_talks_and_the_united_kingdom_only_through_an_anonymous_source(ds: Dataset) -> None:
    from helpers.analysis import story

    derived = story.voice_presence(ds).set_index("voice_id")
    assert derived.loc["talks_revived__russia", "presence"] == "answers"
    assert derived.loc["talks_revived__united_kingdom", "presence"] == "unnamed_only"


def test_the_article_alone_is_coded_for_framing_and_its_verbs_take_sides(ds: Dataset) -> None:
    from helpers.analysis import story

    assert set(story.framing_by_family(ds)["compared with"]) == {"this text alone (no comparison documents coded for framing)"}
    verbs = story.framing_verbs(ds)
    row = verbs[verbs["verb"] == "claim"].iloc[0]
    assert row["introduces"] == "Russian ambassador (unnamed)" and row["side"] == "neither"
    assert set(verbs.loc[verbs["verb"].isin(["refuted", "refutes", "dismissed"]), "side"]) == {"the denial"}
    assert "said" in set(verbs["verb"]) and "told" in set(verbs["verb"])  # the neutral verbs are counted too


def test_le_monde_and_the_analyst_are_filed_under_no_country_peskov_and_barrot_under_theirs(ds: Dataset) -> None:
    from helpers.views.explore import facts_table

    facts = facts_table(ds).set_index("fact_id")
    assert facts.loc["lemonde_report_revived_talks", "country_id"] is None  # Le Monde speaks for no state
    assert facts.loc["tenenbaum_post_ceasefire", "country_id"] is None  # an analyst neither
    assert facts.loc["peskov_refuted_report", "country_id"] == "russia"
    assert facts.loc["barrot_left_open_troops", "country_id"] == "france"


def test_the_explorers_filters_on_the_article(ds: Dataset) -> None:
    from helpers.views.explore import Filters, cell_evidence_html, facts_table, filter_facts, filter_options
    from helpers.views.widgets import explorer

    facts = facts_table(ds)
    quotes = set(filter_facts(facts, Filters(mode="direct_quote"))["fact_id"])
    assert {"peskov_no_unanimity", "trump_official_gun_barrel"} <= quotes
    opts = filter_options(ds)
    countries = [value for _, value in opts["country"][1:]]
    assert "germany" in countries and "this_article" not in countries  # the article speaks for no country
    assert ("Dmitry Peskov", "dmitry_peskov") in opts["actor"] and ("Reuters", "reuters") not in opts["actor"]
    ex = explorer(ds)
    ex.actor.value = "russian_ambassador"
    assert len(ex.rows) == 1 and "1 fact: 1 statement, 0 positions" in ex.results.value
    germany = cell_evidence_html(ds, "germany", "troops_to_ukraine")  # a position with no backing statement
    assert "<mark>despite Germany’s opposition</mark>" in germany and germany.count('class="explorer-detail"') == 1
    assert facts.set_index("fact_id").loc["caption_peskov_correspond", "repeats_id"] == "peskov_refuted_report"  # the caption repeats


# --- moved from e2 (issue 20: tests that pin the shipped article) ---
# Facts of the shipped article that tests/test_story.py asserted beside its checks for any package.


def test_the_kremlin_answers_and_downing_street_is_among_the_less_heard_voices(ds: Dataset) -> None:
    from helpers.analysis import story

    table = story.absent_voices(ds)
    answering = set(table.loc[table["presence"] == "answers", "voice"])
    assert table.iloc[-1]["presence"] == "answers"
    assert "Russia (Kremlin)" in answering and "United Kingdom (Downing Street, Ministry of Defence)" not in answering


# --- moved from e3 (issue 20: tests that pin the shipped article) ---


def test_the_weapons_table_carries_the_curators_factual_error_flag_on_atomic_missiles(ds: Dataset) -> None:
    from helpers import analysis

    table = analysis.weapons_table(ds.weapons_systems, ds.curator_notes)
    atomic = table[table["as written"] == "atomic missiles"]
    assert "factual_error" in atomic["curator flags"].iloc[0]

"""How a reply travels across documents (issue 21): renderings, relays, times, families and per-document baselines.

Data-independent: each test builds a small corpus of its own (three or four documents), so it runs on any package.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from helpers.analysis import relays, story

DOC_COLUMNS = ["document_id", "outlet_id", "language", "url", "published", "published_time", "date_precision", "published_basis",
               "relays_document_id", "relays_actor_id", "relay_basis"]
ST_COLUMNS = ["statement_id", "document_id", "utterance_id", "speaker_id", "mode", "rendering_verb", "response", "relation",
              "char_start", "char_end", "evidence"]


def corpus(documents: list[dict], renderings: list[tuple], texts: dict[str, str]) -> SimpleNamespace:
    """A dataset-like object: documents, actors, statements (spans computed from the texts), text()."""
    docs = pd.DataFrame([{c: d.get(c, "") for c in DOC_COLUMNS} for d in documents])
    actors = pd.DataFrame([
        {"actor_id": "agency", "name": "State Agency", "kind": "media", "country_iso3": "RUS", "outlet_nature": "state_controlled"},
        {"actor_id": "wire", "name": "Wire", "kind": "media", "country_iso3": "GBR", "outlet_nature": "independent"},
        {"actor_id": "paper", "name": "Paper", "kind": "media", "country_iso3": "FRA", "outlet_nature": "independent"},
        {"actor_id": "spokesman", "name": "Spokesman", "kind": "person", "country_iso3": "RUS", "outlet_nature": ""},
        {"actor_id": "office", "name": "The Office", "kind": "government", "country_iso3": "RUS", "outlet_nature": ""},
    ])
    rows = []
    for sid, doc, utt, speaker, mode, verb, response, words in renderings:
        start = texts[doc].index(words)
        rows.append(dict(zip(ST_COLUMNS, [sid, doc, utt, speaker, mode, verb, response, "", start, start + len(words), words], strict=True)))
    statements = pd.DataFrame(rows, columns=ST_COLUMNS)
    return SimpleNamespace(documents=docs, actors=actors, statements=statements, text=lambda d: texts[d])


R, H, L = relays.REPLY, relays.HOTHEADS, relays.LEMONDE


@pytest.fixture
def travelled() -> SimpleNamespace:
    """An agency relay keeps doubt; a copy of it puts a denial in its lead; an uncredited paper denies five times."""
    texts = {
        "relay": "Office answered\nThe report said talks revived.\nWe do not know how far this corresponds to reality, he said.",
        "copy": "Office dismissed the report\nWe do not know how far this corresponds to reality, he said.",
        "paper": "Office refutes claims\nThe Office dismissed claims.\nHe refuted the report, stating it did not correspond.\n"
                 "Caption: did not correspond. Again: refuted it.",
    }
    documents = [
        {"document_id": "relay", "outlet_id": "paper", "language": "fr", "published": "2024-11-25", "published_time": "15:02",
         "date_precision": "day", "published_basis": "stated", "relays_actor_id": "agency", "relay_basis": "«citing the agency»"},
        {"document_id": "copy", "outlet_id": "wire", "language": "en", "published": "2024-11-25", "published_time": "09:30+01:00",
         "date_precision": "day", "published_basis": "provided_metadata", "relays_document_id": "relay",
         "relay_basis": "identical wording"},
        {"document_id": "paper", "outlet_id": "wire", "language": "en", "url": "https://example.org/p/123.html"},
    ]
    renderings = [
        ("relay_head", "relay", R, "office", "paraphrase", "answered", "", "Office answered"),
        ("relay_report", "relay", L, "paper", "paraphrase", "said", "", "talks revived"),
        ("relay_quote", "relay", R, "spokesman", "direct_quote", "said", "disputes", "We do not know how far this corresponds to reality"),
        ("copy_lead", "copy", R, "office", "paraphrase", "dismissed", "denies", "dismissed the report"),
        ("copy_quote", "copy", R, "spokesman", "direct_quote", "said", "disputes", "We do not know how far this corresponds to reality"),
        ("paper_1", "paper", R, "office", "paraphrase", "refutes", "denies", "refutes claims"),
        ("paper_2", "paper", R, "office", "paraphrase", "dismissed", "denies", "dismissed claims"),
        ("paper_3", "paper", R, "spokesman", "paraphrase", "refuted", "denies", "refuted the report"),
        ("paper_4", "paper", R, "spokesman", "phrase", "stating", "denies", "did not correspond."),
        ("paper_5", "paper", R, "spokesman", "paraphrase", "refuted", "denies", "refuted it"),
        ("paper_6", "paper", H, "spokesman", "direct_quote", "said", "disputes", "Again"),
    ]
    return corpus(documents, renderings, texts)


def test_a_document_that_renders_the_reply_five_times_counts_it_once(travelled) -> None:
    by_doc = relays.reply_by_document(travelled).set_index("document_id")
    assert by_doc.loc["paper", "renderings"] == 5
    assert by_doc.loc["paper", "utterances as denial"] == 1
    assert by_doc.loc["paper", "renders the reply as"] == "denial"


def test_a_denial_in_the_lead_over_a_quotation_that_doubts_is_a_shift_inside_the_document(travelled) -> None:
    found = relays.shifts(travelled)
    inside = found[found["where"] == "inside a document"]
    assert list(inside["document_id"]) == ["copy"]
    assert inside.iloc[0]["denial"] == "dismissed the report"
    assert relays.reply_by_document(travelled).set_index("document_id").loc["copy", "renders the reply as"] == "both"


def test_a_page_that_hardens_a_relayed_doubt_is_a_shift_along_the_relay(travelled) -> None:
    along = relays.shifts(travelled).query("where == 'along a relay'")
    assert list(along["document_id"]) == ["copy"]


def test_no_shift_is_found_where_every_page_keeps_the_doubt(travelled) -> None:
    st = travelled.statements
    travelled.statements = st[~st["statement_id"].isin(["copy_lead"])].reset_index(drop=True)
    assert relays.shifts(travelled).empty


def test_a_family_follows_the_relayed_document_and_reads_state_ownership_from_the_actors(travelled) -> None:
    family = relays.source_family(travelled)
    assert family["relay"] == "Russian state source"  # relays an agency with country RUS and nature state_controlled
    assert family["copy"] == "Russian state source"  # takes the family of the document it relays
    assert family["paper"] == "no source credited (English)"
    travelled.actors.loc[travelled.actors["actor_id"] == "agency", "outlet_nature"] = "independent"
    assert relays.source_family(travelled)["relay"] == "no source credited (other language)"


def test_a_clock_without_a_zone_stays_the_page_clock_and_a_known_offset_becomes_utc(travelled) -> None:
    times = relays.document_times(travelled).set_index("document_id")
    assert times.loc["relay", "time basis"] == "clock shown, no time zone"
    assert times.loc["relay", "time"] == pd.Timestamp("2024-11-25T15:02")
    assert times.loc["copy", "time basis"] == "UTC (offset known)"
    assert times.loc["copy", "time"] == pd.Timestamp("2024-11-25T08:30")
    assert times.loc["paper", "time basis"] == "no day"
    assert list(times.index) == ["copy", "relay", "paper"]  # earliest first, undated last


def test_the_outlet_table_writes_no_timestamp_that_reads_as_a_run_time(travelled) -> None:
    published = relays.outlet_table(travelled).set_index("document_id")["published"]
    assert published["relay"] == "2024-11-25, 15:02 (clock shown, no time zone)"
    assert not published.str.contains(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}").any()


def test_a_relay_in_the_page_own_words_is_credited_and_identical_wording_is_not(travelled) -> None:
    edges = relays.relay_edges(travelled).set_index("document_id")
    assert bool(edges.loc["relay", "credited"]) is True
    assert bool(edges.loc["copy", "credited"]) is False
    assert bool(edges.loc["copy", "relays a document"]) is True


def test_the_relay_tree_puts_each_parent_before_its_children_one_hop_deeper(travelled) -> None:
    tree = relays.relay_tree(travelled)
    order = list(tree["node"])
    assert order.index("agency") < order.index("relay") < order.index("copy")
    depth = tree.set_index("node")["depth"]
    assert (depth["agency"], depth["relay"], depth["copy"], depth["paper"]) == (0, 1, 2, 0)
    assert tree.set_index("node").loc["agency", "kind"] == "source not in the corpus"


def test_baselines_give_each_document_the_measures_and_place_one_among_its_peers(travelled) -> None:
    table = story.document_baselines(travelled).set_index("document_id")
    assert table.loc["paper", "reply renderings"] == 6 and table.loc["paper", "denial renderings"] == 5
    assert table.loc["paper", "reply as denial"] == 1 and table.loc["relay", "reply as denial"] == 0
    assert table.loc["relay", "source credited"] and not table.loc["paper", "source credited"]
    assert table.loc["relay", "first heard"] == "the reply" and table.loc["relay", "reply on first line"]
    assert table.loc["relay", "verbs for the report"] == "said"
    position = story.baseline_position(travelled, "paper").set_index("measure")
    assert position.loc["denial renderings", "peers at or above"] == 0
    assert position.loc["denial renderings", "peers"] == 2


def test_a_rendering_is_denial_doubt_or_neither_by_its_response() -> None:
    assert relays.as_rendered(pd.Series(["denies", "disputes", "qualifies", None])) == ["denial", "doubt", "neither", "neither"]

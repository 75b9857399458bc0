"""The explorer: filters give the right facts, the detail view the right evidence, and data text is never markup."""

from __future__ import annotations

import copy
import dataclasses
import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.data import Dataset
from helpers.explore import (
    Filters,
    cell_evidence_html,
    detail_html,
    fact_label,
    facts_table,
    filter_facts,
    filter_options,
    results_html,
    stance_matrix_html,
)
from helpers.render import escape, evidence_in_context_html, highlight_html
from helpers.widgets import explorer, stance_drilldown


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def marked(fragment: str) -> list[str]:
    """The texts inside <mark> elements, unescaped."""
    return [html.unescape(m) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", fragment, flags=re.S)]


# --- filters, through the real widget -------------------------------------------------------------


def test_choosing_russia_lists_peskovs_statements_and_russias_positions(ds):
    ex = explorer(ds)
    ex.country.value = "russia"
    ids = set(ex.rows["fact_id"])
    assert {"peskov_refuted_report", "peskov_no_unanimity", "kremlin_dismissed_claims", "russia_troops"} <= ids
    assert set(ex.rows["country_id"]) == {"russia"}
    assert "Dmitry Peskov" in ex.results.value and "Emmanuel Macron" not in ex.results.value
    assert [value for _, value in ex.choice.options] == list(ex.rows["fact_id"])
    # The first result is selected and its evidence is shown marked inside its sentence.
    first = ex.rows.iloc[0]
    assert ex.choice.value == first["fact_id"]
    assert marked(ex.detail.value) == [first["evidence"]]
    assert "Dmitry Peskov" in ex.detail.value


def test_choosing_france_after_russia_lists_macron_and_barrot_not_peskov(ds):
    ex = explorer(ds)
    ex.country.value = "russia"
    ex.country.value = "france"
    speakers = set(ex.rows.loc[ex.rows["kind"] == "statement", "actor"])
    assert {"Emmanuel Macron", "Jean-Noël Barrot"} <= speakers
    assert "Dmitry Peskov" not in speakers and "Dmitry Peskov" not in ex.results.value
    assert "Emmanuel Macron" in ex.results.value and "Jean-No&#235;l Barrot" not in ex.results.value  # escaped as UTF-8, not entities
    assert "Jean-Noël Barrot" in ex.results.value
    assert marked(ex.detail.value) == [ex.rows.iloc[0]["evidence"]]


def test_choosing_a_result_shows_its_sentence_speaker_outlet_and_notes(ds):
    ex = explorer(ds)
    ex.country.value = "united_kingdom"
    ex.choice.value = "british_source_discussions_ongoing"
    detail = ex.detail.value
    assert marked(detail) == ["Discussions are ongoing between the UK and France about defense cooperation, "
                              "with a focus on Ukraine and broader European security."]
    assert "British military source (anonymous)" in detail
    assert re.search(r"Reported via</th><td[^>]*>Le Monde<", detail)
    # The selected row is highlighted in the results table.
    assert re.search(r'<tr data-fact-id="british_source_discussions_ongoing" style="font-weight:bold', ex.results.value)

    ex.country.value = "russia"
    ex.choice.value = "ambassador_directly_involved"
    detail = ex.detail.value
    assert "prompting Moscow’s ambassador to claim that the UK is “<mark>directly involved</mark>" in detail
    about_speaker = ds.curator_notes.loc[(ds.curator_notes["target_table"] == "actors")
                                         & (ds.curator_notes["target_id"] == "russian_ambassador"), "note"]
    assert len(about_speaker) and all(escape(note) in detail for note in about_speaker)  # notes about the speaker


def test_detail_lists_notes_on_the_fact_its_backing_statement_and_overlapping_text(ds):
    facts = facts_table(ds).set_index("fact_id", drop=False)
    caption = detail_html(ds, facts.loc["caption_peskov_correspond"])
    assert "opens a single quotation mark" in caption  # n02, on the statement
    assert "The first line is a photo caption" in caption  # n01, on the document, overlapping the evidence
    position = detail_html(ds, facts.loc["russia_troops"])
    assert "Inferred from the Kremlin spokesman&#x27;s own words" in position or "Inferred from the Kremlin spokesman's own words" in position
    assert "No curator note." in detail_html(ds, facts.loc["zelensky_security_guarantees"])


@pytest.mark.parametrize("name", ["country", "actor", "topic", "stance", "mode"])
def test_every_value_of_every_filter_gives_exactly_the_matching_facts(ds, name):
    ex = explorer(ds)
    facts = facts_table(ds)
    column = {"country": "country_id", "actor": "actor_id", "topic": "topic_id", "stance": "stance", "mode": "mode"}[name]
    control = getattr(ex, name)
    for label, value in control.options:
        control.value = value
        expected = facts if value is None else facts[facts[column] == value]
        assert list(ex.rows["fact_id"]) == list(expected["fact_id"]), label
        assert len(ex.choice.options) == len(expected), label
        if len(expected):
            assert f"{len(expected)} facts:" in ex.results.value
            assert marked(ex.detail.value) == [expected.iloc[0]["evidence"]], label


def test_mode_filter_keeps_statements_only(ds):
    rows = filter_facts(facts_table(ds), Filters(mode="direct_quote"))
    assert set(rows["kind"]) == {"statement"}
    quotes = ds.statements.loc[ds.statements["mode"] == "direct_quote", "statement_id"]
    assert set(rows["fact_id"]) == set(quotes) and {"peskov_no_unanimity", "trump_official_gun_barrel"} <= set(quotes)


def test_filters_combine_and_an_empty_result_recovers(ds):
    ex = explorer(ds)
    ex.topic.value = "troops_to_ukraine"
    ex.stance.value = "open"
    assert set(ex.rows["actor"]) == {"Emmanuel Macron", "Jean-Noël Barrot", "France", "United Kingdom"}
    ex.country.value = "russia"
    assert ex.rows.empty and ex.choice.options == () and ex.choice.value is None
    assert "No fact matches" in ex.results.value and "Select a fact" in ex.detail.value
    ex.country.value = None
    assert ex.choice.value == ex.rows.iloc[0]["fact_id"]
    assert marked(ex.detail.value) == [ex.rows.iloc[0]["evidence"]]


def test_filter_options_offer_only_values_present_countries_before_groups(ds):
    opts = filter_options(ds)
    assert all(choices[0] == ("(any)", None) for choices in opts.values())
    countries = [value for _, value in opts["country"][1:]]
    kinds = ds.actors.set_index("actor_id")["kind"]
    is_group = [kinds.get(c) == "country_group" for c in countries]
    assert is_group == sorted(is_group) and "germany" in countries  # countries first, then any groups
    assert "this_article" not in countries  # the article speaks for no country
    assert ("Dmitry Peskov", "dmitry_peskov") in opts["actor"] and ("Reuters", "reuters") not in opts["actor"]


def test_callbacks_never_print(ds, capsys):
    ex = explorer(ds)
    cell = stance_drilldown(ds)
    for value in ("russia", "france", None):
        ex.country.value = value
    ex.mode.value = "phrase"
    cell.country.value, cell.topic.value = "france", "troops_to_ukraine"
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_widget_text_fallback_is_deterministic(ds):
    first, second = explorer(ds), explorer(ds)
    n = len(ds.statements) + len(ds.country_positions)
    assert repr(first) == repr(second) == f"Explorer({n} facts; filters {{}}; {n} shown)"
    assert first._repr_mimebundle_()["text/plain"] == repr(first)
    assert repr(stance_drilldown(ds)) == "StanceDrilldown(cell=(None, None))"


# --- stance matrix drill-down ----------------------------------------------------------------------


def test_drilling_into_a_matrix_cell_shows_the_position_and_its_backing_statement(ds):
    cell = stance_drilldown(ds)
    cell.country.value = "russia"
    cell.topic.value = "uk_france_talks"
    assert marked(cell.evidence.value) == [
        "The Kremlin has dismissed claims about discussions between Britain and France regarding the deployment of troops to Ukraine."
    ] * 2  # the position and the statement behind it cite the same words
    assert "Position <code>russia_uk_france_talks</code>" in cell.evidence.value
    assert "Statement <code>kremlin_dismissed_claims</code>" in cell.evidence.value
    assert cell.matrix.value.count("outline:") == 1
    cell.topic.value = "peace_settlement"
    assert "No position recorded for Russia on Peace settlement." in cell.evidence.value


def test_widgets_use_a_prebuilt_facts_table_without_rebuilding_it(ds, monkeypatch):
    facts = facts_table(ds)
    import helpers.widgets as widgets_module

    def no_rebuild(_ds):
        raise AssertionError("facts_table rebuilt although facts= was given")

    monkeypatch.setattr(widgets_module, "facts_table", no_rebuild)
    ex = explorer(ds, facts)
    ex.country.value = "russia"
    assert len(ex.rows) == len(filter_facts(facts, Filters(country="russia")))
    cell = stance_drilldown(ds, facts=facts)
    cell.country.value, cell.topic.value = "russia", "uk_france_talks"
    assert "Statement <code>kremlin_dismissed_claims</code>" in cell.evidence.value


def test_single_document_matrix_has_no_caption_and_one_header_per_topic(ds):
    matrix = stance_matrix_html(ds)
    assert "<caption" not in matrix
    heads = re.findall(r"<th[^>]*>(.*?)</th>", re.findall(r"<thead><tr>(.*?)</tr></thead>", matrix)[0])
    used = set(ds.country_positions["topic_id"])
    assert [html.unescape(h) for h in heads] == ["", *[lab for t, lab in zip(ds.topics["topic_id"], ds.topics["label"], strict=True) if t in used]]


def test_cell_without_a_backing_statement_shows_the_position_alone(ds):
    fragment = cell_evidence_html(ds, "germany", "troops_to_ukraine")
    assert marked(fragment) == ["despite Germany’s opposition"]
    assert fragment.count('class="explorer-detail"') == 1


# --- hostile text ----------------------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)> \" onmouseover=\"alert(1)\" 'sq' & AT&T"
ALLOWED_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "caption", "p", "div", "blockquote", "mark",
                "ul", "li", "b", "i", "code", "span", "hr", "br"}
ALLOWED_ATTRS = {"class", "style", "title", "data-fact-id"}


def hostile(field: str) -> str:
    return f"[{field}] {PAYLOAD}"


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text: list[str] = []
        self.attr_values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)
        self.attr_values.extend(value or "" for _, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert_and_readable(fragment: str, *must_read: str) -> None:
    """No executable markup survives, and the hostile text is still there to read (escaped)."""
    assert "<script" not in fragment.lower() and "<img" not in fragment.lower()
    parsed = _Inspector()
    parsed.feed(fragment)
    parsed.close()
    assert parsed.tags <= ALLOWED_TAGS, parsed.tags - ALLOWED_TAGS
    # A quote that broke out of an attribute would show up as a new attribute such as onmouseover.
    assert parsed.attrs <= ALLOWED_ATTRS, parsed.attrs - ALLOWED_ATTRS
    readable = "".join(parsed.text) + "\n".join(parsed.attr_values)
    for field in must_read:
        assert hostile(field) in readable, f"{field} not readable in {fragment[:300]}"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment


@pytest.fixture(scope="module")
def hostile_ds(ds: Dataset) -> Dataset:
    """A copy of the dataset with hostile text in every field that gets rendered."""
    doc_id = ds.documents["document_id"].iloc[0]
    prefix = ds.text(doc_id) + "\nThen "
    quote = hostile("evidence")
    text = prefix + quote + " was said."
    span = (len(prefix), len(prefix) + len(quote))

    def objects(df: pd.DataFrame) -> pd.DataFrame:
        return df.astype("object").where(df.notna(), None)

    documents = objects(ds.documents)
    documents[["title", "outlet", "published"]] = [[hostile("title"), hostile("outlet"), hostile("published")]]
    actors = objects(ds.actors)
    for actor in ("dmitry_peskov", "russia", "le_monde"):
        actors.loc[actors["actor_id"] == actor, "name"] = hostile(f"name {actor}")
    topics = objects(ds.topics)
    topics.loc[topics["topic_id"] == "uk_france_talks", "label"] = hostile("topic")
    statements = objects(ds.statements)
    statements["summary"] = hostile("summary")
    hostile_id = hostile("statement id")
    row = statements["statement_id"] == "peskov_refuted_report"
    statements.loc[row, ["statement_id", "evidence", "char_start", "char_end", "stance", "mode", "date", "response"]] = [
        hostile_id, quote, span[0], span[1], hostile("stance"), hostile("mode"), hostile("date"), hostile("response")]
    positions = objects(ds.country_positions)
    positions["summary"] = hostile("position summary")
    positions.loc[positions["position_id"] == "russia_uk_france_talks", ["basis", "stance", "statement_id"]] = [
        hostile("basis"), hostile("stance"), hostile_id]
    notes = objects(ds.curator_notes)
    notes.loc[len(notes)] = {"note_id": "n_hostile", "target_table": "statements", "target_id": hostile_id, "kind": hostile("note kind"),
                             "note": hostile("note"), "document_id": doc_id, "evidence": quote, "char_start": span[0], "char_end": span[1]}
    descriptor = copy.deepcopy(ds.descriptor)
    descriptor["vocabularies"]["stance"][hostile("stance")] = hostile("stance definition")
    return dataclasses.replace(ds, documents=documents, actors=actors, topics=topics, statements=statements,
                               country_positions=positions, curator_notes=notes, texts={doc_id: text}, descriptor=descriptor)


def test_hostile_text_is_inert_and_readable_in_every_explore_renderer(hostile_ds):
    facts = facts_table(hostile_ds)
    assert_inert_and_readable(results_html(facts), "name dmitry_peskov", "name russia", "topic", "stance", "mode", "evidence")
    assert_inert_and_readable(results_html(facts, selected=hostile("statement id")), "evidence")
    by_id = facts.set_index("fact_id", drop=False)
    target = detail_html(hostile_ds, by_id.loc[hostile("statement id")])
    assert_inert_and_readable(target, "evidence", "statement id", "name dmitry_peskov", "topic", "stance", "stance definition", "mode",
                              "date", "response", "summary", "title", "outlet", "published", "note", "note kind")
    assert_inert_and_readable(detail_html(hostile_ds, by_id.loc["russia_uk_france_talks"]),
                              "basis", "statement id", "position summary", "name russia", "stance")
    assert_inert_and_readable(detail_html(hostile_ds, by_id.loc["british_source_discussions_ongoing"]), "name le_monde")
    for _, fact in facts.iterrows():
        assert_inert_and_readable(detail_html(hostile_ds, fact))
    assert_inert_and_readable(stance_matrix_html(hostile_ds, selected=("russia", "uk_france_talks")), "name russia", "topic", "stance")
    assert_inert_and_readable(cell_evidence_html(hostile_ds, "russia", "uk_france_talks", facts), "evidence", "basis", "stance")
    # An unknown cell falls back to the ids, which are escaped too.
    assert_inert_and_readable(cell_evidence_html(hostile_ds, hostile("country id"), hostile("topic id")), "country id", "topic id")
    # Labels for Select/Dropdown options are plain text (ipywidgets sets them with textContent), kept verbatim.
    assert hostile("evidence") in fact_label(by_id.loc[hostile("statement id")], width=1000)
    assert (hostile("name russia"), "russia") in filter_options(hostile_ds, facts)["country"]


def test_hostile_text_is_inert_and_readable_in_every_widget(hostile_ds):
    ex = explorer(hostile_ds)
    assert_inert_and_readable(ex.results.value, "evidence")
    for _, fact_id in ex.choice.options:
        ex.choice.value = fact_id
        assert_inert_and_readable(ex.results.value)
        assert_inert_and_readable(ex.detail.value)
    ex.country.value = "russia"
    ex.choice.value = hostile("statement id")
    assert_inert_and_readable(ex.detail.value, "evidence", "note")
    cell = stance_drilldown(hostile_ds)
    assert_inert_and_readable(cell.matrix.value, "name russia")
    cell.country.value, cell.topic.value = "russia", "uk_france_talks"
    assert_inert_and_readable(cell.matrix.value, "topic")
    assert_inert_and_readable(cell.evidence.value, "evidence", "basis")


def test_hostile_text_is_inert_and_readable_in_the_render_helpers():
    text = f"Before. He said {hostile('evidence')} today. After."
    start = text.index("[evidence]")
    end = start + len(hostile("evidence"))
    assert_inert_and_readable(escape(hostile("escape")), "escape")
    fragment = evidence_in_context_html(text, start, end, css_class=hostile("css"))
    assert_inert_and_readable(fragment, "evidence", "css")
    assert_inert_and_readable(highlight_html(text, [(start, end, hostile("title"))]), "evidence", "title")

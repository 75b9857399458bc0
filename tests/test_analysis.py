"""The analysis helpers on the real dataset: invariants that must hold whatever the curation says."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from matplotlib import _pylab_helpers

from helpers import analysis, load_dataset, plots
from helpers.data import Dataset
from helpers.render import sentence_bounds

FACT_TABLES = ("statements", "country_positions", "events", "weapons_systems")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def doc(ds: Dataset) -> str:
    return str(ds.documents["document_id"].iloc[0])


def test_statement_table_has_one_row_per_statement_with_names(ds: Dataset) -> None:
    table = analysis.statement_table(ds.statements, ds.actors, ds.topics)
    assert table["statement_id"].tolist() == ds.statements["statement_id"].tolist()
    assert set(table["speaker"]) <= set(ds.actors["name"])
    assert set(table["topic"]) <= set(ds.topics["label"])


def test_mode_summary_counts_every_statement_in_vocabulary_order(ds: Dataset) -> None:
    summary = analysis.mode_summary(ds.statements)
    assert summary["statements"].sum() == len(ds.statements)
    vocab = list(ds.vocabulary("mode"))
    assert summary["mode"].tolist() == [m for m in vocab if m in summary["mode"].tolist()]


def test_attribution_chains_end_at_the_article_and_count_hops(ds: Dataset) -> None:
    chains = analysis.attribution_chains(ds.statements, ds.actors)
    assert len(chains) == len(ds.statements)
    assert chains["chain"].str.endswith("the article itself").all()
    via = ds.statements["reported_via_id"].notna().to_numpy()
    direct = (ds.statements["speaker_id"] != analysis.ARTICLE_ACTOR).to_numpy()
    assert chains["hops"].tolist() == [int(v) + int(d) for v, d in zip(via, direct, strict=True)]


def test_reporting_edges_account_for_every_statement(ds: Dataset) -> None:
    edges = analysis.reporting_edges(ds.statements, ds.actors)
    assert edges["statements"].sum() == len(ds.statements)
    assert not edges.duplicated(["speaker", "channel"]).any()


def test_anonymous_reliance_matches_actor_kinds(ds: Dataset) -> None:
    table = analysis.anonymous_reliance(ds.statements, ds.actors, ds.country_positions).set_index("rows")
    anonymous = set(ds.actors.loc[ds.actors["kind"] == "anonymous_source", "actor_id"])
    assert table.loc["statements", "resting on an anonymous source"] == ds.statements["speaker_id"].isin(anonymous).sum()
    assert 0 <= table.loc["country positions", "share"] <= 1


def test_stance_matrix_agrees_with_the_positions(ds: Dataset) -> None:
    matrix = analysis.stance_matrix(ds.country_positions, ds.actors, ds.topics)
    names = analysis.actor_names(ds.actors)
    labels = dict(zip(ds.topics["topic_id"], ds.topics["label"], strict=True))
    for actor, topic, stance in ds.country_positions[["actor_id", "topic_id", "stance"]].itertuples(index=False):
        assert stance in matrix.loc[names[actor], labels[topic]].split(" / ")
    filled = (matrix != "").sum().sum()
    assert filled == ds.country_positions.drop_duplicates(["actor_id", "topic_id"]).shape[0]


def test_every_matrix_cell_has_evidence_from_the_article(ds: Dataset) -> None:
    evidence = analysis.position_evidence(ds.country_positions, ds.actors, ds.topics)
    assert len(evidence) == len(ds.country_positions)
    text = ds.text(str(ds.documents["document_id"].iloc[0]))
    assert all(e in text for e in evidence["evidence"])


def test_conflicts_have_both_sides(ds: Dataset) -> None:
    conflicts = analysis.conflicting_topics(ds.country_positions, ds.actors, ds.topics)
    assert (conflicts["supports"] != "").all() and (conflicts["opposes"] != "").all()


def test_second_hand_positions_are_the_non_stated_ones(ds: Dataset) -> None:
    second = analysis.second_hand_positions(ds.country_positions, ds.actors, ds.topics)
    assert len(second) == (ds.country_positions["basis"] != "stated").sum()


def test_weapons_table_lists_every_system(ds: Dataset) -> None:
    table = analysis.weapons_table(ds.weapons_systems, ds.curator_notes)
    assert table["system"].tolist() == ds.weapons_systems["name"].tolist()
    atomic = table[table["as written"] == "atomic missiles"]
    assert "factual_error" in atomic["curator flags"].iloc[0]


def test_timeline_is_sorted_and_spans_match_precision(ds: Dataset) -> None:
    table = analysis.timeline_table(ds.events)
    assert table["first day"].tolist() == sorted(table["first day"])
    assert set(table.loc[table["precision"] == "day", "days"]) <= {1}
    assert set(table.loc[table["precision"] == "month", "days"]) <= {28, 29, 30, 31}
    assert set(table.loc[table["precision"] == "year", "days"]) <= {365, 366}


def test_coverage_and_uncovered_sentences_agree(ds: Dataset, doc: str) -> None:
    text = ds.text(doc)
    spans = analysis.annotation_spans({n: ds.tables[n] for n in FACT_TABLES}, doc)
    cov = analysis.coverage(text, spans)
    gaps = analysis.uncovered_sentences(text, spans)
    assert cov.sentences == len(sentence_bounds(text))
    assert cov.sentences - cov.sentences_covered == len(gaps)
    assert 0 < cov.character_share <= cov.sentence_share <= 1 or cov.character_share <= 1
    assert cov.characters == len(text)


def test_coverage_on_a_tiny_text() -> None:
    text = "One two. Three four. Five."
    cov = analysis.coverage(text, [(0, 3, "a"), (9, 14, "b"), (2, 5, "c")])
    assert (cov.sentences, cov.sentences_covered, cov.characters_covered) == (3, 2, 10)
    assert analysis.uncovered_sentences(text, [(0, 3, "a")])["sentence"].tolist() == ["Three four.", "Five."]


def test_uncovered_sentences_are_explained_as_not_article_text(ds: Dataset, doc: str) -> None:
    text = ds.text(doc)
    gaps = analysis.uncovered_sentences(text, analysis.annotation_spans({n: ds.tables[n] for n in FACT_TABLES}, doc))
    furniture = analysis.curator_flags(ds.curator_notes, "documents", ["not_article_text"])
    for start, end in zip(gaps["char_start"], gaps["char_end"], strict=True):
        assert any(s <= start and end <= e for s, e in zip(furniture["char_start"], furniture["char_end"], strict=True))


def test_span_checks_find_no_mismatch(ds: Dataset) -> None:
    checks = analysis.span_checks(ds.tables, ds.texts)
    assert (checks["mismatch"] == 0).all()
    assert (checks["exact match"] == checks["rows with a span"]).all()


def test_evidence_html_escapes_the_data() -> None:
    frame = pd.DataFrame({"label": ["<script>"], "document_id": ["d"], "char_start": [0], "char_end": [3]})
    out = analysis.evidence_html(frame, {"d": "<b> text"}, "label")
    assert "<script>" not in out and "&lt;script&gt;" in out and "<mark>&lt;b&gt;</mark>" in out


def test_plot_helpers_do_not_register_pyplot_figures(ds: Dataset) -> None:
    before = _pylab_helpers.Gcf.get_num_fig_managers()
    fig = plots.stance_heatmap(ds)
    assert _pylab_helpers.Gcf.get_num_fig_managers() == before
    assert "dataset v" in fig._supxlabel.get_text()
    assert matplotlib.get_backend()  # untouched: no backend switch needed to draw


def test_plot_helper_draws_into_a_given_axes(ds: Dataset) -> None:
    fig, axes = plots.new_figure(4, ncols=2)
    out = plots.statements_per_topic(ds, ax=axes[1])
    assert out is fig
    assert axes[1].patches and not axes[0].patches

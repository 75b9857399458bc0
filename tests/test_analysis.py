"""The analysis helpers on the real dataset: invariants that must hold whatever the curation says."""

from __future__ import annotations

import dataclasses

import matplotlib
import matplotlib.dates as mdates
import matplotlib.lines
import pandas as pd
import pytest
from matplotlib import _pylab_helpers

from helpers import analysis, load_dataset
from helpers.dataset.load import Dataset
from helpers.dataset.spans import sentence_bounds
from helpers.views import plots, render
from tests._skips import rows_or_skip

FACT_TABLES = ("statements", "country_positions", "events", "weapons_systems")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def doc(ds: Dataset) -> str:
    return str(rows_or_skip(ds.documents, "documents")["document_id"].iloc[0])


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
    # one row per (speaker, channel) pair of ids, in order of first appearance: names may repeat across a corpus's actors
    names = analysis.actor_names(ds.actors)
    pairs: dict[tuple[str, str], int] = {}
    for speaker, via in zip(ds.statements["speaker_id"].astype(str), ds.statements["reported_via_id"], strict=True):
        key = (speaker, "" if pd.isna(via) else str(via))
        pairs[key] = pairs.get(key, 0) + 1
    expected = [[names[s], names[v] if v else "the article itself", n] for (s, v), n in pairs.items()]
    assert edges[["speaker", "channel", "statements"]].values.tolist() == expected


def test_anonymous_reliance_matches_actor_kinds(ds: Dataset) -> None:
    table = analysis.anonymous_reliance(ds.statements, ds.actors, ds.country_positions).set_index("rows")
    anonymous = set(ds.actors.loc[ds.actors["kind"] == "anonymous_source", "actor_id"])
    assert table.loc["statements", "resting on an anonymous source"] == ds.statements["speaker_id"].isin(anonymous).sum()
    assert 0 <= table.loc["country positions", "share"] <= 1


def test_stance_matrix_agrees_with_the_positions(ds: Dataset) -> None:
    cp = ds.country_positions
    matrix = analysis.stance_matrix(cp, ds.actors, ds.topics).drop(columns=analysis.DOCUMENTS_COLUMN, errors="ignore")
    # rows: the actors with a position in file order; columns: the topics in order (by id: names and labels may repeat)
    rows = [a for a in ds.actors["actor_id"] if a in set(cp["actor_id"])]
    cols = [t for t in ds.topics["topic_id"] if t in set(cp["topic_id"])]
    names = analysis.actor_names(ds.actors)
    labels = dict(zip(ds.topics["topic_id"], ds.topics["label"], strict=True))
    assert list(matrix.index) == [names[a] for a in rows] and list(matrix.columns) == [labels[t] for t in cols]
    for actor, topic, stance in cp[["actor_id", "topic_id", "stance"]].itertuples(index=False):
        assert stance in matrix.iloc[rows.index(actor), cols.index(topic)].split(" / ")
    filled = (matrix != "").sum().sum()
    assert filled == cp.drop_duplicates(["actor_id", "topic_id"]).shape[0]


def test_the_stance_matrix_of_a_new_corpus_is_empty_with_the_axes_of_a_filled_one(new_corpus_ds: Dataset, shipped_dataset: Dataset) -> None:
    empty = new_corpus_ds
    assert empty.country_positions.empty
    matrix = analysis.stance_matrix(empty.country_positions, empty.actors, empty.topics)
    filled = analysis.stance_matrix(shipped_dataset.country_positions, shipped_dataset.actors, shipped_dataset.topics)
    assert matrix.shape == (0, 0) and not filled.empty  # only countries and topics with a position appear: none
    assert (matrix.index.name, matrix.columns.name) == (filled.index.name, filled.columns.name) == ("country", "topic")
    assert (matrix.index.dtype, matrix.columns.dtype) == (filled.index.dtype, filled.columns.dtype)


def test_every_matrix_cell_has_evidence_from_the_article(ds: Dataset) -> None:
    evidence = analysis.position_evidence(ds.country_positions, ds.actors, ds.topics)
    cp = ds.country_positions
    assert len(evidence) == len(cp)
    assert sorted(evidence["evidence"]) == sorted(cp["evidence"].astype(str))
    for document, words in zip(cp["document_id"].astype(str), cp["evidence"].astype(str), strict=True):
        assert words in ds.text(document), (document, words)  # from the position's own document (a corpus has several)


def test_conflicts_have_both_sides(ds: Dataset) -> None:
    conflicts = analysis.conflicting_topics(ds.country_positions, ds.actors, ds.topics)
    assert (conflicts["supports"] != "").all() and (conflicts["opposes"] != "").all()


def test_second_hand_positions_are_the_non_stated_ones(ds: Dataset) -> None:
    second = analysis.second_hand_positions(ds.country_positions, ds.actors, ds.topics)
    assert len(second) == (ds.country_positions["basis"] != "stated").sum()


def test_weapons_table_lists_every_system(ds: Dataset) -> None:
    table = analysis.weapons_table(ds.weapons_systems, ds.curator_notes)
    assert table["system"].tolist() == ds.weapons_systems["name"].tolist()


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
    out = render.evidence_html(frame, {"d": "<b> text"}, "label")
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


# --- coverage per document ---------------------------------------------------------------------------------------------


def test_coverage_by_document_has_one_row_per_document_with_facts_first(ds: Dataset, doc: str) -> None:
    table = analysis.coverage_by_document(ds.tables, ds.texts)
    assert table["document_id"].tolist() == list(ds.texts) and doc in list(ds.texts)
    text = ds.text(doc)
    by_facts = analysis.coverage(text, analysis.annotation_spans({n: ds.tables[n] for n in FACT_TABLES}, doc))
    by_all = analysis.coverage(text, analysis.annotation_spans(ds.tables, doc))
    row = table.iloc[0]
    assert (row["sentences"], row["sentences with a fact"], row["characters in a fact"]) == (
        by_facts.sentences, by_facts.sentences_covered, by_facts.characters_covered)
    assert row["sentences with any annotation"] == by_all.sentences_covered
    assert row["sentences with a fact"] <= row["sentences with any annotation"]


def test_coverage_and_gaps_cover_every_document(two_document_data) -> None:
    two = load_dataset(two_document_data)
    table = analysis.coverage_by_document(two.tables, two.texts)
    assert table["document_id"].tolist() == list(two.documents["document_id"])
    gaps = analysis.uncovered_by_document(two.tables, two.texts)
    assert gaps.columns[0] == "document_id"
    for doc, row in table.set_index("document_id").iterrows():
        mine = gaps[gaps["document_id"] == doc]
        assert row["sentences"] - row["sentences with a fact"] == len(mine), doc
        assert all(two.text(doc)[s:e] == sentence for s, e, sentence in mine[["char_start", "char_end", "sentence"]].itertuples(index=False))


# --- stance heatmap: conflicting cells ---------------------------------------------------------------------------------


def _conflicting(ds: Dataset) -> Dataset:
    """``ds`` with a second position of the first country on the first position's topic, with a different stance."""
    first = ds.country_positions.iloc[[0]].copy()
    other = "supports" if str(first["stance"].iloc[0]) != "supports" else "opposes"
    first["position_id"] = "conflicting_test_position"
    first["stance"] = pd.Categorical([other], categories=ds.country_positions["stance"].cat.categories)
    return dataclasses.replace(ds, country_positions=pd.concat([ds.country_positions, first], ignore_index=True))


def test_a_conflicting_cell_gets_its_own_style_and_legend_entry(shipped_dataset: Dataset) -> None:
    conflicted = _conflicting(shipped_dataset)  # a tool test: the shipped positions (none unclear) plus one conflicting row
    stances = list(dict.fromkeys(conflicted.country_positions.iloc[[0, -1]]["stance"].astype(str)))
    ax = plots.stance_heatmap(conflicted).axes[0]
    stripes = [p for p in ax.patches if (p.get_gid() or "").startswith("conflict:")]
    assert [p.get_gid() for p in stripes] == [f"conflict:{s}" for s in stances]
    assert [p.get_facecolor() for p in stripes] == [matplotlib.colors.to_rgba(plots.STANCE_STYLE[s][0]) for s in stances]
    assert [p.get_width() for p in stripes] == [0.5, 0.5]
    assert len([p for p in ax.patches if p.get_gid() == "conflict"]) == 1
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "conflicting positions: cell split by stance" in labels
    assert "unclear" not in labels  # no position is unclear: the conflict does not borrow its style
    assert " / ".join(stances) + "\n" in "".join(t.get_text() for t in ax.texts)


def test_the_real_heatmap_has_no_conflict_entry_unless_a_cell_conflicts(ds: Dataset) -> None:
    ax = plots.stance_heatmap(ds).axes[0]
    cp = ds.country_positions
    conflicts = bool((cp.assign(stance=cp["stance"].astype(str)).groupby(["actor_id", "topic_id"], observed=True)["stance"].nunique() > 1).any())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert ("conflicting positions: cell split by stance" in labels) == conflicts


# --- timeline: every event inside some panel ---------------------------------------------------------------------------


def _with_early_events(ds: Dataset, *dates: tuple[str, str, str, str]) -> Dataset:
    """``ds`` with extra events ``(date, precision, first day, last day)``."""
    extra = []
    for i, (date, precision, first, last) in enumerate(dates):
        row = ds.events.iloc[[0]].copy()
        row["event_id"], row["label"], row["date"] = f"extra_{i}", f"Extra event {date} (test)", date
        row["date_precision"] = pd.Categorical([precision], categories=ds.events["date_precision"].cat.categories)
        row["date_start"], row["date_end"] = pd.Timestamp(first), pd.Timestamp(last)
        extra.append(row)
    return dataclasses.replace(ds, events=pd.concat([ds.events, *extra], ignore_index=True))


def _events_outside_every_panel(fig) -> list[str]:
    """Event ids whose drawn mark (point or bar, gid ``event:<id>``) lies inside no panel's x-limits."""
    inside: dict[str, bool] = {}
    for panel in fig.axes:
        lo, hi = panel.get_xlim()
        for artist in [*panel.lines, *panel.patches]:
            gid = artist.get_gid() or ""
            if not gid.startswith("event:"):
                continue
            if isinstance(artist, matplotlib.lines.Line2D):
                x0 = x1 = float(artist.get_xdata()[0])
            else:
                x0, x1 = artist.get_x(), artist.get_x() + artist.get_width()
            inside[gid[6:]] = inside.get(gid[6:], False) or (lo <= x0 and x1 <= hi)
    return sorted(eid for eid, ok in inside.items() if not ok)


@pytest.mark.parametrize(
    "extra",
    [(), (("1990-05", "month", "1990-05-01", "1990-05-31"),),
     (("1990-05", "month", "1990-05-01", "1990-05-31"), ("1944-02-03", "day", "1944-02-03", "1944-02-03"),
      ("1991", "year", "1991-01-01", "1991-12-31")),
     tuple((f"{y}-03", "month", f"{y}-03-01", f"{y}-03-31") for y in (1950, 1960, 1970, 1980, 1990))],
    ids=["real_data", "one_more_early_year", "early_runs_of_years", "many_early_years_linear_fallback"],
)
def test_every_event_lies_inside_some_timeline_panel(ds: Dataset, shipped_dataset: Dataset, extra: tuple) -> None:
    base = ds if not extra else shipped_dataset  # the package's own events; the added early years go onto the shipped ones
    rows_or_skip(base.events, "events")
    data = _with_early_events(base, *extra)
    fig = plots.timeline(data)
    drawn = {(a.get_gid() or "")[6:] for panel in fig.axes for a in [*panel.lines, *panel.patches]
             if (a.get_gid() or "").startswith("event:")}
    assert drawn == set(data.events["event_id"])
    assert _events_outside_every_panel(fig) == []


def test_timeline_gives_each_early_run_of_years_its_own_panel(shipped_dataset: Dataset) -> None:
    fig = plots.timeline(_with_early_events(shipped_dataset, ("1990-05", "month", "1990-05-01", "1990-05-31")))
    assert len(fig.axes) == 3
    lo, hi = fig.axes[1].get_xlim()
    assert (mdates.num2date(lo).date().isoformat(), mdates.num2date(hi - 1).date().isoformat()) == ("1990-05-01", "1990-05-31")
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["May\n1990"]


def test_timeline_labels_the_publication_with_its_precision(shipped_dataset: Dataset) -> None:
    ds = shipped_dataset  # a tool test: the shipped article's publication as the input
    ds = dataclasses.replace(ds, documents=ds.documents.iloc[[0]].reset_index(drop=True))  # one document: the article
    texts = [t.get_text() for panel in plots.timeline(ds).axes for t in panel.texts]
    precision = str(ds.documents["date_precision"].iloc[0])
    assert f"article published\n(known to the {precision})" in texts
    by_day = ds.documents.copy()
    by_day["date_precision"] = pd.Categorical(["day"], categories=ds.documents["date_precision"].cat.categories)
    by_day["date_end"] = by_day["date_start"]
    texts = [t.get_text() for panel in plots.timeline(dataclasses.replace(ds, documents=by_day)).axes for t in panel.texts]
    assert "article published\n(known to the day)" in texts


def test_timeline_legend_matches_how_inferred_days_are_drawn(shipped_dataset: Dataset) -> None:
    legend = plots.timeline(shipped_dataset).axes[-1].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert "inferred by the curator: light (hatched when a bar)" in labels

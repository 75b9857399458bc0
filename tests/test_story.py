"""How the story is told (helpers/analysis/story.py, helpers/dataset/rules/story.py, the counting rule and the figures of issue 14)."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import matplotlib.dates as mdates
import pandas as pd
import pytest

from helpers import analysis, load_dataset
from helpers.analysis import story
from helpers.analysis.counting import counted_mask
from helpers.analysis.tables import ARTICLE_ACTOR, actor_names
from helpers.dataset.load import Dataset
from helpers.dataset.rules.story import CODES
from helpers.dataset.validate import check_package
from helpers.views import plots
from tests._skips import rows_or_skip


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def _edit(data: Path, table: str, match: dict[str, str], changes: dict[str, str]) -> int:
    """Change the first row of ``table`` matching ``match``; return its Frictionless row number (header = 1)."""
    path = data / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames or []), list(reader)
    row_no = next(i for i, r in enumerate(rows, start=2) if all(r[k] == v for k, v in match.items()))
    rows[row_no - 2].update(changes)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return row_no


# ------------------------------------------------------------------ the counting rule

def test_counted_statements_leave_out_every_repeat_and_keep_every_utterance(ds: Dataset) -> None:
    counted = analysis.counted_statements(ds.statements)
    assert counted_mask(counted).all()
    repeats = len(ds.statements) - ds.statements["utterance_id"].nunique()
    assert len(counted) == int(counted_mask(ds.statements).sum()) == len(ds.statements) - repeats
    assert list(counted.columns) == list(ds.statements.columns)
    # one rendering per utterance, every utterance kept: what is left out is exactly the repeats
    assert counted["utterance_id"].is_unique
    assert set(counted["utterance_id"]) == set(ds.statements["utterance_id"])
    left_out = ds.statements[~ds.statements["statement_id"].isin(counted["statement_id"])]
    assert len(left_out) == len(ds.statements) - ds.statements["utterance_id"].nunique()
    # the shipped article's caption, standfirst lines and nested quotation: tests/test_shipped_article.py


def test_every_counted_statement_bears_on_a_claim_at_one_sourcing(ds: Dataset) -> None:
    counted = set(analysis.counted_statements(ds.statements)["statement_id"])
    links = ds.claim_statements
    assert set(links["statement_id"]) <= counted  # 2.0: babcock_support_site and barrot_red_lines bear on no claim (CHANGELOG)
    assert (links.groupby("statement_id")["sourcing"].nunique() == 1).all()


# ------------------------------------------------------------------ sourcing ladder

def test_sourcing_ladder_adds_up_to_the_evidence_of_the_supporting_statements(ds: Dataset) -> None:
    long = story.claim_sourcing(ds)
    by_chars, by_rows = story.sourcing_ladder(ds, "characters"), story.sourcing_ladder(ds, "rows")
    rungs = list(ds.vocabulary("sourcing"))
    support = long[long["relation"] != "contests"]
    assert int(by_rows[rungs].to_numpy().sum()) == len(support)
    assert int(by_chars[rungs].to_numpy().sum()) == int(support["characters"].sum())
    # one row per claim, in file order, labelled: claims of different documents may share a label, never their counts
    assert list(by_rows.index) == ds.claims["label"].astype(str).tolist()
    per_claim = support.groupby("claim_id").size().reindex(ds.claims["claim_id"].astype(str), fill_value=0)
    assert by_rows[rungs].sum(axis=1).tolist() == per_claim.tolist()
    contested = long[long["relation"] == "contests"].groupby("claim_id").size().reindex(ds.claims["claim_id"].astype(str), fill_value=0)
    assert by_rows["contested"].tolist() == contested.tolist()
    # the shipped article's talks claim, rung by rung: tests/test_shipped_article.py
    with pytest.raises(ValueError, match="weight"):
        story.sourcing_ladder(ds, "words")


def test_sourcing_overall_counts_each_counted_statement_once(ds: Dataset) -> None:
    table = story.sourcing_overall(ds)
    counted = analysis.counted_statements(ds.statements)
    assert table["statements"].sum() == len(counted)
    assert table["characters"].sum() == counted["evidence"].str.len().sum()
    rungs = [r for r in ds.vocabulary("sourcing") if r in table.index]
    assert list(table.index) == rungs + [r for r in table.index if r not in rungs]  # then '(no claim)': counted, bearing on no claim


# ------------------------------------------------------------------ voices and framing

def test_absent_voices_put_the_least_heard_first(ds: Dataset) -> None:
    table = story.absent_voices(ds)
    order = list(reversed(list(ds.vocabulary("voice_presence"))))
    ranks = [order.index(p) for p in table["presence"]]
    assert ranks == sorted(ranks)
    # one row per expected voice, and within a presence in file order
    ev = ds.expected_voices
    expected = sorted(range(len(ev)), key=lambda i: (order.index(str(ev["presence"].iloc[i])), i))
    assert table["voice"].tolist() == ev["name"].astype(str).iloc[expected].tolist()
    assert table["presence"].tolist() == ev["presence"].astype(str).iloc[expected].tolist()
    assert story.voice_summary(ds).sum() == len(ds.expected_voices)
    # the shipped article's answering Kremlin and silent Downing Street: tests/test_shipped_article.py


def test_voice_roles_count_each_claims_own_parties_once(ds: Dataset) -> None:
    derived = story.voice_presence(ds)
    if derived.empty:
        pytest.skip("the package names no implicated parties (expected_voices is empty)")
    table = story.voice_roles(ds)
    assert int(table.to_numpy().sum()) == len(derived)  # claims sharing a label (a corpus) keep their own rows
    per_claim = derived.groupby("claim_id").size()
    assert sorted(table.sum(axis=1).tolist()) == sorted(per_claim.tolist())


def test_framing_summary_totals_every_term(ds: Dataset) -> None:
    table = story.framing_summary(ds)
    assert table.loc["total", "total"] == len(ds.framing_terms)
    terms = story.framing_table(ds)
    assert len(terms) == len(ds.framing_terms)
    # each term is the word of its speaker (named) or of the article, with its use, in text order
    ft = ds.framing_terms.sort_values("char_start", kind="stable")
    names = actor_names(ds.actors)
    whose = ["the article" if s == ARTICLE_ACTOR else names[str(s)] for s in ft["speaker_id"]]
    expected = [list(r) for r in zip(ft["term"].astype(str), whose, ft["use"].astype(str), strict=True)]
    assert terms[["term", "whose word", "use"]].values.tolist() == expected
    speakers = {names[str(s)] for s in ft["speaker_id"] if s != ARTICLE_ACTOR}
    assert set(terms["whose word"]) - {"the article"} == speakers  # a speaker's term is named by its speaker
    # the shipped article's 'hotheads' and 'peace plan': tests/test_shipped_article.py


# ------------------------------------------------------------------ prominence

def test_prominence_counts_repeats_and_finds_the_denial_first(shipped_dataset: Dataset) -> None:
    ds = shipped_dataset  # the input: the shipped article's contested claim (talks_revived), its caption and standfirst
    table = story.prominence(ds).set_index("side")
    denial, report = table.loc["the denial"], table.loc["the report"]
    assert denial["first heard at (character)"] < report["first heard at (character)"]
    assert denial["renderings"] > denial["utterances"]  # the caption and standfirst repeat the denial
    assert denial["renderings before the other side"] == 3 and report["characters before the other side"] == 0
    parts = story.opening(ds)["part"].tolist()
    assert parts[:4] == ["caption", "opening line", "opening line", "body"]


def test_prominence_follows_the_data_when_the_caption_is_taken_away(shipped_dataset: Dataset) -> None:
    ds = shipped_dataset  # the input: the shipped article, whose caption renders the denial
    without = dataclasses.replace(ds, statements=ds.statements[ds.statements["statement_id"] != "caption_peskov_correspond"])
    before, after = story.prominence(ds).set_index("side"), story.prominence(without).set_index("side")
    assert after.loc["the denial", "renderings"] == before.loc["the denial", "renderings"] - 1
    assert after.loc["the denial", "first heard at (character)"] > before.loc["the denial", "first heard at (character)"]


# ------------------------------------------------------------------ chain of events

def test_event_order_follows_links_over_dates(ds: Dataset) -> None:
    rows_or_skip(ds.event_links, "event links (event_links is empty): no link to follow")
    order = analysis.event_order(ds.events, ds.event_links)
    assert sorted(order) == sorted(ds.events["event_id"].astype(str))
    for before, after in zip(ds.event_links["before_id"], ds.event_links["after_id"], strict=True):
        assert order.index(before) < order.index(after)
    # with every date tied, the links alone order the events
    first = ds.events["date_start"].min()
    tied = ds.events.assign(date_start=first, date_end=first)
    linked = analysis.event_order(tied, ds.event_links)
    for before, after in zip(ds.event_links["before_id"], ds.event_links["after_id"], strict=True):
        assert linked.index(before) < linked.index(after)


def test_event_order_without_links_is_by_date_then_file_order(ds: Dataset) -> None:
    # without links a tie falls back to file order, never to the alphabet (a package without events orders nothing)
    first = ds.events["date_start"].min()
    tied = ds.events.assign(date_start=first, date_end=first)
    ids = ds.events["event_id"].astype(str).tolist()
    assert analysis.event_order(tied) == ids
    plain = analysis.event_order(ds.events)
    for _, group in ds.events.groupby(["date_start", "date_end"], sort=False):
        ties = group["event_id"].astype(str).tolist()
        assert [e for e in plain if e in ties] == ties
    starts = ds.events.set_index(ds.events["event_id"].astype(str))["date_start"]
    assert [starts[e] for e in plain] == sorted(starts[e] for e in plain)  # no link: by first day


def test_publication_window_is_bound_by_the_latest_reported_event(shipped_dataset: Dataset) -> None:
    ds = shipped_dataset  # the input: the shipped article's events, one of them moved
    window = story.publication_window(ds).iloc[0]
    assert (window["earliest"], window["latest"], window["bound by"]) == ("2024-11-25", "2024-11-30", "kremlin_denial")
    # a link pushes the bound: if the denial came after an event dated 28 November, publication is no earlier
    events = ds.events.copy()
    events["date_start"] = events["date_start"].where(events["event_id"] != "ambassador_directly_involved", pd.Timestamp("2024-11-28"))
    events["date_end"] = events["date_end"].where(events["event_id"] != "ambassador_directly_involved", pd.Timestamp("2024-11-28"))
    moved = story.publication_window(dataclasses.replace(ds, events=events)).iloc[0]
    assert moved["earliest"] == "2024-11-28"


def test_chain_of_events_lists_every_link_in_story_order(ds: Dataset) -> None:
    chain = story.chain_of_events(ds)
    assert len(chain) == len(ds.event_links)
    order = analysis.event_order(ds.events, ds.event_links)
    assert [order.index(b) for b in chain["before"]] == sorted(order.index(b) for b in chain["before"])


# ------------------------------------------------------------------ figures

def test_timeline_rows_follow_the_links_and_no_bar_passes_publication(ds: Dataset) -> None:
    rows_or_skip(ds.events, "events: no row to draw on a timeline")
    fig = plots.timeline(ds)
    left = fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in left.get_yticklabels()]
    label_of = dict(zip(ds.events["event_id"], ds.events["label"], strict=True))
    expected = [label_of[e] for e in analysis.event_order(ds.events, ds.event_links)]
    assert [" ".join(lab.split()) for lab in labels] == [" ".join(e.split()) for e in expected]
    # a month or a year is a bar, a day a point; no bar runs past the end of its own document's publication
    bars = [p for ax in fig.axes for p in ax.patches if str(p.get_gid()).startswith("event:")]
    spans = ds.events[ds.events["date_precision"] != "day"]
    assert {p.get_gid() for p in bars} == {f"event:{e}" for e in spans["event_id"]}
    published = {str(d): mdates.date2num(pd.Timestamp(e).to_pydatetime()) + 1
                 for d, e in zip(ds.documents["document_id"], ds.documents["date_end"], strict=True) if pd.notna(e)}
    document_of = {f"event:{e}": str(d) for e, d in zip(ds.events["event_id"], ds.events["document_id"], strict=True) if pd.notna(d)}
    bounded = [p for p in bars if document_of.get(p.get_gid()) in published]
    assert all(p.get_x() + p.get_width() <= published[document_of[p.get_gid()]] + 1e-9 for p in bounded)


def test_a_timeline_of_a_package_without_dates_says_what_is_missing(new_corpus_ds: Dataset) -> None:
    assert new_corpus_ds.events.empty and new_corpus_ds.documents.empty
    with pytest.raises(ValueError, match="no dated event and no dated document"):
        plots.timeline(new_corpus_ds)


def test_stance_heatmap_frames_each_cell_by_its_basis(ds: Dataset) -> None:
    fig = plots.stance_heatmap(ds)
    frames = [p.get_gid() for p in fig.axes[0].patches if str(p.get_gid()).startswith("basis:")]
    cells = ds.country_positions.groupby(["actor_id", "topic_id"])["basis"].agg(lambda b: list(dict.fromkeys(b.astype(str)))[-1])
    assert sorted(frames) == sorted(f"basis:{b}" for b in cells)
    styles = {p.get_gid(): p.get_linestyle() for p in fig.axes[0].patches if str(p.get_gid()).startswith("basis:")}
    assert len(set(styles.values())) == len(styles)  # stated, reported and inferred are drawn differently


# ------------------------------------------------------------------ validator rules

BREAKS = [
    # talks_revived already links peskov_refuted_report; linking the standfirst too links the same utterance twice
    ("claim-utterance-twice", "claim_statements", {"claim_id": "talks_revived", "statement_id": "peskov_no_unanimity"},
     {"statement_id": "moscow_refutes_claims"}, "statement_id"),
    ("term-not-in-evidence", "framing_terms", {"term_id": "hotheads"}, {"term": "hot-heads"}, "term"),
    ("event-link-against-dates", "event_links", {"link_id": "report_before_denial"}, {"before_id": "kremlin_denial", "after_id":
     "macron_february_comments"}, "after_id"),
    ("event-link-uncited", "event_links", {"link_id": "election_before_leak"}, {"source": ""}, "source"),
    ("event-link-cycle", "event_links", {"link_id": "report_before_denial"}, {"before_id": "lemonde_report", "after_id":
     "trump_election_victory"}, "before_id"),
]


def test_the_project_data_breaks_no_story_rule() -> None:
    assert [p for p in check_package().problems if p.code in CODES] == []


@pytest.mark.parametrize(("code", "table", "match", "changes", "column"), BREAKS, ids=[b[0] for b in BREAKS])
def test_a_broken_story_rule_is_reported_with_row_and_column(shipped_package: Path, data_copy: Path, code: str, table: str, match: dict,
                                                             changes: dict, column: str) -> None:
    row = _edit(data_copy, table, match, changes)
    found = {(Path(p.file).name, p.row, p.column) for p in check_package(data_copy).problems if p.code == code}
    assert (f"{table}.csv", row, column) in found


def test_a_claim_nobody_asserts_is_reported(ds: Dataset, data_copy: Path) -> None:
    # a claim asserted once: its one assertion becomes a corroboration
    asserts = ds.claim_statements[ds.claim_statements["relation"] == "asserts"]["claim_id"].astype(str)
    claim = next((c for c in asserts if (asserts == c).sum() == 1), None)
    if claim is None:
        pytest.skip("the package has no claim asserted by exactly one statement: no assertion to take away")
    _edit(data_copy, "claim_statements", {"claim_id": claim, "relation": "asserts"}, {"relation": "corroborates"})
    found = [(Path(p.file).name, p.row, p.column) for p in check_package(data_copy).problems if p.code == "claim-without-assertion"]
    with (data_copy / "claims.csv").open(encoding="utf-8", newline="") as f:
        row = next(i for i, r in enumerate(csv.DictReader(f), start=2) if r["claim_id"] == claim)
    assert found == [("claims.csv", row, "claim_id")]


@pytest.mark.parametrize("which", ["package under test", "shipped corpus"])
def test_publication_window_leaves_out_documents_that_report_no_event(which: str, ds: Dataset, shipped_dataset: Dataset) -> None:
    # a document that reports no event gets no window, and asking for the windows does not fail; the input that shows it:
    # data 2.0's excerpt documents, which report no event
    package = ds if which == "package under test" else shipped_dataset
    window = story.publication_window(package)
    with_events = set(package.events["document_id"].dropna().astype(str))
    if which == "shipped corpus":
        assert len(package.documents) > len(with_events)  # the input does hold documents without events
    assert list(window["document_id"]) == [d for d in package.documents["document_id"].astype(str) if d in with_events]


def test_the_story_tables_of_a_new_corpus_are_empty_with_their_columns(new_corpus_ds: Dataset) -> None:
    ds = new_corpus_ds  # no documents, no claims, no events: a researcher's first run of the notebooks
    assert list(story.claim_sourcing(ds).columns) == ["claim_id", "claim", "statement_id", "speaker", "relation", "sourcing",
                                                      "characters"]
    assert story.claim_sourcing(ds).empty
    ladder = story.sourcing_ladder(ds, "rows")
    assert ladder.empty and list(ladder.columns) == [*ds.vocabulary("sourcing"), "contested", "best rung"]
    window = story.publication_window(ds)
    assert window.empty and list(window.columns) == ["document_id", "metadata", "earliest", "latest", "bound by", "basis"]

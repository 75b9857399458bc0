"""More than one document: the curator's annotate tool, a two-document dataset, and cross-document problems.

The second document is the invented example in tests/fixtures/ (clearly not news), added
to a copy of data/ with the project's own tools by the ``two_document_data`` fixture
(tests/conftest.py). The real data/ keeps its single article.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Callable
from html import unescape
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import pytest
from matplotlib.figure import Figure

import helpers.dataset.validate as validate_module
from helpers import analysis, load_dataset
from helpers.analysis.counting import count_utterances
from helpers.curation.curate import add_row, annotate, locate, update_row
from helpers.curation.curate import main as curate_main
from helpers.dataset.load import Dataset, DatasetError
from helpers.dataset.paths import project_root
from helpers.dataset.provenance import AmbiguousEvidence, EvidenceNotFound
from helpers.views import explore, plots, widgets

REAL_DOC = "000_212c296293ee434c"
INVENTED_DOC = "invented_avaria"
PLOTS: dict[str, Callable[[Dataset], Figure]] = plots.figure_helpers()
#: figures of one claim: a claim belongs to one document, and the figure draws that document
ONE_CLAIM = {"prominence_strip"}


def rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    with open(data_dir / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def problems_in(data_dir: Path, file: str) -> list[validate_module.Problem]:
    with pytest.raises(DatasetError) as info:
        load_dataset(data_dir)
    assert [str(p) for p in info.value.problems] == [str(p) for p in validate_module.validate(data_dir)]
    return [p for p in info.value.problems if Path(p.file).name == file]


@pytest.fixture(scope="module")
def two_ds(two_document_data: Path) -> Dataset:
    return load_dataset(two_document_data)


# --- annotate ---------------------------------------------------------------------------------------------------------
# The annotate tests use the shipped article as their input (they name its evidence and rows), so they request
# ``shipped_package`` before ``data_copy``: they test the tool on that fixed input whatever --data-dir says.


def test_annotate_appends_one_row_with_the_span_computed_from_the_evidence(shipped_package: Path, data_copy: Path) -> None:
    before = (data_copy / "events.csv").read_bytes()
    row = annotate("events", REAL_DOC, "Storm Shadow missiles",
                   {"event_id": "storm_shadow_again", "label": "Storm Shadow", "kind": "military", "date": "2024-11",
                    "date_precision": "month", "date_basis": "outside_knowledge",
                    "date_source": "https://example.org/a-source-for-the-test"}, data_dir=data_copy)  # no date expression: outside knowledge, cited
    start, end = locate(REAL_DOC, "Storm Shadow missiles")
    assert (row["char_start"], row["char_end"]) == (str(start), str(end))
    after = (data_copy / "events.csv").read_bytes()
    assert after.startswith(before) and after.endswith(b"\n") and b"\r" not in after
    assert rows(data_copy, "events")[-1] == row
    assert validate_module.validate(data_copy) == []


def test_annotate_writes_the_csv_modules_quoting(shipped_package: Path, data_copy: Path) -> None:
    annotate("curator_notes", REAL_DOC, "Storm Shadow", {"note_id": "n_quoting", "target_table": "documents", "target_id": REAL_DOC,
                                                         "kind": "ambiguity", "note": 'a "quoted", comma'}, data_dir=data_copy)
    last_line = (data_copy / "curator_notes.csv").read_bytes().decode("utf-8").splitlines()[-1]
    assert last_line.startswith('n_quoting,documents,') and '"a ""quoted"", comma"' in last_line


def test_annotate_with_occurrence_picks_the_nth(shipped_package: Path, data_copy: Path) -> None:
    row = annotate("actors", REAL_DOC, "Ukraine", {"actor_id": "ukraine_again", "name": "Ukraine", "kind": "country", "role": "x"},
                   occurrence=2, data_dir=data_copy)
    mention = rows(data_copy, "mentions")[-1]  # data 2.0: an actor's span is a mention
    assert mention["actor_id"] == row["actor_id"]
    assert (int(mention["char_start"]), int(mention["char_end"])) == locate(REAL_DOC, "Ukraine", 2)


@pytest.mark.parametrize(
    ("evidence", "occurrence", "error", "fragment"),
    [("Patriot battery", None, EvidenceNotFound, "evidence not found"),
     ("Ukraine", None, AmbiguousEvidence, "give an occurrence"),
     ("Storm Shadow", 5, EvidenceNotFound, "occurrence 5 requested")],
    ids=["not_found", "ambiguous", "no_such_occurrence"],
)
def test_annotate_refuses_evidence_it_cannot_place_and_writes_nothing(
    evidence: str, occurrence: int | None, error: type[Exception], fragment: str, shipped_package: Path, data_copy: Path
) -> None:
    before = (data_copy / "actors.csv").read_bytes()
    with pytest.raises(error, match=fragment):
        annotate("actors", REAL_DOC, evidence, {"actor_id": "x", "name": "X", "kind": "country", "role": "x"},
                 occurrence=occurrence, data_dir=data_copy)
    assert (data_copy / "actors.csv").read_bytes() == before


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [({"actor_id": "dmitry_peskov", "name": "X", "kind": "person", "role": "x"}, "already has a row with actor_id 'dmitry_peskov'"),
     ({"actor_id": "x", "name": "X", "kind": "person"}, "missing required field(s) for actors: role"),
     ({"actor_id": "x", "name": "X", "kind": "person", "role": "x", "colour": "red"}, "no column 'colour' in actors"),
     ({"actor_id": "x", "name": "X", "kind": "person", "role": "x", "char_start": "1"}, "come from the document and the evidence")],
    ids=["duplicate_id", "missing_required", "unknown_column", "span_given"],
)
def test_annotate_refuses_bad_fields_and_writes_nothing(
    fields: dict[str, str], fragment: str, shipped_package: Path, data_copy: Path
) -> None:
    before = (data_copy / "actors.csv").read_bytes()
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        annotate("actors", REAL_DOC, "Storm Shadow", fields, data_dir=data_copy)
    assert (data_copy / "actors.csv").read_bytes() == before


def test_add_row_appends_a_topic_and_refuses_a_span(data_copy: Path) -> None:
    add_row("topics", {"topic_id": "new_topic", "label": "New", "description": "A new topic."}, data_copy)
    assert rows(data_copy, "topics")[-1] == {"topic_id": "new_topic", "label": "New", "description": "A new topic."}
    with pytest.raises(ValueError, match="use annotate"):
        add_row("events", {"event_id": "e", "document_id": REAL_DOC}, data_copy)


def test_update_row_changes_only_that_row(shipped_package: Path, data_copy: Path) -> None:
    """The tool on the shipped article's fourth statement (its input, whatever --data-dir says: a new corpus has none)."""
    before = rows(data_copy, "statements")
    update_row("statements", before[3]["statement_id"], {"stance": "unclear"}, data_copy)
    after = rows(data_copy, "statements")
    assert after[3] == {**before[3], "stance": "unclear"}
    assert after[:3] + after[4:] == before[:3] + before[4:]


def test_cli_annotate_then_validate_passes(shipped_package: Path, data_copy: Path) -> None:
    def run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=project_root(), timeout=120)

    proc = run("helpers.curation.curate", "--data", str(data_copy), "annotate", "statements", REAL_DOC, "Ukraine", "--occurrence", "3",
               "--set", "statement_id=cli_statement", "--set", "speaker_id=this_article", "--set", "mode=authorial",
               "--set", "topic_id=troops_to_ukraine", "--set", "stance=neutral", "--set", "summary=Names Ukraine.")
    start, end = locate(REAL_DOC, "Ukraine", 3)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"added to statements: cli_statement at {start}:{end}\n", "")
    assert run("helpers.dataset.validate", str(data_copy)).returncode == 0


def test_cli_annotate_errors_exit_1_with_the_message(shipped_package: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert curate_main(["--data", str(data_copy), "annotate", "actors", REAL_DOC, "Ukraine", "--set", "actor_id=x"]) == 1
    assert "give an occurrence" in capsys.readouterr().err
    assert curate_main(["--data", str(data_copy), "annotate", "actors", REAL_DOC, "Storm Shadow", "--set", "actor_id"]) == 1
    assert "expected field=value" in capsys.readouterr().err


# --- the two-document dataset ----------------------------------------------------------------------------------------


def test_two_document_dataset_loads_and_validates(two_document_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert validate_module.main([str(two_document_data)]) == 0
    assert capsys.readouterr().out == ""
    ds = load_dataset(two_document_data)
    shipped = [d["document_id"] for d in rows(project_root() / "data", "documents")]  # the fixture is built from the shipped data/
    assert list(ds.documents["document_id"]) == [*shipped, INVENTED_DOC]
    assert ds.text(INVENTED_DOC).startswith("INVENTED EXAMPLE")
    assert {REAL_DOC, INVENTED_DOC} <= set(ds.statements["document_id"])


@pytest.mark.parametrize("name", sorted(set(PLOTS) - ONE_CLAIM))
def test_every_plot_renders_both_documents_and_says_so(name: str, two_ds: Dataset) -> None:
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig = PLOTS[name](two_ds)
        fig.canvas.draw()  # lay out and render: errors in drawing show here
    note = fig.get_supxlabel()
    assert note.startswith("Source: ") and note.endswith(f"), dataset v{two_ds.version}")
    assert REAL_DOC in note and INVENTED_DOC in note


@pytest.mark.parametrize("name", sorted(ONE_CLAIM))
def test_a_figure_of_one_claim_draws_the_claim_s_document(name: str, two_ds: Dataset) -> None:
    claim_doc = str(two_ds.claims.loc[two_ds.claims["claim_id"] == "talks_revived", "document_id"].iloc[0])
    fig = PLOTS[name](two_ds)
    assert fig.get_supxlabel() == f"Source: 1 document ({claim_doc}), dataset v{two_ds.version}"


def test_a_figure_of_a_claim_the_package_lacks_names_the_claims_it_has(two_ds: Dataset) -> None:
    with pytest.raises(ValueError, match="no claim 'no_such_claim'"):
        plots.prominence_strip(two_ds, "no_such_claim")


def test_a_claim_the_package_lacks_has_no_sides_rather_than_a_crash(two_ds: Dataset) -> None:
    from helpers.analysis import story

    table = story.prominence(two_ds, "no_such_claim")
    assert table.empty and "first heard at (character)" in table.columns


def test_plots_on_one_document_still_say_one(two_ds: Dataset) -> None:
    fig = plots.coverage_strip(two_ds, INVENTED_DOC)
    assert fig.get_supxlabel() == f"Source: 1 document ({INVENTED_DOC}), dataset v{two_ds.version}"


def test_statements_per_topic_counts_each_utterance_once_across_documents(two_ds: Dataset) -> None:
    ax = plots.statements_per_topic(two_ds).axes[0]
    topics = list(two_ds.topics["topic_id"].astype(str))
    per_topic = count_utterances(analysis.counted_statements(two_ds.statements), "topic_id")
    assert [p.get_width() for p in ax.patches] == [int(per_topic.get(t, 0)) for t in topics]
    assert sum(p.get_width() for p in ax.patches) == count_utterances(two_ds.statements)
    assert per_topic.get("troops_to_lumen", 0) == 1  # the invented article adds one utterance


def test_timeline_covers_every_recent_year(two_ds: Dataset) -> None:
    fig = plots.timeline(two_ds)
    right = fig.axes[1]
    assert right.get_xlabel() == "2024–2025"
    spans = [p for panel in fig.axes for p in panel.patches if (p.get_gid() or "").startswith("publication:")]
    dated = two_ds.documents.loc[two_ds.documents["published"].notna(), "document_id"].astype(str)
    assert sorted(p.get_gid() for p in spans) == sorted(f"publication:{d}" for d in dated)
    assert {f"publication:{REAL_DOC}", f"publication:{INVENTED_DOC}"} <= {p.get_gid() for p in spans}
    assert all(p.axes is right for p in spans)
    for doc in two_ds.documents[two_ds.documents["published"].notna()].itertuples(index=False):
        [span] = [p for p in spans if p.get_gid() == f"publication:{doc.document_id}"]
        x0, x1 = span.get_x(), span.get_x() + span.get_width()
        assert (x0, x1) == (mdates.date2num(doc.date_start), mdates.date2num(doc.date_end) + 1)
    numbers = [t.get_text() for t in right.texts]
    assert len(numbers) == len(set(numbers)) == len(dated) and all(n.isdigit() for n in numbers) and "1" in numbers
    labels = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    assert any(label.startswith("publication of document 1, 2… (numbered\nas in the source line") for label in labels)


def test_explorer_renderers_handle_both_documents(two_ds: Dataset) -> None:
    facts = explore.facts_table(two_ds)
    order = list(dict.fromkeys(facts["document_id"]))
    assert order == [d for d in two_ds.documents["document_id"].astype(str) if d in set(order)], "facts come document by document"
    html = explore.results_html(facts)
    assert re.search(r"from \d+ documents \(", html) and REAL_DOC in html and INVENTED_DOC in html
    assert "<th" in html and "Document</th>" in html
    fact = facts.set_index("fact_id", drop=False).loc["marrow_no_troops"]
    assert "<mark>We will not send troops,</mark>" in explore.detail_html(two_ds, fact)
    assert "invented example" in explore.detail_html(two_ds, fact)
    matrix_html = explore.stance_matrix_html(two_ds, selected=("avaria", "troops_to_lumen"))
    heads = re.findall(r"<thead><tr>(.*?)</tr></thead>", matrix_html)[0]
    assert [unescape(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", heads)] == [
        "", "Western troops in Ukraine", "Private contractors in Ukraine", "UK–France talks", "Long-range strikes",
        "Security guarantees", "Peace settlement", "Troops to Lumen (invented)"]  # one header per topic: no "documents" column posing as a topic
    assert f"Positions from 2 documents ({REAL_DOC}, {INVENTED_DOC})</caption>" in matrix_html
    assert "Avaria (invented)</th>" in matrix_html
    assert "it would not send soldiers" in explore.cell_evidence_html(two_ds, "avaria", "troops_to_lumen", facts)
    ex = widgets.explorer(two_ds)
    ex.country.value = "avaria"
    assert "from 1 document (invented_avaria)" in ex.results.value
    cell = widgets.stance_drilldown(two_ds, facts)
    cell.country.value, cell.topic.value = "avaria", "troops_to_lumen"
    assert "Lumen" in cell.evidence.value
    assert ">documents</th>" not in cell.matrix.value


def test_row_level_tables_name_each_rows_document(two_ds: Dataset) -> None:
    tables = {
        "statement_table": analysis.statement_table(two_ds.statements, two_ds.actors, two_ds.topics),
        "attribution_chains": analysis.attribution_chains(two_ds.statements, two_ds.actors),
        "position_evidence": analysis.position_evidence(two_ds.country_positions, two_ds.actors, two_ds.topics),
        "timeline_table": analysis.timeline_table(two_ds.events),
    }
    for name, table in tables.items():
        assert table.columns[0] == "document_id", name
        assert {REAL_DOC, INVENTED_DOC} <= set(table["document_id"]) <= set(two_ds.documents["document_id"].astype(str)), name
    chains = tables["attribution_chains"].set_index("statement_id")
    assert chains.loc["marrow_no_troops", "document_id"] == INVENTED_DOC


def test_grouped_tables_list_their_documents(two_ds: Dataset) -> None:
    matrix = analysis.stance_matrix(two_ds.country_positions, two_ds.actors, two_ds.topics)
    assert matrix.loc["Avaria (invented)", analysis.DOCUMENTS_COLUMN] == INVENTED_DOC
    assert matrix.loc["Russia", analysis.DOCUMENTS_COLUMN] == REAL_DOC
    edges = analysis.reporting_edges(two_ds.statements, two_ds.actors).set_index("speaker")
    assert edges.loc["Ilse Marrow (invented)", analysis.DOCUMENTS_COLUMN] == INVENTED_DOC
    checks = analysis.span_checks(two_ds.tables, two_ds.texts).set_index("table")
    assert {REAL_DOC, INVENTED_DOC} <= set(checks.loc["statements", analysis.DOCUMENTS_COLUMN].split(", "))
    assert int(checks["mismatch"].sum()) == 0
    modes = analysis.mode_summary(two_ds.statements).set_index("mode")
    assert {REAL_DOC, INVENTED_DOC} <= set(modes.loc["direct_quote", analysis.DOCUMENTS_COLUMN].split(", "))


def test_single_document_tables_gain_no_document_column(dataset: Dataset) -> None:
    positions, statements = dataset.country_positions, dataset.statements
    # one document of the package: one that has positions, so the matrix has rows
    docs = [*positions["document_id"].astype(str), *statements["document_id"].astype(str)]
    if docs:
        statements = statements[statements["document_id"] == docs[0]]
        positions = positions[positions["document_id"] == docs[0]]
        assert len(statements) > 0
    # else a package without statements or positions (a new corpus): its empty tables gain no document column either
    table = analysis.statement_table(statements, dataset.actors, dataset.topics)
    assert len(table) == len(statements) and "document_id" not in table.columns
    matrix = analysis.stance_matrix(positions, dataset.actors, dataset.topics)
    assert len(matrix) == len(set(positions["actor_id"])) and analysis.DOCUMENTS_COLUMN not in matrix.columns


# --- cross-document problems -------------------------------------------------------------------------------------------------


def test_statement_whose_span_belongs_to_the_other_document_is_reported(two_document_copy: Path) -> None:
    update_row("statements", "marrow_no_troops", {"document_id": REAL_DOC}, two_document_copy)
    row = next(i for i, r in enumerate(rows(two_document_copy, "statements"), start=2) if r["statement_id"] == "marrow_no_troops")
    [problem] = problems_in(two_document_copy, "statements.csv")
    assert (problem.row, problem.column) == (row, "evidence")
    start, end = locate(INVENTED_DOC, "We will not send troops,", data_dir=two_document_copy)
    assert problem.message.endswith(f"; the span belongs to another document: text[{start}:{end}] of document {INVENTED_DOC} "
                                    "is the evidence (is document_id wrong?)")


def test_evidence_found_only_in_the_other_document_is_reported_with_where(two_document_copy: Path) -> None:
    invented = rows(two_document_copy, "statements")[-1]
    update_row("statements", invented["statement_id"], {"document_id": REAL_DOC, "char_start": "10", "char_end": "34"},
               two_document_copy)
    start, end = invented["char_start"], invented["char_end"]
    [problem] = problems_in(two_document_copy, "statements.csv")
    assert problem.column == "evidence"
    assert f"the evidence occurs in another document: {INVENTED_DOC} at {start}:{end}" in problem.message


def test_id_reused_across_documents_is_reported_at_its_file_and_row(two_document_copy: Path) -> None:
    with pytest.raises(ValueError, match="already has a row with event_id 'kremlin_denial'"):  # the curator tool refuses it ...
        update_row("events", "avaria_training_continues", {"event_id": "kremlin_denial"}, two_document_copy)
    path = two_document_copy / "events.csv"  # ... so make it by hand, as an editor would
    path.write_bytes(path.read_bytes().replace(b"\navaria_training_continues,", b"\nkremlin_denial,"))
    events = rows(two_document_copy, "events")
    first = next(i for i, r in enumerate(events, start=2) if r["document_id"] == REAL_DOC and r["event_id"] == "kremlin_denial")
    row = len(events) + 1
    found = problems_in(two_document_copy, "events.csv")
    assert any(p.row == row and p.column == "event_id" and "unique" in p.message for p in found), found  # frictionless
    [mine] = [p for p in found if "reused across documents" in p.message]
    assert (mine.row, mine.column) == (row, "event_id")
    assert mine.message == (f"id 'kremlin_denial' is reused across documents: row {first} uses it for document {REAL_DOC}, "
                            f"this row for document {INVENTED_DOC}; an id must be unique within its table, across all documents")


def test_a_rendering_may_render_an_utterance_of_another_document_and_the_orphan_utterance_is_reported(two_document_copy: Path) -> None:
    update_row("statements", "marrow_no_troops", {"utterance_id": "peskov_no_unanimity"}, two_document_copy)
    assert problems_in(two_document_copy, "statements.csv") == []  # data 2.0: renderings of one utterance sit in many documents
    row = [r["utterance_id"] for r in rows(two_document_copy, "utterances")].index("marrow_no_troops") + 2
    [problem] = problems_in(two_document_copy, "utterances.csv")
    assert (problem.row, problem.column, problem.code) == (row, "utterance_id", "utterance-unrendered")


def test_position_resting_on_a_statement_of_another_document_is_reported(two_document_copy: Path) -> None:
    update_row("country_positions", "avaria_troops_to_lumen", {"statement_id": "peskov_no_unanimity"}, two_document_copy)
    row = len(rows(two_document_copy, "country_positions")) + 1
    [problem] = problems_in(two_document_copy, "country_positions.csv")
    assert (problem.row, problem.column) == (row, "statement_id")
    assert "a position rests on a statement of its own document" in problem.message


def test_a_response_may_answer_a_statement_of_another_document(two_document_copy: Path) -> None:
    update_row("statements", "marrow_no_troops", {"responds_to_id": "lemonde_report_revived_talks", "response": "disputes"},
               two_document_copy)
    assert validate_module.validate(two_document_copy) == []


def test_inferred_position_without_a_curator_note_is_reported(two_document_copy: Path) -> None:
    update_row("country_positions", "avaria_troops_to_lumen", {"basis": "inferred"}, two_document_copy)
    row = len(rows(two_document_copy, "country_positions")) + 1
    [problem] = problems_in(two_document_copy, "country_positions.csv")
    assert (problem.row, problem.column) == (row, "basis")
    assert "position 'avaria_troops_to_lumen' is inferred but no curator note explains it" in problem.message
    annotate("curator_notes", INVENTED_DOC, "said on Monday",
             {"note_id": "n_avaria_inferred", "target_table": "country_positions", "target_id": "avaria_troops_to_lumen",
              "kind": "ambiguity", "note": "Invented example: inferred for the test."}, data_dir=two_document_copy)
    assert validate_module.validate(two_document_copy) == []

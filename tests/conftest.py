"""Shared fixtures and options for the test suite."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers.curate import add_row, annotate, register_source
from helpers.paths import default_data_dir, project_root

INVENTED_TEXT = project_root() / "tests" / "fixtures" / "invented_second_article.txt"
INVENTED_DOC = "invented_avaria"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-baselines",
        action="store_true",
        default=False,
        help="write the figure baselines in tests/baseline/ instead of comparing against them",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In CI (REQUIRE_BROWSER=1) a browser test must run: turn its skips into failures."""
    if os.environ.get("REQUIRE_BROWSER") != "1":
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.user_properties.append(("require_browser", True))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and ("require_browser", True) in item.user_properties:
        report.outcome = "failed"
        report.longrepr = f"browser test skipped but REQUIRE_BROWSER=1: {report.longrepr}"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the project's data/ folder that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def add_invented_article(data_dir: Path) -> str:
    """Register the invented second text in ``data_dir`` and annotate a few facts with the curator tools; return its id.

    The text is an invented example (not news), kept in tests/fixtures/; it never goes into the real data/.
    """
    doc = INVENTED_DOC
    register_source(INVENTED_TEXT, doc, title="Avaria will not send troops to Lumen (invented example, not news)",
                    title_basis="curator_assigned", published="2025-01", date_precision="month", data_dir=data_dir)
    add_row("topics", {"topic_id": "troops_to_lumen", "label": "Troops to Lumen (invented)",
                       "description": "Invented example: sending soldiers to the fictional border region of Lumen."}, data_dir)
    annotate("actors", doc, "The fictional Republic of Avaria",
             {"actor_id": "avaria", "name": "Avaria (invented)", "kind": "country", "role": "Invented country of the example text"},
             data_dir=data_dir)
    annotate("actors", doc, "Avarian defence minister Ilse Marrow",
             {"actor_id": "ilse_marrow", "name": "Ilse Marrow (invented)", "kind": "person", "role": "Defence minister of Avaria (invented)"},
             data_dir=data_dir)
    annotate("actors", doc, "the Northern Courier",
             {"actor_id": "northern_courier", "name": "Northern Courier (invented)", "kind": "media", "role": "Invented newspaper"},
             data_dir=data_dir)
    annotate("statements", doc, "We will not send troops,",
             {"statement_id": "marrow_no_troops", "speaker_id": "ilse_marrow", "reported_via_id": "northern_courier",
              "mode": "direct_quote", "topic_id": "troops_to_lumen", "stance": "opposes",
              "summary": "Avaria's defence minister says Avaria will not send troops to Lumen."}, data_dir=data_dir)
    annotate("country_positions", doc, "it would not send soldiers to the border region of Lumen",
             {"position_id": "avaria_troops_to_lumen", "actor_id": "avaria", "topic_id": "troops_to_lumen", "stance": "opposes",
              "basis": "stated", "statement_id": "marrow_no_troops", "summary": "Avaria says it will not send soldiers to Lumen."},
             data_dir=data_dir)
    annotate("events", doc, "training programmes for Lumen’s army would continue in March",
             {"event_id": "avaria_training_continues", "label": "Avarian training of Lumen's army to continue (invented)",
              "kind": "military", "date": "2025-03", "date_precision": "month", "date_basis": "inferred", "date_text": "in March"},
             data_dir=data_dir)
    annotate("curator_notes", doc, "INVENTED EXAMPLE FOR TESTS AND THE TUTORIAL. NOT NEWS",
             {"note_id": "n_invented_example", "target_table": "documents", "target_id": doc, "kind": "source_metadata",
              "note": "An invented example written by the project team for tests and the tutorial, not news: no event, "
                      "quotation or person in it is real, and its publication month is invented too."}, data_dir=data_dir)
    return doc


@pytest.fixture(scope="session")
def two_document_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of data/ plus the invented second article, built once with the curator tools. Read it; never change it."""
    target = tmp_path_factory.mktemp("two_documents") / "data"
    shutil.copytree(default_data_dir(), target)
    add_invented_article(target)
    return target


@pytest.fixture
def two_document_copy(two_document_data: Path, tmp_path: Path) -> Path:
    """A private copy of the two-document dataset that a test may break."""
    return Path(shutil.copytree(two_document_data, tmp_path / "data"))

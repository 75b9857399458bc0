"""The template a researcher copies (notebooks/templates/my_article.ipynb) runs once its settings are filled in.

nbval does not run it (it needs the reader's input); this test fills the settings cell with a folder, the invented
saved page of the fixtures and its provenance, and runs every cell, on a corpus whose documents table records where
a text came from (the provenance columns, added to a 1.x package by the same helper as the import tests use).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from helpers.curation.corpus import new_corpus
from helpers.dataset.paths import project_root
from helpers.dataset.validate import validate
from tests.test_curator_writes import PAGE, kind, with_provenance_columns

TEMPLATE = project_root() / "notebooks" / "templates" / "my_article.ipynb"


def _cells() -> list[str]:
    return [cell.source for cell in nbformat.read(TEMPLATE, as_version=4).cells if cell.cell_type == "code"]


def test_the_template_has_one_settings_cell_marked_for_the_reader() -> None:
    marked = [source for source in _cells() if "# ✎" in source]
    assert len(marked) == 1 and "WORK =" in marked[0] and "FILE =" in marked[0]


def test_the_template_runs_with_its_settings_filled_in(tmp_path: Path) -> None:
    work = tmp_path / "corpus"
    new_corpus(work, "my-corpus")
    with_provenance_columns(work)
    settings = (f"WORK = Path({str(work)!r})\nNAME = 'my-corpus'\nFILE = Path({str(PAGE)!r})\nURL = 'https://example.org/page'\n"
                "ACCESSED = '2025-01-15'\nEXCERPT = False\nDOC = None\n" f"FIELDS = {kind(work)!r}\n"
                "OUTLET = {'actor_id': 'northern_courier', 'name': 'Northern Courier (invented)', 'kind': 'media', 'role': 'Invented'}")
    namespace: dict = {}
    for source in _cells():
        exec(compile(settings if "# ✎" in source else source, str(TEMPLATE), "exec"), namespace)
    assert validate(work) == []
    assert namespace["DOC"] in (work / "documents.csv").read_text(encoding="utf-8")
    assert (tmp_path / f"my-corpus-packet-{namespace['DOC']}" / "text.txt").is_file()
    assert (tmp_path / "my-corpus.sqlite").is_file()


@pytest.mark.parametrize("needle", ["rmtree", "unlink(", "remove_row("])
def test_the_template_never_deletes_the_readers_work(needle: str) -> None:
    assert all(needle not in source for source in _cells())

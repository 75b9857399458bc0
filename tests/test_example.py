"""The invented second article (helpers/curation/example.py), the curation steps behind the two-document fixture; and
notebook 07, the method worked on a real second article, which writes only to its own working copy and keeps it."""

from __future__ import annotations

import ast
import csv
import tempfile
from pathlib import Path

import nbformat
import pytest

from helpers.curation import example
from helpers.dataset.paths import default_data_dir, project_root
from helpers.dataset.validate import validate

NOTEBOOK = project_root() / "notebooks" / "07_adding_an_article.ipynb"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _notebook_code() -> str:
    """Notebook 07's code cells, IPython magics removed."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return "\n\n".join("\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
                       for cell in nb.cells if cell.cell_type == "code")


def test_notebook_07_writes_only_its_working_copy_keeps_it_and_leaves_it_valid(
    shipped_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The notebook adds LBC's excerpt to the shipped corpus (it names the actor 'lbc'): its input is the shipped data/,
    # whatever --data-dir says.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the notebook's mkdtemp lands in tmp_path
    before = _tree(default_data_dir())
    namespace: dict = {}
    exec(compile(_notebook_code(), str(NOTEBOOK), "exec"), namespace)
    assert _tree(default_data_dir()) == before
    work = namespace["work"]
    assert work.is_relative_to(tmp_path) and work.is_dir()
    text = project_root() / "examples" / "second_article" / "lbc_2024_11_25.txt"
    assert (work / "sources" / "lbc_2024_11_25.txt").read_bytes() == text.read_bytes()
    assert validate(work) == []


def test_notebook_07_never_deletes_anything() -> None:
    calls = {node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
             for node in ast.walk(ast.parse(_notebook_code())) if isinstance(node, ast.Call)}
    assert not calls & {"rmtree", "unlink", "remove", "rmdir", "remove_row"}


def test_added_rows_are_the_steps_in_order_and_the_result_validates(data_copy: Path) -> None:
    added = example.add_invented_article(data_copy)
    assert [table for table, _ in added] == ["documents", "topics", *(a.table for a in example.ANNOTATIONS)]
    assert added[0][1]["document_id"] == example.DOCUMENT_ID
    assert added[1][1] == example.TOPIC
    text = example.TEXT.read_text(encoding="utf-8")
    mentions = {m["actor_id"]: m for m in csv.DictReader((data_copy / "mentions.csv").open(encoding="utf-8"))}
    for (table, row), step in zip(added[2:], example.ANNOTATIONS, strict=True):
        if table == "actors":  # data 2.0: the span is the actor's mention
            row = {**row, **{k: v for k, v in mentions[row["actor_id"]].items() if k != "actor_id"}}
        assert row["document_id"] == example.DOCUMENT_ID and row["evidence"] == step.evidence
        assert {k: row[k] for k in step.fields} == step.fields
        assert text[int(row["char_start"]):int(row["char_end"])] == step.evidence
    assert validate(data_copy) == []


def test_it_is_marked_as_invented_in_the_text_the_title_and_a_curator_note() -> None:
    assert example.TEXT.read_text(encoding="utf-8").startswith("INVENTED EXAMPLE FOR TESTS AND THE TUTORIAL. NOT NEWS")
    assert "invented example, not news" in example.REGISTRATION["title"]
    assert example.NOTE.fields["target_id"] == example.DOCUMENT_ID and "not news" in example.NOTE.fields["note"]
    assert "invented example, not news" in (example.__doc__ or "").lower().replace("**", "")


def test_it_refuses_the_real_data_folder() -> None:
    before = _tree(default_data_dir())
    with pytest.raises(ValueError, match="copy"):
        example.add_invented_article(default_data_dir())
    assert _tree(default_data_dir()) == before


def test_it_uses_only_the_public_curator_tools() -> None:
    tree = ast.parse(Path(example.__file__).read_text(encoding="utf-8"))
    imported = {(node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    curate = {name for module, name in imported if module == "helpers.curation.curate"}
    assert curate == {"register_source", "annotate", "add_row"}
    allowed = {"helpers.curation.curate", "helpers.dataset.paths"}
    assert not any(module and module.startswith("helpers.") and module not in allowed for module, _ in imported)

"""The invented second article (helpers/curation/example.py): one set of curation steps for the fixture and notebook 07.

The key test runs notebook 07's own curation cells (everything before its
"## Validate" section) in this process, and checks that the folder they build
is byte for byte the one :func:`helpers.curation.example.add_invented_article` builds.
"""

from __future__ import annotations

import ast
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest

from helpers.curation import example
from helpers.dataset.paths import default_data_dir, project_root
from helpers.dataset.validate import validate

NOTEBOOK = project_root() / "notebooks" / "07_adding_an_article.ipynb"
STOP_HEADING = "## Validate"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _notebook_curation_code() -> str:
    """The code cells of notebook 07 before its validation section, IPython magics removed."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(STOP_HEADING):
            return "\n\n".join(code)
        if cell.cell_type == "code":
            code.append("\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%")))
    raise AssertionError(f"notebook 07 has no {STOP_HEADING!r} section")


def test_following_notebook_07_gives_the_same_files_as_the_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "notebook_tmp"))  # the notebook's mkdtemp lands in tmp_path
    (tmp_path / "notebook_tmp").mkdir()
    namespace: dict = {}
    exec(compile(_notebook_curation_code(), str(NOTEBOOK), "exec"), namespace)
    from_notebook = namespace["data"]
    assert from_notebook.is_relative_to(tmp_path)

    from_helper = tmp_path / "helper" / "data"
    shutil.copytree(default_data_dir(), from_helper)
    added = example.add_invented_article(from_helper)

    notebook_files, helper_files = _tree(from_notebook), _tree(from_helper)
    assert sorted(notebook_files) == sorted(helper_files)
    differing = [name for name in helper_files if notebook_files[name] != helper_files[name]]
    assert differing == [], f"notebook 07 and helpers.curation.example disagree on {differing}"
    # and both really added something: every table the helper wrote differs from the real data
    real = _tree(default_data_dir())
    changed = {name for name, content in helper_files.items() if name in real and real[name] != content}
    assert changed == {f"{table}.csv" for table, _ in added}
    assert "sources/invented_avaria.txt" in helper_files and not (default_data_dir() / "sources" / "invented_avaria.txt").exists()


def test_notebook_07_shows_every_step_one_by_one() -> None:
    """Every step of the helper is named in the notebook's curation code (the byte comparison above proves the order)."""
    code = _notebook_curation_code()
    names = {node.attr for node in ast.walk(ast.parse(code))
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "example"}
    assert {"TEXT", "DOCUMENT_ID", "REGISTRATION", "TOPIC", "ACTORS", "STATEMENT", "POSITION", "EVENT", "NOTE"} <= names
    assert "add_invented_article" not in names and "ANNOTATIONS" not in names, "the notebook shows the steps one by one"


def test_added_rows_are_the_steps_in_order_and_the_result_validates(data_copy: Path) -> None:
    added = example.add_invented_article(data_copy)
    assert [table for table, _ in added] == ["documents", "topics", *(a.table for a in example.ANNOTATIONS)]
    assert added[0][1]["document_id"] == example.DOCUMENT_ID
    assert added[1][1] == example.TOPIC
    text = example.TEXT.read_text(encoding="utf-8")
    for (_, row), step in zip(added[2:], example.ANNOTATIONS, strict=True):
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

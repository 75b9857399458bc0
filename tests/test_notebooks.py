"""Structure of the committed notebooks: the suite's style guide, checked.

Outputs themselves are compared with a fresh run by nbval (``./suite test``);
figures by tests/test_figures.py. This file checks what nbval does not:
layout, execution order, and outputs that must never be committed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# Every notebook under notebooks/, sub-folders (solutions/) included; JupyterLab's autosave copies are not notebooks of the suite.
# templates/ holds notebooks a reader copies and fills in (not run here: tests/test_template.py runs them with input)
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.rglob("*.ipynb")
                   if not {".ipynb_checkpoints", "templates"} & set(p.relative_to(NOTEBOOK_DIR).parts))
TUTORIAL = NOTEBOOK_DIR / "00_tutorial.ipynb"
SOLUTIONS = NOTEBOOK_DIR / "solutions" / "00_tutorial_solutions.ipynb"
EXPECTED = [
    "00_tutorial.ipynb",
    "01_statements_and_sources.ipynb",
    "02_weapons_systems.ipynb",
    "03_country_positions.ipynb",
    "04_timeline.ipynb",
    "05_provenance_audit.ipynb",
]
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/work/|/home/|/tmp/|/root/|/Users/|/private/var/|[A-Za-z]:\\\\)")
TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{6,}")


def ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(NOTEBOOK_DIR).as_posix() for p in paths]


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def _headings_of(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if line.startswith("#")]


def _headings(nb) -> list[str]:
    return [h for src in _markdown(nb) for h in _headings_of(src)]


def _output_texts(cell) -> list[str]:
    texts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            texts.append(out.text)
        for mime in ("text/plain", "text/html", "text/markdown", "application/json"):
            if mime in out.get("data", {}):
                texts.append(str(out["data"][mime]))
    return texts


def test_the_numbered_notebooks_exist() -> None:
    assert set(EXPECTED) <= set(ids(NOTEBOOKS))
    assert SOLUTIONS in NOTEBOOKS, "the tutorial's worked solutions are in notebooks/solutions/"
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", p.name) for p in NOTEBOOKS)


@pytest.fixture(params=NOTEBOOKS, ids=ids(NOTEBOOKS))
def nb(request: pytest.FixtureRequest):
    return nbformat.read(request.param, as_version=4)


def test_opens_with_title_overview_prerequisites_and_imports(nb) -> None:
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "the first cell is the title"
    heads = _headings(nb)
    assert heads[0].startswith("# ") and sum(h.startswith("# ") for h in heads) == 1, "exactly one title"
    assert heads[1:3] == ["## Overview", "## Prerequisites"], heads[:3]
    prereq = next(src for src in _markdown(nb) if src.startswith("## Prerequisites"))
    assert re.search(r"time to read", prereq, re.IGNORECASE), "Prerequisites give the time to read"
    # The imports come next: the first code cell, before any section after Prerequisites (an "## Imports" heading is optional).
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    prereq_at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## Prerequisites"))
    between = [h for c in nb.cells[prereq_at + 1 : first_code] if c.cell_type == "markdown" for h in _headings_of(c.source)]
    assert prereq_at < first_code and set(between) <= {"## Imports"}, f"imports follow Prerequisites directly, found {between}"
    first_code = nb.cells[first_code]
    lines = [line for line in first_code.source.splitlines() if line.strip() and not line.startswith("%")]
    assert lines and lines[0].startswith(("import ", "from ")), "the first code cell starts with the imports"


def test_ends_with_summary_and_whats_next(nb) -> None:
    heads = [h for h in _headings(nb) if h.startswith("## ")]
    assert heads[-2:] == ["## Summary", "## What's next"], heads[-2:]
    assert nb.cells[-1].cell_type == "markdown"


def test_executed_in_order_on_one_kernel(nb) -> None:
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "run ./suite refresh"
    for c in code:
        for out in c.outputs:
            if "execution_count" in out:
                assert out.execution_count == c.execution_count


def test_no_errors_stderr_or_warnings(nb) -> None:
    for c in nb.cells:
        for out in c.get("outputs", []):
            assert out.output_type != "error", c.source
            assert not (out.output_type == "stream" and out.name == "stderr"), c.source
            assert "Warning:" not in "".join(_output_texts(c)), c.source


def test_outputs_hold_no_absolute_paths_timestamps_or_addresses(nb) -> None:
    for c in nb.cells:
        for text in _output_texts(c):
            assert not ABSOLUTE_PATH.search(text), (c.source, ABSOLUTE_PATH.search(text))
            assert not TIMESTAMP.search(text), (c.source, TIMESTAMP.search(text))
            assert not MEMORY_ADDRESS.search(text), (c.source, MEMORY_ADDRESS.search(text))
        assert "execution" not in c.get("metadata", {}), "no execution timing in cell metadata"


def test_at_most_one_image_per_cell_and_one_per_figure_cell(nb) -> None:
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        images = sum(1 for out in c.outputs for mime in out.get("data", {}) if mime.startswith("image/"))
        assert images <= 1, c.source
        assert not any("image/svg+xml" in out.get("data", {}) for out in c.outputs), "PNG, not SVG"
        if re.search(r"\bplots\.\w+\(", c.source):
            pngs = sum(1 for out in c.outputs if "image/png" in out.get("data", {}))
            assert pngs == 1, f"a figure cell shows its figure exactly once: {c.source}"


def test_kernelspec_is_python3(nb) -> None:
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_no_checkpoints_are_committed_and_git_ignores_them() -> None:
    """JupyterLab writes ``.ipynb_checkpoints/`` next to any notebook it opens (``./suite lab``): that is expected
    in a working tree, so the rule is that none is committed and git ignores them, not that none exists."""
    root = NOTEBOOK_DIR.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "--", "*.ipynb_checkpoints*"], cwd=root, capture_output=True, text=True, check=True)
    assert tracked.stdout == "", f"checkpoints are committed: {tracked.stdout}"
    probe = "notebooks/.ipynb_checkpoints/00_tutorial-checkpoint.ipynb"
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", probe], cwd=root)
    assert ignored.returncode == 0, f"git does not ignore {probe}: add .ipynb_checkpoints/ to .gitignore"


def test_notebook_discovery_is_recursive_but_skips_checkpoints(tmp_path: Path) -> None:
    """The rule above, on a throwaway tree: sub-folders count, ``.ipynb_checkpoints`` copies do not."""
    for rel in ("00_a.ipynb", "solutions/00_a_solutions.ipynb", ".ipynb_checkpoints/00_a-checkpoint.ipynb",
                "solutions/.ipynb_checkpoints/00_a_solutions-checkpoint.ipynb"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}", encoding="utf-8")
    found = sorted(p for p in tmp_path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.relative_to(tmp_path).parts)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["00_a.ipynb", "solutions/00_a_solutions.ipynb"]


# The tutorial's exercises: a question, an answer cell and a one-line check each; the solutions answer every one.

CHECK_CALL = re.compile(r"^check\((\d+), answer_\1\)$")
ANSWER_PLACEHOLDER = re.compile(r"^answer_(\d+) = \.\.\.  # your answer here$")


def _check_cells(nb) -> dict[int, list[str]]:
    """Exercise number -> the output texts of its ``check(N, answer_N)`` cell (one cell per number)."""
    found: dict[int, list[str]] = {}
    for c in nb.cells:
        match = CHECK_CALL.match(c.source.strip()) if c.cell_type == "code" else None
        if match:
            number = int(match.group(1))
            assert number not in found, f"exercise {number} is checked twice"
            found[number] = _output_texts(c)
    return found


def _exercise_numbers_in_markdown(nb) -> set[int]:
    return {int(n) for src in _markdown(nb) for n in re.findall(r"\*\*Exercise (\d+)\.?\*\*", src)}


@pytest.fixture(scope="module")
def tutorial():
    return nbformat.read(TUTORIAL, as_version=4)


@pytest.fixture(scope="module")
def solutions():
    return nbformat.read(SOLUTIONS, as_version=4)


def test_every_exercise_is_asked_and_checked_in_both(tutorial, solutions) -> None:
    from helpers.teaching.exercises import EXERCISES
    from helpers.teaching.goals import GOALS

    numbers = set(EXERCISES) | set(GOALS)  # 1-9 on the steps; 10-14 on goals 7-9 and what a number means (issue 22)
    assert numbers == set(range(1, 15))
    for nb in (tutorial, solutions):
        assert set(_check_cells(nb)) == numbers
        assert _exercise_numbers_in_markdown(nb) == numbers


def test_tutorial_exercises_come_in_order_each_question_answer_then_check(tutorial) -> None:
    cells = tutorial.cells
    order = []
    for i, c in enumerate(cells):
        match = CHECK_CALL.match(c.source.strip()) if c.cell_type == "code" else None
        if not match:
            continue
        n = int(match.group(1))
        order.append(n)
        answer, question = cells[i - 1], cells[i - 2]
        assert answer.cell_type == "code" and ANSWER_PLACEHOLDER.match(answer.source.strip()), f"exercise {n}: the answer cell comes first"
        assert answer.source.strip().startswith(f"answer_{n} = ")
        assert question.cell_type == "markdown" and question.source.startswith(f"**Exercise {n}.**"), f"exercise {n}: the question"
    assert order == sorted(order), "the exercises are numbered in the order they come"
    create = [i for i, c in enumerate(cells) if c.cell_type == "code" and "check = checker(ds)" in c.source]
    load = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "load_dataset()" in c.source)
    first_check = next(i for i, c in enumerate(cells) if c.cell_type == "code" and CHECK_CALL.match(c.source.strip()))
    assert len(create) == 1 and load <= create[0] < first_check, "the checker is made once, after loading, before the first check"


def test_exercises_are_spread_through_the_tutorial(tutorial) -> None:
    """Not bunched at the end: they sit in at least five different sections, after what each needs is taught."""
    section, sections_with_checks = None, set()
    for c in tutorial.cells:
        if c.cell_type == "markdown":
            heads = [h for h in _headings_of(c.source) if h.startswith("## ")]
            section = heads[-1] if heads else section
        elif CHECK_CALL.match(c.source.strip()):
            sections_with_checks.add(section)
    assert len(sections_with_checks) >= 5, sections_with_checks
    assert "## Exercises" not in _headings(tutorial), "the placeholder section is gone"


def test_committed_tutorial_checks_say_not_answered_yet(tutorial) -> None:
    for number, texts in _check_cells(tutorial).items():
        assert texts, f"exercise {number}: the check cell has an output"
        assert f"Exercise {number}: not answered yet" in "".join(texts), texts


def test_committed_solution_checks_say_correct(solutions) -> None:
    for number, texts in _check_cells(solutions).items():
        assert texts == [f"Exercise {number}: correct!"], (number, texts)


def test_tutorial_states_learning_goals_and_points_to_binder(tutorial) -> None:
    overview = next(src for src in _markdown(tutorial) if src.startswith("## Overview"))
    assert "learning goals" in overview.lower()
    assert "Binder" in overview and "README" in overview
    assert any("solutions/00_tutorial_solutions.ipynb" in src for src in _markdown(tutorial)), "the tutorial links its solutions"


def test_the_first_cell_that_loads_data_says_which_folder_and_version(nb) -> None:
    """Issue 23: a notebook run against another checkout's data (an editable install elsewhere) cannot pass unnoticed."""
    loading = [c for c in nb.cells if c.cell_type == "code" and re.search(r"\b(load_dataset|read_package)\(", c.source)]
    if not loading:
        pytest.skip("this notebook loads no data")
    first = loading[0]
    shown = "\n".join(_output_texts(first))
    assert "describe_source()" in first.source, "the first cell that loads data prints ds.describe_source()"
    assert re.search(r"Data loaded from \S+: package \S+ version \d+\.\d+\.\d+", shown), shown[:300]

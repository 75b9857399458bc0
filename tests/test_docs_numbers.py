"""Numbers of notebooks the documentation names are the numbers in the notebooks folder.

The README once described "the 9 notebooks" of a benchmark long after there were twelve: any "N notebooks" in the
README or a page under docs/ must be the count of the notebooks in ``notebooks/`` (the suite), or of those plus
the solutions (what nbval runs). "One notebook" and the like, about a single notebook, are not counts of the folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.dataset.paths import project_root

ROOT = project_root()
WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                                    "sixteen seventeen eighteen nineteen twenty".split())}
#: "the 12 notebooks", "twelve notebooks", "13 Jupyter notebooks": a number, at most one word, then "notebooks".
COUNT = re.compile(r"\b(\d+|" + "|".join(WORDS) + r")\s+(?:[A-Za-z-]+\s+)?notebooks\b", re.IGNORECASE)


def notebook_counts() -> set[int]:
    folder = ROOT / "notebooks"
    suite = [p for p in folder.glob("*.ipynb")]
    # what nbval and the notebook benchmark run: the suite and the solutions (templates/ is filled in by a reader, not run)
    everything = [p for p in folder.rglob("*.ipynb") if not {".ipynb_checkpoints", "templates"} & set(p.parts)]
    return {len(suite), len(everything)}


def counts_named(text: str) -> list[tuple[int, str]]:
    """Every count of notebooks a text names, with the words that name it (one notebook is not a count of the folder)."""
    found = []
    for match in COUNT.finditer(text):
        word = match.group(1).lower()
        n = int(word) if word.isdigit() else WORDS[word]
        if n > 1:
            found.append((n, match.group(0)))
    return found


def documents() -> list[Path]:
    pages = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts) if (ROOT / "docs").is_dir() else []
    return [ROOT / "README.md", *pages]


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_documentation_names_the_number_of_notebooks_there_are(path: Path) -> None:
    wrong = [words for n, words in counts_named(path.read_text(encoding="utf-8")) if n not in notebook_counts()]
    assert wrong == [], f"{path.name} names {wrong}; the notebooks folder holds {sorted(notebook_counts())}"


def test_a_wrong_count_is_found() -> None:
    assert counts_named("over the 9 notebooks against twelve Jupyter notebooks, in one notebook") == [
        (9, "9 notebooks"), (12, "twelve Jupyter notebooks")]

"""Every count a notebook shows of ``ds.statements`` goes through the counting helper, or says it counts renderings (issue 20).

A row of ``statements`` is a rendering; what was said once is an utterance. A notebook cell that counts
rows of ``ds.statements`` (``len``, ``value_counts``, ``size``, ``sum``, ``mean``, ``nunique``), directly
or through a frame it filtered from it, counts renderings. It must either use the counting helper
(``count_utterances``, ``counted_statements``, ...) or carry the comment ``# counts renderings``; and
then the prose right after its output must say "rendering", so that no table of renderings is read as
a count of statements said.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MARK = "# counts renderings"
HELPERS = ("count_utterances", "counted_statements", "counted_renderings", "share_utterances", "renderings_per_utterance", "units_to_code",
           "count_by_layer", "relation_counts")
COUNT = re.compile(r"\blen\(|\.value_counts\(|\.size\(\)|\.nunique\(|\.sum\(\)|\.mean\(\)")
ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*=(?!=)(.*)$")


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def rendering_counts(cells: list[dict]) -> list[tuple[int, str]]:
    """``(cell index, problem)`` for every cell that counts renderings without the helper or without saying so.

    >>> code = lambda s: {"cell_type": "code", "source": s}
    >>> md = lambda s: {"cell_type": "markdown", "source": s}
    >>> rendering_counts([code('x = ds.statements[ds.statements["stance"] == "opposes"]'), code("len(x)"), md("3 statements oppose.")])
    [(1, 'counts rows of ds.statements (x) without the counting helper')]
    >>> rendering_counts([code("count_utterances(ds.statements)"), md("26 utterances.")])
    []
    >>> rendering_counts([code("# counts renderings\\nlen(ds.statements)"), md("82 statements.")])
    [(1, 'the prose after a count of renderings does not say "rendering"')]
    >>> rendering_counts([code("# counts renderings\\nlen(ds.statements)"), md("82 renderings.")])
    []
    """
    frames = {"ds.statements"}
    problems = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        text = _source(cell)
        uses_helper = any(h in text for h in HELPERS)
        for line in text.splitlines():
            m = ASSIGN.match(line)
            if m and any(f in m.group(2) for f in frames) and not any(h in m.group(2) for h in HELPERS):
                frames.add(m.group(1))
        counted = [f for f in sorted(frames) if any(COUNT.search(line) and re.search(rf"(?<![\w.\"']){re.escape(f)}\b", line)
                                                   for line in text.splitlines() if not line.lstrip().startswith("#"))]
        if not counted or uses_helper:
            continue
        if MARK not in text:
            problems.append((index, f"counts rows of ds.statements ({', '.join(counted)}) without the counting helper"))
            continue
        prose = next((_source(c) for c in cells[index + 1:] if c["cell_type"] == "markdown"), "")
        if "rendering" not in prose.lower():
            problems.append((index + 1, 'the prose after a count of renderings does not say "rendering"'))
    return problems


NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_counts_come_from_the_counting_helper(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert rendering_counts(cells) == []


def test_a_count_of_renderings_read_as_statements_fails() -> None:
    cells = [{"cell_type": "code", "source": "denials = ds.statements[ds.statements['response'] == 'denies']\nlen(denials)"},
             {"cell_type": "markdown", "source": "Five denials."}]
    assert [i for i, _ in rendering_counts(cells)] == [0]
    cells[0]["source"] = MARK + "\n" + cells[0]["source"]
    assert [i for i, _ in rendering_counts(cells)] == [1]
    cells[1]["source"] = "Five renderings of one denial."
    assert rendering_counts(cells) == []

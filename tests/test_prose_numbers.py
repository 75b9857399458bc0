"""Every number a notebook's prose quotes is an output of that notebook (issue 14).

A number in a markdown cell must appear in the text of a committed output of a cell
*above* it (``text/plain``, ``text/html``, stdout), so that no figure in the prose is typed
by hand, read from a later cell, or left stale after the data changes. A percentage ``p%`` is found either as
``p`` or as the fraction ``p/100`` with two decimals (``27%`` ↔ ``0.27``); a decimal
``0.2`` is also found as ``0.20``.

Not numbers in this sense, and so exempt:

- years (four digits from 1900 to 2099) and the day in a date written with a month name
  ("25 November", "November 25") or in ISO form (``2024-11-25`` counts as one date and is
  looked up whole);
- numbers inside inline code (`` `x` ``), inside quotation marks ("…", “…”, ‘…’: words
  quoted from the article or a vocabulary), and inside a link's text or target (notebook
  names such as ``03 · Country positions``);
- list and heading numbering (``1. `` at the start of a line, ``## 2.``), notebook numbers
  (zero-padded: ``01``, "notebooks 01–05"; "notebook 10"; the notebook's own number in its title),
  section marks (``§9``) and identifiers that glue letters to digits (``U3``, ``n46``,
  ``F-16s``, ``C1–C3``);
- exercise, section and step numbers ("Exercise 2"), the bounds of a share in an
  instruction ("between 0 and 1"), and the reading time in Prerequisites ("about 15 minutes").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")

_STRIP = [
    re.compile(r"`[^`]*`"),                                  # inline code
    re.compile(r"\[[^\]]*\]\([^)]*\)"),                      # links: text and target
    re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"\n]*\""),             # quotations
    re.compile(r"(?m)^\s*#+\s*\d+[.·]?"),                    # heading numbers
    re.compile(r"(?m)^\s*\d+\.\s"),                          # numbered list items
    re.compile(r"about \d+ minutes"),                        # reading time
    re.compile(rf"\b\d{{1,2}}\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b"),  # the day of a date
    re.compile(r"§\s*\d+(?:\.\d+)?"),                        # section marks
    re.compile(r"(?<![\w.])0\d(?![\w.])"),                     # zero-padded notebook numbers (01, 05)
    re.compile(r"\b[Nn]otebooks?\s+\d{1,2}\b"),                # "notebook 10"
    re.compile(r"\b(?:Exercises?|Sections?|Steps?)\**\s+\d+"),  # "Exercise 2", "**Exercise 2**"
    re.compile(r"between 0 and 1"),                           # the bounds of a share, in an instruction
]
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
_NUMBER = re.compile(r"(?<![\w.§/-])(\d+(?:\.\d+)?)(%?)(?![\w-]|\.\d)")


def prose_numbers(markdown: str, own_number: str = "") -> list[str]:
    """The numbers a piece of markdown quotes, after the exemptions in the module docstring.

    >>> prose_numbers("Of 21 terms, 15% are adopted (rule U3, `x = 4`, [03 · Pos](03_p.ipynb)) on 25 November 2024.")
    ['21', '15%']
    >>> prose_numbers("between 2024-11-25 and 2024-11-30; “Article 5”;\\n1. first", own_number="10")
    ['2024-11-25', '2024-11-30']
    >>> prose_numbers("# 10 · Title", own_number="10")
    []
    """
    text = markdown
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    found = _ISO_DATE.findall(text)
    text = _ISO_DATE.sub(" ", text)
    for number, percent in _NUMBER.findall(text):
        if percent == "" and re.fullmatch(r"(19|20)\d\d", number):
            continue
        if number == own_number.lstrip("0") or number == own_number:
            continue
        found.append(number + percent)
    return found


def output_text(cells: list[dict]) -> str:
    """All the text the committed outputs of ``cells`` show."""
    parts = []
    for cell in cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append("".join(out["text"]))
            for mime in ("text/plain", "text/html"):
                if mime in out.get("data", {}):
                    parts.append("".join(out["data"][mime]))
    return "\n".join(parts)


def appears(number: str, outputs: str) -> bool:
    """Whether ``number`` (as :func:`prose_numbers` returns it) appears in ``outputs`` as a whole number.

    >>> appears("27%", "share 0.27"), appears("0.2", "0.20"), appears("2", "12"), appears("7", "7 rows")
    (True, True, False, True)
    """
    candidates = [number]
    if number.endswith("%"):
        value = float(number[:-1])
        candidates = [number[:-1], f"{value / 100:.2f}", f"{value / 100:.3f}".rstrip("0")]
    elif "." in number:
        candidates.append(f"{float(number):.2f}")
    return any(re.search(rf"(?<![\d.]){re.escape(c)}(?![\d])", outputs) for c in candidates)


def missing_numbers(path: Path) -> list[str]:
    """The numbers ``path``'s prose quotes that no output of a cell above them shows."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    own = path.name.split("_", 1)[0]
    missing = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        outputs = output_text(nb["cells"][:i])  # a number in prose is read from a cell above it
        for number in prose_numbers("".join(cell["source"]), own):
            if not appears(number, outputs) and number not in missing:
                missing.append(number)
    return missing


def _notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


#: Notebooks whose prose is still being brought under the rule (issue 14), with the numbers known to be missing:
#: reported as expected failures while exactly those are missing, and as failures once anything else changes.
PENDING: dict[str, list[str]] = {}


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.name)
def test_every_number_in_the_prose_is_an_output(path: Path) -> None:
    missing = missing_numbers(path)
    if path.name in PENDING:
        assert missing == PENDING[path.name], f"{path.name}: update PENDING (now missing: {missing}; remove the entry when none)"
        pytest.xfail(f"prose numbers not yet in outputs: {missing}")
    assert missing == [], f"{path.name}: numbers in the prose that no output shows: {missing}"


def test_a_number_typed_into_the_prose_is_caught(tmp_path: Path) -> None:
    nb = {"cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "name": "stdout", "text": "26 counted\n"}]},
                    {"cell_type": "markdown", "source": "Of the 26 utterances, 11 are quotes."}]}
    path = tmp_path / "99_x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert missing_numbers(path) == ["11"]

"""Notebook metadata that only says where a notebook last ran, normalised; and the executed-top-to-bottom check.

Running a notebook in JupyterLab rewrites things that are not the notebook's content: the
Python patch version in ``language_info``, the saved widget state (``metadata.widgets``),
fresh random widget model ids in the outputs, the editor's timing and scroll state. This
module sets them to one canonical form, keeping every output and every execution count
(nbval compares outputs and needs the counts), so a notebook that was only re-run reads the
same as the committed one. It is used by ``./suite refresh`` (through
``helpers.maintenance.notebooks.refresh``), by JupyterLab when started with ``./suite lab`` (a pre-save
hook), by the ``notebook-metadata`` pre-commit hook and by the git clean filter ``./suite lab``
installs (for notebooks saved by other editors)::

    python -m helpers.maintenance.nbmeta NOTEBOOK...                   # normalise in place; exit 1 if any changed
    python -m helpers.maintenance.nbmeta --check NOTEBOOK...           # only report; exit 1 if any would change
    python -m helpers.maintenance.nbmeta --check-executed NOTEBOOK...  # exit 1 unless run top to bottom on one kernel
    python -m helpers.maintenance.nbmeta --stdin < in.ipynb > out.ipynb   # the git clean filter

Saved widget state is dropped, as nbstripout does: the explorer needs a live kernel anyway.

>>> nb = {"metadata": {"language_info": {"name": "python", "version": "3.11.7"}, "widgets": {}}, "cells": []}
>>> normalise(nb)["metadata"]["language_info"]
{'name': 'python'}
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["KERNELSPEC", "execution_problems", "main", "normalise", "normalised_text", "pre_save_hook"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Notebook-level metadata written by the environment a notebook ran in, never by its author.
_RUN_METADATA = ("widgets", "vscode", "interpreter", "signature")
# Cell-level metadata that records timing or the editor's scroll position.
_CELL_RUN_METADATA = ("execution", "ExecuteTime", "scrolled")


def _model_id(cell: dict[str, Any], cell_index: int, output_index: int) -> str:
    """A stable id in the shape of a widget model id (32 hex digits), from the cell's id and the output's place."""
    key = f"{cell.get('id') or cell_index}/{output_index}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def normalise(nb: dict[str, Any]) -> dict[str, Any]:
    """Normalise ``nb`` (a notebook as parsed JSON or an ``nbformat`` node) in place and return it.

    Outputs, execution counts, cell ids, tags and all other metadata are kept.

    >>> cell = {"cell_type": "code", "id": "c1", "metadata": {"scrolled": True, "tags": ["t"]}, "execution_count": 3,
    ...         "outputs": [{"output_type": "display_data", "data": {WIDGET_VIEW: {"model_id": "f00", "version_major": 2}}}]}
    >>> out = normalise({"metadata": {}, "cells": [cell]})["cells"][0]
    >>> out["metadata"], out["execution_count"], out["outputs"][0]["data"][WIDGET_VIEW]["model_id"] != "f00"
    ({'tags': ['t']}, 3, True)
    """
    meta = nb.setdefault("metadata", {})
    for key in _RUN_METADATA:
        meta.pop(key, None)
    if "kernelspec" in meta or any(c.get("cell_type") == "code" for c in nb.get("cells", [])):
        meta["kernelspec"] = dict(KERNELSPEC)
    language_info = meta.get("language_info")
    if isinstance(language_info, dict):
        language_info.pop("version", None)
    for cell_index, cell in enumerate(nb.get("cells", [])):
        cell_meta = cell.get("metadata", {})
        for key in _CELL_RUN_METADATA:
            cell_meta.pop(key, None)
        for output_index, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                view["model_id"] = _model_id(cell, cell_index, output_index)
    return nb


def pre_save_hook(model: dict[str, Any], **_: Any) -> None:
    """Jupyter Server pre-save hook: JupyterLab started by ``./suite lab`` saves notebooks normalised.

    So the file on disk equals the committed one after a run and ``git status`` stays clean
    (a clean filter alone leaves git reporting the file as modified until it is staged).
    """
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        normalise(model["content"])


def normalised_text(text: str) -> str:
    """The notebook JSON ``text``, normalised and written the way nbformat (and so JupyterLab) writes it."""
    import nbformat

    nb = normalise(nbformat.reads(text, as_version=nbformat.NO_CONVERT))
    out = nbformat.writes(nb)
    return out if out.endswith("\n") else out + "\n"


def execution_problems(nb: dict[str, Any]) -> list[str]:
    """Why ``nb`` was not executed top to bottom on one fresh kernel (empty when it was).

    >>> execution_problems({"cells": [{"cell_type": "code", "execution_count": 2, "outputs": []}]})
    ['code cell 1 has execution count 2, expected 1: run ./suite refresh']
    """
    problems = []
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    for number, cell in enumerate(code, start=1):
        count = cell.get("execution_count")
        if count != number:
            what = "was never executed" if count is None else f"has execution count {count}, expected {number}"
            problems.append(f"code cell {number} {what}: run ./suite refresh")
            break  # the first one tells the story; the rest follow from it
    for number, cell in enumerate(code, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"code cell {number} ends in an error ({output.get('ename')}): committed notebooks run clean")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.maintenance.nbmeta", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="report notebooks that would change; change nothing")
    mode.add_argument("--check-executed", action="store_true", help="fail unless each notebook ran top to bottom")
    mode.add_argument("--stdin", action="store_true", help="filter: read a notebook on stdin, write it normalised")
    args = parser.parse_args(argv)
    if args.stdin:
        text = sys.stdin.buffer.read().decode("utf-8")
        try:
            result = normalised_text(text)
        except Exception:  # a filter must never lose content: an unreadable notebook passes through as it is
            result = text
        sys.stdout.buffer.write(result.encode("utf-8"))
        return 0
    status = 0
    for path in args.notebooks:
        text = path.read_text(encoding="utf-8")
        if args.check_executed:
            import nbformat

            for problem in execution_problems(nbformat.reads(text, as_version=nbformat.NO_CONVERT)):
                print(f"{path}: {problem}")
                status = 1
            continue
        result = normalised_text(text)
        if result != text:
            status = 1
            if args.check:
                print(f"{path}: metadata not normalised (python -m helpers.maintenance.nbmeta {path})")
            else:
                path.write_text(result, encoding="utf-8", newline="\n")
                print(f"{path}: normalised")
    return status


if __name__ == "__main__":
    raise SystemExit(main())

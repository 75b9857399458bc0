"""Keep the committed notebooks fresh, and share them as static HTML.

From the shell (or through ``./suite refresh`` and ``./suite report``)::

    python -m helpers.notebooks refresh                 # every notebook in notebooks/
    python -m helpers.notebooks refresh 03_country_positions.ipynb
    python -m helpers.notebooks report                  # build/report/*.html and index.html

``refresh`` re-executes each notebook in place, top to bottom, on a fresh
``python3`` kernel of the current environment, with a fixed environment
(``PYTHONHASHSEED=0``, ``TZ=UTC``, ``LC_ALL=C.UTF-8``) and the notebook's folder
as working directory, so execution counts run 1..n and outputs match what
``pytest --nbval`` produces. ``report`` exports the notebooks as they are
committed (it does not execute them).

>>> deterministic_env({"PATH": "/bin", "TZ": "Europe/Paris"})["TZ"]
'UTC'
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers.nbmeta import normalise as normalise_metadata
from helpers.paths import project_root

__all__ = ["KERNEL_NAME", "deterministic_env", "export_report", "main", "notebook_paths", "refresh"]

KERNEL_NAME = "python3"
TIMEOUT = 600  # seconds per cell
_FIXED_ENV = {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def deterministic_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of ``base`` (default ``os.environ``) with hash seed, time zone and locale fixed.

    >>> env = deterministic_env({})
    >>> env["PYTHONHASHSEED"], env["LC_ALL"]
    ('0', 'C.UTF-8')
    """
    env = dict(os.environ if base is None else base)
    env.update(_FIXED_ENV)
    env.pop("MPLBACKEND", None)  # let the kernel use its inline backend
    return env


def notebook_paths(names: Sequence[str] = (), folder: Path | None = None) -> list[Path]:
    """The notebooks to work on: the given names (or paths), else every ``*.ipynb`` under ``notebooks/``, sorted.

    Sub-folders (e.g. ``solutions/``) are included; checkpoint folders are not.

    >>> [p.name for p in notebook_paths()][:1]
    ['00_tutorial.ipynb']
    """
    folder = folder if folder is not None else project_root() / "notebooks"
    if not names:
        return sorted(p for p in folder.rglob("*.ipynb") if not any(part.startswith(".") for part in p.relative_to(folder).parts))
    paths = []
    for name in names:
        p = Path(name)
        if not p.exists():
            p = folder / name if name.endswith(".ipynb") else folder / f"{name}.ipynb"
        if not p.is_file():
            raise FileNotFoundError(f"no notebook {name!r} (looked in {folder})")
        paths.append(p.resolve())
    return paths


def refresh(path: Path, *, timeout: int = TIMEOUT) -> int:
    """Execute one notebook in place on a fresh kernel; return the number of code cells run."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"}
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,  # no timestamps in the committed metadata
    )
    client.execute(env=deterministic_env())
    normalise_metadata(nb)  # nothing that only says where it ran (Python patch version, widget ids and state)
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")
    return sum(1 for c in nb.cells if c.cell_type == "code")


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def export_report(paths: Sequence[Path], out_dir: Path) -> Path:
    """Export executed notebooks as HTML files in ``out_dir`` plus an ``index.html``; return the index."""
    import nbformat
    from nbconvert import HTMLExporter

    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    items = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": _title(nb) or path.stem}})
        target = out_dir / f"{path.stem}.html"
        target.write_text(body, encoding="utf-8")
        items.append(f'<li><a href="{html.escape(target.name)}">{html.escape(path.stem)}</a>: {html.escape(_title(nb))}</li>')
    index = out_dir / "index.html"
    index.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notebook report</title></head>\n"
        "<body><h1>Notebook report</h1>\n<p>Static copies of the executed notebooks, as committed.</p>\n<ol>\n"
        + "\n".join(items)
        + "\n</ol></body></html>\n",
        encoding="utf-8",
    )
    return index


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.notebooks", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ref = sub.add_parser("refresh", help="re-execute notebooks in place on a fresh kernel")
    ref.add_argument("notebooks", nargs="*", help="names or paths (default: every notebook in notebooks/)")
    rep = sub.add_parser("report", help="export the executed notebooks as HTML")
    rep.add_argument("notebooks", nargs="*", help="names or paths (default: every notebook in notebooks/)")
    rep.add_argument("--out", default=str(project_root() / "build" / "report"), help="output folder (default: build/report)")
    args = parser.parse_args(argv)
    try:
        paths = notebook_paths(args.notebooks)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "refresh":
        from nbclient.exceptions import CellExecutionError

        for path in paths:
            try:
                cells = refresh(path)
            except CellExecutionError as exc:
                print(f"error: {path.name} failed:\n{exc}", file=sys.stderr)
                return 1
            print(f"refreshed {path.name} ({cells} code cells)")
        return 0
    index = export_report(paths, Path(args.out))
    print(f"wrote {len(paths)} notebook(s) and {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

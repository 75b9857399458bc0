"""Keep the committed notebooks fresh, and give the Binder link to them.

From the shell (``./suite refresh`` runs the first)::

    python -m helpers.maintenance.notebooks refresh                 # every notebook in notebooks/
    python -m helpers.maintenance.notebooks refresh 03_country_positions.ipynb
    python -m helpers.maintenance.notebooks binder                  # the Binder link, from the git remote

(Run them with the project's Python, ``.venv/bin/python``, or after
``source .venv/bin/activate``.)

``refresh`` re-executes each notebook in place, top to bottom, on a fresh
``python3`` kernel of the current environment, with a fixed environment
(``PYTHONHASHSEED=0``, ``TZ=UTC``, ``LC_ALL=C.UTF-8``) and the notebook's folder
as working directory, so execution counts run 1..n and outputs match what
``pytest --nbval`` produces.

The static HTML of the notebooks is the documentation site (``./suite docs``,
:mod:`helpers.maintenance.docs`), where every notebook is a page.

>>> deterministic_env({"PATH": "/bin", "TZ": "Europe/Paris"})["TZ"]
'UTC'
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers.dataset.paths import project_root
from helpers.maintenance.nbmeta import normalise as normalise_metadata

__all__ = ["KERNEL_NAME", "binder_url", "deterministic_env", "main", "notebook_paths", "refresh"]

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

    Sub-folders (e.g. ``solutions/``) are included; checkpoint folders are not, nor ``templates/`` (notebooks a reader
    copies and fills in: they do not run as they are).

    >>> [p.name for p in notebook_paths()][:1]
    ['00_tutorial.ipynb']
    """
    folder = folder if folder is not None else project_root() / "notebooks"
    if not names:
        return sorted(p for p in folder.rglob("*.ipynb")
                      if not any(part.startswith(".") or part == "templates" for part in p.relative_to(folder).parts))
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
    # one stream output per name and cell: how the kernel happened to flush stdout is not committed
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    normalise_metadata(nb)  # nothing that only says where it ran (Python patch version, widget ids and state)
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")
    return sum(1 for c in nb.cells if c.cell_type == "code")


_GITHUB = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def binder_url(remote: str, *, ref: str = "HEAD", path: str = "notebooks/00_tutorial.ipynb") -> str | None:
    """The mybinder.org link that opens ``path`` in JupyterLab for a GitHub remote URL, or ``None`` for another host.

    >>> binder_url("git@github.com:someone/geopol-notebooks.git")
    'https://mybinder.org/v2/gh/someone/geopol-notebooks/HEAD?urlpath=lab/tree/notebooks/00_tutorial.ipynb'
    >>> binder_url("https://gitlab.com/someone/x.git") is None
    True
    """
    match = _GITHUB.match(remote.strip())
    if not match:
        return None
    owner, repo = match.groups()
    return f"https://mybinder.org/v2/gh/{owner}/{repo}/{ref}?urlpath=lab/tree/{path}"


def _binder(root: Path) -> int:
    try:
        remote = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True, text=True,
                                check=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        remote = ""
    url = binder_url(remote) if remote else None
    if url:
        print(url)
        return 0
    print("No GitHub remote named 'origin' here" + (f" (origin is {remote})" if remote else "") + ", so the Binder link "
          "cannot be made. Once the project is on GitHub, the link is\n"
          "  https://mybinder.org/v2/gh/<owner>/<repository>/HEAD?urlpath=lab/tree/notebooks/00_tutorial.ipynb\n"
          "with <owner>/<repository> its GitHub path; or run this command again after `git remote add origin ...`.",
          file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.maintenance.notebooks", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ref = sub.add_parser("refresh", help="re-execute notebooks in place on a fresh kernel")
    ref.add_argument("notebooks", nargs="*", help="names or paths (default: every notebook in notebooks/)")
    sub.add_parser("binder", help="print the Binder link of this repository, from its git remote")
    args = parser.parse_args(argv)
    if args.command == "binder":
        return _binder(project_root())
    try:
        paths = notebook_paths(args.notebooks)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from nbclient.exceptions import CellExecutionError

    for path in paths:
        try:
            cells = refresh(path)
        except CellExecutionError as exc:
            print(f"error: {path.name} failed:\n{exc}", file=sys.stderr)
            return 1
        print(f"refreshed {path.name} ({cells} code cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Keep the committed notebooks fresh, and share them as static HTML.

From the shell (or through ``./suite refresh`` and ``./suite report``)::

    python -m helpers.maintenance.notebooks refresh                 # every notebook in notebooks/
    python -m helpers.maintenance.notebooks refresh 03_country_positions.ipynb
    python -m helpers.maintenance.notebooks report                  # build/report/*.html and index.html
    python -m helpers.maintenance.notebooks binder                  # the Binder link, from the git remote

(Run them with the project's Python, ``.venv/bin/python``, or after
``source .venv/bin/activate``.)

``refresh`` re-executes each notebook in place, top to bottom, on a fresh
``python3`` kernel of the current environment, with a fixed environment
(``PYTHONHASHSEED=0``, ``TZ=UTC``, ``LC_ALL=C.UTF-8``) and the notebook's folder
as working directory, so execution counts run 1..n and outputs match what
``pytest --nbval`` produces.

``report`` exports the notebooks as committed in git (``HEAD``), not the
working copy, so unsaved or uncommitted answers never end up in it; outside a
git checkout it exports the files and says so. The pages work offline: no
script, style or font is fetched from the network (require.js, MathJax,
Mermaid and the widget manager are left out; a widget shows a note that it
needs a live kernel), and links between notebooks point at the exported pages.

>>> deterministic_env({"PATH": "/bin", "TZ": "Europe/Paris"})["TZ"]
'UTC'
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers.dataset.paths import project_root
from helpers.maintenance.nbmeta import normalise as normalise_metadata

__all__ = ["KERNEL_NAME", "binder_url", "committed_text", "deterministic_env", "export_report", "main", "notebook_paths",
           "refresh", "rewrite_links"]

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


# The report's pages extend JupyterLab's nbconvert template and drop everything it would fetch from a CDN.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_NOTE = ("(An interactive widget: it needs a live kernel, in JupyterLab or on Binder. "
                "The static cells of this notebook show the same views.)")


def _static_widgets(nb) -> None:
    """Replace each widget view by its text fallback and a note: without the widget manager it cannot be drawn."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if _WIDGET_VIEW in data:
                del data[_WIDGET_VIEW]
                data["text/plain"] = f"{data.get('text/plain', '')}\n{_WIDGET_NOTE}".lstrip()

_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")', flags=re.I)


def git_root(path: Path) -> Path | None:
    """The top folder of the git checkout that holds ``path``, or ``None``."""
    try:
        out = subprocess.run(["git", "-C", str(path if path.is_dir() else path.parent), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip())


def committed_text(path: Path, revision: str = "HEAD") -> tuple[str, str | None]:
    """A file's text as committed at ``revision``, and the commit's short hash.

    Outside a git checkout, or for a file git does not know, the file on disk and ``None``.
    """
    root = git_root(path)
    if root is not None:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
        try:
            text = subprocess.run(["git", "-C", str(root), "show", f"{revision}:{rel}"], capture_output=True, check=True,
                                  timeout=30).stdout.decode("utf-8")
            commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", revision], capture_output=True, text=True,
                                    check=True, timeout=30).stdout.strip()
            return text, commit
        except (OSError, subprocess.SubprocessError):
            pass
    return path.read_text(encoding="utf-8"), None


def rewrite_links(body: str, page: str, pages: set[str]) -> str:
    """Point the links of one exported page at the other exported pages.

    ``page`` is the page's path inside the report (``"solutions/x.html"``),
    ``pages`` every page's path. A link to ``X.ipynb`` among them becomes
    ``X.html`` (its ``#anchor`` kept); a relative link to anything else (the
    README, the data) leaves the report, so it becomes plain text naming the
    file in the repository. Absolute and in-page links are kept.

    >>> rewrite_links('<a href="../01_a.ipynb#Top">01</a> <a href="../../README.md">README</a>',
    ...               "solutions/s.html", {"01_a.html", "solutions/s.html"})
    '<a href="../01_a.html#Top">01</a> <span class="report-offsite">README (README.md in the project repository)</span>'
    """
    here = posixpath.dirname(page)

    def fix(match: re.Match) -> str:
        href = html.unescape(match.group(2))
        if not href or href.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", href, flags=re.I):
            return match.group(0)
        target, _, anchor = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(here, target))
        if resolved.endswith(".ipynb") and resolved[: -len(".ipynb")] + ".html" in pages:
            new = posixpath.relpath(resolved[: -len(".ipynb")] + ".html", here or ".") + (f"#{anchor}" if anchor else "")
            return match.group(1) + html.escape(new) + match.group(3)
        return f"\0OFFSITE\0{html.escape(resolved.removeprefix('../'))}\0"

    out = _HREF.sub(fix, body)
    # An anchor whose href leaves the report: keep its text, say where the file is, drop the link.
    return re.sub(r"\0OFFSITE\0([^\0]*)\0[^>]*>(.*?)</a>",
                  lambda m: f'<span class="report-offsite">{m.group(2)} ({m.group(1)} in the project repository)</span>',
                  out, flags=re.S)


def export_report(paths: Sequence[Path], out_dir: Path, *, folder: Path | None = None, revision: str = "HEAD") -> Path:
    """Export notebooks as committed at ``revision`` as offline HTML pages in ``out_dir`` plus an ``index.html``; return the index.

    Pages keep the notebooks' folder layout (``solutions/...``), so links between them keep working.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    folder = folder if folder is not None else project_root() / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab", extra_loaders=[jinja2.DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                            template_file="offline.html.j2")
    rel = {path: path.resolve().relative_to(folder.resolve()).with_suffix(".html").as_posix() for path in paths}
    pages = set(rel.values())
    items, commits, uncommitted, from_disk = [], set(), [], []
    for path in paths:
        text, commit = committed_text(path, revision)
        commits.add(commit)
        name = rel[path][: -len(".html")] + ".ipynb"
        if commit is None:
            from_disk.append(name)
        elif text != path.read_text(encoding="utf-8"):
            uncommitted.append(name)
        nb = nbformat.reads(text, as_version=4)
        _static_widgets(nb)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": _title(nb) or path.stem}})
        target = out_dir / rel[path]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rewrite_links(body, rel[path], pages), encoding="utf-8")
        items.append(f'<li><a href="{html.escape(rel[path])}">{html.escape(rel[path][: -len(".html")])}</a>: '
                     f"{html.escape(_title(nb))}</li>")
    if commits == {None}:
        source = "<p>Static copies of the executed notebooks as they are on disk (this folder is not a git checkout).</p>"
    else:
        hashes = ", ".join(sorted(c for c in commits if c))
        source = f"<p>Static copies of the executed notebooks as committed (commit {html.escape(hashes)}).</p>"
        if uncommitted:
            source += ("<p>Uncommitted changes to " + ", ".join(html.escape(u) for u in uncommitted)
                       + " are not in this report.</p>")
        if from_disk:
            source += ("<p>Not committed yet, so exported as on disk: " + ", ".join(html.escape(u) for u in from_disk)
                       + ".</p>")
    index = out_dir / "index.html"
    index.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notebook report</title></head>\n"
        f"<body><h1>Notebook report</h1>\n{source}\n<p>The pages work offline. Interactive widgets need a live kernel "
        "(JupyterLab or Binder); links to files outside the notebooks name the file in the project repository.</p>\n<ol>\n"
        + "\n".join(items)
        + "\n</ol></body></html>\n",
        encoding="utf-8",
    )
    return index


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
    rep = sub.add_parser("report", help="export the executed notebooks as HTML")
    rep.add_argument("notebooks", nargs="*", help="names or paths (default: every notebook in notebooks/)")
    rep.add_argument("--out", default=str(project_root() / "build" / "report"), help="output folder (default: build/report)")
    rep.add_argument("--revision", default="HEAD", help="the git commit to export the notebooks from (default: HEAD)")
    sub.add_parser("binder", help="print the Binder link of this repository, from its git remote")
    args = parser.parse_args(argv)
    if args.command == "binder":
        return _binder(project_root())
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
    index = export_report(paths, Path(args.out), revision=args.revision)
    print(f"wrote {len(paths)} notebook(s) and {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

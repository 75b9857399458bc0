"""Every link in every notebook resolves in the JupyterLab that `./suite lab` serves; the Binder link is made from the remote.

The notebooks' static pages are the documentation site's (tests/test_docs.py checks their links and that they fetch nothing)."""

from __future__ import annotations

import re
import shlex
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import mistune
import nbformat
import pytest

from helpers.dataset.paths import project_root
from helpers.maintenance.notebooks import binder_url, notebook_paths

ROOT = project_root()
NOTEBOOKS = ROOT / "notebooks"


class _Links(HTMLParser):
    """Links (``a href``) and fetched resources (``src``, ``link href``) of an HTML fragment, and its element ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link" and "href" in a:
            self.resources.append(a["href"])
        if "src" in a and tag in ("script", "img", "iframe", "source", "video", "audio", "embed"):
            self.resources.append(a["src"])


def _parse(fragment: str) -> _Links:
    parser = _Links()
    parser.feed(fragment)
    return parser


def _cell_html(cell) -> str:
    if cell.cell_type == "markdown":
        return mistune.html(cell.source)
    return "".join(str(out.get("data", {}).get("text/html", "")) for out in cell.get("outputs", []))


def _heading_anchors(nb) -> set[str]:
    """The anchors JupyterLab gives a notebook's Markdown headings: the heading text, spaces as dashes."""
    return {re.sub(r"\s", "-", h.strip().strip("#").strip())
            for cell in nb.cells if cell.cell_type == "markdown"
            for h in re.findall(r"^#{1,6} .+$", cell.source, flags=re.M)}


def _served_root() -> Path:
    """The folder `./suite lab` serves, read from the `lab)` command of ./suite."""
    suite = (ROOT / "suite").read_text(encoding="utf-8")
    lab = re.search(r"^\s*lab\)\n(.*?);;", suite, flags=re.S | re.M).group(1)
    match = re.search(r"--(?:ServerApp\.root_dir|notebook-dir)=(\S+)", lab)
    assert match, "the lab command names the folder it serves"
    return (ROOT / shlex.split(match.group(1).replace('"$PWD"', ".").replace("$PWD", "."))[0]).resolve()


def _notebook_links() -> list[tuple[Path, str]]:
    found = []
    for path in notebook_paths():
        for cell in nbformat.read(path, as_version=4).cells:
            found += [(path, href) for href in _parse(_cell_html(cell)).links]
    return found


def test_the_notebooks_have_links_to_follow() -> None:
    hrefs = [href for _, href in _notebook_links()]
    assert any(h.endswith(".ipynb") for h in hrefs) and any("README.md" in h for h in hrefs)


@pytest.mark.parametrize(("path", "href"), _notebook_links(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_link_in_every_notebook_resolves_in_the_served_folder(path: Path, href: str) -> None:
    parts = urlsplit(href)
    if parts.scheme:
        assert parts.scheme == "https" and parts.netloc and "<" not in href and "%3C" not in href, href
        return
    if not parts.path:  # an anchor in the same notebook
        assert unquote(parts.fragment) in _heading_anchors(nbformat.read(path, as_version=4)), href
        return
    target = (path.parent / unquote(parts.path)).resolve()
    served = _served_root()
    assert target.exists(), f"{path.name}: {href} does not exist"
    assert target.is_relative_to(served), f"{path.name}: {href} lies outside {served}, which JupyterLab cannot open"
    if parts.fragment and target.suffix == ".ipynb":
        assert unquote(parts.fragment) in _heading_anchors(nbformat.read(target, as_version=4)), href


def test_the_lab_serves_the_repository_so_the_readme_and_data_links_open() -> None:
    assert _served_root() == ROOT.resolve()


@pytest.mark.parametrize("remote", ["https://github.com/o/r.git", "https://github.com/o/r", "git@github.com:o/r.git",
                                    "ssh://git@github.com/o/r.git"])
def test_the_binder_link_is_made_from_a_github_remote(remote: str) -> None:
    assert binder_url(remote) == "https://mybinder.org/v2/gh/o/r/HEAD?urlpath=lab/tree/notebooks/00_tutorial.ipynb"
    assert PurePosixPath(urlsplit(binder_url(remote)).query.removeprefix("urlpath=lab/tree/")) == \
        PurePosixPath("notebooks/00_tutorial.ipynb")
    assert (ROOT / "notebooks" / "00_tutorial.ipynb").exists()

"""Every link in every notebook resolves in the JupyterLab that `./suite lab` serves, and every link in the report
resolves inside the report, which fetches nothing from the network and holds the notebooks as committed."""

from __future__ import annotations

import re
import shlex
import subprocess
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import mistune
import nbformat
import pytest

from helpers.dataset.paths import project_root
from helpers.maintenance.notebooks import binder_url, export_report, notebook_paths, rewrite_links

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


# --- the report ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    export_report(notebook_paths(), out)
    return out


def _pages(report: Path) -> list[Path]:
    return sorted(report.rglob("*.html"))


def test_the_report_has_a_page_per_notebook_in_the_notebooks_layout(report: Path) -> None:
    expected = {p.relative_to(NOTEBOOKS).with_suffix(".html").as_posix() for p in notebook_paths()}
    assert {p.relative_to(report).as_posix() for p in _pages(report)} == expected | {"index.html"}


def test_every_link_in_the_report_resolves_inside_the_report(report: Path) -> None:
    followed = 0
    for page in _pages(report):
        parsed = _parse(page.read_text(encoding="utf-8"))
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme:
                assert parts.scheme == "https", (page.name, href)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and target.is_relative_to(report.resolve()), (page.name, href)
            if parts.fragment:
                ids = parsed.ids if target == page else _parse(target.read_text(encoding="utf-8")).ids
                assert unquote(parts.fragment) in {unquote(i) for i in ids}, (page.name, href)
            followed += 1
        assert ".ipynb" not in " ".join(h for h in parsed.links if not urlsplit(h).scheme), page.name
    assert followed > 20


def test_the_report_fetches_nothing_from_the_network(report: Path) -> None:
    for page in _pages(report):
        text = page.read_text(encoding="utf-8")
        parsed = _parse(text)
        remote = [r for r in parsed.resources if (urlsplit(r).scheme not in ("", "data")) or r.startswith("//")]
        assert remote == [], (page.name, remote)
        for word in ("require.js", "MathJax", "mermaid", "html-manager", "unpkg", "cdn.jsdelivr", "@import url("):
            assert word not in text, (page.name, word)


def test_a_widget_in_the_report_says_it_needs_a_kernel(report: Path) -> None:
    text = (report / "06_explorer.html").read_text(encoding="utf-8")
    assert "it needs a live kernel" in text and "Explorer(" in text


def test_links_leaving_the_report_name_the_file_in_the_repository() -> None:
    page = '<a href="../README.md">the README</a> and <a href="01_x.ipynb#Overview">01</a>'
    out = rewrite_links(page, "00_t.html", {"00_t.html", "01_x.html"})
    assert out == ('<span class="report-offsite">the README (README.md in the project repository)</span> and '
                   '<a href="01_x.html#Overview">01</a>')


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, timeout=60)


def test_the_report_exports_what_is_committed_not_the_working_copy(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T\n\ncommitted text"),
                                         nbformat.v4.new_code_cell("answer_1 = ...")])
    path = repo / "notebooks" / "00_t.ipynb"
    nbformat.write(nb, path)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "nb")
    nb.cells[0].source = "# T\n\na student's unsaved answer"
    nb.cells[1].source = "answer_1 = 36"
    nbformat.write(nb, path)
    out = tmp_path / "report"
    index = export_report([path], out, folder=repo / "notebooks")
    page = (out / "00_t.html").read_text(encoding="utf-8")
    assert "committed text" in page and "unsaved answer" not in page and "answer_1 = 36" not in page
    text = index.read_text(encoding="utf-8")
    assert "as committed (commit" in text and "Uncommitted changes to 00_t.ipynb are not in this report" in text
    new = repo / "notebooks" / "01_new.ipynb"  # a notebook git does not know yet
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# N\n\nnew")]), new)
    index = export_report([path, new], out, folder=repo / "notebooks")
    assert "Not committed yet, so exported as on disk: 01_new.ipynb." in index.read_text(encoding="utf-8")


def test_outside_git_the_report_says_it_exports_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    path = folder / "00_t.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T\n\non disk")]), path)
    index = export_report([path], tmp_path / "report", folder=folder)
    assert "as they are on disk (this folder is not a git checkout)" in index.read_text(encoding="utf-8")
    assert "on disk" in (tmp_path / "report" / "00_t.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("remote", ["https://github.com/o/r.git", "https://github.com/o/r", "git@github.com:o/r.git",
                                    "ssh://git@github.com/o/r.git"])
def test_the_binder_link_is_made_from_a_github_remote(remote: str) -> None:
    assert binder_url(remote) == "https://mybinder.org/v2/gh/o/r/HEAD?urlpath=lab/tree/notebooks/00_tutorial.ipynb"
    assert PurePosixPath(urlsplit(binder_url(remote)).query.removeprefix("urlpath=lab/tree/")) == \
        PurePosixPath("notebooks/00_tutorial.ipynb")
    assert (ROOT / "notebooks" / "00_tutorial.ipynb").exists()

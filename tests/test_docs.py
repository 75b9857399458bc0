"""The documentation site (issue 19): `./suite docs` builds it clean, every notebook is a page, every internal link
and anchor resolves to a file of the site, and no page loads anything from the network.

The site is built once per run into a temporary folder (about 30 s), by the same command as ``./suite docs``.
The manual's Markdown sources are also read as GitHub shows them: their relative links must name files that exist.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers.dataset.paths import project_root
from helpers.maintenance.docs import build, site_pages
from helpers.maintenance.notebooks import notebook_paths

ROOT = project_root()
NOTEBOOKS = ROOT / "notebooks"

pytestmark = [
    pytest.mark.docs,
    pytest.mark.skipif(os.environ.get("GEOPOL_MINIMUM_VERSIONS") == "1",
                       reason="the docs extra (Sphinx, MyST-NB, the book theme) is installed from the lock only, "
                              "not by ./suite test-min"),
]

# Attributes through which a page makes the browser fetch something (as opposed to a link the reader follows).
_FETCHED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
            ("iframe", "src"), ("embed", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
            ("object", "data"), ("input", "src"), ("image", "href"), ("use", "href")}


class _Page(HTMLParser):
    """A page's links (``a href``), the resources it fetches (scripts, stylesheets, fonts, images...) and its ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.fetched: list[str] = []
        self.ids: set[str] = set()
        self.inline_styles: list[str] = []
        self.inline_scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link" and "href" in a:
            rel = set(a.get("rel", "").lower().split())
            # stylesheets, preloaded fonts and scripts, icons: fetched; search, index, next, prev: followed
            (self.fetched if rel & {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon",
                                    "manifest", "prefetch", "dns-prefetch", "preconnect"} else self.links).append(a["href"])
        for attr, value in a.items():
            if (tag, attr) in _FETCHED and value:
                self.fetched += [v.strip().split()[0] for v in value.split(",")] if attr == "srcset" else [value]
        if a.get("style"):
            self.inline_styles.append(a["style"])
        self._in = tag if tag in ("style", "script") and "src" not in a else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.inline_styles.append(data)
        elif self._in == "script":
            self.inline_scripts.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _remote(url: str) -> bool:
    """Whether fetching ``url`` would touch the network (``data:`` and relative URLs do not)."""
    parts = urlsplit(url.strip())
    return url.strip().startswith("//") or parts.scheme not in ("", "data", "file")


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)


def _css_urls(css: str) -> list[str]:
    """Every URL a stylesheet fetches: ``url(...)`` (fonts, images, imports) and ``@import "..."``.

    >>> _css_urls('@font-face{src:url("fa.woff2")} @import "https://fonts.example/x.css"; a{background:url(i.png)}')
    ['fa.woff2', 'https://fonts.example/x.css', 'i.png']
    """
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _CSS_URL.finditer(css)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "docs"
    done = build(out, capture=True)
    assert done.returncode == 0, f"./suite docs fails (warnings are errors):\n{done.stdout}\n{done.stderr}"
    return out


def test_every_notebook_is_a_page_of_the_site(site: Path) -> None:
    notebooks = notebook_paths()
    assert len(notebooks) >= 12
    missing = [p.relative_to(ROOT).as_posix() for p in notebooks
               if not (site / p.relative_to(ROOT).with_suffix(".html")).is_file()]
    assert missing == []


def test_a_notebook_page_shows_the_committed_outputs(site: Path) -> None:
    page = (site / "notebooks" / "06_explorer.html").read_text(encoding="utf-8")
    assert "Explorer(" in page  # a widget's text form: the output as committed, never re-executed
    assert "application/vnd.jupyter.widget-view+json" not in page  # nothing a widget manager would have to load


def test_the_manual_pages_the_codebook_and_the_api_reference_are_pages(site: Path) -> None:
    for page in ("index.html", "docs/index.html", "README.html", "CONTRIBUTING.html", "data/CODEBOOK.html",
                 "data/DICTIONARY.html", "docs/manual/getting-started.html", "docs/manual/curating.html",
                 "docs/manual/changelog.html", "docs/api/index.html"):
        assert (site / page).is_file(), page
    api = "".join(p.read_text(encoding="utf-8") for p in (site / "docs" / "api").glob("*.html"))
    assert re.search(r'id="helpers(\.\w+)*\.load_dataset"', api), "autodoc documents load_dataset"


def test_every_internal_link_and_anchor_resolves_to_a_file_of_the_site(site: Path) -> None:
    pages = site_pages(site)
    assert len(pages) > 30
    ids: dict[Path, set[str]] = {}
    broken, followed = [], 0
    for page in pages:
        parsed = _parse(page)
        ids[page.resolve()] = parsed.ids
        for href in parsed.links + parsed.fetched:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # a link to another site (the offline test below keeps them out of what is fetched)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not (target.is_file() and target.is_relative_to(site.resolve())):
                broken.append((page.relative_to(site).as_posix(), href))
                continue
            followed += 1
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target).ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append((page.relative_to(site).as_posix(), href))
    assert broken == []
    assert followed > 1000


def test_no_page_loads_a_script_stylesheet_font_or_image_from_the_network(site: Path) -> None:
    remote = []
    for page in site_pages(site):
        parsed = _parse(page)
        remote += [(page.relative_to(site).as_posix(), url) for url in parsed.fetched if _remote(url)]
        remote += [(page.relative_to(site).as_posix(), url) for css in parsed.inline_styles for url in _css_urls(css)
                   if _remote(url)]
    for css in site.rglob("*.css"):
        remote += [(css.relative_to(site).as_posix(), url) for url in _css_urls(css.read_text(encoding="utf-8", errors="replace"))
                   if _remote(url)]
    assert remote == []
    # Nor does an inline script name a URL to load (a CDN loader such as require.js or the widget manager's).
    inline = [(page.relative_to(site).as_posix(), url) for page in site_pages(site)
              for script in _parse(page).inline_scripts for url in re.findall(r"(?:https?:)?//[\w.-]+\.\w+/\S*", script)]
    assert inline == []


def test_the_offline_check_sees_a_remote_script_a_stylesheet_and_a_font(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<link rel="stylesheet" href="https://cdn.example/s.css"><script src="//cdn.example/a.js"></script>'
                    '<link rel="preload" href="https://fonts.example/f.woff2" as="font"><img src="data:image/png;base64,AA">'
                    '<a href="https://example.org/">a link is not a fetch</a><style>@font-face{src:url(https://f.example/a.woff)}</style>'
                    '<script>require.config({paths: {w: "https://cdn.example/w"}})</script>', encoding="utf-8")
    parsed = _parse(page)
    assert [u for u in parsed.fetched if _remote(u)] == ["https://cdn.example/s.css", "//cdn.example/a.js",
                                                         "https://fonts.example/f.woff2"]
    assert parsed.links == ["https://example.org/"]
    assert [u for css in parsed.inline_styles for u in _css_urls(css)] == ["https://f.example/a.woff"]
    assert parsed.inline_scripts == ['require.config({paths: {w: "https://cdn.example/w"}})']


def test_a_topic_page_in_docs_is_in_the_navigation_without_being_named(site: Path) -> None:
    """`docs/<topic>.md` pages are picked up by a glob: docs/documentation.md is named in no table of contents."""
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    tocs = re.findall(r"```\{toctree\}\n(.*?)```", index, flags=re.S)
    assert any(":glob:" in t and re.search(r"^\*$", t, flags=re.M) for t in tocs), "a Topics toctree globs docs/*"
    assert not any(re.search(r"^/?(docs/)?documentation$", t, flags=re.M) for t in tocs)
    nav = _parse(site / "docs" / "index.html").links
    assert "documentation.html" in nav


# --- the Markdown sources, as GitHub shows them ---------------------------------------------------------


def _markdown_files() -> list[Path]:
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _relative_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)  # not links inside code blocks
    text = re.sub(r"`[^`\n]*`", "", re.sub(r"\[(`[^`\n]*`)\]", "[code]", text))
    return [h for h in re.findall(r"\]\(([^)\s]+)\)", text) if not urlsplit(h).scheme]


@pytest.mark.parametrize("path", _markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_in_the_markdown_names_a_file_on_github_too(path: Path) -> None:
    missing = [h for h in _relative_links(path) if urlsplit(h).path and not (path.parent / unquote(urlsplit(h).path)).exists()]
    assert missing == []


def test_the_readme_is_a_front_door_under_250_lines_with_the_two_commands_and_every_notebook() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250
    assert readme.index("./suite lab") < readme.index("./suite test")
    assert "from helpers import load_dataset" in readme
    for nb in notebook_paths():
        if nb.parent == NOTEBOOKS:
            assert f"(notebooks/{nb.name})" in readme, nb.name
    assert "(docs/index.md)" in readme and "build/docs/index.html" in readme


def _table_rows(markdown: str) -> list[tuple[str, ...]]:
    """The notebooks table's rows, links reduced to their text."""
    rows = re.findall(r"^\| \[?`(\d\d_[a-z_]+)`\]?(?:\([^)]*\))? \|(.*)$", markdown, flags=re.M)
    return [(name, re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", rest)) for name, rest in rows]


def test_the_readme_and_the_notebooks_page_list_the_same_notebooks_in_the_same_words() -> None:
    readme = _table_rows((ROOT / "README.md").read_text(encoding="utf-8"))
    page = _table_rows((ROOT / "docs" / "manual" / "notebooks.md").read_text(encoding="utf-8"))
    assert readme == page
    assert [name for name, _ in readme] == [p.stem for p in notebook_paths() if p.parent == NOTEBOOKS]

"""Sphinx configuration of the documentation site: ``./suite docs`` builds it into ``build/docs/``.

The source folder is the repository root (this file's folder, ``docs/``, is only the configuration
folder: ``sphinx-build -c docs . build/docs``), so that the notebooks, ``README.md``,
``CONTRIBUTING.md`` and the codebook in ``data/`` are pages under their own paths, and a relative
link that works on GitHub (``../data/CODEBOOK.md``, ``../notebooks/00_tutorial.ipynb``) works in
the site too. Notebooks are shown with their committed outputs and never executed.

The site works offline: the theme's scripts, styles and fonts are bundled with it, and nothing
that would load from a CDN (MathJax, the Jupyter widget manager, launch buttons) is switched on.
``tests/test_docs.py`` checks that, and that every internal link and anchor resolves.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

project = "Kremlin denial of UK–France troop talks: a provenance-first notebook suite"
author = "The geopol-notebooks authors"
copyright = "the geopol-notebooks authors; code MIT, annotations CC-BY-4.0"
release = version = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]

root_doc = "docs/index"

extensions = [
    "myst_nb",  # MyST Markdown pages and notebooks (it brings myst_parser)
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

# Which files of the repository are pages: the documentation, the notebooks, the manual's files
# that live beside what they describe. Everything else is skipped without being walked.
include_patterns = [
    "docs/**",
    "notebooks/*.ipynb",
    "notebooks/solutions/*.ipynb",
    "notebooks/templates/*.ipynb",  # a reader copies and fills them in: shown unexecuted
    "README.md",
    "CONTRIBUTING.md",
    "data/CODEBOOK.md",
    "data/DICTIONARY.md",
    "data/CHANGELOG.md",
]
exclude_patterns = [
    ".*", "**/.*", "build", "dist", "artifacts", "bench", "tests", "helpers", "*.egg-info",
    "docs/_*", "data/sources", "data/coding", "**/.ipynb_checkpoints",
]

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}

# --- MyST and MyST-NB -----------------------------------------------------------------------------
myst_heading_anchors = 4  # `[x](page.md#a-heading)` links resolve, as on GitHub
myst_enable_extensions = ["colon_fence", "deflist"]
nb_execution_mode = "off"  # the committed outputs are the outputs: never re-executed here
nb_ipywidgets_js = {}  # no widget manager from a CDN: a widget needs a live kernel, its text stands in
# A saved widget view has no state (helpers' notebook filter drops it): show its plain-text form.
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("dirhtml", "application/vnd.jupyter.widget-view+json", None),
]
nb_merge_streams = True

# --- API reference ----------------------------------------------------------------------------------
# One page per subpackage of helpers (docs/api/<name>.md): the page's own text, then the package's docstring
# (what lives there, what it may import) and every module in it, found when the page is read (api_modules
# below), so a new module is documented without an edit here.
autodoc_default_options = {"show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# --- HTML: the book theme, offline ------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "geopol-notebooks"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_extra_path = ["_extra"]  # build/docs/index.html: a plain redirect to docs/index.html
html_last_updated_fmt = None
html_copy_source = True  # the download button offers the page's .md or .ipynb, from _sources/
html_show_sourcelink = False
html_context = {"default_mode": "auto"}  # light or dark as the reader's system says (empty: the theme logs an error)
html_theme_options = {
    # No repository, launch (Binder, Colab, Thebe) or download-from-network buttons: nothing to fetch.
    "use_download_button": True,  # the page's own .ipynb / .md, a local file
    "use_fullscreen_button": True,
    "use_repository_button": False,
    "use_issues_button": False,
    "use_source_button": False,
    "launch_buttons": {},
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "home_page_in_toc": True,
}



# --- The API pages' modules, found in the package ---------------------------------------------------

API_PAGES = "docs/api/"


def api_modules(package: str) -> list[str]:
    """``package`` and every module under it, in order (``__main__`` modules left out)."""
    import importlib
    import pkgutil

    found = [m.name for m in pkgutil.walk_packages(importlib.import_module(package).__path__, package + ".")]
    return [package, *sorted(m for m in found if not m.endswith(".__main__"))]


def _automodules(package: str) -> str:
    """The MyST text documenting ``package`` (its docstring only) and each of its modules (their public members)."""
    blocks = []
    for module in api_modules(package):
        if module == package:
            blocks.append(f".. automodule:: {module}\n")
        else:
            # Members defined in the module itself: a name a module re-exports in __all__ is documented where it lives.
            blocks.append(f".. automodule:: {module}\n   :members:\n   :ignore-module-all:\n")
    return "\n```{eval-rst}\n" + "\n".join(blocks) + "```\n"


def _add_api_modules(app, docname: str, source: list[str]) -> None:
    """A page ``docs/api/<name>.md`` (not the index) documents ``helpers.<name>``: append its modules."""
    if docname.startswith(API_PAGES) and docname != API_PAGES + "index":
        source[0] += _automodules("helpers." + docname.removeprefix(API_PAGES))


def _api_pages_always_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-read the API pages on every build: a module added or changed in helpers/ changes them."""
    return [d for d in env.found_docs if d.startswith(API_PAGES)]


def setup(app) -> dict:
    app.connect("source-read", _add_api_modules)
    app.connect("env-get-outdated", _api_pages_always_outdated)
    return {"parallel_read_safe": True}

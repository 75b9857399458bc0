"""JupyterLab in a real headless Chromium: the explorer responds to its controls and gives a citation that checks
against the data, the tutorial runs clean, tables fit the page, and the documentation site works with the network off.

Needs Debian's chromium (``apt-get install chromium``; ``./suite test`` installs it)
and the Python ``playwright`` package (its driver only, no browser download).
Screenshots and the server log go to ``artifacts/browser/`` at the repository root.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.dataset.paths import project_root

# lock_only: the page JupyterLab draws depends on the locked JupyterLab, widgets and Playwright (./suite test-min skips it).
pytestmark = [pytest.mark.browser, pytest.mark.lock_only]

ARTIFACTS = project_root() / "artifacts" / "browser"
NOTEBOOKS = project_root() / "notebooks"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# JupyterLab plugins that only reach out to the network or nag on first start: off for the test.
DISABLED_PLUGINS = {"@jupyterlab/apputils-extension:announcements": True, "@jupyterlab/extensionmanager-extension": True}
INSTALL_HINT = "Debian's chromium is not installed: run `apt-get install chromium` (or `./suite test`, which installs it)"


def _chromium() -> str | None:
    """Debian's chromium; or None for the Chromium build Playwright installs (SUITE_BROWSER=playwright, as on Ubuntu)."""
    if os.environ.get("SUITE_BROWSER") == "playwright":
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            if not Path(pw.chromium.executable_path).exists():
                pytest.skip("SUITE_BROWSER=playwright but Playwright's Chromium is not installed: python -m playwright install chromium")
        return None
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        pytest.skip(INSTALL_HINT)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server, without a token, on a temporary copy of the repository as `./suite lab` serves it
    (notebooks/ and what they link to: the README and data/); stopped afterwards whatever happens."""
    _chromium()  # skip before starting anything
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing: pip install -e '.[test]'")
    base = tmp_path_factory.mktemp("lab")
    root = base / "repo"
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(project_root() / "data", root / "data")
    shutil.copy2(project_root() / "README.md", root / "README.md")
    config = base / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": DISABLED_PLUGINS}))
    # Draw every cell (no windowing), so that outputs far down a notebook can be measured.
    tracker = base / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_DATA_DIR": str(base / "data"),
           "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"), "PYTHONHASHSEED": "0", "TZ": "UTC"}
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--IdentityProvider.token=",
           "--ServerApp.password=", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True", "--ServerApp.allow_root=True",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("*-failure.png"):  # from an earlier run
        stale.unlink()
    log = open(ARTIFACTS / "jupyterlab.log", "w", encoding="utf-8")  # closed in the finally below
    # Its own process group, so the kernels it starts are stopped with it.
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=base, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {server.returncode}; see {ARTIFACTS / 'jupyterlab.log'}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                    if response.status == 200:
                        break
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer /api/status within 60 s; see {ARTIFACTS / 'jupyterlab.log'}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()  # JupyterLab shuts its kernels down on SIGTERM
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(server.pid, signal.SIGKILL)  # any kernel left over in the server's own group
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium (or Playwright's, see _chromium), headless, through Playwright; closed afterwards whatever happens."""
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing: pip install -e '.[test]'")
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Page:
    """A browser page on the lab server that records JavaScript console errors and uncaught exceptions."""

    def __init__(self, browser, url: str, viewport: dict | None = None):
        self.context = browser.new_context(viewport=viewport or {"width": 1500, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.url = url
        self.errors: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def open_and_run_all(self, notebook: str) -> None:
        """Open a notebook, wait for its kernel, run every cell and wait until all have finished."""
        notebook = f"notebooks/{notebook}"
        self.page.goto(f"{self.url}/lab/tree/{notebook}")
        self.page.wait_for_function(
            "name => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return !!(w && w.context && w.context.path === name && w.sessionContext); }", arg=notebook, timeout=60_000)
        ok = self.page.evaluate(
            """async () => {
                const app = window.jupyterapp, panel = app.shell.currentWidget;
                await panel.context.ready;
                await panel.sessionContext.ready;
                const start = Date.now();
                while (panel.sessionContext.session?.kernel?.status !== 'idle') {
                    if (Date.now() - start > 30000) throw new Error('kernel not idle after 30 s');
                    await new Promise(r => setTimeout(r, 100));
                }
                return await app.commands.execute('notebook:run-all-cells');  // resolves once every cell has run
            }""")
        assert ok, f"{notebook}: run-all reported a failed cell"

    def notebook_problems(self) -> list[str]:
        """Error and stderr outputs and unexecuted code cells, read from the notebook model (no DOM windowing issues)."""
        return self.page.evaluate(
            """() => {
                const problems = [], cells = window.jupyterapp.shell.currentWidget.content.model.cells;
                for (let i = 0; i < cells.length; i++) {
                    const cell = cells.get(i);
                    if (cell.type !== 'code') continue;
                    if (cell.executionCount === null) problems.push(`cell ${i}: not executed`);
                    for (const out of cell.toJSON().outputs) {
                        if (out.output_type === 'error') problems.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
                        if (out.output_type === 'stream' && out.name === 'stderr')
                            problems.push(`cell ${i}: stderr: ${[].concat(out.text).join('')}`);
                    }
                }
                return problems;
            }""")

    def run_cell(self, index: int, source: str | None = None) -> None:
        """Run one cell (after replacing its source, if given), as a student does with Shift+Enter, and wait for it."""
        self.page.evaluate(
            """async ([i, src]) => {
                const app = window.jupyterapp, panel = app.shell.currentWidget;
                if (src !== null) panel.content.widgets[i].model.sharedModel.setSource(src);
                panel.content.activeCellIndex = i;
                await app.commands.execute('notebook:run-cell');
            }""", [index, source])

    def cell_index(self, source: str) -> int:
        """The index of the first cell whose source starts with ``source``."""
        return self.page.evaluate(
            """src => { const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
                for (let i = 0; i < cells.length; i++) if (cells.get(i).sharedModel.getSource().startsWith(src)) return i;
                return -1; }""", source)

    def output_text(self, index: int) -> str:
        return self.page.evaluate(
            """i => window.jupyterapp.shell.currentWidget.content.model.cells.get(i).toJSON().outputs
                .map(o => o.ename ? `${o.ename}: ${o.evalue}` : [].concat((o.data && o.data['text/plain']) || o.text || '').join(''))
                .join('\\n')""", index)

    def screenshot(self, name: str, element: str | None = None) -> None:
        if element is not None:
            self.page.locator(element).first.scroll_into_view_if_needed()
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def console_errors(self) -> list[str]:
        # Nothing is filtered: JupyterLab started with the flags and page config above logs no console error here.
        return list(self.errors)


@contextlib.contextmanager
def page_on(browser, url: str, name: str, viewport: dict | None = None) -> Iterator[Page]:
    """A fresh page; on failure a screenshot ``<name>-failure.png``; always closed."""
    page = Page(browser, url, viewport)
    try:
        yield page
    except BaseException:
        with contextlib.suppress(Exception):
            page.page.screenshot(path=str(ARTIFACTS / f"{name}-failure.png"))
        raise
    finally:
        page.context.close()


def _shown(select) -> str:
    """The text a <select> shows: its selected option's, or "" for none (a blank box)."""
    return select.evaluate("el => el.selectedIndex < 0 ? '' : el.options[el.selectedIndex].text")


def test_explorer_in_jupyterlab_follows_the_country_filter_and_shows_the_evidence(browser, lab_url):
    from playwright.sync_api import expect

    from helpers import load_dataset
    from helpers.views.explore import Filters, facts_table, filter_facts, plural

    ds = load_dataset()
    facts = facts_table(ds)
    everything = filter_facts(facts, Filters(hide_repeats=True))
    russia = filter_facts(facts, Filters(country="russia", hide_repeats=True))
    russia_all = filter_facts(facts, Filters(country="russia"))
    france = filter_facts(facts, Filters(country="france", hide_repeats=True))
    with page_on(browser, lab_url, "06_explorer") as p:
        p.open_and_run_all("06_explorer.ipynb")
        assert p.notebook_problems() == []
        page = p.page
        results, detail, choice = page.locator(".geo-results"), page.locator(".geo-detail"), page.locator(".geo-choice select")
        country = page.locator(".geo-country select")
        expect(country).to_be_visible()
        expect(results).to_contain_text(f"{plural(len(everything), 'fact')}:")
        # Every filter shows "(any)" from the start, not a blank box.
        for name in ("country", "actor", "topic", "stance", "mode"):
            assert _shown(page.locator(f".geo-{name} select")) == "(any)", name
        # One list to pick from, starting on a fact that repeats nothing.
        expect(choice.locator("option")).to_have_count(len(everything))
        assert "[repeat]" not in _shown(choice)

        country.select_option(label="Russia")
        expect(results).to_contain_text(f"{plural(len(russia), 'fact')}:")
        expect(results).to_contain_text(f"{plural(len(russia_all) - len(russia), 'repeat')} hidden")
        expect(choice.locator("option")).to_have_count(len(russia))
        expect(choice).to_contain_text("Dmitry Peskov")
        expect(choice).not_to_contain_text("Emmanuel Macron")
        expect(detail.locator("mark")).to_have_text(russia.iloc[0]["evidence"])
        p.screenshot("06_explorer-russia", ".geo-explorer")

        # Repeats: shown and marked on request, hidden again.
        page.locator(".geo-show-repeats input[type=checkbox]").check()
        expect(choice.locator("option")).to_have_count(len(russia_all))
        n_repeats = int(russia_all["repeats_id"].notna().sum())
        expect(choice.locator("option", has_text="[repeat]")).to_have_count(n_repeats)
        caption = list(russia_all["fact_id"]).index("caption_peskov_correspond")
        choice.select_option(index=caption)
        expect(detail).to_contain_text(f"[repeat] renders utterance {russia_all.set_index('fact_id').loc['caption_peskov_correspond', 'repeats_id']}")
        page.locator(".geo-show-repeats input[type=checkbox]").uncheck()
        expect(choice.locator("option")).to_have_count(len(russia))

        # "(any)" picked after a country: the box shows "(any)" and the results come back.
        country.select_option(label="(any)")
        expect(results).to_contain_text(f"{plural(len(everything), 'fact')}:")
        assert _shown(country) == "(any)"

        country.select_option(label="France")
        expect(results).to_contain_text(f"{plural(len(france), 'fact')}:")
        expect(choice).to_contain_text("Emmanuel Macron")
        expect(choice).to_contain_text("Jean-Noël Barrot")
        expect(choice).not_to_contain_text("Dmitry Peskov")
        expect(detail.locator("mark")).to_have_text(france.iloc[0]["evidence"])

        macron = list(france["fact_id"]).index("macron_refused_rule_out_troops")
        choice.select_option(index=macron)
        expect(detail.locator("mark")).to_have_text("he refused to rule out sending troops to Ukraine")
        expect(detail).to_contain_text("Emmanuel Macron")
        p.screenshot("06_explorer-france-macron", ".geo-detail")

        # The citation, read from the page, checks against the data.
        citation = page.locator(".geo-citation textarea")
        expect(citation).to_have_value(re.compile(r"^statements/`macron_refused_rule_out_troops`"))
        cited = citation.input_value()
        match = re.fullmatch(r"(\w+)/`(\w+)`, document `(\w+)`, characters (\d+)–(\d+) \(\"(.*)\"\), dataset v(\S+)\.", cited,
                             flags=re.S)
        assert match, cited
        table, row_id, doc, start, end, quoted, version = match.groups()
        row = getattr(ds, table).set_index("statement_id").loc[row_id]
        assert (doc, version) == (row["document_id"], ds.version)
        assert ds.text(doc)[int(start):int(end)] == quoted == row["evidence"]
        assert cited in detail.inner_text()  # the detail view shows the same citation
        expect(detail).to_contain_text(f"{start}–{end}")

        page.locator(".geo-cell-country select").select_option(label="Russia")
        page.locator(".geo-cell-topic select").select_option(label="UK–France talks")
        expect(page.locator(".geo-cell-evidence")).to_contain_text("The Kremlin has dismissed claims")
        p.screenshot("06_explorer-drilldown", ".geo-cell-evidence")
        assert p.console_errors() == []


def test_tutorial_runs_in_jupyterlab_without_errors(browser, lab_url):
    if not (NOTEBOOKS / "00_tutorial.ipynb").exists():
        pytest.fail("notebooks/00_tutorial.ipynb is missing")
    with page_on(browser, lab_url, "00_tutorial") as p:
        p.open_and_run_all("00_tutorial.ipynb")
        assert p.notebook_problems() == []
        assert p.page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
        p.screenshot("00_tutorial")
        errors_so_far = p.console_errors()

        # A student answers Exercise 1 right, then breaks the answer with a typo and runs the check again:
        # the real kernel reports the failed cell instead of "correct!" for the stale value.
        answer, check = p.cell_index("answer_1 = "), p.cell_index("check(1, answer_1)")
        assert 0 <= answer < check
        p.run_cell(answer, "answer_1 = len(ds.statements)")
        p.run_cell(check)
        assert p.output_text(check) == "Exercise 1: correct!"
        p.run_cell(answer, "answer_1 = len(ds.statement)")
        assert "AttributeError" in p.output_text(answer)
        p.run_cell(check)
        assert "stopped with an error (AttributeError" in p.output_text(check), p.output_text(check)
        assert "correct!" not in p.output_text(check)
        p.run_cell(answer, "answer_1 = print(len(ds.statements))")
        p.run_cell(check)
        assert "Your answer is None: print() shows a value but returns None" in p.output_text(check)
        p.screenshot("00_tutorial-stale-answer")

        # The tutorial's links open in this JupyterLab, which serves the repository: the README one folder up.
        tutorial = p.page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
        for text, path in (("README", "README.md"),
                           ("solutions/00_tutorial_solutions.ipynb", "notebooks/solutions/00_tutorial_solutions.ipynb")):
            p.page.evaluate("id => window.jupyterapp.shell.activateById(id)", tutorial)
            link = p.page.locator(f'[id="{tutorial}"] .jp-RenderedMarkdown a', has_text=text).first
            link.scroll_into_view_if_needed()
            link.click()
            p.page.wait_for_function("path => window.jupyterapp.shell.currentWidget?.context?.path === path", arg=path,
                                     timeout=30_000)
            assert p.page.locator(".jp-Dialog").count() == 0, f"{text}: an error dialog opened"
        assert errors_so_far == []


# A laptop screen with JupyterLab's default layout (the file browser open on the left).
DEFAULT_SCREEN = {"width": 1280, "height": 800}


@pytest.mark.parametrize("notebook", ["01_statements_and_sources.ipynb", "05_provenance_audit.ipynb"])
def test_tables_fit_the_page_at_jupyterlabs_default_width(browser, lab_url, notebook):
    """The committed outputs, as JupyterLab draws them: no table is wider than its output area."""
    name = notebook.removesuffix(".ipynb") + "-width"
    with page_on(browser, lab_url, name, DEFAULT_SCREEN) as p:
        page = p.page
        notebook = f"notebooks/{notebook}"
        page.goto(f"{lab_url}/lab/tree/{notebook}?reset")  # ?reset: no tab restored from an earlier test
        page.wait_for_function(
            """name => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                return !!(w && w.context && w.context.path === name && w.node.querySelector('.jp-OutputArea-output table')); }""",
            arg=notebook, timeout=60_000)
        page.wait_for_timeout(1000)  # let the outputs lay out
        measured = page.evaluate(
            """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-OutputArea-output table')].map(t => {
                t.scrollIntoView();
                const area = t.closest('.jp-OutputArea-output');
                return [t.getBoundingClientRect().width, area.clientWidth, t.innerText.slice(0, 80)];
            })""")
        assert measured and all(room > 0 for _, room, _ in measured), measured
        too_wide = [(round(width), room, text) for width, room, text in measured if width > room + 1]
        assert too_wide == []
        if p.page.locator(".sentence-map").count():
            p.page.locator(".sentence-map").first.scroll_into_view_if_needed()
        p.screenshot(name)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site (./suite docs), built into a temporary folder."""
    from helpers.maintenance.docs import build

    out = tmp_path_factory.mktemp("site") / "docs"
    done = build(out, capture=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_the_documentation_site_works_offline_without_console_errors_or_failed_requests(browser, site_dir):
    """Every page of the site, opened from disk with every non-file request blocked and the browser offline."""
    from helpers.maintenance.docs import site_pages

    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    blocked, failed, errors = [], [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                  else (blocked.append(route.request.url), route.abort())[-1])
    try:
        page = context.new_page()
        page.on("console", lambda msg: errors.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        page.on("requestfailed", lambda req: failed.append(f"{req.url}: {req.failure}"))
        pages = site_pages(site_dir)
        for html_page in pages:
            page.goto(html_page.as_uri(), wait_until="load")
            page.wait_for_load_state("networkidle")
            assert page.locator("body").inner_text().strip(), html_page.name
        page.goto((site_dir / "notebooks" / "06_explorer.html").as_uri())
        assert "Explorer(" in page.locator("body").inner_text()  # the widget's text form: it needs a live kernel
        page.screenshot(path=str(ARTIFACTS / "docs-06_explorer-offline.png"))
        # Links between notebooks, followed by clicking: each lands on the other notebook's page.
        page.goto((site_dir / "notebooks" / "00_tutorial.html").as_uri())
        page.locator("article a", has_text="solutions/00_tutorial_solutions.ipynb").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("notebooks/solutions/00_tutorial_solutions.html")
    finally:
        context.close()
    assert (blocked, failed, errors) == ([], [], [])
    assert len(pages) >= 30


# The annotation widget's probe: a working copy of the lab's data with a short invented text (curly quotes and a
# character outside the BMP, so the browser's UTF-16 offsets differ from Python's), and the widget on it.
ANNOTATION_TEXT = "Probe text (invented, not news) 📰: the minister said “training goes on, troops do not” on Tuesday."
ANNOTATION_EVIDENCE = "“training goes on, troops do not”"
ANNOTATION_CELLS = [
    "import shutil\nimport tempfile\nfrom pathlib import Path\n\n"
    "from helpers.curation.curate import register_source\nfrom helpers.views.annotation import annotation_widget\n\n"
    "work = Path(tempfile.mkdtemp(prefix='annotation_probe_')) / 'data'\nshutil.copytree('../data', work)\n"
    f"source = work.parent / 'probe.txt'\nsource.write_text({ANNOTATION_TEXT!r}, encoding='utf-8')\n"
    "register_source(source, 'probe_doc', title='Probe (invented)', title_basis='curator_assigned', published='2025-01',\n"
    "                date_precision='month', data_dir=work)\nprint(work)",
    "w = annotation_widget(work, 'probe_doc')\nw",
]


def _select_by_mouse(page, box: str, words: str) -> None:
    """Drag the mouse from the left edge of the first character of ``words`` to the right edge of its last one."""
    rects = page.evaluate(
        """([box, words]) => {
            const el = document.querySelector(box), at = el.textContent.indexOf(words);
            if (at < 0) throw new Error('words not shown: ' + words);
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            const point = (offset) => { let n, seen = 0;
                while ((n = walker.nextNode())) { if (offset < seen + n.length) return [n, offset - seen]; seen += n.length; }
                throw new Error('offset past the text'); };
            const rectOf = (offset, length) => { walker.currentNode = el; const [n, i] = point(offset);
                const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + length); return r.getBoundingClientRect(); };
            const first = rectOf(at, 1), last = rectOf(at + words.length - 1, 1);
            return [first.left + 1, first.top + first.height / 2, last.right - 1, last.top + last.height / 2];
        }""", [box, words])
    x0, y0, x1, y1 = rects
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()


def test_annotation_widget_codes_a_selected_statement_writes_it_and_removes_it(browser, lab_url):
    """Select words with the mouse, code a statement from the descriptor's vocabularies, see the verdict, write, remove."""
    from playwright.sync_api import expect

    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"probe{i}", "metadata": {}, "outputs": [],
                           "source": source} for i, source in enumerate(ANNOTATION_CELLS)],
                "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    with page_on(browser, lab_url, "annotation_widget") as p:
        p.page.goto(f"{lab_url}/lab")
        p.page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.serviceManager)", timeout=60_000)
        p.page.evaluate("""nb => window.jupyterapp.serviceManager.contents.save('notebooks/annotation_probe.ipynb',
                             {type: 'notebook', format: 'json', content: nb})""", notebook)
        p.open_and_run_all("annotation_probe.ipynb")
        assert p.notebook_problems() == []
        work = Path(p.output_text(0).strip())
        page = p.page
        text = page.locator(".geo-annot-text")
        expect(text).to_contain_text(ANNOTATION_EVIDENCE)
        _select_by_mouse(page, ".geo-annot-text", ANNOTATION_EVIDENCE)
        start = ANNOTATION_TEXT.index(ANNOTATION_EVIDENCE)
        end = start + len(ANNOTATION_EVIDENCE)
        passage = page.locator(".geo-annot-passage")
        expect(passage).to_contain_text(f"characters {start}–{end}")  # Python's code points, not the browser's UTF-16 units
        expect(passage.locator("mark")).to_have_text(ANNOTATION_EVIDENCE)

        page.locator(".geo-annot-table select").select_option("statements")
        page.locator(".geo-annot-field-statement_id input").fill("probe_statement")
        page.locator(".geo-annot-field-statement_id input").press("Enter")
        from helpers.curation.annotator import Annotator

        annotator = Annotator(work, "probe_doc")
        for name, value in (("speaker_id", "dmitry_peskov"), ("mode", "direct_quote"), ("topic_id", "uk_france_talks"),
                            ("stance", "opposes")):
            label = next(label for label, v in annotator.choices("statements", name) if v == value)  # as the descriptor gives it
            page.locator(f".geo-annot-field-{name} select").select_option(label=label)
        page.locator(".geo-annot-field-summary input").fill("Probe: an invented quotation.")
        page.locator(".geo-annot-field-summary input").press("Enter")
        page.locator(".geo-annot-preview-button").click()
        expect(page.locator(".geo-annot-valid")).to_be_visible()
        expect(page.locator(".geo-annot-preview")).to_contain_text("probe_statement")
        assert "probe_statement" not in (work / "statements.csv").read_text(encoding="utf-8")  # previewed, not written
        p.screenshot("annotation_widget-preview", ".geo-annot-widget")

        page.locator(".geo-annot-write-button").click()
        expect(page.locator(".geo-annot-written")).to_be_visible()
        with open(work / "statements.csv", encoding="utf-8", newline="") as f:
            written = [row for row in csv.DictReader(f) if row["statement_id"] == "probe_statement"]
        assert [(r["document_id"], r["evidence"], r["char_start"], r["char_end"]) for r in written] == [
            ("probe_doc", ANNOTATION_EVIDENCE, str(start), str(end))]
        expect(text.locator("mark.geo-annot-mark", has_text="training goes on")).to_have_count(1)
        p.screenshot("annotation_widget-written", ".geo-annot-widget")

        page.locator(".geo-annot-remove-button").click()
        expect(page.locator(".geo-annot-removed")).to_be_visible()
        assert "probe_statement" not in (work / "statements.csv").read_text(encoding="utf-8")
        expect(text.locator("mark.geo-annot-mark")).to_have_count(0)
        assert p.console_errors() == []

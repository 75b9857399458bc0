"""JupyterLab in a real headless Chromium: the explorer responds to its controls, the tutorial runs clean.

Needs Debian's chromium (``apt-get install chromium``; ``./suite test`` installs it)
and the Python ``playwright`` package (its driver only, no browser download).
Screenshots and the server log go to ``artifacts/browser/`` at the repository root.
"""

from __future__ import annotations

import contextlib
import json
import os
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

from helpers.paths import project_root

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
    """A JupyterLab server on a temporary copy of notebooks/, without a token; stopped afterwards whatever happens."""
    _chromium()  # skip before starting anything
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing: pip install -e '.[test]'")
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    config = base / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": DISABLED_PLUGINS}))
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
def browser(lab_url: str) -> Iterator[object]:
    """Debian's Chromium (or Playwright's, see _chromium), headless, through Playwright; closed afterwards whatever happens."""
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

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1500, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.url = url
        self.errors: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def open_and_run_all(self, notebook: str) -> None:
        """Open a notebook, wait for its kernel, run every cell and wait until all have finished."""
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

    def screenshot(self, name: str, element: str | None = None) -> None:
        if element is not None:
            self.page.locator(element).first.scroll_into_view_if_needed()
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def console_errors(self) -> list[str]:
        # Nothing is filtered: JupyterLab started with the flags and page config above logs no console error here.
        return list(self.errors)


@contextlib.contextmanager
def page_on(browser, url: str, name: str) -> Iterator[Page]:
    """A fresh page; on failure a screenshot ``<name>-failure.png``; always closed."""
    page = Page(browser, url)
    try:
        yield page
    except BaseException:
        with contextlib.suppress(Exception):
            page.page.screenshot(path=str(ARTIFACTS / f"{name}-failure.png"))
        raise
    finally:
        page.context.close()


def test_explorer_in_jupyterlab_follows_the_country_filter_and_shows_the_evidence(browser, lab_url):
    from playwright.sync_api import expect

    from helpers import load_dataset
    from helpers.explore import Filters, facts_table, filter_facts

    facts = facts_table(load_dataset())
    russia = filter_facts(facts, Filters(country="russia"))
    france = filter_facts(facts, Filters(country="france"))
    with page_on(browser, lab_url, "06_explorer") as p:
        p.open_and_run_all("06_explorer.ipynb")
        assert p.notebook_problems() == []
        page = p.page
        results, detail = page.locator(".geo-results"), page.locator(".geo-detail")
        expect(page.locator(".geo-country select")).to_be_visible()
        expect(results).to_contain_text(f"{len(facts)} facts")

        page.locator(".geo-country select").select_option(label="Russia")
        expect(results).to_contain_text(f"{len(russia)} facts")
        expect(results).to_contain_text("Dmitry Peskov")
        expect(results).not_to_contain_text("Emmanuel Macron")
        expect(detail.locator("mark")).to_have_text(russia.iloc[0]["evidence"])
        p.screenshot("06_explorer-russia", ".geo-explorer")

        page.locator(".geo-country select").select_option(label="France")
        expect(results).to_contain_text(f"{len(france)} facts")
        expect(results).to_contain_text("Emmanuel Macron")
        expect(results).to_contain_text("Jean-Noël Barrot")
        expect(results).not_to_contain_text("Dmitry Peskov")
        expect(detail.locator("mark")).to_have_text(france.iloc[0]["evidence"])

        macron = list(france["fact_id"]).index("macron_refused_rule_out_troops")
        page.locator(".geo-choice select").select_option(index=macron)
        expect(detail.locator("mark")).to_have_text("he refused to rule out sending troops to Ukraine")
        expect(detail).to_contain_text("Emmanuel Macron")
        p.screenshot("06_explorer-france-macron", ".geo-detail")

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
        assert p.console_errors() == []

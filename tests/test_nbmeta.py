"""Notebook metadata normalisation: a re-run notebook reads as committed; the git clean filter keeps `git status` clean."""

from __future__ import annotations

import contextlib
import copy
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
import uuid
from pathlib import Path

import nbformat
import pytest

from helpers.dataset.paths import project_root
from helpers.maintenance.nbmeta import WIDGET_VIEW, execution_problems, main, normalise, normalised_text
from helpers.maintenance.notebooks import notebook_paths

ROOT = project_root()
EXPLORER = ROOT / "notebooks" / "06_explorer.ipynb"


def as_if_run_in_jupyterlab(text: str) -> str:
    """What a JupyterLab run adds to a notebook that is not content: Python patch version, widget state, fresh
    widget model ids, cell timing and scroll state; written without a final newline, as the server does."""
    nb = json.loads(text)
    nb["metadata"]["language_info"]["version"] = "3.11.7"
    fresh = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        cell["metadata"]["execution"] = {"iopub.execute_input": "2026-11-25T23:00:00.000000Z"}
        cell["metadata"]["scrolled"] = True
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:
                view["model_id"] = uuid.uuid4().hex
                fresh.append(view["model_id"])
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {m: {"model_name": "VBoxModel", "state": {}} for m in fresh}, "version_major": 2, "version_minor": 0}}
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_committed_notebooks_are_normalised(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert normalised_text(text) == text, f"run: python -m helpers.maintenance.nbmeta {path.relative_to(ROOT)}"


def test_a_jupyterlab_run_normalises_back_to_the_committed_notebook() -> None:
    committed = EXPLORER.read_text(encoding="utf-8")
    rerun = as_if_run_in_jupyterlab(committed)
    assert rerun != committed and "widget-state" in rerun
    assert normalised_text(rerun) == committed


def test_outputs_execution_counts_tags_and_real_changes_are_kept() -> None:
    nb = json.loads(EXPLORER.read_text(encoding="utf-8"))
    before = copy.deepcopy(nb)
    nb["cells"][0]["metadata"]["tags"] = ["nbval-ignore-output"]
    nb["cells"][0]["source"] = "# A changed title\n"
    after = normalise(nb)
    assert after["cells"][0]["metadata"] == {"tags": ["nbval-ignore-output"]}
    assert after["cells"][0]["source"] == "# A changed title\n"
    for old, new in zip(before["cells"][1:], after["cells"][1:], strict=True):
        assert old.get("execution_count") == new.get("execution_count")
        assert len(old.get("outputs", [])) == len(new.get("outputs", []))
    texts = [o["data"]["text/plain"] for c in after["cells"] for o in c.get("outputs", []) if "text/plain" in o.get("data", {})]
    assert texts, "outputs survive"


def test_widget_model_ids_are_stable_and_distinct() -> None:
    first = json.loads(as_if_run_in_jupyterlab(EXPLORER.read_text(encoding="utf-8")))
    second = json.loads(as_if_run_in_jupyterlab(EXPLORER.read_text(encoding="utf-8")))

    def ids(nb: dict) -> list[str]:
        return [o["data"][WIDGET_VIEW]["model_id"] for c in nb["cells"] for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]

    assert ids(first) != ids(second)
    assert ids(normalise(first)) == ids(normalise(second))
    assert len(set(ids(normalise(first)))) == len(ids(first)) >= 2


def test_cli_normalises_in_place_and_reports_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "06_explorer.ipynb"
    path.write_text(as_if_run_in_jupyterlab(EXPLORER.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert "not normalised" in capsys.readouterr().out
    assert main([str(path)]) == 1
    assert path.read_text(encoding="utf-8") == EXPLORER.read_text(encoding="utf-8")
    assert main([str(path)]) == 0


def test_execution_check_catches_an_unexecuted_out_of_order_or_failing_notebook() -> None:
    nb = nbformat.read(EXPLORER, as_version=4)
    assert execution_problems(nb) == []
    code = [c for c in nb.cells if c.cell_type == "code"]
    code[2].execution_count = None
    assert execution_problems(nb) == ["code cell 3 was never executed: run ./suite refresh"]
    code[2].execution_count = 7
    assert execution_problems(nb) == ["code cell 3 has execution count 7, expected 3: run ./suite refresh"]
    code[2].execution_count = 3
    code[1].outputs.append(nbformat.v4.new_output("error", ename="KeyError", evalue="'x'", traceback=[]))
    assert execution_problems(nb) == ["code cell 2 ends in an error (KeyError): committed notebooks run clean"]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60).stdout


def _repo_with_the_explorer(repo: Path, clean_filter: str | None = None) -> Path:
    """A git repository holding the committed explorer notebook, .gitattributes and .gitignore; return the notebook's path."""
    (repo / "notebooks").mkdir(parents=True)
    shutil.copyfile(ROOT / ".gitattributes", repo / ".gitattributes")
    shutil.copyfile(ROOT / ".gitignore", repo / ".gitignore")  # JupyterLab's checkpoints are ignored
    shutil.copyfile(EXPLORER, repo / "notebooks" / "06_explorer.ipynb")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.invalid")
    _git(repo, "config", "user.name", "test")
    if clean_filter:
        _git(repo, "config", "filter.nbnormalise.clean", clean_filter)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "notebooks")
    return repo / "notebooks" / "06_explorer.ipynb"


def _with_a_real_change(text: str) -> dict:
    nb = json.loads(text)
    nb["cells"][0]["source"] = "# A real change\n"
    return nb


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_jupyterlab_started_by_suite_lab_saves_a_rerun_notebook_as_committed(tmp_path: Path) -> None:
    """A real Jupyter server with ./suite lab's pre-save hook: `git status` is clean after a run, not after a real change."""
    flag = re.search(r"--ContentsManager\.pre_save_hook=\S+", (ROOT / "suite").read_text(encoding="utf-8"))
    assert flag, "./suite lab passes the pre-save hook"
    notebook = _repo_with_the_explorer(tmp_path / "repo")
    token = uuid.uuid4().hex
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_DATA_DIR": str(tmp_path / "data"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    cmd = [sys.executable, "-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
           "--ServerApp.password=", f"--ServerApp.root_dir={notebook.parent.parent}", "--ServerApp.allow_root=True", flag.group(0)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api/contents/notebooks/06_explorer.ipynb"
    headers = {"Content-Type": "application/json", "Authorization": f"token {token}"}  # a token instead of XSRF cookies

    def save(nb: dict) -> None:
        body = json.dumps({"type": "notebook", "format": "json", "content": nb}).encode()
        request = urllib.request.Request(url, data=body, method="PUT", headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201)

    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, "the Jupyter server exited"
            try:
                status = urllib.request.Request(f"http://127.0.0.1:{port}/api/status", headers=headers)
                with urllib.request.urlopen(status, timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the Jupyter server did not start"
                time.sleep(0.3)
        committed = notebook.read_text(encoding="utf-8")
        save(json.loads(as_if_run_in_jupyterlab(committed)))
        assert notebook.read_text(encoding="utf-8") == committed
        assert _git(notebook.parent.parent, "status", "--porcelain") == ""
        save(_with_a_real_change(committed))
        assert _git(notebook.parent.parent, "status", "--porcelain") == " M notebooks/06_explorer.ipynb\n"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@needs_git
def test_the_clean_filter_stages_only_the_real_change(tmp_path: Path) -> None:
    """For notebooks saved by other editors: the clean filter ./suite hooks installs normalises what git stores."""
    notebook = _repo_with_the_explorer(tmp_path / "repo", f"env PYTHONPATH={ROOT} {sys.executable} -m helpers.maintenance.nbmeta --stdin")
    repo = notebook.parent.parent
    committed = notebook.read_text(encoding="utf-8")
    notebook.write_text(as_if_run_in_jupyterlab(committed), encoding="utf-8")
    assert _git(repo, "diff") == ""
    _git(repo, "add", "-u")
    assert _git(repo, "status", "--porcelain") == ""
    notebook.write_text(json.dumps(_with_a_real_change(as_if_run_in_jupyterlab(committed)), indent=1), encoding="utf-8")
    diff = _git(repo, "diff")
    assert "A real change" in diff and "widget-state" not in diff and "3.11.7" not in diff
    _git(repo, "add", "-u")
    assert _git(repo, "status", "--porcelain") == "M  notebooks/06_explorer.ipynb\n"

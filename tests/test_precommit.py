"""pre-commit and the project's own metadata: local hooks only, each one wired to ./suite, and the validators they run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.dataset.paths import project_root

ROOT = project_root()
BIN = Path(sys.executable).parent
CONFIG = ROOT / ".pre-commit-config.yaml"
VALID_CFF = """cff-version: 1.2.0
message: "If you use this dataset, please cite it as below."
title: "Example"
authors:
  - family-names: "Curator"
    given-names: "A."
"""


def _run(*cmd: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def _hooks() -> list[dict]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"], "every hook is local: nothing is fetched"
    return config["repos"][0]["hooks"]


def test_the_config_is_valid_for_pre_commit() -> None:
    result = _run(BIN / "pre-commit", "validate-config", CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hook_runs_a_suite_hook_that_exists() -> None:
    suite = (ROOT / "suite").read_text(encoding="utf-8")
    hook_block = suite.split("\n  hook)\n", 1)[1].split("\n    esac ;;", 1)[0]
    known = set(re.findall(r"^\s+([a-z-]+)\) exec ", hook_block, flags=re.MULTILINE))
    entries = {h["id"]: h["entry"] for h in _hooks()}
    assert all(h["language"] == "system" for h in _hooks())
    names = {entry.removeprefix("./suite hook ") for entry in entries.values()}
    assert all(entry.startswith("./suite hook ") for entry in entries.values())
    assert names <= known, names - known


def test_the_hooks_cover_what_the_project_checks_before_a_commit() -> None:
    by_id = {h["id"]: h for h in _hooks()}
    assert {"ruff", "notebook-metadata", "notebooks-executed", "validate-data", "lock", "validate-pyproject", "citation", "workflows"} <= set(by_id)
    assert set(by_id["ruff"]["types_or"]) >= {"python", "jupyter"}
    assert by_id["validate-data"]["files"] == "^data/"
    assert by_id["notebook-metadata"]["types"] == ["jupyter"] == by_id["notebooks-executed"]["types"]


def test_suite_test_runs_every_hook_on_all_files() -> None:
    suite = (ROOT / "suite").read_text(encoding="utf-8")
    test_block = suite.split("\n  test)\n", 1)[1].split(";;", 1)[0]
    assert "run_hooks" in test_block
    assert '"$VENV/bin/pre-commit" run --all-files' in suite


def test_pyproject_is_valid_and_a_broken_one_is_not(tmp_path: Path) -> None:
    assert _run(BIN / "validate-pyproject", ROOT / "pyproject.toml").returncode == 0
    broken = tmp_path / "pyproject.toml"
    broken.write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8").replace('requires-python = ">=3.11"', "requires-python = 3.11"),
                      encoding="utf-8")
    result = _run(BIN / "validate-pyproject", broken)
    assert result.returncode != 0 and "requires-python" in result.stdout + result.stderr


def _cff_check(path: Path) -> subprocess.CompletedProcess:
    return _run(BIN / "check-jsonschema", "--builtin-schema", "vendor.citation-file-format", path)


def test_the_citation_schema_check_accepts_a_valid_file_and_rejects_a_broken_one(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.cff", tmp_path / "bad.cff"
    good.write_text(VALID_CFF, encoding="utf-8")
    bad.write_text(VALID_CFF.replace("cff-version: 1.2.0", "cff-version: one"), encoding="utf-8")
    assert _cff_check(good).returncode == 0, _cff_check(good).stdout
    assert _cff_check(bad).returncode != 0


def test_the_projects_citation_file_is_valid() -> None:
    cff = ROOT / "CITATION.cff"
    if not cff.exists():
        pytest.skip("no CITATION.cff in this checkout")
    result = _cff_check(cff)
    assert result.returncode == 0, result.stdout + result.stderr

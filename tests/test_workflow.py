"""The GitHub Actions workflow, checked offline: valid against the workflow schema, and running the README's test command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from helpers.dataset.paths import project_root

ROOT = project_root()
WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _workflow(path: Path = WORKFLOW) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _schema_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)


def readme_test_command() -> str:
    """The test command of the README's quick start: the code line that starts with ./suite test."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quick_start, flags=re.DOTALL)
    assert block, "the README's quick start has a bash block"
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    return next(c for c in commands if c.startswith("./suite test"))


def _steps(job: dict) -> list[dict]:
    return job["steps"]


def test_the_workflow_is_valid_against_the_workflow_schema() -> None:
    result = _schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_fails_the_schema_check(tmp_path: Path) -> None:
    broken = tmp_path / "tests.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    result = _schema_check(broken)
    assert result.returncode != 0 and "runs_on" in result.stdout + result.stderr


def test_it_runs_the_readme_test_command_on_push_pull_request_and_weekly() -> None:
    wf = _workflow()
    assert readme_test_command() == "./suite test"
    assert {"push", "pull_request", "schedule"} <= set(wf["on"])
    cron = wf["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[4] != "*" and cron[2] == "*", "once a week"
    job = wf["jobs"]["test"]
    assert job["runs-on"].startswith("ubuntu-")
    assert [s["run"] for s in _steps(job) if s.get("name") == "Run the README's test command"] == [readme_test_command()]


def test_ci_here_runs_the_same_command() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert readme_test_command() in lines


def test_a_skipped_browser_test_fails_and_ubuntu_uses_playwrights_chromium() -> None:
    env = _workflow()["jobs"]["test"]["env"]
    assert env["REQUIRE_BROWSER"] == "1" and env["SUITE_BROWSER"] == "playwright"
    suite = (ROOT / "suite").read_text(encoding="utf-8")
    assert 'SUITE_BROWSER:-}" = playwright' in suite and "playwright install $deps chromium" in suite


def test_the_weekly_run_installs_the_newest_allowed_versions_and_the_others_the_lock() -> None:
    wf = _workflow()
    deps = wf["jobs"]["test"]["env"]["SUITE_DEPS"]
    assert "github.event_name == 'schedule' && 'newest'" in deps and deps.endswith("|| 'lock' }}")
    assert wf["jobs"]["minimum"]["if"] == "github.event_name != 'schedule'"
    assert [s["run"] for s in _steps(wf["jobs"]["minimum"]) if "run" in s] == ["./suite test-min"]


def test_pip_downloads_are_cached_by_the_lock() -> None:
    for job in _workflow()["jobs"].values():
        setup = next(s for s in _steps(job) if s.get("uses", "").startswith("actions/setup-python@"))
        assert setup["with"]["cache"] == "pip" and "requirements-lock.txt" in setup["with"]["cache-dependency-path"]
        assert setup["with"]["python-version"] == "3.11"


def test_artifacts_and_the_documentation_site_are_uploaded_whatever_the_outcome() -> None:
    steps = _steps(_workflow()["jobs"]["test"])
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()"
    assert set(upload["with"]["path"].split()) == {"artifacts/", "build/docs/"}
    assert any(s.get("run") == "./suite docs" and s.get("if") == "always()" for s in steps)


def test_actions_are_pinned_to_a_major_version() -> None:
    uses = [s["uses"] for job in _workflow()["jobs"].values() for s in _steps(job) if "uses" in s]
    assert uses, "the workflow uses actions"
    assert [u for u in uses if not re.fullmatch(r"actions/[a-z-]+@v\d+", u)] == []

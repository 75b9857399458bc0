"""The locked environment: requirements-lock.txt agrees with pyproject.toml, and environment.yml is derived from it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers.dataset.paths import project_root
from helpers.maintenance.envlock import LOCK_NAME, LOCK_PYTHON, canonical, compare, declared, disagreements, environment_yml, read_lock

ROOT = project_root()


def test_the_lock_agrees_with_pyproject() -> None:
    assert disagreements(ROOT / "pyproject.toml", ROOT / LOCK_NAME) == [], "run ./suite lock and commit requirements-lock.txt"


def test_environment_yml_is_the_one_the_lock_implies() -> None:
    expected = environment_yml(read_lock(ROOT / LOCK_NAME))
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == expected, "run ./suite lock to regenerate environment.yml"


def test_environment_yml_pins_every_locked_package_and_installs_the_project() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert f"  - python={LOCK_PYTHON}\n" in text and "  - pip\n" in text and "      - -e .\n" in text
    pinned = set(re.findall(r'^\s+- "([A-Za-z0-9._-]+)==', text, flags=re.MULTILINE))
    assert pinned == {p.name for p in read_lock(ROOT / LOCK_NAME)}


def test_the_lock_pins_every_package_with_hashes_for_the_declared_python() -> None:
    text = (ROOT / LOCK_NAME).read_text(encoding="utf-8")
    assert "#    ./suite lock\n" in text, "written by ./suite lock"
    pins = read_lock(ROOT / LOCK_NAME)
    assert len(pins) > 100 and all(p.hashes >= 1 for p in pins)
    names = {p.name for p in pins}
    assert {canonical(r.name) for r in declared(ROOT / "pyproject.toml")} <= names
    # Exactly one pandas, matplotlib and jupyterlab for the locked Python: the outputs' environment is one environment.
    env = {"python_full_version": f"{LOCK_PYTHON}.0", "python_version": LOCK_PYTHON, "sys_platform": "linux",
           "platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython", "platform_machine": "x86_64"}
    for name in ("pandas", "matplotlib", "jupyterlab", "numpy", "ipywidgets"):
        assert len([p for p in pins if p.name == name and p.applies(env)]) == 1, name


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    py, lock = tmp_path / "pyproject.toml", tmp_path / LOCK_NAME
    shutil.copyfile(ROOT / "pyproject.toml", py)
    shutil.copyfile(ROOT / LOCK_NAME, lock)
    assert disagreements(py, lock) == []
    return py, lock


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _pin_line(lock: Path, name: str) -> str:
    return next(line for line in lock.read_text(encoding="utf-8").splitlines() if line.startswith(f"{name}=="))


def test_a_raised_lower_bound_the_lock_does_not_meet_is_reported(copies: tuple[Path, Path]) -> None:
    py, lock = copies
    version = _pin_line(lock, "pandas").split("==")[1].split()[0]
    _edit(py, '"pandas>=3.0,<4"', '"pandas>=99,<100"')
    assert disagreements(py, lock) == [f"pandas: {LOCK_NAME} pins {version}, outside pyproject.toml's <100,>=99"]


def test_a_dependency_added_to_pyproject_only_is_reported(copies: tuple[Path, Path]) -> None:
    py, lock = copies
    _edit(py, '    "pandas>=3.0,<4",\n', '    "pandas>=3.0,<4",\n    "requests-toolbelt>=1",\n')
    assert disagreements(py, lock) == [f"requests-toolbelt: declared in pyproject.toml (>=1) but not in {LOCK_NAME}"]


def test_a_dependency_removed_from_pyproject_is_reported(copies: tuple[Path, Path]) -> None:
    py, lock = copies
    ruff_line = next(line for line in py.read_text(encoding="utf-8").splitlines(keepends=True) if line.lstrip().startswith('"ruff>='))
    _edit(py, ruff_line, "")
    assert disagreements(py, lock) == [f"ruff: {LOCK_NAME} has it for the project, but pyproject.toml no longer declares it"]


def test_a_pin_without_hashes_is_reported(copies: tuple[Path, Path]) -> None:
    py, lock = copies
    text = lock.read_text(encoding="utf-8")
    block = re.search(r"^tabulate==\S+ \\\n(?:    --hash=\S+(?: \\)?\n)+", text, flags=re.MULTILINE)
    assert block, "tabulate is locked (frictionless needs it)"
    lock.write_text(text.replace(block.group(0), block.group(0).split(" \\")[0] + "\n"), encoding="utf-8")
    assert [p for p in disagreements(py, lock) if "hash" in p] == [f"tabulate: pinned without a hash in {LOCK_NAME}"]


def test_compare_lists_changed_missing_and_extra_packages() -> None:
    pins = [p for p in read_lock(ROOT / LOCK_NAME) if p.name in {"pandas", "matplotlib"}]
    pandas = next(p.version for p in pins if p.name == "pandas")
    matplotlib = next(p.version for p in pins if p.name == "matplotlib")
    assert compare(pins, {"pandas": "99.0", "left-pad": "1.0", "pip": "26.0"}) == [
        "left-pad: not in the lock, installed 1.0",
        f"matplotlib: lock {matplotlib}, not installed",
        f"pandas: lock {pandas}, installed 99.0",
    ]

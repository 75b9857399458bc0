"""pyproject.toml and environment.yml name the same dependencies with the same version specifiers."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from helpers.paths import project_root

IGNORED = {"python", "pip"}
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*$")


def normalise(requirement: str) -> tuple[str, str]:
    """``'Pandas >=3.0, <4'`` -> ``('pandas', '<4,>=3.0')``: PEP 503 name, sorted specifiers without spaces."""
    match = _REQUIREMENT.match(requirement.split(";")[0])
    if not match:
        raise ValueError(f"cannot parse requirement {requirement!r}")
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    specifiers = sorted(s.strip().replace(" ", "") for s in match.group(2).split(",") if s.strip())
    return name, ",".join(specifiers)


def pyproject_dependencies(path: Path) -> dict[str, str]:
    """[project].dependencies plus the ``test`` extra."""
    project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    requirements = [*project.get("dependencies", []), *project.get("optional-dependencies", {}).get("test", [])]
    return dict(normalise(r) for r in requirements)


def environment_dependencies(path: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """Conda dependencies (normalised), their raw names in order, and the ``pip:`` entries of environment.yml.

    A small parser for the one shape this file has: a top-level ``dependencies:`` list of
    ``- spec`` items, one of which may be ``- pip:`` followed by a more indented list.
    """
    conda: list[str] = []
    pip: list[str] = []
    in_deps = False
    item_indent: int | None = None
    in_pip = False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        indent = len(stripped) - len(stripped.lstrip())
        if indent == 0:
            in_deps = stripped == "dependencies:"
            continue
        if not in_deps:
            continue
        text = stripped.strip()
        if not text.startswith("- "):
            raise ValueError(f"unexpected line in dependencies: {line!r}")
        if item_indent is None:
            item_indent = indent
        value = text[2:].strip()
        if indent > item_indent and in_pip:
            pip.append(value)
        elif indent == item_indent:
            in_pip = value == "pip:"
            if not in_pip:
                conda.append(value)
        else:
            raise ValueError(f"unexpected indentation in dependencies: {line!r}")
    names = [normalise(spec)[0] for spec in conda]
    specs = dict(normalise(spec) for spec in conda)
    return {k: v for k, v in specs.items() if k not in IGNORED}, names, pip


def drift(pyproject: Path, environment: Path) -> list[str]:
    """Differences between the two files' dependencies, one readable line each (empty when they agree)."""
    declared = pyproject_dependencies(pyproject)
    conda, _, _ = environment_dependencies(environment)
    lines = []
    for name in sorted(set(declared) | set(conda)):
        if name not in conda:
            lines.append(f"{name}: in pyproject.toml ({declared[name] or 'any version'}) but not in environment.yml")
        elif name not in declared:
            lines.append(f"{name}: in environment.yml ({conda[name] or 'any version'}) but not in pyproject.toml")
        elif declared[name] != conda[name]:
            lines.append(f"{name}: pyproject.toml says {declared[name]!r}, environment.yml says {conda[name]!r}")
    return lines


def test_pyproject_and_environment_yml_name_the_same_dependencies() -> None:
    root = project_root()
    assert drift(root / "pyproject.toml", root / "environment.yml") == []


def test_environment_yml_installs_the_package_with_pip() -> None:
    _, names, pip = environment_dependencies(project_root() / "environment.yml")
    assert "-e ." in pip
    assert "pip" in names and "python" in names


def test_parsers_read_the_real_files() -> None:
    root = project_root()
    declared = pyproject_dependencies(root / "pyproject.toml")
    conda, _, _ = environment_dependencies(root / "environment.yml")
    assert {"pandas", "frictionless", "pytest"} <= set(declared)
    assert declared["frictionless"] == conda["frictionless"] != ""


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    root = project_root()
    py, env = tmp_path / "pyproject.toml", tmp_path / "environment.yml"
    py.write_bytes((root / "pyproject.toml").read_bytes())
    env.write_bytes((root / "environment.yml").read_bytes())
    assert drift(py, env) == []
    return py, env


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_version_in_one_file_is_drift(copies: tuple[Path, Path]) -> None:
    py, env = copies
    _edit(env, "  - pandas>=3.0,<4", "  - pandas>=2.2,<4")
    assert drift(py, env) == ["pandas: pyproject.toml says '<4,>=3.0', environment.yml says '<4,>=2.2'"]


def test_a_dependency_missing_from_environment_yml_is_drift(copies: tuple[Path, Path]) -> None:
    py, env = copies
    _edit(env, "  - nbval>=0.11\n", "")
    assert drift(py, env) == ["nbval: in pyproject.toml (>=0.11) but not in environment.yml"]


def test_a_dependency_added_only_to_pyproject_is_drift(copies: tuple[Path, Path]) -> None:
    py, env = copies
    _edit(py, '    "pandas>=3.0,<4",\n', '    "pandas>=3.0,<4",\n    "requests>=2",\n')
    assert drift(py, env) == ["requests: in pyproject.toml (>=2) but not in environment.yml"]


def test_spacing_order_and_case_are_not_drift(copies: tuple[Path, Path]) -> None:
    py, env = copies
    _edit(env, "  - pandas>=3.0,<4", "  - Pandas <4, >=3.0")
    assert drift(py, env) == []


def test_python_pip_and_the_pip_section_are_ignored(copies: tuple[Path, Path]) -> None:
    py, env = copies
    _edit(env, "  - python>=3.11", "  - python>=3.12")
    _edit(env, "      - -e .", "      - -e .\n      - some-pip-only-tool")
    assert drift(py, env) == []
    assert environment_dependencies(env)[2] == ["-e .", "some-pip-only-tool"]

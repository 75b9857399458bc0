"""The package's layers, written down once, and a check that every import keeps them.

Every ``import`` and ``from ... import`` in every module of ``helpers`` counts, including
those inside functions and under ``TYPE_CHECKING``: a lazy import is still an edge.

A subpackage may import its own modules and those of a lower tier; never a higher tier, and
never a sibling of its own tier. No module may import itself back through a chain (no circle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers.dataset.paths import project_root

HELPERS = project_root() / "helpers"

#: The layers, lowest first. The facade (``helpers/__init__.py``) stands for the dataset tier:
#: it re-exports only names of :mod:`helpers.dataset`.
TIERS: tuple[tuple[str, ...], ...] = (
    ("dataset",),
    ("analysis", "curation", "maintenance"),
    ("views", "export"),
    ("teaching",),
)
TIER_OF = {package: level for level, packages in enumerate(TIERS) for package in packages}
LONGEST_MODULE = 700  # lines


def module_name(path: Path) -> str:
    parts = list(path.relative_to(HELPERS.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(HELPERS.rglob("*.py"))}


def resolve(name: str) -> str | None:
    """The module of ``helpers`` that an imported dotted name refers to (the longest known prefix)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def imports_of(module: str) -> set[str]:
    """Every module of ``helpers`` that ``module`` imports, anywhere in its body."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names]  # a submodule if one has that name
            targets = [t if resolve(t) == t else base for t in targets]
        else:
            continue
        for target in targets:
            hit = resolve(target) if target.startswith("helpers") else None
            if hit is not None and hit != module:
                found.add(hit)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def tier(module: str) -> tuple[int, str]:
    parts = module.split(".")
    package = parts[1] if len(parts) > 1 else "dataset"  # the facade is the dataset's front door
    if package not in TIER_OF:
        raise AssertionError(f"{module}: subpackage {package!r} is not in the layers written in this test")
    return TIER_OF[package], package


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    bad = []
    for module, targets in graph.items():
        level, package = tier(module)
        for target in targets:
            t_level, t_package = tier(target)
            if t_level > level or (t_level == level and t_package != package):
                bad.append((module, target))
    return sorted(bad)


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), and every self-loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_from_a_higher_or_sibling_layer() -> None:
    assert upward_imports(GRAPH) == []


def test_no_import_circle_anywhere_in_helpers() -> None:
    assert circles(GRAPH) == []


def test_the_facade_reexports_only_the_dataset_layer() -> None:
    import helpers

    assert {target.split(".")[1] for target in helpers._EXPORTS.values()} == {"dataset"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_longer_than_the_limit(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= LONGEST_MODULE, f"{module} has {lines} lines: split it by concern"


def test_every_subpackage_says_what_lives_there_and_what_it_may_import() -> None:
    for package in TIER_OF:
        doc = ast.get_docstring(ast.parse((HELPERS / package / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "import" in doc.lower(), f"helpers/{package}/__init__.py does not say what it may import"


def test_an_upward_import_inside_a_function_is_caught() -> None:
    graph = {module: set(targets) for module, targets in GRAPH.items()}
    graph["helpers.dataset.spans"].add("helpers.views.render")  # as a lazy import would add it
    assert ("helpers.dataset.spans", "helpers.views.render") in upward_imports(graph)


def test_a_circle_through_a_lazy_import_is_caught() -> None:
    graph = {module: set(targets) for module, targets in GRAPH.items()}
    graph["helpers.dataset.problems"].add("helpers.dataset.validate")
    assert any("helpers.dataset.problems" in group and "helpers.dataset.validate" in group for group in circles(graph))


def test_imports_inside_functions_are_read() -> None:
    source = "def f():\n    from helpers.views import render\n"
    tree = ast.parse(source)
    assert any(isinstance(n, ast.ImportFrom) and n.module == "helpers.views" for n in ast.walk(tree))
    assert resolve("helpers.views.render") == "helpers.views.render"

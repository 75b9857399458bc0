"""Validate the data package: Frictionless for the tables, our own code for provenance.

Run it from the shell::

    python -m helpers.dataset.validate            # the project's data/
    python -m helpers.dataset.validate path/to/data
    python -m helpers.dataset.validate --strict   # warnings fail too

It prints every problem, one per line, as ``file:row:column: [code] message``
(a warning as ``[code] warning: message``) and exits 0 when the data is valid,
1 when it is not and 2 when it cannot run (missing folder, unreadable
descriptor, or the ``frictionless`` library not installed). Warnings alone
exit 0 unless ``--strict`` is given.

Every problem carries a stable ``code`` (:data:`CODES` lists them all); tests
and tools match on ``(file, row, column, code)``, never on the wording.

Rows are numbered as Frictionless numbers them: the header is row 1, the
first data row is row 2 (the line number in the file when no field spans
lines).

How a run goes (:func:`check_package`): the descriptor is read and its shape
checked; every path it names is checked to be a regular file inside the data
folder *before* anything opens it (no URL, no ``..``, no symlink out, no FIFO),
so nothing outside the folder is read and nothing can block; the CSVs and the
sources are read strictly; then every rule of the registry, :func:`all_rules`
runs. A rule is a function ``rule(checked, paths) ->
Iterable[Problem]`` (the types are in :mod:`helpers.dataset.problems`); to add one, write it in a
module of :mod:`helpers.dataset.rules` and add it to that module's tuple, which the registry gathers.

The descriptor must declare every table and column of the public interface
(:data:`PUBLIC_COLUMNS`); a missing one is reported against
``datapackage.json``.

Ids are checked per table: a primary key is unique within its table, and with
several documents the validator also reports an id that one document reuses
from another in the same table. Across tables, statement ids and country
position ids must be disjoint (the explorer lists both kinds of fact together,
keyed by id); other tables may share an id with a statement (an event can
carry the id of the statement that reports it).

With several documents it also reports a span that belongs to another
document, and a ``repeats_id`` or a position's ``statement_id`` pointing at a
statement of another document (a ``responds_to_id`` may: one article can
answer another). Every country position with basis ``inferred`` needs a
curator note targeting it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.dataset.paths import DESCRIPTOR_NAME, default_data_dir
from helpers.dataset.problems import (
    CODES,
    PUBLIC_COLUMNS,
    SPAN_FIELDS,
    TABLES,
    CannotValidate,
    CheckedPackage,
    Problem,
    Rule,
    _display,
    _resource_shape,
)
from helpers.dataset.provenance import OutsidePackage, contained_path
from helpers.dataset.reading import _check_sources, _descriptor_problems, _interface_problems, _read_csv, _read_descriptor
from helpers.dataset.rules import all_rules

__all__ = [
    "CODES",
    "PUBLIC_COLUMNS",
    "SPAN_FIELDS",
    "TABLES",
    "CannotValidate",
    "CheckedPackage",
    "Problem",
    "Rule",
    "all_rules",
    "check_package",
    "main",
    "validate",
]


def _frictionless_installed() -> bool:
    """Whether ``frictionless`` can be found, without importing it (slow); a blocked or broken entry counts as missing."""
    try:
        return importlib.util.find_spec("frictionless") is not None
    except (ImportError, ValueError):
        return False


def check_package(data_dir: str | Path | None = None, rules: Sequence[Rule] | None = None) -> CheckedPackage:
    """Read the package safely, then run every rule; return what was read with the problems found.

    Raises :class:`CannotValidate` when there is nothing to validate or the
    frictionless library is missing (then nothing is checked at all, rather
    than half).

    >>> check_package().valid
    True
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not _frictionless_installed():
        raise CannotValidate(data_dir, "the frictionless library is not installed in this Python "
                                       f"({sys.executable}): install the project (pip install -e .) or run ./suite validate")
    descriptor = _read_descriptor(data_dir)
    checked = CheckedPackage(data_dir=data_dir, descriptor=descriptor)
    checked.problems.extend(_descriptor_problems(data_dir, descriptor))
    interface, incomplete = _interface_problems(data_dir, descriptor)
    checked.problems.extend(interface)
    checked.contained = not any(p.code in ("descriptor-malformed", "outside-package") for p in checked.problems)
    paths: dict[str, str] = {}
    checked.broken = set(incomplete)  # a table lacking a public column is reported and kept out of the rules, which read those columns
    for resource in descriptor["resources"]:
        if _resource_shape(resource) is not None:
            continue
        name = resource["name"]
        try:
            contained_path(data_dir, resource.get("path"), must_exist=False)
        except OutsidePackage as exc:
            checked.problems.append(Problem(_display(data_dir, DESCRIPTOR_NAME), None, name, str(exc), exc.code))
            checked.broken.add(name)
            checked.contained = False
            continue
        paths[name] = resource["path"]
        table, problems = _read_csv(data_dir, resource)
        checked.problems.extend(problems)
        if any(p.code in ("outside-package", "not-a-regular-file", "file-not-found") for p in problems):
            checked.contained = False
        if table is None:
            checked.broken.add(name)
        elif name not in checked.broken:
            checked.rows[name] = table
    if "documents" in checked.rows:
        _check_sources(data_dir, checked.rows["documents"], checked)
    for rule in all_rules() if rules is None else rules:
        checked.problems.extend(rule(checked, paths))
    return checked


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Return every problem in the data package, errors and warnings (an empty list when clean).

    >>> validate()
    []
    """
    return check_package(data_dir).problems


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (0 valid, 1 invalid, 2 cannot run)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.dataset.validate", description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", help="folder holding datapackage.json (default: the project's data/)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the validation too (exit 1)")
    args = parser.parse_args(argv)
    try:
        problems = validate(args.data_dir)
    except CannotValidate as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    if errors or (warnings and args.strict):
        print(f"{len(errors)} problem(s) found" + (f", {warnings} warning(s)" if warnings else ""), file=sys.stderr)
        return 1
    print("valid" + (f", {warnings} warning(s)" if warnings else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
document, and a position's ``statement_id`` pointing at a
statement of another document (a ``responds_to_id`` may: one article can
answer another). Every country position with basis ``inferred`` needs a
curator note targeting it.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
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
from helpers.dataset.reading import (
    Reader,
    _as_columns,
    _check_sources,
    _descriptor_problems,
    _interface_problems,
    _read_descriptor,
    _read_records,
    disk_reader,
)
from helpers.dataset.rules import all_rules
from helpers.dataset.rules.core import rule_frictionless, rule_text_cells
from helpers.dataset.rules.reading import rule_raw_constraints

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


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Run the block with Python's cyclic garbage collector off, and restore it as it was.

    Reading a package makes millions of small containers (cells, records, rows)
    and frees almost none of them until it ends, so the collector's automatic
    passes find nothing while scanning ever more objects: on 300,000 rows they
    took about a quarter of a cold load's CPU time. Reference counting still frees
    everything that is not in a cycle; a cycle left behind is collected at the
    collector's next pass after the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_package(data_dir: str | Path | None = None, rules: Sequence[Rule] | None = None, *, read: Reader | None = None) -> CheckedPackage:
    """Read the package safely, then run every rule; return what was read with the problems found.

    Every file is read once, through ``read`` (default: from the folder, each path checked first); what was
    read is kept in ``checked.raw``, and every check (frictionless's too) runs on those bytes. The loader passes
    the reader of its snapshot, so what the cache records as valid is exactly what was validated.

    Raises :class:`CannotValidate` when there is nothing to validate or the
    frictionless library is missing (then nothing is checked at all, rather
    than half).

    >>> check_package().valid
    True
    """
    with cycle_collection_paused():
        return _check_package(data_dir, rules, read)


def _check_package(data_dir: str | Path | None, rules: Sequence[Rule] | None, read: Reader | None) -> CheckedPackage:
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not _frictionless_installed():
        raise CannotValidate(data_dir, "the frictionless library is not installed in this Python "
                                       f"({sys.executable}): install the project (pip install -e .) or run ./suite validate")
    raw: dict[str, bytes] = {}
    base = read or disk_reader(data_dir)

    def recording(rel: str) -> bytes:
        raw[rel] = base(rel)
        return raw[rel]

    descriptor = _read_descriptor(data_dir, recording)
    checked = CheckedPackage(data_dir=data_dir, descriptor=descriptor, raw=raw)
    checked.problems.extend(_descriptor_problems(data_dir, descriptor))
    interface, incomplete = _interface_problems(data_dir, descriptor)
    checked.problems.extend(interface)
    checked.contained = not any(p.code in ("descriptor-malformed", "outside-package") for p in checked.problems)
    paths: dict[str, str] = {}
    read: dict[str, tuple[list[str], list[list[str]]]] = {}
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
        header, records, problems = _read_records(data_dir, resource, recording)
        checked.problems.extend(problems)
        if any(p.code in ("outside-package", "not-a-regular-file", "file-not-found") for p in problems):
            checked.contained = False
        if records is None:
            checked.broken.add(name)
        elif name not in checked.broken:
            read[name] = (header, records)
            checked.columns[name] = _as_columns(header, records)
    rule_list = list(all_rules() if rules is None else rules)
    # the column-wise rules need only the columns: on a large package they start in a second process now (_run_rules) ...
    second = _second_process(checked, rule_list)
    from_child = _in_forked_process(lambda: {i: list(rule_list[i](checked, paths)) for i in second}) if second else None
    # ... while this one builds the rows, reads the sources and runs the other rules
    for name, (header, records) in read.items():
        checked.rows[name] = [dict(zip(header, record, strict=True)) for record in records]
    if "documents" in checked.rows:
        _check_sources(data_dir, checked.rows["documents"], checked, recording)
    checked.problems.extend(_run_rules(checked, paths, rule_list, second, from_child))
    checked.problems = _first_of_repeats(checked.problems)
    return checked


#: Set to 1 to run every rule in this process (the default on a large package is two processes: see :func:`_run_rules`).
PROCESSES_ENV = "GEOPOL_VALIDATE_PROCESSES"
#: Below this many rows the rules run in this process: a second process would cost more than it saves.
PARALLEL_ROWS = 20_000


def _second_process(checked: CheckedPackage, rules: list[Rule]) -> list[int]:
    """Which of ``rules`` (by position) run in a second process: none unless the package is large, on Linux, with 2+ CPUs.

    On a large package three rules need only the columns: the tables' schemas checked column by column, the
    raw rows' constraints (which reuse that check's pattern matches) and the text cells. They run in a forked
    copy of this process while this one builds the rows, reads the sources and runs the others; on 300,000 rows
    each side then has about half the work. ``GEOPOL_VALIDATE_PROCESSES=1`` turns the copy off.
    """
    rows = sum(len(next(iter(columns.values()), ())) for columns in checked.columns.values())
    second = [i for i, rule in enumerate(rules) if rule in (rule_frictionless, rule_text_cells, rule_raw_constraints)]
    if (rows < PARALLEL_ROWS or len(second) == len(rules) or not sys.platform.startswith("linux")
            or (os.cpu_count() or 1) < 2 or os.environ.get(PROCESSES_ENV) == "1"):
        return []
    return second


def _run_rules(checked: CheckedPackage, paths: dict[str, str], rules: list[Rule], second: Sequence[int] = (),
               from_child: Callable[[], object] | None = None) -> list[Problem]:
    """Every rule's problems, in the order of ``rules``: those at the positions ``second`` from the forked copy.

    The copy sends its problems back through a pipe, and the result is the same
    list in the same order as one process finds. If the copy could not be made
    or did not answer, this process runs its rules too.
    """
    found = {i: list(rule(checked, paths)) for i, rule in enumerate(rules) if i not in second}
    if second:
        child = from_child() if from_child is not None else None
        if not isinstance(child, dict):  # no second process, or it died: run its rules here
            child = {i: list(rules[i](checked, paths)) for i in second}
        found.update(child)
    return [problem for i in range(len(rules)) for problem in found[i]]


def _in_forked_process(work: Callable[[], object]) -> Callable[[], object]:
    """Start ``work`` in a forked copy of this process; return a function that waits for its result.

    The result is None when no copy could be made or it ended without a result;
    an exception raised by ``work`` is raised again by the waiting function.
    """
    import pickle

    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return lambda: None
    if pid == 0:  # the copy: compute, send, and leave without running anything of the parent's (no atexit, no flush)
        status = 1
        try:
            gc.disable()  # collecting would run finalizers of the parent's objects (sockets of a kernel) in the copy
            os.close(read_end)
            try:
                outcome: tuple[str, object] = ("result", work())
            except BaseException as exc:  # sent to the parent, which raises it
                outcome = ("raised", exc)
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def wait() -> object:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
        except BaseException:
            os.kill(pid, 9)
            raise
        finally:
            os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(data)
        except Exception:  # the copy died: nothing, or half a message
            return None
        if kind == "raised":
            raise value  # type: ignore[misc]
        return value

    return wait


def _first_of_repeats(problems: list[Problem]) -> list[Problem]:
    """The problems without a second ``constraint-error`` at the same cell.

    Two checks report constraints: frictionless (or the column-wise check) on the rows it reads, and the project's
    own check of the raw rows (:func:`helpers.dataset.rules.reading.rule_raw_constraints`), so that a descriptor
    option cannot hide a row. A cell both report is listed once, with the first one's message.
    """
    seen: set[tuple[str, int | None, str | None]] = set()
    kept = []
    for p in problems:
        if p.code == "constraint-error":
            if (p.file, p.row, p.column) in seen:
                continue
            seen.add((p.file, p.row, p.column))
        kept.append(p)
    return kept


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
        print(problem)  # printable whatever the data holds (Problem.__str__ escapes)
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    if errors or (warnings and args.strict):
        print(f"{len(errors)} problem(s) found" + (f", {warnings} warning(s)" if warnings else ""), file=sys.stderr)
        return 1
    print("valid" + (f", {warnings} warning(s)" if warnings else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One path for every curator write: the package as it would be, checked by the validator; then written, journalled.

Every command (``add``, ``annotate``, ``update``, ``register``, ``import``,
``remove``) computes the bytes it would write while holding the folder lock,
then hands them to :func:`apply`: with ``dry_run`` nothing is written and the
answer is the validator's verdict on a private copy of the package with the
change applied; otherwise :func:`helpers.curation.journal.commit` writes it whole and
journals it, so ``undo`` can take it back.

>>> from helpers.dataset.paths import default_data_dir
>>> v = verdict(default_data_dir(), {})
>>> v.valid, v.new
(True, [])
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from helpers.curation.journal import JOURNAL, commit, locked
from helpers.curation.rows import _appended, _check_row, _records
from helpers.dataset.problems import CannotValidate, Problem
from helpers.dataset.reading import _primary_key
from helpers.dataset.validate import check_package

__all__ = ["Draft", "Verdict", "apply", "verdict"]


@dataclass(frozen=True)
class Verdict:
    """The validator's problems on the package as it would be (files named relative to the data folder).

    ``new`` holds those the package does not have today: what the change itself would cause.
    """

    problems: list[Problem] = field(default_factory=list)
    new: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def valid(self) -> bool:
        return not self.errors

    def __str__(self) -> str:
        if self.valid:
            warnings = len(self.problems)
            return "the package would be valid" + (f" ({warnings} warning(s))" if warnings else "")
        lines = [f"the package would have {len(self.errors)} problem(s), {len([p for p in self.new if p.is_error])} caused by this change:"]
        lines += [f"  {'new: ' if p in self.new else ''}{p}" for p in self.errors]
        return "\n".join(lines)


class Draft(dict):
    """A row that a dry run would have written, with the validator's :class:`Verdict` on the package as it would be."""

    def __init__(self, row: Mapping[str, str], verdict: Verdict, written: bool = False):
        super().__init__(row)
        self.verdict = verdict
        self.written = written


def _problems(folder: Path) -> list[Problem]:
    try:
        checked = check_package(folder)
    except CannotValidate as exc:
        return [exc.problem]
    return [p.relative_to(folder) if Path(p.file).is_relative_to(folder) else p for p in checked.problems]


def verdict(data_dir: str | Path, changes: Mapping[str, bytes | None]) -> Verdict:
    """Validate a private copy of ``data_dir`` with ``changes`` applied (path -> bytes, ``None`` deletes); touch nothing."""
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="geopol_dry_run_") as tmp:
        before = Path(tmp) / "before"
        shutil.copytree(data_dir, before, ignore=shutil.ignore_patterns(JOURNAL, ".*.curate-tmp"))
        today = _problems(before)
        after = Path(tmp) / "after"
        before.rename(after)
        for rel, data in changes.items():
            target = after / rel
            if data is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        problems = _problems(after)
    return Verdict(problems, [p for p in problems if p not in today])


def apply(data_dir: str | Path, command: str, changes: Mapping[str, bytes | None], row: Mapping[str, str], *,
          dry_run: bool = False, create: tuple[str, ...] = ()) -> Draft:
    """Write ``changes`` as one journalled write (the caller holds the lock), or with ``dry_run`` only judge them.

    Returns ``row`` as a :class:`Draft`; a dry run's carries the verdict, a real write's an empty one.
    """
    if dry_run:
        return Draft(row, verdict(data_dir, changes))
    commit(data_dir, command, changes, create=create)
    return Draft(row, Verdict(), written=True)


def _append_row(data_dir: Path, table: str, fields: Mapping[str, str], descriptor: dict, resource: dict, *, dry_run: bool = False,
                command: str = "") -> dict[str, str]:
    """Under the lock: re-read the table, check the new row against its schema and rows, append it (journalled) or judge it."""
    with locked(data_dir):
        records = _records(data_dir, resource)
        header = records[0]
        unknown = [name for name in fields if name not in header]
        if unknown:
            raise ValueError(f"no column {', '.join(map(repr, unknown))} in {table} (columns: {', '.join(header)})")
        row = {name: str(fields.get(name, "")) for name in header}
        others = [dict(zip(header, r, strict=False)) for r in records[1:]]
        _check_row(data_dir, descriptor, table, resource, row, others)
        command = command or f"add {table} {row.get(_primary_key(resource) or '', '')}"
        return apply(data_dir, command, {resource["path"]: _appended(data_dir, resource, records, row)}, row, dry_run=dry_run)

"""Every curator write as one journalled change: applied whole or not at all, and undoable.

A write names the files it changes (new bytes, a new file, a deletion) and
hands them to :func:`commit` while it holds the folder lock. Before touching
anything, :func:`commit` records in ``data/.journal/`` what each file held
(its bytes, or that it did not exist) and what it will hold; it then applies
the change file by file and marks the entry *applied*. A command killed in
between leaves an entry that is not marked applied: the next command to take
the lock puts every file back as it was (:func:`recover`), so an import never
leaves a source file without its ``documents`` row, nor a cascade half done.

:func:`undo` takes the newest applied entry back, after checking that every
file it touched still holds what that write left (a later hand edit is never
overwritten: it is refused with the code ``undo-conflict``). Undo is crash-safe
the same way: it marks the entry *undoing* first, and recovery finishes it.

The journal lives beside the data (``.journal/``, ignored by git; the
validator reads only what the descriptor names, and the validation cache skips
folders whose name starts with a dot).

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.csv").write_text("x\\n1\\n")
>>> entry = commit(d, "add a row", {"a.csv": b"x\\n1\\n2\\n"})
>>> (d / "a.csv").read_text(), history(d)[0]["command"]
('x\\n1\\n2\\n', 'add a row')
>>> undo(d)["command"], (d / "a.csv").read_text(), history(d)
('add a row', 'x\\n1\\n', [])
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from helpers.curation.lock import hold
from helpers.curation.recovery import TMP_SUFFIX as _TMP_SUFFIX
from helpers.curation.recovery import recover_registers, remove_stale_temporaries
from helpers.curation.rows import _documents
from helpers.dataset.problems import Problem

__all__ = ["JOURNAL", "Refused", "commit", "history", "locked", "recover", "undo"]

#: The journal's folder inside the data folder.
JOURNAL = ".journal"
_APPLIED, _UNDOING, _MANIFEST = "applied", "undoing", "manifest.json"


class Refused(ValueError):
    """A write the curator tools refuse, with a stable code (like the validator's problems).

    >>> print(Refused("still-referenced", "actors row 'x' is referred to", file="actors.csv", column="actor_id"))
    actors.csv:actor_id: [still-referenced] actors row 'x' is referred to
    """

    def __init__(self, code: str, message: str, *, file: str = "", row: int | None = None, column: str | None = None):
        self.problem = Problem(file, row, column, message, code)
        super().__init__(str(self.problem) if file else f"[{code}] {message}")

    @property
    def code(self) -> str:
        return self.problem.code


# --- files ----------------------------------------------------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new temporary file beside ``name``, with the permissions the umask gives a new file.

    Not :func:`tempfile.mkstemp`, whose files are private (0600): replacing a table with one would silently
    take it away from the group and the others who could read it.
    """
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}{_TMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        return fd, tmp
    raise FileExistsError(f"no free temporary name beside {folder / name}")


def _write_temporary(folder: Path, name: str, data: bytes) -> Path:
    fd, tmp = _open_temporary(folder, name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _put(path: Path, data: bytes | None) -> None:
    """Make ``path`` hold ``data`` all at once (``None``: make it absent)."""
    if data is None:
        if path.exists() or path.is_symlink():
            path.unlink()
            _fsync_dir(path.parent)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(os.lstat(path).st_mode)  # a replaced file keeps its permissions
    except FileNotFoundError:
        mode = None
    tmp = _write_temporary(path.parent, path.name, data)
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _sha(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _current(path: Path) -> bytes | None:
    if path.is_symlink():
        raise Refused("outside-package", f"{path} is a symbolic link: the curator tools never write through one")
    return path.read_bytes() if path.is_file() else None


def _inside(data_dir: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or pure.parts[0] == JOURNAL:
        raise Refused("outside-package", f"{rel!r} is not a path inside the data folder")
    return data_dir.joinpath(*pure.parts)


# --- the lock -------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(data_dir: str | Path) -> Iterator[None]:
    """Hold the exclusive lock on the data folder; finish any interrupted change first.

    The lock is :func:`helpers.curation.lock.hold`: a wait bounded by ``--lock-timeout`` (or
    ``$GEOPOL_LOCK_TIMEOUT``, 30 s by default) that then names the holder and changes nothing. Under it,
    what a killed command left is cleared: its temporary files (:mod:`helpers.curation.recovery`), a change
    it did not finish (rolled back from this journal), and a ``register`` journal of the older format.
    """
    data_dir = Path(data_dir)
    with hold(data_dir):
        remove_stale_temporaries(data_dir)
        recover(data_dir)
        recover_registers(data_dir, lambda: {row.get("path", "") for row in _documents(data_dir)})
        yield


# --- the journal ----------------------------------------------------------------------------------------------------


def _entries(data_dir: Path) -> list[Path]:
    folder = data_dir / JOURNAL
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_dir() and p.name[:6].isdigit()), key=lambda p: p.name)


def _manifest(entry: Path) -> dict:
    return json.loads((entry / _MANIFEST).read_text(encoding="utf-8"))


def _mark(entry: Path, name: str) -> None:
    (entry / name).write_bytes(b"")
    _fsync_dir(entry)


def _discard(entry: Path) -> None:
    """Remove an entry: renamed away first (one atomic step), then deleted."""
    trash = entry.parent / f".trash-{entry.name}"
    os.rename(entry, trash)
    _fsync_dir(entry.parent)
    shutil.rmtree(trash, ignore_errors=True)


def _restore(data_dir: Path, entry: Path) -> list[str]:
    manifest = _manifest(entry)
    restored = []
    for item in manifest["files"]:
        before = None if item["before"] is None else (entry / item["before"]).read_bytes()
        path = _inside(data_dir, item["path"])
        if _sha(_current(path)) != item["before_sha256"]:
            _put(path, before)
        restored.append(item["path"])
    return restored


def recover(data_dir: str | Path) -> list[str]:
    """Put back every file of a change that was interrupted (not marked applied, or being undone); return their paths.

    Call it only while holding the lock (:func:`locked` does).
    """
    data_dir = Path(data_dir)
    folder = data_dir / JOURNAL
    if folder.is_dir():
        for stale in folder.glob(".trash-*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in folder.glob(".new-*"):
            shutil.rmtree(stale, ignore_errors=True)
    restored: list[str] = []
    for entry in reversed(_entries(data_dir)):
        if not (entry / _MANIFEST).is_file():
            _discard(entry)
            continue
        if (entry / _APPLIED).exists() and not (entry / _UNDOING).exists():
            continue
        restored += _restore(data_dir, entry)
        _discard(entry)
    return restored


def commit(data_dir: str | Path, command: str, changes: Mapping[str, bytes | None], *, create: tuple[str, ...] = ()) -> str:
    """Apply ``changes`` (path inside the folder -> new bytes, or ``None`` to delete) as one journalled write.

    The caller holds the lock (:func:`locked`) and has checked the change.
    Paths in ``create`` must not exist yet (a source file is never overwritten).
    Returns the journal entry's name.
    """
    data_dir = Path(data_dir)
    before: dict[str, bytes | None] = {}
    for rel in changes:
        current = _current(_inside(data_dir, rel))
        if rel in create and current is not None:
            raise Refused("file-exists", f"{data_dir / rel} exists already: it is never overwritten", file=str(data_dir / rel))
        before[rel] = current
    folder = data_dir / JOURNAL
    made_folder = not folder.is_dir()
    folder.mkdir(exist_ok=True)
    entries = _entries(data_dir)
    number = int(entries[-1].name[:6]) + 1 if entries else 1
    entry = folder / f"{number:06d}"
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=".new-"))
        files = []
        for i, (rel, data) in enumerate(changes.items()):
            blob = None
            if before[rel] is not None:
                blob = f"before-{i}"
                _write_synced(staging / blob, before[rel])
            files.append({"path": rel, "before": blob, "before_sha256": _sha(before[rel]), "after_sha256": _sha(data)})
        manifest = {"command": command, "files": files}
        _write_synced(staging / _MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        _fsync_dir(staging)
        os.rename(staging, entry)  # from here on, an interrupted write is rolled back by recover()
        _fsync_dir(folder)
    except BaseException:  # the journal could not be written (a full disk): nothing was changed; leave no trace
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if made_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    try:
        for rel, data in changes.items():
            _put(_inside(data_dir, rel), data)
    except BaseException:
        _restore(data_dir, entry)
        _discard(entry)
        if made_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    _mark(entry, _APPLIED)
    return entry.name


def history(data_dir: str | Path) -> list[dict]:
    """The applied writes that can be undone, newest first: ``{"entry", "command", "files"}``."""
    data_dir = Path(data_dir)
    out = []
    for entry in reversed(_entries(data_dir)):
        if (entry / _APPLIED).exists() and not (entry / _UNDOING).exists():
            manifest = _manifest(entry)
            out.append({"entry": entry.name, "command": manifest["command"], "files": [f["path"] for f in manifest["files"]]})
    return out


def undo(data_dir: str | Path, *, dry_run: bool = False, _locked: bool = False) -> dict:
    """Take back the newest write; return what it was (``entry``, ``command``, ``files``).

    Refuses (``Refused``, code ``nothing-to-undo``) when the journal is empty,
    and (code ``undo-conflict``) when a file it touched has changed since: the
    later change, by hand or by a tool that keeps no journal, would be lost.
    With ``dry_run`` it checks the same and changes nothing.
    """
    data_dir = Path(data_dir)
    with contextlib.nullcontext() if _locked else locked(data_dir):
        done = history(data_dir)
        if not done:
            raise Refused("nothing-to-undo", f"the journal of {data_dir} holds no write to undo")
        last = done[0]
        entry = data_dir / JOURNAL / last["entry"]
        for item in _manifest(entry)["files"]:
            now = _sha(_current(_inside(data_dir, item["path"])))
            if now != item["after_sha256"]:
                raise Refused("undo-conflict", f"{item['path']} changed after {last['command']!r} (by hand, or by a tool without the "
                                               "journal): undoing would lose that change; nothing was undone", file=item["path"])
        if not dry_run:
            _mark(entry, _UNDOING)
            _restore(data_dir, entry)
            _discard(entry)
    return last

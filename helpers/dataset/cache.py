"""Remember which exact data was found valid, so an unchanged package is not validated again.

A full validation of the article takes a few hundred milliseconds, of a
thousand documents a few seconds, and every notebook loads the data once in a
fresh kernel. The outcome depends only on

* the bytes of every file in the data folder (descriptor, tables, sources and
  anything else there: a new or a missing file changes the key too),
* the validator's own code: a SHA-256 of every source file of the ``helpers``
  package, so any code change counts, with no hand-kept version number,
* the libraries it runs on: the Python version and every distribution
  installed beside ``frictionless`` (name and version, read from the
  ``*.dist-info`` folder names, so an upgrade of any of them counts).

:func:`snapshot` reads the files once and computes that key; the loader
parses the tables from the same bytes it hashed. An entry records only
"this exact content was found valid, with these warnings": a package with an
error is never stored. Entries live in the user's cache folder
(``platformdirs.user_cache_dir``), or in the folder named by the environment
variable ``GEOPOL_NOTEBOOKS_CACHE_DIR`` (an empty value turns the cache off).
They are written atomically (a temporary file, then ``os.replace``), so kernels
loading at the same time never see half an entry. An entry that is unreadable,
of another format or for another key is ignored, never trusted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ENV_VAR", "Entry", "Snapshot", "cache_dir", "lookup", "snapshot", "store", "validator_version"]

ENV_VAR = "GEOPOL_NOTEBOOKS_CACHE_DIR"
APP_NAME = "geopol-notebooks"
FORMAT = 1  # layout of an entry; a change here makes old entries foreign
MAX_ENTRIES = 64  # oldest entries beyond this are removed after a store


@dataclass(frozen=True)
class Snapshot:
    """Every file of a data folder as read once, and the cache key of that content."""

    data_dir: Path
    files: dict[str, bytes]  # path relative to data_dir (POSIX) -> bytes
    key: str
    stamps: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)  # path -> (size, mtime_ns) when read

    def unchanged(self) -> bool:
        """Whether the folder still holds the same files with the same sizes and modification times.

        A cheap check (no reading) that nothing was written while a validation ran.
        """
        try:
            return _stamps(self.data_dir) == self.stamps
        except OSError:
            return False

    def text(self, rel: str) -> str:
        """A file's content as UTF-8 text, without newline translation."""
        return self.files[rel].decode("utf-8")


def validator_version() -> str:
    """SHA-256 over the source of every module of the ``helpers`` package (names and bytes)."""
    package = Path(__file__).resolve().parents[1]  # the whole helpers package, not only this subpackage
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def library_versions() -> list[str]:
    """The Python version and every distribution installed beside frictionless, as ``name-version`` folder names.

    Reading folder names costs one directory listing, where ``importlib.metadata``
    would cost tens of milliseconds on a path that should take few.
    """
    import importlib.util

    found = [f"python-{sys.version}"]
    spec = importlib.util.find_spec("frictionless")
    if spec is None or not spec.submodule_search_locations:
        return [*found, "frictionless-missing"]
    site = Path(next(iter(spec.submodule_search_locations))).parent
    with contextlib.suppress(OSError):
        found += sorted(name for name in os.listdir(site) if name.endswith((".dist-info", ".egg-info")))
    return found


class NotCacheable(OSError):
    """The folder holds something other than regular files and folders (a link, a FIFO, a device): never read it here."""


#: The curator tools' journal folder (helpers.curation.journal.JOURNAL; named here because the dataset tier imports nothing above it).
JOURNAL = ".journal"


def _walk(data_dir: Path) -> list[tuple[str, Path]]:
    """Every regular file under ``data_dir``, sorted. Raises :class:`NotCacheable` on anything else.

    A symlink could lead out of the folder and a FIFO would block a read: such a folder is left to the
    full validation, which reports them without opening them.
    """
    found = []
    for folder, dirs, names in os.walk(data_dir):
        if Path(folder) == data_dir and JOURNAL in dirs:
            dirs.remove(JOURNAL)  # the curator tools' journal of past writes: never read by the validator, so not part of the key
        dirs.sort()
        for name in [*dirs, *names]:
            mode = os.lstat(Path(folder, name)).st_mode
            if not (stat.S_ISREG(mode) or (stat.S_ISDIR(mode) and name in dirs)):
                raise NotCacheable(f"{Path(folder, name)} is not a regular file or folder")
        for name in sorted(names):
            path = Path(folder, name)
            found.append((path.relative_to(data_dir).as_posix(), path))
    return found


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _stamps(data_dir: Path) -> dict[str, tuple[int, int]]:
    return {rel: _stamp(path) for rel, path in _walk(data_dir)}


def snapshot(data_dir: Path) -> Snapshot | None:
    """Read every file under ``data_dir`` and compute the cache key; None if the folder cannot be read."""
    if not data_dir.is_dir():
        return None
    files: dict[str, bytes] = {}
    stamps: dict[str, tuple[int, int]] = {}
    try:
        for rel, path in _walk(data_dir):
            stamps[rel] = _stamp(path)  # before reading: a write after this changes the stamp
            files[rel] = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256()
    header = {"format": FORMAT, "validator": validator_version(), "libraries": library_versions()}
    digest.update(json.dumps(header, sort_keys=True).encode() + b"\0")
    for rel, raw in files.items():
        digest.update(rel.encode() + b"\0" + hashlib.sha256(raw).hexdigest().encode() + b"\0")
    return Snapshot(data_dir=data_dir, files=files, key=digest.hexdigest(), stamps=stamps)


def cache_dir() -> Path | None:
    """Where entries live: ``$GEOPOL_NOTEBOOKS_CACHE_DIR`` if set (empty: no cache), else the user's cache folder."""
    configured = os.environ.get(ENV_VAR)
    if configured is not None:
        return Path(configured) / "validation" if configured else None
    import platformdirs  # imported here: only needed when the folder is not configured

    return Path(platformdirs.user_cache_dir(APP_NAME)) / "validation"


def _entry_path(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{key}.json"


@dataclass(frozen=True)
class Entry:
    """What a full validation found for one content: its warnings, and how many data rows each table had."""

    warnings: list[dict]
    rows: dict[str, int]


def lookup(snap: Snapshot) -> Entry | None:
    """The entry recorded when this exact content was found valid, or None (never seen, corrupt or foreign)."""
    path = _entry_path(snap.key)
    if path is None:
        return None
    try:
        entry = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != snap.key:
        return None
    warnings, rows = entry.get("warnings"), entry.get("rows")
    if not isinstance(warnings, list) or not all(isinstance(w, dict) for w in warnings):
        return None
    if not isinstance(rows, dict) or not all(isinstance(n, int) for n in rows.values()):
        return None
    return Entry(warnings, rows)


def store(snap: Snapshot, warnings: Iterable[object], rows: dict[str, int]) -> bool:
    """Record that ``snap``'s content was found valid with these warnings (problems of severity ``"warning"``).

    ``rows`` is the number of data rows of each table as the validator read them,
    for the loader to check its own reading of the same bytes against.

    Refuses (returns False) if any problem is not explicitly a warning: an error is
    never cached as valid. Failing to write (read-only home, full disk) is not an
    error for the caller: the next load validates again.
    """
    problems = list(warnings)
    if any(getattr(p, "severity", None) != "warning" for p in problems):
        return False
    path = _entry_path(snap.key)
    if path is None:
        return False
    entry = {"format": FORMAT, "key": snap.key, "data_dir": str(snap.data_dir), "rows": rows,
             "warnings": [_relative(dataclasses.asdict(p), snap.data_dir) for p in problems]}  # type: ignore[arg-type]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return False
    _prune(path.parent)
    return True


def _relative(problem: dict, data_dir: Path) -> dict:
    """Store a problem's file relative to the data folder, so a moved folder still shows correct paths."""
    with contextlib.suppress(ValueError):
        problem = {**problem, "file": Path(problem["file"]).relative_to(data_dir).as_posix()}
    return problem


def _prune(folder: Path) -> None:
    """Keep the newest :data:`MAX_ENTRIES` entries; other kernels may be pruning at the same time."""
    with contextlib.suppress(OSError):
        entries = [(p.stat().st_mtime_ns, p) for p in folder.glob("*.json")]
        for _, old in sorted(entries, reverse=True)[MAX_ENTRIES:]:
            with contextlib.suppress(OSError):
                old.unlink()

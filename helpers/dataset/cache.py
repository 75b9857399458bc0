"""Remember which exact data was found valid, so an unchanged package is not validated again.

A full validation of the article takes a few hundred milliseconds, of a
thousand documents a few seconds, and every notebook loads the data once in a
fresh kernel. The outcome depends only on

* the bytes of every file the package names (the descriptor, each table, each
  document's source), read once; a file the descriptor does not name is never
  read (a 6 GB file left in ``sources/`` costs nothing) and does not change the key,
* the validator's own code: a SHA-256 of every source file of the ``helpers``
  package, so any code change counts, with no hand-kept version number,
* the libraries it runs on: the Python version and every distribution
  installed beside ``frictionless`` (name and version, read from the
  ``*.dist-info`` folder names, so an upgrade of any of them counts).

:func:`snapshot` reads the files once and computes that key; the validator
checks those very bytes (``check_package(read=snap.read)``) and the loader parses
the tables from them, so an entry vouches for the bytes that were validated and
no writer racing the validation can make it vouch for others. An entry records only
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
import csv
import dataclasses
import hashlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpers.dataset.paths import DESCRIPTOR_NAME
from helpers.dataset.provenance import DataFolder, SourceText

__all__ = ["ENV_VAR", "Entry", "Snapshot", "cache_dir", "lookup", "snapshot", "store", "validator_version"]

ENV_VAR = "GEOPOL_NOTEBOOKS_CACHE_DIR"
APP_NAME = "geopol-notebooks"
FORMAT = 2  # layout of an entry and of its key (2: only the files the package names); a change here makes old entries foreign
MAX_ENTRIES = 64  # oldest entries beyond this are removed after a store


@dataclass(frozen=True)
class Snapshot:
    """The files the package names, each read once, and the cache key of exactly those bytes.

    ``read`` hands the validator these same bytes (``check_package(read=snap.read)``), so what a stored
    entry vouches for is what was validated. A file the validator asks for that the snapshot did not
    read is read then and recorded in ``unforeseen``: such a snapshot is never stored.
    """

    data_dir: Path
    files: dict[str, bytes]  # path as the package names it -> bytes
    key: str
    unforeseen: set[str] = dataclasses.field(default_factory=set)
    digests: dict[str, str] = dataclasses.field(default_factory=dict)  # path -> SHA-256 of the bytes in the key

    def read(self, rel: str) -> bytes:
        """The bytes of ``rel`` as the snapshot read them (the validator's reader)."""
        if rel not in self.files:
            self.files[rel] = DataFolder(self.data_dir).read(rel)
            self.unforeseen.add(rel)
        return self.files[rel]

    @property
    def complete(self) -> bool:
        """Whether the key covers every file the validation read."""
        return not self.unforeseen

    def source(self, rel: str) -> SourceText:
        """A source file as :class:`SourceText`, its hash the one the key was computed from (not computed again)."""
        raw = self.files[rel]
        digest = self.digests.get(rel)
        return SourceText(text=raw.decode("utf-8"), sha256=digest) if digest is not None else SourceText.from_bytes(raw)

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


def _named_files(data_dir: Path) -> dict[str, bytes] | None:
    """Read the files the package names, and nothing else: the descriptor, each resource's path, each document's source.

    Each is checked to be a regular file inside the folder before it is opened (never a FIFO, never a link out);
    a file the descriptor does not name is never read, however large. None when the package cannot be read this
    way (a broken descriptor, a missing file, ...): the loader then leaves everything to the full validation,
    which reports why.
    """
    files: dict[str, bytes] = {}
    folder = DataFolder(data_dir)

    def read(rel: object) -> bytes:
        if not isinstance(rel, str):
            raise ValueError(f"path {rel!r} is not a string")
        if rel not in files:
            files[rel] = folder.read(rel)
        return files[rel]

    try:
        descriptor = json.loads(read(DESCRIPTOR_NAME))
        resources = descriptor["resources"]
        for resource in resources:
            read(resource["path"])
        documents = next(r for r in resources if r["name"] == "documents")
        table = csv.reader(io.StringIO(read(documents["path"]).decode("utf-8"), newline=""), strict=True)
        header = next(table)
        column = header.index("path")
        for record in table:
            read(record[column])
    except (OSError, ValueError, KeyError, TypeError, IndexError, StopIteration, RecursionError, csv.Error):
        return None  # OutsidePackage and UnicodeDecodeError are ValueErrors
    return files


def snapshot(data_dir: Path) -> Snapshot | None:
    """Read the files the package names (only those) once, and compute the cache key of those bytes.

    None if the package cannot be read that way; the full validation then reports why.
    """
    if not data_dir.is_dir():
        return None
    files = _named_files(data_dir)
    if files is None:
        return None
    digest = hashlib.sha256()
    header = {"format": FORMAT, "validator": validator_version(), "libraries": library_versions()}
    digest.update(json.dumps(header, sort_keys=True).encode() + b"\0")
    digests = {}
    for rel, raw in sorted(files.items()):
        digests[rel] = hashlib.sha256(raw).hexdigest()
        digest.update(rel.encode("utf-8", "surrogatepass") + b"\0" + digests[rel].encode() + b"\0")
    return Snapshot(data_dir=data_dir, files=files, key=digest.hexdigest(), digests=digests)


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


# --- descriptors frictionless accepted ----------------------------------------------------------------------------------
#
# Checking a descriptor against the Data Package profiles needs frictionless and jsonschema: about a second to import
# and build in a fresh kernel, paid again by every notebook that validates a changed table (a curator's edit) although
# its descriptor did not change. The outcome depends only on the descriptor frictionless is given, this validator's
# code and the libraries: one empty file per accepted descriptor records it (a rejected one is never recorded).


def descriptor_key(descriptor: dict) -> str:
    """The key of one descriptor as frictionless is given it, with the validator's code and the libraries."""
    digest = hashlib.sha256()
    header = {"format": FORMAT, "validator": validator_version(), "libraries": library_versions()}
    digest.update(json.dumps(header, sort_keys=True).encode() + b"\0")
    digest.update(json.dumps(descriptor, sort_keys=True, ensure_ascii=True).encode())
    return digest.hexdigest()


def _descriptor_path(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder.parent / "descriptors" / key


def descriptor_accepted(key: str) -> bool:
    """Whether frictionless accepted this exact descriptor before (with this code and these libraries)."""
    path = _descriptor_path(key)
    return path is not None and path.is_file()


def remember_descriptor(key: str) -> None:
    """Record that frictionless accepted this descriptor; failing to write is not an error (the next run checks again)."""
    path = _descriptor_path(key)
    if path is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry-", suffix=".tmp")
        os.close(fd)
        os.replace(tmp, path)

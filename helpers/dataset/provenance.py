"""Read source texts exactly and tie evidence strings to character spans.

Offsets everywhere in this project are Python ``str`` indices into a source
decoded as UTF-8 and read *without* newline translation, end exclusive, so
that ``text[char_start:char_end] == evidence``.

>>> find_span("a cat and a cat", "cat", occurrence=2)
(12, 15)
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AmbiguousEvidence",
    "DataFolder",
    "EvidenceNotFound",
    "OutsidePackage",
    "SourceText",
    "contained_path",
    "find_span",
    "read_contained",
    "read_source",
    "sha256_of",
]


class EvidenceNotFound(LookupError):
    """The evidence string does not occur in the text (or not that often)."""


class AmbiguousEvidence(LookupError):
    """The evidence occurs more than once and no occurrence was given."""


class OutsidePackage(ValueError):
    """A path the data package names is not a regular file inside its folder.

    ``code`` says why, as the validator prints it: ``outside-package`` (a URL,
    an absolute path, ``..`` or a symlink leading out), ``not-a-regular-file``
    (a folder, a FIFO, a device) or ``file-not-found``.
    """

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^[/\\]{2}")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


class DataFolder:
    """A data folder and the files it names, each checked to stay inside it (see :func:`contained_path`).

    One instance serves many paths: the folder and each of its sub-folders are
    resolved once (symbolic links followed), and a file's real location is its
    resolved folder plus its name, unless the name is itself a link, which is
    then followed. That is what ``Path.resolve`` computes for every path, with
    one ``lstat`` per file instead of one per component: a corpus names
    thousands of source files in one folder.
    """

    def __init__(self, base: str | Path):
        self.base = Path(base)
        self.root = self.base.resolve()
        self._root = str(self.root)
        self._inside = self._root.rstrip("/") + "/"
        self._folders: dict[str, str] = {}

    def _real(self, target: str) -> str:
        parent, name = os.path.split(target)
        real_parent = self._folders.get(parent)
        if real_parent is None:
            real_parent = self._folders[parent] = os.path.realpath(parent)
        candidate = os.path.join(real_parent, name)
        return os.path.realpath(candidate) if os.path.islink(candidate) else candidate

    def path(self, rel: object, *, must_exist: bool = True) -> Path:
        """The path of ``rel`` inside the folder, checked as :func:`contained_path` says."""
        return Path(self._locate(rel, must_exist)[0])

    def real_location(self, rel: object) -> str:
        """Where ``rel`` really is (links followed), checked to be inside the folder; the file need not exist."""
        return self._locate(rel, False)[1]

    def _locate(self, rel: object, must_exist: bool) -> tuple[str, str]:
        """``(path, real location)`` of ``rel`` inside the folder, as strings, or :class:`OutsidePackage`."""
        if not isinstance(rel, str) or not rel:
            raise OutsidePackage("outside-package", f"path {rel!r} must be a non-empty string naming a file inside the data folder")
        if _URL.match(rel):
            raise OutsidePackage("outside-package", f"path {rel!r} is a URL: a package names files inside its own folder only")
        if _CONTROL.search(rel):
            raise OutsidePackage("outside-package", f"path {rel!r} contains a control character")
        parts = [part for part in rel.split("/") if part not in ("", ".")]  # the parts pathlib keeps
        if rel.startswith("/") or ".." in parts or "\\" in rel:
            raise OutsidePackage("outside-package",
                                 f"path {rel!r} must be relative to the data folder and stay inside it (no '..', no absolute path)")
        target = os.path.join(self._root, *parts)
        real = self._real(target) if parts else os.path.realpath(target)
        if real != self._root and not real.startswith(self._inside):
            raise OutsidePackage("outside-package", f"path {rel!r} leads outside the data folder (to {real}) through a symbolic link")
        if must_exist:
            try:
                mode = os.stat(real).st_mode
            except FileNotFoundError:
                raise OutsidePackage("file-not-found", f"file not found: {target}") from None
            except OSError as exc:
                raise OutsidePackage("file-not-found", f"cannot inspect {target}: {exc.strerror}") from None
            if not stat.S_ISREG(mode):
                raise _not_regular(target, mode)
        return target, real

    def read(self, rel: object) -> bytes:
        """The bytes of ``rel`` inside the folder (see :func:`read_contained`).

        The file is opened without inspecting it first (one call fewer per file: a corpus names thousands), and
        what was opened is checked; a file that cannot be opened is inspected then, for the precise problem.
        """
        path = self._locate(rel, False)[0]
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            self._locate(rel, True)  # missing, a folder, a socket...: the problem of :func:`contained_path`
            raise OutsidePackage("file-not-found", f"cannot open {path}: {exc.strerror}") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(path, info.st_mode)
            chunks = [os.read(fd, info.st_size + 1)]  # the whole file in one call, unless it grew since
            while chunks[-1]:
                chunks.append(os.read(fd, 1 << 20))
            return b"".join(chunks)
        finally:
            os.close(fd)


def _not_regular(path: str, mode: int) -> OutsidePackage:
    kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
    return OutsidePackage("not-a-regular-file", f"{path} is {kind}: only regular files are read")


def contained_path(base: str | Path, rel: object, *, must_exist: bool = True) -> Path:
    """The path of ``rel`` inside the folder ``base``, checked without opening anything.

    Refuses what is not a non-empty relative POSIX path string, URLs
    (``https://...``, ``file:...``), absolute paths, ``..``, control characters,
    and any path whose real location (symlinks followed) leaves ``base``. With
    ``must_exist`` the target must also be a regular file (never a FIFO, which
    would block a reader, nor a device or a folder). For many paths of one
    folder, :class:`DataFolder` does the same with each folder resolved once.

    >>> contained_path("/tmp", "https://example.org/x.csv", must_exist=False)
    Traceback (most recent call last):
    ...
    helpers.dataset.provenance.OutsidePackage: path 'https://example.org/x.csv' is a URL: a package names files inside its own folder only
    """
    return DataFolder(base).path(rel, must_exist=must_exist)


def read_contained(base: str | Path, rel: object) -> bytes:
    """The bytes of ``rel`` inside ``base`` (see :func:`contained_path`), never blocking.

    The file is opened non-blocking and checked again once open, so a FIFO
    swapped in after the check still cannot hang the reader.
    """
    return DataFolder(base).read(rel)


@dataclass(frozen=True)
class SourceText:
    """A source document exactly as stored: its text, raw bytes' hash and length.

    >>> src = SourceText.from_bytes(b"caf\\xc3\\xa9")
    >>> src.text, src.char_length
    ('café', 4)
    """

    text: str
    sha256: str

    @property
    def char_length(self) -> int:
        return len(self.text)

    @classmethod
    def from_bytes(cls, raw: bytes) -> SourceText:
        return cls(text=raw.decode("utf-8"), sha256=hashlib.sha256(raw).hexdigest())


def read_source(path: str | Path) -> SourceText:
    """Read a source file byte for byte (strict UTF-8, no newline translation).

    Raises ``UnicodeDecodeError`` for bytes that are not UTF-8 and
    ``FileNotFoundError`` for a missing file; never "repairs" the text.
    """
    return SourceText.from_bytes(Path(path).read_bytes())


def sha256_of(path: str | Path) -> str:
    """The SHA-256 hex digest of a file's bytes.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> sha256_of(f.name)[:12]
    'ba7816bf8f01'
    >>> os.unlink(f.name)
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


#: How many offsets a message lists, and how far a count goes: messages stay short whatever the text holds.
SHOWN_OCCURRENCES = 10
MAX_COUNTED = 10_000_000


def _shown(evidence: str) -> str:
    """The evidence as a message quotes it: its repr, cut to 200 characters."""
    text = repr(evidence)
    return text if len(text) <= 200 else f"{text[:200]}... ({len(evidence):,} characters)"


def find_span(text: str, evidence: str, occurrence: int | None = None) -> tuple[int, int]:
    """Return ``(char_start, char_end)`` of ``evidence`` in ``text``.

    ``occurrence`` counts from 1. Without it the evidence must occur exactly
    once; a repeated string raises :class:`AmbiguousEvidence` listing where it
    occurs, so a curator never picks the wrong one by accident.

    >>> find_span("Le Monde said", "Monde")
    (3, 8)
    """
    if not evidence:
        raise ValueError("evidence must be a non-empty string")
    shown = _shown(evidence)
    first: list[int] = []  # the first few starts, for the message; the rest are only counted (a common word may occur millions of times)
    count, chosen = 0, None
    i = text.find(evidence)
    while i != -1:
        count += 1
        if len(first) < SHOWN_OCCURRENCES:
            first.append(i)
        if occurrence is not None and count == occurrence:
            chosen = i
            break
        if occurrence is None and count > 1 and len(first) >= SHOWN_OCCURRENCES and count > MAX_COUNTED:
            break
        i = text.find(evidence, i + 1)
    if count == 0:
        raise EvidenceNotFound(f"evidence not found in text: {shown}")
    if occurrence is None:
        if count > 1:
            total = f"more than {MAX_COUNTED}" if count > MAX_COUNTED else f"{count}"
            where = ", ".join(map(str, first)) + (", ..." if count > len(first) else "")
            raise AmbiguousEvidence(f"evidence occurs {total} times (at {where}); give an occurrence from 1 to {total}: {shown}")
        chosen = first[0]
    if chosen is None:
        raise EvidenceNotFound(f"occurrence {occurrence} requested but evidence occurs {count} time(s): {shown}")
    start = chosen
    return start, start + len(evidence)

"""Read source texts exactly and tie evidence strings to character spans.

Offsets everywhere in this project are Python ``str`` indices into a source
decoded as UTF-8 and read *without* newline translation, end exclusive, so
that ``text[char_start:char_end] == evidence``.

>>> find_span("a cat and a cat", "cat", occurrence=2)
(12, 15)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AmbiguousEvidence",
    "EvidenceNotFound",
    "SourceText",
    "find_span",
    "read_source",
    "sha256_of",
]


class EvidenceNotFound(LookupError):
    """The evidence string does not occur in the text (or not that often)."""


class AmbiguousEvidence(LookupError):
    """The evidence occurs more than once and no occurrence was given."""


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
    starts: list[int] = []
    i = text.find(evidence)
    while i != -1:
        starts.append(i)
        i = text.find(evidence, i + 1)
    if not starts:
        raise EvidenceNotFound(f"evidence not found in text: {evidence!r}")
    if occurrence is None:
        if len(starts) > 1:
            raise AmbiguousEvidence(
                f"evidence occurs {len(starts)} times (at {', '.join(map(str, starts))}); "
                f"give an occurrence from 1 to {len(starts)}: {evidence!r}"
            )
        occurrence = 1
    if occurrence < 1 or occurrence > len(starts):
        raise EvidenceNotFound(
            f"occurrence {occurrence} requested but evidence occurs {len(starts)} time(s): {evidence!r}"
        )
    start = starts[occurrence - 1]
    return start, start + len(evidence)

"""What a killed curator command left behind, cleared by the next one under the folder lock (issue 25, class 6).

* Temporary files (``.*.curate-tmp``) of a write that never reached its ``os.replace``.
* A ``register`` killed between its source file and its ``documents`` row: before it creates
  ``sources/<id>.txt`` it writes a journal ``sources/.<id>.txt.register.curate-journal`` naming the file
  and the SHA-256 of the bytes it writes. :func:`recover_registers` removes the file only if no
  ``documents`` row names it and it still holds exactly those bytes (what the command created, nothing
  else), then the journal. So ``register`` is atomic as a whole: the retry, or any command, finds the
  package as it was before.

Call these only while holding the lock (:func:`helpers.curation.curate._locked` does).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

__all__ = ["JOURNAL_SUFFIX", "TMP_SUFFIX", "journal_of", "recover_registers", "remove_stale_temporaries"]

#: Temporary files the curator tools write next to a table; one left by a killed command is removed under the lock.
TMP_SUFFIX = ".curate-tmp"
JOURNAL_SUFFIX = ".register.curate-journal"


def remove_stale_temporaries(data_dir: Path) -> None:
    """Temporary files of a command that was killed mid-write (we hold the lock: none is in use)."""
    for folder in (data_dir, data_dir / "sources"):
        if folder.is_dir():
            for p in folder.glob(f".*{TMP_SUFFIX}"):
                p.unlink(missing_ok=True)


def journal_of(target: Path) -> Path:
    """Where ``register`` records, before it creates ``target``, that it is creating it (and with which bytes)."""
    return target.parent / f".{target.name}{JOURNAL_SUFFIX}"


def recover_registers(data_dir: Path, named_sources: Callable[[], set[str]]) -> None:
    """Undo a ``register`` killed between writing its source file and its ``documents`` row.

    ``named_sources`` gives the paths the ``documents`` rows name. If they cannot be read, nothing is
    removed (the journal stays for a later command).
    """
    sources = data_dir / "sources"
    journals = sorted(sources.glob(f".*{JOURNAL_SUFFIX}")) if sources.is_dir() else []
    if not journals:
        return
    try:
        named = named_sources()
    except (OSError, ValueError, KeyError, csv.Error):  # UnicodeDecodeError is a ValueError
        return
    for journal in journals:
        try:
            record = json.loads(journal.read_bytes())
            rel, digest = str(record["path"]), str(record["sha256"])
        except (OSError, ValueError, KeyError, TypeError):
            journal.unlink(missing_ok=True)  # not a journal we could have written whole: it protects nothing
            continue
        target = data_dir / rel
        if rel not in named and target.parent == sources and target.is_file() and not target.is_symlink():
            with contextlib.suppress(OSError):
                if hashlib.sha256(target.read_bytes()).hexdigest() == digest:
                    target.unlink()
        journal.unlink(missing_ok=True)

"""The curator tools' lock on a data folder: a bounded wait, and a message naming the holder (issue 25, class 5).

Each writing command holds an exclusive ``flock`` on the data folder itself while it
reads and writes its tables. A command suspended with Ctrl-Z keeps holding it, so a
waiter never waits forever: it gives up after :data:`DEFAULT_TIMEOUT` seconds (or
``--lock-timeout`` / ``$GEOPOL_LOCK_TIMEOUT``) with a message naming the holder: its
process id, its command line and since when it holds the lock.

The holder writes that record to ``.curate-lock`` in the data folder (atomically,
after taking the lock) and removes it before releasing the lock. A record left by a
killed command is harmless: the lock is the ``flock``, never the file, and a record
whose process is gone is reported as stale. A waiter reads at most
:data:`RECORD_LIMIT` bytes of it, without following a link and without blocking
(a FIFO planted there is not opened for reading), and prints it escaped.
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import json
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from helpers.dataset.printable import printable

__all__ = ["DEFAULT_TIMEOUT", "ENV_VAR", "RECORD", "FolderLocked", "hold", "lock_command", "lock_timeout"]

RECORD = ".curate-lock"
ENV_VAR = "GEOPOL_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
RECORD_LIMIT = 4096
_TMP_SUFFIX = ".curate-tmp"

#: The command line to record as the holder (the CLI sets it; otherwise the process's own arguments).
lock_command: contextvars.ContextVar[str | None] = contextvars.ContextVar("lock_command", default=None)
#: A timeout set for this call chain (the CLI's ``--lock-timeout``), over the environment and the default.
lock_timeout: contextvars.ContextVar[float | None] = contextvars.ContextVar("lock_timeout", default=None)


class FolderLocked(ValueError):
    """Another process held the folder lock for longer than the timeout; nothing was changed."""


def _timeout() -> float:
    chosen = lock_timeout.get()
    if chosen is not None:
        return max(0.0, chosen)
    configured = os.environ.get(ENV_VAR, "")
    try:
        return max(0.0, float(configured)) if configured.strip() else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True


def _read_record(data_dir: Path) -> str:
    """Who holds the lock, as the holder recorded it: bounded, non-blocking, never following a link."""
    try:
        fd = os.open(data_dir / RECORD, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return "another process (it left no record: not a curator command, or an older one)"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "another process (its record is not a regular file)"
        raw = os.read(fd, RECORD_LIMIT)
    except OSError:
        return "another process (its record cannot be read)"
    finally:
        os.close(fd)
    try:
        record = json.loads(raw.decode("utf-8"))
        pid, command, since = int(record["pid"]), str(record["command"]), str(record["since"])
    except (ValueError, KeyError, TypeError, OverflowError):
        return "another process (its record is unreadable)"
    if not _alive(pid):
        return f"another process (the record names pid {pid}, which has ended: a stale record)"
    return f"pid {pid} ({printable(command[:200])}), since {printable(since[:40])}"


def _write_record(data_dir: Path, command: str) -> None:
    """Best effort: a folder we cannot write to still gets the command's own, clearer error."""
    record = {"pid": os.getpid(), "command": command[:500], "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=f"{RECORD}.", suffix=_TMP_SUFFIX)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=True)
            os.replace(tmp, data_dir / RECORD)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def hold(data_dir: Path, command: str | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock on ``data_dir``, waiting at most ``timeout`` seconds; raise :class:`FolderLocked` after that."""
    data_dir = Path(data_dir)
    limit = _timeout() if timeout is None else timeout
    fd = os.open(data_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + limit
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FolderLocked(f"the data folder {printable(data_dir)} is locked by {_read_record(data_dir)}; waited {limit:g} s "
                                       "and gave up, nothing was changed. If that command is suspended (Ctrl-Z), resume it (fg) "
                                       f"or end it; to wait longer, give --lock-timeout SECONDS or set {ENV_VAR}") from None
                time.sleep(min(0.05, remaining))
        if command is None:
            command = lock_command.get() or " ".join(["python", *sys.argv])
        _write_record(data_dir, command)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                (data_dir / RECORD).unlink()  # before the lock is released: the next holder's record is never removed
    finally:
        os.close(fd)  # closing releases the lock

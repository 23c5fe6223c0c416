"""One analysis worker per database, across processes: an ``flock``'d file beside the database.

The worker process itself holds the lock for as long as it runs, so the kernel frees it the moment the
worker dies (however it dies). While a worker holds it, every ``running`` job belongs to that worker;
once a new worker holds it, every ``running`` job it finds belongs to a dead one. The file also says
who holds it (pid, parent pid, start time, heartbeat) for status displays; the lock, not the text, is
the truth.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no cross-process exclusion (documented in README)
    fcntl = None


def lock_path(db_path: str | os.PathLike) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".worker.lock")


class WorkerLock:
    """``acquire()`` without blocking; the lock lives as long as this object's file descriptor."""

    def __init__(self, db_path: str | os.PathLike):
        self.path = lock_path(db_path)
        self._fd: int | None = None
        self._info: dict = {}

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, **info) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
        self._fd = fd
        self._info = {"pid": os.getpid(), "parent": os.getppid(), "started_at": time.time(), **info}
        self.beat()
        return True

    def beat(self) -> None:
        """Rewrite the holder's line with a fresh heartbeat (for status; cheap, never required)."""
        if self._fd is None:
            return
        data = json.dumps({**self._info, "heartbeat": time.time()}).encode()
        try:
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, data, 0)
        except OSError:
            pass  # a full disk must not stop the worker over a status line

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        except OSError:
            pass
        if fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None


def holder(db_path: str | os.PathLike) -> dict | None:
    """Who holds the worker lock of this database: the holder's info, or None when it is free."""
    path = lock_path(db_path)
    if fcntl is None or not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            pass  # held: read who holds it below
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        try:
            return json.loads(os.pread(fd, 4096, 0) or b"{}")
        except (OSError, ValueError):
            return {}
    finally:
        os.close(fd)

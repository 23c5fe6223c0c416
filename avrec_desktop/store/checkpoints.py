"""The write-ahead log's checkpoints on a thread of their own, so that no commit of the window runs one.

SQLite copies the WAL back into the database (a checkpoint) inside the commit that takes the log past
``wal_autocheckpoint`` pages (1000), and that commit then fsyncs the database file. Every other commit
in WAL mode with ``synchronous=NORMAL`` only writes to the log and syncs nothing. So one play's start,
one like, one Up next refill in ~1000 pages of writes waited for a sync of the whole database file: ~25 ms
on this machine when the file is clean, and **715 ms** when the file still had ~500 MB in the page cache
not yet written back (a fresh copy of a 100k library; measured with a loop of commits after
``shutil.copyfile``, the first checkpoint's commit; the same loop after an fsync of the copy: 29 ms at
most). On a busy or slow disk the same sync waits as long, and the window's core thread waited with it,
with the user's Play similar behind it.

A process that owns the window opens its connections with ``autocheckpoint=False``
(``Store(path, autocheckpoint=False)``: ``PRAGMA wal_autocheckpoint=0``) and runs one
``BackgroundCheckpoints``: a thread with a connection of its own that runs a PASSIVE checkpoint every few
seconds. PASSIVE never waits for a reader or a writer and never blocks one; it copies what no reader still
needs and syncs only when it copied something. The analysis worker (a process of its own) keeps SQLite's
automatic checkpoints: its commits are nobody's wait. Closing the last connection still checkpoints, as
SQLite always does.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

EVERY_S = 5.0  # a checkpoint's worth of writes (1000 pages) takes the window minutes; the worker seconds


class BackgroundCheckpoints:
    """PASSIVE WAL checkpoints of ``path`` every ``every_s`` seconds on a daemon thread; ``close`` stops it."""

    def __init__(self, path: str | Path, *, every_s: float = EVERY_S):
        self.path = Path(path)
        self.every_s = float(every_s)
        self.done = 0  # checkpoints run (that found frames in the log)
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="avrec-wal-checkpoints", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = None
        try:
            conn = sqlite3.connect(str(self.path), timeout=60, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=60000")
            while not self._stop.wait(self.every_s):
                self._checkpoint(conn)
        except sqlite3.Error as exc:  # cannot even connect: the window's own store reports the database
            self._failed(exc)
        finally:
            if conn is not None:
                conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            _busy, frames, _copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:  # a full disk, an unplugged drive: the WAL keeps every commit meanwhile
            self._failed(exc)
            return
        if frames > 0:
            self.done += 1
        if self.last_error is not None:
            log.info("WAL checkpoints of %s work again", self.path)
            self.last_error = None

    def _failed(self, exc: Exception) -> None:
        text = str(exc) or type(exc).__name__
        if text != self.last_error:  # said once, not every few seconds
            log.warning("could not checkpoint the database's write-ahead log %s: %s (tried again later)",
                        self.path, text)
        self.last_error = text

    def close(self, timeout: float = 10.0) -> None:
        """Stop the thread (a checkpoint under way finishes first)."""
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

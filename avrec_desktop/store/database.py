"""The SQLite store: the single source of truth. Opened in WAL mode through sqlite-utils.

One ``Store`` per thread or process; each opens its own connection. Writers use ``transaction()``
(``BEGIN IMMEDIATE``) so a file's results land whole or not at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Iterator

from avrec_desktop import paths
from avrec_desktop.errors import DatabaseUnavailable, StoreError
from avrec_desktop.store import migrations, sort_keys
from avrec_desktop.store.chunks import ChunksMixin
from avrec_desktop.store.covers import CoversMixin
from avrec_desktop.store.embeddings import EmbeddingsMixin
from avrec_desktop.store.events import EventsMixin
from avrec_desktop.store.folders import FoldersMixin
from avrec_desktop.store.jobs import JobsMixin
from avrec_desktop.store.map_points import MapMixin
from avrec_desktop.store.media import MediaMixin
from avrec_desktop.store.reads import ReadsMixin
from avrec_desktop.store.sqlite_errors import ELSEWHERE_HINT, store_error
from avrec_desktop.store.tags import TagsMixin
from avrec_desktop.store.views import ViewsMixin
from avrec_desktop.store.words import WordsMixin


def _enable_wal(conn: sqlite3.Connection, patience: float = 60.0) -> None:
    """Switch the database to WAL, waiting out other processes doing the same.

    Turning a rollback-journal database into WAL needs an exclusive lock, and when several processes
    open an old database at once SQLite answers "database is locked" at once instead of calling the
    busy handler (its deadlock rule for a reader that wants to write). So retry with a short backoff
    for as long as the busy timeout would have waited; a database already in WAL returns at once.
    """
    deadline = time.monotonic() + patience
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", None) not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) \
                    or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


class Store(FoldersMixin, MediaMixin, EmbeddingsMixin, EventsMixin, JobsMixin, ViewsMixin, ReadsMixin, ChunksMixin,
            WordsMixin, CoversMixin, TagsMixin, MapMixin):
    def __init__(self, path: str | Path | None = None, *, migrate: bool = True, autocheckpoint: bool = True):
        """``autocheckpoint=False``: no commit on this connection runs a WAL checkpoint (and its fsync of the
        database file); the process runs them on a thread instead (store/checkpoints.py)."""
        try:
            self.path = Path(path) if path is not None else paths.database_path()
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(f"cannot create the data folder {exc.filename or ''} ({exc.strerror or exc}): "
                                      f"make its parent writable, {ELSEWHERE_HINT}") from exc
        self.conn = None
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=60, isolation_level=None,
                                        check_same_thread=False)
            sort_keys.install(self.conn)  # the triggers keeping the table's sort keys call them
            _enable_wal(self.conn)
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=60000")
            if not autocheckpoint:
                self.conn.execute("PRAGMA wal_autocheckpoint=0")
            self._depth = 0
            if migrate:
                migrations.migrate(self.conn, self.path)
        except (sqlite3.Error, StoreError) as exc:
            if self.conn is not None:
                self.conn.close()
            if isinstance(exc, StoreError):
                raise
            raise (store_error(exc, self.path)
                   or StoreError(f"cannot open the database {self.path}: {exc}")) from exc

    # -- plumbing --------------------------------------------------------------------------------
    @property
    def db(self):
        """sqlite-utils' view of the connection, for ad-hoc use. Imported on first use: the import costs
        ~0.1 s (click, dateutil, pluggy, numpy) that a one-shot ``avrec`` query should not pay."""
        if getattr(self, "_sqlite_utils_db", None) is None:
            import sqlite_utils

            self._sqlite_utils_db = sqlite_utils.Database(self.conn)
        return self._sqlite_utils_db

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: tuple | dict = ()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- settings --------------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    @staticmethod
    def now() -> float:
        return time.time()

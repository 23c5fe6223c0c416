"""WAL checkpoints off the window's commits (store/checkpoints.py).

No commit of a connection opened with ``autocheckpoint=False`` copies the log back or syncs the database
file: the log keeps every frame until someone checkpoints it. ``BackgroundCheckpoints`` does that on a
thread of its own, and says once, without raising, when it cannot. The window's core opens its store so.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from avrec_desktop.core import AppCore
from avrec_desktop.store import Store
from avrec_desktop.store.checkpoints import BackgroundCheckpoints

PAGE_WRITES = 1300  # each commit writes at least one page: past SQLite's 1000-page automatic checkpoint


def _write_many(store: Store, n: int = PAGE_WRITES) -> None:
    for i in range(n):
        store.set_setting(f"probe-{i}", "x" * 3000)  # one commit each, as plays and likes are


def _frames_in_log(conn) -> int:
    """How many frames the log file has room for: its size never shrinks while it is open, so this is the
    most it held (a 32-byte header, then frames of 24 bytes + a page)."""
    path = Path(conn.execute("PRAGMA database_list").fetchone()[2] + "-wal")
    size = path.stat().st_size if path.exists() else 0
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    return max(0, (size - 32) // (page + 24))


def test_a_store_without_autocheckpoint_never_checkpoints_in_a_commit(tmp_path):
    quiet, usual = tmp_path / "quiet.sqlite3", tmp_path / "usual.sqlite3"
    with Store(quiet, autocheckpoint=False) as store, Store(usual) as other:
        assert store.scalar("PRAGMA wal_autocheckpoint") == 0
        assert other.scalar("PRAGMA wal_autocheckpoint") == 1000
        _write_many(store)
        _write_many(other)
        quiet_frames = _frames_in_log(store.conn)
        usual_frames = _frames_in_log(other.conn)
    assert quiet_frames >= PAGE_WRITES  # every commit still in the log: none copied it back
    assert usual_frames < 1100  # SQLite's own checkpoint restarted its log at ~1000 frames


def test_background_checkpoints_copy_the_log_back(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Store(db, autocheckpoint=False) as store:
        checkpoints = BackgroundCheckpoints(db, every_s=0.05)
        try:
            _write_many(store, 300)
            deadline = time.monotonic() + 20
            while checkpoints.done == 0 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert checkpoints.done >= 1 and checkpoints.last_error is None
            # the log was copied back: a checkpoint now has nothing left to copy, and the next commit
            # starts the log again from its beginning instead of growing it
            busy, frames, copied = store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            assert busy == 0 and frames == copied
            size_before = (tmp_path / "library.sqlite3-wal").stat().st_size
            _write_many(store, 50)
            assert (tmp_path / "library.sqlite3-wal").stat().st_size <= size_before
        finally:
            checkpoints.close()
        assert not checkpoints.running


def test_a_database_that_cannot_be_opened_is_said_once_and_nothing_raises(tmp_path, caplog):
    missing = tmp_path / "no-such-folder" / "library.sqlite3"
    with caplog.at_level(logging.WARNING, logger="avrec_desktop.store.checkpoints"):
        checkpoints = BackgroundCheckpoints(missing, every_s=0.01)
        deadline = time.monotonic() + 10
        while checkpoints.running and time.monotonic() < deadline:
            time.sleep(0.01)
        checkpoints.close()
    assert checkpoints.last_error and "unable to open" in checkpoints.last_error
    said = [r for r in caplog.records if "could not checkpoint" in r.getMessage()]
    assert len(said) == 1


def test_a_failing_checkpoint_is_said_once_and_tried_again(tmp_path, caplog):
    db = tmp_path / "library.sqlite3"
    Store(db).close()
    checkpoints = BackgroundCheckpoints(db, every_s=3600)
    try:
        class Failing:
            def execute(self, sql):
                raise sqlite3.OperationalError("database or disk is full")
        with caplog.at_level(logging.WARNING, logger="avrec_desktop.store.checkpoints"):
            for _ in range(3):
                checkpoints._checkpoint(Failing())
        assert checkpoints.last_error == "database or disk is full"
        assert len([r for r in caplog.records if "disk is full" in r.getMessage()]) == 1
        conn = sqlite3.connect(str(db), isolation_level=None)
        try:
            checkpoints._checkpoint(conn)  # works again: the error is cleared
        finally:
            conn.close()
        assert checkpoints.last_error is None
    finally:
        checkpoints.close()


def test_the_windows_core_checkpoints_in_the_background_and_the_clis_inline(tmp_path):
    db = tmp_path / "library.sqlite3"
    core = AppCore(db, checkpoints="background")
    try:
        assert core.store.scalar("PRAGMA wal_autocheckpoint") == 0
        assert core._thread_stores.get().scalar("PRAGMA wal_autocheckpoint") == 0  # a task thread's store too
        assert core._checkpoints.running
    finally:
        core.close()
    assert not core._checkpoints.running  # closing the core stops its thread
    cli = AppCore(db, index_graph="off")
    try:
        assert cli.store.scalar("PRAGMA wal_autocheckpoint") == 1000 and cli._checkpoints is None
    finally:
        cli.close()
    with pytest.raises(ValueError):
        AppCore(db, checkpoints="sometimes")

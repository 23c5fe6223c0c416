import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from avrec_desktop.errors import DatabaseTooNew, MigrationFailed
from avrec_desktop.store import Store, migrations


def test_fresh_database_is_at_latest_version(tmp_path):
    store = Store(tmp_path / "db.sqlite3")
    assert migrations.schema_version(store.conn) == migrations.LATEST
    assert store.scalar("PRAGMA journal_mode") == "wal"
    tables = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"folders", "media", "embeddings", "events", "jobs", "settings"} <= tables


@pytest.mark.parametrize("start", range(0, migrations.LATEST + 1))
def test_migrates_from_every_older_version(tmp_path, start):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, path, migrations.MIGRATIONS[:start])
    assert migrations.schema_version(conn) == start
    conn.close()
    store = Store(path)
    assert migrations.schema_version(store.conn) == migrations.LATEST
    if 0 < start < migrations.LATEST:
        assert migrations.backup_path(path, start).exists()


def test_backup_is_made_before_migrating(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, path, migrations.MIGRATIONS[:1])
    conn.execute("INSERT INTO settings(key, value) VALUES ('k', 'v')")
    conn.close()
    extra = migrations.MIGRATIONS + ["CREATE TABLE extra (x INTEGER);"]
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, path, extra) == 1
    conn.close()
    backup = migrations.backup_path(path, 1)
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT value FROM settings").fetchone()[0] == "v"


def test_refuses_newer_database_and_leaves_it_untouched(tmp_path):
    path = tmp_path / "db.sqlite3"
    Store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer"):
        Store(path)
    assert path.read_bytes() == before


def test_failed_migration_rolls_back(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, path, migrations.MIGRATIONS)
    broken = migrations.MIGRATIONS + ["CREATE TABLE ok_table (x INTEGER);\nCREATE TABLE folders (x);"]
    with pytest.raises(MigrationFailed):
        migrations.migrate(conn, path, broken)
    assert migrations.schema_version(conn) == migrations.LATEST
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "ok_table" not in names


def test_a_step_another_connection_ran_meanwhile_is_not_run_again(tmp_path):
    """Two processes open an old database at once: the one that waited for the write lock must see the
    version the other one reached, not the one it read before waiting."""
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, path, migrations.MIGRATIONS[:1])
    conn.close()
    steps = migrations.MIGRATIONS[:1] + ["CREATE TABLE step_two (x INTEGER);"]  # fails when run twice
    first = sqlite3.connect(path, isolation_level=None)
    second = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
    waiting = threading.Event()
    second.set_trace_callback(lambda sql: sql.startswith("BEGIN") and waiting.set())
    first.execute("BEGIN IMMEDIATE")  # the first process holds the write lock...
    result = {}

    def run_second():
        try:
            result["started_at"] = migrations.migrate(second, path, steps)
        except Exception as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    thread = threading.Thread(target=run_second)
    thread.start()
    assert waiting.wait(30)  # ...while the second one has looked at the version and waits for the lock
    first.execute("ROLLBACK")
    migrations.migrate(first, path, steps)  # the first one migrates
    thread.join(60)
    assert "error" not in result, result.get("error")
    assert migrations.schema_version(second) == 2
    first.close(), second.close()


def test_two_processes_opening_an_old_database_at_once_both_work(tmp_path):
    # Several rounds of six: switching an old rollback-journal file to WAL makes SQLite answer "locked"
    # at once (no busy handler) to all but one opener, which CI once hit with four processes.
    for round_no in range(3):
        path = tmp_path / f"db{round_no}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        migrations.migrate(conn, path, migrations.MIGRATIONS[:1])
        conn.close()
        code = ("import sys, time; from avrec_desktop.store import Store; t = float(sys.argv[2])\n"
                "while time.time() < t: time.sleep(0.001)\n"
                "Store(sys.argv[1]).close()")
        start = time.time() + 1.5
        procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(start)], stderr=subprocess.PIPE,
                                  text=True) for _ in range(6)]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, errors
        store = Store(path)
        assert migrations.schema_version(store.conn) == migrations.LATEST
        assert store.scalar("PRAGMA integrity_check") == "ok"
        store.close()


def test_backup_of_a_live_wal_database_holds_what_is_still_in_the_wal(tmp_path):
    path = tmp_path / "db.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    migrations.migrate(writer, path, migrations.MIGRATIONS[:1])
    writer.execute("INSERT INTO settings(key, value) VALUES ('old', '1')")
    reader = sqlite3.connect(path, isolation_level=None)  # another process reading: the WAL cannot be
    reader.execute("BEGIN")                               # checkpointed past its snapshot
    reader.execute("SELECT COUNT(*) FROM settings").fetchone()
    writer.execute("INSERT INTO settings(key, value) VALUES ('new', '2')")  # lives in the WAL only
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, path, migrations.MIGRATIONS[:2]) == 1
    reader.execute("ROLLBACK")
    backup = sqlite3.connect(migrations.backup_path(path, 1))
    assert dict(backup.execute("SELECT key, value FROM settings")) == {"old": "1", "new": "2"}
    assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    for c in (backup, conn, reader, writer):
        c.close()


def test_the_new_items_shelf_reads_an_index_not_the_whole_library(tmp_path):
    """For you's "New" shelf: ready items added in a window, newest first, through media_ready_added."""
    from avrec_desktop.store import Store

    with Store(tmp_path / "lib.sqlite3") as store:
        plans = []
        real = store.conn.execute

        def explain(sql, *args):
            if sql.lstrip().upper().startswith("SELECT") and "added_at" in sql:
                plans.append(" ".join(str(r[-1]) for r in real("EXPLAIN QUERY PLAN " + sql, *args).fetchall()))
            return real(sql, *args)
        store.conn = _Wrapped(store.conn, explain)
        assert store.ready_added_between(0.0, 1.0, 10) == []
        assert plans and all("media_ready_added" in p and "TEMP B-TREE" not in p for p in plans), plans


class _Wrapped:
    def __init__(self, conn, execute):
        self._conn, self.execute = conn, execute

    def __getattr__(self, name):
        return getattr(self._conn, name)

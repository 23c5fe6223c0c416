import sqlite3

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

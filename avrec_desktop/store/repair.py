"""Repair a damaged library database (``avrec doctor --repair``).

What it does, in order:

1. Backs the damaged file up byte for byte (with its ``-wal``) to ``<name>.damaged-<time>``: whatever
   happens next, nothing is lost.
2. Builds a fresh database with the migrations, beside the old one.
3. Copies every row that can still be read, table by table, walking each table in rowid order and
   stepping over the pages SQLite reports as damaged. Folders, media, play events and settings are kept;
   embeddings are kept only when they are whole (right length, their item survived); jobs are dropped
   (they are rebuilt); the taste model's saved state is dropped (it is rebuilt from the surviving
   events). Event ids keep climbing above every id the old file handed out.
4. Re-queues analysis for every item that lost a vector, so the vectors are rebuilt from the files.
5. Checks the new file (``PRAGMA integrity_check``, foreign keys) and swaps it in with one rename.

Other avrec processes (the window, ``avrec watch``) should be closed while it runs.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from avrec_desktop.errors import StoreError
from avrec_desktop.store import migrations
from avrec_desktop.store.sqlite_errors import is_damage

KEPT_AS_IS = ("folders", "media", "events", "settings")
REBUILT = ("jobs", "taste_state", "sqlite_sequence", "vector_changes")  # not copied: rebuilt or re-seeded
# (vector_changes: the repaired copy gets a token of its own, so no vector cache of the damaged one is trusted)
WORDS = "media_words"  # the word-search index and its shadow tables: refilled by the media triggers
MIN_ROWID, MAX_ROWID = -(1 << 63), (1 << 63) - 1


def repair_database(db_path: str | Path) -> list[str]:
    """Repair ``db_path`` in place; returns what was done, as lines for a person to read."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise StoreError(f"there is no database at {db_path} to repair")
    lines = [f"backed up the damaged database to {_back_up(db_path)}"]
    fresh = db_path.with_name(db_path.name + ".repairing")
    for leftover in (fresh, Path(f"{fresh}-journal")):
        leftover.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(str(db_path), isolation_level=None, timeout=30)
        source.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {db_path} to repair it: {exc}") from exc
    try:
        lines += _rebuild(source, fresh)
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise
    finally:
        try:
            source.close()
        except sqlite3.Error:
            pass
    # The old WAL belongs to the damaged file: it must not be replayed onto the new one.
    for side in ("-wal", "-shm"):
        Path(f"{db_path}{side}").unlink(missing_ok=True)
    os.replace(fresh, db_path)
    lines.append(f"replaced {db_path} with the repaired copy (integrity check: ok)")
    return lines


def _back_up(db_path: Path) -> Path:
    target = db_path.with_name(f"{db_path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{db_path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
    try:
        shutil.copy2(db_path, target)
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            shutil.copy2(wal, f"{target}-wal")
    except OSError as exc:
        raise StoreError(f"cannot back up {db_path} before repairing it ({exc.strerror or exc}); nothing was "
                         "changed. Free some space or make its folder writable, then try again") from exc
    return target


def _rebuild(source: sqlite3.Connection, fresh: Path) -> list[str]:
    try:
        old_tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        old_version = migrations.schema_version(source)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the damaged database's table list cannot be read ({exc}): nothing can be saved "
                         "from it. Start a new library (the damaged file is kept as the backup above)") from exc
    if old_version > migrations.LATEST:
        raise StoreError(f"the damaged database has schema version {old_version}, newer than this avrec knows "
                         f"({migrations.LATEST}): repair it with the newer avrec-desktop that wrote it")
    target = sqlite3.connect(str(fresh), isolation_level=None)
    lines: list[str] = []
    try:
        migrations.migrate(target, None)
        new_tables = [r[0] for r in target.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
        target.execute("BEGIN")
        copied = 0
        for table in new_tables:
            if table in REBUILT or table.startswith(WORDS) or table not in old_tables:
                continue
            kept, skipped = _copy_table(source, target, table)
            copied += kept
            lines.append(f"{table}: {kept} rows kept" + (f", {skipped} damaged stretches skipped"
                                                         if skipped else ""))
        if not copied and old_tables - {"sqlite_sequence"}:
            raise StoreError("no row of the damaged database could be read: nothing to save. Start a new "
                             "library (the damaged file is kept as the backup above)")
        lines += _make_consistent(source, target)
        target.execute("COMMIT")
        problems = [r[0] for r in target.execute("PRAGMA integrity_check")]
        if problems != ["ok"] or target.execute("PRAGMA foreign_key_check").fetchall():
            raise StoreError(f"the repaired copy did not check out ({'; '.join(problems[:3])}); the damaged "
                             "database was left as it was")
    except sqlite3.Error as exc:
        raise StoreError(f"the repair failed ({exc}); the damaged database was left as it was") from exc
    finally:
        target.close()
    return lines


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _copy_table(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> tuple[int, int]:
    """Copy the readable rows of ``table`` (columns both sides have); returns (rows, stretches skipped)."""
    cols = [c for c in _columns(target, table) if c in set(_columns(source, table))]
    names = ", ".join(f'"{c}"' for c in cols)
    insert = f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({", ".join("?" * len(cols))})'
    walk = _ReadableRows(source, table, names)
    kept = 0
    for row in walk:
        kept += target.execute(insert, row).rowcount
    return kept, walk.skipped


class _ReadableRows:
    """The rows of one table that can be read, in rowid order, stepping over damaged pages."""

    def __init__(self, conn: sqlite3.Connection, table: str, names: str):
        self.conn = conn
        self.sql = f'SELECT rowid, {names} FROM "{table}" WHERE rowid >= ? ORDER BY rowid'
        self.skipped = 0

    def __iter__(self) -> Iterator[tuple]:
        start: int | None = MIN_ROWID
        while start is not None:
            last = None
            try:
                for row in self.conn.execute(self.sql, (start,)):
                    last = row[0]
                    yield row[1:]
                return
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    raise
            resume = start if last is None else last + 1
            # The cursor reads one row ahead: the row before the damage may still read on its own.
            one = self._first_from(resume)
            if one is None:
                return
            if one is not False:
                yield one[1:]
                start = one[0] + 1
                continue
            self.skipped += 1
            start = self._next_readable(resume)

    def _first_from(self, rowid: int):
        """The first row at or after ``rowid``; None when there is none; False when it is damaged."""
        try:
            return self.conn.execute(self.sql + " LIMIT 1", (rowid,)).fetchone()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            return False

    def _readable_from(self, rowid: int) -> bool | None:
        """True: the first row at or after ``rowid`` reads; None: there is none; False: damaged."""
        row = self._first_from(rowid)
        return None if row is None else row is not False

    def _next_readable(self, bad: int) -> int | None:
        """The smallest rowid above ``bad`` from which reading works again (None: nothing readable after)."""
        if bad < 0:  # the very first rows are damaged: search up from 0, where rowids start, not from -2**63
            state = self._readable_from(1)  # (doubling from -2**63 jumps straight past every real rowid)
            if state is not False:
                return None if state is None else 1
            bad = 0
        step, good = 1, None
        low = bad
        while bad + step <= MAX_ROWID:
            state = self._readable_from(bad + step)
            if state is None:
                return None
            if state:
                good = bad + step
                break
            low = bad + step
            step *= 2
        if good is None:
            return None
        while good - low > 1:  # the damaged stretch ends somewhere in (low, good]
            mid = (low + good) // 2
            if self._readable_from(mid) is False:
                low = mid
            else:
                good = mid
        return good


def _make_consistent(source: sqlite3.Connection, target: sqlite3.Connection) -> list[str]:
    """Drop what points at lost rows, drop vectors that are not whole, re-queue what lost a vector,
    and keep event ids above every id the old database handed out."""
    lines = []
    target.execute("UPDATE media SET folder_id = NULL WHERE folder_id IS NOT NULL "
                   "AND folder_id NOT IN (SELECT id FROM folders)")
    orphans = target.execute("DELETE FROM events WHERE media_id NOT IN (SELECT id FROM media)").rowcount
    if orphans:
        lines.append(f"events: {orphans} dropped whose item was lost")
    bad = target.execute("DELETE FROM embeddings WHERE media_id NOT IN (SELECT id FROM media) "
                         "OR dim <= 0 OR vector IS NULL OR length(vector) != 4 * dim").rowcount
    lines.append(f"embeddings: {target.execute('SELECT COUNT(*) FROM embeddings').fetchone()[0]} whole vectors "
                 f"kept" + (f", {bad} dropped (their item was lost, or not whole)" if bad else ""))
    # An item needs every space that items of its kind have; one that lost any is analysed again.
    lacking = [r[0] for r in target.execute("""
        WITH spaces AS (SELECT DISTINCT m.kind, e.space FROM embeddings e JOIN media m ON m.id = e.media_id)
        SELECT m.id FROM media m WHERE m.status IN ('ready', 'pending') AND (
            m.status = 'pending' OR EXISTS (SELECT 1 FROM spaces s WHERE s.kind = m.kind AND NOT EXISTS (
                SELECT 1 FROM embeddings e WHERE e.media_id = m.id AND e.space = s.space))
            OR NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.media_id = m.id))""")]
    now = time.time()
    for media_id in lacking:
        target.execute("UPDATE media SET status = 'pending', analysed_key = NULL WHERE id = ?", (media_id,))
        target.execute("INSERT OR IGNORE INTO jobs(media_id, priority, created_at) VALUES (?, 0, ?)",
                       (media_id, now))
    lines.append(f"analysis re-queued for {len(lacking)} items without all their vectors: "
                 "`avrec scan --wait` (or the open app) rebuilds them from the files")
    seen = [_read_int(source, "SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
            _read_int(source, "SELECT MAX(last_event_id) FROM taste_state"),
            _read_int(target, "SELECT MAX(id) FROM events")]
    target.execute("DELETE FROM sqlite_sequence WHERE name = 'events'")
    target.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('events', ?)", (max(seen),))
    return lines


def _read_int(conn: sqlite3.Connection, sql: str) -> int:
    try:
        row = conn.execute(sql).fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row and row[0] is not None else 0

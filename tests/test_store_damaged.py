"""A library database with damaged middle pages: every command says so in one line (exit 3) and names the
way out; ``avrec doctor --repair`` keeps what is readable and re-queues what must be analysed again."""

import os
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

from avrec_desktop.store import Embedding, Store, migrations
from avrec_desktop.store.repair import repair_database

PAGE = 4096
ITEMS = 300


def build_library(db):
    from avrec_desktop.encoders.registry import encoder_signatures

    active = encoder_signatures()
    store = Store(db)
    folder = store.add_folder(str(db.parent / "lib"), "music")
    rng = np.random.default_rng(0)
    for i in range(ITEMS):
        mid = store.insert_media(folder_id=folder.id, path=f"{folder.path}/t{i:04d}.mp3", kind="audio",
                                 title=f"Title {i}", artist=f"Artist {i % 20}", duration=200.0, status="ready",
                                 content_key=f"k{i}")
        store.put_embeddings(mid, [Embedding("audio", *active["audio"], rng.standard_normal(123)),
                                   Embedding("text", *active["text"], rng.standard_normal(384))])
        store.add_event(mid, "start", session="s", ts=1000.0 + i)
        store.add_event(mid, "end", session="s", ts=1100.0 + i, reason="finished", position=200, duration=200)
    store.set_setting("skip_seconds", "30")
    store.close()  # the last connection checkpoints: everything is in the main file


def corrupt(db) -> dict[str, int]:
    """Garbage over a few middle pages (and, where SQLite can say which pages are whose, over one leaf of
    the events and one of the media table). Returns the rows that lived on the pages hit, per table."""
    pages = os.path.getsize(db) // PAGE
    hit = {pages // 3, pages // 2, pages // 2 + 1, (2 * pages) // 3}
    conn = sqlite3.connect(db)
    try:
        leaves = conn.execute("SELECT name, pageno, ncell FROM dbstat WHERE pagetype = 'leaf' "
                              "AND name IN ('events', 'media') ORDER BY name, pageno").fetchall()
    except sqlite3.Error:
        leaves = []
    for table in ("events", "media"):
        mine = [(p, n) for name, p, n in leaves if name == table]
        if len(mine) > 2:
            hit.add(mine[len(mine) // 2][0])
    cells = {}
    for name, pageno, ncell in leaves:
        if pageno in hit:
            cells[name] = cells.get(name, 0) + ncell
    conn.close()
    rng = np.random.default_rng(1)
    with open(db, "r+b") as f:
        for page in sorted(p for p in hit if p > 2):
            f.seek((page - 1) * PAGE)
            f.write(rng.integers(0, 256, PAGE, dtype=np.uint8).tobytes())
    return cells


def avrec(db, *args):
    env = {**os.environ, "AVREC_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "avrec_desktop", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.fixture
def damaged(tmp_path):
    db = tmp_path / "library.sqlite3"
    build_library(db)
    original = {r[0] for r in sqlite3.connect(db).execute("SELECT id FROM events")}
    return db, corrupt(db), original


COMMANDS = [("status",), ("status", "--json"), ("similar", "1", "--json"), ("next",), ("for-you", "--json"),
            ("why", "3"), ("taste", "show"), ("folders", "remove", "1"),
            ("search", "title")]


def test_every_command_on_a_damaged_database_says_so_in_one_line(damaged):
    db, _, _ = damaged
    for args in COMMANDS:
        out = avrec(db, *args)
        said = out.stderr.strip().splitlines()
        assert "Traceback" not in out.stderr, (args, out.stderr)
        assert out.returncode == 3, (args, out.returncode, out.stderr)
        assert len(said) == 1, (args, out.stderr)
        assert said[0].startswith("avrec: ") and "damaged" in said[0], (args, said)
        assert "avrec doctor --repair" in said[0], (args, said)
    for args in (("folders", "list"), ("failures",), ("scan",)):  # these never read a damaged page
        out = avrec(db, *args)
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) <= 1, (args, out.stderr)
    # `event` only appends (it reads no history): it either keeps the play or says in one line why not.
    before = sqlite3.connect(db).execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
    out = avrec(db, "event", "2", "play")
    assert "Traceback" not in out.stderr, out.stderr
    if out.returncode == 0:
        kept = sqlite3.connect(db).execute("SELECT media_id, type FROM events WHERE id > ?", (before,)).fetchall()
        assert kept and kept[-1][0] == 2, kept
    else:
        said = out.stderr.strip().splitlines()
        assert out.returncode == 3 and len(said) == 1 and "avrec doctor --repair" in said[0], out.stderr


def test_repair_keeps_what_is_readable_and_requeues_lost_vectors(damaged):
    db, lost_cells, original = damaged
    damaged_bytes = db.read_bytes()
    lines = repair_database(db)
    assert any("backed up" in line for line in lines) and any("re-queued" in line for line in lines), lines
    backups = [p for p in db.parent.glob("library.sqlite3.damaged-*") if not p.name.endswith("-wal")]
    assert len(backups) == 1 and backups[0].read_bytes() == damaged_bytes  # never lose the damaged file

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    events = {r[0] for r in conn.execute("SELECT id FROM events")}
    media = {r[0] for r in conn.execute("SELECT id FROM media")}
    # Events survive as far as they can be read: only the rows on the pages hit (and the events of items
    # that were lost with theirs) may be gone.
    assert events <= original
    assert len(original - events) <= lost_cells.get("events", 0) + 2 * lost_cells.get("media", 0)
    assert len(events) >= len(original) // 2
    assert len(media) >= ITEMS - lost_cells.get("media", 0)
    assert conn.execute("SELECT value FROM settings WHERE key = 'skip_seconds'").fetchone() == ("30",)
    # Every item without both vectors is pending and queued; every ready item has both.
    incomplete = {r[0] for r in conn.execute(
        "SELECT id FROM media WHERE (SELECT COUNT(*) FROM embeddings e WHERE e.media_id = media.id) < 2")}
    assert incomplete, "the damage hit no vector: the test does not test re-queuing"
    queued = {r[0] for r in conn.execute("SELECT media_id FROM jobs WHERE state = 'queued'")}
    assert incomplete <= queued
    assert {r[0] for r in conn.execute("SELECT status FROM media WHERE id IN (%s)"
                                       % ",".join(map(str, incomplete)))} == {"pending"}
    conn.close()

    out = avrec(db, "status", "--json")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    store = Store(db)
    try:
        assert store.add_event(min(media), "like") > max(original)  # ids of the lost events never come back
    finally:
        store.close()


def test_doctor_repair_from_the_command_line(damaged):
    db, _, _ = damaged
    assert avrec(db, "status").returncode == 3
    out = avrec(db, "doctor", "--repair")
    assert "Traceback" not in out.stderr, out.stderr
    assert "backed up" in out.stdout, out.stdout
    out = avrec(db, "status")
    assert out.returncode == 0, out.stderr


def test_repair_refuses_what_it_cannot_read_and_leaves_it_alone(tmp_path):
    from avrec_desktop.errors import StoreError

    db = tmp_path / "library.sqlite3"
    db.write_bytes(b"not a database at all" * 500)
    before = db.read_bytes()
    with pytest.raises(StoreError):
        repair_database(db)
    assert db.read_bytes() == before
    assert not (tmp_path / "library.sqlite3.repairing").exists()


def test_repair_keeps_the_rows_after_a_damaged_first_page(tmp_path):
    """The table's very first rows unreadable: the walk restarts after them (it used to search up from
    rowid -2**63, overshoot every real rowid, and keep none of the events)."""
    db = tmp_path / "library.sqlite3"
    build_library(db)
    conn = sqlite3.connect(db)
    first = conn.execute("SELECT pageno, ncell FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' "
                         "ORDER BY pageno LIMIT 1").fetchone()
    total = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    low = conn.execute("SELECT MIN(rowid) FROM events").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((first[0] - 1) * PAGE)
        f.write(np.random.default_rng(2).integers(0, 256, PAGE, dtype=np.uint8).tobytes())
    check = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError):  # the first rows really are unreadable
        check.execute("SELECT * FROM events WHERE rowid >= ? LIMIT 1", (low,)).fetchall()
    check.close()
    repair_database(db)
    conn = sqlite3.connect(db)
    kept = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    conn.close()
    assert total - first[1] <= kept < total

"""Event ids never come back: after the newest events are deleted (with their media), new plays still get
ids above every id the taste model has seen, so the live model learns from them at once."""

import sqlite3

import mediagen
from avrec_desktop.core import AppCore
from avrec_desktop.store import Store, migrations

FAKE = "fake_encoders:make"


def _play(core, path, ts):
    common = dict(session="s", duration=1.0, source="library", ts=ts)
    core.record_event(path, "start", **common)
    return core.record_event(path, "end", reason="finished", position=1.0, **common)


def test_a_play_after_removing_the_newest_events_reaches_the_live_taste_model(tmp_path):
    keep, gone = tmp_path / "keep", tmp_path / "gone"
    keep.mkdir(), gone.mkdir()
    mediagen.write_audio(keep / "a.wav", 0.5, freq=300)
    mediagen.write_audio(gone / "b.wav", 0.5, freq=500)
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory=FAKE)
    try:
        core.add_folder(str(keep), "music")
        core.add_folder(str(gone), "music")
        a = core.resolve_item(str(keep / "a.wav")).id
        assert _play(core, str(keep / "a.wav"), 1000.0)
        assert _play(core, str(gone / "b.wav"), 2000.0)  # the newest events
        seen = core.recommender().taste.last_event_id
        core.remove_folder(str(gone))  # b and its events are deleted
        outcomes = _play(core, str(keep / "a.wav"), 3000.0)
        assert outcomes, "the new play was not learned (its event id was reused)"
        taste = core.recommender().taste
        assert taste.last_event_id > seen
        assert taste.evidence(a).finished == 2
        assert min(e["id"] for e in core.store.events_of(a) if e["ts"] == 3000.0) > seen
    finally:
        core.close()


def test_migration_to_v4_keeps_every_event_and_starts_ids_above_the_taste_state(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, path, migrations.MIGRATIONS[:3])
    conn.execute("INSERT INTO folders(id, path, kind, added_at) VALUES (1, x'2f6d', 'music', 0)")
    conn.execute("INSERT INTO media(id, folder_id, path, kind, added_at, updated_at) "
                 "VALUES (1, 1, x'2f6d2f61', 'audio', 0, 0)")
    rows = [(i, 1, float(i), "start", None, 200.0, "library", None, "s", None, i % 2) for i in range(1, 8)]
    conn.executemany("INSERT INTO events(id, media_id, ts, type, position, duration, source, seed_id, "
                     "session, reason, auto) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    # The taste model had seen up to event 12 (events 8..12 were deleted before the upgrade).
    conn.execute("INSERT INTO taste_state VALUES ('default', 1, 12, '{}', 0)")
    conn.close()
    store = Store(path)
    try:
        assert migrations.schema_version(store.conn) == migrations.LATEST
        got = store.conn.execute("SELECT id, media_id, ts, type, position, duration, source, seed_id, "
                                 "session, reason, auto FROM events ORDER BY id").fetchall()
        assert got == rows
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        new_id = store.add_event(1, "start", session="s")
        assert new_id == 13
    finally:
        store.close()

"""Natural sort keys of the library table's text columns: computed right, kept on every write by the
schema's triggers, and backfilled when an older database is migrated."""

import os
import sqlite3
import time

import pytest

from avrec_desktop.store import Store, migrations
from avrec_desktop.store.sort_keys import natural_key, title_key


def test_keys_fold_case_and_accents_and_pad_numbers():
    assert natural_key("Track2") < natural_key("track10")
    assert natural_key("Apple") == natural_key("apple") == natural_key("APPLE")
    assert natural_key("Émile") == natural_key("emile")
    assert natural_key("  two   spaces ") == natural_key("two spaces")
    assert natural_key("") is None and natural_key(None) is None
    assert title_key(None, b"/music/10 Song.flac") == natural_key("10 Song")  # untagged: the file name
    assert title_key("A;B", b"/x.flac") == natural_key("A")  # a multi-value tag by its first value
    assert title_key(None, b"/music/caf\xe9 2.flac").startswith("caf")  # not UTF-8: still a key


def _insert(conn, i, title, path=None, kind="audio", artist=None):
    now = time.time()
    conn.execute("INSERT INTO media(id, path, kind, status, title, artist, added_at, updated_at) "
                 "VALUES (?, ?, ?, 'ready', ?, ?, ?, ?)",
                 (i, os.fsencode(path or f"/music/{i}.flac"), kind, title, artist, now, now))


@pytest.mark.parametrize("start", range(1, 8))
def test_an_older_database_is_backfilled_when_migrated(tmp_path, start):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, path, migrations.MIGRATIONS[:start])
    for i, title in enumerate(["track10", "Track2", "track1", None], 1):
        _insert(conn, i, title, f"/music/Track{i * 5} untagged.flac" if title is None else None)
    conn.close()
    with Store(path) as store:
        assert store.library_ids("audio") == [3, 2, 1, 4]  # track1, Track2, track10, "Track20 untagged"
        assert store.scalar("SELECT title_key FROM media WHERE id = 2") == natural_key("Track2")


def test_every_write_keeps_the_keys(store):
    with store.transaction() as conn:
        _insert(conn, 1, "b10", artist="Zoë")
        _insert(conn, 2, "B9", artist="zebra")
        _insert(conn, 3, None, "/music/a.flac", kind="video")
    assert store.library_ids("audio") == [2, 1]
    assert store.library_ids("audio", "artist") == [2, 1]
    with store.transaction() as conn:
        conn.execute("UPDATE media SET title = 'b8', artist = 'Alpha' WHERE id = 1")
    assert store.library_ids("audio") == [1, 2]
    assert store.library_ids("audio", "artist") == [1, 2]
    assert store.library_tags_present("video") == set()
    with store.transaction() as conn:
        conn.execute("UPDATE media SET path = ? WHERE id = 3", (os.fsencode("/music/z.flac"),))
        conn.execute("UPDATE media SET album = 'Live' WHERE id = 3")
    assert store.scalar("SELECT title_key FROM media WHERE id = 3") == "z"
    assert store.library_tags_present("video") == {"album"}
    assert store.library_tags_present("audio") == {"artist"}


def test_sorting_by_a_text_column_reads_its_index(store):
    for order, index in (("title", "media_order_title_key"), ("artist", "media_order_artist_key"),
                         ("album", "media_order_album_key"), ("genre", "media_order_genre_key")):
        plan = " ".join(r["detail"] for r in store.query(
            "EXPLAIN QUERY PLAN SELECT m.id FROM media m WHERE m.status != 'missing' AND m.kind = ? "
            f"ORDER BY m.{order}_key", ("audio",)))
        assert index in plan, plan

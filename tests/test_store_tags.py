"""Tag probabilities per item (schema v9) and the word search through auto-tags."""

from __future__ import annotations

import sqlite3

import numpy as np

from avrec_desktop.store import Store, migrations
from avrec_desktop.store.tags import ItemTags


def _tags(words, n=100, encoder="sonic-musicnn", version="1"):
    return ItemTags(encoder, version, np.linspace(0, 1, n, dtype=np.float32), tuple(words))


def _add(store, folder, name, **fields):
    return store.insert_media(folder_id=folder.id, path=f"/m/{name}.ogg", kind="audio", status="ready", **fields)


def _found(store, text):
    return [r["id"] for r in store.word_matches(text, statuses=["ready"])]


def test_tags_are_stored_read_back_and_replaced(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        folder = store.add_folder("/m", "music")
        a = _add(store, folder, "track01", title="Track One")
        store.put_tags(a, _tags(["ambient", "slow"]))
        got = store.tags_of(a)
        assert got.encoder == "sonic-musicnn" and got.version == "1"
        assert got.words == ("ambient", "slow")
        np.testing.assert_allclose(got.probs, np.linspace(0, 1, 100, dtype=np.float32))
        store.put_tags(a, _tags(["techno"], version="2"))
        assert store.tags_of(a).words == ("techno",) and store.tags_of(a).version == "2"
        assert store.tag_words_of([a]) == {a: ("techno",)}
        store.put_tags(a, None)
        assert store.tags_of(a) is None


def test_word_search_finds_a_track_by_its_auto_tags_only(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        folder = store.add_folder("/m", "music")
        a = _add(store, folder, "track01", title="Track One", genre="Soundtrack")
        b = _add(store, folder, "track02", title="Track Two")
        assert _found(store, "ambient") == []
        store.put_tags(a, _tags(["ambient", "female vocalists"]))
        store.put_tags(b, _tags(["techno"]))
        assert _found(store, "ambient") == [a]
        assert _found(store, "female vocal") == [a]  # prefix words, as typed
        assert _found(store, "techno") == [b]
        assert sorted(_found(store, "track")) == [a, b]
        row = store.word_matches("ambient", statuses=["ready"])[0]
        assert row["tags"] == "ambient; female vocalists"
        # the media triggers keep the tags when a title changes
        store.update_media(a, title="Renamed")
        assert _found(store, "ambient") == [a] and _found(store, "renamed") == [a]
        # new tags replace the old words; removing them removes the words
        store.put_tags(a, _tags(["piano"]))
        assert _found(store, "ambient") == [] and _found(store, "piano") == [a]
        store.put_tags(a, None)
        assert _found(store, "piano") == [] and _found(store, "renamed") == [a]


def test_deleting_an_item_deletes_its_tags_and_words(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        folder = store.add_folder("/m", "music")
        a = _add(store, folder, "track01")
        store.put_tags(a, _tags(["ambient"]))
        with store.transaction():
            store.conn.execute("DELETE FROM media WHERE id = ?", (a,))
        assert store.scalar("SELECT COUNT(*) FROM media_tags") == 0
        assert store.scalar("SELECT COUNT(*) FROM media_words") == 0


def test_migrating_a_v8_library_keeps_its_words_and_adds_the_tags_column(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, path, migrations.MIGRATIONS[:8])
    conn.execute("INSERT INTO folders(id, path, kind, added_at) VALUES (1, x'2f6d', 'music', 0)")
    conn.execute("INSERT INTO media(id, folder_id, path, kind, title, status, added_at, updated_at) "
                 "VALUES (7, 1, CAST('/m/Nebula.ogg' AS BLOB), 'audio', 'Nebula', 'ready', 0, 0)")
    conn.close()
    with Store(path) as store:
        assert migrations.schema_version(store.conn) == migrations.LATEST
        assert _found(store, "nebula") == [7]
        store.put_tags(7, _tags(["ambient"]))
        assert _found(store, "ambient") == [7]

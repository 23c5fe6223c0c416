"""The chunked-ids helper and the Store reads that replaced raw SQL in recommend/, index/ and core."""

from __future__ import annotations

from avrec_desktop.store.chunks import CHUNK, id_chunks


def _items(store, tmp_path, n):
    folder = store.add_folder(str(tmp_path / "m"), "music")
    return [store.insert_media(folder_id=folder.id, path=str(tmp_path / "m" / f"{i}.mp3"), kind="audio",
                               status="ready" if i % 2 else "pending", duration=10.0) for i in range(n)]


def test_id_chunks_stay_under_sqlites_parameter_limit():
    chunks = list(id_chunks(range(2000)))
    assert [len(c) for c in chunks] == [900, 900, 200] and CHUNK <= 999
    assert sum(chunks, []) == list(range(2000))
    assert list(id_chunks([])) == []


def test_query_ids_answers_for_more_ids_than_one_statement_may_bind(store, tmp_path):
    ids = _items(store, tmp_path, 2100)
    statements = []
    store.conn.set_trace_callback(statements.append)
    kinds = store.kinds_of(ids + [10**9])  # an unknown id is simply absent
    store.conn.set_trace_callback(None)
    assert len(kinds) == 2100 and set(kinds.values()) == {"audio"}
    assert sum("IN (" in s for s in statements) == 3
    rows = store.query_ids("SELECT id FROM media WHERE status = ? AND id IN ({ids})", ids, ("ready",))
    assert sorted(r["id"] for r in rows) == ids[1::2]


def test_the_reads_the_core_uses(store, tmp_path):
    ids = _items(store, tmp_path, 4)
    store.add_event(ids[1], "start", session="a")
    store.add_event(ids[3], "start", session="b")
    assert store.last_started() == ids[3] and store.last_started("a") == ids[1]
    assert store.kind_counts() == {"audio": 4}
    assert store.count_in_folder(store.folders()[0].id) == 4
    assert store.ready_seconds() == 20.0
    assert store.delete_all_events() == 2 and store.last_started() is None
    store.save_taste_state("t", 1, 7, "{}")
    store.save_taste_state("t", 1, 9, "{\"x\": 1}")
    assert store.taste_state("t") == {"format": 1, "last_event_id": 9, "state": "{\"x\": 1}"}
    assert store.taste_state("nope") is None

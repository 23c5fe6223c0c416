"""Incremental refresh after analysis: new, re-encoded, vanished and returning items, and concurrency."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from avrec_desktop.index import SpaceIndex
from avrec_desktop.store import Embedding
from index_testlib import ACTIVE, clustered_audio_library

ENC, VER = ACTIVE["audio"]


@pytest.fixture
def lib(store, tmp_path):
    return clustered_audio_library(store, tmp_path, artists=10, per_artist=20)


def graph(store, d, exact_max=1):
    return SpaceIndex.open(store, "audio", ENC, VER, directory=d, exact_max=exact_max, num_threads=1)


def reference(store, tmp_path):
    return SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "ref", exact_max=10**9)


def same_answers(a, b, lib, n=15):
    for _ in range(n):
        q = lib.random("audio")
        assert a.search(q, 10)[0].tolist() == b.search(q, 10)[0].tolist()


def test_refresh_without_changes_does_nothing(lib, store, tmp_path):
    ix = graph(store, tmp_path / "idx")
    report = ix.refresh(store)
    assert not report.changed and not ix.dirty


def test_refresh_applies_new_reencoded_missing_and_returning_items(lib, store, tmp_path):
    ix = graph(store, tmp_path / "idx")
    ids = ix.ids().copy()
    new = [lib.add(vectors={"audio": lib.random("audio")}) for _ in range(3)]
    store.put_embeddings(int(ids[0]), [Embedding("audio", ENC, VER, lib.random("audio"))])
    store.update_media(int(ids[1]), status="missing")
    store.update_media(int(ids[2]), status="missing")
    report = ix.refresh(store)
    assert (report.added, report.updated, report.removed, report.rebuilt) == (3, 1, 2, False)
    assert ix.uses_graph and set(new) <= set(ix.ids().tolist()) and int(ids[1]) not in ix
    same_answers(ix, reference(store, tmp_path), lib)

    store.update_media(int(ids[1]), status="ready")  # the file came back: its deleted label revives
    report = ix.refresh(store)
    assert (report.added, report.removed) == (1, 0) and int(ids[1]) in ix
    q = ix.vector(int(ids[1]))
    assert ix.search(q, 1)[0][0] == int(ids[1])
    same_answers(ix, reference(store, tmp_path / "r2"), lib)


def test_refresh_then_save_is_reused_at_next_open(lib, store, tmp_path):
    d = tmp_path / "idx"
    ix = graph(store, d)
    lib.add(vectors={"audio": lib.random("audio")})
    ix.refresh(store, save=True)
    assert not ix.dirty
    assert graph(store, d).report.source == "disk"


def test_many_removals_rebuild_the_graph(lib, store, tmp_path):
    ix = graph(store, tmp_path / "idx")
    for media_id in ix.ids()[:80]:
        store.update_media(int(media_id), status="missing")
    report = ix.refresh(store)
    assert report.rebuilt and report.removed == 80 and len(ix) == 120
    same_answers(ix, reference(store, tmp_path), lib)


def test_growing_past_the_threshold_switches_to_a_graph_and_back(lib, store, tmp_path):
    ix = graph(store, tmp_path / "idx", exact_max=210)
    assert not ix.uses_graph
    lib.cluster(15, artist="late", spaces=("audio",))
    report = ix.refresh(store)
    assert report.rebuilt and ix.uses_graph and len(ix) == 215
    for media_id in ix.ids()[:30]:
        store.update_media(int(media_id), status="missing")
    ix.refresh(store)
    assert not ix.uses_graph and len(ix) == 185
    same_answers(ix, reference(store, tmp_path), lib)


def test_searches_stay_valid_while_a_writer_refreshes(lib, store, tmp_path):
    ix = graph(store, tmp_path / "idx")
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader(seed):
        rng = np.random.default_rng(seed)
        try:
            while not stop.is_set():
                ids, sims = ix.search(rng.standard_normal(24).astype(np.float32), 10)
                assert len(ids) == 10 and np.all(np.diff(sims) <= 1e-6)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(s,)) for s in range(3)]
    for t in threads:
        t.start()
    try:
        for round_ in range(8):
            lib.cluster(5, artist=f"wave {round_}", spaces=("audio",))
            store.update_media(int(ix.ids()[round_]), status="missing")
            ix.refresh(store)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors
    assert len(ix) == 200 + 40 - 8


def test_refresh_skips_all_reads_when_nothing_was_committed(lib, store, tmp_path, monkeypatch):
    from avrec_desktop.index import store_rows
    from avrec_desktop.store import Store

    ix = graph(store, tmp_path / "idx")
    real = store_rows.read_stamps
    calls = []
    monkeypatch.setattr(store_rows, "read_stamps", lambda *a: calls.append(a) or real(*a))
    assert not ix.refresh(store).changed and calls == []
    other = Store(store.path)  # a second connection (the worker's) writes
    try:
        media_id = other.insert_media(folder_id=lib.folder.id, path=f"{lib.folder.path}/w.mp3", kind="audio",
                                      status="ready")
        other.put_embeddings(media_id, [Embedding("audio", ENC, VER, lib.random("audio"))])
    finally:
        other.close()
    assert ix.refresh(store).added == 1 and len(calls) == 1
    assert not ix.refresh(store).changed and len(calls) == 1
    lib.add(vectors={"audio": lib.random("audio")})  # this connection's own write
    assert ix.refresh(store).added == 1 and len(calls) == 2

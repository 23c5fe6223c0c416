"""The on-disk index is a cache: rebuilt when missing, corrupt, stale or made by another encoder."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from avrec_desktop.index import LibraryIndexes, SpaceIndex, persist
from avrec_desktop.index.space_index import default_directory
from avrec_desktop.store import Embedding
from index_testlib import ACTIVE, LibraryBuilder, clustered_audio_library

ENC, VER = ACTIVE["audio"]


@pytest.fixture
def lib(store, tmp_path):
    return clustered_audio_library(store, tmp_path, artists=12, per_artist=25)


def open_graph(store, directory, **kw):
    return SpaceIndex.open(store, "audio", ENC, VER, directory=directory, exact_max=1, num_threads=1, **kw)


def answers(index, queries, k=10):
    return [tuple(index.search(q, k)[0].tolist()) for q in queries]


def queries_for(lib, n=20):
    return [lib.random("audio") for _ in range(n)]


def test_graph_is_built_saved_and_reused_with_identical_results(lib, store, tmp_path):
    d = tmp_path / "idx"
    first = open_graph(store, d)
    assert first.uses_graph and first.report.source == "built" and first.report.reason == "missing"
    assert sorted(p.name for p in d.iterdir()) == ["audio.hnsw", "audio.ids.npz", "audio.meta.json"]
    meta = json.loads((d / "audio.meta.json").read_text())
    assert (meta["space"], meta["encoder"], meta["version"], meta["count"]) == ("audio", ENC, VER, 300)
    qs = queries_for(lib)
    again = open_graph(store, d)
    assert again.report.source == "disk"
    assert answers(again, qs) == answers(first, qs)


def test_exact_search_below_threshold_matches_brute_force(lib, store, tmp_path):
    ix = SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "idx")
    assert not ix.uses_graph and ix.report.source == "exact"
    assert not (tmp_path / "idx" / "audio.hnsw").exists()
    ids, matrix = store.load_space("audio", ENC, VER)
    matrix = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    for q in queries_for(lib, 5):
        got_ids, got_sims = ix.search(q, 10)
        sims = matrix @ q
        assert set(got_ids.tolist()) == set(ids[np.argsort(-sims)[:10]].tolist())
        assert np.allclose(got_sims, np.sort(sims)[::-1][:10], atol=1e-5)


def test_graph_recall_against_exact(lib, store, tmp_path):
    ix = open_graph(store, tmp_path / "idx")
    recalls = []
    for q in queries_for(lib, 50):
        recalls.append(len(set(ix.search(q, 10)[0]) & set(ix.exact_search(q, 10)[0])) / 10)
    assert np.mean(recalls) >= 0.95


@pytest.mark.parametrize("damage", ["delete", "truncate", "random_bytes", "meta_garbage", "ids_garbage",
                                    "meta_only_deleted"])
def test_damaged_cache_is_rebuilt_with_identical_results(lib, store, tmp_path, damage):
    d = tmp_path / "idx"
    qs = queries_for(lib)
    before = answers(open_graph(store, d), qs)
    hnsw_file, ids_file, meta_file = persist.file_names(d, "audio")
    if damage == "delete":
        hnsw_file.unlink()
    elif damage == "truncate":
        with open(hnsw_file, "r+b") as fh:
            fh.truncate(hnsw_file.stat().st_size // 2)
    elif damage == "random_bytes":
        hnsw_file.write_bytes(np.random.default_rng(1).bytes(hnsw_file.stat().st_size))
    elif damage == "meta_garbage":
        meta_file.write_bytes(b"\x00{not json")
    elif damage == "ids_garbage":
        ids_file.write_bytes(b"PK\x03\x04" + b"x" * 50)
    else:
        meta_file.unlink()
    again = open_graph(store, d)
    assert again.report.source == "built", again.report
    assert answers(again, qs) == before
    assert open_graph(store, d).report.source == "disk"  # and the rebuilt cache is whole again


def test_crash_between_data_and_meta_is_detected(lib, store, tmp_path, monkeypatch):
    """A writer dying after moving the new graph in but before the meta leaves a detectably torn pair."""
    d = tmp_path / "idx"
    qs = queries_for(lib)
    open_graph(store, d)
    b_ids = lib.cluster(30, artist="newcomer", spaces=("audio",))
    real_replace = os.replace

    def dying_replace(src, dst):
        if str(dst).endswith(".meta.json"):
            raise OSError("simulated power cut")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    # stale → delta applied → save dies before the meta lands; the query side carries on in memory
    assert "simulated power cut" in open_graph(store, d).save_error
    monkeypatch.setattr(os, "replace", real_replace)
    assert not [p for p in d.iterdir() if p.name.endswith(".tmp")]
    fresh = open_graph(store, d)
    assert fresh.report.source == "built" and "corrupt" in fresh.report.reason
    exact = SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "exact")
    assert answers(fresh, qs) == answers(exact, qs)
    assert set(b_ids) <= set(fresh.ids().tolist())


def test_crash_before_anything_is_moved_keeps_the_old_cache_whole(lib, store, tmp_path, monkeypatch):
    d = tmp_path / "idx"
    open_graph(store, d)
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    new_id = lib.add(vectors={"audio": lib.random("audio")})

    real_replace = os.replace

    def dying_replace(src, dst):
        raise OSError("simulated crash")

    monkeypatch.setattr(os, "replace", dying_replace)
    assert open_graph(store, d).save_error  # the cache could not be written; the index still opens
    monkeypatch.setattr(os, "replace", real_replace)
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before  # no temp files, old set untouched
    again = open_graph(store, d)
    assert again.report.source == "disk+delta" and new_id in again


def test_stale_after_new_embeddings_missing_item_and_reencode(lib, store, tmp_path):
    d = tmp_path / "idx"
    ix = open_graph(store, d)
    new_id = lib.add(vectors={"audio": lib.random("audio")})
    reopened = open_graph(store, d)
    assert reopened.report.source == "disk+delta" and "+1" in reopened.report.reason
    assert new_id in reopened and new_id not in ix

    gone = int(reopened.ids()[5])
    store.update_media(gone, status="missing")
    again = open_graph(store, d)
    assert again.report.source == "disk+delta" and "-1" in again.report.reason
    assert gone not in again

    target = int(again.ids()[7])
    fresh = lib.random("audio")
    store.put_embeddings(target, [Embedding("audio", ENC, VER, fresh)])
    third = open_graph(store, d)
    assert third.report.source == "disk+delta" and "~1" in third.report.reason
    assert third.search(fresh, 1)[0][0] == target
    assert np.allclose(third.vector(target), fresh, atol=1e-6)


def test_other_encoder_version_rebuilds(lib, store, tmp_path):
    d = tmp_path / "idx"
    open_graph(store, d)
    for media_id in store.load_space("audio", ENC, VER)[0][:40]:
        store.put_embeddings(int(media_id), [Embedding("audio", ENC, "2", lib.random("audio"))])
    v2 = SpaceIndex.open(store, "audio", ENC, "2", directory=d, exact_max=1, num_threads=1)
    assert v2.report.source == "built" and "version" in v2.report.reason and len(v2) == 40
    v1 = open_graph(store, d)  # the cache now belongs to version 2
    assert v1.report.source == "built" and len(v1) == 300 - 40


def test_default_directory_is_per_database(store, tmp_path):
    from avrec_desktop import paths
    d = default_directory(store.path)
    assert d.parent == paths.index_dir()
    other = default_directory(tmp_path / "elsewhere" / "library.sqlite3")
    assert d != other


def test_library_indexes_open_all_active_spaces(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    b.cluster(5, kind="video", spaces=("audio", "visual", "text"))
    b.cluster(5, kind="audio", spaces=("audio", "text"))
    idx = LibraryIndexes.open(store, ACTIVE)
    assert idx.active == ACTIVE
    assert {s: len(ix) for s, ix in idx.items()} == {"audio": 10, "visual": 5, "text": 10}
    assert all(r.source == "exact" for r in idx.reports().values())

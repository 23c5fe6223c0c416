"""Up next's searches around the favourites, kept between processes while the space's rows stay the same
(index/neighbour_cache.py): the same ids as searching, no search the second time, and never a stale answer
once the vectors changed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from avrec_desktop.index import SpaceIndex, neighbour_cache
from avrec_desktop.store import Embedding
from index_testlib import ACTIVE, clustered_audio_library

ENC, VER = ACTIVE["audio"]


@pytest.fixture
def lib(store, tmp_path):
    return clustered_audio_library(store, tmp_path, artists=6, per_artist=10)


def open_audio(store, d):
    return SpaceIndex.open(store, "audio", ENC, VER, directory=d, graph="off")


def items_of(ix, ids):
    return [(i, ix.vector(i)) for i in ids]


def no_search(monkeypatch):
    monkeypatch.setattr(SpaceIndex, "search_many", lambda self, vectors, k: pytest.fail("searched"))


def test_the_second_process_gets_the_same_ids_without_searching(lib, store, tmp_path, monkeypatch):
    d = tmp_path / "idx"
    ix = open_audio(store, d)
    favourites = [3, 17, 42]
    searched = [ids.tolist() for ids, _ in ix.search_many([ix.vector(i) for i in favourites], 11)]
    assert [a.tolist() for a in neighbour_cache.neighbours(ix, items_of(ix, favourites), 11)] == searched
    assert (d / "audio.neighbours.json").exists()
    other_k = neighbour_cache.neighbours(ix, items_of(ix, favourites[:1]), 5)[0].tolist()
    assert other_k == searched[0][:5]
    again = open_audio(store, d)
    no_search(monkeypatch)
    got = neighbour_cache.neighbours(again, items_of(again, favourites), 11)
    assert [a.tolist() for a in got] == searched and all(a.dtype == np.int64 for a in got)
    assert neighbour_cache.neighbours(again, items_of(again, favourites[:1]), 5)[0].tolist() == other_k


@pytest.mark.parametrize("change", ["new item", "re-encoded", "missing"])
def test_a_change_to_the_vectors_is_never_answered_from_the_file(lib, store, tmp_path, change):
    d = tmp_path / "idx"
    ix = open_audio(store, d)
    fav = 3
    before = neighbour_cache.neighbours(ix, items_of(ix, [fav]), 11)[0].tolist()
    q = ix.vector(fav).copy()
    if change == "new item":
        twin = lib.add(vectors={"audio": q})
    elif change == "re-encoded":
        twin = before[1]
        store.put_embeddings(twin, [Embedding("audio", ENC, VER, -q)])
    else:
        twin = before[1]
        store.update_media(twin, status="missing")
    after_ix = open_audio(store, d)
    after = neighbour_cache.neighbours(after_ix, items_of(after_ix, [fav]), 11)[0].tolist()
    assert after == after_ix.search_many([q], 11)[0][0].tolist()
    assert (twin in after) == (change == "new item") and after != before


def test_refreshed_rows_are_searched_not_looked_up(lib, store, tmp_path, monkeypatch):
    """The window refreshes its indexes in place: their rows are no longer those of a known token."""
    d = tmp_path / "idx"
    ix = open_audio(store, d)
    assert ix.rows_token() == store.vectors_token()
    neighbour_cache.neighbours(ix, items_of(ix, [3]), 11)
    lib.add(vectors={"audio": ix.vector(3).copy()})
    ix.refresh(store)
    assert ix.rows_token() is None
    calls = []
    real = SpaceIndex.search_many
    monkeypatch.setattr(SpaceIndex, "search_many", lambda self, v, k: calls.append(k) or real(self, v, k))
    got = neighbour_cache.neighbours(ix, items_of(ix, [3]), 11)[0].tolist()
    assert calls == [11] and got == real(ix, [ix.vector(3)], 11)[0][0].tolist()


def test_a_damaged_or_foreign_file_is_ignored(lib, store, tmp_path):
    d = tmp_path / "idx"
    ix = open_audio(store, d)
    want = neighbour_cache.neighbours(ix, items_of(ix, [3]), 11)[0].tolist()
    path = d / "audio.neighbours.json"
    data = json.loads(path.read_text())
    data["items"]["3@11"] = [1, 2, 3]
    data["token"] = "another"
    path.write_text(json.dumps(data))
    assert neighbour_cache.neighbours(ix, items_of(ix, [3]), 11)[0].tolist() == want
    path.write_text("{not json")
    assert neighbour_cache.neighbours(ix, items_of(ix, [3]), 11)[0].tolist() == want


def test_up_next_in_a_second_process_searches_around_the_favourites_no_more(store, tmp_path, monkeypatch):
    from index_testlib import LibraryBuilder
    from taste_testlib import T0, clusters, play, recommender

    b = LibraryBuilder(store, tmp_path, seed=4)
    groups = clusters(b, 4, 12)
    rec = recommender(store, tmp_path)
    t = T0
    for media_id in groups[0][:3] + groups[1][:2]:
        t = play(rec, media_id, finished=True, ts=t)
    now = t + 3600
    assert rec.taste.favourites(now, rec.ranking.liked_seeds)
    first = [(s.media.id, s.score) for s in rec.next(current_id=groups[2][0], now=now, k=8)]
    no_search(monkeypatch)
    again = recommender(store, tmp_path)  # what the next `avrec next` opens
    assert [(s.media.id, s.score) for s in again.next(current_id=groups[2][0], now=now, k=8)] == first

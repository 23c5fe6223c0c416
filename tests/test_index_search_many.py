"""Several queries in one pass over a space (Up next's favourites): the same answers as one at a time,
with the graph and without, and the candidates of Up next unchanged by the batching."""

from __future__ import annotations

import numpy as np

from avrec_desktop.index import SpaceIndex
from index_testlib import ACTIVE, clustered_audio_library

ENC, VER = ACTIVE["audio"]


def test_search_many_answers_as_search_does_exact_and_with_a_graph(store, tmp_path):
    lib = clustered_audio_library(store, tmp_path, artists=10, per_artist=20)
    queries = [lib.random("audio") for _ in range(7)]
    exact = SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "a", exact_max=10_000)
    graph = SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "b", exact_max=1)
    assert not exact.uses_graph and graph.uses_graph
    for ix in (exact, graph):
        for k in (1, 5, 9):
            many = ix.search_many(queries, k)
            assert len(many) == len(queries)
            for (ids, sims), q in zip(many, queries):
                one_ids, one_sims = ix.search(q, k)
                assert ids.tolist() == one_ids.tolist()
                assert np.array_equal(sims, one_sims)
    assert exact.search_many([], 5) == []
    assert all(len(ids) == 0 for ids, _ in exact.search_many(queries[:2], 0))


def test_search_many_makes_one_pass_over_the_matrix(store, tmp_path, monkeypatch):
    from avrec_desktop.index import matrix_ops

    lib = clustered_audio_library(store, tmp_path, artists=6, per_artist=10)
    ix = SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "a", exact_max=10_000)
    passes = []
    real = matrix_ops.dot_many
    monkeypatch.setattr(matrix_ops, "dot_many", lambda m, q: passes.append(len(m)) or real(m, q))
    monkeypatch.setattr(matrix_ops, "dot", lambda *a: (_ for _ in ()).throw(AssertionError("one at a time")))
    ix.search_many([lib.random("audio") for _ in range(5)], 4)
    assert passes == [len(ix)]


def test_search_many_with_a_writer_arriving_meanwhile_does_not_wait_for_ever(store, tmp_path, monkeypatch):
    """search_many takes the read lock once: a writer (a refresh's install, set_ef) queued between two
    read locks of one thread would block it, and it the writer, for ever."""
    import threading
    import time

    lib = clustered_audio_library(store, tmp_path, artists=10, per_artist=20)
    ix = SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "g", exact_max=1)
    assert ix.uses_graph
    real = SpaceIndex._search_in
    writers = []

    def with_a_writer(self, st, v, k):
        if not writers:  # a writer arrives while search_many holds the read side
            writers.append(threading.Thread(target=lambda: self.set_ef(64), daemon=True))
            writers[0].start()
            time.sleep(0.2)
        return real(self, st, v, k)
    monkeypatch.setattr(SpaceIndex, "_search_in", with_a_writer)
    done = []
    t = threading.Thread(target=lambda: done.append(ix.search_many([lib.random("audio")] * 2, 3)), daemon=True)
    t.start()
    t.join(10)
    assert done and len(done[0]) == 2
    writers[0].join(10)
    assert not writers[0].is_alive()

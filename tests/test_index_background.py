"""Index builds never block: exact answers while the graph is made in the background, the same after.

The background build is held on an event so "during the build" is certain, not a race.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from avrec_desktop.core import AppCore
from avrec_desktop.index import SpaceIndex, graph_build, persist
from index_testlib import ACTIVE, clustered_audio_library

ENC, VER = ACTIVE["audio"]


@pytest.fixture
def lib(store, tmp_path):
    return clustered_audio_library(store, tmp_path, artists=12, per_artist=25)


@pytest.fixture
def held_build(monkeypatch):
    """graph_build.build waits for ``release`` before building (and says when it started)."""
    started, release = threading.Event(), threading.Event()
    real = graph_build.build

    def slow(*args, **kw):
        started.set()
        assert release.wait(30), "the test never released the build"
        return real(*args, **kw)

    monkeypatch.setattr(graph_build, "build", slow)
    yield started, release
    release.set()


def brute_force(store, q, k):
    ids, matrix = store.load_space("audio", ENC, VER)
    matrix = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    sims = matrix @ (q / np.linalg.norm(q))
    order = np.lexsort((ids, -sims))[:k]
    return [int(i) for i in np.asarray(ids)[order]]


def open_background(store, directory, **kw):
    return SpaceIndex.open(store, "audio", ENC, VER, directory=directory, exact_max=1, num_threads=1,
                           graph="background", **kw)


def test_first_query_during_the_build_is_exact_and_the_swapped_graph_agrees(lib, store, tmp_path,
                                                                               held_build):
    started, release = held_build
    events = []
    ix = open_background(store, tmp_path / "idx", on_progress=events.append)
    assert started.wait(10)  # the build is under way and held: open did not wait for it
    assert ix.building and not ix.uses_graph and ix.report.source == "exact"
    qs = [lib.random("audio") for _ in range(15)]
    for q in qs:
        assert ix.search(q, 10)[0].tolist() == brute_force(store, q, 10)
    release.set()
    assert ix.wait_ready(30)
    assert ix.uses_graph and not ix.building and ix.report.source == "built"
    for q in qs:
        assert ix.search(q, 10)[0].tolist() == brute_force(store, q, 10)
    assert [e["state"] for e in events][-1] == "ready" and any(e["state"] == "building" for e in events)
    assert (tmp_path / "idx" / "audio.hnsw").exists()  # saved for the next start
    again = SpaceIndex.open(store, "audio", ENC, VER, directory=tmp_path / "idx", exact_max=1,
                            num_threads=1)
    assert again.report.source == "disk"


def test_items_analysed_during_the_build_are_found_before_and_after_the_swap(lib, store, tmp_path,
                                                                            held_build):
    started, release = held_build
    ix = open_background(store, tmp_path / "idx")
    assert started.wait(10)
    base = lib.random("audio")
    new = lib.cluster(20, artist="late", spaces=("audio",), base={"audio": base}, noise=0.05)
    ix.refresh(store)
    assert not ix.uses_graph and set(new) <= set(ix.ids().tolist())
    assert set(ix.search(base, 10)[0].tolist()) <= set(new)
    assert ix.search(base, 10)[0].tolist() == brute_force(store, base, 10)
    release.set()
    assert ix.wait_ready(30) and ix.uses_graph
    assert set(new) <= set(ix.ids().tolist())
    for q in [base] + [lib.random("audio") for _ in range(10)]:
        assert ix.search(q, 10)[0].tolist() == brute_force(store, q, 10)


def test_vectors_come_from_the_mapped_cache_and_a_stale_one_is_patched(lib, store, tmp_path):
    d = tmp_path / "idx"
    opts = dict(directory=d, vector_cache_min=1, graph="off")
    first = SpaceIndex.open(store, "audio", ENC, VER, **opts)
    assert first.report.vectors == "store" and first.wait_ready(10)
    assert (d / "audio.vectors.json").exists()
    qs = [lib.random("audio") for _ in range(10)]
    cached = SpaceIndex.open(store, "audio", ENC, VER, **opts)
    assert cached.report.vectors == "cache" and not cached.uses_graph
    assert [cached.search(q, 10)[0].tolist() for q in qs] == [first.search(q, 10)[0].tolist() for q in qs]
    new = lib.cluster(5, artist="newer", spaces=("audio",))
    stale = SpaceIndex.open(store, "audio", ENC, VER, **opts)
    assert stale.report.vectors == "cache+delta" and set(new) <= set(stale.ids().tolist())
    for q in qs:
        assert stale.search(q, 10)[0].tolist() == brute_force(store, q, 10)
    other = SpaceIndex.open(store, "audio", ENC, "2", **opts)
    assert other.report.vectors == "store" and len(other) == 0


def test_a_corrupt_vector_cache_is_read_from_sqlite_instead(lib, store, tmp_path):
    d = tmp_path / "idx"
    SpaceIndex.open(store, "audio", ENC, VER, directory=d, vector_cache_min=1).wait_ready(10)
    (npy,) = d.glob("audio.vectors.*.npy")
    npy.write_bytes(npy.read_bytes()[:-8])
    again = SpaceIndex.open(store, "audio", ENC, VER, directory=d, vector_cache_min=1)
    assert again.report.vectors == "store"
    q = lib.random("audio")
    assert again.search(q, 10)[0].tolist() == brute_force(store, q, 10)


def test_core_reports_background_build_progress_as_events(lib, store, tmp_path, monkeypatch):
    monkeypatch.setattr("avrec_desktop.index.space_index.EXACT_MAX", 1)
    monkeypatch.setattr("avrec_desktop.index.space_index.BACKGROUND_EXACT_MAX", 1)  # (the window's, shrunk)
    monkeypatch.setattr("avrec_desktop.core.AppCore._active_signatures", lambda self: {"audio": (ENC, VER)})
    monkeypatch.setenv("AVREC_CACHE_DIR", str(tmp_path / "cache"))
    core = AppCore(store.path)
    events = []
    core.subscribe(lambda topic, payload: events.append((topic, payload)))
    try:
        indexes = core.indexes()
        assert indexes.wait_ready(30) and indexes["audio"].uses_graph
    finally:
        core.close()
    states = [p["state"] for topic, p in events if topic == "index-build"]
    assert states and states[-1] == "ready"


def test_a_graph_loads_only_while_its_gate_is_open_and_search_is_exact_meanwhile(lib, store, tmp_path,
                                                                                monkeypatch):
    """hnswlib's load holds the GIL (the window could not paint meanwhile): the window's core loads a
    saved graph only while ``graph_loads`` is set (the user idle); until then search is exact."""
    monkeypatch.setattr("avrec_desktop.index.space_index.EXACT_MAX", 1)
    monkeypatch.setattr("avrec_desktop.index.space_index.BACKGROUND_EXACT_MAX", 1)  # (the window's, shrunk)
    monkeypatch.setattr("avrec_desktop.core.AppCore._active_signatures", lambda self: {"audio": (ENC, VER)})
    monkeypatch.setenv("AVREC_CACHE_DIR", str(tmp_path / "cache"))
    first = AppCore(store.path)
    try:
        assert first.indexes().wait_ready(30) and first.indexes()["audio"].uses_graph  # made and saved
    finally:
        first.close()
    core = AppCore(store.path)
    core.graph_loads.clear()  # the user is busy
    loads = []
    real = persist.load
    monkeypatch.setattr(persist, "load", lambda *a, **k: loads.append(1) or real(*a, **k))
    try:
        audio = core.indexes()["audio"]
        q = lib.random("audio")
        for _ in range(4):
            assert not audio.uses_graph and not loads
            assert audio.search(q, 10)[0].tolist() == brute_force(store, q, 10)
            threading.Event().wait(0.2)
        core.graph_loads.set()  # idle now
        assert core.indexes().wait_ready(30) and audio.uses_graph and loads == [1]
        assert audio.search(q, 10)[0].tolist() == brute_force(store, q, 10)
    finally:
        core.close()


def test_a_closed_gate_does_not_keep_a_closing_core_waiting(lib, store, tmp_path, monkeypatch):
    monkeypatch.setattr("avrec_desktop.index.space_index.EXACT_MAX", 1)
    monkeypatch.setattr("avrec_desktop.index.space_index.BACKGROUND_EXACT_MAX", 1)  # (the window's, shrunk)
    monkeypatch.setattr("avrec_desktop.core.AppCore._active_signatures", lambda self: {"audio": (ENC, VER)})
    monkeypatch.setenv("AVREC_CACHE_DIR", str(tmp_path / "cache"))
    core = AppCore(store.path)
    core.graph_loads.clear()
    indexes = core.indexes()
    threads = list(indexes["audio"]._threads)
    core.close()
    for thread in threads:
        thread.join(5)
        assert not thread.is_alive()


def test_a_graph_built_while_the_user_is_busy_is_used_at_once_and_saved_at_the_latest_at_close(
        lib, store, tmp_path, monkeypatch):
    """No saved graph: the build (which leaves the GIL free) does not wait for the gate, its graph is used
    as soon as it is made, and only the GIL-holding save waits — for the gate, or for the core's close."""
    monkeypatch.setattr("avrec_desktop.index.space_index.EXACT_MAX", 1)
    monkeypatch.setattr("avrec_desktop.index.space_index.BACKGROUND_EXACT_MAX", 1)  # (the window's, shrunk)
    monkeypatch.setattr("avrec_desktop.core.AppCore._active_signatures", lambda self: {"audio": (ENC, VER)})
    monkeypatch.setenv("AVREC_CACHE_DIR", str(tmp_path / "cache"))
    core = AppCore(store.path)
    core.graph_loads.clear()  # busy throughout
    try:
        audio = core.indexes()["audio"]
        deadline = time.monotonic() + 30
        while not audio.uses_graph and time.monotonic() < deadline:
            time.sleep(0.05)
        assert audio.uses_graph
        q = lib.random("audio")
        assert audio.search(q, 10)[0].tolist() == brute_force(store, q, 10)
        graph_file = persist.file_names(audio.directory, "audio")[0]
        time.sleep(0.5)
        assert not graph_file.exists()  # the save waits for the user to be idle
    finally:
        core.close()
    assert graph_file.exists()  # not thrown away at quit
    again = AppCore(store.path)
    try:
        assert again.indexes().wait_ready(30) and again.indexes()["audio"].report.source == "disk"
    finally:
        again.close()


def test_the_window_keeps_exact_search_below_its_threshold_no_graph_built_or_loaded(lib, store, tmp_path,
                                                                                    monkeypatch):
    """Up to ``BACKGROUND_EXACT_MAX`` items the window's core never builds or loads a graph (a load holds the
    GIL 0.1–0.4 s at 100k, a build takes minutes): search is exact, and a graph saved by an earlier run is
    left alone; the CLI's threshold is ``EXACT_MAX`` as before."""
    monkeypatch.setattr("avrec_desktop.index.space_index.EXACT_MAX", 1)
    monkeypatch.setattr("avrec_desktop.core.AppCore._active_signatures", lambda self: {"audio": (ENC, VER)})
    monkeypatch.setenv("AVREC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("avrec_desktop.index.space_index.BACKGROUND_EXACT_MAX", 1)
    first = AppCore(store.path)  # the threshold at 1: a graph is made and saved
    try:
        assert first.indexes().wait_ready(30) and first.indexes()["audio"].uses_graph
    finally:
        first.close()
    monkeypatch.setattr("avrec_desktop.index.space_index.BACKGROUND_EXACT_MAX", 10_000)  # above this library
    loads, builds = [], []
    real_load = persist.load
    monkeypatch.setattr(persist, "load", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    monkeypatch.setattr(SpaceIndex, "_build", lambda self, *a, **k: builds.append(1))
    core = AppCore(store.path)
    try:
        audio = core.indexes()["audio"]
        q = lib.random("audio")
        assert audio.search(q, 10)[0].tolist() == brute_force(store, q, 10)
        threading.Event().wait(0.5)
        assert not audio.uses_graph and not loads and not builds and audio.report.source == "exact"
        assert persist.file_names(audio.directory, "audio")[0].exists()  # the saved graph is kept
    finally:
        core.close()

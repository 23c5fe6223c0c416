"""The library map's projection (index/library_map.py) and what it shows (index/map_data.py)."""

import numpy as np

from avrec_desktop.index import library_map, map_data
from avrec_desktop.store import Store


def _library(store, n, rng, kind="audio"):
    ids = []
    folder = store.conn.execute("INSERT INTO folders(path, kind, added_at) VALUES (?, 'music', 0)",
                                (f"/m/{kind}".encode(),)).lastrowid
    for i in range(n):
        ids.append(store.insert_media(folder_id=folder, path=f"/m/{kind}/a{i % 3}/t{i}.flac", kind=kind,
                                      status="ready"))
    return np.array(ids, np.int64)


def _vectors(ids, rng, dim=16):
    centres = rng.standard_normal((3, dim)) * 4
    m = (centres[np.arange(len(ids)) % 3] + rng.standard_normal((len(ids), dim))).astype(np.float32)
    return lambda: (ids, np.ones(len(ids)), m / np.linalg.norm(m, axis=1, keepdims=True))


def test_fit_keeps_clusters_apart_and_is_deterministic():
    rng = np.random.default_rng(0)
    ids = np.arange(3000)
    _, _, m = _vectors(ids, rng)()
    p = library_map.fit_projection("audio", "audio", "e", "1", m)
    xy = library_map.project(m, p)
    again = library_map.project(m, library_map.fit_projection("audio", "audio", "e", "1", m))
    assert np.allclose(xy, again, atol=1e-4)
    centres = np.array([xy[ids % 3 == c].mean(axis=0) for c in range(3)])
    spread = np.mean([xy[ids % 3 == c].std(axis=0).mean() for c in range(3)])
    gaps = [np.linalg.norm(centres[a] - centres[b]) for a, b in ((0, 1), (0, 2), (1, 2))]
    assert min(gaps) > spread  # PCA of 3 separated clusters keeps them apart


def test_refresh_fits_when_stale_and_places_new_items_incrementally(tmp_path):
    rng = np.random.default_rng(1)
    store = Store(tmp_path / "db.sqlite3")
    ids = _library(store, 60, rng)
    read = _vectors(ids, rng)
    active = {"audio": ("e", "1")}
    ids_now = ids[:50]
    vectors = lambda space, enc, ver: tuple(a[:len(ids_now)] for a in read())
    first = library_map.refresh(store, active, vectors)
    assert first.kinds["audio"]["action"] == "fitted" and len(store.map_points()["ids"]) == 50
    assert library_map.refresh(store, active, vectors).kinds["audio"]["action"] == "current"
    before = store.map_points()
    ids_now = ids[:60]  # 10 more: 1.2× < REFIT_RATIO, placed with the stored components
    second = library_map.refresh(store, active, vectors)
    assert second.kinds["audio"] == {**second.kinds["audio"], "action": "placed", "placed": 10}
    after = store.map_points()
    assert len(after["ids"]) == 60 and np.allclose(after["x"][:50], before["x"])
    third = library_map.refresh(store, {"audio": ("e", "2")}, vectors)  # another encoder version: refit
    assert third.kinds["audio"]["action"] == "fitted"
    data = map_data.load(store)
    assert len(data) == 60 and set(data.groups["folder"].names) == {"a0", "a1", "a2"}
    assert data.index_of(int(ids[5])) == 5 and data.index_of(10**9) == -1


def test_videos_sit_beside_music(tmp_path):
    rng = np.random.default_rng(2)
    store = Store(tmp_path / "db.sqlite3")
    music, video = _library(store, 30, rng), _library(store, 30, rng, kind="video")
    reads = {"audio": _vectors(music, rng)(), "visual": _vectors(video, rng, dim=8)()}
    library_map.refresh(store, {"audio": ("a", "1"), "visual": ("v", "1")}, lambda s, e, v: reads[s])
    data = map_data.load(store)
    assert data.video.sum() == 30
    assert data.xy[data.video, 0].min() > data.xy[~data.video, 0].max() - 0.5

"""The taste kernel reads similarity on the library's own scale (``recommend/sim_scale``), so what it learns
from the same plays does not depend on how high an encoder's cosines happen to run in this library.

Two libraries hold the same four clusters; in the second every vector gets a large shared component, which
maps each cosine c to (9 + c) / 10 — the same order of who is close to whom, all cosines squeezed into
[0.8, 1] (as a different encoder, or a library of one genre, would give). After the same plays (three items
of one cluster finished, three of another skipped early), the unplayed items of the finished cluster are
liked, those of the skipped cluster are avoided, and in both libraries alike. A kernel on raw cosine (the
model before) sees everything as near in the squeezed library and learns a much flatter taste there.
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.store import Store
from index_testlib import DIMS, LibraryBuilder, unit
from taste_testlib import T0, play, recommender

PER, CLUSTERS = 8, 4


def _vectors(seed: int) -> list[list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    dim = DIMS["audio"]
    out = []
    for _ in range(CLUSTERS):
        centre = np.zeros(dim, dtype=np.float32)
        centre[1:] = rng.standard_normal(dim - 1)
        centre = unit(centre)
        rows = []
        for _ in range(PER):
            v = centre + 0.1 * np.concatenate([[0.0], rng.standard_normal(dim - 1)]).astype(np.float32)
            rows.append(unit(v))  # orthogonal to the first axis
        out.append(rows)
    return out


def _squeezed(v: np.ndarray) -> np.ndarray:
    axis = np.zeros_like(v)
    axis[0] = 3.0
    return unit(axis + v)  # cosine c → (9 + c) / 10 for two such vectors


def _taste(tmp_path, name: str, transform) -> tuple[np.ndarray, list[list[int]]]:
    store = Store(tmp_path / f"{name}.sqlite3")
    b = LibraryBuilder(store, tmp_path / name, seed=0)
    groups = [[b.add(artist=f"a{c}-{j}", title=f"c{c} t{j}", vectors={"audio": transform(v)})
               for j, v in enumerate(rows)] for c, rows in enumerate(_vectors(7))]
    rec = recommender(store, tmp_path / name, spaces={"audio"})
    t = T0
    for j in range(3):
        t = play(rec, groups[0][j], finished=True, ts=t)
        t = play(rec, groups[1][j], finished=False, ts=t, position=8.0)
    unplayed = [i for g in groups for i in g[3:]]
    scores = rec._scorer.score(rec.facets.gather(unplayed), ["audio"] * len(unplayed), None, None, t)
    store.close()
    return scores.taste, groups


def test_same_plays_teach_the_same_taste_whatever_the_cosine_scale(tmp_path):
    wide, _ = _taste(tmp_path, "wide", lambda v: v)
    tight, _ = _taste(tmp_path, "tight", _squeezed)
    rest = PER - 3
    for taste in (wide, tight):
        finished_cluster, skipped_cluster = taste[:rest], taste[rest:2 * rest]
        assert finished_cluster.min() > 0.0 and finished_cluster.mean() > 0.15, taste
        assert skipped_cluster.max() < 0.0 and skipped_cluster.mean() < -0.1, taste
        assert np.abs(taste[2 * rest:]).max() < 0.1, taste  # untouched clusters: no opinion
    np.testing.assert_allclose(tight, wide, atol=1e-3)


def test_scale_maps_the_library_pairs_to_quantiles(tmp_path):
    from avrec_desktop.recommend.sim_scale import SimilarityScale

    store = Store(tmp_path / "q.sqlite3")
    b = LibraryBuilder(store, tmp_path / "q", seed=0)
    for rows in _vectors(3):
        for v in rows:
            b.add(vectors={"audio": v})
    rec = recommender(store, tmp_path / "q", spaces={"audio"})
    scale = SimilarityScale(rec.facets)
    table = scale.tables()["audio"]
    assert np.all(np.diff(table) >= 0)
    sims = np.array([[table[0] - 0.5, table[50], table[-1], 1.0, np.nan]])
    ranked = scale.rank(sims, ["audio"])
    assert ranked[0, 0] == 0.0 and ranked[0, 2] == 1.0 and ranked[0, 3] == 1.0
    assert abs(ranked[0, 1] - 0.5) < 0.02
    assert np.isnan(ranked[0, 4])
    store.close()

"""Helpers for the taste, next-up and for-you tests: clustered libraries, plays, a simulated listener.

Vectors are synthetic (no media decoding) and stored through the Store API; items of one cluster share a
direction, so who is close to whom is known in advance. ``sonic_vector`` builds 123-d audio vectors with
the ``sonic`` feature-group layout, for the tests that need per-facet similarities.
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.encoders.sonic_features import FEATURE_GROUPS, FEATURE_NAMES, GROUPS
from avrec_desktop.index import LibraryIndexes
from avrec_desktop.recommend.recommender import Recommender
from index_testlib import ACTIVE, LibraryBuilder, unit

T0 = 1_700_000_000.0
SONIC_ACTIVE = {"audio": ("sonic", "1"), "text": ("minilm-l6", "1")}
GROUP_COLUMNS = {g: np.flatnonzero(np.array([fg == g for fg in FEATURE_GROUPS])) for g in GROUPS}


def open_indexes(store, tmp_path, active=ACTIVE):
    return LibraryIndexes.open(store, active, directory=tmp_path / "idx")


def recommender(store, tmp_path, active=ACTIVE, **kw) -> Recommender:
    return Recommender(store, open_indexes(store, tmp_path, active), **kw)


def clusters(b: LibraryBuilder, n_clusters: int, per: int, *, noise: float = 0.35, spaces=("audio",),
             artists_per_cluster: int | None = None, kind: str = "audio", prefix: str = "") -> list[list[int]]:
    """``n_clusters`` groups of ``per`` items; artists spread so no artist fills a cluster."""
    out = []
    for c in range(n_clusters):
        base = {s: b.random(s) for s in spaces}
        ids = []
        for j in range(per):
            artist = f"{prefix}artist {c}-{j % artists_per_cluster if artists_per_cluster else j}"
            ids.append(b.add(kind=kind, artist=artist, title=f"{prefix}c{c} t{j}",
                             vectors={s: b.near(base[s], noise) for s in spaces}))
        out.append(ids)
    return out


def play(rec: Recommender, media_id: int, *, finished: bool, ts: float, session: str = "s",
         seed: int | None = None, duration: float = 200.0, position: float = 8.0) -> float:
    """A start and an end (finished, or an early skip at ``position``); returns the end time."""
    common = dict(session=session, seed_id=seed, source="up-next" if seed else "library", auto=bool(seed),
                  duration=duration)
    rec.record(media_id, "start", ts=ts, **common)
    end = ts + (duration if finished else position)
    rec.record(media_id, "end", ts=end, reason="finished" if finished else "skipped",
               position=duration if finished else position, **common)
    return end + 1.0


def sonic_vector(rng, blocks: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """A 123-d unit vector in the sonic layout: given group blocks, random elsewhere."""
    v = rng.standard_normal(len(FEATURE_NAMES)).astype(np.float32)
    for group, block in (blocks or {}).items():
        v[GROUP_COLUMNS[group]] = block
    for g in GROUPS:  # each group with the same norm, as the encoder's weighting makes them
        cols = GROUP_COLUMNS[g]
        v[cols] /= np.linalg.norm(v[cols])
    return unit(v)


def group_block(rng, group: str) -> np.ndarray:
    return rng.standard_normal(len(GROUP_COLUMNS[group])).astype(np.float32)


class ClusterListener:
    """Loves some clusters, dislikes some, finishes the rest half the time; ``flip`` of the time it acts
    against its taste. Decisions come from a generator per (seed, step), so runs are repeatable."""

    def __init__(self, cluster_of: dict[int, int], loved: set[int], disliked: set[int], *, seed: int,
                 flip: float = 0.1):
        self.cluster_of, self.loved, self.disliked = cluster_of, loved, disliked
        self.seed, self.flip = seed, flip

    def finishes(self, media_id: int, step: int) -> bool:
        u = np.random.default_rng([self.seed, step]).random()
        c = self.cluster_of[media_id]
        if c in self.loved:
            return u >= self.flip
        if c in self.disliked:
            return u < self.flip
        return u < 0.5

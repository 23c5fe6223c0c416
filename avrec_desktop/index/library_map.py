"""The library map: every item at a place on a plane, near what it sounds or looks like.

Each kind is projected from its own main space — music from the audio space, videos from the visual space —
and the two maps are set side by side (music left, videos right). Why not one shared space: the only space
both kinds have is ``text`` (titles, tags, file names), which places items by their words, not by their sound
or look; the audio and visual spaces are not comparable with each other, so one projection of both would mean
nothing across the seam.

The projection is PCA (randomized SVD in numpy: two power iterations, fitted on at most ``FIT_SAMPLE`` rows;
~0.3 s at 100k items) with each component's sign fixed (its largest loading positive), so refitting the same
vectors gives the same map. Each kind's points are centred on their median and scaled so 98 % of them fall
in a unit disc, then the kind is moved to its half (``VIDEO_OFFSET``).

Stored (store/schema_map.py) with a revision stamp: the encoder and version of the vectors and the count it was
fitted on. ``refresh`` fits again when that stamp no longer matches (another encoder or version, or the kind
grew or shrank by more than ``REFIT_RATIO``); otherwise it only places items that are new or were re-analysed
since with the stored mean and components (an incremental placement, milliseconds), and drops items no
longer in the space. It runs wherever the caller runs it: the window runs it on its task thread, never on the
GUI thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

KIND_SPACES = {"audio": "audio", "video": "visual"}  # each kind's main space
FIT_SAMPLE = 50_000
REFIT_RATIO = 1.25  # the kind grew (or shrank) by more than this since its fit: fit again
VIDEO_OFFSET = 2.6  # videos' centre on x; music's is 0 (each kind fits in a unit disc)
COVER_QUANTILE = 0.98

Vectors = Callable[[str, str, str], tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass
class MapReport:
    kinds: dict[str, dict] = field(default_factory=dict)  # kind → {action, items, placed, seconds}

    @property
    def refitted(self) -> bool:
        return any(k["action"] == "fitted" for k in self.kinds.values())


def fit_pca(matrix: np.ndarray, *, seed: int = 0, sample: int = FIT_SAMPLE) -> tuple[np.ndarray, np.ndarray]:
    """(mean (dim,), components (2, dim)) of the rows by randomized SVD, signs fixed."""
    rng = np.random.default_rng(seed)
    X = np.asarray(matrix, dtype=np.float32)
    if len(X) > sample:
        X = X[np.sort(rng.choice(len(X), sample, replace=False))]
    mean = X.mean(axis=0)
    Xc = X - mean
    dim = Xc.shape[1]
    if len(Xc) < 2 or dim < 2:
        comps = np.zeros((2, dim), np.float32)
        comps[0, 0] = 1.0
        if dim > 1:
            comps[1, 1] = 1.0
        return mean.astype(np.float32), comps
    width = min(dim, 2 + 10)
    Y = Xc @ rng.standard_normal((dim, width)).astype(np.float32)
    for _ in range(2):  # power iterations, re-orthonormalised each time
        Y = Xc @ (Xc.T @ _orthonormal(Y))
    _, _, vt = np.linalg.svd(_orthonormal(Y).T @ Xc, full_matrices=False)
    comps = np.zeros((2, dim), np.float32)
    comps[:len(vt[:2])] = vt[:2]
    for row in comps:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return mean.astype(np.float32), comps


def _orthonormal(Y: np.ndarray) -> np.ndarray:
    """Orthonormal columns spanning ``Y`` (n × k, k small) through the k × k Gram matrix: at 50k rows ~20×
    faster than LAPACK's QR, and as exact for the few well-separated directions PCA keeps."""
    Y = Y.astype(np.float64)
    gram = Y.T @ Y
    w, v = np.linalg.eigh(gram)
    keep = w > w.max() * 1e-10
    return (Y @ (v[:, keep] / np.sqrt(w[keep]))).astype(np.float32)


def project(matrix: np.ndarray, projection: Mapping) -> np.ndarray:
    """(n, 2) map coordinates of the rows with a stored (or just fitted) projection."""
    raw = (np.asarray(matrix, np.float32) - projection["mean"]) @ projection["components"].T
    xy = (raw - (projection["center_x"], projection["center_y"])) / projection["scale"]
    xy[:, 0] += projection["offset_x"]
    return xy.astype(np.float32)


def fit_projection(kind: str, space: str, encoder: str, version: str, matrix: np.ndarray) -> dict:
    mean, comps = fit_pca(matrix)
    raw = (np.asarray(matrix, np.float32) - mean) @ comps.T
    center = np.median(raw, axis=0) if len(raw) else np.zeros(2)
    radius = np.sqrt(((raw - center) ** 2).sum(axis=1)) if len(raw) else np.zeros(1)
    scale = float(np.quantile(radius, COVER_QUANTILE)) if len(radius) else 1.0
    return {"kind": kind, "space": space, "encoder": encoder, "version": version, "dim": int(matrix.shape[1]),
            "fitted_count": int(len(matrix)), "mean": mean, "components": comps, "center_x": float(center[0]),
            "center_y": float(center[1]), "scale": scale if scale > 1e-9 else 1.0,
            "offset_x": VIDEO_OFFSET if kind == "video" else 0.0}


def is_stale(projection: Mapping | None, encoder: str, version: str, dim: int, count: int) -> bool:
    """The stored fit is for other vectors, or for a library much smaller or larger than this one."""
    if projection is None:
        return True
    if (projection["encoder"], projection["version"], int(projection["dim"])) != (encoder, version, dim):
        return True
    fitted = max(int(projection["fitted_count"]), 1)
    return count > fitted * REFIT_RATIO or count * REFIT_RATIO < fitted


def store_vectors(store) -> Vectors:
    """Vectors read from SQLite (the CLI; a window passes its open indexes' rows: ``index_vectors``)."""
    from avrec_desktop.index import store_rows

    return lambda space, encoder, version: store_rows.read_space(store, space, encoder, version)


def index_vectors(indexes, store) -> Vectors:
    """The rows an open index already holds (memory-mapped; no blob read), else SQLite."""
    fallback = store_vectors(store)

    def read(space, encoder, version):
        ix = indexes.get(space) if indexes is not None else None
        if ix is None or (ix.encoder, ix.version) != (encoder, version):
            return fallback(space, encoder, version)
        return ix.rows()  # one consistent snapshot: ids, vector times, unit rows
    return read


def refresh(store, active: Mapping[str, tuple[str, str]], vectors: Vectors | None = None, *,
            on_progress: Callable[[str], None] | None = None, force: bool = False) -> MapReport:
    """Bring the stored map up to date with the library; see the module's docstring."""
    vectors = vectors or store_vectors(store)
    say = on_progress or (lambda _text: None)
    report = MapReport()
    stored = store.map_projections()
    for kind, space in KIND_SPACES.items():
        t0 = time.perf_counter()
        if space not in active:
            continue
        encoder, version = active[space]
        all_ids, all_times, matrix = vectors(space, encoder, version)
        keep = np.isin(all_ids, store.ready_ids_of_kind(kind))
        ids, times = all_ids[keep], all_times[keep]
        placed_ids, placed_times = store.map_stamps(kind)
        if not len(ids):
            if len(placed_ids):
                store.put_map(kind, [], [], [], drop=placed_ids)
            report.kinds[kind] = {"action": "empty", "items": 0, "placed": 0, "seconds": 0.0}
            continue
        rows = np.asarray(matrix)[keep] if len(all_ids) else matrix
        projection = stored.get(kind)
        if force or is_stale(projection, encoder, version, rows.shape[1], len(ids)):
            say(f"Map: arranging {len(ids):,} {'videos' if kind == 'video' else 'tracks'}…")
            projection = fit_projection(kind, space, encoder, version, rows)
            store.put_map(kind, ids, times, project(rows, projection), projection=projection)
            action, placed = "fitted", len(ids)
        else:
            known = np.isin(ids, placed_ids)
            pos = np.searchsorted(placed_ids, ids[known])
            changed = np.zeros(len(ids), bool)
            changed[np.flatnonzero(known)] = placed_times[pos] != times[known]
            fresh = ~known | changed
            drop = placed_ids[~np.isin(placed_ids, ids)]
            if fresh.any() or len(drop):
                say(f"Map: placing {int(fresh.sum()):,} new items…")
                store.put_map(kind, ids[fresh], times[fresh], project(rows[fresh], projection), drop=drop)
            action, placed = ("placed" if fresh.any() or len(drop) else "current"), int(fresh.sum())
        report.kinds[kind] = {"action": action, "items": int(len(ids)), "placed": int(placed),
                              "seconds": round(time.perf_counter() - t0, 3)}
    return report

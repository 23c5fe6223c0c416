"""Similarity on the library's own scale: a fused cosine read as its quantile among the library's pairs.

Raw cosines mean different things in different libraries: in one, two tracks of one soundtrack sit at
0.85 and strangers at 0.2; in another everything is 0.6–0.9, or the spread is narrower because the
encoder separates that music less well. A taste kernel written on raw cosine (``exp((sim − 1) / τ)``)
with τ chosen on one library is then too narrow in one and too wide in the next — the classic reason a
constant tuned on a dev corpus does not transfer. Read as a quantile, "more alike than 95 % of the
pairs in this library" means the same everywhere.

``SimilarityScale`` samples up to ``SAMPLE`` items of the library (evenly over the ids of its largest
index: deterministic, no rng), computes their pairwise fused similarity under the default facet weights
of each item kind, and keeps ``POINTS`` quantiles of it per kind. ``rank(sims, kinds)`` maps a
(candidates × items) similarity matrix to quantiles in [0, 1] by linear interpolation (NaN stays NaN,
1.0 — an item against itself — is always 1). The table is made once per library size (~256² products,
a few ms) and reused by every query.
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.recommend.facets import KINDS, FacetVectors

SAMPLE = 256
POINTS = 101


class SimilarityScale:
    def __init__(self, facets: FacetVectors):
        self.facets = facets
        self._key: tuple | None = None
        self._tables: dict[str, np.ndarray] = {}

    def _library_key(self) -> tuple:
        return tuple((space, len(ix)) for space, ix in self.facets.indexes.items())

    def tables(self) -> dict[str, np.ndarray]:
        """Kind → the ``POINTS`` quantiles (0 %, 1 %, … 100 %) of the library's pairwise similarity."""
        key = self._library_key()
        if key != self._key:
            self._tables = self._make()
            self._key = key
        return self._tables

    def _make(self) -> dict[str, np.ndarray]:
        if not self.facets.indexes:
            return {}
        largest = max(self.facets.indexes.values(), key=len)
        ids = np.sort(np.asarray(largest.ids(), dtype=np.int64))
        if len(ids) > SAMPLE:
            ids = ids[np.linspace(0, len(ids) - 1, SAMPLE).round().astype(np.int64)]
        if len(ids) < 3:
            return {}
        rows = self.facets.gather(ids)
        off = ~np.eye(len(ids), dtype=bool)
        out = {}
        for kind in KINDS:
            sims = self.facets.fused(rows, rows, self.facets.row_weights([kind] * len(ids)))[off]
            sims = sims[np.isfinite(sims)]
            if len(sims):
                out[kind] = np.percentile(sims, np.linspace(0.0, 100.0, POINTS)).astype(np.float64)
        return out

    def rank(self, sims: np.ndarray, kinds: list[str]) -> np.ndarray:
        """``sims`` (one row per candidate, of kind ``kinds[row]``) as quantiles of the library's pairs."""
        tables = self.tables()
        out = np.full(sims.shape, np.nan, dtype=np.float64)
        if not tables or not sims.size:
            return out
        grid = np.linspace(0.0, 1.0, POINTS)
        kinds_arr = np.asarray(kinds)
        for kind in set(kinds):
            table = tables.get(kind)
            if table is None:
                table = next(iter(tables.values()))
            rows = np.flatnonzero(kinds_arr == kind)
            part = sims[rows]
            ranked = np.interp(np.nan_to_num(part, nan=-2.0), table, grid)
            ranked[part >= 1.0 - 1e-6] = 1.0
            out[rows] = np.where(np.isnan(part), np.nan, ranked)
        return out

"""Facets: the kinds of similarity a suggestion can rest on, and fused similarity over many pairs at once.

A facet is one way two items can be alike, with its own cosine:
- the ``sonic`` audio descriptor (``len(FEATURE_NAMES)``-d) splits into one facet per feature group —
  ``timbre``, ``spectral``, ``harmony``, ``rhythm``, ``dynamics`` — each the cosine of that group's
  slice of both vectors (the slices were z-scored and equally weighted by the encoder, so the mean of
  the five group cosines is close to the whole-vector cosine);
- the fused ``sonic-musicnn`` vector adds a sixth, ``learned`` (MusiCNN's embedding), weighted by its share
  of the fused cosine (``sonic_layout.group_shares``);
- any other audio encoder (another size) is one facet, ``audio``;
- ``visual`` and ``text`` are one facet each (their space's cosine).

The taste model learns a multiplier per facet (``facet_learning``); the weight of a facet for an item of
a kind is its space's default fusion weight (``similar.WEIGHTS``, shared equally by the audio groups)
times that multiplier. The fused similarity of two items is the weighted mean of the facet cosines both
items have (NaN when they share none) — the same rule as ``similar``, one level finer.

Only the spaces the recommender may use (``spaces``) are facets here: with text turned off, a tag or a
file name can never make two items look alike.

Vectors come from the in-memory ``SpaceIndex`` matrices, one row look-up per item and space (~2 µs); the
products are plain numpy over the few hundred candidates and remembered items of one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from avrec_desktop.recommend.phrases import PHRASES, Words
from avrec_desktop.recommend.similar import WEIGHTS

SPACE_ORDER = ("audio", "visual", "text")
KINDS = ("audio", "video")


def sonic_groups(dim: int | None = None) -> dict[str, np.ndarray]:
    """Column indexes of each feature group of an audio vector of ``dim`` columns (default: sonic's): the
    five ``sonic`` groups, and ``learned`` for the fused sonic-musicnn vector; {} for another encoder. From
    ``sonic_layout``: a query never imports the DSP stack behind the features, scipy, ~1 s."""
    from avrec_desktop.encoders.sonic_layout import GROUPS, LEARNED, feature_groups, layout_for

    groups = layout_for(dim) if dim is not None else feature_groups()
    if not groups:
        return {}
    array = np.array(groups)
    return {g: np.flatnonzero(array == g) for g in (*GROUPS, LEARNED) if g in groups}


@dataclass(frozen=True)
class Facet:
    """One kind of similarity: a space, or a group of its columns."""
    name: str
    space: str
    columns: np.ndarray | None  # slice of the space's vector; None = the whole vector


@dataclass
class FacetMatrix:
    """Unit rows per facet for a list of ids (zeros where absent) and which rows are present."""
    ids: np.ndarray
    rows: dict[str, np.ndarray]  # facet → (n, d) float32
    present: dict[str, np.ndarray]  # facet → (n,) bool

    def __len__(self) -> int:
        return len(self.ids)

    def concatenated(self, names: list[str]) -> np.ndarray:
        """The facet blocks side by side (n, total dims), made once per matrix."""
        cached = getattr(self, "_concat", None)
        if cached is None or cached[0] != names:
            cached = (list(names), np.concatenate([self.rows[n] for n in names], axis=1))
            self._concat = cached
        return cached[1]

    def take(self, positions: np.ndarray) -> "FacetMatrix":
        return FacetMatrix(self.ids[positions], {f: r[positions] for f, r in self.rows.items()},
                           {f: p[positions] for f, p in self.present.items()})


class FacetVectors:
    """The facets of a library's indexes (limited to ``spaces``) and the vectors behind them."""

    def __init__(self, indexes: Mapping, spaces: set[str] | frozenset[str] | None = None):
        self.indexes = {s: indexes[s] for s in SPACE_ORDER
                        if s in indexes and (spaces is None or s in spaces) and len(indexes[s])}
        self.facets: list[Facet] = []
        for space, ix in self.indexes.items():
            groups = sonic_groups(ix.dim) if space == "audio" else {}
            if groups:
                self.facets += [Facet(g, space, cols) for g, cols in groups.items()]
            else:
                self.facets.append(Facet(space, space, None))
        self.names = [f.name for f in self.facets]
        self.space_of = {f.name: f.space for f in self.facets}

    @property
    def spaces(self) -> list[str]:
        return list(self.indexes)

    def default_weights(self, kind: str) -> dict[str, float]:
        """A facet's share of its space's default fusion weight for items of ``kind``."""
        from avrec_desktop.encoders.sonic_layout import group_shares

        table = WEIGHTS.get(kind, WEIGHTS["audio"])
        per_space: dict[str, int] = {}
        for f in self.facets:
            per_space[f.space] = per_space.get(f.space, 0) + 1
        audio = group_shares([f.name for f in self.facets if f.space == "audio" and f.columns is not None])
        return {f.name: table.get(f.space, 0.0) * (audio[f.name] if f.name in audio and f.space == "audio"
                                                   else 1.0 / per_space[f.space]) for f in self.facets}

    def weights(self, kind: str, multipliers: Mapping[str, float] | None = None) -> np.ndarray:
        """Facet weights (aligned with ``names``) for items of ``kind``."""
        base = self.default_weights(kind)
        m = multipliers or {}
        return np.array([base[n] * float(m.get(n, 1.0)) for n in self.names], dtype=np.float64)

    def has_any(self, media_id: int) -> bool:
        return any(media_id in ix for ix in self.indexes.values())

    def vector(self, space: str, media_id: int) -> np.ndarray | None:
        ix = self.indexes.get(space)
        return None if ix is None else ix.vector(int(media_id))

    def gather(self, ids) -> FacetMatrix:
        """Every facet's unit rows for ``ids`` (rows of absent items are zero, ``present`` False)."""
        ids = np.asarray(ids, dtype=np.int64)
        n = len(ids)
        rows: dict[str, np.ndarray] = {}
        present: dict[str, np.ndarray] = {}
        for space, ix in self.indexes.items():
            full, have = _rows_of(ix, ids)
            for f in self.facets:
                if f.space != space:
                    continue
                part = full if f.columns is None else full[:, f.columns]
                norms = np.linalg.norm(part, axis=1)
                ok = have & (norms > 1e-9)
                unit = np.zeros_like(part)
                unit[ok] = part[ok] / norms[ok, None]
                rows[f.name], present[f.name] = unit, ok
        return FacetMatrix(ids, rows, present)

    def facet_similarities(self, a: FacetMatrix, b: FacetMatrix) -> dict[str, np.ndarray]:
        """Per facet, the (len(a), len(b)) cosines; NaN where either item lacks the facet."""
        out = {}
        for name in self.names:
            sims = a.rows[name] @ b.rows[name].T
            mask = np.outer(a.present[name], b.present[name])
            out[name] = np.where(mask, sims, np.nan).astype(np.float32)
        return out

    def fused(self, a: FacetMatrix, b: FacetMatrix, row_weights: np.ndarray) -> np.ndarray:
        """Fused similarity (len(a), len(b)): weighted mean of the facet cosines both items have.

        ``row_weights`` is (len(a), n_facets): each row of ``a`` may weigh the facets differently
        (by its kind). NaN where a pair shares no facet. Absent facets are zero rows, so the numerator
        is one matrix product over the concatenated, weighted facet blocks, and the denominator one
        product of (weights × presence) with presence.
        """
        if not len(a) or not len(b) or not self.names:
            return np.full((len(a), len(b)), np.nan, dtype=np.float32)
        w = row_weights.astype(np.float32)
        left = np.concatenate([a.rows[name] * w[:, j, None] for j, name in enumerate(self.names)], axis=1)
        right = b.concatenated(self.names)
        num = left @ right.T
        pa = np.stack([a.present[name] for name in self.names], axis=1).astype(np.float32)
        pb = np.stack([b.present[name] for name in self.names], axis=1).astype(np.float32)
        den = (w * pa) @ pb.T
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / np.maximum(den, 1e-12), np.nan)

    def pair(self, a_id: int, b_id: int) -> dict[str, float]:
        """Facet cosines of two items (only the facets both have)."""
        m = self.gather([a_id, b_id])
        out = {}
        for name in self.names:
            if m.present[name][0] and m.present[name][1]:
                out[name] = float(m.rows[name][0] @ m.rows[name][1])
        return out

    def row_weights(self, kinds, multipliers: Mapping[str, float] | None = None) -> np.ndarray:
        """(len(kinds), n_facets) facet weights, one row per item kind."""
        table = {k: self.weights(k, multipliers) for k in KINDS}
        if not len(kinds):
            return np.zeros((0, len(self.names)))
        return np.stack([table.get(k, table["audio"]) for k in kinds])


def _rows_of(ix, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, have)``: each of ``ids``' vector in ``ix`` (a copy; zeros where it has none) and whether it
    has one; what ``ix.vector`` gives one id at a time, in one look-up for all (~300 ids of a query: ~3 ms
    of Python loop), from one snapshot of the index's rows."""
    index_ids, _times, matrix = ix.rows()
    n = len(ids)
    dim = matrix.shape[1] if matrix.ndim == 2 else ix.dim
    full = np.zeros((n, dim), dtype=np.float32)
    if not len(index_ids) or not n:
        return full, np.zeros(n, dtype=bool)
    pos = np.searchsorted(index_ids, ids)
    have = pos < len(index_ids)
    have[have] = index_ids[pos[have]] == ids[have]
    full[have] = matrix[pos[have]]
    return full, have


def facet_label(name: str) -> Words | None:
    """How a facet is named in a reason a person reads, as a phrase (recommend/phrases.py; "spectral" →
    "brightness", "learned" → "style"); None when the verb already says it (a whole space)."""
    if name in ("audio", "visual", "text"):
        return None
    key = f"facet.{name}"
    return Words(key) if key in PHRASES else Words("facet.named", {"name": name})


def facet_verb(name: str, space: str) -> str:
    """The phrase key of a seed reason in ``space``: 'looks like "X"', 'tagged like "X"', 'sounds like "X"'."""
    if space == "visual":
        return "seed.looks"
    if space == "text":
        return "seed.tagged"
    return "seed.sounds"

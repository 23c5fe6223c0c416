"""The numbers behind a ranking: relevance to the playing item and taste, for many candidates at once.

For candidates ``C`` (a ``FacetMatrix``) the scorer computes, with numpy over the whole batch:

- ``relevance``: the fused facet similarity to the seed under the seed kind's facet weights times the
  learned multipliers (NaN → 0: nothing shared to compare);
- ``main_facet``: the facet that contributed most to that (weight × cosine), for "sounds like X (timbre)";
- ``taste`` and ``mass``: the kernel regression of ``taste`` over the remembered items (fused similarity
  under each candidate's kind weights), and its evidence mass;
- ``weights``: the candidates × memory kernel matrix, kept so reasons can name the items behind a taste.

The memory's vectors are gathered once per model change (``TasteModel.version``), not per query.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from avrec_desktop.recommend.facets import FacetMatrix, FacetVectors
from avrec_desktop.recommend.taste import Memory, TasteModel, kernel


@dataclass
class Scores:
    """Per-candidate relevance, taste and evidence, row-aligned."""
    ids: np.ndarray
    relevance: np.ndarray  # (n,) fused similarity to the seed, 0 without one
    main_facet: list[str | None]  # per candidate
    taste: np.ndarray  # (n,) in (−1, 1)
    mass: np.ndarray  # (n,) kernel-weighted evidence
    weights: np.ndarray  # (n, m) kernel weights against the memory
    memory: Memory


class Scorer:
    def __init__(self, facets: FacetVectors, model: TasteModel):
        self.facets = facets
        self.model = model
        self._memory_key: tuple | None = None
        self._memory_rows: FacetMatrix | None = None

    def multipliers(self) -> dict[str, float]:
        return self.model.facet_multipliers(self.facets.names)

    def _memory(self, now: float) -> tuple[Memory, FacetMatrix]:
        memory = self.model.memory(now)
        key = (id(self.model), self.model.version, len(memory.ids))
        if key != self._memory_key:
            self._memory_rows = self.facets.gather(memory.ids)
            self._memory_key = key
        return memory, self._memory_rows

    def relevance(self, cands: FacetMatrix, seed: FacetMatrix | None, seed_kind: str | None,
                  mult: dict[str, float]) -> tuple[np.ndarray, list[str | None]]:
        n = len(cands)
        if seed is None or not len(seed) or not self.facets.names:
            return np.zeros(n), [None] * n
        w = self.facets.weights(seed_kind or "audio", mult)
        rel = self.facets.fused(cands, seed, np.tile(w, (n, 1)))[:, 0]
        contrib = np.full((n, len(self.facets.names)), -np.inf)
        for j, name in enumerate(self.facets.names):
            sims = cands.rows[name] @ seed.rows[name][0]
            ok = cands.present[name] & bool(seed.present[name][0])
            contrib[ok, j] = w[j] * sims[ok]
        best = np.argmax(contrib, axis=1)
        main = [self.facets.names[b] if np.isfinite(contrib[i, b]) else None for i, b in enumerate(best)]
        return np.nan_to_num(rel, nan=0.0), main

    def score(self, cands: FacetMatrix, kinds: list[str], seed: FacetMatrix | None, seed_kind: str | None,
              now: float) -> Scores:
        mult = self.multipliers()
        rel, main = self.relevance(cands, seed, seed_kind, mult)
        memory, rows = self._memory(now)
        n = len(cands)
        if len(memory.ids) and n:
            sims = self.facets.fused(cands, rows, self.facets.row_weights(kinds, mult))
            weights = kernel(sims, self.model.params.kernel_tau)
            num = weights @ memory.net
            mass = weights @ memory.mass
            taste = num / (self.model.params.shrinkage + mass)
        else:
            weights = np.zeros((n, len(memory.ids)))
            taste, mass = np.zeros(n), np.zeros(n)
        return Scores(cands.ids, rel, main, taste, mass, weights, memory)

    def pairwise(self, cands: FacetMatrix, kinds: list[str]) -> np.ndarray:
        """Fused similarity among candidates (for diversification); NaN → 0."""
        sims = self.facets.fused(cands, cands, self.facets.row_weights(kinds, self.multipliers()))
        return np.nan_to_num(sims, nan=0.0)

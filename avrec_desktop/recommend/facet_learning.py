"""Which kind of similarity matters to this user: passive metric learning from how suggestions landed.

Every outcome of an item that was played *from a seed* (``seed_id``: Up next, "play similar", a for-you
shelf) is a labelled pair: the facet similarities of (seed, item) — timbre, brightness, harmony, rhythm,
dynamics, look, tags (see ``facets``) — and whether the user liked it (outcome weight > 0) or not (< 0).
If skips follow suggestions that matched on rhythm while finishes follow those that matched on timbre,
timbre is what "similar" means to this user.

Model: an online logistic regression on standardised facet similarities,

    P(liked | seed, item) = σ(b + Σ_f θ_f · z_f),   z_f = (sim_f − μ_f) / σ_f,

with μ_f, σ_f running statistics of that facet over the pairs seen (Welford, starting from a prior of
``PRIOR_COUNT`` pseudo-pairs at mean 0 and std 0.3, so the first pairs do not blow up z). One SGD step
per outcome, sample weight |w| (capped at 2: a like counts twice), learning rate ``rate`` and an L2 pull
of every θ_f towards the prior θ₀ (every facet predicts equally):

    θ_f ← θ_f + rate · (|w| · (y − p) · z_f − l2 · (θ_f − θ₀))

A facet the pair lacks (text turned off, a song against a video's visual) has z_f = 0: no evidence.

The fusion multiplier of a facet is ``softplus(θ_f) / softplus(θ₀)`` clipped to [0.05, 4]: 1 at the
prior (the default fusion weights of ``similar``), growing for a facet whose similarity predicts likes,
shrinking towards 0.05 for one whose similarity predicts skips. The ranker uses the multipliers for
relevance to the playing item and inside the taste kernel (``taste``). Everything is deterministic:
the same outcomes in the same order give the same numbers.
"""

from __future__ import annotations

import math
from typing import Mapping

PRIOR_COUNT = 5.0
PRIOR_STD = 0.3
MIN_MULTIPLIER, MAX_MULTIPLIER = 0.05, 4.0


def _softplus(x: float) -> float:
    return math.log1p(math.exp(-abs(x))) + max(x, 0.0)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class FacetLearner:
    def __init__(self, prior: float = 1.0, rate: float = 0.05, l2: float = 0.02):
        self.prior, self.rate, self.l2 = float(prior), float(rate), float(l2)
        self.theta: dict[str, float] = {}
        self.bias = 0.0
        self.stats: dict[str, list[float]] = {}  # facet → [count, mean, M2] (prior included)
        self.pairs = 0

    def _stat(self, facet: str) -> list[float]:
        s = self.stats.get(facet)
        if s is None:
            s = self.stats[facet] = [PRIOR_COUNT, 0.0, PRIOR_COUNT * PRIOR_STD ** 2]
        return s

    def _z(self, facet: str, value: float) -> float:
        n, mean, m2 = self._stat(facet)
        std = math.sqrt(max(m2 / n, 1e-6))
        return (value - mean) / std

    def predict(self, sims: Mapping[str, float]) -> float:
        """P(liked) of a pair with these facet similarities."""
        logit = self.bias + sum(self.theta.get(f, self.prior) * self._z(f, v) for f, v in sims.items())
        return _sigmoid(logit)

    def update(self, sims: Mapping[str, float], weight: float) -> None:
        """Learn from one pair: ``sims`` facet → cosine, ``weight`` the outcome's signed weight."""
        if not sims or weight == 0:
            return
        y = 1.0 if weight > 0 else 0.0
        sample = min(abs(weight), 2.0)
        facets = sorted(sims)
        z = {f: self._z(f, float(sims[f])) for f in facets}
        p = _sigmoid(self.bias + sum(self.theta.get(f, self.prior) * z[f] for f in facets))
        step = self.rate * sample * (y - p)
        for f in sorted(set(self.theta) | set(facets)):
            theta = self.theta.get(f, self.prior)
            self.theta[f] = theta + step * z.get(f, 0.0) - self.rate * self.l2 * (theta - self.prior)
        self.bias += step
        for f in facets:  # statistics after the step: the step used what was known before this pair
            s = self._stat(f)
            value = float(sims[f])
            s[0] += 1.0
            delta = value - s[1]
            s[1] += delta / s[0]
            s[2] += delta * (value - s[1])
        self.pairs += 1

    def multiplier(self, facet: str) -> float:
        theta = self.theta.get(facet, self.prior)
        m = _softplus(theta) / _softplus(self.prior)
        return min(MAX_MULTIPLIER, max(MIN_MULTIPLIER, m))

    def multipliers(self, facets) -> dict[str, float]:
        return {f: self.multiplier(f) for f in facets}

    def to_dict(self) -> dict:
        return {"theta": dict(sorted(self.theta.items())), "bias": self.bias,
                "stats": {f: list(s) for f, s in sorted(self.stats.items())}, "pairs": self.pairs}

    @classmethod
    def from_dict(cls, data: Mapping, *, prior: float, rate: float, l2: float) -> "FacetLearner":
        out = cls(prior, rate, l2)
        out.theta = {str(f): float(v) for f, v in data.get("theta", {}).items()}
        out.bias = float(data.get("bias", 0.0))
        out.stats = {str(f): [float(x) for x in s] for f, s in data.get("stats", {}).items()}
        out.pairs = int(data.get("pairs", 0))
        return out

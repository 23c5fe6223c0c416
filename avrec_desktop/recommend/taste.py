"""The taste model: what this user likes, learned online from every outcome, forgetting slowly.

A memory-based (kernel) model. It keeps **evidence per item**, never per vector, so re-analysing the
library with a new encoder never invalidates it:

- ``pos`` / ``neg``: the decayed sums of the item's positive and negative outcome weights (finished +1,
  like +2, early skip −1, dislike −2, ... see ``outcomes``), stored as of the time ``t`` of their last
  change and decayed with a half-life (``half_life_days``, 60 by default) against event times, or
  against the ``now`` a query is asked for;
- counts (finished, skipped, liked), the first and last positive and the last negative time, and the
  explicit like/dislike in force (an ``unlike`` takes exactly that back, decayed as it was).

How much the user likes a candidate ``c`` is a kernel regression over the remembered items ``i``:

    taste(c) = Σ_i k(c, i) · w_i · v_i  /  (shrinkage + Σ_i k(c, i) · w_i)
    k(c, i)  = exp((sim(c, i) − 1) / kernel_tau)
    v_i = (pos_i − neg_i) / (pos_i + neg_i)        the item's mean outcome, in [−1, 1]
    w_i = m_i / (m_i + saturation),  m_i = pos_i + neg_i    its weight, saturating towards 1

with ``sim`` the fused facet similarity (``facets``) under the learned facet multipliers
(``facet_learning``). The saturation matters: loved items get replayed and pile up evidence while
skipped ones are never played again, so raw sums let a few replayed favourites drown the skips around
them (skip rate over suggestions 31–60, raw → saturated: 0.167 → 0.158 on the evaluation library,
12 profiles × 3 seeds; 0.196 → 0.183 on the synthetic twin clusters of ``test_next_learning``, 8 seeds —
small, within the noise, but never worse). The candidate itself (sim 1, k 1) weighs most; its neighbours follow, so items
*close* to things the user skipped or disliked are demoted too ("negative regions"), not just those
items. ``shrinkage`` pulls thin evidence to 0 (no opinion); the result lies in (−1, 1). The denominator
without ``shrinkage`` is the candidate's *evidence mass*: exploration looks for items where it is small.
Only the ``kernel_items`` items with the most decayed evidence take part (their order does not depend on
``now``: ``log2(mass) + t / half_life`` ranks them), which bounds the cost of a query.

Skips: with ``skip_weight`` (1 by default) every outcome the rules judge ``early-skip`` or ``late-skip``
counts −skip_weight here, however far in it came — the rules' −0.3 / +0.3 for a late skip before / past
half do not reach the taste (they still label the outcome); ``skip_weight`` 0 keeps the rules' weights.
Measured on the dev corpora against the independent listener, whose skip times do not depend on why it
skips (``scripts/taste_variants.py``, 6 profile seeds × 6 profiles × 3 seeds, paired, content only; skip
rate over suggestions 31–60, rules' weights → every skip −1): dev flip 0.1 0.256 → 0.220 (−0.036 ± 0.011),
dev-real 0.312 → 0.292 (−0.020 ± 0.009), flip 0.2 −0.021 ± 0.011 / −0.008 ± 0.011, coverage within 0.03
(``eval/taste-variants.md``). Half of a disliked item's skips came after 30 s, so under the rules they
said little against it, or even counted for it.

Cold start: the taste part of a score is scaled by ``maturity = M / (M + cold_start_k0)``, M the total
decayed evidence — 0 with no history (suggestions are similarity + diversity alone), ½ after
``cold_start_k0`` outcomes' worth, then towards 1.

State (``to_json``/``from_json``) is plain JSON; applying the same outcomes in the same order always
gives the same state, which ``taste_store`` uses to rebuild it from the event log.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Mapping

import numpy as np

from avrec_desktop.recommend.facet_learning import FacetLearner
from avrec_desktop.recommend.outcomes import Outcome

SETTINGS_KEY = "taste_params"
FORMAT = 1
DAY = 86400.0


@dataclass(frozen=True)
class TasteParams:
    """The taste model's settings (saved under ``SETTINGS_KEY``; ``state_key`` names those the saved state
    depends on)."""

    half_life_days: float = 60.0
    kernel_tau: float = 0.15
    shrinkage: float = 0.5
    cold_start_k0: float = 4.0
    kernel_items: int = 300
    saturation: float = 1.0
    facet_prior: float = 1.0
    facet_rate: float = 0.05
    facet_l2: float = 0.02
    skip_weight: float = 1.0  # > 0: every skip judged early or late counts −skip_weight, however far in

    @classmethod
    def load(cls, store) -> "TasteParams":
        raw = store.get_setting(SETTINGS_KEY)
        if not raw:
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        values = {k: (int(v) if k == "kernel_items" else float(v))
                  for k, v in json.loads(raw).items() if k in known}
        return cls(**values)

    def save(self, store) -> None:
        store.set_setting(SETTINGS_KEY, json.dumps(asdict(self)))

    def with_values(self, **values) -> "TasteParams":
        return replace(self, **values)

    def state_key(self) -> dict:
        """The settings the saved state depends on (the others only change how it is read)."""
        return {"half_life_days": self.half_life_days, "facet_prior": self.facet_prior,
                "facet_rate": self.facet_rate, "facet_l2": self.facet_l2, "skip_weight": self.skip_weight}

    @property
    def half_life(self) -> float:
        return self.half_life_days * DAY


_FIELDS = ("pos", "neg", "t", "finished", "skipped", "liked", "plays", "feedback", "feedback_ts",
           "first_pos", "last_pos", "last_neg", "last_seen")


class Evidence:
    """What one item's outcomes said (weights decayed to ``t``; counts are plain counts)."""

    __slots__ = _FIELDS

    def __init__(self, t: float):
        self.pos = self.neg = 0.0
        self.t = t
        self.finished = self.skipped = self.liked = self.plays = 0
        self.feedback = 0.0  # the explicit like (+) or dislike (−) in force, as given
        self.feedback_ts = None
        self.first_pos = self.last_pos = self.last_neg = self.last_seen = None

    @property
    def disliked(self) -> bool:
        return self.feedback < 0

    def decayed(self, now: float, half_life: float) -> tuple[float, float]:
        f = _decay(now - self.t, half_life)
        return self.pos * f, self.neg * f

    def to_list(self) -> list:
        return [getattr(self, k) for k in _FIELDS]

    @classmethod
    def from_list(cls, values) -> "Evidence":
        """The evidence ``to_list`` wrote (a shorter list: the fields it lacks keep their start values)."""
        if len(values) == len(_FIELDS):  # one unpacking, not 13 setattr calls: ~900 items a query load
            e = cls.__new__(cls)
            (e.pos, e.neg, e.t, e.finished, e.skipped, e.liked, e.plays, e.feedback, e.feedback_ts, e.first_pos,
             e.last_pos, e.last_neg, e.last_seen) = values
            return e
        e = cls(0.0)
        for k, v in zip(_FIELDS, values):
            setattr(e, k, v)
        return e


def _decay(dt: float, half_life: float) -> float:
    return 0.5 ** (dt / half_life) if dt > 0 else 1.0


@dataclass(frozen=True)
class Memory:
    """The remembered items a query's kernel runs over, with evidence decayed to ``now``."""
    ids: np.ndarray
    net: np.ndarray  # pos − neg (saturated: confidence × mean outcome)
    mass: np.ndarray  # pos + neg (saturated: confidence)


class TasteModel:
    def __init__(self, params: TasteParams | None = None):
        self.params = params or TasteParams()
        p = self.params
        self.items: dict[int, Evidence] = {}
        self.facets = FacetLearner(p.facet_prior, p.facet_rate, p.facet_l2)
        self.last_event_id = 0
        self.outcomes = 0
        self.version = 0  # bumped by every change; caches key on it
        self._arrays: tuple | None = None
        self._disliked: tuple | None = None

    # -- learning ------------------------------------------------------------------------------
    def apply(self, o: Outcome, facet_sims: Mapping[str, float] | None = None) -> None:
        """Learn from one outcome (outcomes at or before ``last_event_id`` are already known)."""
        if o.event_id <= self.last_event_id:
            return
        hl = self.params.half_life
        ev = self.items.get(o.media_id)
        if ev is None:
            ev = self.items[o.media_id] = Evidence(o.ts)
        f = _decay(o.ts - ev.t, hl)
        if o.ts > ev.t:
            ev.pos, ev.neg, ev.t = ev.pos * f, ev.neg * f, o.ts
        late = _decay(ev.t - o.ts, hl)  # an outcome older than the evidence counts decayed
        weight = o.weight
        if self.params.skip_weight > 0 and o.label in ("early-skip", "late-skip"):
            weight = -self.params.skip_weight  # a skip is a skip: how far in it came says little (below)
        if o.label == "unlike":
            taken = abs(ev.feedback) * _decay(ev.t - (ev.feedback_ts or ev.t), hl)
            if ev.feedback > 0:
                ev.pos = max(0.0, ev.pos - taken)
                ev.liked = max(0, ev.liked - 1)
            elif ev.feedback < 0:
                ev.neg = max(0.0, ev.neg - taken)
            weight, ev.feedback, ev.feedback_ts = 0.0, 0.0, None
        elif o.label in ("like", "dislike"):
            ev.feedback, ev.feedback_ts = o.weight, o.ts
            ev.liked += o.label == "like"
        if weight > 0:
            ev.pos += weight * late
            ev.last_pos = o.ts if ev.last_pos is None else max(ev.last_pos, o.ts)
            ev.first_pos = o.ts if ev.first_pos is None else min(ev.first_pos, o.ts)
        elif weight < 0:
            ev.neg += -weight * late
            ev.last_neg = o.ts if ev.last_neg is None else max(ev.last_neg, o.ts)
        if o.label == "finished":
            ev.finished += 1
        elif o.label in ("early-skip", "late-skip") and weight < 0:
            ev.skipped += 1
        if o.label in ("finished", "early-skip", "late-skip", "grace", "neutral"):
            ev.plays += 1
            ev.last_seen = o.ts if ev.last_seen is None else max(ev.last_seen, o.ts)
        if facet_sims and o.seed_id is not None and o.seed_id != o.media_id and weight != 0:
            self.facets.update(facet_sims, weight)
        self.last_event_id = o.event_id
        self.outcomes += 1
        self.version += 1
        self._arrays = None

    def skip_to(self, event_id: int) -> None:
        """Mark events up to ``event_id`` as seen without learning from them (after a reset)."""
        self.last_event_id = max(self.last_event_id, int(event_id))

    # -- reading -------------------------------------------------------------------------------
    def evidence(self, media_id: int) -> Evidence | None:
        return self.items.get(int(media_id))

    def _table(self):
        if self._arrays is None:
            ids = np.array(sorted(self.items), dtype=np.int64)
            ev = [self.items[i] for i in ids.tolist()]
            pos = np.array([e.pos for e in ev], dtype=np.float64)
            neg = np.array([e.neg for e in ev], dtype=np.float64)
            t = np.array([e.t for e in ev], dtype=np.float64)
            self._arrays = (ids, pos, neg, t)
        return self._arrays

    def _decay_to(self, t: np.ndarray, now: float) -> np.ndarray:
        return np.power(0.5, np.maximum(now - t, 0.0) / self.params.half_life)

    def maturity(self, now: float) -> float:
        """How far the taste part has taken over from similarity: M / (M + k0), in [0, 1)."""
        ids, pos, neg, t = self._table()
        mass = float(((pos + neg) * self._decay_to(t, now)).sum()) if len(ids) else 0.0
        return mass / (mass + self.params.cold_start_k0)

    def memory(self, now: float) -> Memory:
        """The ``kernel_items`` items with the most decayed evidence (ids ascending)."""
        ids, pos, neg, t = self._table()
        mass = pos + neg
        keep = np.flatnonzero(mass > 1e-12)
        if len(keep) > self.params.kernel_items:
            rank = np.log2(mass[keep]) + t[keep] / self.params.half_life
            order = np.lexsort((ids[keep], -rank))[:self.params.kernel_items]
            keep = np.sort(keep[order])
        f = self._decay_to(t[keep], now)
        net, mass = (pos[keep] - neg[keep]) * f, mass[keep] * f
        s = self.params.saturation
        if s > 0:  # an item's weight saturates: m / (m + s) of its mean outcome
            conf = mass / (mass + s)
            net, mass = conf * net / np.maximum(mass, 1e-12), conf
        return Memory(ids[keep], net, mass)

    def favourites(self, now: float, n: int, *, since: float | None = None) -> list[int]:
        """Ids with the most decayed net positive evidence (last liked at or after ``since``)."""
        ids, pos, neg, t = self._table()
        net = (pos - neg) * self._decay_to(t, now)
        keep = np.flatnonzero(net > 1e-9)
        if since is not None:
            keep = np.array([j for j in keep.tolist() if (self.items[int(ids[j])].last_pos or 0) >= since],
                            dtype=np.int64)
        order = np.lexsort((ids[keep], -net[keep])) if len(keep) else keep
        return [int(i) for i in ids[keep][order][:n]]

    def disliked(self) -> frozenset[int]:
        """Items with an explicit dislike in force (they are never suggested)."""
        if self._disliked is None or self._disliked[0] != self.version:
            self._disliked = (self.version, frozenset(i for i, e in self.items.items() if e.disliked))
        return self._disliked[1]

    def facet_multipliers(self, facets) -> dict[str, float]:
        return self.facets.multipliers(facets)

    def summary(self, now: float | None = None) -> dict:
        """A readable digest for ``avrec taste`` and the settings page."""
        import time

        now = time.time() if now is None else now
        facet_names = sorted(set(self.facets.theta) | set(self.facets.stats))
        return {"outcomes": self.outcomes, "items": len(self.items), "last_event_id": self.last_event_id,
                "maturity": round(self.maturity(now), 3),
                "facet_multipliers": {f: round(m, 3) for f, m in self.facet_multipliers(facet_names).items()},
                "seed_pairs": self.facets.pairs,
                "favourites": self.favourites(now, 10), "disliked": sorted(self.disliked()),
                "params": asdict(self.params)}

    # -- state ---------------------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "params": self.params.state_key(),
                           "last_event_id": self.last_event_id, "outcomes": self.outcomes,
                           "items": {str(i): self.items[i].to_list() for i in sorted(self.items)},
                           "facets": self.facets.to_dict()}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, params: TasteParams | None = None) -> "TasteModel":
        """The model saved by ``to_json``; ``ValueError`` when it was made by another format or with
        settings that change its meaning (the caller rebuilds it from the events then)."""
        data = json.loads(text)
        model = cls(params)
        if data.get("format") != FORMAT:
            raise ValueError(f"taste state format {data.get('format')} is not {FORMAT}")
        if data.get("params") != model.params.state_key():
            raise ValueError("taste state was made with other settings")
        p = model.params
        model.items = {int(i): Evidence.from_list(v) for i, v in data["items"].items()}
        model.facets = FacetLearner.from_dict(data.get("facets", {}), prior=p.facet_prior, rate=p.facet_rate,
                                              l2=p.facet_l2)
        model.last_event_id = int(data["last_event_id"])
        model.outcomes = int(data.get("outcomes", 0))
        return model

    def same_state(self, other: "TasteModel") -> bool:
        return self.to_json() == other.to_json()


def kernel(sim: np.ndarray, tau: float) -> np.ndarray:
    """exp((sim − 1) / tau); 0 where the similarity is unknown (NaN)."""
    with np.errstate(invalid="ignore"):
        k = np.exp((np.nan_to_num(sim, nan=-math.inf) - 1.0) / tau)
    return np.nan_to_num(k, nan=0.0)

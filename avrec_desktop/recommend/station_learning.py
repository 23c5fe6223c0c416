"""What a station learns from how its suggestions went (recommend/station.py uses it).

**Outcomes.** ``judged`` reads the events recorded since the station's first page for the items it
suggested, keeps those with the station's ``source`` (the player records plays of station suggestions
with source ``station``) and judges them with the outcome rules (recommend/outcomes.py): an early skip
−1, a finish +1, a like +2 ... summed per item.

**Shares (seeds).** Each anchor (the seeds' centroid, each seed) gets places in proportion to
``SHARE_BASE`` ** (the summed outcomes of the suggestions it made), clipped to [``MIN_SHARE``,
``MAX_SHARE``]: two early skips of what a seed brought quarter its places, finishes and likes raise
them. The places are dealt by smooth weighted round robin (``next_anchor``): with equal shares it is the
plain turn-taking centroid, seed 1, seed 2, centroid ...

**Neighbourhood (seeds and words).** ``steer`` moves each candidate by the outcomes of the judged items
it is near: ``STEER_WEIGHT`` × Σ outcome × closeness, clipped to ±``STEER_CAP``. Closeness to a judged
item is relative to the candidates: 0 for those no closer than the median candidate, rising to 1 for
the closest (squared, so only the near neighbourhood counts much), in fused similarity over the spaces
of the station's kind (``similar.WEIGHTS``). A skipped region thus sinks and a played-through one rises,
whatever the scale of the embedding space.
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.recommend.outcomes import outcomes_from_events
from avrec_desktop.recommend.similar import WEIGHTS

SHARE_BASE = 2.0
MIN_SHARE = 1 / 8
MAX_SHARE = 4.0
STEER_WEIGHT = 1.0
STEER_CAP = 2.0


def judged(store, rules, station) -> dict[int, float]:
    """{suggested media id: summed outcome weight} of the station's suggestions played since it began."""
    if station.since_event is None or not station.placed:
        return {}
    events = [e for e in store.events_after(station.since_event)
              if e["media_id"] in station.placed and e.get("source") == station.source]
    if not events:
        return {}
    kinds = {i: m.kind for i, m in store.media_by_ids(sorted({e["media_id"] for e in events})).items()}
    out: dict[int, float] = {}
    for o in outcomes_from_events(events, rules, kinds):
        out[o.media_id] = out.get(o.media_id, 0.0) + o.weight
    return {i: w for i, w in out.items() if w}


def shares(station, outcomes: dict[int, float], anchors: int) -> np.ndarray:
    """Each anchor's share of places from the outcomes of the suggestions it placed."""
    total = np.zeros(anchors)
    for media_id, weight in outcomes.items():
        col = station.placed.get(media_id)
        if col is not None and col < anchors:
            total[col] += weight
    return np.clip(SHARE_BASE ** total, MIN_SHARE, MAX_SHARE)


def next_anchor(station, share: np.ndarray) -> int:
    """The anchor whose turn it is (smooth weighted round robin over ``station.credit``)."""
    if len(station.credit) != len(share):
        station.credit = [0.0] * len(share)
    credit = np.asarray(station.credit, dtype=float) + share
    col = int(np.argmax(credit))  # ties: the first anchor
    credit[col] -= share.sum()
    station.credit = credit.tolist()
    return col


def steer(indexes, kind: str | None, ids: np.ndarray, outcomes: dict[int, float]) -> np.ndarray:
    """Each candidate's move from the outcomes of the judged items near it (see the module docstring)."""
    out = np.zeros(len(ids))
    if not outcomes or not len(ids):
        return out
    table = WEIGHTS.get(kind or "audio", WEIGHTS["audio"])
    for media_id, weight in outcomes.items():
        num, den = np.zeros(len(ids)), np.zeros(len(ids))
        for space, w in table.items():
            if space not in indexes or (v := indexes[space].vector(media_id)) is None:
                continue
            sims = indexes[space].similarities(v, ids)
            ok = ~np.isnan(sims)
            num[ok] += w * sims[ok]
            den[ok] += w
        have = den > 0
        if not have.any():
            continue
        sim = num[have] / den[have]
        median, top = float(np.median(sim)), float(np.max(sim))
        close = np.zeros(len(ids))
        close[have] = np.clip((sim - median) / max(top - median, 1e-6), 0.0, 1.0) ** 2
        out += weight * close
    return np.clip(STEER_WEIGHT * out, -STEER_CAP, STEER_CAP)

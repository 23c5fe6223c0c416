"""Numbers from sessions: skip rates by phase, loved share, diversity, coverage; and play-similar precision.

All session metrics count *suggestions* only (the listener's own picks are not the strategy's doing):
- ``skip_A_B``: share of suggestions number A..B (1-based) the listener skipped. ``BUCKETS`` are
  1–10 (cold), 11–30 (learning) and 31–60 (learned); a shorter session truncates the last bucket.
- ``loved_share`` / ``disliked_share``: share of suggestions from a label the profile loves / dislikes
  (all suggestions, and ``loved_share_31_60`` for the late phase).
- ``diversity``: intra-list diversity — the mean pairwise cosine distance (1 − cos) between the audio
  vectors of the suggestions in each window of ``WINDOW`` consecutive suggestions (what an Up next
  list of ten would show), averaged over windows. 0 = the same sound over and over.
- ``coverage``: distinct items suggested / items in the library.
- ``passed_over`` / ``fallbacks``: how often a strategy's first choice was inside the replay
  cool-down, and how often nothing outside it was offered.
- ``bored_skips``: suggestions the listener would have finished but skipped as the 4th of a label in a
  row (the independent listener's boredom).

``aggregate`` gives mean, standard deviation (population, ddof=0) and count over runs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable, Mapping

import numpy as np

from avrec_desktop.evaluation.listener import DISLIKE, LOVE
from avrec_desktop.evaluation.simulate import Session

BUCKETS = ((1, 10), (11, 30), (31, 60))
WINDOW = 10


def bucket_name(prefix: str, lo: int, hi: int) -> str:
    return f"{prefix}_{lo}_{hi}"


def _in(plays, lo: int, hi: int):
    return [p for p in plays if lo <= p.suggestion <= hi]


def _share(flags: list[bool]) -> float | None:
    return float(np.mean(flags)) if flags else None


def skip_rate(session: Session, lo: int, hi: int) -> float | None:
    return _share([p.skipped for p in _in(session.suggested, lo, hi)])


def attitude_share(session: Session, attitude: str, lo: int = 1, hi: int = 10 ** 9) -> float | None:
    return _share([p.attitude == attitude for p in _in(session.suggested, lo, hi)])


def window_diversity(ids: list[int], vectors: Mapping[int, np.ndarray], window: int = WINDOW) -> float | None:
    """Mean over consecutive windows of the mean pairwise cosine distance (windows of ≥ 2 items)."""
    values = []
    for start in range(0, len(ids), window):
        chunk = [vectors[i] for i in ids[start:start + window] if i in vectors]
        if len(chunk) < 2:
            continue
        m = np.stack(chunk).astype(np.float64)
        m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
        sims = m @ m.T
        n = len(chunk)
        values.append(float((n * n - sims.sum()) / (n * (n - 1))))  # mean of 1 - cos off the diagonal
    return float(np.mean(values)) if values else None


def coverage(session: Session, library_size: int) -> float:
    return len({p.media_id for p in session.suggested}) / max(library_size, 1)


def session_metrics(session: Session, vectors: Mapping[int, np.ndarray], library_size: int) -> dict:
    suggested = session.suggested
    out: dict = {}
    for lo, hi in BUCKETS:
        out[bucket_name("skip", lo, hi)] = skip_rate(session, lo, hi)
    out["skip_all"] = _share([p.skipped for p in suggested])
    out["loved_share"] = attitude_share(session, LOVE)
    out["loved_share_31_60"] = attitude_share(session, LOVE, 31, 60)
    out["disliked_share"] = attitude_share(session, DISLIKE)
    out["diversity"] = window_diversity([p.media_id for p in suggested], vectors)
    out["coverage"] = coverage(session, library_size)
    out["passed_over"] = sum(p.passed_over for p in suggested)
    out["fallbacks"] = sum(p.fallback for p in suggested)
    out["bored_skips"] = sum(p.bored for p in suggested)
    out["hand_picks"] = sum(1 for p in session.plays if not p.suggestion)
    out["suggestions"] = len(suggested)
    return out


def aggregate(runs: Iterable[dict]) -> dict[str, dict]:
    """metric → {mean, std, n} over runs (a run where a metric is undefined does not count for it)."""
    values: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        for name, value in run.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value is not None \
                    and not math.isnan(value):
                values[name].append(float(value))
    return {name: {"mean": round(float(np.mean(v)), 4), "std": round(float(np.std(v)), 4), "n": len(v)}
            for name, v in values.items()}


def similar_precision(store, indexes, labels: dict[int, str], *, k: int = 5, modality: str = "all") -> dict:
    """"Play similar" precision@k by label: for every labelled item as the seed, the share of its top
    ``k`` (``recommend.similar``, with its duplicate and artist rules) that share its label. Returns the
    mean over seeds, the mean per label, and what random picking would score on this library."""
    from avrec_desktop.errors import NotAnalysed
    from avrec_desktop.recommend.similar import similar

    per_label: dict[str, list[float]] = defaultdict(list)
    for media_id, label in sorted(labels.items()):
        try:
            results = similar(store, indexes, media_id, k=k, modality=modality,
                              active=getattr(indexes, "active", None))
        except NotAnalysed:
            continue
        if not results:
            continue
        hits = sum(1 for r in results[:k] if labels.get(r.media.id) == label)
        per_label[label].append(hits / k)
    flat = [v for vs in per_label.values() for v in vs]
    n = len(labels)
    sizes = defaultdict(int)
    for label in labels.values():
        sizes[label] += 1
    chance = sum(s * (s - 1) / (n - 1) for s in sizes.values()) / n if n > 1 else 0.0
    return {"k": k, "modality": modality, "mean": round(float(np.mean(flat)), 4) if flat else None,
            "seeds": len(flat), "random": round(chance, 4),
            "by_label": {lab: round(float(np.mean(v)), 4) for lab, v in sorted(per_label.items())}}

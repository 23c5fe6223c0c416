"""``avrec bench journey``: how smooth journeys A → B are on a library (issue #10), against the same items
in shuffled order, measured in the same run.

On the current library (or ``--library DB``): ``pairs`` random pairs (seeded) of analysed, ready items of
one kind (a vector in audio or visual), each planned with ``recommend.journey.plan_journey`` in ``steps``
items. A step's distance is the fused-space distance (1 − fused cosine over the journey's spaces, as the
journey weighs them) between consecutive items, A → first step and last step → B included. The baseline
is the same journey's items between A and B in random order (A and B kept at the ends), ``shuffles``
orders per journey. Progress shares count the consecutive pairs whose distance to B falls and whose
distance to A rises (a journey promises both at every step; a shuffle keeps about half).

JSON (``results["journey"]``):
  library, pairs_asked, pairs_run, skipped ({reason: count}), steps_asked, seed, shuffles;
  steps_mean (items per journey, A and B included), between_mean (items between A and B);
  span_mean (A–B distance);
  step_distance_mean / step_distance_max_mean (journeys' mean and longest step, averaged over journeys);
  shuffled_step_distance_mean / shuffled_step_distance_max_mean (the same for the shuffled orders);
  smoothness_ratio (step_distance_mean / shuffled_step_distance_mean; below 1 is smoother than shuffled);
  smoother_than_shuffled_share (journeys with items between whose mean step is below their shuffles');
  progress_to_b_share / progress_from_a_share (steps nearer B / farther from A than the step before)
  and shuffled_progress_to_b_share / shuffled_progress_from_a_share;
  plan_ms (p50, p95, max: planning one journey); journeys (per pair: start, end, steps, span,
  step_distance_mean/max, shuffled_step_distance_mean/max).

Run: ``avrec bench journey --pairs 20 -n 10 [--library DB] [--seed 0]``.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from avrec_desktop.errors import AvrecError
from avrec_desktop.recommend.journey import DEFAULT_STEPS, plan_journey

DEFAULT_PAIRS = 20
SHUFFLES = 20
TRAVEL_SPACES = ("audio", "visual")  # what a journey moves through (text only when nothing else is shared)


def run_journey_bench(library: str | Path | None = None, *, pairs: int = DEFAULT_PAIRS, steps: int = DEFAULT_STEPS,
                      seed: int = 0, shuffles: int = SHUFFLES) -> dict:
    """Journeys between ``pairs`` random pairs of the library at ``library`` (default: the current one)."""
    from avrec_desktop.core import AppCore

    core = AppCore(library, index_graph="off")
    try:
        out = journey_quality(core.store, core.indexes(), pairs=pairs, steps=steps, seed=seed, shuffles=shuffles)
        return {"library": str(core.db_path), **out}
    finally:
        core.close()


def journey_quality(store, indexes, *, pairs: int = DEFAULT_PAIRS, steps: int = DEFAULT_STEPS, seed: int = 0,
                    shuffles: int = SHUFFLES) -> dict:
    """The figures of the module docstring for journeys over ``indexes`` (a space → index mapping)."""
    rng = np.random.default_rng(seed)
    chosen = random_pairs(store, indexes, pairs, rng)
    rows, skipped, plan_ms = [], {}, []
    moves = {"to_b": [], "from_a": [], "shuffled_to_b": [], "shuffled_from_a": []}
    for a, b in chosen:
        t0 = time.perf_counter()
        try:
            journey = plan_journey(store, indexes, a, b, n=steps)
        except AvrecError as exc:
            skipped[type(exc).__name__] = skipped.get(type(exc).__name__, 0) + 1
            continue
        plan_ms.append((time.perf_counter() - t0) * 1000)
        points = fused_points(indexes, journey.spaces, journey.ids)
        orders = [np.concatenate([[0], 1 + rng.permutation(len(points) - 2), [len(points) - 1]])
                  for _ in range(shuffles)]
        path = step_distances(points)
        shuffled = [step_distances(points[order]) for order in orders]
        row = {"start": a, "end": b, "steps": len(points), "span": _r(1.0 - points[0] @ points[-1]),
               "step_distance_mean": _r(path.mean()), "step_distance_max": _r(path.max()),
               "shuffled_step_distance_mean": _r(np.mean([d.mean() for d in shuffled])),
               "shuffled_step_distance_max": _r(np.mean([d.max() for d in shuffled]))}
        rows.append(row)
        to_b, from_a = progress(points)
        moves["to_b"] += to_b
        moves["from_a"] += from_a
        for order in orders:
            to_b, from_a = progress(points[order])
            moves["shuffled_to_b"] += to_b
            moves["shuffled_from_a"] += from_a
    out: dict = {"pairs_asked": pairs, "pairs_run": len(rows), "skipped": skipped, "steps_asked": steps,
                 "seed": seed, "shuffles": shuffles}
    if not rows:
        return {**out, "journeys": []}
    mean = _mean_of(rows)
    with_between = [r for r in rows if r["steps"] > 3]  # a shuffle of fewer than two items changes nothing
    out.update({
        "steps_mean": _r(mean("steps")), "between_mean": _r(mean("steps") - 2), "span_mean": _r(mean("span")),
        "step_distance_mean": _r(mean("step_distance_mean")),
        "step_distance_max_mean": _r(mean("step_distance_max")),
        "shuffled_step_distance_mean": _r(mean("shuffled_step_distance_mean")),
        "shuffled_step_distance_max_mean": _r(mean("shuffled_step_distance_max")),
        "smoothness_ratio": _r(mean("step_distance_mean") / max(mean("shuffled_step_distance_mean"), 1e-12)),
        "smoother_than_shuffled_share": _r(np.mean([r["step_distance_mean"] < r["shuffled_step_distance_mean"]
                                                    for r in with_between])) if with_between else None,
        "progress_to_b_share": _share(moves["to_b"]), "progress_from_a_share": _share(moves["from_a"]),
        "shuffled_progress_to_b_share": _share(moves["shuffled_to_b"]),
        "shuffled_progress_from_a_share": _share(moves["shuffled_from_a"]),
        "plan_ms": {"p50": _r(np.percentile(plan_ms, 50), 1), "p95": _r(np.percentile(plan_ms, 95), 1),
                    "max": _r(max(plan_ms), 1)},
        "journeys": rows})
    return out


def random_pairs(store, indexes, pairs: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    """``pairs`` (A, B) of different ready items of one kind, each with an audio or visual vector."""
    travel = [indexes[s] for s in TRAVEL_SPACES if s in indexes and len(indexes[s])]
    analysed = set().union(*(set(ix.ids().tolist()) for ix in travel)) if travel else set()
    by_kind: dict[str, list[int]] = {}
    for m in store.all_media(status="ready"):
        if m.id in analysed:
            by_kind.setdefault(m.kind, []).append(m.id)
    kinds = [k for k in sorted(by_kind) if len(by_kind[k]) >= 2]
    if not kinds:
        return []
    weights = np.array([len(by_kind[k]) for k in kinds], dtype=np.float64)
    out = []
    for _ in range(pairs):
        ids = by_kind[kinds[int(rng.choice(len(kinds), p=weights / weights.sum()))]]
        a, b = rng.choice(len(ids), size=2, replace=False)
        out.append((ids[int(a)], ids[int(b)]))
    return out


def fused_points(indexes, spaces: dict[str, float], ids: list[int]) -> np.ndarray:
    """Each item's point in the journey's fused space: its unit vector per space × √weight, concatenated
    (the dot product of two points is their fused cosine)."""
    return np.stack([np.concatenate([np.sqrt(w) * np.asarray(indexes[s].vector(int(i)), dtype=np.float64)
                                     for s, w in spaces.items()]) for i in ids])


def step_distances(points: np.ndarray) -> np.ndarray:
    """1 − fused cosine between consecutive points (A → first step … last step → B)."""
    return 1.0 - np.sum(points[1:] * points[:-1], axis=1)


def progress(points: np.ndarray) -> tuple[list[bool], list[bool]]:
    """Per consecutive pair: whether the distance to B (the last point) falls, and to A (the first) rises."""
    to_a, to_b = points @ points[0], points @ points[-1]
    return (to_b[1:] > to_b[:-1]).tolist(), (to_a[1:] < to_a[:-1]).tolist()


def summary_lines(result: dict) -> list[str]:
    if not result.get("pairs_run"):
        return [f"journey: no journey planned ({result.get('pairs_asked')} pairs asked; skipped "
                f"{result.get('skipped') or 'none'}; is the library analysed?)"]
    return [f"journey, {result['pairs_run']} random pairs, -n {result['steps_asked']} (mean {result['steps_mean']} "
            f"steps): mean step {result['step_distance_mean']} vs shuffled {result['shuffled_step_distance_mean']} "
            f"(ratio {result['smoothness_ratio']}; A–B {result['span_mean']}); longest step "
            f"{result['step_distance_max_mean']} vs {result['shuffled_step_distance_max_mean']}; nearer B at "
            f"{result['progress_to_b_share']:.0%} of steps (shuffled {result['shuffled_progress_to_b_share']:.0%}), "
            f"farther from A at {result['progress_from_a_share']:.0%} ({result['shuffled_progress_from_a_share']:.0%}); "
            f"plan p50 {result['plan_ms']['p50']} ms"]


def _mean_of(rows: list[dict]):
    return lambda key: float(np.mean([r[key] for r in rows]))


def _share(flags: list[bool]) -> float | None:
    return _r(np.mean(flags)) if flags else None


def _r(x, digits: int = 4) -> float:
    return round(float(x), digits)

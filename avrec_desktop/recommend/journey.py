"""Journey A → B: ``n`` items that move from A's sound (or look) to B's through the library.

**Space.** The spaces both A and B have a vector in, text left out unless it is the only one (a journey
moves by what things sound or look like; tags and file names would make jumps): audio for music, visual
and audio for videos, audio between a track and a video. Each space weighs as in ``similar.WEIGHTS`` (for
A's kind), renormalised. An item's point in the fused space is the concatenation of its unit vector per
space scaled by √weight (a unit vector when the item has every space; the dot product of two points is
the fused cosine of ``similar``). Only items with every journey space take part. A and B sharing no
space raises ``NoSharedSpace``.

**Path.** ``n`` items, A first and B last (``n`` ≥ 2). For the ``n − 2`` places between, targets are
slerped between A's and B's points (t = i / (n − 1)). Candidates: the nearest ``CANDIDATES`` items of
every target in every journey space (vector indexes, never a scan), widened ×4 while too few pass the
rules. Place i takes the unvisited candidate with the best ``cos(target_i) + SMOOTH · cos(previous)``
that passes the diversity rules (``diversity.Admission`` for a list of ``n``: no duplicate of A, B or a
step, the artist cap, the cap giving way only when nothing else is left); only ``ready`` items, of A's
kind when A and B are of one kind. Then the places between are ordered by progress, cos(B) − cos(A),
so the path never steps back towards A (a greedy pick can land a little ahead of its target).

**Reasons.** Every step says where it is and why: 'step 4/10: sounds more like "B" now (0.71 vs 0.52 like
"A")' (the end it is closer to, both fused cosines; the journey's header names A and B).

**Smoothness** (``smoothness``): the fused distance (1 − cos) of each step to the one before, mean and
max, divided by A–B's distance; and the same for the path's items in random order (A and B kept at the
ends), the mean of ``BASELINE_SHUFFLES`` shuffles. A smooth journey has a step ratio well below the
shuffled one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from avrec_desktop.index import matrix_ops
from avrec_desktop.errors import BadArgument, NoSharedSpace, NotAnalysed
from avrec_desktop.recommend.diversity import ADMITTED, Admission, Candidate, CandidateRows
from avrec_desktop.recommend.phrases import Words
from avrec_desktop.recommend.reasons import Reason
from avrec_desktop.recommend.similar import WEIGHTS
from avrec_desktop.store import MediaItem

DEFAULT_STEPS = 10
CANDIDATES = 30  # nearest items per target and space (×4 while too few pass the rules)
SMOOTH = 0.5
LENS_SLACK = 0.0
BASELINE_SHUFFLES = 200
SPACE_VERBS = {"audio": "sounds", "visual": "looks", "text": "reads"}  # the verb of a step's reason ("is" else)


@dataclass(frozen=True)
class JourneyStep:
    media: MediaItem
    reason: Reason
    to_start: float  # fused cosine with A
    to_end: float  # fused cosine with B
    from_previous: float | None  # fused cosine with the step before (None for A)


@dataclass(frozen=True)
class Journey:
    start: MediaItem
    end: MediaItem
    steps: list[JourneyStep]
    spaces: dict[str, float]  # journey space → weight
    smoothness: dict = field(default_factory=dict)

    @property
    def ids(self) -> list[int]:
        """The media ids in order (A first, B last): what a playlist is saved from."""
        return [s.media.id for s in self.steps]

    @property
    def reasons(self) -> list[str]:
        return [s.reason.text for s in self.steps]


def journey_spaces(kind: str, have_a: set[str], have_b: set[str]) -> dict[str, float]:
    """The spaces a journey between two items moves through, with their weights (sum 1); {} if none."""
    shared = have_a & have_b
    table = WEIGHTS.get(kind, WEIGHTS["audio"])
    spaces = {s: table.get(s, 0.0) for s in shared if table.get(s, 0.0) > 0}
    if set(spaces) - {"text"}:
        spaces.pop("text", None)
    total = sum(spaces.values())
    return {s: w / total for s, w in sorted(spaces.items())} if total > 0 else {}


def slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Spherical interpolation between unit vectors ``a`` and ``b`` (a linear blend when nearly equal)."""
    dot = float(np.clip(np.dot(a, b), -1.0, 1.0))
    omega = np.arccos(dot)
    if omega < 1e-6:
        v = (1 - t) * a + t * b
    else:
        v = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)
    return v / max(np.linalg.norm(v), 1e-12)


class _Points:
    """Items' fused points (per-space unit blocks × √weight) over the journey spaces."""

    def __init__(self, indexes: Mapping, spaces: dict[str, float]):
        self.indexes, self.spaces = indexes, spaces
        self.scale = {s: float(np.sqrt(w)) for s, w in spaces.items()}

    def point(self, media_id: int) -> np.ndarray | None:
        parts = []
        for s in self.spaces:
            v = self.indexes[s].vector(int(media_id))
            if v is None:
                return None
            parts.append(self.scale[s] * np.asarray(v, dtype=np.float64))
        return np.concatenate(parts)

    def blocks(self, point: np.ndarray) -> dict[str, np.ndarray]:
        out, at = {}, 0
        for s in self.spaces:
            d = self.indexes[s].dim
            out[s] = point[at:at + d]
            at += d
        return out


def plan_journey(store, indexes: Mapping, start_id: int, end_id: int, *, n: int = DEFAULT_STEPS) -> Journey:
    """The journey from ``start_id`` to ``end_id`` in ``n`` items (see the module docstring).

    Raises ``BadArgument`` for ``n`` < 2 or A = B, ``NotFound`` for an unknown id, ``NotAnalysed`` when A or
    B has no vector, ``NoSharedSpace`` when they share no space.
    """
    if n < 2:
        raise BadArgument(f"a journey has at least 2 steps (A and B), not {n}")
    a, b = store.get_media(int(start_id)), store.get_media(int(end_id))
    if a.id == b.id:
        raise BadArgument("a journey needs two different items")
    filled = {s: ix for s, ix in indexes.items() if len(ix)}
    have = [{s for s, ix in filled.items() if ix.vector(m.id) is not None} for m in (a, b)]
    for m, h in zip((a, b), have):
        if not h:
            raise NotAnalysed(f"{m.display_title} has not been analysed yet")
    spaces = journey_spaces(a.kind, *have)
    if not spaces:
        raise NoSharedSpace(f"{a.display_title} ({', '.join(sorted(have[0]))}) and {b.display_title} "
                            f"({', '.join(sorted(have[1]))}) share no analysis to travel through")
    points = _Points(filled, spaces)
    pa, pb = points.point(a.id), points.point(b.id)
    targets = [slerp(pa, pb, i / (n - 1)) for i in range(1, n - 1)]
    kind = a.kind if a.kind == b.kind else None
    picked = _walk(store, points, a, b, targets, kind)
    ids = [a.id] + picked + [b.id]
    matrix = np.stack([points.point(i) for i in ids])
    to_a, to_b = matrix @ pa, matrix @ pb
    media = store.media_by_ids(ids)
    main = max(spaces, key=spaces.get)
    steps = []
    for j, media_id in enumerate(ids):
        prev = float(matrix[j] @ matrix[j - 1]) if j else None
        steps.append(JourneyStep(media[media_id], _reason(j, len(ids), a, b, float(to_a[j]), float(to_b[j]), main),
                                 float(to_a[j]), float(to_b[j]), prev))
    return Journey(a, b, steps, spaces, smoothness(matrix))


def _walk(store, points: _Points, a: MediaItem, b: MediaItem, targets: list[np.ndarray], kind) -> list[int]:
    """The items between A and B: the smoothest strictly monotone chain of at most ``len(targets)``."""
    if not targets:
        return []
    audio = points.indexes.get("audio")

    def audio_of(media_id: int):
        return audio.vector(int(media_id)) if audio is not None else None

    pa, pb = points.point(a.id), points.point(b.id)
    ab = float(pa @ pb)
    rows = CandidateRows(store)
    largest = max(len(points.indexes[s]) for s in points.spaces)
    per = CANDIDATES
    while True:
        ids = _candidates(points, targets, per, {a.id, b.id})
        rows.fetch(ids.tolist())
        ids = np.array([i for i in ids.tolist() if _usable(rows.get(i), kind)], dtype=np.int64)
        matrix = np.stack([points.point(i) for i in ids.tolist()]) if len(ids) else np.zeros((0, len(pa)))
        to_a, to_b = matrix @ pa, matrix @ pb
        between = np.flatnonzero((to_a > ab) & (to_b > ab))  # nearer each end than the ends are to each other
        if len(between) >= 2 * len(targets) or per >= largest:
            break
        per *= 4
    # the diversity rules first, nearest the way from A to B first: no copies, the artist cap
    near = np.max(matrix[between] @ np.stack(targets).T, axis=1) if len(between) else np.zeros(0)
    admission = Admission(audio_of, len(targets) + 2)
    admission.seen(Candidate.from_media(a))
    admission.seen(Candidate.from_media(b))
    pool = [int(between[j]) for j in np.lexsort((ids[between], -near)).tolist()
            if admission.admit(rows.get(int(ids[between[j]])), int(between[j])) == ADMITTED]
    chain = _chain(matrix, to_a, to_b, pool, len(targets))
    if len(chain) < len(targets) and admission.overflow:  # the cap gives way only when nothing else is left
        chain = _chain(matrix, to_a, to_b, pool + [int(r) for r in admission.overflow], len(targets))
    return [int(ids[r]) for r in chain]


def _chain(matrix, to_a, to_b, pool: list[int], longest: int) -> list[int]:
    """Rows of ``pool`` forming the longest (at most ``longest``) chain that moves strictly nearer B and
    farther from A at every step, of those the one with the largest sum of step cosines (A → … → B)."""
    if not pool or longest <= 0:
        return []
    pool = sorted(pool, key=lambda r: (to_b[r], -to_a[r]))
    m = len(pool)
    pa_, pb_ = to_a[pool], to_b[pool]
    sims = matrix[pool] @ matrix[pool].T
    allowed = (pb_[None, :] > pb_[:, None]) & (pa_[None, :] < pa_[:, None])  # j → k
    step = np.where(allowed, sims, -np.inf)
    best = [pa_.astype(np.float64)]  # chains of length 1: A → k
    parent = [np.full(m, -1)]
    for _length in range(2, longest + 1):
        cand = best[-1][:, None] + step  # (j, k)
        parent.append(np.argmax(cand, axis=0))
        best.append(cand[parent[-1], np.arange(m)])
        if not np.isfinite(best[-1]).any():
            best.pop()
            parent.pop()
            break
    total = best[-1] + pb_
    k = int(np.argmax(total))
    out = [k]
    for level in range(len(best) - 1, 0, -1):
        k = int(parent[level][k])
        out.append(k)
    return [pool[j] for j in reversed(out)]


def _usable(c: Candidate | None, kind: str | None) -> bool:
    return c is not None and c.status == "ready" and (kind is None or c.kind == kind)


def _candidates(points: _Points, targets, per: int, exclude: set[int]) -> np.ndarray:
    found = []
    for target in targets:
        for s, block in points.blocks(target).items():
            norm = np.linalg.norm(block)
            if norm > 1e-9:
                found.append(points.indexes[s].search((block / norm).astype(np.float32), per + len(exclude))[0])
    ids = matrix_ops.unique_ids(found)
    ids = ids[~np.isin(ids, list(exclude))]
    return np.array([i for i in ids.tolist() if points.point(i) is not None], dtype=np.int64)


def _reason(j: int, n: int, a: MediaItem, b: MediaItem, to_a: float, to_b: float, main: str) -> Reason:
    verb = SPACE_VERBS.get(main, "is")
    where = Words("journey.step", {"step": j + 1, "steps": n})  # A and B are named in the journey's header
    if j == 0:
        words = Words("journey.start", {"step": where, "title": a.display_title})
    elif j == n - 1:
        words = Words("journey.end", {"step": where, "title": b.display_title})
    else:
        words = Words(f"journey.{'nearer' if to_b >= to_a else 'still'}_{verb}",
                      {"step": where, "start": a.display_title, "end": b.display_title,
                       "to_start": float(to_a), "to_end": float(to_b)})
    return Reason.saying("journey", words, {"step": j + 1, "steps": n, "start_id": a.id, "end_id": b.id,
                                            "to_start": round(to_a, 4), "to_end": round(to_b, 4), "space": main})


def smoothness(matrix: np.ndarray, *, shuffles: int = BASELINE_SHUFFLES, seed: int = 0) -> dict:
    """Step distances (1 − fused cos) of a path's points relative to its endpoints' distance, against
    the same points in random order between the same endpoints (see the module docstring)."""
    n = len(matrix)
    span = float(1.0 - matrix[0] @ matrix[-1]) if n >= 2 else 0.0
    if n < 3 or span <= 1e-9:
        return {"steps": n, "span": round(span, 4)}

    def steps_of(m):
        return 1.0 - np.sum(m[1:] * m[:-1], axis=1)

    path = steps_of(matrix)
    rng = np.random.default_rng(seed)
    base_mean, base_max = [], []
    for _ in range(shuffles):
        order = np.concatenate([[0], 1 + rng.permutation(n - 2), [n - 1]])
        d = steps_of(matrix[order])
        base_mean.append(d.mean())
        base_max.append(d.max())
    return {"steps": n, "span": round(span, 4),
            "mean_step": round(float(path.mean()) / span, 4), "max_step": round(float(path.max()) / span, 4),
            "shuffled_mean_step": round(float(np.mean(base_mean)) / span, 4),
            "shuffled_max_step": round(float(np.mean(base_max)) / span, 4)}

"""From a scored candidate table to a list: diversification (MMR), the list rules, and exploration slots.

Greedy maximal marginal relevance over the best ``pool`` candidates: each next pick maximises

    score(c) − diversity · max(0, max_{p picked} sim(c, p))

where ``sim`` is the fused facet similarity; a candidate of the same artist as the pick before it waits
while any other candidate is left (no two of one artist in a row). Hard rules on top, the same for every
list and for the exploration places (``diversity.Admission``): never a duplicate of the playing item, of the last few played, or of another pick (same content key,
near-identical sound, or same title+artist+length); at most ``artist_cap(k)`` of one artist unless
nothing else is left.

Exploration: ``slots`` of the ``k`` places go to items with little evidence (never judged, kernel
evidence mass below ``explore_mass``), drawn with ``rng`` among the best ``explore_pool`` (30) of them
with probability ∝ exp(score / temperature) — new to the user, but not the worst fits. They are placed spread over the
list, never first (the first place is the model's best guess). The same rng gives the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from avrec_desktop.recommend.diversity import ADMITTED, Admission, Candidate

EXPLORE_POOL = 30


@dataclass
class Picked:
    """One chosen row of the table, and whether exploration chose it."""
    position: int  # row in the table
    explored: bool = False


def spread_positions(k: int, slots: int) -> list[int]:
    """Where exploration slots go in a list of ``k``: spread out, never the first place."""
    return [max(1, round((j + 1) * k / (slots + 1))) for j in range(slots)]


def select(*, order: np.ndarray, score: np.ndarray, cands: list[Candidate], pairwise, k: int,
           diversity: float, admission: Admission, pool: int,
           explore_slots: int, explorable: np.ndarray, rng,  # a SeededRandom or a numpy Generator
           temperature: float, explore_pool: int = EXPLORE_POOL) -> list[Picked]:
    """Rows of the table (by ``order``, best first) to show, ``k`` at most.

    ``pairwise(rows)`` returns the similarity matrix among those table rows (computed once for the pool).
    """
    main_k = max(0, k - explore_slots)
    top = order[:max(pool, main_k)]
    sims = pairwise(top) if len(top) else np.zeros((0, 0))
    alive = np.ones(len(top), dtype=bool)
    max_sim = np.zeros(len(top))
    picks: list[Picked] = []
    overflow = admission.overflow  # table rows held back by the artist cap, best first
    last_artist = None
    while len(picks) < main_k and alive.any():
        adjusted = np.where(alive, score[top] - diversity * np.maximum(max_sim, 0.0), -np.inf)
        if last_artist:
            same = np.array([cands[r].artist_key == last_artist for r in top])
            if (alive & ~same).any():
                adjusted = np.where(same, -np.inf, adjusted)
        j = int(np.argmax(adjusted))  # ties: the earlier (better ranked) row
        alive[j] = False
        row = int(top[j])
        c = cands[row]
        if admission.admit(c, row) != ADMITTED:
            continue
        picks.append(Picked(row))
        last_artist = c.artist_key or None
        max_sim = np.maximum(max_sim, sims[j])
    taken = {p.position for p in picks} | set(overflow)
    rest = [int(r) for r in order[len(top):]]
    _fill(picks, rest, main_k, cands, admission, taken)
    explored = _explore(order, score, cands, explorable, admission, taken | {p.position for p in picks} | set(overflow),
                        explore_slots, rng, temperature, explore_pool)
    for pos, row in zip(spread_positions(k, len(explored)), explored):
        picks.insert(min(pos, len(picks)), Picked(row, explored=True))
    # exploration found too little: the places go back to the ranking
    taken = {p.position for p in picks} | set(overflow)
    _fill(picks, [int(r) for r in order], k, cands, admission, taken)
    for row in overflow:  # the artist cap gives way only when nothing else is left
        if len(picks) >= k:
            break
        if row not in {p.position for p in picks}:
            picks.append(Picked(row))
    return picks[:k]


def _fill(picks, rows, until, cands, admission: Admission, taken) -> None:
    """Append rows in order while fewer than ``until`` are picked, under the duplicate and cap rules."""
    for row in rows:
        if len(picks) >= until:
            return
        if row in taken:
            continue
        taken.add(row)
        if admission.admit(cands[row], row) == ADMITTED:
            picks.append(Picked(row))


def _explore(order, score, cands, explorable, admission: Admission, taken, slots, rng, temperature,
             size: int = EXPLORE_POOL) -> list[int]:
    if slots <= 0:
        return []
    pool = [int(r) for r in order if explorable[r] and int(r) not in taken][:size]
    out: list[int] = []
    while pool and len(out) < slots:
        s = score[pool]
        p = np.exp((s - s.max()) / max(temperature, 1e-6))
        j = int(rng.choice(len(pool), p=p / p.sum()))
        row = pool.pop(j)
        if admission.admit(cands[row], row) == ADMITTED:  # exploring never floods an artist either
            out.append(row)
    return out

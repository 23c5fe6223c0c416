"""Learning works: a simulated listener over synthetic clusters skips less and less of what ``next``
suggests, and much less than "most similar to the last item".

Six clusters of 14 tracks (24-d audio, overlapping a little); the listener loves two clusters, dislikes
two and finishes half of the rest, and acts against its taste 10 % of the time. Each step plays the
first suggestion not among the last 20 plays (a replay cool-down, as the evaluation does), seeded by the
item before it; before one step in ten the listener picks a track it loves by hand instead (not scored),
as the evaluation's listener does — one loved cluster alone cannot fill a 20-play cool-down. Everything is seeded, so the numbers are repeatable; the thresholds leave room for noise
but not for a model that stopped learning (it would do about as well as similarity-only).
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.recommend.similar import similar
from avrec_desktop.store import Store
from index_testlib import LibraryBuilder, unit
from taste_testlib import T0, ClusterListener, play, recommender

STEPS = 60
COOLDOWN = 20
PER, NOISE, TWIN = 14, 0.22, 0.9


def _library(tmp_path, seed):
    """Six clusters in three pairs: the two clusters of a pair share half their direction, so "most
    similar" wanders from one into its twin, as real genres bleed into each other."""
    store = Store(tmp_path / f"lib{seed}.sqlite3")
    b = LibraryBuilder(store, tmp_path / f"f{seed}", seed=seed)
    groups = []
    for pair in range(3):
        shared = b.random("audio")
        for c in range(2):
            centre = unit(shared + TWIN * b.random("audio"))
            groups.append([b.add(artist=f"p{pair}c{c} artist {j % 5}", title=f"p{pair}c{c} t{j}",
                                 vectors={"audio": b.near(centre, NOISE)}) for j in range(PER)])
    return store, groups


def _session(store, groups, tmp_path, seed, strategy):
    cluster_of = {i: c for c, ids in enumerate(groups) for i in ids}
    rng = np.random.default_rng(seed)
    order = rng.permutation(6)
    listener = ClusterListener(cluster_of, set(order[:2].tolist()), set(order[2:4].tolist()), seed=seed)
    rec = recommender(store, tmp_path / f"{strategy}{seed}")
    indexes = rec.indexes
    current = groups[int(order[4])][0]  # start on a neutral item
    t, history, skips = T0, [current], []
    t = play(rec, current, finished=True, ts=t, session="sim")
    pick_rng = np.random.default_rng([seed, 1])
    hand = np.random.default_rng([seed, 2])
    loved_items = [i for c in order[:2] for i in groups[int(c)]]
    for step in range(STEPS):
        blocked = set(history[-COOLDOWN:])
        if hand.random() < 0.1:
            choice = int(hand.choice([i for i in loved_items if i not in blocked]))
            t = play(rec, choice, finished=True, ts=t, session="sim")
            history.append(choice)
            blocked.add(choice)
            current = choice
        for k in (10, 60):  # a longer list only when the first ten are all in the cool-down
            if strategy == "model":
                ranked = [s.media.id for s in rec.next(current_id=current, session="sim", k=k, now=t,
                                                       rng=pick_rng)]
            else:
                ranked = [r.media.id for r in similar(store, indexes, current, k=k)]
            choice = next((i for i in ranked if i not in blocked), None)
            if choice is not None:
                break
        choice = ranked[0] if choice is None else choice
        finished = listener.finishes(choice, step)
        t = play(rec, choice, finished=finished, ts=t, session="sim", seed=current)
        skips.append(not finished)
        history.append(choice)
        current = choice
    return np.array(skips, dtype=float)


def test_model_learns_to_skip_less_than_similarity_only(tmp_path):
    model_early, model_late, sim_late = [], [], []
    for seed in range(11, 17):
        store, groups = _library(tmp_path, seed)
        try:
            m = _session(store, groups, tmp_path, seed, "model")
            s = _session(store, groups, tmp_path, seed, "similarity")
        finally:
            store.close()
        model_early.append(m[:10].mean())
        model_late.append(m[30:].mean())
        sim_late.append(s[30:].mean())
    early, late, sim = np.mean(model_early), np.mean(model_late), np.mean(sim_late)
    # measured: model 0.21 late (0.27 early), similarity-only 0.40; the model without its taste part 0.46
    assert late <= 0.3, (early, late, sim)
    assert late <= 0.7 * sim, (early, late, sim)

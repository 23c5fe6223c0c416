"""Diagnostics for ``taste_variants.py`` (an experiment tool): the AUCs of a taste among unheard candidates,
rules computed beside the ranking (``probe``), the model's suggestions 31–60 split into first plays and
replays, and the score parts of the first plays it chose (``why``)."""

from __future__ import annotations

import numpy as np

_DIAG: dict = {"listener": None, "auc": []}


def _auc(score: np.ndarray, positive: np.ndarray) -> float | None:
    pos, neg = score[positive], score[~positive]
    if not len(pos) or not len(neg):
        return None
    _, inverse, counts = np.unique(np.concatenate([pos, neg]), return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inverse]  # average ranks: ties count one half
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _diagnose(ids, memory_ids, before, after, probes=None) -> None:
    """AUCs among unheard candidates (memory of 20–60 items) of the kernel taste, the variant's taste, the
    classifier alone and any ``probes`` (scores computed beside the ranking, not used by it): "disliked"
    against the rest (probability that a disliked item ranks below a loved or neutral one) and "loved"
    against the rest (that a loved item ranks above the others); higher is better for both."""
    listener = _DIAG["listener"]
    if listener is None or not 20 <= len(memory_ids) <= 60:
        return
    unheard = ~np.isin(ids, memory_ids)
    att = np.array([listener.attitude(int(i)) for i in ids])
    disliked, loved = (att == "dislike")[unheard], (att == "love")[unheard]
    scores = {"kernel": before, "variant": after}
    pred = _DIAG.pop("pred", None)
    if pred is not None and len(pred) == len(ids):
        scores["classifier"] = pred
    scores.update(probes or {})
    if _auc(-before[unheard], disliked) is None:
        return
    row = {}
    for name, sc in scores.items():
        a, b = _auc(-sc[unheard], disliked), _auc(sc[unheard], loved)
        row[name] = (a, np.nan if b is None else b)
    _DIAG["auc"].append((_DIAG.get("tag"), row))


def _install_why() -> None:
    """Record, for every first play the model chose with 20+ remembered items, the parts of its score and
    those of the best-scored unheard loved candidate of the same table (what beat what, and by which part)."""
    from avrec_desktop.evaluation import strategies
    from avrec_desktop.recommend import next_up

    plain_suggest, plain_pick = next_up.NextUp.suggest, strategies.FullModel.suggest

    def suggest(self, **kw):
        out = plain_suggest(self, **kw)
        _DIAG["table"] = (out[0], self)
        return out

    def pick(self, current, blocked, now):
        got = plain_pick(self, current, blocked, now)
        listener, stash = _DIAG["listener"], _DIAG.get("table")
        if listener is None or stash is None:
            return got
        t, ranker = stash
        ids = t.ids.tolist()
        heard = set(ranker.model.items) | {i for i, s in zip(ids, t.since) if s is not None}
        if got.media_id in heard or got.media_id not in ids or len(ranker.model.items) < 20:
            return got
        j = ids.index(got.media_id)
        row = lambda k: [float(t.score[k]), float(t.parts["relevance"][k]), float(t.parts["taste"][k]),  # noqa
                         float(t.parts["penalty"][k]), float(t.scores.mass[k])]
        loved = [k for k, i in enumerate(ids) if i not in heard and listener.attitude(i) == "love"]
        best = max(loved, key=lambda k: t.score[k]) if loved else None
        _DIAG.setdefault("why", []).append((_DIAG.get("tag"), listener.attitude(got.media_id), row(j),
                                            None if best is None else row(best), len(loved)))
        return got

    next_up.NextUp.suggest = suggest
    strategies.FullModel.suggest = pick


def _why_summary(name: str) -> None:
    for tag in sorted({w[0] for w in _DIAG.get("why", [])}):
        for att in ("love", "neutral", "dislike"):
            ws = [w for w in _DIAG["why"] if w[0] == tag and w[1] == att]
            if not ws:
                continue
            chosen = np.array([w[2] for w in ws])
            alt = np.array([w[3] for w in ws if w[3] is not None]) if att != "love" else None
            none_left = np.mean([w[4] == 0 for w in ws])
            msg = (f"{name} {tag}: first plays {att} n={len(ws)}: score/relevance/taste/penalty/mass "
                   + "/".join(f"{x:.2f}" for x in chosen.mean(axis=0)))
            if alt is not None and len(alt):
                msg += (" | best unheard loved: " + "/".join(f"{x:.2f}" for x in alt.mean(axis=0))
                        + f" | no unheard loved left {none_left:.2f}")
            print(msg)


def _trace(session) -> None:
    """Suggestions 31–60 of a model session split into first plays (never played before in the session)
    and replays: how many of each, their skip rates and attitudes, and boredom skips."""
    seen, rows = set(), []
    for play in session.plays:
        if 31 <= play.suggestion <= 60:
            rows.append((play.media_id not in seen, not play.finished, play.attitude, play.bored))
        seen.add(play.media_id)
    _DIAG.setdefault("trace", []).append((_DIAG.get("tag"), rows))


def _trace_summary(name: str) -> None:
    for tag in sorted({t for t, _ in _DIAG.get("trace", [])}):
        rows = [r for t, rs in _DIAG["trace"] if t == tag for r in rs]
        parts = []
        for label, sel in (("first plays", [r for r in rows if r[0]]), ("replays", [r for r in rows if not r[0]])):
            n = max(len(sel), 1)
            parts.append(f"{label} {len(sel) / max(len(rows), 1):.2f} of them, skip {sum(r[1] for r in sel) / n:.3f}"
                         f" (loved {sum(r[2] == 'love' for r in sel) / n:.2f}, disliked "
                         f"{sum(r[2] == 'dislike' for r in sel) / n:.2f}, bored {sum(r[3] for r in sel) / n:.3f})")
        print(f"{name} {tag}: suggestions 31-60: " + "; ".join(parts))


def _probes(scorer, cands, kinds, rows, memory, mult, taste) -> dict:
    """Scores computed beside the ranking (for ``_diagnose``'s AUCs only): the negative-evidence rules of
    ``_negative_taste`` at several bandwidths, positive or negative evidence alone, and two ceilings that
    read the listener's hidden labels of the remembered items (never used to rank): the kernel regression
    and the nearest neighbour with clean targets (+1 loved, 0 neutral, −1 disliked)."""
    from avrec_desktop.recommend.taste import kernel
    from taste_variants_tastes import _facet_veto, _neg_parts, _split_taste, _top_k, _veto

    p = scorer.model.params
    sims, v, w = _neg_parts(scorer, cands, kinds, rows, memory, mult)
    full = np.array(scorer.facets.fused(cands, rows, scorer.facets.row_weights(kinds, mult)), dtype=np.float64)
    out = {}
    for t in (0.03, 0.07, 0.15):
        out[f"veto t{t:g}"] = taste - _veto(sims, v, w, t)
        out[f"nnveto t{t:g}"] = taste - _veto(sims, v, w, t, nearest_only=True)
    for t in (0.07, 0.3):
        out[f"split t{t:g}"] = _split_taste(scorer, full, v, w, t)
    out["pfveto t0.07"] = taste - _facet_veto(scorer, cands, rows, memory, v, w, 0.07)
    k = kernel(full, p.kernel_tau)
    for kk in (3, 6, 12):
        kt = _top_k(k, kk)
        out[f"knn {kk}"] = (kt @ memory.net) / (p.shrinkage + kt @ memory.mass)
    for a in (1.5, 2.0):
        out[f"asym {a:g}"] = np.clip((k @ np.where(memory.net < 0, a * memory.net, memory.net))
                                     / (p.shrinkage + k @ memory.mass), -1, 1)
    pos, negw = np.maximum(v, 0) * w, np.maximum(-v, 0) * w
    out["positive alone"] = (k @ pos) / (p.shrinkage + k @ (w * (v > 0)))
    out["negative mass"] = -(k @ negw)
    listener = _DIAG["listener"]
    if listener is not None:
        clean = np.array([{"love": 1.0, "dislike": -1.0}.get(listener.attitude(int(i)), 0.0) for i in memory.ids])
        out["ceiling: kernel, clean targets"] = (k @ clean) / (p.shrinkage + k.sum(axis=1))
        filled = np.nan_to_num(sims, nan=-np.inf)
        out["ceiling: nearest, clean targets"] = clean[np.argmax(filled, axis=1)] if len(clean) else 0 * taste
    return out

"""Taste variants for ``taste_variants.py`` (an experiment tool): negative evidence used directly (vetoes,
a split kernel), propagation over the library, skip weights, and a small online classifier."""

from __future__ import annotations

import json

import numpy as np

from taste_variants_diag import _DIAG

def _propagated_taste(scorer, lp: dict, cands, kinds, rows, memory, mult, taste):
    """Transductive smoothing over the library: (1 − α)·taste(c) + α·mean of the kernel taste of c's ``k``
    nearest library items (unheard ones included, c itself left out), ``iters`` times over the library."""
    from avrec_desktop.recommend.taste import kernel

    p = scorer.model.params
    lib = getattr(scorer, "_lp_lib", None)
    if lib is None:
        ids = next(iter(scorer.facets.indexes.values())).ids()
        lib = scorer._lp_lib = scorer.facets.gather(ids)
    alpha, k, iters = float(lp.get("alpha", 0.5)), int(lp.get("k", 5)), int(lp.get("iters", 1))
    w_lib = scorer.facets.row_weights(["audio"] * len(lib), mult)
    k_lm = kernel(scorer.facets.fused(lib, rows, w_lib), p.kernel_tau)
    t_lib = (k_lm @ memory.net) / (p.shrinkage + k_lm @ memory.mass)
    s_ll = np.nan_to_num(np.array(scorer.facets.fused(lib, lib, w_lib), dtype=np.float64), nan=-np.inf)
    np.fill_diagonal(s_ll, -np.inf)
    nb_ll = np.argsort(-s_ll, axis=1)[:, :k]
    base_lib = t_lib
    for _ in range(max(iters - 1, 0)):  # smooth the library's own tastes first
        t_lib = (1 - alpha) * base_lib + alpha * t_lib[nb_ll].mean(axis=1)
    s_cl = np.nan_to_num(np.array(scorer.facets.fused(cands, lib, scorer.facets.row_weights(kinds, mult)),
                                  dtype=np.float64), nan=-np.inf)
    s_cl[np.asarray(cands.ids)[:, None] == np.asarray(lib.ids)[None, :]] = -np.inf
    nb = np.argsort(-s_cl, axis=1)[:, :k]
    return (1 - alpha) * taste + alpha * t_lib[nb].mean(axis=1)


def _top_k(weights: np.ndarray, k: int) -> np.ndarray:
    """``weights`` with all but each row's ``k`` largest entries set to 0."""
    if k <= 0 or weights.shape[1] <= k:
        return weights
    cut = np.partition(weights, -k, axis=1)[:, -k][:, None]
    return np.where(weights >= cut, weights, 0.0)


def _neg_parts(scorer, cands, kinds, rows, memory, mult):
    """Fused similarities candidates × memory with each candidate's own evidence masked out (NaN), the
    remembered items' mean outcomes v and confidences w."""
    sims = np.array(scorer.facets.fused(cands, rows, scorer.facets.row_weights(kinds, mult)), dtype=np.float64)
    sims[np.asarray(cands.ids)[:, None] == memory.ids[None, :]] = np.nan
    w = memory.mass
    v = memory.net / np.maximum(w, 1e-12)
    return sims, v, w


def _veto(sims, v, w, tau, nearest_only=False):
    """max over remembered items i with v_i < 0 of exp((sim − 1) / tau) · w_i · |v_i| (neighbours only);
    ``nearest_only``: only the candidate's single nearest remembered item counts, and only if it is negative."""
    from avrec_desktop.recommend.taste import kernel

    k = kernel(sims, tau)
    if nearest_only:
        filled = np.nan_to_num(sims, nan=-np.inf)
        j = np.argmax(filled, axis=1)
        r = np.arange(len(sims))
        ok = np.isfinite(filled[r, j]) & (v[j] < 0)
        return np.where(ok, k[r, j] * w[j] * -v[j], 0.0)
    neg = np.maximum(-v, 0.0) * w
    return (k * neg[None, :]).max(axis=1) if len(v) else np.zeros(len(sims))


def _split_taste(scorer, sims_full, v, w, tau_neg):
    """The kernel regression with the remembered negative items on their own bandwidth ``tau_neg``."""
    from avrec_desktop.recommend.taste import kernel

    p = scorer.model.params
    k = np.where((v < 0)[None, :], kernel(sims_full, tau_neg), kernel(sims_full, p.kernel_tau))
    return (k @ (w * v)) / (p.shrinkage + k @ w)


def _negative_taste(scorer, neg: dict, cands, kinds, rows, memory, mult, taste):
    """Use the disliked/skipped evidence more directly. ``mode`` "veto": taste − β·max over negative
    neighbours of k_neg(c, i)·w_i·|v_i| (k_neg of bandwidth ``tau``); "nnveto": the same for the single
    nearest remembered neighbour when it is negative; "split": the kernel regression with negatives on their
    own bandwidth ``tau``; "pfveto": the veto per facet (max over facets of each facet's own cosine kernel).
    ``unheard_only`` leaves items with evidence of their own as they were."""
    if not len(memory.ids):
        return taste
    mode, tau, beta = neg.get("mode", "veto"), float(neg.get("tau", 0.1)), float(neg.get("beta", 1.0))
    sims, v, w = _neg_parts(scorer, cands, kinds, rows, memory, mult)
    if mode == "split":
        full = np.array(scorer.facets.fused(cands, rows, scorer.facets.row_weights(kinds, mult)))
        new = _split_taste(scorer, full, v, w, tau)
    elif mode == "pfveto":
        new = taste - beta * _facet_veto(scorer, cands, rows, memory, v, w, tau)
    else:
        new = taste - beta * _veto(sims, v, w, tau, nearest_only=mode == "nnveto")
    new = np.clip(new, -1.0, 1.0)
    if neg.get("unheard_only"):
        new = np.where(np.isin(cands.ids, memory.ids), taste, new)
    return new


def _facet_veto(scorer, cands, rows, memory, v, w, tau):
    sims = scorer.facets.facet_similarities(cands, rows)
    same = np.asarray(cands.ids)[:, None] == memory.ids[None, :]
    out = np.zeros(len(cands))
    for s in sims.values():
        s = np.array(s, dtype=np.float64)
        s[same] = np.nan
        out = np.maximum(out, _veto(s, v, w, tau))
    return out


def _install_skip_weights(sw: dict) -> None:
    """Reweigh skips in the kernel targets by how far in they came: an early skip's weight × ``early``, a
    late skip before half × ``late_neg``, a late skip after half (+0.3 by the rules) × ``late_pos``."""
    from dataclasses import replace as dc_replace

    from avrec_desktop.recommend import taste

    plain = taste.TasteModel.apply
    scale = {"early-skip": float(sw.get("early", 1.0))}

    def apply(self, o, facet_sims=None):
        f = scale.get(o.label)
        if o.label == "late-skip":
            f = float(sw.get("late_neg", 1.0)) if o.weight < 0 else float(sw.get("late_pos", 1.0))
            if o.weight > 0 and "late_pos_weight" in sw:  # replace, not scale: e.g. -0.3
                o = dc_replace(o, weight=float(sw["late_pos_weight"]))
                f = 1.0
        if f is not None and f != 1.0:
            o = dc_replace(o, weight=o.weight * f)
        return plain(self, o, facet_sims)

    taste.TasteModel.apply = apply


def _nonlin_taste(scorer, nl: dict, cands, rows, memory, taste):
    """Blend a small online classifier of the remembered items' outcomes into the taste: logistic regression
    (``model`` "logit") or a one-hidden-layer tanh net ("mlp", ``hidden`` units) over ``feats``: "tags" (the
    items' MusiCNN tag probabilities as standardised logits), "facets" (leave-one-out kernel tastes per
    facet, the fused one and its log evidence mass: where the facets disagree), or "both". Trained once per
    model change on soft targets (v_i + 1) / 2 weighted by confidence, L2 ``l2``; pred = 2·p − 1. ``mode``
    "blend": (1 − β)·taste + β·pred; "demote": taste − β·max(0, −pred) (only ever lowers). β is scaled by
    n / (n + ``n0``), n the remembered items; ``unheard_only`` leaves items with evidence as they were."""
    if len(memory.ids) < 4:
        return taste
    feats = nl.get("feats", "tags")
    key = (id(scorer.model), scorer.model.version, len(memory.ids), json.dumps(nl, sort_keys=True))
    cached = getattr(scorer, "_nonlin_fit", None)
    if cached is None or cached[0] != key:
        x_m = _nonlin_features(scorer, feats, memory.ids, rows, memory)
        v = np.clip(memory.net / np.maximum(memory.mass, 1e-12), -1.0, 1.0)
        t, w = (v + 1.0) / 2.0, memory.mass
        if nl.get("target") == "hard":  # liked or not, weighted by how clear the outcome was
            t, w = (v > 0).astype(float), memory.mass * np.abs(v)
        fit = None
        if (t > 0.5).any() and (t < 0.5).any():
            mu, sd = x_m.mean(axis=0), x_m.std(axis=0) + 0.1  # facet columns: by the memory's spread
            if feats != "facets":  # tag columns are standardised by the library's already
                tag_dim = len(scorer._tag_cache[1])
                mu[:tag_dim], sd[:tag_dim] = 0.0, 1.0
            fit = (_fit_classifier((x_m - mu) / sd, t, w, nl, getattr(scorer, "_nonlin_warm", None)), mu, sd)
            scorer._nonlin_warm = getattr(fit[0], "params", None)
        cached = scorer._nonlin_fit = (key, fit)
    fit = cached[1]
    if fit is None:
        return taste
    predict, mu, sd = fit
    x_c = _nonlin_features(scorer, feats, cands.ids, cands, memory, rows)
    pred = 2.0 * predict((x_c - mu) / sd) - 1.0
    _DIAG["pred"] = pred
    n = len(memory.ids)
    beta = float(nl.get("beta", 0.5)) * n / (n + float(nl.get("n0", 0.0)))
    if nl.get("mode", "blend") == "demote":
        new = taste - beta * np.maximum(0.0, -pred)
    else:
        new = (1.0 - beta) * taste + beta * pred
    if nl.get("unheard_only"):
        new = np.where(np.isin(cands.ids, memory.ids), taste, new)
    return new


def _nonlin_features(scorer, feats: str, ids, matrix, memory, memory_rows=None) -> np.ndarray:
    parts = []
    if feats in ("tags", "both"):
        parts.append(_tag_features(scorer, ids))
    if feats in ("facets", "both"):
        parts.append(_facet_features(scorer, ids, matrix, memory_rows if memory_rows is not None else matrix,
                                     memory))
    return np.concatenate(parts, axis=1)


def _tag_features(scorer, ids) -> np.ndarray:
    """Logits of the items' tag probabilities, standardised by the library's mean and spread (zeros: none)."""
    cache = getattr(scorer, "_tag_cache", None)
    if cache is None:
        store = scorer.store
        every = store.tags_of_many(store.ready_ids_of_kind("audio").tolist())
        logits = {i: np.log(np.clip(t.probs.astype(np.float64), 1e-4, 1 - 1e-4))
                  - np.log1p(-np.clip(t.probs.astype(np.float64), 1e-4, 1 - 1e-4)) for i, t in every.items()}
        if not logits:
            raise SystemExit("nonlin tags: the library has no tag probabilities")
        m = np.stack(list(logits.values()))
        mu, sd = m.mean(axis=0), m.std(axis=0) + 0.1
        cache = scorer._tag_cache = ({i: (x - mu) / sd for i, x in logits.items()}, np.zeros(m.shape[1]))
    table, zero = cache
    return np.stack([table.get(int(i), zero) for i in np.asarray(ids).tolist()]) if len(ids) else \
        np.zeros((0, len(zero)))


def _facet_features(scorer, ids, a, rows, memory) -> np.ndarray:
    """Per facet, and fused, the kernel taste of each row of ``a`` over the memory without the item itself
    (leave one out), plus the log of its fused evidence mass."""
    from avrec_desktop.recommend.taste import kernel

    p = scorer.model.params
    ids = np.asarray(ids)
    same = ids[:, None] == memory.ids[None, :]
    sims = scorer.facets.facet_similarities(a, rows)
    sims["__fused"] = scorer.facets.fused(a, rows, scorer.facets.row_weights(["audio"] * len(ids),
                                                                             scorer.multipliers()))
    out = []
    for name, s in sims.items():
        k = kernel(s, p.kernel_tau)
        k[same] = 0.0
        mass = k @ memory.mass
        out.append((k @ memory.net) / (p.shrinkage + mass))
        if name == "__fused":
            out.append(np.log(p.shrinkage + mass))
    return np.stack(out, axis=1)


def _fit_classifier(x: np.ndarray, t: np.ndarray, w: np.ndarray, nl: dict, warm=None):
    """A weighted, L2-penalised classifier of soft targets ``t``; returns x → p."""
    sig = lambda z: 0.5 * (1.0 + np.tanh(0.5 * z))  # noqa: E731
    l2 = float(nl.get("l2", 1.0))
    n, d = x.shape
    if nl.get("model", "logit") == "logit":  # Newton steps on the penalised log-loss
        xb = np.hstack([x, np.ones((n, 1))])
        reg = np.full(d + 1, l2)
        reg[-1] = 1e-6
        beta = np.zeros(d + 1)
        for _ in range(30):
            pr = sig(xb @ beta)
            g = xb.T @ (w * (pr - t)) + reg * beta
            h = xb.T @ (xb * (w * pr * (1 - pr))[:, None]) + np.diag(reg)
            step = np.linalg.solve(h, g)
            beta -= step
            if np.abs(step).max() < 1e-6:
                break
        return lambda z: sig(np.hstack([z, np.ones((len(z), 1))]) @ beta)
    hidden = int(nl.get("hidden", 8))
    lr, steps = float(nl.get("lr", 0.03)), int(nl.get("steps", 200))
    if warm is not None and warm[0].shape == (d, hidden):  # go on from the last fit (a few outcomes ago)
        params, steps = [q.copy() for q in warm], int(nl.get("warm_steps", 40))
    else:
        rng = np.random.default_rng(0)
        params = [rng.normal(0, 1 / np.sqrt(d), (d, hidden)), np.zeros(hidden),
                  rng.normal(0, 1 / np.sqrt(hidden), hidden), np.zeros(1)]
    m1 = [np.zeros_like(q) for q in params]
    m2 = [np.zeros_like(q) for q in params]
    for it in range(1, steps + 1):
        w1, b1, w2, b2 = params
        h = np.tanh(x @ w1 + b1)
        pr = sig(h @ w2 + b2[0])
        e = w * (pr - t)
        gw2 = h.T @ e + l2 * w2
        gb2 = np.array([e.sum()])
        dh = np.outer(e, w2) * (1 - h * h)
        gw1 = x.T @ dh + l2 * w1
        gb1 = dh.sum(axis=0)
        for j, g in enumerate((gw1, gb1, gw2, gb2)):
            m1[j] = 0.9 * m1[j] + 0.1 * g
            m2[j] = 0.999 * m2[j] + 0.001 * g * g
            params[j] = params[j] - lr * (m1[j] / (1 - 0.9 ** it)) / (np.sqrt(m2[j] / (1 - 0.999 ** it)) + 1e-8)
    w1, b1, w2, b2 = params
    predict = lambda z: sig(np.tanh(z @ w1 + b1) @ w2 + b2[0])  # noqa: E731
    predict.params = params
    return predict

#!/usr/bin/env python3
"""Try variants of the taste estimate / ranking on the DEV corpora with paired runs (an experiment tool).

A variant replaces ``Scorer.score``'s taste formula (and optionally ``NextParams`` values) in this process
only, then runs ``evaluation.runner.evaluate`` (content only, ``no-text``) for every corpus × flip × profile
seed; each run's skip rate over suggestions 31–60 and coverage go to ``OUT/NAME.json``. ``compare`` pairs a
variant's runs with the base's (same corpus, flip, profile seed, profile and seed) and prints the mean
difference ± its standard error per corpus and flip, split by profile seed, with model/random and
coverage/random. Protocol (eval/README.md): dev corpora only (``/work/evalmusic``, ``/work/devreal``).

    scripts/taste_variants.py run base '{}' /work/evalmusic /work/devreal --baselines
    scripts/taste_variants.py run close02 '{"close": 0.2}' /work/evalmusic /work/devreal
    scripts/taste_variants.py compare base close02

Variant keys: ``close`` (scale the taste by e / (e + close), e the closest single evidence k·w),
``unheard_only`` (that scaling only for items without evidence of their own), ``centre`` (regress
v_i − centre·v̄, v̄ the user's mean outcome), ``gate`` (an unheard item may not outrank the best free
known-loved item unless its taste is higher), ``next`` (NextParams values, e.g. {"replay_penalty": 0.7}),
``linear`` ({"lam", "beta", "intercept", "unheard_only"}: blend a ridge regression of the outcomes on the
centred fused-similarity features into the taste, see ``_linear_taste``), ``nonlin`` ({"feats": "tags" |
"facets" | "both", "model": "logit" | "mlp", "hidden", "l2", "beta", "mode": "blend" | "demote", "target":
"soft" | "hard", "n0", "unheard_only"}: blend a small online classifier of the remembered items' outcomes
over their MusiCNN tag probabilities and/or leave-one-out per-facet kernel tastes, see ``_nonlin_taste``),
``diag`` (with ``nonlin``: print the disliked-vs-rest AUC among unheard candidates of the kernel taste, the
variant's taste and the classifier alone, per corpus and flip).

Run with ``OPENBLAS_NUM_THREADS=1`` on a shared machine: a second BLAS thread waiting for a busy core makes
the classifier's small products ~100× slower (``recommend/blas.py``).
"""

from __future__ import annotations

import argparse
import collections
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

OUT = Path("/tmp/taste-variants")


def install(spec: dict) -> None:
    from avrec_desktop.recommend import next_up, recommender, scoring
    from avrec_desktop.recommend.scoring import Scores
    from avrec_desktop.recommend.taste import kernel

    def score(self, cands, kinds, seed, seed_kind, now):
        mult = self.multipliers()
        rel, main = self.relevance(cands, seed, seed_kind, mult)
        memory, rows = self._memory(now)
        n = len(cands)
        if not (len(memory.ids) and n):
            return Scores(cands.ids, rel, main, np.zeros(n), np.zeros(n), np.zeros((n, len(memory.ids))), memory)
        weights = kernel(self.facets.fused(cands, rows, self.facets.row_weights(kinds, mult)),
                         self.model.params.kernel_tau)
        net = memory.net
        if spec.get("centre"):
            net = net - spec["centre"] * memory.net.sum() / max(memory.mass.sum(), 1e-12) * memory.mass
        mass = weights @ memory.mass
        taste = (weights @ net) / (self.model.params.shrinkage + mass)
        if spec.get("close"):
            closest = (weights * memory.mass[None, :]).max(axis=1)
            factor = closest / (closest + spec["close"])
            if spec.get("unheard_only"):
                factor = np.where(np.isin(cands.ids, memory.ids), 1.0, factor)
            taste = taste * factor
        if spec.get("linear"):
            taste = _linear_taste(self, spec["linear"], cands, kinds, rows, memory, mult, taste)
        if spec.get("nonlin"):
            kernel_taste = taste
            taste = _nonlin_taste(self, spec["nonlin"], cands, rows, memory, taste)
            if spec.get("diag"):
                _diagnose(cands.ids, memory.ids, kernel_taste, taste)
        return Scores(cands.ids, rel, main, taste, mass, weights, memory)

    scoring.Scorer.score = score
    if spec.get("diag"):  # remember the listener of the session being run, for ``_diagnose``
        from avrec_desktop.evaluation import runner

        plain_session = runner.run_session

        def session_with_listener(strategy, listener, *a, **kw):
            _DIAG["listener"] = listener if strategy.name == "model" else None
            return plain_session(strategy, listener, *a, **kw)

        runner.run_session = session_with_listener
    if spec.get("nonlin"):  # the classifier reads tag probabilities from the store
        plain_install = recommender.Recommender._install

        def install_with_store(self, model):
            plain_install(self, model)
            self._scorer.store = self.store

        recommender.Recommender._install = install_with_store
    if spec.get("next"):
        base = next_up.NextParams
        recommender.NextParams = lambda: base().with_values(**spec["next"])
    if spec.get("gate"):
        table = next_up.NextUp.table

        def gated(self, ids, *, seed, history, now, want_kind, exclude=frozenset(), rows=None):
            t = table(self, ids, seed=seed, history=history, now=now, want_kind=want_kind, exclude=exclude,
                      rows=rows)
            recent = set(history.last(self.params.cooldown_plays, every_session=True))
            unheard, known = [], []
            for j, i in enumerate(t.ids.tolist()):
                ev = self.model.evidence(i)
                if ev is None and t.since[j] is None:
                    unheard.append(j)
                elif ev is not None and ev.pos > ev.neg and i not in recent and not t.cooled[j]:
                    known.append(j)
            if known and unheard:
                best = max(known, key=lambda j: t.score[j])
                for j in unheard:
                    if t.scores.taste[j] < t.scores.taste[best] and t.score[j] > t.score[best]:
                        t.score[j] = t.score[best] - 1e-3
            return t

        next_up.NextUp.table = gated


def _linear_taste(scorer, lin: dict, cands, kinds, rows, memory, mult, taste):
    """A weighted ridge regression of the remembered items' mean outcomes on their (centred) fused-similarity
    features, in dual form over the memory: a learned direction of taste rather than a local average."""
    c = memory.mass  # saturated confidence per remembered item
    y = memory.net / np.maximum(c, 1e-12)
    m_kinds = ["audio"] * len(memory.ids)
    s_mm = np.nan_to_num(scorer.facets.fused(rows, rows, scorer.facets.row_weights(m_kinds, mult)), nan=0.0)
    s_cm = np.nan_to_num(scorer.facets.fused(cands, rows, scorer.facets.row_weights(kinds, mult)), nan=0.0)
    total = max(c.sum(), 1e-12)
    p = c / total
    row_m = s_mm @ p
    grand = p @ row_m
    k_mm = s_mm - row_m[:, None] - row_m[None, :] + grand
    k_cm = s_cm - (s_cm @ p)[:, None] - row_m[None, :] + grand
    ybar = float(p @ y) if lin.get("intercept", 1) else 0.0
    lam = float(lin.get("lam", 1.0))
    alpha = np.linalg.solve(k_mm + lam * np.diag(1.0 / np.maximum(c, 1e-6)), y - ybar)
    pred = np.clip(ybar * float(lin.get("intercept", 1)) + k_cm @ alpha, -1.0, 1.0)
    beta = float(lin.get("beta", 0.5))
    new = (1.0 - beta) * taste + beta * pred
    if lin.get("unheard_only"):
        new = np.where(np.isin(cands.ids, memory.ids), taste, new)
    return new


_DIAG: dict = {"listener": None, "auc": []}


def _auc(score: np.ndarray, positive: np.ndarray) -> float | None:
    pos, neg = score[positive], score[~positive]
    if not len(pos) or not len(neg):
        return None
    order = np.argsort(np.concatenate([pos, neg]), kind="stable")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _diagnose(ids, memory_ids, before, after) -> None:
    """AUC of "disliked" against the rest among unheard candidates (memory of 20–60 items), kernel taste vs the
    variant's: how well each ranks the items this listener dislikes below the others (higher = better)."""
    listener = _DIAG["listener"]
    if listener is None or not 20 <= len(memory_ids) <= 60:
        return
    unheard = ~np.isin(ids, memory_ids)
    disliked = np.array([listener.attitude(int(i)) == "dislike" for i in ids])
    a, b = _auc(-before[unheard], disliked[unheard]), _auc(-after[unheard], disliked[unheard])
    pred = _DIAG.pop("pred", None)
    c = _auc(-pred[unheard], disliked[unheard]) if pred is not None and len(pred) == len(ids) else None
    if a is not None:
        _DIAG["auc"].append((_DIAG.get("tag"), a, b, np.nan if c is None else c))


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


def run(name: str, spec: dict, corpora: list[str], flips: list[float], seeds: list[int], baselines: bool) -> None:
    install(spec)
    from avrec_desktop.evaluation.library import prepare_library
    from avrec_desktop.evaluation.runner import evaluate, make_settings

    strategies = ("random", "similarity", "model") if baselines else ("model",)
    rows = []
    for corpus in corpora:
        lib = prepare_library(corpus)
        for flip in flips:
            for ps in seeds:
                began = time.time()
                _DIAG["tag"] = f"{Path(corpus).name} flip {flip:g}"
                settings = replace(make_settings(flip=flip, configs=("no-text",), strategies=strategies),
                                   profile_seed=ps)
                for r in evaluate(lib, settings)["runs"]:
                    rows.append({"corpus": Path(corpus).name, "flip": flip, "ps": ps, "profile": r["profile"],
                                 "seed": r["seed"], "strategy": r["strategy"], "skip": r["skip_31_60"],
                                 "cov": r["coverage"]})
                print(name, corpus, flip, ps, f"{time.time() - began:.1f} s", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps({"spec": spec, "runs": rows}))
    for tag in sorted({t for t, *_ in _DIAG["auc"]}):
        auc = np.array([a for t, *a in _DIAG["auc"] if t == tag])
        print(f"{name} {tag}: disliked-vs-rest AUC on unheard candidates (memory 20-60, {len(auc)} queries): "
              f"kernel {auc[:, 0].mean():.3f}, variant {auc[:, 1].mean():.3f}, classifier alone "
              f"{np.nanmean(auc[:, 2]):.3f}")


def compare(base_name: str, names: list[str]) -> None:
    base = json.loads((OUT / f"{base_name}.json").read_text())["runs"]
    key = lambda r: (r["corpus"], r["flip"], r["ps"], r["profile"], r["seed"])  # noqa: E731
    model = {key(r): r for r in base if r["strategy"] == "model"}
    ref = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in base:
        ref[(r["corpus"], r["flip"])][r["strategy"]].append(r)
    for name in names:
        print(f"== {name}")
        groups = collections.defaultdict(list)
        for r in json.loads((OUT / f"{name}.json").read_text())["runs"]:
            b = model.get(key(r))
            if r["strategy"] == "model" and b and r["skip"] is not None and b["skip"] is not None:
                groups[(r["corpus"], r["flip"])].append((r, b))
        for g, pairs in sorted(groups.items()):
            d = np.array([r["skip"] - b["skip"] for r, b in pairs])
            ps = np.array([r["ps"] for r, _ in pairs])
            rnd = ref[g]["random"]
            rs, rc = np.mean([x["skip"] for x in rnd]), np.mean([x["cov"] for x in rnd])
            skip, bskip = np.mean([r["skip"] for r, _ in pairs]), np.mean([b["skip"] for _, b in pairs])
            cov, bcov = np.mean([r["cov"] for r, _ in pairs]), np.mean([b["cov"] for _, b in pairs])
            split = " ".join(f"ps{p}:{d[ps == p].mean():+.3f}" for p in sorted(set(ps.tolist())))
            print(f"  {g[0]:10s} flip {g[1]:g} n={len(d)} skip {skip:.3f} (base {bskip:.3f}) "
                  f"diff {d.mean():+.3f}±{d.std(ddof=1) / np.sqrt(len(d)):.3f} [{split}] "
                  f"×random {skip / rs:.2f} (base {bskip / rs:.2f}) coverage×random {cov / rc:.2f} (base {bcov / rc:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("name")
    r.add_argument("spec")
    r.add_argument("corpora", nargs="+")
    r.add_argument("--flips", default="0.1,0.2")
    r.add_argument("--profile-seeds", default="0,1,2")
    r.add_argument("--baselines", action="store_true", help="also run random and similarity-only (for the base)")
    c = sub.add_parser("compare")
    c.add_argument("base")
    c.add_argument("names", nargs="+")
    args = parser.parse_args()
    if args.cmd == "run":
        run(args.name, json.loads(args.spec), args.corpora, [float(f) for f in args.flips.split(",")],
            [int(s) for s in args.profile_seeds.split(",")], args.baselines)
    else:
        compare(args.base, args.names)


if __name__ == "__main__":
    main()

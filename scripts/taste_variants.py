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
``neg`` ({"mode": "veto" | "nnveto" | "split" | "pfveto", "tau", "beta", "unheard_only"}: use the remembered
negative items more directly, see ``_negative_taste``), ``asym`` (a negative outcome counts that many times
a positive one in the kernel targets), ``knn`` (only each candidate's k nearest remembered items take part),
``lp`` ({"alpha", "k", "iters"}: smooth the taste over the library's k-nearest-neighbour graph, unheard
items included, see ``_propagated_taste``), ``skipw`` ({"early", "late_neg", "late_pos", "late_pos_weight"}:
reweigh skips by how far in they came before the model learns them, see ``_install_skip_weights``; every
skip −1 is ``TasteParams.skip_weight`` 1, the default since 2026-12-03), ``taste`` (TasteParams values, e.g. {"skip_weight": 0}), ``diag`` (print, per corpus and
flip, the AUCs among unheard candidates — disliked-vs-rest and loved-vs-rest — of the kernel taste, the
variant's taste, the classifier alone, and with ``probe`` of the rules ``_probes`` computes beside the
ranking, two ceilings with the listener's hidden labels among them; and the model's suggestions 31–60
split into first plays and replays), ``why`` (with ``diag``: the score parts of each first play the model
chose against the best unheard loved candidate of the same list).

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

from taste_variants_diag import (_DIAG, _diagnose, _install_why, _probes, _trace, _trace_summary,
                                 _why_summary)
from taste_variants_tastes import (_install_skip_weights, _negative_taste, _nonlin_taste, _propagated_taste,
                                   _top_k)

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
        if spec.get("knn"):  # only each candidate's ``knn`` nearest remembered items take part
            weights = _top_k(weights, int(spec["knn"]))
        net = memory.net
        if spec.get("centre"):
            net = net - spec["centre"] * memory.net.sum() / max(memory.mass.sum(), 1e-12) * memory.mass
        if spec.get("asym"):  # a remembered item's negative outcome counts ``asym`` times its positive one
            net = np.where(net < 0, net * float(spec["asym"]), net)
        mass = weights @ memory.mass
        taste = (weights @ net) / (self.model.params.shrinkage + mass)
        if spec.get("asym"):
            taste = np.clip(taste, -1.0, 1.0)
        if spec.get("close"):
            closest = (weights * memory.mass[None, :]).max(axis=1)
            factor = closest / (closest + spec["close"])
            if spec.get("unheard_only"):
                factor = np.where(np.isin(cands.ids, memory.ids), 1.0, factor)
            taste = taste * factor
        if spec.get("linear"):
            taste = _linear_taste(self, spec["linear"], cands, kinds, rows, memory, mult, taste)
        kernel_taste = taste
        if spec.get("lp"):
            taste = _propagated_taste(self, spec["lp"], cands, kinds, rows, memory, mult, taste)
        if spec.get("neg"):
            taste = _negative_taste(self, spec["neg"], cands, kinds, rows, memory, mult, taste)
        if spec.get("nonlin"):
            taste = _nonlin_taste(self, spec["nonlin"], cands, rows, memory, taste)
        if spec.get("diag"):
            probes = _probes(self, cands, kinds, rows, memory, mult, kernel_taste) if spec.get("probe") else {}
            _diagnose(cands.ids, memory.ids, kernel_taste, taste, probes)
        return Scores(cands.ids, rel, main, taste, mass, weights, memory)

    scoring.Scorer.score = score
    if spec.get("diag"):  # remember the listener of the session being run, for ``_diagnose``
        from avrec_desktop.evaluation import runner

        plain_session = runner.run_session

        def session_with_listener(strategy, listener, *a, **kw):
            _DIAG["listener"] = listener if strategy.name == "model" else None
            session = plain_session(strategy, listener, *a, **kw)
            if strategy.name == "model":
                _trace(session)
            return session

        runner.run_session = session_with_listener
    if spec.get("why"):
        _install_why()
    if spec.get("nonlin"):  # the classifier reads tag probabilities from the store
        plain_install = recommender.Recommender._install

        def install_with_store(self, model):
            plain_install(self, model)
            self._scorer.store = self.store

        recommender.Recommender._install = install_with_store
    if spec.get("skipw"):
        _install_skip_weights(spec["skipw"])
    if spec.get("taste"):  # TasteParams values, e.g. {"skip_weight": 0} for the outcome rules' weights
        from avrec_desktop.recommend.taste import TasteParams

        plain_load = TasteParams.load.__func__
        TasteParams.load = classmethod(lambda cls, store: plain_load(cls, store).with_values(**spec["taste"]))
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
    _trace_summary(name)
    _why_summary(name)
    summary = {}
    for tag in sorted({t for t, _ in _DIAG["auc"]}):
        rows_t = [r for t, r in _DIAG["auc"] if t == tag]
        print(f"{name} {tag}: AUC on unheard candidates (memory 20-60, {len(rows_t)} queries), "
              "disliked-vs-rest / loved-vs-rest:")
        for probe in rows_t[0]:
            a = np.array([r[probe] for r in rows_t if probe in r], dtype=np.float64)
            summary.setdefault(tag, {})[probe] = [float(np.nanmean(a[:, 0])), float(np.nanmean(a[:, 1]))]
            print(f"    {probe:34s} {np.nanmean(a[:, 0]):.3f} / {np.nanmean(a[:, 1]):.3f}")
    if summary:
        (OUT / f"{name}.auc.json").write_text(json.dumps(summary, indent=1))


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

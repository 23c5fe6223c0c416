"""The whole evaluation: profiles × seeds × strategies × modality configurations → one JSON report.

Every run (one profile, one seed, one strategy, one configuration) gets its own copy of the analysed
database, so no run sees another's events; the strategies of one (profile, seed) meet the same
listener luck (see ``listener``). Configurations:

- ``no-text``: the recommender and similarity-only use audio (and visual) vectors only. Text vectors
  are made from tags and file names, which can name the label outright (``drascula/track1.ogg``);
  with them off, the sound alone has to carry the taste. The targets are judged here.
- ``all``: every modality the library has, as the app runs by default.

Strategies: ``random``, ``similarity`` (similarity-only), ``model`` (the full taste model) and
``oracle`` (reads the hidden profile: the ceiling, for reading the others; see ``strategies``).

Targets (issues 3 and 9), on means in ``no-text``: the full model's skip rate over suggestions 31–60 is
at most half of random's, and at least 25 % lower than similarity-only's; its catalogue coverage is not
below random's by more than a third (≥ ⅔ of it: learning must not shrink the library to a few safe items).
The listener (``listener``) is the independent one unless told otherwise; the report says which ran.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from avrec_desktop.errors import BadArgument
from avrec_desktop.evaluation.library import EvalLibrary, prepare_library
from avrec_desktop.evaluation.listener import Listener, ListenerSettings, random_profiles
from avrec_desktop.evaluation.metrics import aggregate, session_metrics, similar_precision
from avrec_desktop.evaluation.report import summary_lines, write_report
from avrec_desktop.evaluation.simulate import run_session
from avrec_desktop.evaluation.strategies import FullModel, OracleLoved, RandomOrder, SimilarityOnly

CONFIGS: dict[str, frozenset[str] | None] = {"no-text": frozenset({"audio", "visual"}), "all": None}
STRATEGIES = ("random", "similarity", "model", "oracle")
TARGET_CONFIG = "no-text"
TARGET_METRIC = "skip_31_60"
VS_RANDOM = 0.5  # model ≤ 0.5 × random
VS_SIMILARITY = 0.75  # model ≤ 0.75 × similarity-only (25 % lower)
COVERAGE_VS_RANDOM = 2 / 3  # model's coverage ≥ ⅔ × random's (not below it by more than a third)


@dataclass(frozen=True)
class EvalSettings:
    profiles: int = 6
    seeds: int = 3
    steps: int = 60
    cooldown: int = 20  # no replay within this many plays
    configs: tuple[str, ...] = ("no-text", "all")
    strategies: tuple[str, ...] = STRATEGIES
    listener: ListenerSettings = field(default_factory=ListenerSettings)
    profile_seed: int = 0
    loved: int = 2
    disliked: int = 2
    min_label_items: int = 10

    def check(self) -> "EvalSettings":
        unknown = [c for c in self.configs if c not in CONFIGS] + [s for s in self.strategies
                                                                    if s not in STRATEGIES]
        if unknown:
            raise BadArgument(f"unknown configurations or strategies: {', '.join(unknown)}")
        if self.profiles < 1 or self.seeds < 1 or self.steps < 1 or self.cooldown < 0:
            raise BadArgument("profiles, seeds and steps must be at least 1, cooldown at least 0")
        self.listener.check()
        return self


def open_indexes(store, spaces: frozenset[str] | None, directory: Path):
    """Indexes over the spaces the store has vectors for, limited to ``spaces`` (None: all)."""
    from avrec_desktop.index.library_indexes import LibraryIndexes

    counts = sorted(store.embedding_counts().items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][2]))
    active: dict[str, tuple[str, str]] = {}
    for (space, encoder, version), _ in counts:
        if (spaces is None or space in spaces) and space not in active:
            active[space] = (encoder, version)
    return LibraryIndexes.open(store, active, directory=directory)


def _strategy(name: str, store, indexes, library: EvalLibrary, spaces, *, session: str, seed: tuple,
              listener: Listener):
    if name == "oracle":
        return OracleLoved(store, listener, seed=seed)
    if name == "random":
        return RandomOrder(store, list(library.labels), seed=seed)
    if name == "similarity":
        # "all" over the indexes of the enabled spaces: with text off, an audio seed is ranked by audio
        # alone (the same as modality="audio"), and a video seed by its visual and audio vectors.
        return SimilarityOnly(store, indexes, modality="all")
    from avrec_desktop.recommend.recommender import Recommender

    recommender = Recommender(store, indexes, spaces=set(spaces) if spaces is not None else None)
    return FullModel(recommender, session=session, seed=seed)


def evaluate(library: EvalLibrary, settings: EvalSettings | None = None, *, work_dir: str | Path | None = None,
             progress=None) -> dict:
    """Run every (configuration, profile, seed, strategy) and return the report (JSON-serialisable)."""
    from avrec_desktop.store import Store

    settings = (settings or EvalSettings()).check()
    began = time.perf_counter()
    own_dir = work_dir is None
    work = Path(tempfile.mkdtemp(prefix="avrec-eval-")) if own_dir else Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    try:
        sizes = library.label_sizes()
        profiles = random_profiles(sizes, settings.profiles, seed=settings.profile_seed, loved=settings.loved,
                                   disliked=settings.disliked, min_items=settings.min_label_items)
        base = Store(library.copy_to(work / "base.sqlite3"))
        try:
            durations = {m.id: m.duration for m in base.all_media()}
            all_indexes = open_indexes(base, None, work / "indexes")
            audio = all_indexes["audio"]
            vectors = {i: audio.vector(i) for i in library.labels if i in audio}
            precision = {"audio": similar_precision(base, open_indexes(base, frozenset({"audio"}),
                                                                       work / "indexes"),
                                                    library.labels, modality="audio"),
                         "all": similar_precision(base, all_indexes, library.labels, modality="all")}
        finally:
            base.close()

        runs, seconds = [], {}
        total = len(settings.configs) * len(profiles) * settings.seeds * len(settings.strategies)
        for config in settings.configs:
            spaces = CONFIGS[config]
            for p, profile in enumerate(profiles):
                for seed in range(settings.seeds):
                    for name in settings.strategies:
                        if progress:
                            progress(f"[{len(runs) + 1}/{total}] {config} profile {p} seed {seed} {name}")
                        session_id = f"eval-{config}-p{p}-s{seed}-{name}"
                        store = Store(library.copy_to(work / "run.sqlite3"))
                        try:
                            indexes = open_indexes(store, spaces, work / "indexes")
                            listener = Listener(profile, library.labels, settings.listener, seed=seed, stream=p)
                            strategy = _strategy(name, store, indexes, library, spaces, session=session_id,
                                                 seed=(seed, p), listener=listener)
                            session = run_session(strategy, listener, durations, steps=settings.steps,
                                                  cooldown=settings.cooldown, session_id=session_id)
                        finally:
                            store.close()
                        seconds.setdefault((config, name), []).extend(session.suggest_seconds)
                        metrics = session_metrics(session, vectors, len(library.labels))
                        runs.append({"config": config, "profile": p, "seed": seed, "strategy": name,
                                     **{k: round(v, 4) if isinstance(v, float) else v
                                        for k, v in metrics.items()}})
    finally:
        if own_dir:
            shutil.rmtree(work, ignore_errors=True)

    results = {config: {name: aggregate(r for r in runs if r["config"] == config and r["strategy"] == name)
                        for name in settings.strategies} for config in settings.configs}
    timing = {config: {name: _percentiles(seconds.get((config, name), [])) for name in settings.strategies}
              for config in settings.configs}
    report = {
        "listener": {"kind": settings.listener.kind, "describe": settings.listener.describe()},
        "library": {"source": library.source, "items": len(library.labels), "labels": sizes,
                    "failed": library.failed, **library.extra},
        "settings": {**asdict(settings), "configs": list(settings.configs),
                     "strategies": list(settings.strategies)},
        "profiles": [pr.as_dict() for pr in profiles],
        "play_similar_precision_at_5": precision,
        "results": results,
        "suggest_ms": timing,
        "targets": {config: targets(results[config], [r for r in runs if r["config"] == config])
                    for config in settings.configs},
        "runs": runs,
        "code": code_fingerprint(),
        "seconds": round(time.perf_counter() - began, 1),
    }
    report["judged"] = TARGET_CONFIG
    report["verdict"] = report["targets"].get(TARGET_CONFIG, {}).get("verdict", "not judged")
    return report


def code_fingerprint() -> dict:
    """Hashes of the recommender's and the evaluation's sources: which code a report was made with."""
    import hashlib

    package = Path(__file__).resolve().parents[1]
    out = {}
    for part in ("recommend", "evaluation"):
        digest = hashlib.sha256()
        for path in sorted((package / part).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        out[part] = digest.hexdigest()[:16]
    return out


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ms = np.asarray(values) * 1000.0
    return {"p50": round(float(np.percentile(ms, 50)), 2), "p95": round(float(np.percentile(ms, 95)), 2),
            "calls": len(values)}


def targets(results: dict[str, dict], runs: list[dict] | None = None) -> dict:
    """Pass/fail of the issue's two targets on one configuration's aggregated results (means), and,
    given the runs, in what share of paired runs (same profile and seed) the model did better."""
    def late(name):
        return results.get(name, {}).get(TARGET_METRIC, {}).get("mean")

    model, rnd, sim = late("model"), late("random"), late("similarity")
    out: dict = {"metric": TARGET_METRIC, "model": model, "random": rnd, "similarity": sim}
    if model is None or rnd is None or sim is None:
        out["verdict"] = "not judged (needs random, similarity and model)"
        return out
    out["vs_random"] = {"limit": round(VS_RANDOM * rnd, 4), "ratio": _ratio(model, rnd),
                        "pass": model <= VS_RANDOM * rnd}
    out["vs_similarity"] = {"limit": round(VS_SIMILARITY * sim, 4), "ratio": _ratio(model, sim),
                            "pass": model <= VS_SIMILARITY * sim}
    passed = out["vs_random"]["pass"] and out["vs_similarity"]["pass"]
    cov_model = results.get("model", {}).get("coverage", {}).get("mean")
    cov_random = results.get("random", {}).get("coverage", {}).get("mean")
    if cov_model is not None and cov_random is not None:
        out["coverage"] = {"model": cov_model, "random": cov_random,
                           "limit": round(COVERAGE_VS_RANDOM * cov_random, 4),
                           "ratio": _ratio(cov_model, cov_random),
                           "pass": cov_model >= COVERAGE_VS_RANDOM * cov_random - 1e-9}
        passed = passed and out["coverage"]["pass"]
    out["verdict"] = "pass" if passed else "fail"
    if runs:
        out["model_better_in"] = {other: _paired_wins(runs, other) for other in ("random", "similarity")}
    return out


def _paired_wins(runs: list[dict], other: str) -> float | None:
    """Share of (profile, seed) pairs where the model's late skip rate is below ``other``'s."""
    late = {(r["profile"], r["seed"], r["strategy"]): r.get(TARGET_METRIC) for r in runs}
    pairs = [(v, late.get((p, s, other))) for (p, s, name), v in late.items() if name == "model"]
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    return round(sum(a < b for a, b in pairs) / len(pairs), 4) if pairs else None


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def make_settings(*, profiles: int = 6, seeds: int = 3, steps: int = 60, flip: float = 0.1,
                  cooldown: int = 20, configs: tuple[str, ...] = ("no-text", "all"),
                  strategies: tuple[str, ...] = STRATEGIES, listener: str = "independent") -> EvalSettings:
    return EvalSettings(profiles=profiles, seeds=seeds, steps=steps, cooldown=cooldown,
                        configs=tuple(configs), strategies=tuple(strategies),
                        listener=ListenerSettings(flip=flip, kind=listener)).check()


def run_evaluation(library: str | Path, *, profiles: int = 6, seeds: int = 3, steps: int = 60,
                   flip: float = 0.1, out: str | Path | None = None, cooldown: int = 20,
                   cache_dir: str | Path | None = None, configs: tuple[str, ...] = ("no-text", "all"),
                   strategies: tuple[str, ...] = STRATEGIES, listener: str = "independent",
                   progress=None) -> dict:
    """Analyse (or reuse the cached analysis of) the labelled folder ``library`` and evaluate on it.

    Writes the report to ``out`` as JSON when given, and returns it."""
    settings = make_settings(profiles=profiles, seeds=seeds, steps=steps, flip=flip, cooldown=cooldown,
                             configs=configs, strategies=strategies, listener=listener)
    lib = prepare_library(library, cache_dir=cache_dir, progress=progress)
    report = evaluate(lib, settings, progress=progress)
    if out:
        write_report(report, out)
    return report


__all__ = ["EvalSettings", "evaluate", "make_settings", "run_evaluation", "summary_lines", "targets", "write_report"]

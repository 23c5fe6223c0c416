#!/usr/bin/env python3
"""Choose the quick first pass's vector (indexing/quick.py) on the DEV corpus: quality of quick/full mixes and
CPU cost per quick vector.

For every dev track (``evaluation.similarity.collect``): the full ``sonic-musicnn`` parts (the indexer's clip,
``PATCHES_PER_TRACK`` MusiCNN-MSD patches) and the quick window's (one ``QuickSettings.window_seconds`` window
from the middle): its sonic vector, MusiCNN-MSD on 1 patch and on the ``PATCHES_PER_TRACK`` patches of the
window, and the CPU seconds of each stage (one torch thread). Then same-label precision@5 (cosine, as the
index ranks) when a share of the library is quick and the rest full, for each quick scheme:

- ``window-3p``: fused sonic + 3 patches of the window (what d300224 stored; MSD+MTT ran there);
- ``window-1p``: fused sonic + the window's middle patch (one MSD patch);
- ``sonic-zero``: the sonic part only, learned block zero (a unit vector of sonic alone).

Reported per share: p@5 over all seeds, over quick seeds and over full seeds, and ``quick_in_top5`` (the share
of quick items among full seeds' top 5 divided by their share of the library: 1.0 is unbiased). Mean over
``--draws`` random splits. Usage: ``.venv/bin/python scripts/quick_sweep.py /work/evalmusic``.
Protocol (eval/README.md): the dev corpus only.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

SHARES = (0.25, 0.5, 0.75, 1.0)
SCHEMES = ("window-3p", "window-1p", "sonic-zero")


def features(corpus: str) -> tuple[list[str], dict[str, np.ndarray], dict[str, float]]:
    import torch

    from avrec_desktop import media
    from avrec_desktop.encoders.musicnn_model import load_musicnn
    from avrec_desktop.encoders.signatures import PATCHES_PER_TRACK
    from avrec_desktop.encoders.sonic import SonicEncoder
    from avrec_desktop.encoders.sonic_musicnn import spread_patches
    from avrec_desktop.evaluation.similarity import collect
    from avrec_desktop.indexing.quick import QuickSettings

    torch.set_num_threads(1)
    sonic, msd = SonicEncoder(), load_musicnn("MSD", None, "cpu")
    window = QuickSettings().window_seconds

    def learned(patches: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return msd(torch.from_numpy(patches))[1].float().numpy().mean(axis=0)

    labels, rows, cost = [], {k: [] for k in ("s_full", "l_full", "s_q", "l_q3", "l_q1")}, {}
    files = collect(corpus)
    for path, label in files:
        labels.append(label)
        full = media.audio_clip(path)
        rows["s_full"].append(sonic.encode([full])[0])
        rows["l_full"].append(learned(spread_patches(full.windows, full.sample_rate, PATCHES_PER_TRACK)))
        t0 = time.process_time()
        info = media.probe(path)
        quick = media.audio_clip(path, info, window_seconds=window, max_windows=1, whole_below=window)
        t1 = time.process_time()
        rows["s_q"].append(sonic.encode([quick])[0])
        t2 = time.process_time()
        rows["l_q1"].append(learned(spread_patches(quick.windows, quick.sample_rate, 1)))
        t3 = time.process_time()
        rows["l_q3"].append(learned(spread_patches(quick.windows, quick.sample_rate, PATCHES_PER_TRACK)))
        t4 = time.process_time()
        for key, dt in (("probe_decode", t1 - t0), ("sonic", t2 - t1), ("musicnn_1p", t3 - t2),
                        ("musicnn_3p", t4 - t3)):
            cost[key] = cost.get(key, 0.0) + dt / len(files)
    return labels, {k: np.stack(v) for k, v in rows.items()}, cost


def fused_rows(f: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    from avrec_desktop.encoders.sonic_musicnn import fuse

    zero = np.zeros_like(f["l_full"])
    return {"full": fuse(f["s_full"], f["l_full"]), "window-3p": fuse(f["s_q"], f["l_q3"]),
            "window-1p": fuse(f["s_q"], f["l_q1"]),
            "sonic-zero": np.concatenate([f["s_q"], zero], axis=1)}


def mix_scores(full: np.ndarray, quick: np.ndarray, labels: np.ndarray, is_quick: np.ndarray, k: int = 5) -> dict:
    v = np.where(is_quick[:, None], quick, full).astype(np.float64)
    v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    sim = v @ v.T
    np.fill_diagonal(sim, -np.inf)
    top = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    hits = (labels[top] == labels[:, None]).mean(axis=1)
    out = {"p5": hits.mean(), "p5_quick_seeds": hits[is_quick].mean() if is_quick.any() else None,
           "p5_full_seeds": hits[~is_quick].mean() if (~is_quick).any() else None}
    if is_quick.any() and (~is_quick).any():
        share = is_quick.mean()
        out["quick_in_top5"] = is_quick[top[~is_quick]].mean() / share
    return out


def sweep(labels: list[str], f: dict[str, np.ndarray], draws: int, seed: int = 0) -> dict:
    from avrec_desktop.evaluation.similarity import precision_at_k

    labels = np.asarray(labels)
    fused = fused_rows(f)
    report = {"all_full": precision_at_k(fused["full"], labels)[0],
              "sonic_full": precision_at_k(f["s_full"], labels)[0], "mixes": {}}
    rng = np.random.default_rng(seed)
    n = labels.size
    for share in SHARES:
        splits = [np.isin(np.arange(n), rng.choice(n, int(round(share * n)), replace=False)) for _ in range(draws)]
        for scheme in SCHEMES:
            runs = [mix_scores(fused["full"], fused[scheme], labels, s) for s in splits]
            report["mixes"][f"{share:.2f} {scheme}"] = {
                key: round(float(np.mean([r[key] for r in runs])), 3)
                for key in runs[0] if runs[0][key] is not None}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--draws", type=int, default=50)
    parser.add_argument("--out")
    args = parser.parse_args()
    labels, f, cost = features(args.corpus)
    report = {"tracks": len(labels), "cpu_s_per_quick_vector": {k: round(v, 4) for k, v in cost.items()},
              **sweep(labels, f, args.draws)}
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        open(args.out, "w").write(text)


if __name__ == "__main__":
    main()

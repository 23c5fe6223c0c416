#!/usr/bin/env python3
"""Choose ``PATCHES_PER_TRACK`` and ``W_LEARNED`` (encoders/signatures.py) on the DEV corpus, cheaply.

Two steps, so a sweep costs seconds instead of re-running MusiCNN for every setting:

``cache CORPUS CACHE``: for every track (``evaluation.similarity.collect``), the indexer's clip
(``media.audio_clip``), its ``sonic`` vector, and MusiCNN-MSD's 200-d penultimate of each 3 s patch that
``sonic_musicnn.spread_patches`` would pick for 1, 2, 3, 4, 6 or 8 patches (the same back-to-back patches of
the same windows; penultimates do not depend on the batch), one ``.npz`` per track with CPU seconds per stage.

``sweep CACHE``: same-label precision@5 (leave-one-out cosine, as ``avrec eval-similarity``) of ``musicnn``
alone and of ``sonic_musicnn.fuse`` (the encoder's own fusion) for every patch count x learned weight, a
paired bootstrap over query tracks (the 95% interval of each setting's difference from the best), and the
variants: mean+max pooling of patches, and the learned part centred on the cached corpus' mean.

Protocol (eval/README.md): run ``sweep`` on the dev cache to choose; on the held-out cache only to report.
Usage: ``.venv/bin/python scripts/musicnn_sweep.py cache /work/evalmusic /tmp/cache/dev`` then
``.venv/bin/python scripts/musicnn_sweep.py sweep /tmp/cache/dev``.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import numpy as np

COUNTS = (1, 2, 3, 4, 6, 8)
WEIGHTS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def pick(total: int, n: int) -> np.ndarray:
    """The patch indices ``spread_patches`` kept out of ``total`` back-to-back patches before fusion revision 2
    (ends included; it now centres them, ``sonic_musicnn.patch_picks``: see scripts/musicnn_placement.py)."""
    return np.round(np.linspace(0, total - 1, n)).astype(int) if total > n else np.arange(total)


def cache(corpus: Path, out: Path, reverse: bool = False) -> None:
    import torch

    from avrec_desktop.encoders.musicnn_frontend import patches, resample_to_16k
    from avrec_desktop.encoders.musicnn_model import load_musicnn
    from avrec_desktop.encoders.sonic import SonicEncoder
    from avrec_desktop.evaluation.similarity import collect
    from avrec_desktop.media.audio import audio_clip

    torch.set_num_threads(1)
    out.mkdir(parents=True, exist_ok=True)
    sonic, msd = SonicEncoder(), load_musicnn("MSD", None, "cpu")
    files = collect(corpus)
    for i, (path, label) in enumerate(files[::-1] if reverse else files):
        dest = out / f"{hashlib.sha1(str(path).encode()).hexdigest()[:16]}.npz"
        if dest.exists():
            continue
        t0 = time.process_time()
        clip = audio_clip(path)
        t1 = time.process_time()
        vector = sonic.encode([clip])[0]
        t2 = time.process_time()
        every = np.concatenate([patches(resample_to_16k(np.asarray(w, np.float32), int(clip.sample_rate)))
                                for w in clip.windows if np.asarray(w).size])
        keep = sorted(set().union(*(set(pick(len(every), n).tolist()) for n in COUNTS)))
        chosen = np.ascontiguousarray(every[keep], dtype=np.float32)
        t3 = time.process_time()
        with torch.inference_mode():
            pen = np.concatenate([msd(torch.from_numpy(chosen[s:s + 12]))[1].float().numpy()
                                  for s in range(0, len(chosen), 12)])
        t4 = time.process_time()
        np.savez(dest, path=str(path), label=label, sonic=vector, pen=pen, idx=np.array(keep), total=len(every),
                 duration=clip.duration, t_decode=t1 - t0, t_sonic=t2 - t1, t_mel=t3 - t2, t_net=t4 - t3)
        print(i, len(files), label, f"{t4 - t0:.1f} CPU-s", flush=True)


def load(folder: Path) -> list[dict]:
    rows = [dict(np.load(f, allow_pickle=False)) for f in sorted(Path(folder).glob("*.npz"))]
    return sorted(rows, key=lambda r: str(r["path"]))


def patches_of(row: dict, n: int) -> np.ndarray:
    """The penultimates of the ``n`` patches the encoder would use (0: every cached patch)."""
    idx = row["idx"] if "idx" in row else np.arange(len(row["pen"]))
    total = int(row["total"]) if "total" in row else len(row["pen"])
    at = {int(i): j for j, i in enumerate(idx)}
    return row["pen"][[at[int(i)] for i in pick(total, n)]] if n else row["pen"]


def learned(rows: list[dict], n: int, pool: str = "mean") -> np.ndarray:
    out = []
    for row in rows:
        p = patches_of(row, n)
        out.append(p.mean(0) if pool == "mean" else np.concatenate([p.mean(0), p.max(0)]))
    return np.stack(out)


def hits(vectors: np.ndarray, labels, k: int = 5) -> np.ndarray:
    """Each track's share of same-label tracks among its k nearest others (mean = precision@k)."""
    labels = np.asarray(labels)
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    sim = unit @ unit.T
    np.fill_diagonal(sim, -np.inf)
    nearest = np.argsort(-sim, axis=1, kind="stable")[:, :min(k, len(labels) - 1)]
    return (labels[nearest] == labels[:, None]).mean(axis=1)


def interval(h: np.ndarray, ref: np.ndarray, draws: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% paired-bootstrap interval (over query tracks) of mean(h) - mean(ref)."""
    idx = np.random.default_rng(seed).integers(0, len(h), (draws, len(h)))
    d = (h[idx] - ref[idx]).mean(axis=1)
    return float(np.percentile(d, 2.5)), float(np.percentile(d, 97.5))


def sweep(folder: Path) -> None:
    from avrec_desktop.encoders.sonic_musicnn import fuse

    rows = load(folder)
    labels = [str(r["label"]) for r in rows]
    sonic = np.stack([r["sonic"] for r in rows]).astype(np.float64)
    cost = {k: np.median([float(r[k]) for r in rows]) for k in ("t_decode", "t_sonic", "t_mel", "t_net")}
    per_patch = np.median([(float(r["t_mel"]) + float(r["t_net"])) / len(r["pen"]) for r in rows])
    print(f"{len(rows)} tracks, {len(set(labels))} labels; median CPU-s here: decode {cost['t_decode']:.2f}, "
          f"sonic {cost['t_sonic']:.2f}, mel+MSD per patch {per_patch:.3f} (MTT doubles the net part)")
    h_sonic = hits(sonic, labels)
    print(f"sonic alone {h_sonic.mean():.3f}")
    grid, alone = {}, {}
    for n in COUNTS:
        lv = learned(rows, n)
        alone[n] = hits(lv, labels)
        for w in WEIGHTS:
            grid[n, w] = hits(fuse(sonic, lv, 1 - w, w), labels)
    best = max(grid, key=lambda key: grid[key].mean())
    print(f"best fused: {best[0]} patches, W_LEARNED {best[1]}: {grid[best].mean():.3f}")
    print("patches | musicnn | fused p@5 by W_LEARNED (* = 95% interval of the difference from the best excludes 0)")
    print("        |         | " + " ".join(f"{w:>6}" for w in WEIGHTS))
    for n in COUNTS:
        cells = []
        for w in WEIGHTS:
            lo, hi = interval(grid[n, w], grid[best])
            cells.append(f"{grid[n, w].mean():.3f}{'*' if hi < 0 else ' '}")
        print(f"{n:>7} | {alone[n].mean():.3f}   | " + " ".join(cells))
    for (n, w) in [(n, w) for n in COUNTS for w in (0.5, best[1])]:
        lo, hi = interval(grid[n, w], grid[best])
        print(f"  {n} patches W {w}: {grid[n, w].mean():.3f}, minus best [{lo:+.3f}, {hi:+.3f}]")
    print("variants (fused at the best weight):")
    n, w = best
    for name, lv in (("mean+max pooling", learned(rows, n, "max")),
                     ("centred on this corpus' mean", learned(rows, n) - learned(rows, n).mean(0))):
        h = hits(fuse(sonic, lv, 1 - w, w), labels)
        lo, hi = interval(h, grid[best])
        print(f"  {name}: {h.mean():.3f} (vs best [{lo:+.3f}, {hi:+.3f}]); alone {hits(lv, labels).mean():.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    c = sub.add_parser("cache")
    c.add_argument("corpus", type=Path)
    c.add_argument("out", type=Path)
    c.add_argument("--reverse", action="store_true", help="walk the tracks backwards (a second process)")
    s = sub.add_parser("sweep")
    s.add_argument("cache", type=Path)
    args = parser.parse_args()
    if args.step == "cache":
        cache(args.corpus, args.out, args.reverse)
    else:
        sweep(args.cache)


if __name__ == "__main__":
    main()

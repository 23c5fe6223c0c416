#!/usr/bin/env python3
"""Where should MusiCNN's few patches of a track come from? A whole-track cache and a placement sweep.

``scripts/musicnn_sweep.py`` caches only the patches inside the windows sonic decodes. This caches, per
track, MusiCNN-MSD's 200-d penultimate of back-to-back 3 s patches of the WHOLE track (decoded at the
file's own rate and resampled to 16 kHz with soxr, the reference extractor's path) at 12 points spread
over it (every patch of a short track; 12 keeps the cache affordable), every patch's loudness (RMS, dB),
and beside them what the indexer computes today (``media.audio_clip``'s windows at 22.05 kHz, the 3
patches ``sonic_musicnn.spread_patches`` picks there, and the sonic vector).

``sweep CACHE [CACHE ...]`` then compares, by same-label precision@5 (leave-one-out cosine) of MusiCNN alone
and fused with sonic (``sonic_musicnn.fuse``) and a paired bootstrap over query tracks
(``[lo,hi]``: the 95% interval of the difference from today's ``windows-3``, alone or fused at W 0.5):

- ``windows``: today's patches inside sonic's windows;
- ``whole-mean``: the mean over the 12 cached patches (issue #9's author's protocol was every patch);
- ``spread-k``: k patches spread evenly over the whole track (a patch centred at (i + 0.5) / k of it);
- ``loud-k``: the same, but a patch quieter than the track's median patch by more than 6 dB is
  replaced by its loudest neighbour within ±2 patches;
- ``centred``: the learned part minus a reference mean (of the FIRST cache given: dev), as sonic is z-scored;
  ``z``: also divided by the reference std per dimension.

Protocol (eval/README.md): choose on dev caches only; a held-out cache may only be reported.
Usage, per corpus: ``scripts/musicnn_placement.py cache CORPUS CACHE`` and ``... cache-centred CORPUS
cen-CACHE`` (beside it: the encoder's own centred picks of its windows' patches, ``centred-k``); then
``... sweep DEV DEVREAL DEV+DEVREAL`` and ``... choose DEV+DEVREAL`` (eval/musicnn-placement-dev.txt).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from musicnn_sweep import hits, interval, pick  # noqa: E402


def native_rate(path: Path) -> int:
    import av

    try:
        with av.open(str(path)) as container:
            return int(container.streams.audio[0].rate or 44100)
    except av.error.FFmpegError:  # a file only libsndfile reads (decode_audio falls back to it too)
        import soundfile

        return int(soundfile.info(str(path)).samplerate)


def cache(corpus: Path, out: Path) -> None:
    import torch

    from avrec_desktop.encoders.musicnn_frontend import patch_count, patches, patches_at, resample_to_16k
    from avrec_desktop.encoders.musicnn_model import load_musicnn
    from avrec_desktop.encoders.sonic import SonicEncoder
    from avrec_desktop.evaluation.similarity import collect
    from avrec_desktop.media.audio import audio_clip, decode_audio

    torch.set_num_threads(1)
    out.mkdir(parents=True, exist_ok=True)
    sonic, msd = SonicEncoder(), load_musicnn("MSD", None, "cpu")

    def net(x: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return np.concatenate([msd(torch.from_numpy(np.ascontiguousarray(x[s:s + 16])))[1].float().numpy()
                                   for s in range(0, len(x), 16)])

    files = collect(corpus)
    for i, (path, label) in enumerate(files):
        dest = out / f"{hashlib.sha1(str(path).encode()).hexdigest()[:16]}.npz"
        if dest.exists():
            continue
        t0 = time.process_time()
        clip = audio_clip(path)
        vector = sonic.encode([clip])[0]
        waves = [resample_to_16k(np.asarray(w, np.float32), int(clip.sample_rate)) for w in clip.windows
                 if np.asarray(w).size]
        every = [(w, j) for w, wave in enumerate(waves) for j in range(patch_count(wave.size))]
        keep = sorted(set(pick(len(every), 3).tolist()))  # today's 3 patches
        win = np.concatenate([patches_at(waves[w], [j]) for w, j in (every[k] for k in keep)])
        win_pen = net(win)
        t1 = time.process_time()
        rate = native_rate(path)
        whole = resample_to_16k(decode_audio(path, sr=rate), rate)
        total = patch_count(whole.size)
        loud = np.array([_loudness(whole, j) for j in range(total)])
        grid = grid_index(total)
        extra = sorted(set(loud_index(loud, 3).tolist()) - set(grid.tolist()))
        keep_full = np.array(sorted(set(grid.tolist()) | set(extra)))
        full_pen = net(patches_at(whole, keep_full.tolist()))
        t2 = time.process_time()
        np.savez(dest, path=str(path), label=label, sonic=vector, win_pen=win_pen, win_idx=np.array(keep),
                 win_total=len(every), full_pen=full_pen, full_idx=keep_full, full_total=total, full_loud=loud,
                 duration=clip.duration, rate=rate, t_indexer=t1 - t0, t_full=t2 - t1)
        print(i, len(files), label, f"{total} patches ({len(keep_full)} run), {t2 - t0:.1f} CPU-s", flush=True)


GRID = 12  # whole-track patches cached per track: at (j + 0.5) / GRID of it (every patch of a short one)


def grid_index(total: int) -> np.ndarray:
    return spread_index(total, GRID)


def _loudness(wave16k: np.ndarray, j: int) -> float:
    """Patch j's loudness in dB (RMS of its 3 s of samples): cheap, no spectrogram needed."""
    from avrec_desktop.encoders.musicnn_frontend import HOP, PATCH_FRAMES

    seg = wave16k[j * PATCH_FRAMES * HOP:(j + 1) * PATCH_FRAMES * HOP]
    return float(10 * np.log10(np.mean(np.square(seg, dtype=np.float64)) + 1e-10)) if seg.size else -100.0


def centred_picks(total: int, k: int) -> np.ndarray:
    """k of ``total`` back-to-back patches at (i + 0.5) / k of the list: the encoder's ``patch_picks``."""
    from avrec_desktop.encoders.sonic_musicnn import patch_picks

    return np.asarray(patch_picks(total, k), dtype=int)


def cache_centred(corpus: Path, out: Path, counts=(3, 4, 5, 6)) -> None:
    """Per track, the penultimates of the windows' patches that ``centred_picks`` keeps for each count
    (the indexer's clip and resampler exactly: the placement the encoder could switch to at no decode cost)."""
    import torch

    from avrec_desktop.encoders.musicnn_frontend import patch_count, patches_at, resample_to_16k
    from avrec_desktop.encoders.musicnn_model import load_musicnn
    from avrec_desktop.evaluation.similarity import collect
    from avrec_desktop.media.audio import audio_clip

    torch.set_num_threads(1)
    out.mkdir(parents=True, exist_ok=True)
    msd = load_musicnn("MSD", None, "cpu")
    files = collect(corpus)
    for i, (path, label) in enumerate(files):
        dest = out / f"{hashlib.sha1(str(path).encode()).hexdigest()[:16]}.npz"
        if dest.exists():
            continue
        t0 = time.process_time()
        clip = audio_clip(path)
        waves = [resample_to_16k(np.asarray(w, np.float32), int(clip.sample_rate)) for w in clip.windows
                 if np.asarray(w).size]
        every = [(w, j) for w, wave in enumerate(waves) for j in range(patch_count(wave.size))]
        keep = sorted(set().union(*(set(centred_picks(len(every), k).tolist()) for k in counts)))
        x = np.concatenate([patches_at(waves[w], [j]) for w, j in (every[k] for k in keep)])
        with torch.inference_mode():
            pen = msd(torch.from_numpy(np.ascontiguousarray(x)))[1].float().numpy()
        np.savez(dest, path=str(path), label=label, cen_pen=pen, cen_idx=np.array(keep), cen_total=len(every))
        print(i, len(files), label, f"{len(keep)} patches, {time.process_time() - t0:.1f} CPU-s", flush=True)


def load(folder: Path) -> list[dict]:
    rows = [dict(np.load(f, allow_pickle=False)) for f in sorted(Path(folder).glob("*.npz"))]
    return sorted(rows, key=lambda r: str(r["path"]))


def load_with_centred(folder: Path) -> list[dict]:
    """``load(folder)``, each row joined with its row of the sibling ``cen-<name>`` cache when there is one."""
    rows = load(folder)
    sibling = folder.parent / f"cen-{folder.name}"
    if sibling.is_dir():
        cen = {str(r["path"]): r for r in load(sibling)}
        for row in rows:
            row.update(cen.get(str(row["path"]), {}))
    return rows


def spread_index(total: int, k: int) -> np.ndarray:
    """k patch indices centred at (i + 0.5) / k of the track (all of them when it has no more than k)."""
    if total <= k:
        return np.arange(total)
    return np.minimum(total - 1, np.floor((np.arange(k) + 0.5) / k * total)).astype(int)


def loud_index(loud: np.ndarray, k: int, margin: float = 6.0, reach: int = 2) -> np.ndarray:
    idx = spread_index(len(loud), k)
    floor = np.median(loud) - margin
    out = []
    for i in idx:
        if loud[i] < floor:
            lo, hi = max(0, i - reach), min(len(loud), i + reach + 1)
            i = lo + int(np.argmax(loud[lo:hi]))
        out.append(i)
    return np.asarray(out)


def variant(row: dict, name: str) -> np.ndarray:
    """One track's pooled penultimate under a placement ``name`` (see the module docstring)."""
    loud, total = row["full_loud"], int(row["full_total"])
    at = {int(i): j for j, i in enumerate(row["full_idx"])}

    def pens(idx) -> np.ndarray:  # nearest cached patch (the grid holds spread-k's exactly for k = 2, 3, 6, 12)
        keys = np.array(sorted(at))
        return row["full_pen"][[at[int(keys[np.argmin(np.abs(keys - i))])] for i in idx]]

    if name == "whole-mean":
        return pens(grid_index(total)).mean(0)
    kind, _, k = name.rpartition("-")
    if kind == "windows":
        at = {int(i): j for j, i in enumerate(row["win_idx"])}
        return row["win_pen"][[at[int(i)] for i in pick(int(row["win_total"]), int(k))]].mean(0)
    if kind == "centred":  # from the cache-centred sibling cache (windows' patches at (i + 0.5) / k)
        at = {int(i): j for j, i in enumerate(row["cen_idx"])}
        return row["cen_pen"][[at[int(i)] for i in centred_picks(int(row["cen_total"]), int(k))]].mean(0)
    if kind == "spread":
        return pens(spread_index(total, int(k))).mean(0)
    if kind == "loud":
        return pens(loud_index(loud, int(k))).mean(0)
    raise ValueError(name)


def sweep(folders: list[Path], weights=(0.4, 0.5, 0.6, 0.7)) -> None:
    from avrec_desktop.encoders.sonic_musicnn import fuse

    reference = None
    for folder in folders:  # "A+B": the two caches as one corpus (their labels are distinct)
        rows = sorted((r for part in str(folder).split("+") for r in load_with_centred(Path(part))),
                      key=lambda r: str(r["path"]))
        centred = [f"centred-{k}" for k in (3, 4, 5, 6)] if all("cen_pen" in r for r in rows) else []
        names = ["whole-mean", "windows-3", *centred, *[f"spread-{k}" for k in (2, 3, 4, 6, 12)], "loud-3"]
        labels = [str(r["label"]) for r in rows]
        sonic = np.stack([r["sonic"] for r in rows]).astype(np.float64)
        lengths = np.array([int(r["full_total"]) for r in rows])
        print(f"== {folder}: {len(rows)} tracks, {len(set(labels))} labels, median {np.median(lengths):.0f} "
              f"patches; median CPU-s indexer path {np.median([float(r['t_indexer']) for r in rows]):.2f}")
        h_sonic = hits(sonic, labels)
        base = {n: np.stack([variant(r, n) for r in rows]) for n in names}
        if reference is None:  # the first (dev) corpus' means and stds
            reference = {n: (v.mean(0), v.std(0) + 1e-3) for n, v in base.items()}
        reference.update({n: (v.mean(0), v.std(0) + 1e-3) for n, v in base.items() if n not in reference})
        ref_fused = hits(fuse(sonic, base["windows-3"], 0.5, 0.5), labels)
        ref_alone = hits(base["windows-3"], labels)
        print(f"sonic {h_sonic.mean():.3f}; today (windows-3, W 0.5) fused {ref_fused.mean():.3f}")
        print(f"{'placement':<14} {'alone':>18} {'centred':>7} {'z':>5} | fused by W: "
              + " ".join(f"{w:>13}" for w in weights) + " | fused W 0.5: centred, z")
        for n in names:
            h_alone = hits(base[n], labels)
            lo, hi = interval(h_alone, ref_alone)
            alone = f"{h_alone.mean():.3f}[{lo:+.2f},{hi:+.2f}]"
            centred = base[n] - reference[n][0]
            z = centred / reference[n][1]
            cells = []
            for w in weights:
                h = hits(fuse(sonic, base[n], 1 - w, w), labels)
                lo, hi = interval(h, ref_fused)
                cells.append(f"{h.mean():.3f}[{lo:+.2f},{hi:+.2f}]")
            extra = []
            for v in (centred, z):
                hc = hits(fuse(sonic, v, 0.5, 0.5), labels)
                lo, hi = interval(hc, ref_fused)
                extra.append(f"{hc.mean():.3f}[{lo:+.2f},{hi:+.2f}]")
            print(f"{n:<14} {alone} {hits(centred, labels).mean():7.3f} {hits(z, labels).mean():5.3f} | "
                  f"{' '.join(cells)} | {' '.join(extra)}")


def choose(folder: str, counts=(3, 4, 5, 6), weights=(0.4, 0.5, 0.6, 0.7, 0.8)) -> None:
    """The choice, on the (pooled) dev caches: fused precision@5 of ``centred-k`` (the placement the encoder
    can use at no extra decoding) for every count x weight, each with the 95% paired-bootstrap interval of
    its difference from the best setting; the rule (eval/README.md) takes the cheapest count, then the
    weight nearest 0.5, whose interval includes 0."""
    from avrec_desktop.encoders.sonic_musicnn import fuse

    rows = sorted((r for part in folder.split("+") for r in load_with_centred(Path(part))),
                  key=lambda r: str(r["path"]))
    labels = [str(r["label"]) for r in rows]
    sonic = np.stack([r["sonic"] for r in rows]).astype(np.float64)
    grid = {(n, w): hits(fuse(sonic, np.stack([variant(r, n) for r in rows]), 1 - w, w), labels)
            for n in ["windows-3", *[f"centred-{k}" for k in counts]] for w in weights}
    best = max(grid, key=lambda key: grid[key].mean())
    print(f"{folder}: {len(rows)} tracks; best {best[0]} W {best[1]}: {grid[best].mean():.3f}")
    for n in ["windows-3", *[f"centred-{k}" for k in counts]]:
        cells = []
        for w in weights:
            lo, hi = interval(grid[n, w], grid[best])
            cells.append(f"{grid[n, w].mean():.3f}{'*' if hi < 0 else ' '}[{lo:+.3f},{hi:+.3f}]")
        print(f"{n:<10} " + " ".join(cells))
    print("(* = the interval of the difference from the best excludes 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    cc = sub.add_parser("cache-centred")
    cc.add_argument("corpus", type=Path)
    cc.add_argument("out", type=Path)
    c = sub.add_parser("cache")
    c.add_argument("corpus", type=Path)
    c.add_argument("out", type=Path)
    s = sub.add_parser("sweep")
    s.add_argument("cache", type=Path, nargs="+",
                   help="dev cache first (its means centre every corpus); A+B: two caches as one corpus")
    ch = sub.add_parser("choose")
    ch.add_argument("cache", help="the dev caches, A+B")
    args = parser.parse_args()
    if args.step == "choose":
        choose(args.cache)
    elif args.step == "cache-centred":
        cache_centred(args.corpus, args.out)
    elif args.step == "cache":
        cache(args.corpus, args.out)
    else:
        sweep(args.cache)


if __name__ == "__main__":
    main()

"""Compute the ``sonic`` reference constants from real music, and measure how well the descriptor groups it.

Why: raw features live on very different scales (Hz, dB, ratios). The encoder z-scores each one with a
reference mean and standard deviation measured here over a real music collection, so that no single feature
dominates distances. Re-run this whenever the feature layout changes; the encoder version follows the
constants automatically (it hashes them), so every stored ``sonic`` vector is re-encoded after a change.

    python -m avrec_desktop.encoders.sonic_calibrate write  DIR [DIR ...]   # rewrite sonic_reference.py
    python -m avrec_desktop.encoders.sonic_calibrate evaluate DIR [DIR ...] # same-label precision@5
    python -m avrec_desktop.encoders.sonic_calibrate baseline DIR [DIR ...] # the plain librosa descriptor

``--weights timbre=1.5,rhythm=0.5`` sets group weights (``write``: stored; ``evaluate``: tried). The
baseline is STACK.md's "plain librosa descriptor" (mean/std of 20 MFCC, chroma, spectral contrast, centroid,
RMS over the first 120 s, z-scored over the corpus, cosine); it needs librosa and its numba JIT.

Labels for ``evaluate`` are the names of the folders holding the files (``DIR/<label>/<file>``). Files
are decoded exactly as the indexer does (``media.audio.audio_clip``) and duplicates (same bytes) counted once.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import pprint
import sys
import time
from pathlib import Path

import numpy as np

from .sonic_features import FEATURE_GROUPS, FEATURE_NAMES, GROUPS, track_features

log = logging.getLogger(__name__)

AUDIO_SUFFIXES = {".mp3", ".ogg", ".oga", ".opus", ".flac", ".wav", ".m4a", ".aac", ".wma", ".aiff", ".aif"}
REFERENCE_FILE = Path(__file__).with_name("sonic_reference.py")


def collect(dirs: list[Path]) -> list[tuple[Path, str]]:
    """Audio files under ``dirs`` with their label (parent folder name), duplicates by content dropped."""
    seen: set[str] = set()
    found = []
    for root in dirs:
        for path in sorted(Path(root).rglob("*")):
            if path.suffix.lower() not in AUDIO_SUFFIXES or not path.is_file():
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                found.append((path, path.parent.name))
    return found


def raw_matrix(files: list[tuple[Path, str]]) -> tuple[np.ndarray, np.ndarray, float]:
    """Raw features of every file, their labels, and the CPU seconds spent in feature extraction."""
    from avrec_desktop.media.audio import audio_clip

    rows, labels, cpu = [], [], 0.0
    for path, label in files:
        clip = audio_clip(path)
        start = time.process_time()
        rows.append(track_features(clip.windows, clip.sample_rate))
        cpu += time.process_time() - start
        labels.append(label)
    return np.array(rows), np.array(labels), cpu


def baseline(files: list[tuple[Path, str]]) -> dict:
    """Precision@5 of the plain librosa descriptor on the same files, for comparison."""
    import librosa

    from avrec_desktop.media.audio import decode_audio

    rows, labels = [], []
    for path, label in files:
        y = decode_audio(path, seconds=120.0)
        mag = np.abs(librosa.stft(y))
        mel = librosa.power_to_db(librosa.feature.melspectrogram(S=mag**2, sr=22050))
        parts = (
            librosa.feature.mfcc(S=mel, n_mfcc=20),
            librosa.feature.chroma_stft(S=mag**2, sr=22050),
            librosa.feature.spectral_contrast(S=mag, sr=22050),
            librosa.feature.spectral_centroid(S=mag, sr=22050),
            librosa.feature.rms(S=mag),
        )
        rows.append(np.concatenate([np.r_[p.mean(axis=1), p.std(axis=1)] for p in parts]))
        labels.append(label)
    raw, labels = np.array(rows), np.array(labels)
    z = (raw - raw.mean(axis=0)) / np.maximum(raw.std(axis=0), 1e-12)
    overall, per_label = precision_at_k(z, labels)
    return {"precision_at_5": overall, "per_label": per_label,
            "macro_precision_at_5": float(np.mean(list(per_label.values()))), "chance": chance_precision(labels)}


def reference_from(raw: np.ndarray, sources: list[str], weights: dict[str, float] | None = None) -> dict:
    """Mean and standard deviation per feature (a floor keeps constant features from exploding)."""
    mean = raw.mean(axis=0)
    std = np.maximum(raw.std(axis=0), 1e-6 + 1e-3 * np.abs(mean))
    return {
        "feature_names": list(FEATURE_NAMES),
        "feature_groups": list(FEATURE_GROUPS),
        "group_weights": {group: float((weights or {}).get(group, 1.0)) for group in GROUPS},
        "mean": [float(f"{v:.6g}") for v in mean],
        "std": [float(f"{v:.6g}") for v in std],
        "n_tracks": int(raw.shape[0]),
        "sources": sources,
    }


def write_reference(reference: dict, path: Path = REFERENCE_FILE) -> None:
    text = (
        '"""Reference constants of the ``sonic`` descriptor. GENERATED by ``sonic_calibrate.py write``: do not edit.\n\n'
        "Changing them changes the encoder version (``sonic.py`` hashes them), so stored vectors are redone.\n"
        '"""\n\n'
        f"REFERENCE = {pprint.pformat(reference, width=110, compact=True, sort_dicts=False)}\n"
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def precision_at_k(vectors: np.ndarray, labels: np.ndarray, k: int = 5) -> tuple[float, dict[str, float]]:
    """Mean share of same-label items among each item's k nearest neighbours by cosine (itself excluded)."""
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    sim = unit @ unit.T
    np.fill_diagonal(sim, -np.inf)
    nearest = np.argsort(-sim, axis=1)[:, :k]
    hits = (labels[nearest] == labels[:, None]).mean(axis=1)
    return float(hits.mean()), {str(lab): float(hits[labels == lab].mean()) for lab in np.unique(labels)}


def chance_precision(labels: np.ndarray) -> float:
    """Expected precision@k of a random ranking: P(another item has the same label)."""
    n = labels.size
    counts = np.unique(labels, return_counts=True)[1]
    return float((counts * (counts - 1)).sum() / (n * (n - 1)))


def evaluate(files: list[tuple[Path, str]], weights: dict[str, float] | None = None) -> dict:
    """Precision@5 of the encoder (as installed, or with other group ``weights``) and of each group alone."""
    from .sonic import SonicEncoder, load_reference, standardise

    raw, labels, cpu = raw_matrix(files)
    reference = load_reference()
    if weights:
        reference = {**reference, "group_weights": {**reference["group_weights"], **weights}}
    encoder = SonicEncoder(reference)
    vectors = np.stack([standardise(row, encoder.reference) for row in raw])
    overall, per_label = precision_at_k(vectors, labels)
    groups = np.array(FEATURE_GROUPS)
    by_group = {g: precision_at_k(vectors[:, groups == g], labels)[0] for g in GROUPS}
    return {
        "tracks": int(labels.size),
        "labels": {str(lab): int((labels == lab).sum()) for lab in np.unique(labels)},
        "precision_at_5": overall,
        "per_label": per_label,
        "macro_precision_at_5": float(np.mean(list(per_label.values()))),
        "chance": chance_precision(labels),
        "group_alone": by_group,
        "feature_cpu_seconds_total": cpu,
        "encoder": f"{encoder.name} {encoder.version}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("write", "evaluate", "baseline"))
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--weights", default="", help="group weights, e.g. timbre=1.5,rhythm=0.5")
    args = parser.parse_args(argv)
    weights = {k: float(v) for k, v in (item.split("=") for item in args.weights.split(",") if item)}
    files = collect(args.dirs)
    if not files:
        parser.error("no audio files found")
    if args.action == "write":
        raw, _, _ = raw_matrix(files)
        sources = sorted({f"{path.parent.parent.name}/{label}" for path, label in files})
        write_reference(reference_from(raw, sources, weights))
        sys.stdout.write(f"wrote {REFERENCE_FILE} from {len(files)} tracks\n")
    elif args.action == "baseline":
        sys.stdout.write(pprint.pformat(baseline(files), sort_dicts=False) + "\n")
    else:
        sys.stdout.write(pprint.pformat(evaluate(files, weights), sort_dicts=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

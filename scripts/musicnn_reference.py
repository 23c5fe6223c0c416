"""Produce tests/fixtures/musicnn_reference.npz: what the ORIGINAL MusiCNN (TensorFlow) says on three real files.

This is the reference the torch port is tested against (tests/test_musicnn_parity.py). It runs once, by
hand, in a THROWAWAY venv - never in the project's venv, and neither TensorFlow nor the ``musicnn`` package
is ever a dependency of the project:

    python3 -m venv /tmp/tfenv
    /tmp/tfenv/bin/pip install tensorflow-cpu==2.21.0 tf-keras==2.21.0 librosa
    pip download --no-deps musicnn==0.1.0 -d /tmp/musicnn_wheel   # sha256 f38a4890c648c1dd...
    /tmp/tfenv/bin/pip install --no-deps /tmp/musicnn_wheel/musicnn-0.1.0-py3-none-any.whl
    TF_USE_LEGACY_KERAS=1 /tmp/tfenv/bin/python scripts/musicnn_reference.py [--data ../shared/data/music]

(Keras 3 has no ``tf.compat.v1.layers``; ``TF_USE_LEGACY_KERAS=1`` makes TF use tf-keras, which has.)

What it does, per file: load the audio as the original extractor does (``librosa.load(sr=16000)``, mono),
compute the mel power with the extractor's exact call (``melspectrogram(n_fft=512, hop_length=256,
n_mels=96)``), cut it into back-to-back 187-frame patches, build the wheel's own graph
(``musicnn.models.define_model``) and restore the wheel's ``MSD_musicnn`` and ``MTT_musicnn`` checkpoints,
then keep the sigmoid tag probabilities and the 200-d "penultimate" layer (the batch-normalised dense
layer) for every patch.

One deliberate difference from ``musicnn.extractor.batch_data``: it rounds the mel power to float16 before
``log10(10000 * mel + 1)``, and 10000 * float16 overflows to inf for any mel bin above ~6.55 - which loud
real music has (the counts are recorded as ``f16_inf_patches``: nearly every patch of the three files), and
TF's outputs are then NaN. The patches here use the same formula in float32. The script also records how
far TF's outputs on the stored patches move when only the float16 rounding of the mel power is kept (log
taken in float32, no overflow): ``<model>_f16_effect`` = max |diff| of (tags, penultimate).

Kept in the fixture (float32, compressed, well under 1.5 MB): 3 patches per file spread over the track
(at 20/50/80 %), their TF outputs for both models, and per file the mean over ALL its patches of the
penultimate vector and of the tag probabilities (for the end-to-end test), plus tag and file names and
the versions used.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

FILES = ("asc/machine_wars.mp3", "singularity/Awakening.ogg", "singularity/Coherence.ogg")
MODELS = ("MSD", "MTT")
SR, N_FFT, HOP, N_MELS, PATCH = 16000, 512, 256, 96, 187
KEEP_AT = (0.2, 0.5, 0.8)  # where in the track the stored patches are
SUB_STEP = 4  # ``*_sub_mean_*``: the mean over every 4th patch (0, 4, 8, ...), a cheaper end-to-end check
BATCH = 32
ROOT = Path(__file__).resolve().parents[1]


def mel_power(path: Path):
    import librosa

    audio, sr = librosa.load(str(path), sr=SR)  # the extractor's call: mono, librosa's default resampler
    mel = librosa.feature.melspectrogram(y=audio, sr=sr, hop_length=HOP, n_fft=N_FFT, n_mels=N_MELS).T
    return audio, mel.astype(np.float32)


def cut(spec: np.ndarray) -> np.ndarray:
    starts = range(0, spec.shape[0] - PATCH + 1, PATCH)
    return np.stack([spec[s:s + PATCH] for s in starts]).astype(np.float32)


def f32_patches(mel: np.ndarray) -> np.ndarray:
    return cut(np.log10(1.0 + 10000.0 * mel).astype(np.float32))


def f16_patches(mel: np.ndarray) -> np.ndarray:
    """The extractor's exact arithmetic (float16 throughout, inf where it overflows)."""
    with np.errstate(over="ignore"):
        rep = mel.astype(np.float16)
        rep = np.log10(10000 * rep + 1)
    return cut(rep.astype(np.float32))


class Reference:
    """The wheel's TF1 graph with one checkpoint restored."""

    def __init__(self, name: str):
        import tensorflow as tf
        from musicnn import models

        tf.compat.v1.disable_eager_execution()
        self.tf = tf
        self.graph = tf.Graph()
        with self.graph.as_default():
            with tf.name_scope("model"):
                self.x = tf.compat.v1.placeholder(tf.float32, [None, PATCH, N_MELS])
                self.is_training = tf.compat.v1.placeholder(tf.bool)
                out = models.define_model(self.x, self.is_training, f"{name}_musicnn", 50)
                logits, _timbral, _temporal, _c1, _c2, _c3, _mean, _max, penultimate = out
                self.fetch = [tf.nn.sigmoid(logits), penultimate]
            self.sess = tf.compat.v1.Session(graph=self.graph)
            saver = tf.compat.v1.train.Saver()
            ckpt = os.path.join(os.path.dirname(models.__file__), f"{name}_musicnn") + "/"
            saver.restore(self.sess, ckpt)  # raises if the checkpoint is missing: no silent random weights

    def __call__(self, patches: np.ndarray):
        tags, pen = [], []
        for i in range(0, len(patches), BATCH):
            t, p = self.sess.run(self.fetch, {self.x: patches[i:i + BATCH], self.is_training: False})
            tags.append(t)
            pen.append(p)
        return np.concatenate(tags).astype(np.float32), np.concatenate(pen).astype(np.float32)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "music")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "musicnn_reference.npz")
    args = ap.parse_args(argv)

    import librosa
    import tensorflow as tf
    from musicnn import configuration

    nets = {m: Reference(m) for m in MODELS}
    out: dict[str, np.ndarray] = {
        "files": np.array(FILES),
        "msd_tags": np.array(configuration.MSD_LABELS),
        "mtt_tags": np.array(configuration.MTT_LABELS),
        "librosa_version": np.array(librosa.__version__),
        "tensorflow_version": np.array(tf.__version__),
        "numpy_version": np.array(np.__version__),
    }
    kept_patches, kept_index, kept_file, n_patches, inf_patches, samples = [], [], [], [], [], []
    kept = {m: ([], []) for m in MODELS}
    means = {m: ([], []) for m in MODELS}
    sub_means = {m: ([], []) for m in MODELS}
    f16_effect = {m: [0.0, 0.0] for m in MODELS}
    for fi, rel in enumerate(FILES):
        audio, mel = mel_power(args.data / rel)
        pats = f32_patches(mel)
        p16 = f16_patches(mel)
        idx = sorted({min(len(pats) - 1, int(round(a * (len(pats) - 1)))) for a in KEEP_AT})
        n_patches.append(len(pats))
        samples.append(audio.size)
        inf_patches.append(int((~np.isfinite(p16).all(axis=(1, 2))).sum()))
        kept_patches.append(pats[idx])
        kept_index.extend(idx)
        kept_file.extend([fi] * len(idx))
        rounded = f32_patches(mel.astype(np.float16).astype(np.float32))[idx]
        for m, net in nets.items():
            tags, pen = net(pats)
            kept[m][0].append(tags[idx])
            kept[m][1].append(pen[idx])
            means[m][0].append(tags.mean(axis=0))
            means[m][1].append(pen.mean(axis=0))
            sub_means[m][0].append(tags[::SUB_STEP].mean(axis=0))
            sub_means[m][1].append(pen[::SUB_STEP].mean(axis=0))
            t16, q16 = net(rounded)
            f16_effect[m][0] = max(f16_effect[m][0], float(np.abs(t16 - tags[idx]).max()))
            f16_effect[m][1] = max(f16_effect[m][1], float(np.abs(q16 - pen[idx]).max()))
        print(f"{rel}: {audio.size / SR:.1f} s, {len(pats)} patches, kept {idx}, "
              f"{inf_patches[-1]} overflow to inf in float16", file=sys.stderr)
    out["patches"] = np.concatenate(kept_patches)
    out["patch_file"] = np.array(kept_file, np.int32)
    out["patch_index"] = np.array(kept_index, np.int32)
    out["n_patches"] = np.array(n_patches, np.int32)
    out["n_samples"] = np.array(samples, np.int64)
    out["sub_step"] = np.array(SUB_STEP, np.int32)
    out["f16_inf_patches"] = np.array(inf_patches, np.int32)
    for m in MODELS:
        k = m.lower()
        out[f"{k}_probs"] = np.concatenate(kept[m][0])
        out[f"{k}_penultimate"] = np.concatenate(kept[m][1])
        out[f"{k}_mean_probs"] = np.stack(means[m][0]).astype(np.float32)
        out[f"{k}_mean_penultimate"] = np.stack(means[m][1]).astype(np.float32)
        out[f"{k}_sub_mean_probs"] = np.stack(sub_means[m][0]).astype(np.float32)
        out[f"{k}_sub_mean_penultimate"] = np.stack(sub_means[m][1]).astype(np.float32)
        out[f"{k}_f16_effect"] = np.array(f16_effect[m], np.float32)  # max |diff| tags, penultimate
        print(f"{m}: float16 rounding moves tags by <= {f16_effect[m][0]:.2e}, penultimate by "
              f"<= {f16_effect[m][1]:.2e}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

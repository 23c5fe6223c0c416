"""The naive audio-similarity baseline every learned or hand-made descriptor has to beat (issue #9, section 5).

What it is, exactly: over the first 120 s of a track (mono, 22.05 kHz, decoded like the app does; |STFT|
with librosa's defaults: 2048-point Hann frames every 512 samples), the mean and standard deviation over
frames of 20 MFCC, 12 chroma bins, 7 spectral-contrast bands, the spectral centroid and RMS — 82 numbers —
then each number z-scored over the corpus being evaluated, compared by cosine. Nothing in it is tuned, so it
means the same on the dev and the held-out corpus.

Evaluation code only: the app never imports it (librosa's numba kernels compile for ~40 CPU-s on first import).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

SECONDS = 120.0
SAMPLE_RATE = 22050
N_MFCC = 20
N_FFT, HOP = 2048, 512  # librosa's defaults
PARTS = (("mfcc", N_MFCC), ("chroma", 12), ("contrast", 7), ("centroid", 1), ("rms", 1))
DIM = 2 * sum(n for _, n in PARTS)


def features(samples: np.ndarray, sr: int = SAMPLE_RATE) -> np.ndarray:
    """The 82 raw numbers of one track: [mean, std] of each part in ``PARTS`` order (float64)."""
    import librosa

    y = np.asarray(samples, dtype=np.float32)[: int(SECONDS * sr)]
    if y.size < 2048:  # shorter than one analysis frame: pad with silence rather than fail
        y = np.pad(y, (0, 2048 - y.size))
    mag = stft_magnitude(y)
    power = mag ** 2
    mel_db = librosa.power_to_db(librosa.feature.melspectrogram(S=power, sr=sr))
    parts = (
        librosa.feature.mfcc(S=mel_db, n_mfcc=N_MFCC),
        librosa.feature.chroma_stft(S=power, sr=sr),
        librosa.feature.spectral_contrast(S=mag, sr=sr),
        librosa.feature.spectral_centroid(S=mag, sr=sr),
        librosa.feature.rms(S=mag),
    )
    row = np.concatenate([np.r_[p.mean(axis=1), p.std(axis=1)] for p in parts]).astype(np.float64)
    return np.nan_to_num(row)


def stft_magnitude(y: np.ndarray, n_fft: int = N_FFT, hop: int = HOP) -> np.ndarray:
    """|STFT| exactly as ``np.abs(librosa.stft(y))`` computes it (centred, zero-padded, periodic Hann), in numpy.

    Why not librosa's: its first ``stft`` call JIT-compiles numba kernels for ~36 CPU-s on a cold cache, which a
    test (or a fresh checkout) pays every run; the feature functions below take the spectrogram instead.
    """
    y = np.pad(np.asarray(y, dtype=np.float32), n_fft // 2)
    frames = 1 + (y.size - n_fft) // hop
    index = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)).astype(np.float32)
    return np.abs(np.fft.rfft(y[index] * window, axis=1)).T.astype(np.float32)


def track_features(path: str | Path) -> np.ndarray:
    """``features`` of a file, decoded through the app's own decoder (``media.audio.decode_audio``)."""
    from avrec_desktop.media.audio import decode_audio

    return features(decode_audio(path, sr=SAMPLE_RATE, seconds=SECONDS), SAMPLE_RATE)


def zscore(raw: np.ndarray) -> np.ndarray:
    """Each column z-scored over the corpus (a constant column becomes 0, not NaN)."""
    raw = np.asarray(raw, dtype=np.float64)
    std = raw.std(axis=0)
    return (raw - raw.mean(axis=0)) / np.where(std > 1e-12, std, 1.0)


def vectors(paths: Iterable[str | Path]) -> np.ndarray:
    """The baseline's vectors of a corpus (rows in ``paths`` order), ready for cosine."""
    return zscore(np.stack([track_features(p) for p in paths]))

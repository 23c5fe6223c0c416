"""Real-length generated music for the worker benchmarks: each track a chord, a beat and some noise
that change every few seconds (so windows differ), tagged in its file name; mono 22.05 kHz WAV."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 22050


def track_samples(seconds: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    t = np.arange(n, dtype=np.float32) / RATE
    out = np.zeros(n, np.float32)
    section = int(4 * RATE)
    for start in range(0, n, section):
        stop = min(n, start + section)
        root = 110.0 * 2 ** (rng.integers(0, 24) / 12)
        for ratio in (1.0, 1.26, 1.5):
            out[start:stop] += 0.12 * np.sin(2 * np.pi * root * ratio * t[start:stop])
    tempo = 70 + (seed * 7) % 90
    beat = (np.floor(t * tempo / 60) != np.floor((t - 1 / RATE) * tempo / 60))
    kick = np.convolve(beat.astype(np.float32), np.exp(-np.arange(2000) / 300.0).astype(np.float32))[:n]
    out += 0.3 * kick * np.sin(2 * np.pi * 60 * t)
    out += 0.02 * (1 + seed % 5) * rng.standard_normal(n).astype(np.float32)
    return np.clip(out, -1, 1)


def write_track(path: Path, seconds: float, seed: int) -> Path:
    pcm = (track_samples(seconds, seed) * 32000).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return path


def write_tracks(folder: Path, count: int, seconds: float) -> Path:
    """``count`` tracks of ``seconds`` in ``folder`` (made once: existing files are kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        path = folder / f"bench-track-{i:04d}.wav"
        if not path.exists():
            write_track(path, seconds, seed=i)
    return folder

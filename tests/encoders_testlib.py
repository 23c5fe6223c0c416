"""Helpers for the encoder and model tests: synthetic signals, frames, and a tiny random CLIP model.

The tiny CLIP (ViT width 64, 2 layers, 32 px images; text width 64, 2 layers; 32-d embeddings) is a real
open_clip model with random weights, saved to a temp folder so the real import and loading code runs on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from avrec_desktop.media.clips import AudioClip, VideoFrames

SR = 22050
TINY_ARCH = "avrec-tiny-test"
TINY_CFG = {
    "embed_dim": 32,
    "vision_cfg": {"image_size": 32, "layers": 2, "width": 64, "patch_size": 8, "head_width": 32},
    "text_cfg": {"context_length": 16, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 2},
}


def clip_of(*signals: np.ndarray, sr: int = SR) -> AudioClip:
    windows = [np.asarray(s, dtype=np.float32) for s in signals]
    return AudioClip(windows=windows, sample_rate=sr, duration=sum(w.size for w in windows) / sr)


def harmonic_tone(freq: float, seconds: float = 6.0, sr: int = SR, brightness: float = 1.0, seed: int = 0) -> np.ndarray:
    """A sawtooth-like tone (harmonics falling as 1/k^brightness) with a gentle tremolo and a little noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sr)) / sr
    x = sum(np.sin(2 * np.pi * freq * k * t) / k**brightness for k in range(1, 12) if freq * k < sr / 2)
    x *= 0.8 + 0.2 * np.sin(2 * np.pi * 0.5 * t)
    x = x / np.max(np.abs(x)) * 0.3 + rng.normal(0, 0.002, t.size)
    return x.astype(np.float32)


def white_noise(seconds: float = 6.0, sr: int = SR, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).normal(0, 0.1, int(seconds * sr))).astype(np.float32)


def click_track(bpm: float, seconds: float = 20.0, sr: int = SR) -> np.ndarray:
    """Short decaying noise bursts on every beat."""
    x = np.zeros(int(seconds * sr), dtype=np.float32)
    burst = np.random.default_rng(1).normal(0, 0.5, int(0.03 * sr)) * np.exp(-np.linspace(0, 8, int(0.03 * sr)))
    for start in np.arange(0, seconds, 60.0 / bpm):
        i = int(start * sr)
        n = min(burst.size, x.size - i)
        x[i : i + n] += burst[:n].astype(np.float32)
    return x


def video_of(colour, n: int = 8, size=(72, 96), noise: float = 12.0, seed: int = 0, keyframe_rate: float = 4.0) -> VideoFrames:
    """Frames of one colour plus noise (a stand-in for footage with a dominant palette)."""
    rng = np.random.default_rng(seed)
    frames = [
        np.clip(np.asarray(colour, np.float32)[None, None, :] + rng.normal(0, noise, (*size, 3)), 0, 255).astype(np.uint8)
        for _ in range(n)
    ]
    return VideoFrames(frames=frames, timestamps=[float(i) for i in range(n)], duration=float(n), keyframe_rate=keyframe_rate)


def tiny_clip_model(seed: int = 0):
    from avrec_desktop.encoders.torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()
    import open_clip
    import torch

    torch.manual_seed(seed)
    return open_clip.CLIP(**TINY_CFG)


def write_tiny_clip_folder(folder: Path, seed: int = 0, with_config: bool = True, name: str = "tiny_weights.pth") -> Path:
    """A folder holding random tiny-CLIP weights and (by default) its ``open_clip_config.json``."""
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    torch.save(tiny_clip_model(seed).state_dict(), folder / name)
    if with_config:
        (folder / "open_clip_config.json").write_text(json.dumps({"model_cfg": TINY_CFG, "preprocess_cfg": {}}))
    return folder


def register_tiny_arch(config_dir: Path) -> str:
    """Make ``TINY_ARCH`` an open_clip built-in architecture in this process (as a standard arch would be)."""
    from avrec_desktop.encoders.torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()
    import open_clip

    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / f"{TINY_ARCH}.json").write_text(json.dumps(TINY_CFG))
    if TINY_ARCH not in open_clip.list_models():
        open_clip.add_model_config(config_dir)
    return TINY_ARCH

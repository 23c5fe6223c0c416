"""``visual-descriptor``: the model-free ``visual`` encoder used until CLIP weights are installed.

Why: similarity between videos must work on a fresh install, with no weights and on any CPU. It describes what
a glance at the sampled keyframes tells: the palette (HSV histograms pooled over frames), light (brightness,
contrast, saturation, colourfulness), texture (edge density and strength) and pace (how much consecutive
samples differ, and the cut rate from ``VideoFrames.keyframe_rate``). Numpy only; ~1 ms per frame at the
working size of at most 96 px a side.

Scaling: there is no reference corpus of videos to calibrate against, so each scalar is centred and scaled by
fixed, documented constants (typical value, typical spread over ordinary footage) and histograms are compared
as centred square roots (Hellinger geometry). Each of the four groups is normalised to unit length before
they are joined, so each contributes equally; the whole is then L2-normalised for cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from avrec_desktop.errors import EncoderError, UnreadableMedia
from avrec_desktop.media.clips import VideoFrames

from .signatures import VISUAL_DESCRIPTOR_NAME, VISUAL_DESCRIPTOR_VERSION

WORK_SIDE = 96  # frames are subsampled to at most this many pixels a side
HUE_BINS, SAT_BINS, VAL_BINS = 12, 4, 6
# (name, typical value, typical spread) for scalar features; z = (x - typical) / spread
_LIGHT = (
    ("brightness_mean", 0.40, 0.15),
    ("brightness_spread_between_frames", 0.10, 0.07),
    ("contrast_within_frames", 0.20, 0.07),
    ("saturation_mean", 0.35, 0.15),
    ("saturation_spread_between_frames", 0.08, 0.06),
    ("colourfulness", 0.25, 0.15),
)
_TEXTURE = (
    ("edge_density", 0.15, 0.10),
    ("gradient_mean", 0.05, 0.03),
    ("fine_detail_ratio", 0.45, 0.15),
)
_PACE = (
    ("frame_change_mean", 0.20, 0.10),
    ("frame_change_spread", 0.08, 0.06),
    ("cuts_per_minute_log", 2.0, 1.0),  # log1p(keyframes per minute)
    ("duration_log", 1.5, 1.5),  # log1p(minutes)
)
GROUP_DIMS = {
    "colour": HUE_BINS + SAT_BINS + VAL_BINS,
    "light": len(_LIGHT),
    "texture": len(_TEXTURE),
    "pace": len(_PACE),
}


def _small(frame: np.ndarray) -> np.ndarray:
    """RGB float32 in [0, 1], subsampled to at most WORK_SIDE a side."""
    frame = np.asarray(frame)
    if frame.ndim != 3 or frame.shape[2] < 3 or frame.shape[0] == 0 or frame.shape[1] == 0:
        raise UnreadableMedia(f"not an RGB frame: shape {frame.shape}")
    step = max(1, int(np.ceil(max(frame.shape[:2]) / WORK_SIDE)))
    return frame[::step, ::step, :3].astype(np.float32) / 255.0


def _hsv(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    value = rgb.max(axis=-1)
    chroma = value - rgb.min(axis=-1)
    saturation = np.where(value > 1e-6, chroma / np.maximum(value, 1e-6), 0.0)
    safe = np.maximum(chroma, 1e-6)
    hue = np.where(value == r, ((g - b) / safe) % 6.0, np.where(value == g, (b - r) / safe + 2.0, (r - g) / safe + 4.0))
    return (hue / 6.0) % 1.0, saturation, value


def _frame_stats(rgb: np.ndarray) -> dict:
    hue, sat, val = _hsv(rgb)
    weight = (sat * val).ravel()  # greys and blacks carry no hue
    hue_hist = np.bincount(np.minimum((hue.ravel() * HUE_BINS).astype(int), HUE_BINS - 1), weight, HUE_BINS)
    sat_hist = np.bincount(np.minimum((sat.ravel() * SAT_BINS).astype(int), SAT_BINS - 1), minlength=SAT_BINS)
    val_hist = np.bincount(np.minimum((val.ravel() * VAL_BINS).astype(int), VAL_BINS - 1), minlength=VAL_BINS)
    grey = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    gx = np.abs(np.diff(grey, axis=1))[:-1, :] if grey.shape[1] > 1 and grey.shape[0] > 1 else np.zeros((1, 1))
    gy = np.abs(np.diff(grey, axis=0))[:, :-1] if grey.shape[1] > 1 and grey.shape[0] > 1 else np.zeros((1, 1))
    grad = np.hypot(gx, gy)
    rg, yb = rgb[..., 0] - rgb[..., 1], 0.5 * (rgb[..., 0] + rgb[..., 1]) - rgb[..., 2]
    coarse = grey[::2, ::2]
    fine_energy = float(np.var(grey)) - float(np.var(coarse)) if grey.size > 4 else 0.0
    return {
        "hue": hue_hist / max(float(hue_hist.sum()), 1e-9) if hue_hist.sum() > 1e-6 else np.zeros(HUE_BINS),
        "sat": sat_hist / max(sat_hist.sum(), 1),
        "val": val_hist / max(val_hist.sum(), 1),
        "brightness": float(val.mean()),
        "contrast": float(grey.std()),
        "saturation": float(sat.mean()),
        # Hasler & Süsstrunk (2003) colourfulness, on a 0..1 scale
        "colourfulness": float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())),
        "edge_density": float(np.mean(grad > 0.1)),
        "gradient_mean": float(grad.mean()),
        "fine_detail": float(np.clip(fine_energy / max(float(np.var(grey)), 1e-9), 0.0, 1.0)) if np.var(grey) > 1e-9 else 0.0,
        "thumb": _thumb(grey),
    }


def _thumb(grey: np.ndarray, side: int = 16) -> np.ndarray:
    """A side×side block-mean thumbnail, to compare consecutive samples regardless of frame size."""
    rows = np.array_split(np.arange(grey.shape[0]), min(side, grey.shape[0]))
    cols = np.array_split(np.arange(grey.shape[1]), min(side, grey.shape[1]))
    small = np.array([[grey[np.ix_(r, c)].mean() for c in cols] for r in rows], dtype=np.float32)
    out = np.zeros((side, side), dtype=np.float32)
    ri = np.linspace(0, small.shape[0] - 1, side).round().astype(int)
    ci = np.linspace(0, small.shape[1] - 1, side).round().astype(int)
    out[:] = small[np.ix_(ri, ci)]
    return out


def _scaled(values: dict, table) -> np.ndarray:
    return np.array([(values[name] - typical) / spread for name, typical, spread in table], dtype=np.float64)


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v)
    return v / norm if norm > 1e-12 else v


def describe(video: VideoFrames) -> dict[str, np.ndarray]:
    """The four feature groups of one video, unscaled scalars and pooled histograms."""
    if not isinstance(video, VideoFrames):
        raise EncoderError(f"visual-descriptor encodes VideoFrames items, not {type(video).__name__}")
    if not video.frames:
        raise UnreadableMedia("no frames to analyse")
    stats = [_frame_stats(_small(f)) for f in video.frames]
    brightness = np.array([s["brightness"] for s in stats])
    saturation = np.array([s["saturation"] for s in stats])
    changes = np.array([float(np.mean(np.abs(a["thumb"] - b["thumb"]))) for a, b in zip(stats, stats[1:])])
    keyframe_rate = float(video.keyframe_rate) if np.isfinite(video.keyframe_rate) else 0.0
    duration = float(video.duration) if np.isfinite(video.duration) else 0.0
    values = {
        "brightness_mean": brightness.mean(),
        "brightness_spread_between_frames": brightness.std(),
        "contrast_within_frames": np.mean([s["contrast"] for s in stats]),
        "saturation_mean": saturation.mean(),
        "saturation_spread_between_frames": saturation.std(),
        "colourfulness": np.mean([s["colourfulness"] for s in stats]),
        "edge_density": np.mean([s["edge_density"] for s in stats]),
        "gradient_mean": np.mean([s["gradient_mean"] for s in stats]),
        "fine_detail_ratio": np.mean([s["fine_detail"] for s in stats]),
        "frame_change_mean": changes.mean() if changes.size else 0.0,
        "frame_change_spread": changes.std() if changes.size else 0.0,
        "cuts_per_minute_log": np.log1p(max(keyframe_rate, 0.0)),
        "duration_log": np.log1p(max(duration, 0.0) / 60.0),
    }
    return {
        "hue": np.mean([s["hue"] for s in stats], axis=0),
        "sat": np.mean([s["sat"] for s in stats], axis=0),
        "val": np.mean([s["val"] for s in stats], axis=0),
        "values": values,
    }


def _vector(video: VideoFrames) -> np.ndarray:
    d = describe(video)
    hists = [d["hue"], d["sat"], d["val"]]
    # centred square roots: Hellinger geometry, and a flat histogram sits at the origin
    colour = np.concatenate([np.sqrt(np.maximum(h, 0.0)) - np.sqrt(1.0 / h.size) for h in hists])
    groups = [
        colour,
        np.clip(_scaled(d["values"], _LIGHT), -5, 5),
        np.clip(_scaled(d["values"], _TEXTURE), -5, 5),
        np.clip(_scaled(d["values"], _PACE), -5, 5),
    ]
    v = np.concatenate([_unit(np.nan_to_num(g)) for g in groups])
    norm = np.linalg.norm(v)
    if norm < 1e-12:
        v = np.ones_like(v)
        norm = np.linalg.norm(v)
    return (v / norm).astype(np.float32)


class VisualDescriptorEncoder:
    """The fallback ``visual`` space encoder (no weights needed)."""

    name = VISUAL_DESCRIPTOR_NAME
    version = VISUAL_DESCRIPTOR_VERSION
    space = "visual"
    batch_size = 8
    dim = sum(GROUP_DIMS.values())

    def encode(self, batch: Sequence[VideoFrames]) -> np.ndarray:
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([_vector(video) for video in batch])

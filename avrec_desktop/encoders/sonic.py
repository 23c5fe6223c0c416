"""``sonic``: the model-free audio encoder — a DSP descriptor of the whole track, compared by cosine.

Why model-free: it needs no weights, runs in ~0.4 CPU-s for a 4-minute track on one core, and is ready the
moment the worker starts (no numba JIT: see ``sonic_dsp``). It describes five groups of what a listener hears
(timbre, spectral shape, harmony, rhythm, dynamics; see ``sonic_features``).

From raw features to a vector: each feature is z-scored with reference constants measured on real music
(``sonic_reference.py``, produced by ``sonic_calibrate.py``) and clipped to ±6 so an outlier cannot take
over; each group is divided by the square root of its size (times its weight, 1 by default), so every group
contributes equally to distances whatever its number of features; the result is L2-normalised.

The version is derived from the feature layout and a hash of the constants: recalibrating changes it, and the
indexer re-encodes every track.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from avrec_desktop.errors import EncoderError, UnreadableMedia
from avrec_desktop.media.clips import AudioClip

from .signatures import SONIC_CODE_REVISION, SONIC_NAME, reference_digest  # noqa: F401 - re-exported
from .sonic_features import FEATURE_GROUPS, FEATURE_NAMES, track_features

CODE_REVISION = SONIC_CODE_REVISION  # in signatures.py, so queries know the version without scipy
Z_CLIP = 6.0


def load_reference() -> dict:
    """The committed reference constants, checked against the current feature layout."""
    from .sonic_reference import REFERENCE

    if list(REFERENCE["feature_names"]) != list(FEATURE_NAMES):
        raise EncoderError("sonic reference constants do not match the feature layout; run sonic_calibrate")
    return REFERENCE


def feature_weights(reference: dict) -> np.ndarray:
    """Per-feature multiplier: group weight / sqrt(group size)."""
    groups = np.array(reference["feature_groups"])
    weights = np.zeros(groups.size)
    for group in np.unique(groups):
        mask = groups == group
        weights[mask] = float(reference["group_weights"].get(str(group), 1.0)) / np.sqrt(mask.sum())
    return weights


def standardise(raw: np.ndarray, reference: dict) -> np.ndarray:
    """Raw features → z-scored, clipped, group-weighted, L2-normalised float32 vector."""
    mean = np.asarray(reference["mean"], dtype=np.float64)
    std = np.asarray(reference["std"], dtype=np.float64)
    z = np.clip((np.asarray(raw, dtype=np.float64) - mean) / std, -Z_CLIP, Z_CLIP)
    v = np.nan_to_num(z * feature_weights(reference))
    norm = np.linalg.norm(v)
    if norm < 1e-12:  # exactly the reference mean: any fixed unit vector will do
        v = np.full_like(v, 1.0)
        norm = np.linalg.norm(v)
    return (v / norm).astype(np.float32)


class SonicEncoder:
    """The ``audio`` space encoder. ``encode`` takes ``AudioClip`` items; batch size 1 (CPU DSP)."""

    name = SONIC_NAME
    space = "audio"
    batch_size = 1
    dim = len(FEATURE_NAMES)

    def __init__(self, reference: dict | None = None):
        self.reference = reference if reference is not None else load_reference()
        if len(self.reference["mean"]) != self.dim or list(self.reference["feature_groups"]) != FEATURE_GROUPS:
            raise EncoderError("sonic reference constants do not match the feature layout")
        self.version = f"{CODE_REVISION}.{reference_digest(self.reference)}"

    def raw_features(self, clip: AudioClip) -> dict[str, float]:
        """The unscaled features by name, for explanations ("faster", "brighter") and debugging."""
        return dict(zip(FEATURE_NAMES, self._raw(clip).tolist()))

    def encode(self, batch: Sequence[AudioClip]) -> np.ndarray:
        rows = [standardise(self._raw(clip), self.reference) for clip in batch]
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack(rows)

    def _raw(self, clip: AudioClip) -> np.ndarray:
        if not isinstance(clip, AudioClip):
            raise EncoderError(f"sonic encodes AudioClip items, not {type(clip).__name__}")
        if not clip.windows or not any(np.asarray(w).size for w in clip.windows):
            raise UnreadableMedia("no audio samples to analyse")
        if clip.sample_rate <= 0:
            raise EncoderError(f"bad sample rate {clip.sample_rate}")
        try:
            return track_features(clip.windows, clip.sample_rate)
        except (ValueError, FloatingPointError, MemoryError) as exc:
            raise EncoderError(f"sonic analysis failed: {exc}") from exc

"""What decoding hands to the encoders: an ``AudioClip`` (windows of mono samples) and ``VideoFrames``.

Why here and not in ``encoders/``: these are media's output types. Decoding (``media.audio``,
``media.video``) makes them and encoders consume them, so the dependency points one way only: encoders
import media, never the reverse (``tests/test_architecture.py`` fails on an import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class AudioClip:
    windows: list[np.ndarray]  # each mono float32 at sample_rate
    sample_rate: int
    duration: float  # of the whole file, seconds


@dataclass
class VideoFrames:
    frames: list[np.ndarray]  # RGB uint8, H x W x 3, in time order
    timestamps: list[float]  # seconds, same length as frames
    duration: float
    keyframe_rate: float = 0.0  # keyframes (≈ cuts) per minute over the whole file
    extra: dict = field(default_factory=dict)

"""What every encoder is: a name, a version, a dimension, a space, and ``encode(batch)``.

Spaces (modalities): ``audio``, ``visual``, ``text``. Every stored vector carries the encoder's name and
version; when the active encoder of a space changes (new weights, new version), items are re-encoded and
vectors of different encoders are never mixed in one index.

Inputs per space:
- audio: ``AudioClip`` (mono float32 windows at ``sample_rate`` spread through the whole file)
- visual: ``VideoFrames`` (RGB uint8 keyframes sampled through the whole video, plus timing facts)
- text: ``str`` (title, artist, album, genre and the words of the file name, already joined)
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol, Sequence, runtime_checkable

import numpy as np

if TYPE_CHECKING:  # the encoders' input types live in media/ (decoding makes them)
    from avrec_desktop.media.clips import AudioClip, VideoFrames

SPACES = ("audio", "visual", "text")


def __getattr__(name: str):
    """``encoders.base.AudioClip``/``VideoFrames`` still resolve (to ``media.clips``), without importing
    media (PyAV) for callers that only need ``SPACES`` or ``Encoder``."""
    if name in ("AudioClip", "VideoFrames"):
        from avrec_desktop.media import clips

        return getattr(clips, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@runtime_checkable
class Encoder(Protocol):
    name: str  # e.g. "sonic", "visual-descriptor", "clip-ViT-B-32", "minilm-l6"
    version: str  # bump whenever the output for the same input changes
    dim: int
    space: str  # one of SPACES
    batch_size: int  # preferred batch (1 for DSP encoders)

    def encode(self, batch: Sequence) -> np.ndarray:
        """Encode a batch of inputs to an (n, dim) float32 array, rows L2-normalised.

        Raises ``EncoderError`` (or ``UnreadableMedia`` for unusable input) for the whole batch; callers
        retry items one by one to isolate a bad one.
        """
        ...


class LazyWeights:
    """Weights loaded once, on first use, safely from several threads.

    Subclasses call ``_init_lazy()`` in ``__init__`` and implement ``_load_weights()``; ``_load()`` returns
    what it built, loading it the first time only.
    """

    def _init_lazy(self) -> None:
        self._loaded = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def _load(self):
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load_weights()
            return self._loaded

    def _load_weights(self):
        raise NotImplementedError


def mean_of_parts(vectors: np.ndarray, counts: Sequence[int]) -> np.ndarray:
    """One L2-normalised mean per item of the part vectors (frames, windows) it spans, in order:
    ``counts[i]`` consecutive rows of ``vectors`` belong to item ``i``."""
    rows, start = [], 0
    for n in counts:
        mean = vectors[start:start + n].mean(axis=0)
        rows.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        start += n
    return np.stack(rows).astype(np.float32)

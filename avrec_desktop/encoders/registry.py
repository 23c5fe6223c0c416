"""Which encoder serves each space right now, and its (name, version) signature.

- audio: ``sonic-musicnn`` (the ``sonic`` DSP descriptor fused with MusiCNN's learned embedding, weights
  shipped in the package), or ``sonic`` alone when the MusiCNN weights are missing
- visual: ``clip-<arch>`` when a CLIP model is installed (the default one in the models folder; the newest
  install unless the user chose another), else ``visual-descriptor``
- text: ``minilm-l6`` (bundled weights)
- clap (optional, only while a CLAP model is installed: ``avrec models download laion-clap-htsat-unfused``):
  ``clap``, CLAP's audio tower over music, its text tower for free-text audio search (clap.py)

Why signatures: every stored vector carries its encoder's name and version. The indexer compares them with
``encoder_signature(space)`` to decide what to re-encode, so installing CLIP weights changes the visual
signature and every video is re-encoded, with no special case. Signatures come from ``signatures.py`` without
importing any encoder module (the sonic one pulls in scipy, ~1 s), so a query command knows them in
milliseconds; building the encoders is also cheap (weights load on the first ``encode``).

Tests (and benchmarks) inject their own encoders with ``overrides={"visual": SmallEncoder()}``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from avrec_desktop.errors import EncoderError

from . import signatures
from .base import SPACES, Encoder

log = logging.getLogger(__name__)


def _audio(device: str | None = None):
    if signatures.musicnn_digest() is None:  # no MusiCNN weights: the DSP descriptor alone
        from .sonic import SonicEncoder

        return SonicEncoder()
    from .sonic_musicnn import SonicMusicnnEncoder

    return SonicMusicnnEncoder(device=device)


def _visual(models_dir: Path | None, device: str | None):
    from .clip import ClipEncoder
    from .models import default_model
    from .visual_descriptor import VisualDescriptorEncoder

    chosen = default_model(models_dir)
    if chosen is not None:
        try:
            return ClipEncoder(chosen.folder, device=device)
        except EncoderError as exc:  # a folder broken since it was listed: fall back, never stop indexing
            log.warning("CLIP model %s unusable, using visual-descriptor: %s", chosen.model_id, exc)
    return VisualDescriptorEncoder()


def _clap(models_dir: Path | None, device: str | None):
    """The CLAP encoder when a CLAP model is installed and usable, else None (no ``clap`` space)."""
    folder = signatures.clap_folder(models_dir)
    if folder is None:
        return None
    from .clap import ClapEncoder

    try:
        return ClapEncoder(folder, device=device)
    except EncoderError as exc:
        log.warning("CLAP model %s unusable, no clap space: %s", folder.name, exc)
        return None


def _text(device: str | None):
    from .text_minilm import MiniLMEncoder

    return MiniLMEncoder(device=device)


def active_encoders(
    models_dir: Path | None = None,
    *,
    overrides: Mapping[str, Encoder] | None = None,
    device: str | None = None,
) -> dict[str, Encoder]:
    """One encoder per space (see the module docstring); ``overrides`` replace any of them."""
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(SPACES) - {"clap"}
    if unknown:
        raise ValueError(f"unknown spaces in overrides: {sorted(unknown)}")
    encoders: dict[str, Encoder] = {}
    for space in SPACES:
        if space in overrides:
            encoders[space] = overrides[space]
        elif space == "audio":
            encoders[space] = _audio(device)
        elif space == "visual":
            encoders[space] = _visual(models_dir, device)
        else:
            encoders[space] = _text(device)
    clap = overrides["clap"] if "clap" in overrides else _clap(models_dir, device)
    if clap is not None:
        encoders["clap"] = clap
    return encoders


def query_encoders(models_dir: Path | None = None, *, device: str | None = None) -> dict[str, Encoder]:
    """The encoders a text query needs (``text``, and ``visual`` for CLIP's text tower): the audio encoder
    and its DSP stack are never built for a search."""
    encoders = {"text": _text(device), "visual": _visual(models_dir, device)}
    clap = _clap(models_dir, device)  # CLAP's text tower, for free-text audio search
    if clap is not None:
        encoders["clap"] = clap
    return encoders


def encoder_signature(space: str, models_dir: Path | None = None) -> tuple[str, str]:
    """(name, version) of the encoder that would serve ``space`` now. Read from ``signatures`` without
    importing the encoder (no scipy, no torch), so a query knows which vectors are current in
    milliseconds; ``tests/test_encoder_signatures.py`` checks they equal the built encoders'."""
    if space == "clap":
        found = signatures.clap_signature(models_dir)
        if found is None:
            raise ValueError("no clap space: no CLAP model is installed")
        return found
    if space not in SPACES:
        raise ValueError(f"unknown space {space!r}")
    if space == "audio":
        return signatures.audio_signature()
    if space == "visual":
        return signatures.visual_signature(models_dir)
    return signatures.minilm_signature()


def encoder_signatures(models_dir: Path | None = None) -> dict[str, tuple[str, str]]:
    out = {space: encoder_signature(space, models_dir) for space in SPACES}
    clap = signatures.clap_signature(models_dir)
    if clap is not None:
        out["clap"] = clap
    return out

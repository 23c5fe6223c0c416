"""Installing one CLIP weights file: stage beside the destination, validate by loading, rename into place.

Why apart from ``models.py``: this is the part that must be right under failure. The weights are copied (or
moved, for our own download temp files) into a hidden ``.staging-*`` folder while their sha256 is computed;
``open_clip_config.json`` is written (open_clip's built-in config for a standard architecture, the user's
for a custom one); the model is loaded with open_clip and one image and one text go through it; only then is
the folder renamed to ``clip/<model-id>``. Any failure removes the staging folder, so nothing is left behind.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from avrec_desktop import paths
from avrec_desktop.errors import EncoderError, ModelInstallError

from .clip import CONFIG, MANIFEST, load_open_clip, read_manifest
from .model_catalogue import KNOWN_MODELS

CLIP_KIND = "clip"
DEFAULT_FILE = "default.json"
HASHES_FILE = "known_hashes.json"  # trust-on-first-use digests of catalogue entries without a sha256
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pth", ".pt")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_STALE_SECONDS = 3600


@dataclass(frozen=True)
class InstalledModel:
    model_id: str
    kind: str
    arch: str
    folder: Path
    file: str
    sha256: str
    source: str
    installed_at: float


def clip_root(models_dir: Path | None = None) -> Path:
    root = Path(models_dir) if models_dir is not None else paths.models_dir()
    folder = root / CLIP_KIND
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def installed_at(folder: Path) -> InstalledModel:
    manifest = read_manifest(folder)
    return InstalledModel(
        model_id=folder.name,
        kind=CLIP_KIND,
        arch=str(manifest["arch"]),
        folder=folder,
        file=str(manifest["file"]),
        sha256=str(manifest["sha256"]),
        source=str(manifest.get("source", "")),
        installed_at=float(manifest.get("installed_at", 0.0)),
    )


def install_weights(
    weights: Path,
    *,
    arch: str,
    config: dict | None = None,
    extras: list[Path] = (),
    model_id: str | None = None,
    source: str = "",
    tag: str | None = None,
    models_dir: Path | None = None,
    make_default: bool = True,
    move: bool = False,
    sha256: str | None = None,
    expected_sha256: str | None = None,
    verified: str | None = None,
) -> InstalledModel:
    """Stage, validate and atomically install one weights file (``move`` it when it is our own temp file).

    The whole sha256 is checked against ``expected_sha256``, or against the catalogue's when ``model_id`` names
    a catalogued model (an import of a downloaded file under its catalogue id); a mismatch installs nothing.
    """
    suffix = weights.suffix.lower()
    if suffix not in WEIGHT_SUFFIXES:
        raise ModelInstallError(f"{weights.name}: expected one of {', '.join(WEIGHT_SUFFIXES)}")
    if model_id is not None and not ID_RE.match(model_id):
        raise ModelInstallError(f"bad model id {model_id!r}: letters, digits, '.', '_' and '-' only")
    root = clip_root(models_dir)
    _sweep_stale(root)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        file_name = "open_clip_model.safetensors" if suffix == ".safetensors" else "open_clip_pytorch_model.bin"
        if move:
            shutil.move(str(weights), staging / file_name)
            digest = sha256 or file_sha256(staging / file_name)
        else:
            digest = _copy_hashing(weights, staging / file_name)
        for extra in extras:
            shutil.copy2(extra, staging / extra.name)
        full_config = config if config is not None else _builtin_config(arch, tag)
        write_json(staging / CONFIG, full_config)
        model_id = model_id or _safe_id(f"{arch}-{digest[:8]}")
        verified = _check_digest(digest, model_id, expected_sha256, verified)
        _validate(staging, arch, int(full_config["model_cfg"].get("embed_dim", 0)))
        manifest = {
            "model_id": model_id,
            "kind": CLIP_KIND,
            "arch": arch,
            "file": file_name,
            "sha256": digest,
            "source": source,
            "tag": tag,
            "original_name": weights.name,
            "verified": verified,
            "installed_at": time.time(),
        }
        write_json(staging / MANIFEST, manifest)
        swap_into_place(staging, root / model_id)
    except OSError as exc:
        raise ModelInstallError(f"cannot install {weights.name}: {exc}") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if make_default:
        write_json(root / DEFAULT_FILE, {"model_id": model_id})
    return installed_at(root / model_id)


def _check_digest(digest: str, model_id: str, expected: str | None, verified: str | None) -> str:
    known = KNOWN_MODELS.get(model_id)
    if expected is None and known is not None:
        expected = known.sha256
    if expected is not None and digest != expected:
        raise ModelInstallError(f"checksum mismatch: {model_id} has sha256 {expected}, this file has {digest}")
    if verified:
        return verified
    if expected is not None:
        return "catalogue sha256"
    matching = [m.model_id for m in KNOWN_MODELS.values() if m.sha256 == digest]
    return f"same sha256 as catalogued {matching[0]}" if matching else "not verified (imported file)"


def known_hashes(root: Path) -> dict[str, str]:
    """Digests recorded at the first download of catalogue entries that have no published sha256."""
    try:
        data = json.loads((root / HASHES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def record_first_hash(root: Path, model_id: str, digest: str) -> None:
    hashes = known_hashes(root)
    if model_id not in hashes:
        write_json(root / HASHES_FILE, {**hashes, model_id: digest})


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _copy_hashing(src: Path, dest: Path) -> str:
    h = hashlib.sha256()
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        for block in iter(lambda: fin.read(1 << 20), b""):
            h.update(block)
            fout.write(block)
    return h.hexdigest()


def builtin_archs() -> list[str]:
    from .torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()
    import open_clip

    return list(open_clip.list_models())


def _builtin_config(arch: str, tag: str | None) -> dict:
    from .torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()
    import open_clip

    model_cfg = open_clip.get_model_config(arch)
    if model_cfg is None:
        raise ModelInstallError(f"unknown architecture {arch!r}; pass an open_clip name or ship an {CONFIG}")
    preprocess = {}
    if tag:
        pretrained = open_clip.get_pretrained_cfg(arch, tag) or {}
        preprocess = {k: pretrained[k] for k in ("mean", "std", "interpolation", "resize_mode") if k in pretrained}
        if pretrained.get("quick_gelu") and not model_cfg.get("quick_gelu"):
            model_cfg = {**model_cfg, "quick_gelu": True}
    return {"model_cfg": model_cfg, "preprocess_cfg": preprocess}


def _validate(folder: Path, arch: str, embed_dim: int) -> None:
    """Load the staged model and push one image and one text through it."""
    import numpy as np

    try:
        model, preprocess, tokenizer = load_open_clip(folder, "cpu")
        import torch
        from PIL import Image

        with torch.inference_mode():
            image = model.encode_image(preprocess(Image.fromarray(np.full((64, 64, 3), 128, np.uint8)))[None])
            text = model.encode_text(tokenizer(["a test"]))
    except EncoderError as exc:
        raise ModelInstallError(f"not a usable {arch} model: {str(exc).split(': ', 1)[-1]}") from exc
    except Exception as exc:  # a forward pass that breaks on a structurally loadable file
        raise ModelInstallError(f"not a usable {arch} model: {type(exc).__name__}: {exc}") from exc
    for what, out in (("image", image), ("text", text)):
        if out.shape[-1] != embed_dim or not bool(torch.isfinite(out).all()):
            raise ModelInstallError(f"not a usable {arch} model: {what} embedding {tuple(out.shape)} is not {embed_dim}-d and finite")


def _safe_id(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "model"
    return cleaned[:128]


def swap_into_place(staging: Path, final: Path) -> None:
    """Put the fully written ``staging`` folder at ``final``; an installed model there is replaced in one
    rename, and only removed once the new one is in place."""
    if final.exists():
        old = final.parent / f".old-{uuid.uuid4().hex}"
        final.replace(old)
        staging.replace(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.replace(final)


def write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def _sweep_stale(root: Path) -> None:
    """Remove staging folders and partial downloads left by a crash more than an hour ago."""
    now = time.time()
    for leftover in root.glob(".*"):
        if leftover.name.startswith((".staging-", ".old-", ".download-")):
            try:
                if now - leftover.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
            except OSError:
                pass

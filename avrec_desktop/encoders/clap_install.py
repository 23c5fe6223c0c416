"""Installing a CLAP model folder (what ``save_pretrained`` writes, or what ``avrec models download`` fetched).

The same rules as CLIP's installer (model_install.py): the files are copied (or moved, for our own download
folder) into a hidden ``.staging-*`` folder beside the destination while each one's full sha256 is
computed; any digest the catalogue knows must match; the model is then loaded through the real encoder
(``clap.ClapEncoder``) and one sound and one text go through it; only then is the folder renamed to
``clap/<model-id>`` and named in ``clap/default.json``. Any failure removes the staging folder.

``manifest.json`` records the weights file, its sha256 (the encoder version comes from it), every file's
sha256, where it came from and how it was verified.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from avrec_desktop import paths
from avrec_desktop.errors import EncoderError, ModelInstallError, ModelNotInstalled

from .model_catalogue import CLAP_MODELS
from .model_install import (ID_RE, InstalledModel, _copy_hashing, _safe_id, _sweep_stale, file_sha256,
                            swap_into_place, write_json)
from .signatures import CLAP_FOLDER, clap_folder

CLAP_KIND = CLAP_FOLDER
DEFAULT_FILE = "default.json"
WEIGHTS = ("model.safetensors", "pytorch_model.bin")  # safetensors first: it loads without pickle
_CARRY_SUFFIXES = (".json", ".txt", ".model")
_MAX_SMALL = 50 * 1024 * 1024


def clap_root(models_dir: Path | None = None) -> Path:
    root = (Path(models_dir) if models_dir is not None else paths.models_dir()) / CLAP_KIND
    root.mkdir(parents=True, exist_ok=True)
    return root


def looks_like_clap(folder: Path) -> bool:
    """A folder ``save_pretrained`` wrote for a ClapModel (its ``config.json`` says ``model_type: clap``)."""
    try:
        config = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(config, dict) and config.get("model_type") == "clap"


def clap_installed_at(folder: Path) -> InstalledModel:
    from .clap import read_clap_manifest

    m = read_clap_manifest(folder)
    return InstalledModel(model_id=folder.name, kind=CLAP_KIND, arch=str(m.get("arch", "clap")), folder=folder,
                          file=str(m["file"]), sha256=str(m["sha256"]), source=str(m.get("source", "")),
                          installed_at=float(m.get("installed_at", 0.0)))


def installed_clap_models(models_dir: Path | None = None) -> list[tuple[Path, InstalledModel | str]]:
    """Every CLAP folder: (folder, its install) or (folder, why it is broken)."""
    out = []
    for folder in sorted(clap_root(models_dir).iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            try:
                out.append((folder, clap_installed_at(folder)))
            except ModelNotInstalled as exc:
                out.append((folder, str(exc)))
    return out


def default_clap(models_dir: Path | None = None) -> InstalledModel | None:
    folder = clap_folder(models_dir)
    try:
        return clap_installed_at(folder) if folder is not None else None
    except ModelNotInstalled:
        return None


def install_clap(src: Path, *, model_id: str | None = None, source: str = "", models_dir: Path | None = None,
                 make_default: bool = True, move: bool = False, digests: dict[str, str] | None = None,
                 verified: str | None = None) -> InstalledModel:
    """Stage, verify, validate and atomically install the CLAP folder ``src``.

    ``digests``: full sha256 per file already computed (our download); the catalogue's digests for
    ``model_id``, where it has them, must match. Raises ``ModelInstallError``; nothing is left behind.
    """
    src = Path(src)
    if model_id is not None and not ID_RE.match(model_id):
        raise ModelInstallError(f"bad model id {model_id!r}: letters, digits, '.', '_' and '-' only")
    if not looks_like_clap(src):
        raise ModelInstallError(f"{src} holds no CLAP config.json (model_type 'clap')")
    weights = next((src / w for w in WEIGHTS if (src / w).is_file()), None)
    if weights is None:
        raise ModelInstallError(f"no CLAP weights ({' or '.join(WEIGHTS)}) in {src}; sharded weights are not supported")
    small = [p for p in sorted(src.iterdir()) if p.is_file() and p.suffix.lower() in _CARRY_SUFFIXES
             and p.name != "manifest.json" and not p.name.startswith(".") and p.stat().st_size < _MAX_SMALL]
    root = clap_root(models_dir)
    _sweep_stale(root)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        hashes: dict[str, str] = {}
        for path in [weights, *small]:
            dest = staging / path.name
            if move:
                shutil.move(str(path), dest)
                hashes[path.name] = (digests or {}).get(path.name) or file_sha256(dest)
            else:
                hashes[path.name] = _copy_hashing(path, dest)
        model_id = model_id or _safe_id(f"clap-{hashes[weights.name][:8]}")
        verified = _check(model_id, hashes, verified)
        config = json.loads((staging / "config.json").read_text(encoding="utf-8"))
        fused = bool((config.get("audio_config") or {}).get("enable_fusion", False))
        manifest = {
            "model_id": model_id, "kind": CLAP_KIND, "arch": "clap-htsat-fused" if fused else "clap-htsat",
            "file": weights.name, "sha256": hashes[weights.name], "files_sha256": hashes, "source": source,
            "verified": verified, "installed_at": time.time(),
        }
        write_json(staging / "manifest.json", manifest)
        _validate(staging)
        swap_into_place(staging, root / model_id)
    except OSError as exc:
        raise ModelInstallError(f"cannot install the CLAP model from {src}: {exc}") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if make_default:
        write_json(root / DEFAULT_FILE, {"model_id": model_id})
    return clap_installed_at(root / model_id)


def _check(model_id: str, hashes: dict[str, str], verified: str | None) -> str:
    """Every file the catalogue has a digest for must match it in full."""
    known = CLAP_MODELS.get(model_id)
    pinned = {f.name: f.sha256 for f in known.files if f.sha256} if known else {}
    for name, expected in pinned.items():
        if name in hashes and hashes[name] != expected:
            raise ModelInstallError(f"checksum mismatch: {model_id}/{name} has sha256 {expected}, this file has "
                                    f"{hashes[name]}")
    if verified:
        return verified
    return "catalogue sha256" if pinned else "not verified (imported folder)"


def _validate(folder: Path) -> None:
    """Load the staged folder through the real encoder and push one sound and one text through it."""
    from .clap import SAMPLE_RATE, ClapEncoder

    try:
        enc = ClapEncoder(folder, device="cpu")
        t = np.arange(SAMPLE_RATE, dtype=np.float32) / SAMPLE_RATE
        audio = enc.encode_waves([0.1 * np.sin(2 * np.pi * 440.0 * t).astype(np.float32)])
        text = enc.encode_text(["a test"])
    except EncoderError as exc:
        raise ModelInstallError(f"not a usable CLAP model: {str(exc).split(': ', 1)[-1]}") from exc
    except Exception as exc:  # a forward pass that breaks on a structurally loadable folder
        raise ModelInstallError(f"not a usable CLAP model: {type(exc).__name__}: {exc}") from exc
    for what, out in (("audio", audio), ("text", text)):
        if out.shape != (1, enc.dim) or not np.isfinite(out).all():
            raise ModelInstallError(f"not a usable CLAP model: {what} embedding {out.shape} is not {enc.dim}-d and finite")

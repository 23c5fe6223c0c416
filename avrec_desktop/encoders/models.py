"""Model management behind ``avrec models list|import|download``: what is installed, importing, choosing.

Why a module of its own: weights are the one thing the app cannot ship (no CLIP weights on PyPI or Debian),
so installing them must be safe and boring. An install is staged in a hidden folder beside its destination,
validated by really loading it with open_clip and running one image and one text through it, and only then
renamed into place; any failure removes the staging folder, so a bad file leaves nothing behind.

Layout: ``models_dir()/clip/<model-id>/`` holds the weights (``open_clip_model.safetensors`` or
``open_clip_pytorch_model.bin``), ``open_clip_config.json`` and ``manifest.json``; ``clip/default.json``
names the model the ``visual`` space uses. The newest install becomes the default; ``set_default_model``
changes it. Downloads live in ``model_download.py``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from avrec_desktop.errors import ModelInstallError, ModelNotInstalled, NotFound

from .clip import CONFIG, MANIFEST
from .model_catalogue import CLAP_MODELS, KNOWN_MODELS
from .model_install import (  # noqa: F401 - re-exported: callers use models.* only
    CLIP_KIND,
    DEFAULT_FILE,
    ID_RE,
    WEIGHT_SUFFIXES,
    InstalledModel,
    builtin_archs,
    clip_root,
    file_sha256,
    install_weights,
    installed_at,
    write_json,
)

log = logging.getLogger(__name__)

# small files worth carrying along from an imported folder (HF tokenizers of custom archs)
_CARRY_SUFFIXES = (".json", ".txt", ".model", ".gz")


@dataclass(frozen=True)
class ModelStatus:
    model_id: str
    kind: str
    arch: str
    status: str  # "installed", "available" (downloadable, not installed) or "broken"
    default: bool
    folder: Path | None
    size_bytes: int | None
    sha256: str | None
    source: str | None
    description: str = ""


def installed_models(models_dir: Path | None = None) -> list[InstalledModel]:
    """Usable installed CLIP models, newest first (broken folders are skipped; see ``list_models``)."""
    found = []
    for folder in sorted(clip_root(models_dir).iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            try:
                found.append(installed_at(folder))
            except ModelNotInstalled as exc:
                log.warning("ignoring broken model folder %s: %s", folder, exc)
    return sorted(found, key=lambda m: m.installed_at, reverse=True)


def default_model(models_dir: Path | None = None) -> InstalledModel | None:
    """The model named in ``default.json`` if usable, else the newest usable install, else None."""
    models = installed_models(models_dir)
    try:
        wanted = json.loads((clip_root(models_dir) / DEFAULT_FILE).read_text(encoding="utf-8")).get("model_id")
    except (OSError, ValueError, AttributeError):
        wanted = None
    for model in models:
        if model.model_id == wanted:
            return model
    return models[0] if models else None


def set_default_model(model_id: str, models_dir: Path | None = None) -> None:
    root = clip_root(models_dir)
    if not any(m.model_id == model_id for m in installed_models(models_dir)):
        raise NotFound(f"no installed model {model_id!r}")
    write_json(root / DEFAULT_FILE, {"model_id": model_id})


def list_models(models_dir: Path | None = None) -> list[ModelStatus]:
    """Installed models (and broken folders, with the reason) plus known downloadable ones not installed."""
    root = clip_root(models_dir)
    chosen = default_model(models_dir)
    rows: list[ModelStatus] = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        known = KNOWN_MODELS.get(folder.name)
        try:
            m = installed_at(folder)
        except ModelNotInstalled as exc:
            rows.append(ModelStatus(folder.name, CLIP_KIND, "?", "broken", False, folder, None, None, None, str(exc)))
            continue
        size = (folder / m.file).stat().st_size
        description = known.description if known else ""
        is_default = chosen is not None and chosen.model_id == m.model_id
        rows.append(ModelStatus(m.model_id, CLIP_KIND, m.arch, "installed", is_default, folder, size, m.sha256, m.source, description))
    rows += _clap_rows(models_dir)
    present = {r.model_id for r in rows}
    for known in KNOWN_MODELS.values():
        if known.model_id not in present:
            rows.append(
                ModelStatus(known.model_id, CLIP_KIND, known.arch, "available", False, None, known.size_bytes,
                            known.sha256, known.url, known.description)
            )
    return rows


def _clap_rows(models_dir: Path | None) -> list[ModelStatus]:
    """The optional CLAP models: installed (the one in use marked default), broken, or downloadable."""
    from .clap_install import default_clap, installed_clap_models

    chosen = default_clap(models_dir)
    rows = []
    for folder, m in installed_clap_models(models_dir):
        known = CLAP_MODELS.get(folder.name)
        if isinstance(m, str):
            rows.append(ModelStatus(folder.name, "clap", "?", "broken", False, folder, None, None, None, m))
            continue
        rows.append(ModelStatus(m.model_id, "clap", m.arch, "installed", chosen is not None and chosen.model_id == m.model_id,
                                folder, (folder / m.file).stat().st_size, m.sha256, m.source,
                                known.description if known else "CLAP: free-text audio search"))
    present = {r.model_id for r in rows}
    rows += [ModelStatus(k.model_id, "clap", k.arch, "available", False, None, k.size_bytes, None, k.base_url,
                         k.description) for k in CLAP_MODELS.values() if k.model_id not in present]
    return rows


def remove_model(model_id: str, models_dir: Path | None = None) -> None:
    folder = clip_root(models_dir) / model_id
    if not ID_RE.match(model_id) or not folder.is_dir():
        raise NotFound(f"no installed model {model_id!r}")
    trash = folder.with_name(f".old-{uuid.uuid4().hex}")
    folder.replace(trash)
    shutil.rmtree(trash, ignore_errors=True)


def import_model(
    src_path,
    arch: str | None = None,
    model_id: str | None = None,
    *,
    models_dir: Path | None = None,
    tag: str | None = None,
    make_default: bool = True,
) -> InstalledModel:
    """Install CLIP weights from a file, or a folder holding one (and perhaps ``open_clip_config.json``).

    A standard architecture needs only the weights file: ``arch`` names an open_clip architecture
    (``ViT-B-32``; ``ViT-B-32-quickgelu`` for OpenAI-trained weights), or is guessed from the file or folder
    name. A custom architecture ships its ``open_clip_config.json`` beside the weights (then ``arch`` is only
    its label); a built-in ``arch`` named explicitly always uses open_clip's own config. ``tag`` (an open_clip
    pretrained tag such as ``laion2b_s34b_b79k``) picks the matching image normalisation. Raises
    ``ModelInstallError`` with the reason when the weights do not load; nothing is left behind.
    """
    src = Path(src_path).expanduser()
    if not src.exists():
        raise ModelInstallError(f"{src} does not exist")
    from .clap_install import install_clap, looks_like_clap

    if src.is_dir() and looks_like_clap(src):  # a ClapModel folder (save_pretrained): the optional clap space
        return install_clap(src, model_id=model_id, source=str(src.resolve()), models_dir=models_dir,
                            make_default=make_default)
    weights, config_file, extras = _locate(src)
    if arch is not None and arch in builtin_archs():
        config_file = None  # the user named a standard architecture: its built-in config is the truth
    config = None
    if config_file is not None:
        try:
            config = json.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelInstallError(f"{config_file} is not valid JSON: {exc}") from exc
        if not isinstance(config, dict) or "model_cfg" not in config:
            raise ModelInstallError(f"{config_file} has no 'model_cfg'")
    if arch is None:
        arch = _guess_arch([weights.name, src.name])
        if arch is None and config is not None:
            arch = "custom-" + hashlib.sha256(json.dumps(config["model_cfg"], sort_keys=True).encode()).hexdigest()[:8]
    if arch is None:
        raise ModelInstallError(
            f"cannot tell the architecture of {weights.name}: pass arch (e.g. ViT-B-32) or ship an {CONFIG}"
        )
    return install_weights(
        weights, arch=arch, config=config, extras=extras, model_id=model_id, source=str(src.resolve()), tag=tag,
        models_dir=models_dir, make_default=make_default,
    )


def download_model(model_id: str, progress=None, cancel=None, **kwargs) -> InstalledModel:
    """Download and install a known model; see ``model_download.download_model`` (CLIP) and
    ``clap_download.download_clap`` (CLAP, ``CLAP_MODELS``) for the options."""
    if model_id in CLAP_MODELS:
        from .clap_download import download_clap

        return download_clap(model_id, progress, cancel, **kwargs)
    from .model_download import download_model as _download

    return _download(model_id, progress, cancel, **kwargs)


def _locate(src: Path) -> tuple[Path, Path | None, list[Path]]:
    """(weights file, open_clip_config.json or None, small extra files) of a file or a folder."""
    if src.is_file():
        config = src.with_name(CONFIG)
        return src, (config if config.is_file() else None), []
    candidates = sorted(p for p in src.iterdir() if p.is_file() and p.suffix.lower() in WEIGHT_SUFFIXES)
    safetensors = [p for p in candidates if p.suffix.lower() == ".safetensors"]
    if len(safetensors) == 1:
        weights = safetensors[0]  # HF repos hold the same weights twice; safetensors loads without pickle
    elif len(candidates) == 1:
        weights = candidates[0]
    elif not candidates:
        raise ModelInstallError(f"no weights file ({', '.join(WEIGHT_SUFFIXES)}) in {src}")
    else:
        raise ModelInstallError(f"several weights files in {src}: {', '.join(p.name for p in candidates)}; pick one")
    config = src / CONFIG
    extras = [
        p for p in src.iterdir()
        if p.is_file() and p.suffix.lower() in _CARRY_SUFFIXES and p.name not in (CONFIG, MANIFEST)
        and p.stat().st_size < 50 * 1024 * 1024
    ]
    return weights, (config if config.is_file() else None), extras


def _guess_arch(names: list[str]) -> str | None:
    """The longest open_clip architecture name found in any of ``names`` (case and _/- insensitive)."""
    archs = builtin_archs()
    for name in names:
        flat = name.lower().replace("_", "-")
        hits = [a for a in archs if a.lower() in flat]
        if hits:
            return max(hits, key=len)
    return None

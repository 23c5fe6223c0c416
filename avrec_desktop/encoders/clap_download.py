"""``avrec models download laion-clap-htsat-unfused``: every file of a CLAP folder, one progress bar, a full
sha256 per file, nothing installed unless all of it arrived and verified.

The files stream (``model_download._fetch``: progress, cancel, disk check) into a hidden ``.download-*``
folder under ``clap/``; each file's whole sha256 is compared with the catalogue's, or, where the catalogue
has none (today: all of them, see model_catalogue.py), with the digest recorded at the first download
(``clap/known_hashes.json``, keyed ``<model-id>/<file>``): the first download is trusted and pinned, every
later one must match. Then ``clap_install.install_clap`` moves the folder into place after loading it.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from avrec_desktop.errors import ModelInstallError, NotFound

from .clap_install import clap_root, install_clap
from .model_catalogue import CLAP_MODELS, KnownClapModel
from .model_download import DownloadProgress, _fetch
from .model_install import InstalledModel, known_hashes, record_first_hash


def download_clap(
    model_id: str,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancel: threading.Event | None = None,
    *,
    models_dir: Path | None = None,
    known: KnownClapModel | None = None,
    base_url: str | None = None,
    timeout: float = 30.0,
    make_default: bool = True,
) -> InstalledModel:
    """Download and install a catalogued CLAP model (``known``/``base_url`` override it: mirrors, tests).

    Raises ``DownloadCancelled``, or ``ModelInstallError`` on network errors, short reads, a checksum
    mismatch or a folder that does not load; the partial folder is removed in every case.
    """
    entry = known or CLAP_MODELS.get(model_id)
    if entry is None:
        raise NotFound(f"unknown CLAP model {model_id!r}; known: {', '.join(sorted(CLAP_MODELS))}")
    base = base_url or entry.base_url
    if not base.endswith("/"):
        base += "/"
    root = clap_root(models_dir)
    part = root / f".download-{uuid.uuid4().hex}"
    part.mkdir()
    total = entry.size_bytes
    try:
        digests: dict[str, str] = {}
        before = 0
        for f in entry.files:
            def step(p: DownloadProgress, before=before) -> None:
                if progress is not None:
                    progress(DownloadProgress(before + p.done, total, p.rate))

            digests[f.name] = _fetch(base + f.name, part / f.name, step, cancel, timeout, f.size_bytes)
            before += (part / f.name).stat().st_size
        verified = verify_files(entry, digests, root)
        installed = install_clap(part, model_id=entry.model_id, source=base, models_dir=models_dir,
                                 make_default=make_default, move=True, digests=digests, verified=verified)
        pinned = known_hashes(root)
        for name, digest in digests.items():
            if f"{entry.model_id}/{name}" not in pinned:
                record_first_hash(root, f"{entry.model_id}/{name}", digest)
        return installed
    finally:
        shutil.rmtree(part, ignore_errors=True)


def verify_files(entry: KnownClapModel, digests: dict[str, str], root: Path) -> str:
    """Compare every file's whole digest with the catalogue's or the first download's; say how it went."""
    pinned = known_hashes(root)
    ways = set()
    for f in entry.files:
        digest = digests[f.name]
        if f.sha256 is not None:
            if digest != f.sha256:
                raise ModelInstallError(f"checksum mismatch for {f.name}: got sha256 {digest}, expected {f.sha256}")
            ways.add("catalogue sha256")
            continue
        first = pinned.get(f"{entry.model_id}/{f.name}")
        if first is None:
            ways.add("trust on first use (sha256 recorded now)")
        elif digest != first:
            raise ModelInstallError(f"checksum mismatch for {f.name}: got sha256 {digest}, but the first "
                                    f"download of {entry.model_id} had {first}")
        else:
            ways.add("sha256 recorded at the first download")
    return ", ".join(sorted(ways))

"""User-started model downloads: stream to a hidden temp file with progress and cancel, verify, install.

Why here and not in open_clip: open_clip downloads into its own cache as a side effect of loading, with no
progress, cancel or checksum the app can show; we want the app's models folder, a progress bar, a cancel
button and nothing installed unless the file is complete and verified. Only ``urllib`` is used, so tests can
point the URL at a local ``http.server``.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from avrec_desktop.errors import DownloadCancelled, ModelInstallError, NotFound

from .model_catalogue import KNOWN_MODELS, KnownModel
from .model_install import WEIGHT_SUFFIXES, InstalledModel, clip_root, install_weights, known_hashes, record_first_hash

CHUNK_BYTES = 1 << 20
PROGRESS_EVERY_S = 0.1
USER_AGENT = "avrec-desktop (model download)"


@dataclass(frozen=True)
class DownloadProgress:
    done: int  # bytes received so far
    total: int | None  # bytes expected (Content-Length), None when the server does not say
    rate: float  # bytes per second since the start

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


def download_model(
    model_id: str,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancel: threading.Event | None = None,
    *,
    models_dir: Path | None = None,
    known: KnownModel | None = None,
    url: str | None = None,
    timeout: float = 30.0,
    make_default: bool = True,
) -> InstalledModel:
    """Download a known model (``KNOWN_MODELS``; ``known``/``url`` override it, for mirrors and tests).

    Verifies the whole sha256 against the catalogue's; an entry without one is pinned by its exact size and by
    the digest recorded on its first download (trust on first use, ``known_hashes.json``). Raises ``DownloadCancelled`` when ``cancel`` is set, ``ModelInstallError`` on
    network errors, short reads, checksum mismatch or weights that do not load; in every case the partial
    file is removed and nothing is installed.
    """
    entry = known or KNOWN_MODELS.get(model_id)
    if entry is None:
        raise NotFound(f"unknown model {model_id!r}; known: {', '.join(sorted(KNOWN_MODELS))}")
    source = url or entry.url
    suffix = Path(urlparse(source).path).suffix.lower()
    if suffix not in WEIGHT_SUFFIXES:
        suffix = ".bin"
    root = clip_root(models_dir)
    part = root / f".download-{uuid.uuid4().hex}{suffix}"
    try:
        exact = entry.size_bytes if entry.size_exact else None
        digest = _fetch(source, part, progress, cancel, timeout, entry.size_bytes, exact)
        verified = verify_download(digest, entry, root)
        installed = install_weights(
            part, arch=entry.arch, model_id=model_id, source=source, tag=entry.tag, models_dir=models_dir,
            make_default=make_default, move=True, sha256=digest, expected_sha256=entry.sha256, verified=verified,
        )
        if entry.sha256 is None:
            record_first_hash(root, model_id, digest)
        return installed
    finally:
        part.unlink(missing_ok=True)


def verify_download(digest: str, entry: KnownModel, root: Path) -> str:
    """Check the whole digest; return how it was verified (``catalogue`` or ``first download``/``pinned``)."""
    if entry.sha256 is not None:
        if digest != entry.sha256:
            raise ModelInstallError(f"checksum mismatch: got sha256 {digest}, expected {entry.sha256}")
        return "catalogue sha256"
    pinned = known_hashes(root).get(entry.model_id)
    if pinned is None:
        return "trust on first use (sha256 recorded now)"
    if digest != pinned:
        raise ModelInstallError(
            f"checksum mismatch: got sha256 {digest}, but the first download of {entry.model_id} had {pinned}"
        )
    return "sha256 recorded at the first download"


def _fetch(url, dest: Path, progress, cancel, timeout: float, size_hint: int, exact_size: int | None = None) -> str:
    """Stream ``url`` into ``dest``; return the sha256 of what was written."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    h = hashlib.sha256()
    started = time.monotonic()
    last_report = 0.0
    done = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, open(dest, "wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if exact_size is not None and total is not None and total != exact_size:
                raise ModelInstallError(f"the server offers {total} bytes, the catalogue expects {exact_size}")
            needed = total or size_hint
            free = shutil.disk_usage(dest.parent).free
            if needed and free < needed * 1.1:
                raise ModelInstallError(f"not enough disk space: {needed / 1e6:.0f} MB needed, {free / 1e6:.0f} MB free")
            while True:
                if cancel is not None and cancel.is_set():
                    raise DownloadCancelled("download cancelled")
                block = response.read(CHUNK_BYTES)
                if not block:
                    break
                out.write(block)
                h.update(block)
                done += len(block)
                now = time.monotonic()
                if progress is not None and now - last_report >= PROGRESS_EVERY_S:
                    last_report = now
                    progress(DownloadProgress(done, total, done / max(now - started, 1e-6)))
    except urllib.error.HTTPError as exc:
        raise ModelInstallError(f"download failed: HTTP {exc.code} {exc.reason} from {url}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ModelInstallError(f"download failed: {reason}") from exc
    except OSError as exc:
        raise ModelInstallError(f"download failed: {exc}") from exc
    if total is not None and done != total:
        raise ModelInstallError(f"download incomplete: {done} of {total} bytes")
    if exact_size is not None and done != exact_size:
        raise ModelInstallError(f"downloaded {done} bytes, the catalogue expects {exact_size}")
    if cancel is not None and cancel.is_set():
        raise DownloadCancelled("download cancelled")
    if progress is not None:
        progress(DownloadProgress(done, total, done / max(time.monotonic() - started, 1e-6)))
    return h.hexdigest()

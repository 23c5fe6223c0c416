"""Qt's media backend, loaded on a thread while the app imports its window.

The first QMediaPlayer makes Qt load its media backend plugin (FFmpeg's: ``libffmpegmediaplugin.so``),
and with it FFmpeg's libraries and the Qt modules the plugin links (Quick, Qml, Network, OpenGL). On the
GUI thread that took 20–28 ms of CPU and 30–98 ms of wall time here (reading and relocating the
libraries), the longest turn after the window's first frame. ``start`` loads the same file on a thread
instead, right after the QApplication exists and while the window's modules import: ``dlopen`` runs
without the GIL, and once the libraries are in, Qt's own load of the plugin finds them there and making
the player takes ~2 ms.

Only the libraries are loaded here; the plugin's objects (Qt's media integration, the player, the audio
output) are still made on the GUI thread, where Qt expects them. Nothing depends on the thread: if the
file is missing or fails to load, Qt loads (or reports) the backend itself as before.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)
took_ms: float | None = None  # how long the last load took on its thread (the window bench reports it)
DEFAULT_BACKEND = "ffmpeg"  # Qt's default media backend on Linux since 6.5 (QT_MEDIA_BACKEND chooses another)


def backend_library() -> Path | None:
    """The file of the media backend Qt will load (QT_MEDIA_BACKEND, else FFmpeg's), if it is there."""
    from PySide6.QtCore import QLibraryInfo

    backend = os.environ.get("QT_MEDIA_BACKEND") or DEFAULT_BACKEND
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    names = (f"{prefix}{backend}mediaplugin{suffix}" for suffix in (".so", ".dylib", ".dll") for prefix in ("lib", ""))
    return next((folder / name for name in names if (folder / name).is_file()), None)


def _load(library: Path) -> None:
    global took_ms
    start = time.perf_counter()
    try:
        ctypes.CDLL(str(library))  # kept loaded: Qt's own load of it finds it in the process
    except OSError as exc:  # never fatal: Qt loads the backend (or says why it cannot) when it needs it
        log.debug("the media backend could not be loaded ahead: %s", exc)
    took_ms = (time.perf_counter() - start) * 1000


def start() -> threading.Thread | None:
    """Load the media backend's libraries on a daemon thread (call it once a QApplication exists);
    returns the thread, or None where there is no backend file to load. Wait for it before the process
    ends (``join(1)``): libraries half-initialised while the process exits can crash it."""
    try:
        library = backend_library()
    except Exception:  # an unusual Qt install: leave it to Qt
        log.debug("no media backend to load ahead", exc_info=True)
        return None
    if library is None:
        return None
    thread = threading.Thread(target=_load, args=(library,), name="media-ahead", daemon=True)
    thread.start()
    return thread

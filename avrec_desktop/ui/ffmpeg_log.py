"""Qt's FFmpeg back end, kept from printing a format dump for every file it plays.

PySide6's Qt ships its own FFmpeg libraries and leaves FFmpeg's log at its default level ("info"), so
each file the player opens prints its container dump on the terminal the app was started from:
``Input #0, wav, from '…'`` and four more lines, for every track of an evening. Warnings and errors
still come. ``QT_FFMPEG_DEBUG`` (Qt's own switch, for finding a playback problem) keeps everything.

PyAV's FFmpeg, used by the analysis, is another copy of the libraries and is not touched here.
"""

from __future__ import annotations

import ctypes
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
AV_LOG_WARNING = 24  # libavutil/log.h


def qt_libavutil() -> Path | None:
    """The libavutil beside Qt's own libraries (PySide6's wheel ships FFmpeg there), found the way
    ``media_ahead`` finds the media plugin: through ``QLibraryInfo``."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    found = sorted(folder.glob("libavutil.so.*"), key=lambda p: len(p.name))  # libavutil.so.59 first
    return found[0] if found else None


def quiet(level: int = AV_LOG_WARNING) -> bool:
    """Set Qt's FFmpeg log level to ``level`` (warnings by default); True if it was set. Never raises.
    Call it once Qt has loaded its media back end (a QMediaPlayer exists): the library is then in the
    process with what it links, and this finds that copy."""
    if os.environ.get("QT_FFMPEG_DEBUG"):
        return False
    library = qt_libavutil()
    if library is None:
        return False
    try:
        ctypes.CDLL(str(library)).av_log_set_level(ctypes.c_int(level))  # the copy Qt uses: same file
    except (OSError, AttributeError) as exc:
        log.debug("Qt's FFmpeg log level was left as it is: %s", exc)
        return False
    return True

"""The font database and the window's fonts, loaded on a thread while the app imports its window.

The first text a Qt process measures makes Qt read the system's font configuration (fontconfig: every
installed font) and open the font files it picks, the fallbacks for symbols like ♪ ⇄ ↻ ♥ ✕ included.
On the GUI thread that was ~20 ms of the window's construction (the sidebar's first style sheet and the
first label paid it), before its first frame. ``start`` does it on a thread instead, right after the
QApplication exists and while the window's modules import (a few hundred milliseconds of Python, on the
GUI thread): the font database's functions are thread-safe and PySide releases the GIL while they run, so
the two go on side by side on two cores. What stays on the GUI thread is its own font engines (Qt keeps
those per thread), ~6 ms.

If the thread is still at work when the window is built, the window's first font look-up waits for it
(Qt's font database lock) rather than reading the configuration a second time. Nothing depends on the
thread: if it fails, the GUI thread loads the fonts as before.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)
took_ms: float | None = None  # how long the last load took on its thread (the window bench reports it)

# what the first frame draws: letters, figures, and the symbols of the player bar, the panels and the marks
TEXT = "Music Videos Up next 0:00 ♪ ⇄ ↻ ♥ ✕ ▶"
POINT_SIZES = (None, 11.0, 13.0)  # the application's font, the sidebar's, the player bar's buttons


def _load() -> None:
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    global took_ms
    start = time.perf_counter()
    try:
        QFontDatabase.families()  # reads the configuration: the long part
        fonts = []
        for size in POINT_SIZES:
            font = QFont()
            if size is not None:
                font.setPointSizeF(size)
            fonts.append(font)
        bold = QFont()
        bold.setBold(True)  # the player bar's title
        fonts.append(bold)
        for font in fonts:
            QFontMetrics(font).horizontalAdvance(TEXT)  # opens the font files, fallbacks included
    except Exception:  # never fatal: the GUI thread loads what it needs itself
        log.debug("fonts could not be loaded ahead", exc_info=True)
    took_ms = (time.perf_counter() - start) * 1000


def start() -> threading.Thread:
    """Load the fonts on a daemon thread (call it once a QApplication exists); returns the thread, which
    must be waited for before the QApplication goes (Qt aborts the process if the font database is used
    without one): ``join(1)``."""
    thread = threading.Thread(target=_load, name="fonts-ahead", daemon=True)
    thread.start()
    return thread

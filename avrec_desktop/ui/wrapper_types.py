"""PySide's lazily made wrapper types, made once before the window is built.

PySide makes the Python side of a Qt type lazily, the first time one is used, and its enums are Python
enums (~0.1–1 ms each to make). Three first uses made many at once, each in the middle of the window's
construction or of a visible window's event round:

- the first object Python is handed whose exact C++ class it has no wrapper for (a scroll area's
  viewport: Qt makes it, of a class of its own): PySide makes every pending type of the loaded widget
  modules to find the closest one, 65 enums, 8–13 ms here (the first repaint of a list, the first cover,
  the window bench's own look at the table);
- the first event handed to a Python event filter: the event types (~4 ms; the Up next slider's filter,
  while its dock was made);
- the first ``QTimer.singleShot`` with a receiver: QMetaMethod's enums (~1 ms; the warm-up's timer).

``make_all`` pays it once, on purpose, before the window is built: in ``app.main`` right after the
QApplication (while the font and media threads work), and in the window bench's import phase, which it
reports with the imports (and in the launch-to-first-frame figure).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject

took_ms: float | None = None


class _Watcher(QObject):
    def eventFilter(self, _obj, _event) -> bool:
        return False


def _nothing() -> None:
    pass


def make_all() -> float:
    """Make PySide's pending wrapper types now (a QApplication must exist); returns the milliseconds."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QListView, QWidget

    global took_ms
    start = time.perf_counter()
    view = QListView()
    view.viewport()  # a Qt-made object of a class PySide has no wrapper for
    watcher, watched, parent = _Watcher(), QWidget(), QWidget()
    watched.installEventFilter(watcher)
    watched.setParent(parent)  # its events go through a Python filter
    QTimer.singleShot(60_000, watcher, _nothing)  # a timer with a receiver (0 ms goes another way): it goes
    # with the watcher
    for made in (view, watcher, parent):
        made.deleteLater()
    took_ms = (time.perf_counter() - start) * 1000
    return took_ms

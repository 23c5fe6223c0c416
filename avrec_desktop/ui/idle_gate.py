"""Open the core's ``graph_loads`` gate only while the user is idle.

A vector graph (hnswlib; the window has them only above ``BACKGROUND_EXACT_MAX``, 120,000 items a space,
index/space_index.py) is loaded and saved in a background thread, but both calls hold Python's GIL for
their whole length — about 0.3 s for the 168 MB text graph of a 100k library — and meanwhile the window
cannot paint or answer a key. Until a graph is in, search is exact (and the same), only slower, so there
is no hurry: the load waits until nobody has touched the window (no key, click, wheel or pointer move in
it), the table has read nothing and no request has been out or answered for ``IDLE_MS`` (a search waiting
for its meaning matches is not idle), and the gate closes again at the next input.

Input is watched on the windows themselves (the main window's ``QWindow``, and every menu or dialog that
takes the focus), where the window system delivers it, not by an application-wide filter: that one saw
every event of every object — a Python call each — and the first object of a type PySide had not yet
wrapped made it create every lazily made type of every loaded Qt module (~37 ms, in the first frame).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer

IDLE_MS = 1500
CHECK_MS = 250
STUCK_S = 20.0
_INPUT = frozenset(int(t) for t in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                                    QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride))


class IdleGate(QObject):
    def __init__(self, app, controller, window=None):
        super().__init__(controller)
        self.controller = controller
        self.gate = controller.core.graph_loads
        self.last_input = time.monotonic()
        self.gate.clear()  # the window has just opened: the user is about to act
        self._app = app
        self._window = window  # the main window: the gate stays shut until its input is watched
        self._watched: list = []  # strong: PySide drops an unreferenced wrapper (and its identity)
        self._closed = False
        app.focusWindowChanged.connect(self.watch)  # menus and dialogs are windows of their own
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def watch(self, qwindow) -> None:
        """See the input of ``qwindow`` (a QWindow; None is ignored)."""
        if qwindow is None or self._closed or any(w is qwindow for w in self._watched):
            return
        qwindow.installEventFilter(self)
        self._watched.append(qwindow)
        qwindow.destroyed.connect(lambda *_: self._forget(qwindow))

    def _forget(self, qwindow) -> None:
        self._watched = [w for w in self._watched if w is not qwindow]

    def watching(self) -> bool:
        """The main window's input is seen (it has a window once it has been shown)."""
        if self._window is None:
            return True
        handle = self._window.windowHandle()
        if handle is not None:
            self.watch(handle)
        return handle is not None

    def eventFilter(self, _obj, event) -> bool:
        if event.type().value in _INPUT:
            self.last_input = time.monotonic()
            if self.gate.is_set():
                self.gate.clear()
        return False

    def idle_for(self) -> float:
        """Seconds since the last input, read, request or answer; 0 while a request is out (one asked
        STUCK_S ago or more is taken as stuck: it must not keep the graphs out for good)."""
        c = self.controller
        if c.requests_out(STUCK_S):
            return 0.0
        return time.monotonic() - max(self.last_input, c.reads.last_read, c.last_call)

    def check(self) -> None:
        if self.watching() and self.idle_for() >= IDLE_MS / 1000:
            self.gate.set()
        else:
            self.gate.clear()

    def close(self) -> None:
        """The window is closing: stop watching."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        try:
            self._app.focusWindowChanged.disconnect(self.watch)
        except (RuntimeError, TypeError):
            pass
        for qwindow in self._watched:
            try:
                qwindow.removeEventFilter(self)
            except RuntimeError:  # already deleted
                pass
        self._watched = []
        self.gate.set()  # a save still owed may run now


def install(app, controller, window=None) -> IdleGate:
    gate = IdleGate(app, controller, window)
    controller.idle_gate = gate
    return gate

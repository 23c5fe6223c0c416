"""Open the core's ``graph_loads`` gate only while the user is idle.

A vector graph (hnswlib) is loaded and saved in a background thread, but both calls hold Python's GIL for
their whole length — about 0.3 s for the 168 MB text graph of a 100k library — and meanwhile the window
cannot paint or answer a key. Until a graph is in, search is exact (and the same), only slower, so there
is no hurry: the load waits until nobody has touched the window (no key, click, wheel or pointer move in
it) and the table has read nothing for ``IDLE_MS``, and the gate closes again at the next input.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer

IDLE_MS = 1500
CHECK_MS = 250
_INPUT = frozenset(int(t) for t in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                                    QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride))


class IdleGate(QObject):
    def __init__(self, app, controller):
        super().__init__(controller)
        self.controller = controller
        self.gate = controller.core.graph_loads
        self.last_input = time.monotonic()
        self.gate.clear()  # the window has just opened: the user is about to act
        self._app = app
        app.installEventFilter(self)
        self._timer = QTimer(self, interval=CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def eventFilter(self, _obj, event) -> bool:
        if event.type().value in _INPUT:
            self.last_input = time.monotonic()
            if self.gate.is_set():
                self.gate.clear()
        return False

    def idle_for(self) -> float:
        c = self.controller
        last = max(self.last_input, c.reads.last_read, c.last_call)
        return time.monotonic() - last

    def check(self) -> None:
        if self.idle_for() >= IDLE_MS / 1000:
            self.gate.set()
        else:
            self.gate.clear()

    def close(self) -> None:
        """The window is closing: stop watching (the filter sees every event of the application)."""
        self._timer.stop()
        self._app.removeEventFilter(self)
        self.gate.set()  # a save still owed may run now


def install(app, controller) -> IdleGate:
    gate = IdleGate(app, controller)
    controller.idle_gate = gate
    return gate

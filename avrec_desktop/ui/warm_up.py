"""After the window opened: open the vector indexes and the taste model in the background and ask them
once for what follows the last item started (``AppCore.warm_up``), so the first Play similar, Up next or
For you does not wait for them.

It starts once the first page of the library's cells has arrived and the table's reads have been quiet a
moment (a user scrolling or sorting right after the window opened is not slowed by it), at the latest
WARM_UP_LATEST_MS after the window opened.
"""

from __future__ import annotations

import time

from avrec_desktop.ui.i18n import qtr

WARM_UP_QUIET_MS = 700  # the indexes warm up once the table's reads were quiet this long...
WARM_UP_LATEST_MS = 10000  # ...or this long after the window opened


class WarmUp:
    def __init__(self, controller):
        self.controller = controller
        self.state = "no"  # no / waiting / started
        self._asked = 0.0
        self._timer = None
        self.timing: dict = {}  # seconds after it was asked that it started, and how long it took (the bench)

    def ask(self) -> None:
        from PySide6.QtCore import QTimer

        self.state = "waiting"
        self._asked = time.monotonic()
        self._timer = QTimer(self.controller, singleShot=True)  # one pending retry at a time
        self._timer.timeout.connect(self.start)
        QTimer.singleShot(WARM_UP_LATEST_MS, self.controller, self.start)

    def start(self) -> None:
        """Called whenever cells arrive (and by the timers): warms up when the reads are quiet."""
        if self.state != "waiting":
            return
        c = self.controller
        now = time.monotonic()
        quiet_for = now - c.reads.last_read
        if quiet_for < WARM_UP_QUIET_MS / 1000 and now - self._asked < WARM_UP_LATEST_MS / 1000:
            self._timer.start(int(WARM_UP_QUIET_MS - quiet_for * 1000) + 1)
            return
        self.state = "started"
        self.timing = {"started_after_s": round(now - self._asked, 2)}
        c._call(c.core.warm_up, on_done=lambda _none: self._done(now),
                what=qtr("Controller", "could not prepare suggestions"))

    def _done(self, started: float) -> None:
        self.timing["took_ms"] = round((time.monotonic() - started) * 1000)

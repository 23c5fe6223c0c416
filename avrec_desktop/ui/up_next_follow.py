"""Up next follows the analysis: a track picked before the library was analysed gets its Up next as
soon as suggestions exist, and while Up next is empty the panel says why (a one-line note).

The hand-picked play asks the core once (play_queue.Playback.reseed); when that finds nothing because
the files are still being analysed, each analysed file (the worker's "file"/"quick"/"idle" messages)
asks again, at most once per REFILL_RETRY_MS, until Up next holds enough again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from avrec_desktop.ui.i18n import number, qtr
from avrec_desktop.ui.play_queue import REFILL_BELOW

REFILL_RETRY_MS = 1500
ANALYSED_MESSAGES = ("file", "quick", "idle")


class UpNextFollower(QObject):
    note_changed = Signal(str)  # "" when Up next has entries (the note hides)

    def __init__(self, controller, parent=None):
        super().__init__(parent or controller)
        self.controller = controller
        self.queue = controller.queue
        self.player = controller.player
        self.progress: dict = {}
        self._timer = QTimer(self, singleShot=True, interval=REFILL_RETRY_MS)
        self._timer.timeout.connect(self._refill)
        controller.bridge.indexing.connect(self._indexing)
        for sig in (self.queue.rowsInserted, self.queue.rowsRemoved, self.queue.modelReset):
            sig.connect(self._update)
        self.player.started.connect(self._update)

    def _short(self) -> bool:
        return (self.player.current is not None and len(self.queue) < REFILL_BELOW
                and self.controller.playback.repeat != "all")

    def _indexing(self, message: dict, progress: dict) -> None:
        self.progress = progress
        if message.get("type") in ANALYSED_MESSAGES and self._short() and not self._timer.isActive():
            self._timer.start()
        self._update()

    def _refill(self) -> None:
        if self._short():
            self.controller.refill_queue()

    def note(self) -> str:
        if len(self.queue):
            return ""
        current = self.player.current
        if current is None:
            return qtr("UpNextNote", "Play something and Up next suggests what comes next.")
        p = self.progress
        total, done = p.get("total", 0), p.get("done", 0) + p.get("failed", 0)
        if p.get("state") == "paused" and done < total:
            return qtr("UpNextNote", "Analysis is paused ({done} of {total} files): Up next fills in when it goes on."
                       ).format(done=number(int(done)), total=number(int(total)))
        if p.get("state") in ("working", "starting") and total and done < total:
            return qtr("UpNextNote", "Up next fills in as the files are analysed ({done} of {total} so far)."
                       ).format(done=number(int(done)), total=number(int(total)))
        return qtr("UpNextNote", "Nothing to suggest after “{title}” yet: suggestions come from analysed files."
                   ).format(title=current.title)

    def _update(self, *_args) -> None:
        self.note_changed.emit(self.note())

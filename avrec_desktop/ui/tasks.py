"""Running core work off the GUI thread and handing ``(result, error)`` back on it.

Every call into the core from the window goes through one ``TaskRunner``: a single background thread
runs the calls one after the other (so the core's SQLite connection is never used by two threads at
once), and the callback runs on the GUI thread. Views never create threads. Waiting calls run in
priority order (``URGENT`` for what the user is waiting on: starting a play, recording it, the cells
being painted; a scan waits behind them). Tests swap in ``SyncTaskRunner``, which runs everything at
once on the calling thread.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Callback = Callable[[Any, BaseException | None], None]
NORMAL, URGENT = 0, 10


class _Job(QRunnable):
    def __init__(self, runner: "TaskRunner", fn, args, kwargs, callback):
        super().__init__()
        self.runner, self.fn, self.args, self.kwargs, self.callback = runner, fn, args, kwargs, callback

    def run(self) -> None:
        try:
            result, error = self.fn(*self.args, **self.kwargs), None
        except BaseException as exc:  # handed to the callback; the UI decides how to show it
            result, error = None, exc
        self.runner._finished.emit(self.callback, result, error)


class TaskRunner(QObject):
    _finished = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._finished.connect(self._deliver)
        self.pending = 0

    def run(self, fn: Callable, *args, on_done: Callback | None = None, priority: int = NORMAL, **kwargs) -> None:
        self.pending += 1
        self._pool.start(_Job(self, fn, args, kwargs, on_done), priority)

    def _deliver(self, callback, result, error) -> None:
        self.pending -= 1
        if error is not None and callback is None:
            log.error("background task failed: %s", error)
        if callback is not None:
            callback(result, error)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)


class SyncTaskRunner:
    """Runs tasks immediately on the caller's thread (tests, scripts)."""

    pending = 0

    def run(self, fn: Callable, *args, on_done: Callback | None = None, priority: int = NORMAL, **kwargs) -> None:
        try:
            result, error = fn(*args, **kwargs), None
        except Exception as exc:
            result, error = None, exc
        if on_done is not None:
            on_done(result, error)

    def wait(self, msecs: int = 0) -> bool:
        return True

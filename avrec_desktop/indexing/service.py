"""Starting, watching and steering the analysis worker process.

``IndexingService`` owns one worker process (multiprocessing "spawn", safe beside Qt's threads), a
listener thread that turns the worker's messages into ``Progress`` and plain callbacks, pause/resume and
stop. If the worker dies unexpectedly it is restarted (its jobs go back to the queue; a file that kills
it three times is marked failed). Callbacks run on the listener thread: the GUI's bridge re-emits them as
Qt signals on the GUI thread.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from typing import Callable

from avrec_desktop.indexing.progress import Progress
from avrec_desktop.indexing.worker import WorkerConfig, worker_main

log = logging.getLogger(__name__)

Listener = Callable[[dict, Progress], None]


class IndexingService:
    def __init__(self, config: WorkerConfig, *, max_restarts: int = 5):
        self.config = config
        self.progress = Progress()
        self.max_restarts = max_restarts
        self.restarts = 0
        self._ctx = mp.get_context("spawn")
        self._pause = self._ctx.Event()
        self._stop = self._ctx.Event()
        self._messages = self._ctx.Queue()
        self._process: mp.Process | None = None
        self._listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._exited = threading.Event()

    # -- public API -------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self._stopping = False
            self._stop.clear()
            self._idle.clear()
            self._exited.clear()
            self.progress.state = "starting"
            self.progress.started_at = time.time()
            self._spawn()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._listen, name="avrec-indexing", daemon=True)
                self._thread.start()

    def pause(self) -> None:
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the file in hand, then stop; jobs not started stay queued for next time."""
        self._stopping = True
        self._stop.set()
        self._pause.clear()
        if self._process is not None:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(5)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.progress.state = "stopped"

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the queue is drained (or the worker exited). For the CLI and tests."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._idle.is_set() or self._exited.is_set():
                return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    # -- internals --------------------------------------------------------------------------------
    def _spawn(self) -> None:
        self._process = self._ctx.Process(
            target=worker_main, args=(self.config, self._pause, self._stop, self._messages),
            name="avrec-worker", daemon=True)
        self._process.start()

    def _emit(self, message: dict) -> None:
        for listener in list(self._listeners):
            try:
                listener(message, self.progress)
            except Exception:
                log.exception("indexing listener failed")

    def _handle(self, message: dict) -> None:
        kind = message.get("type")
        p = self.progress
        if "remaining" in message:
            p.remaining = message["remaining"]
        if kind == "started":
            p.state = "working"
        elif kind == "current":
            p.current = message.get("path")
            p.state = "working"
            self._idle.clear()
        elif kind == "file":
            p.record_file(bool(message.get("ok")), message.get("time"))
        elif kind == "idle":
            p.state, p.current = "idle", None
            self._idle.set()
        elif kind == "paused":
            p.state = "paused"
        elif kind == "resumed":
            p.state = "working"
        elif kind == "fatal":
            p.state, p.error = "failed", message.get("error")
            self._stopping = True
        self._emit(message)

    def _listen(self) -> None:
        while True:
            try:
                message = self._messages.get(timeout=0.2)
            except queue.Empty:
                message = None
            except (EOFError, OSError):
                break
            if message is not None:
                self._handle(message)
                continue
            process = self._process
            if process is not None and not process.is_alive():
                if self._stopping or self._stop.is_set():
                    self._drain()
                    self._exited.set()
                    if self.progress.state != "failed":
                        self.progress.state = "stopped"
                    self._emit({"type": "exited", "code": process.exitcode})
                    break
                if self.config.exit_when_idle and process.exitcode == 0:
                    self._drain()
                    self._idle.set()
                    self._exited.set()
                    self.progress.state = "idle"
                    self._emit({"type": "exited", "code": 0})
                    break
                self._restart(process.exitcode)

    def _drain(self) -> None:
        while True:
            try:
                self._handle(self._messages.get_nowait())
            except (queue.Empty, EOFError, OSError):
                return

    def _restart(self, exitcode) -> None:
        self._drain()
        if self.restarts >= self.max_restarts:
            self.progress.state = "failed"
            self.progress.error = f"the analysis worker keeps stopping (exit code {exitcode})"
            self._exited.set()
            self._emit({"type": "fatal", "error": self.progress.error})
            return
        self.restarts += 1
        log.warning("analysis worker exited with %s; restarting", exitcode)
        self._emit({"type": "restarting", "code": exitcode})
        self._spawn()

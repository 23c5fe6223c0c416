"""Starting, watching and steering the analysis worker process.

``IndexingService`` runs one supervisor thread that owns the worker process (multiprocessing "spawn",
safe beside Qt's threads): it spawns it (always from that one long-lived thread, which the worker's
``PR_SET_PDEATHSIG`` is tied to), turns its messages into ``Progress`` and plain callbacks, and restarts
it when it dies unexpectedly (settling the dead worker's jobs first: see recovery.py). Callbacks run on
that thread: the GUI's bridge re-emits them as Qt signals on the GUI thread.

One worker per database: when another process's worker holds the lock (the window and `avrec watch`,
two `scan --wait`), this service spawns nothing that analyses. It attaches: progress comes from the
database's job counts, ``wait_idle`` returns when that worker has drained the queue, and when the lock
frees (that process ended) this service starts its own worker, which takes the queue over.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import sqlite3
import threading
import time
from typing import Callable

from avrec_desktop.indexing.lock import holder
from avrec_desktop.indexing.progress import Progress
from avrec_desktop.indexing.recovery import describe_exit, settle_dead_jobs, worker_tag
from avrec_desktop.indexing.worker import WorkerConfig, worker_main

log = logging.getLogger(__name__)

Listener = Callable[[dict, Progress], None]


class Flag:
    """A lock-free flag in shared memory (a worker killed mid-check cannot leave it locked, as it can a
    ``multiprocessing.Event``). Same ``set``/``clear``/``is_set``/``wait`` as an Event."""

    def __init__(self, ctx):
        self._value = ctx.RawValue("b", 0)

    def set(self) -> None:
        self._value.value = 1

    def clear(self) -> None:
        self._value.value = 0

    def is_set(self) -> bool:
        return bool(self._value.value)

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.is_set() and time.monotonic() < deadline:
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        return self.is_set()


class IndexingService:
    def __init__(self, config: WorkerConfig, *, max_restarts: int = 5, attach_poll: float = 0.5):
        self.config = config
        self.progress = Progress()
        self.max_restarts = max_restarts  # unexpected exits in a row (without a file done between)
        self.attach_poll = attach_poll
        self.restarts = 0  # restarts in all
        self._in_a_row = 0
        self._ctx = mp.get_context("spawn")
        self._pause = Flag(self._ctx)
        self._stop = Flag(self._ctx)
        self._messages = None
        self._process = None
        self._tag: str | None = None
        self._listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._stop_deadline = 0.0
        self._busy = self._fatal = False
        self._last_remaining: int | None = None
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
            self._in_a_row = 0
            self._stop.clear()
            self._idle.clear()
            self._exited.clear()
            self.progress.state, self.progress.error = "starting", None
            self.progress.started_at = time.time()
            self._thread = threading.Thread(target=self._supervise, name="avrec-indexing", daemon=True)
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
        """The service is active: its own worker runs, or it is attached to another process's."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def attached(self) -> bool:
        return self.progress.elsewhere is not None

    @property
    def drained(self) -> bool:
        """The queue was seen empty (by this service's worker, or attached to another's)."""
        return self._idle.is_set()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the file in hand, then stop; jobs not started stay queued for next time."""
        self._stop_deadline = time.monotonic() + timeout
        self._stopping = True
        self._stop.set()
        self._pause.clear()
        if self._thread is not None:
            self._thread.join(timeout + 10)
        if self.progress.state != "failed":
            self.progress.state = "stopped"

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the queue is drained (or the service ended). For the CLI and tests."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._idle.is_set() or self._exited.is_set():
                return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    # -- the supervisor thread ----------------------------------------------------------------------
    def _supervise(self) -> None:
        from avrec_desktop.store import Store

        store = None
        try:
            store = Store(self.config.db_path)
            self._run(store)
        except Exception as exc:  # the supervisor must end with a reason, never silently
            log.exception("indexing supervisor failed")
            self._fail(f"analysis stopped: {exc}")
        finally:
            if self._process is not None and self._process.is_alive():
                self._process.kill()
                self._process.join(5)
                try:  # our own doing: its files are not to blame
                    settle_dead_jobs(store, worker=self._tag, blame=False)
                except Exception:
                    log.exception("could not hand the stopped worker's jobs back")
            if store is not None:
                store.close()
            self._exited.set()
            self._emit({"type": "exited"})

    def _run(self, store) -> None:
        while True:
            if self._process is None:
                if self._stopping:
                    return
                other = holder(self.config.db_path)
                if other is not None:
                    if self._attached_round(store, other):
                        return
                    continue
                self.progress.elsewhere = None
                self._spawn()
            try:
                message = self._messages.get(timeout=0.2)
            except queue.Empty:
                message = None
            except Exception:  # a worker killed mid-message: what is left of it is unreadable
                message = None
            if message is not None:
                self._handle(message)
                continue
            process = self._process
            if process.is_alive():
                if self._stopping and time.monotonic() > self._stop_deadline:
                    process.kill()
                    process.join(5)
                continue
            if self._worker_ended(store, process.exitcode):
                return

    def _worker_ended(self, store, code: int | None) -> bool:
        """The worker process is gone: attach, stop, or restart it. True when the service is done."""
        self._drain()
        self._messages.close()
        self._process, tag = None, self._tag
        if self._busy:  # another process's worker got the lock first: attach to it
            return False
        deliberate = self._stopping or self._fatal or (code == 0 and self.config.exit_when_idle)
        try:
            failed = settle_dead_jobs(store, worker=tag, exit_code=code, blame=not deliberate)
        except sqlite3.Error as exc:
            self._fail(f"cannot write to the library database ({exc}); nothing was lost")
            return True
        for media_id in failed:
            self.progress.record_file(False)
            self._emit({"type": "file", "media_id": media_id, "ok": False,
                        "error": "the analyser crashed on this file again and again"})
        if deliberate:
            if code == 0 and self.config.exit_when_idle and not self._fatal:
                self.progress.state, self.progress.current = "idle", None
                self._idle.set()
            return True
        if self._in_a_row >= self.max_restarts:
            self._fail(f"the analysis worker keeps stopping (last: {describe_exit(code)}); "
                       "`avrec failures` lists what could not be analysed")
            return True
        self._in_a_row += 1
        self.restarts += 1
        log.warning("analysis worker exited with %s; restarting", describe_exit(code))
        self._emit({"type": "restarting", "code": code})
        return False

    def _attached_round(self, store, other: dict) -> bool:
        """One look at the queue another process's worker is draining. True when this service is done
        (the queue is empty and it was started to drain it)."""
        p = self.progress
        remaining = sum(store.job_counts().values())
        if self._last_remaining is not None and remaining < self._last_remaining:
            p.done += self._last_remaining - remaining
        changed = p.elsewhere is None or remaining != self._last_remaining
        self._last_remaining = remaining
        p.elsewhere, p.remaining, p.current = other.get("pid") or 0, remaining, None
        p.state = "working" if remaining else "idle"
        if remaining:
            self._idle.clear()
        else:
            self._idle.set()
        if changed:
            self._emit({"type": "attached", "pid": p.elsewhere, "remaining": remaining})
        if not remaining and self.config.exit_when_idle:
            return True
        self._stop.wait(self.attach_poll)
        return False

    def _spawn(self) -> None:
        self._busy = self._fatal = False
        self._last_remaining = None
        self._messages = self._ctx.Queue()  # fresh each time: a killed worker may leave one wedged
        self._process = self._ctx.Process(
            target=worker_main, args=(self.config, self._pause, self._stop, self._messages, os.getpid()),
            name="avrec-worker", daemon=True)
        self._process.start()
        self._tag = worker_tag(self._process.pid, os.getpid())

    def _drain(self) -> None:
        while True:
            try:
                self._handle(self._messages.get_nowait())
            except Exception:
                return

    def _fail(self, error: str) -> None:
        self.progress.state, self.progress.error = "failed", error
        self._emit({"type": "fatal", "error": error})

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
            self._in_a_row = 0
        elif kind == "idle":
            p.state, p.current = "idle", None
            self._idle.set()
        elif kind == "paused":
            p.state = "paused"
        elif kind == "resumed":
            p.state = "working"
        elif kind == "busy":
            self._busy = True
            return  # not for listeners: the attached rounds report instead
        elif kind == "fatal":
            p.state, p.error = "failed", message.get("error")
            self._fatal = True
        self._emit(message)

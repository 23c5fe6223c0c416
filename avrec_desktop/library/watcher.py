"""Watching folders with watchdog, debounced and coalesced.

The OS sends several events per file (created, modified ×3, closed: STACK.md measured 6,000 events for
1,000 new files). Events are folded by path; a path is handed on once it has been quiet for
``debounce`` seconds, so one new file makes one call and one job. Directory events are passed on as
such so a moved or deleted folder can be handled as a whole.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Callable, Iterable

from watchdog.events import (DirDeletedEvent, DirMovedEvent, FileSystemEvent, FileSystemEventHandler,
                             FileOpenedEvent, FileClosedNoWriteEvent)
from watchdog.observers import Observer

log = logging.getLogger(__name__)

# (path, is_directory)
Change = tuple[str, bool]


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: "FolderWatcher"):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if isinstance(event, (FileOpenedEvent, FileClosedNoWriteEvent)):
            return
        is_dir = bool(event.is_directory)
        self.watcher.note(os.fsdecode(event.src_path), is_dir or isinstance(event, DirDeletedEvent))
        dest = getattr(event, "dest_path", None)
        if dest:
            self.watcher.note(os.fsdecode(dest), is_dir or isinstance(event, DirMovedEvent))


class FolderWatcher:
    """Watches folder roots; calls ``on_changes(list[Change])`` from its own thread, debounced."""

    def __init__(self, on_changes: Callable[[list[Change]], None], *, debounce: float = 0.75,
                 tick: float = 0.2):
        self.on_changes = on_changes
        self.debounce = debounce
        self.tick = tick
        self._pending: dict[str, tuple[float, bool]] = {}
        self._lock = threading.Lock()
        self._observer = Observer()
        self._watches: dict[str, object] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._flush_loop, name="avrec-watch-debounce", daemon=True)
        self.events_seen = 0
        self.batches_sent = 0

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self, roots: Iterable[str] = ()) -> None:
        for root in roots:
            self.watch(root)
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        try:
            self._observer.stop()
            self._observer.join(timeout=5)
        except RuntimeError:
            pass
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def watch(self, root: str) -> bool:
        """Start watching a root; False when it cannot be watched now (offline drive)."""
        root = os.path.abspath(root)
        if root in self._watches:
            return True
        try:
            self._watches[root] = self._observer.schedule(_Handler(self), root, recursive=True)
        except (OSError, FileNotFoundError) as exc:
            log.info("cannot watch %r: %s", root, exc)
            return False
        return True

    def unwatch(self, root: str) -> None:
        watch = self._watches.pop(os.path.abspath(root), None)
        if watch is not None:
            try:
                self._observer.unschedule(watch)
            except (KeyError, OSError):
                pass

    @property
    def roots(self) -> list[str]:
        return list(self._watches)

    # -- debouncing --------------------------------------------------------------------------------
    def note(self, path: str, is_dir: bool) -> None:
        if os.path.basename(path).startswith("."):
            return
        with self._lock:
            self.events_seen += 1
            _, was_dir = self._pending.get(path, (0.0, False))
            self._pending[path] = (time.monotonic(), is_dir or was_dir)

    def _due(self) -> list[Change]:
        now = time.monotonic()
        with self._lock:
            due = [(p, d) for p, (t, d) in self._pending.items() if now - t >= self.debounce]
            for path, _ in due:
                del self._pending[path]
        return due

    def flush_now(self) -> list[Change]:
        with self._lock:
            due = [(p, d) for p, (_, d) in self._pending.items()]
            self._pending.clear()
        return due

    def _flush_loop(self) -> None:
        while not self._stop.wait(self.tick):
            due = self._due()
            if not due:
                continue
            self.batches_sent += 1
            try:
                self.on_changes(sorted(due))
            except Exception:  # a bad batch must never end watching
                log.exception("handling file changes failed")

"""The one bridge from the core's plain callbacks to Qt signals.

Core listeners are called on whatever thread the core is on (the indexing listener thread, the
watcher's debounce thread, the task thread). Emitting a signal of an object that lives on the GUI
thread queues the call there, so every slot connected to these signals runs on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CoreBridge(QObject):
    indexing = Signal(dict, dict)  # the worker's message, progress as a dict
    library_changed = Signal(dict)
    event_recorded = Signal(dict)
    index_build = Signal(dict)  # {"space", "state": loading|building|ready|failed, "done", "total"}

    def attach(self, core) -> None:
        core.subscribe(self._on_core)

    def _on_core(self, topic: str, payload: dict) -> None:
        if topic == "indexing":
            progress = payload.get("progress")
            self.indexing.emit(dict(payload.get("message") or {}),
                               progress.as_dict() if hasattr(progress, "as_dict") else dict(progress or {}))
        elif topic == "library-changed":
            self.library_changed.emit(dict(payload))
        elif topic == "index-build":
            self.index_build.emit(dict(payload))
        elif topic == "event":
            self.event_recorded.emit({"media_id": payload.get("media_id"), "type": payload.get("type")})

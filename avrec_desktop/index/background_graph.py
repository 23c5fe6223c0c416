"""The background half of ``SpaceIndex``: load, patch or build the graph off the query path, then swap.

The thread works on a snapshot of the exact state and a graph nobody else sees yet, saves it (no lock
needed), and only then takes the index's writer lock to install it — patching in whatever a refresh
added meanwhile, or going round again when that is too much. ``close`` makes a running build stop at
its next chunk and drop its result; progress goes to ``on_progress`` as plain dicts
(``{"space", "state": loading|building|ready|failed, "done", "total"}``).
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np

from avrec_desktop.index import graph_build
from avrec_desktop.index.space_state import LoadReport, _State

log = logging.getLogger(__name__)


class BackgroundGraph:
    """Mixed into ``SpaceIndex``; uses its ``_writer``, ``_state``, ``_graph_for``, ``_updated``..."""

    @property
    def building(self) -> bool:
        """A graph is being loaded or built in the background (search is exact meanwhile)."""
        return self._building

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait for background work (graph, vector file) to finish; True when none is left."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        self._threads = [t for t in self._threads if t.is_alive()]
        return not self._threads

    def close(self) -> None:
        """Abandon a background build (at its next chunk); a vector file being written completes."""
        with self._writer:
            self._gen += 1
            self._building = False

    def _start_background(self) -> None:
        """Called under ``_writer``: make the graph in a daemon thread unless one is on it already."""
        if self._building or self.graph != "background":
            return
        self._building = True
        thread = threading.Thread(target=self._background, args=(self._gen,), daemon=True,
                                  name=f"avrec-index-{self.space}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _background(self, gen: int) -> None:
        t0 = time.perf_counter()
        cancelled = lambda: gen != self._gen  # noqa: E731
        try:
            while True:
                st = self._state
                self._progress("loading", 0, len(st.ids))
                state, source, reason, dirty = self._graph_for(
                    st, progress=lambda done, total: self._progress("building", done, total),
                    cancelled=cancelled)
                with self._writer:
                    if cancelled():
                        return
                    cur = self._state
                    if np.array_equal(cur.ids, st.ids) and np.array_equal(cur.times, st.times):
                        final = _State(cur.ids, cur.times, cur.matrix, state.hnsw, state.deleted)
                    else:  # refreshed meanwhile: patch the new graph, or go round again
                        final, _ = self._updated(_State(st.ids, st.times, st.matrix, state.hnsw,
                                                        state.deleted), cur.ids, cur.times, cur.matrix,
                                                 rebuild=False, private=True)
                        dirty = True
                        if final.hnsw is None:
                            continue
                    self._install(final)
                    self.dirty = dirty
                    self._building = False
                    self.report = LoadReport(source, reason, time.perf_counter() - t0, self.report.vectors)
                self._progress("ready", len(final.ids), len(final.ids), source=source)
                if dirty:  # in use already; saved once the user is idle (hnswlib's save holds the GIL)
                    self.wait_for_gate(cancelled)
                    self.save()
                return
        except graph_build.Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - search stays exact; say why once
            log.exception("building the %s vector index failed; searching exactly", self.space)
            with self._writer:
                self._building = False
            self._progress("failed", 0, 0, error=str(exc))

    def wait_for_gate(self, cancelled) -> None:
        """Block this background thread until ``load_gate`` is open (or raise ``Cancelled``). hnswlib's
        load_index and save_index hold the GIL for the whole call (257–314 ms for the 168 MB graph of
        100k × 384, measured 2026-12-03): the window opens the gate only while the user is idle, so
        such a stretch never lands on a click, a key or a scroll. Without a gate: at once."""
        gate = getattr(self, "load_gate", None)
        while gate is not None and not gate.wait(0.25):
            if cancelled():
                raise graph_build.Cancelled()

    def _progress(self, state: str, done: int, total: int, **extra) -> None:
        if self.on_progress is not None:
            try:
                self.on_progress({"space": self.space, "state": state, "done": int(done),
                                  "total": int(total), **extra})
            except Exception:  # noqa: BLE001 - a listener never breaks the index
                log.exception("index progress listener failed")

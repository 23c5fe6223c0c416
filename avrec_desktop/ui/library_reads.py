"""The library table's reads (its lists of ids, its pages of cells, the word matches of a search), kept
quick at 100k items (issue #11).

They run on threads of their own, each with its own SQLite connection, so they never wait behind the
indexes' warm-up, a scan or a recommendation on the controller's task thread; pages of cells have a
second thread, since a list of ids (the other kind's table, a sort, a refresh) takes 50-300 ms and the
page being painted must not wait for it. A table asking again for its ids before the read started is
read once, in the newest order it asked for, and a search's word matches bring the cells of their
first page with them. Tests' runner that runs everything at once uses the core's one store.
"""

from __future__ import annotations

import threading
import time

from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.tasks import URGENT


class LibraryReads:
    def __init__(self, controller):
        self._controller = controller
        self._reader = None  # the thread of the lists of ids and the searches
        self._pager = None  # ...and of the pages of cells
        self._ids_waiting: dict = {}  # kind -> [(order, descending), callbacks]: a list of ids not yet read
        self._ids_lock = threading.Lock()
        self._prefetched: dict[int, dict] = {}  # the cells read with the latest word matches (used once)
        self.last_read = 0.0  # when the table last read (monotonic seconds)

    def ids(self, kind, order: str, descending: bool, on_done) -> None:
        """The ids of one kind's table in this order. A table asks again whenever its order or contents
        change and only its newest answer counts, so a newer ask replaces one that has not started yet
        (the older callbacks are dropped; the same order asked again shares the read): as the window
        opens each table asks three times (set up, sorted, shown), and at 100k items each read takes
        ~100 ms, one after the other, before the first page of cells could be asked for."""
        self._prefetched = {}
        key = (order, descending)
        with self._ids_lock:
            waiting = self._ids_waiting.get(kind)
            if waiting is not None:
                if waiting[0] != key:
                    waiting[:] = [key, []]
                waiting[1].append(on_done)
                return
            self._ids_waiting[kind] = [key, [on_done]]

        def read(store):
            with self._ids_lock:  # from here on an ask reads again (it may want what changed since)
                (order, descending), callbacks = self._ids_waiting.pop(kind)
            return callbacks, store.library_ids(kind, order, descending)

        def answered(answer):
            callbacks, ids = answer
            for callback in callbacks:
                callback(ids)
        self.read(read, on_done=answered, what=qtr("LibraryReads", "could not read the library"))

    def rows(self, ids, on_done) -> None:
        """A page of cells: when it came with the latest search's matches, from those on the next turn
        of the event loop (no read, no thread: the results' cells come one round trip sooner; not in
        the paint that asked, which would then paint every cell twice), else read on the pages' thread."""
        rows = self._prefetched
        if rows and all(media_id in rows for media_id in ids):
            self._prefetched = {}
            page = {media_id: rows[media_id] for media_id in ids}
            if self._reader is self._controller.runner:  # tests' runner that runs everything at once
                on_done(page)
            else:
                from PySide6.QtCore import QTimer

                QTimer.singleShot(0, self._controller, lambda: on_done(page))
            return
        self.read(lambda store: store.library_rows(ids), on_done=on_done, priority=URGENT,
                  what=qtr("LibraryReads", "could not read the library"), page=True)

    def came_with_search(self, rows: dict[int, dict]) -> None:
        """The cells read with a search's word matches (replacing any before)."""
        self._prefetched = rows

    def take_search_rows(self) -> dict[int, dict]:
        """The cells that came with the latest word matches, handed over once: the table installs them
        with the matches, so its first paint of the result has its cells (no empty paint, no round trip)."""
        rows, self._prefetched = self._prefetched, {}
        return rows

    def read(self, fn, *, on_done, what: str, priority: int = 0, page: bool = False) -> None:
        """``fn(store)`` on the reads' thread (``page``: the pages' thread) with its own connection."""
        from avrec_desktop.ui.tasks import TaskRunner

        controller = self._controller
        if self._reader is None:
            real = isinstance(controller.runner, TaskRunner)
            self._reader = TaskRunner(controller) if real else controller.runner
            self._pager = TaskRunner(controller) if real else controller.runner
        runner = self._pager if page else self._reader
        own = runner is not controller.runner
        core = controller.core
        self.last_read = time.monotonic()
        controller._call(lambda: fn(core.reader_store() if own else core.store), on_done=on_done,
                         what=what, priority=priority, runner=runner)

    def wait(self, msecs: int) -> None:
        for runner in (self._reader, self._pager):
            if runner is not None and runner is not self._controller.runner:
                runner.wait(msecs)

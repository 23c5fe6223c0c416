"""The window's searches: by words at once, then by meaning, each answer dropped once a newer search came.

Words are matched by SQLite FTS5 on the table's reads' thread (no model). The query's sentence (and
CLIP / CLAP text) vectors are made in a process of its own (recommend/query_encoder_process.py, started
on the first search), so torch never loads in the window and never holds up the table; the core then
ranks with them on the task thread. Only one query is in the encoder at a time: the latest one waits.
"""

from __future__ import annotations

import logging

from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.tasks import URGENT

log = logging.getLogger(__name__)
SEARCH_PREFETCH = 256  # a search's word matches come with the cells of this many (the table's first page)


class SearchRequests:
    """Owned by the controller; answers go out through ``controller.search_ready``."""

    def __init__(self, controller):
        self.controller = controller
        self.serial = 0  # answers to an older search are dropped
        self.text_model = "none"  # none / busy / failed: the query encoder process
        self.waiting = None  # (text, kind, serial) that came while the encoder was busy
        self.process = None  # the search-by-meaning encoder process, once started
        self._side = None

    def search(self, text: str, kind: str | None) -> None:
        c = self.controller
        self.serial += 1
        serial = self.serial
        c.reads.came_with_search({})
        if not text.strip():
            c.search_ready.emit(text, [])
            return

        def by_words(store):
            from avrec_desktop.recommend.search import word_match_ids

            ids = word_match_ids(store, text, k=500, kind=kind)
            return ids, store.library_rows(ids[:SEARCH_PREFETCH])

        def by_letters(answer):
            if serial == self.serial:
                ids, rows = answer
                c.reads.came_with_search(rows)
                c.search_ready.emit(text, ids)
                self._by_meaning(text, kind, serial)
        c.reads.read(by_words, on_done=by_letters, priority=URGENT, what=qtr("Controller", "search failed"))

    def _by_meaning(self, text: str, kind: str | None, serial: int) -> None:
        c = self.controller
        if serial != self.serial or self.text_model == "failed":
            return
        if self.side_runner() is c.runner:  # tests' runner that runs at once: the core's encoders
            c._call(c.core.search, text, k=500, kind=kind, what=qtr("Controller", "search failed"),
                    on_done=lambda results: c.search_ready.emit(text, [r.media.id for r in results]))
            return
        if self.text_model == "busy":
            self.waiting = (text, kind, serial)
            return
        self.text_model = "busy"

        def encoded(vectors, error):
            c.answered(token)
            self.text_model = "none"
            if error is not None:  # searches stay by words
                self.text_model = "failed"
                log.warning("search by meaning is off: %s", error)
                return
            waiting, self.waiting = self.waiting, None
            if waiting is not None:  # a newer search came while this one was encoded
                self._by_meaning(*waiting)
            if serial != self.serial:
                return
            encoders = (vectors.get("text"), vectors.get("visual"), vectors.get("clap"))

            def done(results):
                if serial == self.serial:
                    c.search_ready.emit(text, [r.media.id for r in results])
            c._call(c.core.search, text, k=500, kind=kind, encoders=encoders, on_done=done,
                    what=qtr("Controller", "search failed"))
        token = c.asking()  # the meaning's encoding (its first one loads the model: seconds): the window is busy
        self.side_runner().run(self.query_encoder().encode, text, on_done=encoded)

    def query_encoder(self):
        if self.process is None:
            from avrec_desktop.recommend.query_encoder_process import QueryEncoderProcess

            self.process = QueryEncoderProcess()
        return self.process

    def side_runner(self):
        """A second task thread for work that touches no database (the query encoder's pipe); tests'
        runner that runs everything at once is used as it is."""
        from avrec_desktop.ui.tasks import TaskRunner

        c = self.controller
        if self._side is None:
            self._side = TaskRunner(c) if isinstance(c.runner, TaskRunner) else c.runner
        return self._side

    def close(self) -> None:
        if self.process is not None:
            self.process.close()

"""What the window does, independent of how it looks: the one place views send their intents.

It owns the core (used only through the task runner's thread), the bridge, the player and the Up next
queue. Views call its methods and listen to its signals; they never touch the core, the store or
threads. Nothing here reads the database on the GUI thread: every read (the library's cells, the
folders overview, history, settings) is a task whose answer comes back as a signal or callback
(tests/test_ui_gui_thread.py checks it while driving the window).
"""

from __future__ import annotations

import time


from PySide6.QtCore import QObject, Signal

from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.library_reads import LibraryReads
from avrec_desktop.ui.player import PlayerController
from avrec_desktop.ui.search_requests import SearchRequests
from avrec_desktop.ui.tasks import URGENT
from avrec_desktop.ui.up_next import UpNextQueue
from avrec_desktop.ui.warm_up import WarmUp

REFILL_BELOW = 3
# A background task running Python holds the GIL for up to the switch interval (5 ms by default) each
# time the GUI thread wants it back, and a repaint calls into Python ~1,500 times (every cell, every
# role): with a task running, one repaint of the table took up to 400 ms. 0.5 ms keeps it smooth.
GIL_SWITCH_S = 0.0005


class AppController(QObject):
    error = Signal(str)  # a readable message for the status bar
    similar_ready = Signal(object, list)  # seed MediaItem, [SimilarResult]
    similar_tags = Signal(int, object)  # right after similar_ready: seed id, {id: top tags [(tag, p)]}
    search_ready = Signal(str, list)  # query, [media ids]
    for_you_ready = Signal(list)  # [Shelf]
    why_ready = Signal(object, list)  # MediaItem, [Reason]
    why_explained = Signal(object, list, dict, object, list)  # MediaItem, [Reason], bars vs the playing item, its title, its top tags [(tag, p)]
    folders_changed = Signal()
    summary_ready = Signal(dict)  # folders (with counts), failures, status counts: see library_summary
    history_ready = Signal(list)  # [event row with title and path], newest first
    download_progress = Signal(int, object)  # bytes done, total or None
    feedback_given = Signal(int, str)  # media id, like / dislike / less-like (recorded or on its way)

    def __init__(self, core, runner, bridge, parent=None, player: PlayerController | None = None):
        super().__init__(parent)
        import sys

        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_S))
        self.core = core
        self.runner = runner
        self.bridge = bridge
        self._summary_state = "idle"  # idle / asked / asked-again (one summary query at a time)
        self.last_summary: dict | None = None  # the overview as last read (a view made later starts from it)
        self.last_call = time.monotonic()  # the last request to the core, or answer from it (ui/idle_gate.py)
        self._out: dict[int, float] = {}  # requests asked and not answered yet -> when each was asked
        self._asks = 0
        self.reads = LibraryReads(self)  # the table's reads, on threads of their own
        self.searches = SearchRequests(self)  # by words, then by meaning (its encoder in a process of its own)
        self.warming = WarmUp(self)  # the indexes' and taste model's warm-up after the window opened
        self.player = player or PlayerController(self.report, self)
        self.queue = UpNextQueue(self)
        self.adventure = 0.5  # Up next: familiar (0) ⟷ adventurous (1), set by ui/adventure_control.py
        self.steering = None  # a journey or station steering Up next (ui/steering_actions.py)
        from avrec_desktop.ui.covers import CoverCache
        from avrec_desktop.ui.tasks import TaskRunner

        # covers load on a thread of their own (a real runner), or at once with the tests' runner
        self.covers = CoverCache(lambda media_id: self.core.cover_file(media_id),
                                 TaskRunner(self) if isinstance(runner, TaskRunner) else runner, self)
        from avrec_desktop.ui.play_queue import Playback

        self.playback = Playback(self)  # previous/next, shuffle, repeat, re-seeding, restore (play_queue.py)
        self.queue.removed_suggestion.connect(
            lambda media_id: self.report(media_id, "removed", source="up-next"))

    # -- core calls (always through the runner) ---------------------------------------------------
    def _call(self, fn, *args, on_done=None, what: str = "", priority: int = 0, runner=None, **kwargs) -> None:
        token = self.asking()
        def done(result, error):
            self.answered(token)
            if error is not None:
                text = qtr("Controller", "{what}: {error}").format(what=what, error=error) if what else str(error)
                self.error.emit(text)
                return
            if on_done is not None:
                on_done(result)
        (runner or self.runner).run(fn, *args, on_done=done, priority=priority, **kwargs)

    def asking(self) -> int:
        """A request is on its way (the user is doing something: ui/idle_gate.py); give its token to
        ``answered``."""
        self.last_call = time.monotonic()
        self._asks += 1
        self._out[self._asks] = self.last_call
        return self._asks

    def answered(self, token: int) -> None:
        self.last_call = time.monotonic()
        self._out.pop(token, None)

    def requests_out(self, younger_than_s: float) -> bool:
        """A request asked less than ``younger_than_s`` ago is not answered yet (an older one is taken as
        stuck: it must not keep the window from ever being idle)."""
        now = time.monotonic()
        for token, asked in list(self._out.items()):
            if now - asked >= younger_than_s:
                del self._out[token]
        return bool(self._out)

    def report(self, media_id: int, type: str, **fields) -> None:
        self._call(self.core.record_event, media_id, type, what=qtr("Controller", "could not record the play"),
                   priority=URGENT, **fields)

    # -- reads for the views (answers arrive on the GUI thread) -------------------------------------
    def load_library_ids(self, kind, order: str, descending: bool, on_done) -> None:
        self.reads.ids(kind, order, descending, on_done)  # a newer ask replaces one not yet read

    def load_library_rows(self, ids, on_done) -> None:
        def shown(rows):
            on_done(rows)
            self.warming.start()  # the first cells are there: the indexes may warm up now
        self.reads.rows(ids, shown)

    def load_library_tags(self, kind, on_done) -> None:
        self._read(lambda store: store.library_tags_present(kind), on_done=on_done,
                   what=qtr("Controller", "could not read the library"))

    def _read(self, fn, *, on_done, what: str, priority: int = 0) -> None:
        """``fn(store)`` on the table's reads' thread with its own connection (ui/library_reads.py)."""
        self.reads.read(fn, on_done=on_done, what=what, priority=priority)

    def load_item(self, media_id: int, on_done) -> None:
        """The item as the store has it now (its tags may have come with its analysis)."""
        self._call(self.core.resolve_item, media_id, on_done=on_done,
                   what=qtr("Controller", "could not read the playing item"))

    def load_summary(self, again: bool = True) -> None:
        """Ask for the folders overview; every view that shows part of it listens to summary_ready.
        Requests while one is under way are folded into one more (``again``: something changed since
        that one was asked); ``again=False``: the one under way will do (a page being shown; 100 ms of
        the core thread at 100k items, where a Play similar would wait behind it)."""
        if self._summary_state != "idle":
            if again:
                self._summary_state = "asked-again"
            return
        self._summary_state = "asked"

        def done(result, error):
            again = self._summary_state == "asked-again"
            self._summary_state = "idle"
            if error is not None:
                self.error.emit(qtr("Controller", "could not read the folders: {error}").format(error=error))
            else:
                self.last_summary = result
                self.summary_ready.emit(result)
            if again:
                self.load_summary()
        self.runner.run(self._summary, on_done=done)

    def _summary(self) -> dict:
        from avrec_desktop.library import play_session

        store = self.core.store
        counts = store.folder_status_counts()
        return {"folders": [(f, counts.get(f.id, {})) for f in store.folders()],
                "failures": store.failures(), "status": store.status_counts(),
                "unplayable": store.failed_with(play_session.UNPLAYABLE)}  # of "failed": analysed, not playable

    def load_history(self) -> None:
        self._call(lambda: self.core.store.play_history(500), on_done=self.history_ready.emit,
                   what=qtr("Controller", "could not read the history"))

    def load_settings(self, on_done) -> None:
        """The Settings dialog's values: {worker_threads, use_gpu, rules, models, visual}."""
        def read():
            from avrec_desktop.encoders import models
            from avrec_desktop.recommend.outcomes import OutcomeRules

            store = self.core.store
            return {"worker_threads": int(store.get_setting("worker_threads", "0") or 0),
                    "use_gpu": store.get_setting("use_gpu", "1") == "1", "rules": OutcomeRules.load(store),
                    "models": models.list_models(),
                    "visual": "CLIP" if models.default_model() else qtr("Controller", "model-free descriptor")}
        self._call(read, on_done=on_done, what=qtr("Controller", "could not read the settings"))

    def save_settings(self, *, on_done=None, **values) -> None:
        """Write on the task thread (a busy database never freezes the dialog); the core applies them now."""
        self._call(self.core.apply_settings, on_done=on_done, what=qtr("Controller", "could not save the settings"),
                   **values)

    def add_folder(self, path: str, kind: str) -> None:
        def added(result):
            self.folders_changed.emit()
            self.start_background()
        self._call(self.core.add_folder, path, kind, on_done=added, what=qtr("Controller", "could not add the folder"))

    def remove_folder(self, folder_id: int) -> None:
        self._call(self.core.remove_folder, str(folder_id), on_done=lambda _r: self.folders_changed.emit(),
                   what=qtr("Controller", "could not remove the folder"))

    def rescan(self, on_done=None) -> None:
        """Look at every folder again; ``on_done(reports)`` after folders_changed."""
        def done(reports):
            self.folders_changed.emit()
            if on_done is not None:
                on_done(reports)
        self._call(self.core.scan, on_done=done, what=qtr("Controller", "rescan failed"))

    def start_background(self) -> None:
        """Start the indexing worker and the folder watcher (idempotent)."""
        def start():
            self.core.start_watching()
            return self.core.start_indexing()
        self._call(start, what=qtr("Controller", "could not start analysing"))

    def pause_indexing(self, paused: bool) -> None:
        service = self.core.indexing
        if service is not None:
            service.pause() if paused else service.resume()

    def search(self, text: str, kind: str | None) -> None:
        """By words at once, then by meaning too (ui/search_requests.py): search_ready twice."""
        self.searches.search(text, kind)

    def side_runner(self):
        """A second task thread for work that touches no database (the query encoder's pipe)."""
        return self.searches.side_runner()

    def query_encoder(self):
        """The search-by-meaning encoder process (started on first use)."""
        return self.searches.query_encoder()

    @property
    def _query_process(self):  # the encoder process, if one was started (shutdown, benches, tests)
        return self.searches.process

    def warm_up(self) -> None:
        """Open the indexes and the taste model in the background once the first cells are shown."""
        self.warming.ask()

    def show_similar(self, media_id: int) -> None:
        def fetch():
            seed, results = self.core.resolve_item(media_id), self.core.similar_panel(media_id, k=20)
            return seed, results, self.core.top_tags([seed.id] + [r.media.id for r in results])

        def done(answer):
            self.similar_ready.emit(answer[0], answer[1])
            self.similar_tags.emit(answer[0].id, answer[2])
        self._call(fetch, on_done=done, what=qtr("Controller", "no similar items"))

    def load_for_you(self) -> None:
        self._call(lambda: self.core.recommender().for_you(), on_done=self.for_you_ready.emit,
                   what=qtr("Controller", "could not build For you"))

    def explain(self, media_id: int) -> None:
        current = self.player.current.media_id if self.player.current else None
        def fetch():
            from avrec_desktop.recommend.similar import pair_bars

            item, reasons = self.core.resolve_item(media_id), self.core.recommender().why(media_id, current_id=current)
            tags = self.core.top_tags([media_id]).get(media_id, [])
            if current is None or current == media_id:
                return item, reasons, {}, None, tags
            return (item, reasons, pair_bars(self.core.indexes(), media_id, current), self.core.resolve_item(current),
                    tags)

        def done(answer):
            self.why_ready.emit(*answer[:2])
            self.why_explained.emit(answer[0], answer[1], answer[2], answer[3].display_title if answer[3] else None,
                                    answer[4])
        self._call(fetch, on_done=done, what=qtr("Controller", "no explanation"))

    # -- playback ---------------------------------------------------------------------------------
    def play(self, media_id: int, *, source: str = "library", seed_id: int | None = None,
             auto: bool = False, item=None, then=None) -> None:
        """Play an item; pass the MediaItem when the caller has it, else it is read first (urgently)."""
        def start(item):
            self.playback.start(item, source=source, seed_id=seed_id, auto=auto, then=then)
        if item is not None:
            start(item)
        else:
            self._call(self.core.resolve_item, media_id, on_done=start, priority=URGENT,
                       what=qtr("Controller", "cannot play"))

    def play_similar(self, media_id: int, item=None) -> None:
        """Start the item and fill Up next with what is like it."""
        self.queue.clear_suggestions()
        self.play(media_id, source="similar", item=item, then=lambda: self.refill_queue(replace=True))

    def queue_next(self, media_id: int) -> None:
        self._call(self.core.resolve_item, media_id, priority=URGENT, what=qtr("Controller", "cannot queue"),
                   on_done=lambda item: self.queue.insert_next(item, reasons=[], pinned=True))

    def play_next_auto(self) -> None:
        self.playback.advance(auto=True)

    def next_pressed(self) -> None:
        self.playback.advance(auto=False)

    def refill_queue(self, replace: bool = False) -> None:
        if self.steering is not None and self.steering.refill(replace):
            return  # a station's next page
        current = self.player.current
        if current is None:
            return

        adventure = self.adventure

        def fetch():
            return self.core.recommender().next(current_id=current.media_id, session=self.player.session, k=10,
                                                adventure=adventure)

        def done(suggestions):
            if replace:
                self.queue.clear_suggestions()
            playing = self.player.current.media_id if self.player.current else None
            self.queue.extend_suggestions([s for s in suggestions if s.media.id != playing],
                                          seed_id=current.media_id)
        self._call(fetch, on_done=done, what=qtr("Controller", "could not suggest what comes next"))

    def feedback(self, media_id: int, type: str) -> None:
        """like / dislike / less-like (for the playing seed, when there is one)."""
        seed = self.player.current.media_id if self.player.current and type == "less-like" else None
        self.report(media_id, type, seed_id=seed)
        self.feedback_given.emit(media_id, type)
        if type in ("dislike", "less-like"):
            self.queue.remove_media(media_id, feedback=False)

    # -- models and privacy -----------------------------------------------------------------------
    def import_model(self, path: str, on_done=None) -> None:
        from avrec_desktop.encoders import models

        self._call(models.import_model, path, on_done=on_done, what=qtr("Controller", "could not import the model"))

    def download_model(self, model_id: str, cancel, *, on_progress=None, on_done=None) -> None:
        """Downloads run on their own runner so a long download never holds up the library."""
        from avrec_desktop.encoders import models
        from avrec_desktop.ui.tasks import TaskRunner

        if not hasattr(self, "_downloads"):
            self._downloads = TaskRunner(self)
        if on_progress is not None:
            self.download_progress.connect(on_progress)

        def done(result, error):
            if on_progress is not None:
                self.download_progress.disconnect(on_progress)
            if error is not None:
                self.error.emit(qtr("Controller", "download stopped: {error}").format(error=error))
            if on_done is not None:
                on_done(result)
        self._downloads.run(models.download_model, model_id, cancel=cancel, on_done=done,
                            progress=lambda p: self.download_progress.emit(p.done, p.total))

    def forget(self, history: bool) -> None:
        self._call(self.core.forget, history=history, on_done=lambda _r: self.folders_changed.emit(),
                   what=qtr("Controller", "could not forget"))

    def shutdown(self) -> None:
        gate = getattr(self, "idle_gate", None)
        if gate is not None:
            gate.close()
        self.player.close()
        self.searches.close()
        self.reads.wait(15000)
        self.runner.run(self.core.close)
        self.runner.wait(15000)

"""What the window does, independent of how it looks: the one place views send their intents.

It owns the core (used only through the task runner's thread), the bridge, the player and the Up next
queue. Views call its methods and listen to its signals; they never touch the core or start threads.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from avrec_desktop.ui.player import NowPlaying, PlayerController
from avrec_desktop.ui.up_next import UpNextQueue

log = logging.getLogger(__name__)
REFILL_BELOW = 3


class AppController(QObject):
    error = Signal(str)  # a readable message for the status bar
    similar_ready = Signal(int, list)  # seed id, [SimilarResult]
    search_ready = Signal(str, list)  # query, [media ids]
    for_you_ready = Signal(list)  # [Shelf]
    why_ready = Signal(int, list)  # media id, [Reason]
    folders_changed = Signal()
    download_progress = Signal(int, object)  # bytes done, total or None

    def __init__(self, core, runner, bridge, read_store, parent=None, player: PlayerController | None = None):
        super().__init__(parent)
        self.core = core
        self.runner = runner
        self.bridge = bridge
        self.store = read_store  # the GUI thread's own connection, for quick reads
        self.player = player or PlayerController(self.report, self)
        self.queue = UpNextQueue(self)
        self.player.on_finished = self.play_next_auto
        self.queue.removed_suggestion.connect(
            lambda media_id: self.report(media_id, "removed", source="up-next"))

    # -- core calls (always through the runner) ---------------------------------------------------
    def _call(self, fn, *args, on_done=None, what: str = "", **kwargs) -> None:
        def done(result, error):
            if error is not None:
                self.error.emit(f"{what}: {error}" if what else str(error))
                return
            if on_done is not None:
                on_done(result)
        self.runner.run(fn, *args, on_done=done, **kwargs)

    def report(self, media_id: int, type: str, **fields) -> None:
        self._call(self.core.record_event, media_id, type, what="could not record the play", **fields)

    def add_folder(self, path: str, kind: str) -> None:
        def added(result):
            self.folders_changed.emit()
            self.start_background()
        self._call(self.core.add_folder, path, kind, on_done=added, what="could not add the folder")

    def remove_folder(self, folder_id: int) -> None:
        self._call(self.core.remove_folder, str(folder_id), on_done=lambda _r: self.folders_changed.emit(),
                   what="could not remove the folder")

    def rescan(self) -> None:
        self._call(self.core.scan, on_done=lambda _r: self.folders_changed.emit(), what="rescan failed")

    def start_background(self) -> None:
        """Start the indexing worker and the folder watcher (idempotent)."""
        def start():
            self.core.start_watching()
            return self.core.start_indexing()
        self._call(start, what="could not start analysing")

    def pause_indexing(self, paused: bool) -> None:
        service = self.core.indexing
        if service is not None:
            service.pause() if paused else service.resume()

    def search(self, text: str, kind: str | None) -> None:
        if not text.strip():
            self.search_ready.emit(text, [])
            return
        self._call(self.core.search, text, k=500, kind=kind,
                   on_done=lambda results: self.search_ready.emit(text, [r.media.id for r in results]),
                   what="search failed")

    def show_similar(self, media_id: int) -> None:
        self._call(self.core.similar, media_id, k=20,
                   on_done=lambda results: self.similar_ready.emit(media_id, results),
                   what="no similar items")

    def load_for_you(self) -> None:
        self._call(lambda: self.core.recommender().for_you(), on_done=self.for_you_ready.emit,
                   what="could not build For you")

    def explain(self, media_id: int) -> None:
        current = self.player.current.media_id if self.player.current else None
        self._call(lambda: self.core.recommender().why(media_id, current_id=current),
                   on_done=lambda reasons: self.why_ready.emit(media_id, reasons), what="no explanation")

    # -- playback ---------------------------------------------------------------------------------
    def play(self, media_id: int, *, source: str = "library", seed_id: int | None = None,
             auto: bool = False) -> None:
        item = self.store.get_media(media_id)
        self.player.play(NowPlaying(media_id=item.id, path=item.path, kind=item.kind, title=item.display_title,
                                    duration=item.duration, source=source, seed_id=seed_id, auto=auto))
        if len(self.queue) < REFILL_BELOW:
            self.refill_queue()

    def play_similar(self, media_id: int) -> None:
        """Start the item and fill Up next with what is like it."""
        self.queue.clear_suggestions()
        self.play(media_id, source="similar")
        self.refill_queue(replace=True)

    def queue_next(self, media_id: int) -> None:
        item = self.store.get_media(media_id)
        self.queue.insert_next(item, reasons=[], pinned=True)

    def play_next_auto(self) -> None:
        entry = self.queue.pop()
        if entry is None:
            return
        self.play(entry.media.id, source=entry.source, seed_id=entry.seed_id, auto=True)

    def next_pressed(self) -> None:
        entry = self.queue.pop()
        if entry is None:
            self.player.skip()
            return
        self.play(entry.media.id, source=entry.source, seed_id=entry.seed_id, auto=False)

    def refill_queue(self, replace: bool = False) -> None:
        current = self.player.current
        if current is None:
            return

        def fetch():
            return self.core.recommender().next(current_id=current.media_id, session=self.player.session, k=10)

        def done(suggestions):
            if replace:
                self.queue.clear_suggestions()
            playing = self.player.current.media_id if self.player.current else None
            self.queue.extend_suggestions([s for s in suggestions if s.media.id != playing],
                                          seed_id=current.media_id)
        self._call(fetch, on_done=done, what="could not suggest what comes next")

    def feedback(self, media_id: int, type: str) -> None:
        """like / dislike / less-like (for the playing seed, when there is one)."""
        seed = self.player.current.media_id if self.player.current and type == "less-like" else None
        self.report(media_id, type, seed_id=seed)
        if type in ("dislike", "less-like"):
            self.queue.remove_media(media_id, feedback=False)

    # -- models and privacy -----------------------------------------------------------------------
    def import_model(self, path: str, on_done=None) -> None:
        from avrec_desktop.encoders import models

        self._call(models.import_model, path, on_done=on_done, what="could not import the model")

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
                self.error.emit(f"download stopped: {error}")
            if on_done is not None:
                on_done(result)
        self._downloads.run(models.download_model, model_id, cancel=cancel, on_done=done,
                            progress=lambda p: self.download_progress.emit(p.done, p.total))

    def forget(self, history: bool) -> None:
        self._call(self.core.forget, history=history, on_done=lambda _r: self.folders_changed.emit(), what="could not forget")

    def shutdown(self) -> None:
        self.player.close()
        self.runner.run(self.core.close)
        self.runner.wait(15000)

"""How playback moves: what Previous goes back to, what Next and the end of an item go on to (shuffle,
repeat), Up next following what the user picks, files that vanished, and the state kept for the next
start. The player (player.py) only plays and reports; the Up next model (up_next.py) only holds entries.

- Previous within the first RESTART_WITHIN seconds goes back to the item played before (this session),
  else to the start of the current one. Going back ends the current item with reason "previous" and puts
  it first in Up next, so Next returns to it.
- An item picked by hand (the library, For you, Similar, search) re-seeds the automatic part of Up next;
  entries the user queued or pinned stay. Playing from Up next or going back does not.
- A file that is gone from disk, or there but unplayable (damaged, empty, mislabelled), is skipped and
  marked (missing / failed with the reason), the status bar says so in one line, and playback goes on with
  Up next. An unplayable one has started, so it ends with reason "error" (neutral: not a skip).
- Shuffle takes the next entry at random (the user's queued entries still come first). Repeat one plays
  the item again; repeat all plays this session's items again when Up next runs out (no refills then).
- The current item, its position, Up next, volume, shuffle, repeat and adventure are saved (on the task
  thread, through the settings table, one transaction each) and restored paused at the next start: on every
  change, and every SAVE_EVERY_S seconds of playing, so a crash loses a few seconds of position, never Up next.
"""

from __future__ import annotations

import logging
import os
import random

from PySide6.QtCore import QObject, QTimer, Signal

from avrec_desktop.library import play_session
from avrec_desktop.library.play_session import SavedEntry, SavedSession
from avrec_desktop.recommend.phrases import Words, from_data, to_data
from avrec_desktop.recommend.reasons import Reason
from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.player import NowPlaying, no_audio_device, shown_reason
from avrec_desktop.ui.up_next import QueueEntry

RESTART_WITHIN = 3.0  # seconds: Previous later than this restarts the item
REFILL_BELOW = 3
QUEUE_SOURCES = ("up-next", "queue", "history", "journey", "station")  # from the queue or going back: no re-seed
MAX_SKIPS = 20  # vanished or unplayable files skipped in a row before giving up
SAVE_DELAY_MS = 500  # a change to Up next, the modes or the volume is saved this soon (one write for a burst)
SAVE_EVERY_S = 3.0  # while playing, the position is saved this often: a crash or power cut loses at most this
log = logging.getLogger(__name__)
WHERE_YOU_WERE = Reason.saying("history", Words("history.back", {}))
AGAIN = Reason.saying("history", Words("history.again", {}))


class Playback(QObject):
    modes_changed = Signal()  # shuffle or repeat changed
    restored = Signal(object)  # SavedSession, once the last run's state is back (volume etc.)
    message = Signal(str)  # news for the status bar (not an error: a skipped file, no audio device)

    def __init__(self, controller, parent=None, *, rng: random.Random | None = None):
        super().__init__(parent or controller)
        self.controller = controller
        self.player = controller.player
        self.queue = controller.queue
        self.rng = rng or random.Random()
        self.shuffle = False
        self.repeat = "off"
        self.volume, self.muted = 0.8, False
        self.back: list[NowPlaying] = []  # what played before the current item, oldest first
        self._now: NowPlaying | None = None  # the current item, or the last one when it ended
        self._going_back = False
        self._skips = 0
        self._failures = 0  # unplayable files in a row (reset once something plays)
        self._told_no_audio = False
        self._restored = False  # nothing is saved before the last run's state is read
        self._closed = False
        self._saved_at = 0.0
        self.player.on_finished = lambda: self.advance(auto=True)
        self.player.on_previous = self.previous
        self.player.unplayable.connect(self._unplayable)
        self.player.started.connect(self._started)
        self.player.state_changed.connect(lambda playing: playing or self.save_soon())
        self.player.position_changed.connect(self._position)
        self.player.closing.connect(self._closing)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        for sig in (self.queue.rowsInserted, self.queue.rowsRemoved, self.queue.rowsMoved, self.queue.modelReset,
                    self.queue.dataChanged):
            sig.connect(self.save_soon)
        QTimer.singleShot(0, self.restore)

    # -- starting ---------------------------------------------------------------------------------
    def start(self, media, *, source: str, seed_id: int | None, auto: bool, then=None) -> None:
        """Play ``media`` (a MediaItem) as the controller asked; the one way every play begins."""
        from_queue = auto or source in QUEUE_SOURCES
        if not os.path.isfile(media.path):
            self._vanished(media, advance=from_queue, auto=auto)
            return
        if not self._told_no_audio and no_audio_device():
            self._told_no_audio = True  # once a session: the status bar is for news
            self.message.emit(qtr("PlayQueue", "No audio device: playing silently (check the sound settings)"))
        end_reason = "previous" if self._going_back else "next"
        self.player.play(NowPlaying(media_id=media.id, path=media.path, kind=media.kind,
                                    title=media.display_title, duration=media.duration, source=source,
                                    seed_id=seed_id, auto=auto, media=media), end_reason=end_reason)
        if then is not None:
            then()
        elif not from_queue:
            self.reseed()
        elif len(self.queue) < REFILL_BELOW and self.repeat != "all":
            self.controller.refill_queue()

    def reseed(self) -> None:
        """Up next follows a hand-picked item: its automatic entries are replaced, the user's stay."""
        self.queue.clear_suggestions()
        self.controller.refill_queue(replace=True)

    def _play_entry(self, entry: QueueEntry, auto: bool) -> None:
        self.controller.play(entry.media.id, source=entry.source, seed_id=entry.seed_id, auto=auto,
                             item=entry.media)

    def _started(self, item: NowPlaying) -> None:
        if self._now is not None and not self._going_back and self._now is not item:
            self.back.append(self._now)
        self._now = item
        self._going_back = False
        self.save_soon()

    # -- moving -----------------------------------------------------------------------------------
    def advance(self, auto: bool = False) -> None:
        """Next (``auto``: the item ended by itself), by shuffle and repeat."""
        if auto and self.repeat == "one" and self._now is not None:
            now = self._now
            self._now = None  # the same item again: not a step back
            self.controller.play(now.media_id, source=now.source, seed_id=now.seed_id, auto=True,
                                 item=_as_media(now))
            return
        entry = self._take()
        if entry is None and self.repeat == "all":
            entry = self._loop()
        if entry is None:
            if not auto:
                self.player.skip()
            return
        self._play_entry(entry, auto)

    def _take(self) -> QueueEntry | None:
        entries = self.queue.entries
        if not entries:
            return None
        row = 0
        if self.shuffle and not entries[0].source == "queue":
            row = self.rng.randrange(len(entries))
        entry = entries[row]
        self.queue.remove(row, feedback=False)
        return entry

    def _loop(self) -> QueueEntry | None:
        """Repeat all: this session's items, from the first, make Up next again."""
        played = self.back + ([self._now] if self._now is not None else [])
        if not played:
            return None
        self.back, self._now = [], None
        for item in reversed(played[1:]):
            self.queue.insert_next(_as_media(item), [AGAIN], pinned=False, source="history")
        return QueueEntry(_as_media(played[0]), [AGAIN], source="history")

    def previous(self) -> None:
        current = self.player.current
        if current is not None and (self.player.position > RESTART_WITHIN or not self.back):
            self.player.restart()
            if not self.player.playing:
                self.player.resume()
            return
        if current is None:  # the last item ended: play it again
            if self._now is not None:
                now, self._now = self._now, None
                self.controller.play(now.media_id, source="history", item=_as_media(now))
            return
        target = self.back.pop()
        self.queue.insert_next(_as_media(current), [WHERE_YOU_WERE], pinned=True, source="history")
        self._going_back = True
        self.controller.play(target.media_id, source="history", item=_as_media(target))

    def set_shuffle(self, on: bool) -> None:
        self.shuffle = bool(on)
        self.modes_changed.emit()
        self.save_soon()

    def cycle_repeat(self) -> str:
        modes = play_session.REPEAT_MODES
        self.repeat = modes[(modes.index(self.repeat) + 1) % len(modes)]
        self.modes_changed.emit()
        self.save_soon()
        return self.repeat

    def set_volume(self, fraction: float, muted: bool | None = None) -> None:
        self.volume = fraction
        self.player.set_volume(fraction)
        if muted is not None:
            self.muted = muted
            self.player.set_muted(muted)
        self.save_soon()

    # -- vanished files ---------------------------------------------------------------------------
    def _vanished(self, media, advance: bool, auto: bool) -> None:
        store = self.controller.core.store
        bridge = self.controller.bridge

        def marked(changed):
            if changed:
                bridge.library_changed.emit({"missing": media.id})
        self.controller._call(lambda: play_session.mark_vanished(store, media.id), on_done=marked,
                              what=qtr("PlayQueue", "could not mark the file missing"))
        self.queue.remove_media(media.id, feedback=False)
        self.message.emit(qtr("PlayQueue", "“{title}” is no longer on disk: skipped, marked missing").format(
            title=media.display_title))
        if advance and self._skips < MAX_SKIPS:
            self._skips += 1
            try:
                self.advance(auto=auto)
            finally:
                self._skips -= 1

    def _unplayable(self, item: NowPlaying, reason: str) -> None:
        """The player could not play ``item`` (it has ended "error"): mark it, say why, go on."""
        store = self.controller.core.store
        bridge = self.controller.bridge
        gone = not os.path.isfile(item.path)

        def mark():
            """On the task thread: a file only libsndfile reads is analysed and stays so (the player's FFmpeg
            cannot open it, which is no fault of the file); anything else is marked missing or failed."""
            if gone:
                return play_session.mark_vanished(store, item.media_id), None
            from avrec_desktop.media.sndfile_fallback import why_the_player_cannot

            cannot = why_the_player_cannot(item.path)
            if cannot:
                return False, cannot
            return play_session.mark_unplayable(store, item.media_id, reason), None

        def marked(result):
            changed, cannot = result if result else (False, None)
            if changed:
                bridge.library_changed.emit({"failed": item.media_id})
            if gone:
                text = qtr("PlayQueue", "“{title}” is no longer on disk: skipped, marked missing")
            elif cannot:
                text = qtr("PlayQueue", "“{title}” cannot be played here ({reason}): skipped")
            else:
                text = qtr("PlayQueue", "“{title}” could not be played ({reason}): skipped, marked failed")
            self.message.emit(text.format(title=item.title, reason=shown_reason(cannot or reason)))
        self.controller._call(mark, on_done=marked, what=qtr("PlayQueue", "could not mark the file"))
        self.queue.remove_media(item.media_id, feedback=False)
        if self._now is item:
            self._now = None  # not an item to go back to
        if self._failures < MAX_SKIPS and not self._closed:
            self._failures += 1
            # after this turn of the event loop, so the media's second error signal finds nothing current
            QTimer.singleShot(0, self, self._go_on)

    def _go_on(self) -> None:
        if self.player.current is None and not self._closed:
            self.advance(auto=True)

    # -- kept for the next start ------------------------------------------------------------------
    def snapshot(self) -> SavedSession:
        current = self.player.current
        entries = [SavedEntry(e.media.id, e.source, e.seed_id, e.pinned,
                              [_saved_reason(r) for r in e.reasons]) for e in self.queue.entries]
        return SavedSession(
            current=SavedEntry(current.media_id, current.source or "library", current.seed_id) if current else None,
            position=self.player.position if current else 0.0, queue=entries, volume=self.volume,
            muted=self.muted, shuffle=self.shuffle, repeat=self.repeat, adventure=self.controller.adventure)

    def save_soon(self, *_args) -> None:
        if self._restored and not self._closed:
            self._save_timer.start()

    def save(self) -> None:
        """Write the state on the task thread (never on the GUI thread); nothing after the app-closed save
        (stopping the player at close moves it to 0 with nothing current)."""
        if not self._restored or self._closed:
            return
        self._save_timer.stop()
        state = self.snapshot()
        self._saved_at = state.position
        store = self.controller.core.store
        self.controller._call(lambda: play_session.save(store, state),
                              what=qtr("PlayQueue", "could not keep the player state"))

    def _position(self, seconds: float, _duration: float) -> None:
        if seconds > 0.5:
            self._skips = self._failures = 0
        if self.player.playing and self.player.current is not None and abs(seconds - self._saved_at) >= SAVE_EVERY_S:
            self.save()

    def _closing(self) -> None:
        if not self._closed:
            self.save()  # queued before the core closes, on the same thread
            self._closed = True

    def restore(self) -> None:
        store = self.controller.core.store

        def done(result, error):
            self._restored = True
            if error is None and result is not None:
                self._apply(*result)
        self.controller.runner.run(lambda: play_session.load_with_items(store), on_done=done)

    def _apply(self, state: SavedSession, items: dict) -> None:
        self.shuffle, self.repeat = state.shuffle, state.repeat
        self.volume, self.muted = state.volume, state.muted
        self.controller.adventure = state.adventure  # the Up next slider follows restored (adventure_control.py)
        self.player.set_volume(state.volume)
        self.player.set_muted(state.muted)
        self.restored.emit(state)
        self.modes_changed.emit()
        if self.player.current is not None or len(self.queue):  # the user was quicker: keep theirs
            return
        for saved in reversed(state.queue):
            media = items.get(saved.media_id)
            if media is not None and media.status != "missing":
                self.queue.insert_next(media, [_restored_reason(r) for r in saved.reasons],
                                       pinned=saved.pinned, source=saved.source)
                self.queue.entries[0].seed_id = saved.seed_id
        media = items.get(state.current.media_id) if state.current else None
        if media is not None and os.path.isfile(media.path):
            self.player.cue(NowPlaying(media_id=media.id, path=media.path, kind=media.kind,
                                       title=media.display_title, duration=media.duration,
                                       source=state.current.source, seed_id=state.current.seed_id, media=media),
                            state.position)
        log.info("the player is back as it was: item %s at %.1f s (paused), Up next %s",
                 media.id if media is not None else None, state.position if media is not None else 0.0,
                 [e.media.id for e in self.queue.entries])


def _as_media(item: NowPlaying):
    """A queue entry's media: the MediaItem the player was given, else what it knew of it."""
    if item.media is not None:
        return item.media
    return _Media(item.media_id, item.path, item.kind, item.title, item.duration)


class _Media:
    def __init__(self, id, path, kind, title, duration):
        self.id, self.path, self.kind, self.duration = id, path, kind, duration
        self.display_title = self.title = title
        self.artist = None
        self.status = "ready"


def _saved_reason(reason: Reason) -> dict:
    saved = {"kind": reason.kind, "text": reason.text}
    if reason.words is not None:
        saved["words"] = to_data(reason.words)
    return saved


def _restored_reason(saved: dict) -> Reason:
    """A saved reason again, its words kept so the window shows it in its language (older sessions: text)."""
    words = from_data(saved["words"]) if isinstance(saved.get("words"), dict) else None
    return Reason(saved.get("kind", ""), saved.get("text", ""), {}, words)

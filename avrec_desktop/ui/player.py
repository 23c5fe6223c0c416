"""The built-in player: QMediaPlayer + QAudioOutput, reporting every fact to the core.

The player says only what happened — started (by itself or by the user, from which list, after which
seed), where it was, and why it ended (finished, next, previous, stopped, app-closed, error). Whether
that was a skip, a dislike or nothing at all is decided by the core's outcome rules, never here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

PROGRESS_EVERY_MS = 15000


@dataclass
class NowPlaying:
    media_id: int
    path: str
    kind: str
    title: str
    duration: float | None
    source: str | None = None
    seed_id: int | None = None
    auto: bool = False


Reporter = Callable[..., None]  # report(media_id, type, **fields)


class PlayerController(QObject):
    started = Signal(object)  # NowPlaying
    ended = Signal(object, str)  # NowPlaying, reason
    position_changed = Signal(float, float)  # seconds, duration
    state_changed = Signal(bool)  # playing?
    failed = Signal(str)

    def __init__(self, report: Reporter, parent: QObject | None = None, player: QMediaPlayer | None = None):
        super().__init__(parent)
        self.report = report
        self.session = uuid.uuid4().hex[:12]
        self.player = player or QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.current: NowPlaying | None = None
        self._last_progress = 0
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(lambda _ms: self._emit_position())
        self.player.errorOccurred.connect(self._on_error)
        self.player.playbackStateChanged.connect(
            lambda state: self.state_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState))
        self.on_finished: Callable[[], None] | None = None  # the queue advances through this

    # -- commands ---------------------------------------------------------------------------------
    def play(self, item: NowPlaying) -> None:
        """Start ``item``; whatever was playing ends with reason "next" (the user moved on)."""
        self._end("next")
        self.current = item
        self._last_progress = 0
        self.player.setSource(QUrl.fromLocalFile(item.path))
        self.player.play()
        self.report(item.media_id, "start", session=self.session, source=item.source, seed_id=item.seed_id,
                    auto=item.auto, duration=item.duration)
        self.started.emit(item)

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        elif self.current is not None:
            self.player.play()

    def stop(self) -> None:
        self._end("stopped")
        self.player.stop()

    def skip(self) -> None:
        """The user pressed next: the core sees reason "next" at the current position."""
        self._end("next")

    def previous(self) -> None:
        self._end("previous")

    def close(self) -> None:
        """The app is closing: not a skip."""
        self._end("app-closed")
        self.player.stop()

    def seek(self, seconds: float) -> None:
        if self.current is None:
            return
        here = self.position
        self.player.setPosition(int(max(0.0, seconds) * 1000))
        self.report(self.current.media_id, "seek", position=here, duration=self.duration,
                    session=self.session)

    def set_volume(self, fraction: float) -> None:
        self.audio.setVolume(max(0.0, min(1.0, fraction)))

    def set_muted(self, muted: bool) -> None:
        self.audio.setMuted(muted)

    # -- state ------------------------------------------------------------------------------------
    @property
    def position(self) -> float:
        return self.player.position() / 1000.0

    @property
    def duration(self) -> float | None:
        ms = self.player.duration()
        if ms and ms > 0:
            return ms / 1000.0
        return self.current.duration if self.current else None

    @property
    def playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    # -- internals --------------------------------------------------------------------------------
    def _end(self, reason: str) -> None:
        item = self.current
        if item is None:
            return
        self.current = None
        self.report(item.media_id, "end", reason=reason, position=self.position, duration=self.duration,
                    session=self.session, source=item.source, seed_id=item.seed_id, auto=item.auto)
        self.ended.emit(item, reason)

    def _on_status(self, status) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia and self.current is not None:
            item = self.current
            self.current = None
            duration = self.duration or item.duration
            self.report(item.media_id, "end", reason="finished", position=duration, duration=duration,
                        session=self.session, source=item.source, seed_id=item.seed_id, auto=item.auto)
            self.ended.emit(item, "finished")
            if self.on_finished is not None:
                self.on_finished()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia and self.current is not None:
            self._on_error(None, "this file cannot be played")

    def _on_error(self, _error, message: str = "") -> None:
        item = self.current
        text = message or self.player.errorString() or "playback failed"
        if item is not None:
            self._end("error")
        self.failed.emit(text)

    def _on_position(self, ms: int) -> None:
        self._emit_position()
        if self.current is not None and ms - self._last_progress >= PROGRESS_EVERY_MS:
            self._last_progress = ms
            self.report(self.current.media_id, "progress", position=ms / 1000.0, duration=self.duration,
                        session=self.session)

    def _emit_position(self) -> None:
        self.position_changed.emit(self.position, self.duration or 0.0)

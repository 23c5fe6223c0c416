"""The built-in player: QMediaPlayer + QAudioOutput, reporting every fact to the core.

The player says only what happened — started (by itself or by the user, from which list, after which
seed), where it was, and why it ended (finished, next, previous, stopped, app-closed, error). Whether
that was a skip, a dislike or nothing at all is decided by the core's outcome rules, never here.

An item can also be *cued*: loaded and shown, paused, without having started (restored from the last
run, or after Stop). Nothing is reported for it until the user presses Play; then it starts where it
stands, and an app closed while it is only cued reports nothing at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

from avrec_desktop.ui import ffmpeg_log
from avrec_desktop.ui.cross_thread import answer_virtuals_now
from avrec_desktop.ui.i18n import qtr

PROGRESS_EVERY_MS = 15000
INVALID_MEDIA = "damaged, or not a format this player reads"  # kept in the library as the file's reason
PLAYBACK_FAILED = "playback failed"


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
    media: object = None  # the MediaItem, when the caller had it


Reporter = Callable[..., None]  # report(media_id, type, **fields)


def one_line(text: str, limit: int = 120) -> str:
    """An error as one short line for the status bar."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def no_audio_device() -> bool:
    """QtMultimedia sees no sound output (it then plays silently)."""
    return QMediaDevices.defaultAudioOutput().isNull()


def shown_reason(reason: str) -> str:
    """A reason of the player's own in the window's language (the library keeps it in English, as every
    file's failure reason); one from Qt or FFmpeg as it came."""
    own = {INVALID_MEDIA: qtr("Player", "damaged, or not a format this player reads"),
           PLAYBACK_FAILED: qtr("Player", "playback failed")}
    return own.get(reason, reason)


class PlayerController(QObject):
    started = Signal(object)  # NowPlaying
    ended = Signal(object, str)  # NowPlaying, reason
    position_changed = Signal(float, float)  # seconds, duration
    state_changed = Signal(bool)  # playing?
    failed = Signal(str)  # a playback error with no item to blame (one line)
    unplayable = Signal(object, str)  # NowPlaying that could not be played (it ended "error"), a one-line reason
    closing = Signal()  # the app is about to close: what is playing is still current

    def __init__(self, report: Reporter, parent: QObject | None = None, player: QMediaPlayer | None = None):
        super().__init__(parent)
        self.report = report
        self.session = uuid.uuid4().hex[:12]
        self._media_player = player  # given (tests), else made on first use (``media``)
        self._audio: QAudioOutput | None = None
        self._volume, self._muted = 1.0, False  # until the audio output is made
        self.current: NowPlaying | None = None
        self.cued = False  # current is loaded, not started (see the module docstring)
        self._cue_position: float | None = None  # where a cued item starts, until the media has loaded
        self._last_progress = 0
        self._failed_source = None  # the source whose failure was told (its second error signal is not)
        self.on_finished: Callable[[], None] | None = None  # the queue advances through this
        self.on_previous: Callable[[], None] | None = None  # going back (the play queue knows where to)

    def media(self) -> QMediaPlayer:
        """The QMediaPlayer and its audio output, made on first use: making them loads Qt's FFmpeg backend
        and asks the sound server for its devices (15–60 ms), which the window does after its first frame."""
        if self._audio is not None:
            return self._media_player
        if self._media_player is None:
            self._media_player = QMediaPlayer(self)
            ffmpeg_log.quiet()  # no format dump on the terminal for every file played
        player = self._media_player
        self._audio = QAudioOutput(self)
        self._audio.setVolume(self._volume)
        self._audio.setMuted(self._muted)
        player.setAudioOutput(self._audio)
        answer_virtuals_now(player, self._audio)  # FFmpeg's threads must never wait for the GIL
        self._devices = QMediaDevices(self)
        answer_virtuals_now(self._devices)
        self._devices.audioOutputsChanged.connect(
            lambda: self._audio.setDevice(QMediaDevices.defaultAudioOutput()))
        player.mediaStatusChanged.connect(self._on_status)
        player.positionChanged.connect(self._on_position)
        player.durationChanged.connect(lambda _ms: self._emit_position())
        player.errorOccurred.connect(self._on_error)
        player.playbackStateChanged.connect(
            lambda state: self.state_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState))
        return player

    @property
    def player(self) -> QMediaPlayer:
        return self.media()

    @property
    def audio(self) -> QAudioOutput:
        self.media()
        return self._audio

    @property
    def made(self) -> bool:
        """The media player exists (before that nothing plays, has a position or a duration)."""
        return self._audio is not None

    # -- commands ---------------------------------------------------------------------------------
    def play(self, item: NowPlaying, end_reason: str = "next") -> None:
        """Start ``item``; whatever was playing ends with ``end_reason`` ("next": the user moved on)."""
        self._end(end_reason)
        self.current = item
        self.cued, self._cue_position = False, None
        self._last_progress = 0
        self._failed_source = None
        self.player.setSource(QUrl.fromLocalFile(item.path))
        self.player.play()
        self.report(item.media_id, "start", session=self.session, source=item.source, seed_id=item.seed_id,
                    auto=item.auto, duration=item.duration)
        self.started.emit(item)

    def cue(self, item: NowPlaying, position: float = 0.0) -> None:
        """Load ``item`` paused at ``position`` without starting it (nothing is reported)."""
        self._end("next")
        self.current = item
        self.cued, self._cue_position = True, max(0.0, position)
        self._last_progress = int(position * 1000)
        self.player.setSource(QUrl.fromLocalFile(item.path))
        self.player.pause()  # loads the media; the position is set once it has loaded
        self.started.emit(item)
        self._emit_position()

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        elif self.current is not None:
            self.resume()

    def resume(self) -> None:
        item = self.current
        if item is None or self.playing:
            return
        if self.cued:  # a cued item starts now, where it stands
            self.cued = False
            self.report(item.media_id, "start", session=self.session, source=item.source,
                        seed_id=item.seed_id, auto=False, duration=self.duration, position=self.position)
        self.player.play()

    def pause(self) -> None:
        if self.playing:
            self.player.pause()

    def stop(self) -> None:
        """End the item ("stopped") and keep it cued at its start: Play starts it again."""
        item = self.current
        self._end("stopped")
        self.player.stop()
        if item is not None:
            self.current, self.cued, self._cue_position = item, True, None
            self._emit_position()

    def skip(self) -> None:
        """The user pressed next: the core sees reason "next" at the current position."""
        self._end("next")

    def previous(self) -> None:
        """The user pressed previous: the play queue decides (back, or the start of this item)."""
        if self.on_previous is not None:
            self.on_previous()
        else:
            self.restart()

    def restart(self) -> None:
        """Back to the start of the current item (a seek from here, as History will show)."""
        if self.current is not None:
            self.seek(0.0)

    def close(self) -> None:
        """The app is closing: not a skip."""
        self.closing.emit()
        self._end("app-closed")
        if self.made:
            self.player.stop()

    def seek(self, seconds: float) -> None:
        if self.current is None:
            return
        here = self.position
        target = max(0.0, seconds)
        if self.duration:
            target = min(target, max(0.0, self.duration - 0.25))
        if self.cued and self._cue_position is not None:
            self._cue_position = target  # not loaded yet: it starts there
        self.player.setPosition(int(target * 1000))
        if not self.cued:
            self.report(self.current.media_id, "seek", position=here, duration=self.duration,
                        session=self.session)

    def set_volume(self, fraction: float) -> None:
        self._volume = max(0.0, min(1.0, fraction))
        if self.made:
            self._audio.setVolume(self._volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        if self.made:
            self._audio.setMuted(self._muted)

    # -- state ------------------------------------------------------------------------------------
    @property
    def position(self) -> float:
        if self.cued and self._cue_position is not None:
            return self._cue_position
        return self.player.position() / 1000.0 if self.made else 0.0

    @property
    def duration(self) -> float | None:
        ms = self.player.duration() if self.made else 0
        if ms and ms > 0:
            return ms / 1000.0
        return self.current.duration if self.current else None

    @property
    def playing(self) -> bool:
        return self.made and self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    # -- internals --------------------------------------------------------------------------------
    def _end(self, reason: str) -> None:
        item = self.current
        if item is None:
            return
        self.current = None
        if self.cued:  # never started: there is nothing to end
            self.cued, self._cue_position = False, None
            return
        self.report(item.media_id, "end", reason=reason, position=self.position, duration=self.duration,
                    session=self.session, source=item.source, seed_id=item.seed_id, auto=item.auto)
        self.ended.emit(item, reason)

    def _on_status(self, status) -> None:
        if status in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia) \
                and self.cued and self._cue_position is not None:
            target, self._cue_position = self._cue_position, None
            self.player.setPosition(int(target * 1000))
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
            self._on_error(None, INVALID_MEDIA)

    def _on_error(self, _error, message: str = "") -> None:
        item = self.current
        text = one_line(message or self.player.errorString() or PLAYBACK_FAILED)
        if item is not None:
            self._failed_source = self.player.source()
            self._end("error")
            self.unplayable.emit(item, text)
        elif self._failed_source is None or self._failed_source != self.player.source():
            self.failed.emit(shown_reason(text))

    def _on_position(self, ms: int) -> None:
        self._emit_position()
        if self.current is not None and not self.cued and ms - self._last_progress >= PROGRESS_EVERY_MS:
            self._last_progress = ms
            self.report(self.current.media_id, "progress", position=ms / 1000.0, duration=self.duration,
                        session=self.session)

    def _emit_position(self) -> None:
        self.position_changed.emit(self.position, self.duration or 0.0)

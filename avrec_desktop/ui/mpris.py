"""MPRIS2 on the session bus: media keys, GNOME/KDE media widgets and ``playerctl`` drive the window's player.

``start(window)`` registers ``/org/mpris/MediaPlayer2`` with ``org.mpris.MediaPlayer2`` (Raise, Quit, Identity…)
and ``org.mpris.MediaPlayer2.Player`` (Play, Pause, PlayPause, Stop, Next, Previous, Seek, SetPosition, OpenUri;
PlaybackStatus, Metadata, Position, Volume, Can…) as ``org.mpris.MediaPlayer2.avrec``, or
``org.mpris.MediaPlayer2.avrec.instance<pid>`` when another library's window holds that name. Changes are
announced with ``org.freedesktop.DBus.Properties.PropertiesChanged`` (Position only through ``Seeked``, as the
specification asks). No session bus (or not Linux): no MPRIS, one log line, nothing shown to the person.

QtDBus marshals through each property's declared Qt type (``qlonglong`` → ``x``: Position, Seeked); inside
the Metadata map PySide would send a Python int as ``int32`` below 2**31, so the map goes out typed through
ui/mpris_metadata.py: ``mpris:length`` is always ``x``, in microseconds, whatever the length.
Artist and album come from the item; its cover (``AppCore.cover_file``: the cached thumbnail of an embedded
picture or of cover.jpg/folder.png beside it, read on the controller's task thread) becomes ``mpris:artUrl``.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusArgument, QDBusConnection, QDBusMessage, QDBusObjectPath
from PySide6.QtMultimedia import QMediaPlayer

from avrec_desktop.ui.mpris_metadata import TypedMetadata, length_us

log = logging.getLogger(__name__)

OBJECT_PATH = "/org/mpris/MediaPlayer2"
SERVICE = "org.mpris.MediaPlayer2.avrec"
ROOT_IFACE = "org.mpris.MediaPlayer2"
PLAYER_IFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
TRACK_PATH = "/org/avrec/track/{}"
MIME_TYPES = ["audio/mpeg", "audio/flac", "audio/ogg", "audio/x-wav", "audio/mp4", "audio/aac", "audio/opus",
              "video/mp4", "video/x-matroska", "video/webm", "video/quicktime", "video/x-msvideo"]
SEEK_JUMP_S = 1.5  # a position this far from where playback should be is a seek (by the window or a key)


def _string_list(values: list[str]) -> QDBusArgument:
    """``as`` even when empty (a Python list becomes ``av``)."""
    arg = QDBusArgument()
    arg.beginArray(QMetaType(QMetaType.Type.QString))
    for v in values:
        arg << v
    arg.endArray()
    return arg


@ClassInfo({"D-Bus Interface": ROOT_IFACE})
class _RootAdaptor(QDBusAbstractAdaptor):
    def __init__(self, service: "MprisService"):
        super().__init__(service)
        self.service = service

    @Slot()
    def Raise(self) -> None:  # noqa: N802 (D-Bus names)
        self.service.raise_window()

    @Slot()
    def Quit(self) -> None:  # noqa: N802
        QTimer.singleShot(0, self.service.quit)  # answer the call first

    CanQuit = Property(bool, lambda self: True)
    CanRaise = Property(bool, lambda self: True)
    HasTrackList = Property(bool, lambda self: False)
    Identity = Property(str, lambda self: "avrec")
    DesktopEntry = Property(str, lambda self: "avrec-desktop")
    SupportedUriSchemes = Property("QStringList", lambda self: ["file"])
    SupportedMimeTypes = Property("QStringList", lambda self: MIME_TYPES)


@ClassInfo({"D-Bus Interface": PLAYER_IFACE})
class _PlayerAdaptor(QDBusAbstractAdaptor):
    Seeked = Signal("qlonglong")

    def __init__(self, service: "MprisService"):
        super().__init__(service)
        self.service = service

    @Slot()
    def Play(self) -> None:  # noqa: N802
        self.service.play()

    @Slot()
    def Pause(self) -> None:  # noqa: N802
        self.service.pause()

    @Slot()
    def PlayPause(self) -> None:  # noqa: N802
        self.service.play_pause()

    @Slot()
    def Stop(self) -> None:  # noqa: N802
        self.service.player.stop()

    @Slot()
    def Next(self) -> None:  # noqa: N802
        self.service.controller.next_pressed()

    @Slot()
    def Previous(self) -> None:  # noqa: N802
        self.service.previous()

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:  # noqa: N802
        self.service.seek_by(offset_us)

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track: QDBusObjectPath, position_us: int) -> None:  # noqa: N802
        self.service.set_position(track.path(), position_us)

    @Slot(str)
    def OpenUri(self, uri: str) -> None:  # noqa: N802
        self.service.open_uri(uri)

    def _set_volume(self, value: float) -> None:
        self.service.set_volume(value)

    def _set_rate(self, _value: float) -> None:
        pass  # one rate only (MinimumRate == MaximumRate == 1)

    PlaybackStatus = Property(str, lambda self: self.service.status())
    Metadata = Property("QVariant", lambda self: self.service.typed.typed(self.service.metadata()))
    Position = Property("qlonglong", lambda self: self.service.position_us())
    Volume = Property(float, lambda self: self.service.volume(), _set_volume)
    Rate = Property(float, lambda self: 1.0, _set_rate)
    MinimumRate = Property(float, lambda self: 1.0)
    MaximumRate = Property(float, lambda self: 1.0)
    CanGoNext = Property(bool, lambda self: self.service.can("next"))
    CanGoPrevious = Property(bool, lambda self: self.service.can("previous"))
    CanPlay = Property(bool, lambda self: self.service.can("play"))
    CanPause = Property(bool, lambda self: self.service.can("pause"))
    CanSeek = Property(bool, lambda self: self.service.can("seek"))
    CanControl = Property(bool, lambda self: True)


class MprisService(QObject):
    """The object on the bus; it only calls the controller's and the player's public methods."""

    def __init__(self, window, connection: QDBusConnection, quit=None):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.player = self.controller.player
        self.connection = connection
        self._quit = quit or window.close
        self.root_adaptor = _RootAdaptor(self)
        self.player_adaptor = _PlayerAdaptor(self)
        self.typed = TypedMetadata(connection, self)  # Metadata with int64 lengths (see the docstring)
        self.name = ""
        self._details: dict[int, dict] = {}  # media id -> artist, album, art (read on the task thread)
        self._announced: dict = {}
        self._last_position = (0.0, time.monotonic(), False)  # seconds, when, playing
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self._announce)
        player = self.player
        player.started.connect(self._started)
        player.ended.connect(lambda *_: self.changed())
        player.state_changed.connect(lambda _playing: self.changed())
        player.position_changed.connect(self._position)
        player.audio.volumeChanged.connect(lambda _v: self.changed())
        queue = self.controller.queue
        for sig in (queue.rowsInserted, queue.rowsRemoved, queue.modelReset):
            sig.connect(lambda *_: self.changed())
        if player.current is not None:  # already playing (the bus is joined after the window's first frame)
            self._started(player.current)
            self._last_position = (player.position, time.monotonic(), player.playing)

    def register(self) -> bool:
        if not self.connection.registerObject(OBJECT_PATH, self, QDBusConnection.RegisterOption.ExportAdaptors):
            log.warning("MPRIS off: cannot register %s: %s", OBJECT_PATH, self.connection.lastError().message())
            return False
        for name in (SERVICE, f"{SERVICE}.instance{os.getpid()}"):
            if self.connection.registerService(name):
                self.name = name
                self.typed.service = name
                log.info("MPRIS on the session bus as %s", name)
                self._announced = self._snapshot()
                return True
        log.warning("MPRIS off: no bus name: %s", self.connection.lastError().message())
        self.connection.unregisterObject(OBJECT_PATH)
        return False

    def unregister(self) -> None:
        if self.name:
            self.typed.unregister()
            self.connection.unregisterService(self.name)
            self.connection.unregisterObject(OBJECT_PATH)
            self.name = ""

    # -- what the bus sees ------------------------------------------------------------------------
    def status(self) -> str:
        """From the media player itself: an item cued after Stop (or restored) is "Stopped" until played."""
        state = self.player.player.playbackState()
        if self.player.current is None or state == QMediaPlayer.PlaybackState.StoppedState:
            return "Stopped"
        return "Playing" if state == QMediaPlayer.PlaybackState.PlayingState else "Paused"

    def position_us(self) -> int:
        return int(self.player.position * 1e6) if self.player.current is not None else 0

    def volume(self) -> float:
        return round(float(self.player.audio.volume()), 4)

    def can(self, what: str) -> bool:
        current = self.player.current is not None
        queued = len(self.controller.queue) > 0
        return {"next": current or queued, "previous": current, "play": current or queued,
                "pause": current, "seek": current}[what]

    def metadata(self) -> dict:
        item = self.player.current
        if item is None:
            return {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
        meta = {"mpris:trackid": QDBusObjectPath(TRACK_PATH.format(item.media_id)), "xesam:title": item.title,
                "xesam:url": QUrl.fromLocalFile(item.path).toString()}
        duration = self.player.duration or item.duration
        if duration:
            meta["mpris:length"] = length_us(duration)
        details = self._details.get(item.media_id, {})
        if details.get("artist"):
            meta["xesam:artist"] = [details["artist"]]
        if details.get("album"):
            meta["xesam:album"] = details["album"]
        if details.get("art"):
            meta["mpris:artUrl"] = QUrl.fromLocalFile(details["art"]).toString()
        return meta

    # -- commands ---------------------------------------------------------------------------------
    def play(self) -> None:
        if self.player.current is None:
            if len(self.controller.queue):
                self.controller.next_pressed()
        elif not self.player.playing:
            self.player.toggle()

    def pause(self) -> None:
        if self.player.playing:
            self.player.toggle()

    def play_pause(self) -> None:
        if self.player.current is None:
            self.play()
        else:
            self.player.toggle()

    def previous(self) -> None:
        handler = getattr(self.controller, "previous_pressed", None) or self.player.previous
        handler()

    def seek_by(self, offset_us: int) -> None:
        if self.player.current is None:
            return
        target = self.player.position + offset_us / 1e6
        duration = self.player.duration
        if duration and target > duration:
            self.controller.next_pressed()  # the specification: seeking past the end is Next
            return
        self._seek_to(max(0.0, target))

    def set_position(self, track: str, position_us: int) -> None:
        item = self.player.current
        duration = self.player.duration
        if item is None or track != TRACK_PATH.format(item.media_id) or position_us < 0 \
                or (duration and position_us > duration * 1e6):
            return
        self._seek_to(position_us / 1e6)

    def _seek_to(self, seconds: float) -> None:
        self.player.seek(seconds)
        self._last_position = (seconds, time.monotonic(), self.player.playing)
        self.player_adaptor.Seeked.emit(int(seconds * 1e6))

    def set_volume(self, value: float) -> None:
        value = max(0.0, min(1.0, float(value)))
        slider = getattr(getattr(self.window, "player_bar", None), "volume", None)
        if slider is not None:  # the bar's slider follows (and sets the player's volume)
            slider.setValue(round(value * slider.maximum()))
        else:
            self.player.set_volume(value)

    def open_uri(self, uri: str) -> None:
        url = QUrl(uri)
        if url.isLocalFile():
            opener = getattr(self.window, "path_opener", None)
            if opener is not None:
                opener.open([url.toLocalFile()])

    def raise_window(self) -> None:
        from avrec_desktop.ui.single_instance import bring_to_front

        bring_to_front(self.window)

    def quit(self) -> None:
        self._quit()

    # -- announcing changes -----------------------------------------------------------------------
    def changed(self) -> None:
        self._pending.start()  # several changes in one turn of the event loop make one signal

    def _started(self, item) -> None:
        self._last_position = (0.0, time.monotonic(), True)
        self.changed()
        if item.media_id in self._details:
            return
        core, media = self.controller.core, getattr(item, "media", None)

        def read():
            found = media if media is not None else core.store.get_media(item.media_id)
            art = core.cover_file(item.media_id) if hasattr(core, "cover_file") else None
            return {"artist": found.artist, "album": found.album, "art": str(art) if art else None}

        def done(details, error):
            if error is None:
                self._details[item.media_id] = details
                self.changed()
            else:
                log.info("MPRIS: no details for %s: %s", item.media_id, error)
        self.controller.runner.run(read, on_done=done)

    def _position(self, seconds: float, _duration: float) -> None:
        """A jump away from where playback should be (the seek bar, the arrow keys) is told as Seeked."""
        last, when, playing = self._last_position
        now = time.monotonic()
        expected = last + (now - when if playing else 0.0)
        self._last_position = (seconds, now, self.player.playing)
        if self.player.current is not None and abs(seconds - expected) > SEEK_JUMP_S + (now - when) * 0.5:
            self.player_adaptor.Seeked.emit(int(seconds * 1e6))

    def _snapshot(self) -> dict:
        return {"PlaybackStatus": self.status(), "Metadata": self.metadata(), "Volume": self.volume(),
                **{name: self.can(what) for name, what in (("CanGoNext", "next"), ("CanGoPrevious", "previous"),
                                                           ("CanPlay", "play"), ("CanPause", "pause"),
                                                           ("CanSeek", "seek"))}}

    def _announce(self) -> None:
        now = self._snapshot()
        changed = {k: v for k, v in now.items() if _comparable(v) != _comparable(self._announced.get(k))}
        self._announced = now
        if not changed or not self.name:
            return
        message = QDBusMessage.createSignal(OBJECT_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged")
        if "Metadata" in changed:
            changed["Metadata"] = self.typed.typed(changed["Metadata"])
        message.setArguments([PLAYER_IFACE, changed, _string_list([])])
        self.connection.send(message)
        log.debug("MPRIS changed: %s", ", ".join(changed))


def _comparable(value):
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, QDBusObjectPath):
        return value.path()
    return value


def start(window, quit=None) -> MprisService | None:
    """Put ``window``'s player on the session bus; None (and one log line) where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        log.info("MPRIS off: no session bus (%s)", bus.lastError().message() or "DBUS_SESSION_BUS_ADDRESS unset")
        return None
    service = MprisService(window, bus, quit=quit)
    if not service.register():
        service.deleteLater()
        return None
    window.mpris = service
    return service

"""MPRIS value types over a private session bus, read from outside with ``dbus-send`` as playerctl does:
``mpris:length`` is an int64 ('x') in microseconds for a 30-second track and a 40-minute one alike (PySide
alone sends a Python int under 2**31 as int32), in Get and in PropertiesChanged; Position stays int64.
Waits poll a condition with generous limits; nothing is timed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytest.importorskip("PySide6.QtDBus")
pytest.importorskip("PySide6.QtMultimedia")
if not (shutil.which("dbus-daemon") and shutil.which("dbus-send") and shutil.which("dbus-monitor")):
    pytest.skip("dbus-daemon / dbus-send not installed (scripts/system-deps installs them)",
                allow_module_level=True)

from PySide6.QtCore import QObject  # noqa: E402
from PySide6.QtDBus import QDBusConnection  # noqa: E402

from avrec_desktop.ui import mpris  # noqa: E402
from avrec_desktop.ui.player import NowPlaying, PlayerController  # noqa: E402
from avrec_desktop.ui.up_next import UpNextQueue  # noqa: E402
from test_ui_mpris import bus  # noqa: E402,F401  (fixture: a private session bus)

WAIT_MS = 60000
FORTY_MINUTES = 2400.0


class _Runner:
    def run(self, fn, *args, on_done=None, **kwargs):
        kwargs.pop("priority", None)
        try:
            result, error = fn(*args, **kwargs), None
        except Exception as exc:  # noqa: BLE001 - handed to the callback as the real runner does
            result, error = None, exc
        if on_done is not None:
            on_done(result, error)


class _Media:
    artist, album = "Artie", "Alba"


class _Core:
    class store:  # noqa: N801 - what MprisService reads the details from
        @staticmethod
        def get_media(_media_id):
            return _Media()

    @staticmethod
    def cover_file(_media_id):
        return None


class _Window(QObject):
    def __init__(self):
        super().__init__()
        self.controller = QObject(self)
        self.controller.player = PlayerController(lambda *a, **k: None, self)
        self.controller.queue = UpNextQueue(self)
        self.controller.runner = _Runner()
        self.controller.core = _Core()

    def close(self):
        pass


def _ask(qtbot, address: str, *args: str) -> str:
    """dbus-send in a subprocess while the Qt loop here answers it."""
    proc = subprocess.Popen(["dbus-send", f"--bus={address}", "--print-reply", f"--dest={mpris.SERVICE}",
                             mpris.OBJECT_PATH, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=WAIT_MS)
    finally:
        if proc.poll() is None:
            proc.kill()
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    return out


def _get(qtbot, address: str, prop: str) -> str:
    return _ask(qtbot, address, "org.freedesktop.DBus.Properties.Get", f"string:{mpris.PLAYER_IFACE}",
                f"string:{prop}")


def _length(text: str) -> str | None:
    found = re.search(r'string "mpris:length"\s+variant\s+(\w+ -?\d+)', text)
    return " ".join(found.group(1).split()) if found else None


def _play(window, media_id: int, duration: float) -> None:
    item = NowPlaying(media_id=media_id, path=f"/nowhere/{media_id}.flac", kind="music", title=f"Long {media_id}",
                      duration=duration)
    window.controller.player.current = item  # what the bus reads; no media needs to load
    window.controller.player.started.emit(item)


@pytest.mark.timeout(300)
def test_length_is_int64_microseconds_short_and_long_in_get_and_properties_changed(qtbot, bus, tmp_path):
    connection = QDBusConnection.connectToBus(bus, "avrec-mpris-types")
    assert connection.isConnected(), connection.lastError().message()
    window = _Window()
    service = mpris.MprisService(window, connection)
    signals = tmp_path / "signals.log"
    monitor = subprocess.Popen(["dbus-monitor", "--address", bus, "type='signal',member='PropertiesChanged'"],
                               stdout=signals.open("w"), stderr=subprocess.DEVNULL)
    try:
        assert service.register()
        _play(window, 1, 30.0)
        assert _length(_get(qtbot, bus, "Metadata")) == "int64 30000000"
        _play(window, 2, FORTY_MINUTES)
        assert _length(_get(qtbot, bus, "Metadata")) == "int64 2400000000"
        meta = _get(qtbot, bus, "Metadata")
        assert 'string "xesam:title"\n' in meta and 'string "Long 2"' in meta
        assert re.search(r'string "xesam:artist"\s+variant\s+array \[\s+string "Artie"', meta), meta
        assert re.search(r'object path "/org/avrec/track/2"', meta), meta
        assert re.search(r"variant\s+int64 0\s*$", _get(qtbot, bus, "Position")), _get(qtbot, bus, "Position")
        # the change is announced with the same types (a 3-minute track: under 2**31 microseconds); tracks
        # alternate until the monitor, which starts in its own time, has seen one
        turn = [3]

        def announced():
            turn[0] = 7 - turn[0]
            _play(window, turn[0], 180.0)
            return "180000000" in signals.read_text()
        qtbot.waitUntil(announced, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: None is not re.search(r'"mpris:length"\s+variant\s+\w+ 180000000', signals.read_text()),
                        timeout=WAIT_MS)
        assert re.search(r'"mpris:length"\s+variant\s+int64 180000000', signals.read_text()), signals.read_text()
        assert "int32 180000000" not in signals.read_text()
    finally:
        service.unregister()
        monitor.terminate()
        monitor.wait(30)
        QDBusConnection.disconnectFromBus("avrec-mpris-types")

"""MPRIS2 over a private session bus: the real window (a subprocess, offscreen) is driven from outside with
``dbus-send``, as media keys, desktop widgets and playerctl do. Every wait polls a condition (generous
limits: the machine may be busy); nothing is timed."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtDBus")
pytest.importorskip("PySide6.QtMultimedia")
if not (shutil.which("dbus-daemon") and shutil.which("dbus-send") and shutil.which("dbus-monitor")):
    pytest.skip("dbus-daemon / dbus-send not installed (scripts/system-deps installs them)",
                allow_module_level=True)

import mediagen  # noqa: E402

TESTS = Path(__file__).resolve().parent
LAUNCH = ("import logging, sys; logging.basicConfig(level=logging.INFO, stream=sys.stderr); "
          "from avrec_desktop.ui.app import main; sys.exit(main(sys.argv))")
DEST = "org.mpris.MediaPlayer2.avrec"
PLAYER = "org.mpris.MediaPlayer2.Player"
WAIT = 90  # seconds for anything the window does


def _wait_for(predicate, timeout: float = WAIT, every: float = 0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return predicate()


@pytest.fixture
def bus(tmp_path):
    """A private session bus: its address, for the window and for dbus-send."""
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1",
                               f"--address=unix:path={tmp_path / 'bus'}"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = daemon.stdout.readline().strip()
    assert address.startswith("unix:"), address
    yield address
    daemon.terminate()
    daemon.wait(30)


def _env(address: str) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AVREC_ENCODERS_FACTORY": "fake_encoders:make",
            "DBUS_SESSION_BUS_ADDRESS": address,
            "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS), os.environ.get("PYTHONPATH", "")])}


def _send(address: str, method: str, *args: str, check: bool = True) -> str:
    out = subprocess.run(["dbus-send", "--session", "--print-reply", f"--dest={DEST}", "/org/mpris/MediaPlayer2",
                          method, *args], env=_env(address), capture_output=True, text=True, timeout=60)
    if check:
        assert out.returncode == 0, out.stderr
    return out.stdout


def _get(address: str, prop: str) -> str:
    return _send(address, "org.freedesktop.DBus.Properties.Get", f"string:{PLAYER}", f"string:{prop}", check=False)


def _meta(address: str, key: str) -> str | None:
    """One Metadata value as dbus-send prints it (e.g. 'string "Song"', 'int32 30000000')."""
    found = re.search(rf'string "{re.escape(key)}"\s+variant\s+(.+?)\n\s*\)', _get(address, "Metadata"), re.S)
    return " ".join(found.group(1).split()) if found else None


def _status(address: str) -> str | None:
    found = re.search(r'variant\s+string "(\w+)"', _get(address, "PlaybackStatus"))
    return found.group(1) if found else None


def _position_us(address: str) -> int:
    found = re.search(r"variant\s+int64 (-?\d+)", _get(address, "Position"))
    return int(found.group(1)) if found else -1


def _library(tmp_path):
    from avrec_desktop.core import AppCore

    music = tmp_path / "music"
    music.mkdir()
    one, two = music / "one.mp3", music / "two.mp3"
    mediagen.write_audio(one, 30.0, tags={"title": "Song One", "artist": "Artie", "album": "Alba"})
    mediagen.write_audio(two, 30.0, freq=660, tags={"title": "Song Two", "artist": "Artie", "album": "Alba"})
    mediagen.write_png(music / "cover.png", width=64, height=64)
    core = AppCore(encoders_factory="fake_encoders:make")
    core.add_folder(str(music), "music")
    service = core.start_indexing(exit_when_idle=True)  # tags read, so titles are the tagged ones
    service.wait_idle(WAIT)
    core.close()
    return one, two


@pytest.mark.timeout(400)
def test_mpris_play_pause_seek_and_metadata_over_a_private_bus(tmp_path, bus):
    one, two = _library(tmp_path)
    log = tmp_path / "window.log"
    monitor_log = tmp_path / "signals.log"
    monitor = subprocess.Popen(["dbus-monitor", "--session", f"type='signal',path='/org/mpris/MediaPlayer2'"],
                               env=_env(bus), stdout=monitor_log.open("w"), stderr=subprocess.DEVNULL)
    window = subprocess.Popen([sys.executable, "-c", LAUNCH, str(one)], env=_env(bus), cwd=TESTS.parent,
                              stdout=subprocess.DEVNULL, stderr=log.open("w"), stdin=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: "MPRIS on the session bus as org.mpris.MediaPlayer2.avrec" in log.read_text()
                         or window.poll() is not None), log.read_text()
        assert window.poll() is None, log.read_text()
        # the file from the command line plays, and the bus says what it is
        assert _wait_for(lambda: _status(bus) == "Playing"), (_get(bus, "PlaybackStatus"), log.read_text())
        assert _wait_for(lambda: _meta(bus, "mpris:artUrl")), _get(bus, "Metadata")
        assert _meta(bus, "xesam:title") == 'string "Song One"'
        assert _meta(bus, "xesam:album") == 'string "Alba"'
        assert _meta(bus, "xesam:artist") == 'array [ string "Artie" ]'
        assert re.fullmatch(r'object path "/org/avrec/track/\d+"', _meta(bus, "mpris:trackid"))
        length = int(_meta(bus, "mpris:length").split()[1])
        assert 29_000_000 <= length <= 31_000_000
        art = _meta(bus, "mpris:artUrl")
        assert art.startswith('string "file:///') and os.path.isfile(art.split('"')[1][len("file://"):])
        root = _send(bus, "org.freedesktop.DBus.Properties.Get", "string:org.mpris.MediaPlayer2",
                     "string:Identity")
        assert 'string "avrec"' in root

        # PlayPause pauses, and the change is announced (PropertiesChanged), then resumes
        _send(bus, f"{PLAYER}.PlayPause")
        assert _wait_for(lambda: _status(bus) == "Paused"), log.read_text()
        assert _wait_for(lambda: re.search(r'member=PropertiesChanged.*?string "PlaybackStatus"\s+variant\s+'
                                           r'string "Paused"', monitor_log.read_text(), re.S)), \
            monitor_log.read_text()
        # Seek while paused moves the position (and says so with Seeked)
        before = _position_us(bus)
        _send(bus, f"{PLAYER}.Seek", "int64:10000000")
        assert _wait_for(lambda: _position_us(bus) >= before + 9_000_000), (before, _position_us(bus))
        assert _wait_for(lambda: "member=Seeked" in monitor_log.read_text()), monitor_log.read_text()
        _send(bus, f"{PLAYER}.PlayPause")
        assert _wait_for(lambda: _status(bus) == "Playing"), log.read_text()

        # a second launch with another file: the same window plays it, the metadata follows
        second = subprocess.run([sys.executable, "-c", LAUNCH, str(two)], env=_env(bus), cwd=TESTS.parent,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert _wait_for(lambda: _meta(bus, "xesam:title") == 'string "Song Two"'), _get(bus, "Metadata")
        assert _wait_for(lambda: re.search(r'member=PropertiesChanged.*?string "Song Two"',
                                           monitor_log.read_text(), re.S)), monitor_log.read_text()

        _send(bus, f"{PLAYER}.Stop")
        assert _wait_for(lambda: _status(bus) == "Stopped"), log.read_text()
        # Quit over the bus ends the window properly
        _send(bus, "org.mpris.MediaPlayer2.Quit")
        window.wait(120)
        assert window.returncode == 0, log.read_text()
    finally:
        if window.poll() is None:
            window.send_signal(signal.SIGTERM)
            try:
                window.wait(60)
            except subprocess.TimeoutExpired:
                window.kill()
                window.wait()
        monitor.terminate()
        monitor.wait(30)

"""A launch while the first window is shutting down (issue 8): the closing window takes the connection but
never answers, and the launch must not hand its file to a window that is going away (it used to exit 0 and
the file was lost, the dying window logging a RuntimeError). It becomes the new first window and plays the
file. Two real processes: a stand-in for the closing window (its socket accepts, then drops, every
connection without the ``ok``) and the real app."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtMultimedia")

from test_ui_single_instance import LAUNCH, TESTS, _wait_for  # noqa: E402

import mediagen  # noqa: E402

CLOSING = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QLocalServer
from avrec_desktop.ui.single_instance import instance_name
app = QCoreApplication([])
name = instance_name()
QLocalServer.removeServer(name)
server = QLocalServer()
assert server.listen(name), server.errorString()
def drop():
    while (conn := server.nextPendingConnection()) is not None:
        conn.readAll()
        conn.abort()  # going away: no answer
server.newConnection.connect(drop)
print("closing window listening", flush=True)
app.exec()
"""


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AVREC_ENCODERS_FACTORY": "fake_encoders:make",
            "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus-here'}",
            "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS), os.environ.get("PYTHONPATH", "")])}


def _end(proc) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(30)


@pytest.mark.timeout(240)
def test_a_launch_while_the_first_window_closes_becomes_the_first_window(tmp_path):
    from avrec_desktop.core import AppCore

    music = tmp_path / "music"
    music.mkdir()
    song = music / "song.wav"
    mediagen.write_audio(song, 30.0, tags={"title": "Song"})
    core = AppCore(encoders_factory="fake_encoders:make")
    core.add_folder(str(music), "music")
    core.start_indexing(exit_when_idle=True).wait_idle(120)
    core.close()
    env = _env(tmp_path)
    closing = second = None
    log = tmp_path / "second.log"
    try:
        closing = subprocess.Popen([sys.executable, "-c", CLOSING], env=env, cwd=TESTS.parent, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        assert closing.stdout.readline().strip() == "closing window listening"
        second = subprocess.Popen([sys.executable, "-c", LAUNCH, str(song)], env=env, cwd=TESTS.parent,
                                  stdout=subprocess.DEVNULL, stderr=log.open("w"), stdin=subprocess.DEVNULL)
        assert _wait_for(lambda: "opened from the command line: playing" in log.read_text()
                         or second.poll() is not None, 180), log.read_text()
        text = log.read_text()
        assert second.poll() is None, text  # it did not exit as if handed over
        assert "handed over to the running window" not in text
        assert "listening for a second launch" in text  # the new first window
        assert "opened from the command line: playing nothing" not in text, text
        assert "RuntimeError" not in text
    finally:
        _end(second)
        _end(closing)

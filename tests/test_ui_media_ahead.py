"""Qt's media backend loads on a thread while the app imports its window (ui/media_ahead.py). In fresh
processes: the thread puts the backend's library in the process before any player exists, Qt's own load
then finds it and a player made afterwards opens a file; a backend that is not there loads nothing; and a
process that quits at once, waiting for the thread as app.main does, exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from avrec_desktop.bench.bench_tracks import write_track

ROOT = Path(__file__).resolve().parents[1]
LOADS_AHEAD = """
import sys, time
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWidgets import QApplication
app = QApplication([])
from avrec_desktop.ui import media_ahead
library = media_ahead.backend_library()
print("library", library)
thread = media_ahead.start()
thread.join(30)
assert not thread.is_alive() and media_ahead.took_ms is not None
maps = open("/proc/self/maps").read()
print("mapped before a player", library.name in maps)
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
player = QMediaPlayer(); audio = QAudioOutput(); player.setAudioOutput(audio)
player.setSource(QUrl.fromLocalFile(sys.argv[1]))
end = time.monotonic() + 20
while player.mediaStatus() not in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.InvalidMedia) \\
        and time.monotonic() < end:
    QCoreApplication.processEvents(); time.sleep(0.01)
print("status", player.mediaStatus().name, "duration", player.duration())
"""
NO_BACKEND = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from avrec_desktop.ui import media_ahead
print("none", media_ahead.backend_library() is None and media_ahead.start() is None)
"""
QUIT_AT_ONCE = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from avrec_desktop.ui import media_ahead
thread = media_ahead.start()
if thread is not None:
    thread.join(1)  # what app.main does before the process ends
del app
"""


def _python(code: str, *args: str, **env) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_the_backend_is_in_the_process_before_a_player_and_the_player_then_opens_a_file(tmp_path):
    done = _python(LOADS_AHEAD, str(write_track(tmp_path / "tone.wav", 2.0, seed=1)))
    assert done.returncode == 0, done.stderr[-1500:]
    assert "library None" not in done.stdout, "no media backend found in this Qt install"
    assert "mapped before a player True" in done.stdout, done.stdout
    assert "status LoadedMedia" in done.stdout, done.stdout + done.stderr[-800:]
    duration = int(done.stdout.rsplit("duration", 1)[1].split()[0])
    assert 1800 <= duration <= 2200


def test_a_backend_that_is_not_there_loads_nothing():
    done = _python(NO_BACKEND, QT_MEDIA_BACKEND="nosuchbackend")
    assert done.returncode == 0, done.stderr[-800:]
    assert "none True" in done.stdout


def test_a_process_that_quits_at_once_waits_for_the_thread_and_exits_cleanly():
    for _ in range(5):
        done = _python(QUIT_AT_ONCE)
        assert done.returncode == 0, done.stderr[-800:]

"""Playing a file prints nothing on the terminal: Qt's FFmpeg used to print each file's format dump
("Input #0, wav, from …", five lines a track). Run in a process of its own, as a person starts the app
from a terminal, with the real PlayerController."""

import subprocess
import sys
from pathlib import Path

import pytest

import mediagen

pytest.importorskip("PySide6.QtMultimedia")

PLAY = r"""
import os, sys
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from avrec_desktop.ui.player import NowPlaying, PlayerController
player = PlayerController(lambda *a, **k: None, app)
played = []
player.started.connect(lambda item: played.append(item.media_id))
player.play(NowPlaying(media_id=7, path=sys.argv[1], kind="music", title="tone", duration=3.0))
loop = QEventLoop()
def check():
    if player.position > 0.3:
        loop.quit()
timer = QTimer(); timer.timeout.connect(check); timer.start(20)
QTimer.singleShot(20000, loop.quit)
loop.exec()
print("position", round(player.position, 2), "started", played, flush=True)
player.close()
os._exit(0)
"""


def test_playing_a_file_prints_no_ffmpeg_format_dump(tmp_path):
    song = tmp_path / "tone.wav"
    mediagen.write_audio(song, 3.0)
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    run = subprocess.run([sys.executable, "-c", PLAY, str(song)], capture_output=True, text=True, timeout=120,
                         env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "started [7]" in run.stdout and "position 0.0 " not in run.stdout, run.stdout  # it really played
    assert "Input #0" not in run.stderr and "Duration:" not in run.stderr, run.stderr[-2000:]


def test_the_level_is_left_alone_when_qt_ffmpeg_debug_asks_for_everything(qapp, monkeypatch):
    from PySide6.QtMultimedia import QMediaPlayer

    from avrec_desktop.ui import ffmpeg_log

    made = QMediaPlayer()  # Qt's media back end, and with it its FFmpeg, is loaded

    monkeypatch.setenv("QT_FFMPEG_DEBUG", "1")
    assert ffmpeg_log.quiet() is False
    monkeypatch.delenv("QT_FFMPEG_DEBUG")
    assert ffmpeg_log.qt_libavutil() is not None  # PySide6's wheel ships its FFmpeg
    assert ffmpeg_log.quiet() is True
    del made

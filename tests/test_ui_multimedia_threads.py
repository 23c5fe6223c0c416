"""QtMultimedia's own threads never wait for the GIL: a player, audio output and video surface made from
Python are answered on the GUI thread first (ui/cross_thread.py). Without that, FFmpeg's renderer thread
could freeze the whole window (and once froze the test run) while the GUI thread connected a signal.

Checked the way it happened: many short video plays with sound, stopped, with widgets shown meanwhile, in a
process of its own; a freeze is a timeout, never a hung test run."""

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtMultimedia")

import mediagen  # noqa: E402

ROUNDS = 30
LIMIT_S = 240  # ~1 s a round here; generous for a loaded machine


def test_many_video_plays_and_stops_never_freeze(tmp_path):
    clip = tmp_path / "clip.mp4"
    mediagen.write_video(clip, 20.0, pattern="bars", with_audio=True, tags={"title": "clip"})
    script = Path(__file__).with_name("multimedia_churn.py")
    for seed in (1, 2):
        try:
            run = subprocess.run([sys.executable, str(script), str(clip), str(ROUNDS), str(seed)],
                                 capture_output=True, text=True, timeout=LIMIT_S)
        except subprocess.TimeoutExpired as exc:
            rounds = [line for line in (exc.stdout or b"").decode(errors="replace").split() if line.isdigit()]
            pytest.fail(f"the player froze after {len(rounds)} of {ROUNDS} rounds (seed {seed})")
        assert run.returncode == 0, run.stderr[-2000:]
        assert run.stdout.split()[-1] == "done"


def test_no_python_handler_takes_qt_messages_in_the_test_run(qapp):
    """pytest-qt's capture of Qt messages (a Python handler) froze CI runs: FFmpeg's audio renderer
    logged while the GUI thread, holding the GIL, waited for it. pyproject's --no-qt-log keeps it off."""
    from avrec_desktop.ui.cross_thread import python_message_handler

    assert python_message_handler() is None


def test_the_window_installs_no_python_message_handler(qtbot, qapp):
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.cross_thread import python_message_handler
    from avrec_desktop.ui.tasks import SyncTaskRunner

    window = build(qapp, runner=SyncTaskRunner(), encoders_factory="fake_encoders:make", start_background=False)
    qtbot.addWidget(window)
    window.show()
    try:
        window.controller.player.media()  # the player and its FFmpeg back end exist
        assert python_message_handler() is None
    finally:
        window.controller.player.close()
        window.controller.core.close()

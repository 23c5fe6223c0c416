"""One window per user and library, across real processes: a second launch hands its file argument to
the running window (which plays it) and exits at once, without a window of its own."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtMultimedia")

import mediagen  # noqa: E402

TESTS = Path(__file__).resolve().parent
LAUNCH = ("import logging, sys; logging.basicConfig(level=logging.INFO, stream=sys.stderr); "
          "from avrec_desktop.ui.app import main; sys.exit(main(sys.argv))")


def _launch(*args, log: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AVREC_ENCODERS_FACTORY": "fake_encoders:make",
           "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", LAUNCH, *map(str, args)], env=env, cwd=TESTS.parent,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"), stdin=subprocess.DEVNULL)


def _wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.timeout(120)
def test_a_second_launch_hands_over_to_the_first_window(tmp_path):
    from avrec_desktop.core import AppCore

    music = tmp_path / "music"
    music.mkdir()
    song = music / "song.wav"
    mediagen.write_audio(song, 3.0, tags={"title": "Song"})
    core = AppCore(encoders_factory="fake_encoders:make")
    core.add_folder(str(music), "music")
    media_id = core.store.media_by_path(str(song)).id
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = _launch(log=first_log)
    try:
        # ready once it listens (older builds did not say so: give them time instead)
        _wait_for(lambda: "listening for a second launch" in first_log.read_text() or first.poll() is not None,
                  30)
        assert first.poll() is None, first_log.read_text()
        second = _launch(song, log=second_log)
        try:
            rc = second.wait(20)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait()
            pytest.fail("the second launch opened a window of its own instead of handing over")
        assert rc == 0, second_log.read_text()
        assert "handed over to the running window" in second_log.read_text()
        assert _wait_for(lambda: "a second launch was handed over (1 files)" in first_log.read_text(), 10), \
            first_log.read_text()
        # the file named on the second command line plays in the first window
        assert _wait_for(lambda: any(e["type"] == "start" for e in core.store.events_of(media_id)), 20), \
            first_log.read_text()
    finally:
        first.send_signal(signal.SIGTERM)  # closes the window properly
        try:
            first.wait(30)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
        core.close()
    assert first.returncode == 0, first_log.read_text()

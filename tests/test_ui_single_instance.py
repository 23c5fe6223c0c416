"""One window per user and library, across real processes: a second launch hands its file arguments to
the running window (which plays the first and queues the rest) and exits at once, without a window of
its own. Without a session bus the window runs without MPRIS, saying so in one log line."""

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
           "DBUS_SESSION_BUS_ADDRESS": f"unix:path={log.parent / 'no-bus-here'}",  # never the desktop's bus
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
            rc = second.wait(60)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait()
            pytest.fail("the second launch opened a window of its own instead of handing over")
        assert rc == 0, second_log.read_text()
        assert "handed over to the running window" in second_log.read_text()
        assert _wait_for(lambda: "a second launch was handed over (1 files)" in first_log.read_text(), 60), \
            first_log.read_text()
        # the file named on the second command line plays in the first window
        assert _wait_for(lambda: any(e["type"] == "start" for e in core.store.events_of(media_id)), 60), \
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


@pytest.mark.timeout(180)
def test_a_second_launch_plays_the_first_path_and_queues_the_rest(tmp_path):
    from avrec_desktop.core import AppCore

    music = tmp_path / "music"
    (music / "disc").mkdir(parents=True)
    first_song, second_song = music / "a.wav", music / "b.wav"
    mediagen.write_audio(first_song, 3.0, tags={"title": "First"})
    mediagen.write_audio(second_song, 3.0, freq=660, tags={"title": "Second"})
    for i in range(2):
        mediagen.write_audio(music / "disc" / f"track{i}.wav", 2.0, freq=300 + 50 * i)
    core = AppCore(encoders_factory="fake_encoders:make")
    core.add_folder(str(music), "music")
    core.start_indexing(exit_when_idle=True).wait_idle(90)  # a folder queues its analysed items
    first_id = core.store.media_by_path(str(first_song)).id
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = _launch(log=first_log)
    try:
        assert _wait_for(lambda: "listening for a second launch" in first_log.read_text()
                         or first.poll() is not None, 60), first_log.read_text()
        assert first.poll() is None, first_log.read_text()
        # no session bus here: no MPRIS, one line, the window runs on
        assert _wait_for(lambda: "MPRIS off: no session bus" in first_log.read_text(), 30), first_log.read_text()
        assert "MPRIS on the session bus" not in first_log.read_text()
        second = _launch(first_song, second_song, music / "disc", log=second_log)
        try:
            rc = second.wait(60)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait()
            pytest.fail("the second launch did not hand over and exit")
        assert rc == 0, second_log.read_text()
        assert "handed over to the running window (3 files)" in second_log.read_text()
        # the first path plays; the second file and the folder's two tracks are queued after it
        assert _wait_for(lambda: "opened from the command line: playing %d, 3 queued" % first_id
                         in first_log.read_text(), 60), first_log.read_text()
        assert _wait_for(lambda: any(e["type"] == "start" for e in core.store.events_of(first_id)), 60), \
            first_log.read_text()
    finally:
        first.send_signal(signal.SIGTERM)
        try:
            first.wait(60)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
        core.close()
    assert first.returncode == 0, first_log.read_text()

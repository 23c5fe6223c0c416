"""The player across a real restart, as a user has it: the app (``avrec_desktop.ui.app:main``, the
``avrec-desktop`` entry point) runs as a child process with its own HOME and data folders, plays, seeks and
then either crashes (SIGKILL: a crash or a power cut) or quits properly (MPRIS Quit, as the tray's Quit
does). A second process then shows the same item, paused, about where it was, with the same Up next.

Everything is watched from outside: MPRIS over a private session bus (PlaybackStatus, Metadata,
Position, Next) and the saved state in the database. Every wait polls a condition with a generous
deadline; every child is killed (with its process group) in a ``finally``."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest

pytest.importorskip("PySide6.QtDBus")
pytest.importorskip("PySide6.QtMultimedia")

# the private bus and dbus-send helpers (that module skips where dbus-daemon is missing)
from test_ui_mpris import LAUNCH, PLAYER, TESTS, WAIT, _env, _get, _meta, _position_us, _send, _status, \
    _wait_for, bus  # noqa: E402,F401

import mediagen  # noqa: E402
from process_testlib import end_process_group  # noqa: E402

TITLES = ("Song One", "Song Two", "Song Three", "Song Four", "Song Five")
CRASH_LOSS_S = 8.0  # a crash loses at most this much of the position (the app saves every few seconds)


def _library(tmp_path):
    from avrec_desktop.core import AppCore

    music = tmp_path / "music"
    music.mkdir()
    songs = []
    for i, title in enumerate(TITLES):
        song = music / f"{i + 1}.wav"
        mediagen.write_audio(song, 60.0, freq=330 + 110 * i, seed=i, tags={"title": title})
        songs.append(song)
    core = AppCore(encoders_factory="fake_encoders:make")
    core.add_folder(str(music), "music")
    core.start_indexing(exit_when_idle=True).wait_idle(WAIT)  # tags read: the titles are the tagged ones
    ids = {title: core.store.media_by_path(str(song)).id for title, song in zip(TITLES, songs)}
    core.close()
    return songs, ids


def _launch(address: str, log, *files) -> subprocess.Popen:
    """The app as ``avrec-desktop`` starts it, in a process group of its own (its analysis worker too)."""
    return subprocess.Popen([sys.executable, "-c", LAUNCH, *map(str, files)], env=_env(address), cwd=TESTS.parent,
                            stdout=subprocess.DEVNULL, stderr=log.open("a"), stdin=subprocess.DEVNULL,
                            start_new_session=True)


def _end(proc) -> None:
    end_process_group(proc, term_wait=60)


def _on_bus(address: str, proc, log) -> None:
    assert _wait_for(lambda: "MPRIS on the session bus as org.mpris.MediaPlayer2.avrec" in log.read_text()
                     or proc.poll() is not None), log.read_text()
    assert proc.poll() is None, log.read_text()


def _title(address: str) -> str | None:
    value = _meta(address, "xesam:title")
    return value.split('"')[1] if value else None


def _saved():
    """The player state the app keeps in the database, read as a separate process would."""
    from avrec_desktop.library import play_session
    from avrec_desktop.store import Store
    from avrec_desktop import paths

    store = Store(paths.database_path())
    try:
        return play_session.load(store)
    finally:
        store.close()


def _set_position(address: str, seconds: float) -> None:
    track = re.search(r'object path "([^"]+)"', _meta(address, "mpris:trackid") or "").group(1)
    _send(address, f"{PLAYER}.SetPosition", f"objpath:{track}", f"int64:{int(seconds * 1e6)}")


def _restored(address: str, proc, log, title: str, at: float, slack_before: float, slack_after: float) -> float:
    """The second process shows ``title`` paused near ``at`` seconds; returns where."""
    _on_bus(address, proc, log)
    assert _wait_for(lambda: _title(address) == title), (_get(address, "Metadata"), log.read_text())
    assert _wait_for(lambda: _status(address) == "Paused"), (_get(address, "PlaybackStatus"), log.read_text())
    where = _position_us(address) / 1e6
    assert at - slack_before <= where <= at + slack_after, (at, where, log.read_text())
    return where


@pytest.mark.timeout(600)
def test_a_crash_and_a_quit_both_come_back_paused_with_up_next(tmp_path, bus):
    songs, ids = _library(tmp_path)
    log = tmp_path / "window.log"
    queued = [ids["Song Two"], ids["Song Three"]]

    # 1. Song One plays (Two and Three queued after it, as `avrec-desktop one two three` does); seek to 20 s,
    #    play on past 32 s, and the process is killed without warning
    first = _launch(bus, log, songs[0], songs[1], songs[2])
    try:
        _on_bus(bus, first, log)
        assert _wait_for(lambda: _status(bus) == "Playing" and _title(bus) == "Song One"), log.read_text()
        _set_position(bus, 20.0)
        assert _wait_for(lambda: _position_us(bus) >= 32_000_000), (_position_us(bus), log.read_text())
        at_kill = _position_us(bus) / 1e6
        first.send_signal(signal.SIGKILL)
        first.wait(60)
    finally:
        _end(first)
    saved = _saved()
    assert saved is not None and saved.current is not None and saved.current.media_id == ids["Song One"]
    assert [e.media_id for e in saved.queue][:2] == queued, saved  # the user's queue, never lost
    up_next = [e.media_id for e in saved.queue]
    assert saved.position >= at_kill - CRASH_LOSS_S, (at_kill, saved.position)  # a few seconds lost at most

    # 2. the next start: Song One, paused, at most a few seconds before where it was killed; Up next as it was
    second = _launch(bus, log)
    try:
        where = _restored(bus, second, log, "Song One", at_kill, CRASH_LOSS_S, 10.0)
        assert _wait_for(lambda: f"Up next {up_next}" in log.read_text()), (up_next, log.read_text())
        # Next plays what the user had queued, in order
        _send(bus, f"{PLAYER}.Next")
        assert _wait_for(lambda: _title(bus) == "Song Two" and _status(bus) == "Playing"), log.read_text()
        _set_position(bus, 20.0)
        assert _wait_for(lambda: _position_us(bus) >= 21_000_000), log.read_text()
        _send(bus, f"{PLAYER}.Pause")
        assert _wait_for(lambda: _status(bus) == "Paused"), log.read_text()
        paused_at = _position_us(bus) / 1e6
        # 3. a proper quit (MPRIS Quit: what the tray and desktop widgets call)
        _send(bus, "org.mpris.MediaPlayer2.Quit")
        second.wait(120)
        assert second.returncode == 0, log.read_text()
    finally:
        _end(second)
    assert where >= 20.0
    saved = _saved()
    assert saved.current.media_id == ids["Song Two"] and [e.media_id for e in saved.queue][:1] == queued[1:]

    # 4. and back again: Song Two, paused where it was paused; Next is Song Three
    third = _launch(bus, log)
    try:
        _restored(bus, third, log, "Song Two", paused_at, 1.0, 1.0)
        _send(bus, f"{PLAYER}.Next")
        assert _wait_for(lambda: _title(bus) == "Song Three" and _status(bus) == "Playing"), log.read_text()
    finally:
        _end(third)
    assert third.returncode is not None

"""The player across a restart (item, position, paused, Up next, volume, shuffle, repeat) and the bar's
controls as a user uses them: the seek groove jumps where clicked and the time follows a drag; the
title bar names what plays; "No audio device" reaches the status bar."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import mediagen
from test_ui_player_queue import LONG, enter_on, playing_title, row_of, wait_playing, window  # noqa: F401
from test_ui_window import FAKE, wait_ready


def _build(qtbot, qapp):
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.tasks import SyncTaskRunner

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    return w


def _entries(queue):
    return [(e.media.id, e.pinned, e.source) for e in queue.entries]


def test_the_player_comes_back_paused_where_it_was_after_a_restart(qtbot, qapp, tmp_path):
    from avrec_desktop.ui.library_view import item_menu

    first = _build(qtbot, qapp)
    music, videos = tmp_path / "music", tmp_path / "videos"
    music.mkdir()
    videos.mkdir()
    mediagen.write_audio(music / "song.wav", 5.0, tags={"title": "A song"})
    for i in range(5):
        mediagen.write_video(videos / f"clip{i}.mp4", 30.0 if i == 0 else 4.0, seed=i, tags={"title": f"Clip {i}"})
    first.controller.add_folder(str(music), "music")
    first.controller.add_folder(str(videos), "video")
    wait_ready(qtbot, first, 6)
    enter_on(qtbot, first, "Clip 0", page="Videos")
    queue = first.controller.queue
    qtbot.waitUntil(lambda: len(queue) >= 2, timeout=LONG)
    song = first.controller.core.store.all_media(kind="audio")[0].id
    next(a for a in item_menu(first, first.controller, song, None).actions() if a.text() == "Queue next").trigger()
    bar = first.player_bar
    bar.volume.setFocus()
    for _ in range(4):
        QTest.keyClick(bar.volume, Qt.Key.Key_PageDown)  # 80 → 40
    QTest.keyClick(first.music.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # shuffle
    QTest.keyClick(first.music.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # repeat all
    wait_playing(qtbot, first, "Clip 0", after=1.0)
    for _ in range(2):  # +10 s twice: far from the last save, so stopping at close (position 0) must not count
        QTest.keyClick(first.music.table, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: first.controller.player.position > 18, timeout=LONG)
    before = first.controller.player.position
    entries = _entries(queue)
    QTest.keyClick(first.music.table, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Library → Quit
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=LONG)

    second = _build(qtbot, qapp)
    player = second.controller.player
    qtbot.waitUntil(lambda: playing_title(second) == "Clip 0", timeout=LONG)
    qtbot.waitUntil(lambda: before - 0.5 <= player.player.position() / 1000 <= before + 3.0, timeout=LONG)
    assert not player.playing and player.cued
    assert _entries(second.controller.queue) == entries  # the user's entry and the automatic ones
    assert all(e.reasons for e in second.controller.queue.entries if not e.pinned)  # reasons kept
    assert second.player_bar.volume.value() == 40
    assert second.player_bar.shuffle_button.isChecked() and second.controller.playback.repeat == "all"
    assert "Clip 0" in second.windowTitle() and "Clip 0" == second.player_bar.title.text()
    clip = player.current.media_id
    starts = len([e for e in second.controller.core.store.events_of(clip) if e["type"] == "start"])
    QTest.keyClick(second.music.table, Qt.Key.Key_Space)  # resumes there
    qtbot.waitUntil(lambda: player.playing, timeout=LONG)
    events = [e for e in second.controller.core.store.events_of(clip) if e["type"] == "start"]
    assert len(events) == starts + 1 and before - 0.5 <= events[-1]["position"] <= before + 3.0
    second.close()


def test_seek_groove_jumps_where_clicked_and_the_time_follows_a_drag(window, qtbot, tmp_path):
    from avrec_desktop.ui.library_model import format_duration

    music = tmp_path / "music"
    music.mkdir()
    mediagen.write_audio(music / "long.wav", 40.0, tags={"title": "Long one"})
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 1)
    enter_on(qtbot, window, "Long one")
    wait_playing(qtbot, window, "Long one", after=0.1)
    player = window.controller.player
    QTest.keyClick(window.music.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not player.playing, timeout=LONG)
    seek = window.player_bar.seek
    qtbot.waitUntil(lambda: seek.maximum() >= 39, timeout=LONG)
    y = seek.height() // 2
    QTest.mouseClick(seek, Qt.MouseButton.LeftButton, pos=QPoint(int(seek.width() * 0.75), y))
    qtbot.waitUntil(lambda: abs(player.position - 30) < 3, timeout=LONG)  # 3/4 of 40 s, not a page step
    # a drag: the label shows where the handle is; the player moves on release
    QTest.mousePress(seek, Qt.MouseButton.LeftButton, pos=QPoint(int(seek.width() * 0.25), y))
    QTest.mouseMove(seek, QPoint(int(seek.width() * 0.5), y))
    label = window.player_bar.elapsed.text()
    assert label == format_duration(seek.value()) and abs(seek.value() - 20) <= 3
    assert abs(player.position - 30) < 3  # not yet
    QTest.mouseRelease(seek, Qt.MouseButton.LeftButton, pos=QPoint(int(seek.width() * 0.5), y))
    qtbot.waitUntil(lambda: abs(player.position - 20) < 3, timeout=LONG)


def test_no_audio_device_is_said_in_the_status_bar(window, qtbot, tmp_path, monkeypatch):
    from avrec_desktop.ui import play_queue

    monkeypatch.setattr(play_queue, "no_audio_device", lambda: True)
    music = tmp_path / "music"
    music.mkdir()
    mediagen.write_audio(music / "a.wav", 5.0, tags={"title": "Quiet"})
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 1)
    window.statusBar().clearMessage()
    enter_on(qtbot, window, "Quiet")
    qtbot.waitUntil(lambda: playing_title(window) == "Quiet", timeout=LONG)
    assert "No audio device" in window.statusBar().currentMessage()
    assert "Quiet" in window.windowTitle()  # the playing item in the title bar
    assert row_of(window.music, "Quiet") is not None

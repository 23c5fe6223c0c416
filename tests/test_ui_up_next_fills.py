"""Up next on the very first launch: a track picked by hand before the analysis got to the library
gets its Up next as soon as suggestions exist, and the panel says what it is waiting for meanwhile.
Driven as a user does (Enter on a row); waits are on conditions with generous timeouts."""

import mediagen
from test_ui_player_queue import LONG, enter_on, playing_title, window  # noqa: F401
from test_ui_window import wait_ready


def test_up_next_fills_when_the_analysis_catches_up_and_says_so_meanwhile(window, qtbot, tmp_path):  # noqa: F811
    folder = tmp_path / "music"
    folder.mkdir()
    # four sounds far apart (pure tones close in pitch would be one recording to the duplicate rule)
    for i, (kind, freq) in enumerate([("tone", 300), ("noise", 440), ("chirp", 2000), ("beats", 880)]):
        mediagen.write_audio(folder / f"Song {i}.wav", 40.0, kind=kind, freq=freq, seed=i,
                             tags={"title": f"Song {i}", "artist": f"Band {i}"})
    controller = window.controller
    # the folder is on the list but nothing is analysed yet (the worker starts below, as after Ctrl+O)
    controller.core.add_folder(str(folder), "music")
    controller.folders_changed.emit()
    note = window.up_next.note
    assert note.isVisible() and "Play something" in note.text()  # nothing playing: what Up next is for
    enter_on(qtbot, window, "Song 0")
    qtbot.waitUntil(lambda: playing_title(window) == "Song 0", timeout=LONG)
    queue = controller.queue
    assert len(queue) == 0  # no analysed item yet: nothing to suggest
    qtbot.waitUntil(lambda: "analys" in note.text(), timeout=LONG)
    assert note.isVisible()
    controller.start_background()
    wait_ready(qtbot, window, 4)
    qtbot.waitUntil(lambda: len(queue) >= 2, timeout=LONG)  # without another click
    playing = controller.player.current.media_id
    assert playing not in queue.media_ids()
    assert all(e.seed_id == playing and e.reason_text for e in queue.entries)
    assert not note.isVisible()


def test_a_file_opened_from_a_second_launch_reseeds_up_next(window, qtbot, tmp_path):  # noqa: F811
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from avrec_desktop.ui.single_instance import PathOpener

    music, videos = tmp_path / "music", tmp_path / "videos"
    music.mkdir()
    videos.mkdir()
    for i, (kind, freq) in enumerate([("tone", 300), ("noise", 440), ("chirp", 2000), ("beats", 880)]):
        mediagen.write_audio(music / f"Song {i}.wav", 30.0, kind=kind, freq=freq, seed=i,
                             tags={"title": f"Song {i}", "artist": f"Band {i}"})
    for i, pattern in enumerate(["gradient", "bars", "scenes", "noise"]):
        mediagen.write_video(videos / f"Clip {i}.mp4", 20.0, pattern=pattern, seed=i)
    controller = window.controller
    controller.add_folder(str(music), "music")
    controller.add_folder(str(videos), "video")
    wait_ready(qtbot, window, 8)
    queue = controller.queue
    enter_on(qtbot, window, "Clip 1", page="Videos")
    qtbot.waitUntil(lambda: playing_title(window) == "Clip 1" and len(queue) >= 2, timeout=LONG)
    assert all(e.media.kind == "video" for e in queue.entries)
    # `avrec-desktop Song 0.wav` while the window is open: the first instance plays it
    PathOpener(window, ask_to_add=lambda _folder: None).open([str(music / "Song 0.wav")])
    qtbot.waitUntil(lambda: playing_title(window) == "Song 0", timeout=LONG)
    song = controller.player.current.media_id
    qtbot.waitUntil(lambda: len(queue) >= 2 and all(e.media.kind == "audio" and e.seed_id == song
                                                    for e in queue.entries), timeout=LONG)
    QTest.keyClick(window.music.table, Qt.Key.Key_Space)  # still a player: Space pauses it
    qtbot.waitUntil(lambda: not controller.player.playing, timeout=LONG)

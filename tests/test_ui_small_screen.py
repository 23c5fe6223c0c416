"""The window fits a 1024×768 screen with a video playing (the Now playing panel shown beside Up next and
Similar): its minimum size is inside the screen with room for the window frame, and at 1024×768 the library
table, the seek bar, the video and Up next all keep a usable size."""

import mediagen
from test_ui_player_queue import LONG, add_music, enter_on, playing_title, window  # noqa: F401
from test_ui_window import wait_ready

SCREEN = (1024, 768)
FRAME = 16  # window-manager borders and title bar, at most, on the sides; the title bar takes height


def test_the_window_fits_a_1024_screen_while_a_video_plays(window, qtbot, tmp_path):
    add_music(qtbot, window, tmp_path, ["Song"], seconds=4.0)
    videos = tmp_path / "videos"
    videos.mkdir()
    mediagen.write_video(videos / "clip.mp4", 6.0, seed=1, tags={"title": "Clip"})
    window.controller.add_folder(str(videos), "video")
    wait_ready(qtbot, window, 2)
    enter_on(qtbot, window, "Clip", page="Videos")
    qtbot.waitUntil(lambda: playing_title(window) == "Clip" and window.video_dock.isVisible(), timeout=LONG)
    for page in ("Music", "Videos", "For you", "History", "Folders"):
        window.show_page(page)
        hint = window.minimumSizeHint()
        assert hint.width() <= SCREEN[0] - FRAME and hint.height() <= SCREEN[1] - 60, (page, hint)
    window.show_page("Music")
    window.resize(SCREEN[0] - FRAME, SCREEN[1] - 60)
    qtbot.waitUntil(lambda: window.width() <= SCREEN[0] - FRAME, timeout=LONG)
    assert window.width() <= SCREEN[0] and window.height() <= SCREEN[1]
    bar = window.player_bar
    assert bar.width() <= window.width() and bar.seek.width() >= 80, bar.seek.width()
    assert window.music.table.width() >= 300, window.music.table.width()
    assert window.video.isVisible() and window.video.width() >= 160, window.video.size()
    assert window.up_next.isVisible() and window.up_next.width() >= 120, window.up_next.size()
    assert bar.volume.isVisible() and bar.next_button.isVisible()
    assert bar.next_button.geometry().right() < bar.width() and bar.volume.geometry().right() <= bar.width()

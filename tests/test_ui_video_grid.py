"""The Videos page as a grid of posters (issue 8): driven with the mouse and keys on the real window."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import mediagen
from test_ui_window import grab_menu, wait_ready, window  # noqa: F401  (fixture)

VIDEOS = 3


def _videos(window, qtbot, tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    for i, pattern in enumerate(["gradient", "bars", "scenes"][:VIDEOS]):
        mediagen.write_video(folder / f"clip {i + 1}.mp4", 2.0, pattern=pattern, seed=i,
                             tags={"title": f"Clip {i + 1}"})
    window.controller.add_folder(str(folder), "video")
    wait_ready(qtbot, window, VIDEOS, timeout=180000)  # generous: a loaded machine
    window.show_page("Videos")
    window._library_changed()
    grid = window.videos.grid
    qtbot.waitUntil(lambda: grid.model().rowCount() == VIDEOS
                    and all(grid.model().index(r, 0).data() for r in range(VIDEOS)), timeout=60000)
    return grid


def test_grid_shows_a_poster_per_video_and_enter_plays_the_second(window, qtbot, tmp_path):
    grid = _videos(window, qtbot, tmp_path)
    assert grid.isVisible() and not window.videos.table.isVisible()  # the grid is the default
    qtbot.waitUntil(lambda: all(grid.poster_shown(r) for r in range(VIDEOS)), timeout=60000)
    rects = [grid.visualRect(grid.model().index(r, 0)) for r in range(VIDEOS)]
    assert len({(r.x(), r.y()) for r in rects}) == VIDEOS and all(grid.viewport().rect().contains(r) for r in rects)
    QTest.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rects[0].center())  # the first poster
    assert grid.currentIndex().row() == 0
    QTest.keyClick(grid, Qt.Key.Key_Right)  # to the second
    assert grid.currentIndex().row() == 1
    second = grid.model().media_id_at(1)
    QTest.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.player.current is not None, timeout=20000)
    assert window.controller.player.current.media_id == second


def test_grid_menu_and_the_remembered_list_toggle(window, qtbot, tmp_path):
    grid = _videos(window, qtbot, tmp_path)
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(2, 0))
    shown = []
    QTest.keyClick(grid, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)  # Shift+F10: the item menu
    qtbot.waitUntil(lambda: grab_menu(shown), timeout=10000)
    assert shown[0][:4] == ["Play", "Play similar", "Show similar", "Queue next"]
    toggle = window.videos.view_toggle
    QTest.mouseClick(toggle, Qt.MouseButton.LeftButton, pos=QPoint(toggle.width() // 2, toggle.height() // 2))
    assert window.videos.table.isVisible() and not grid.isVisible()
    assert window.videos.table.currentIndex().row() == 2  # the same item is current in the list
    assert window.settings.value("videos/view") == "list"

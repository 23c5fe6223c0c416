"""A first launch: the Videos grid shown while the videos are still being analysed gets each poster as
soon as its video is analysed (the grid asked once, before there was one, and kept the placeholder)."""

import mediagen
from test_ui_window import wait_ready, window  # noqa: F401  (fixture)

LONG = 180000  # generous: a loaded machine
VIDEOS = 2


def test_the_grid_shows_posters_made_after_it_first_asked(window, qtbot, tmp_path):  # noqa: F811
    folder = tmp_path / "videos"
    folder.mkdir()
    for i, pattern in enumerate(["bars", "gradient"][:VIDEOS]):
        mediagen.write_video(folder / f"Clip {i + 1}.mp4", 2.0, pattern=pattern, seed=i)
    controller = window.controller
    # the folder is in, nothing analysed yet (the worker starts below, as after Ctrl+O)
    controller.core.add_folder(str(folder), "video")
    controller.folders_changed.emit()
    window.show_page("Videos")
    grid = window.videos.grid
    assert grid.isVisible()
    qtbot.waitUntil(lambda: grid.model().rowCount() == VIDEOS
                    and all(grid.model().index(r, 0).data() for r in range(VIDEOS)), timeout=LONG)
    posters = grid.posters
    ids = [grid.model().media_id_at(r) for r in range(VIDEOS)]
    grid.viewport().repaint()  # the grid paints: it asks for the posters now, there are none yet
    qtbot.waitUntil(lambda: all(posters.known(i, 108) for i in ids), timeout=LONG)
    assert not any(grid.poster_shown(r) for r in range(VIDEOS))
    controller.start_background()
    wait_ready(qtbot, window, VIDEOS, timeout=LONG)
    qtbot.waitUntil(lambda: all(grid.poster_shown(r) for r in range(VIDEOS)), timeout=60000)

"""An empty library table says why in one line (the Music table, and the Videos page shown as a list),
drawn in the table; with rows it says nothing."""

from __future__ import annotations

import pytest

from avrec_desktop.ui.tasks import SyncTaskRunner
from test_ui_keyboard import FAKE, fill


def shown_window(qtbot, qapp, *, n: int, kind: str):
    """The real window over a library of ``n`` items of one kind, shown on the Music page."""
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    fill(w.controller.core.store, n=n, kind=kind)
    w.show_page("Music")
    w._library_changed()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.later.done, timeout=10000)  # every page, the Tab order and the focus frame
    yield w
    w.controller.player.close()
    w.controller.core.close()


@pytest.fixture
def window(qtbot, qapp):
    yield from shown_window(qtbot, qapp, n=3, kind="video")  # videos only: the Music table has no rows


def _drawn(table) -> bool:
    """Grey text pixels in the empty viewport, where the line is drawn (the rest of it is the base colour)."""
    image = table.grab().toImage()
    top = table.viewport().geometry().top()
    grey = 0
    for y in range(top + 60, min(image.height(), top + 160)):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            grey += c.red() < 200 and abs(c.red() - c.green()) < 12 and abs(c.red() - c.blue()) < 12
    return grey > 20


def test_an_empty_music_table_says_how_to_add_music_and_a_search_that_found_nothing(window, qtbot):
    table = window.music.table
    qtbot.waitUntil(lambda: window.music.model.settled, timeout=10000)
    assert "No music yet" in table.shown_empty_text() and "Add a folder" in table.shown_empty_text()
    assert _drawn(table)
    window.music.search_box.setText("zzqx")
    qtbot.waitUntil(lambda: "matches this search" in table.shown_empty_text(), timeout=10000)


def test_the_videos_list_is_quiet_with_rows_and_says_when_a_search_found_none(window, qtbot):
    window.show_page("Videos")
    window.videos.show_grid(False)  # the list, not the grid of posters
    table = window.videos.table
    qtbot.waitUntil(lambda: window.videos.model.rowCount() == 3, timeout=10000)
    assert table.shown_empty_text() == ""
    window.videos.search_box.setText("zzqx")
    qtbot.waitUntil(lambda: window.videos.model.rowCount() == 0 and window.videos.model.settled, timeout=10000)
    assert "No videos match this search" in table.shown_empty_text()
    assert _drawn(table)

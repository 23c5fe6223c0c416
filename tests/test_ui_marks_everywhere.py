"""♥/✕ everywhere (issue 8): a like or dislike shows at once after the item's title in Up next, on its For
you card and on its poster in the Videos grid, whichever place the user gave it from (the item menu, opened
with Shift+F10), not only in the library tables. Checked on the painted pixels: the ♥ is drawn in the one
accent colour (the palette's highlight), the ✕ in the quiet placeholder colour."""

import os
import time

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from avrec_desktop.recommend.suggestions import Reason
from test_ui_keyboard import fill, focus, window  # noqa: F401  (the window fixture: Tune 01..05)

VIDEOS = (6, 7)


def _add_videos(store):
    now = time.time()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO media(id, path, kind, status, title, duration, added_at, updated_at) "
            "VALUES (?, ?, 'video', 'ready', ?, 60, ?, ?)",
            [(i, os.fsencode(f"/home/listener/Music/clip{i}.mp4"), f"Clip {i}", now, now) for i in VIDEOS])


def _choose_in_menu(qtbot, view, text):
    """Shift+F10 on ``view`` (its current row), then the menu entry ``text``."""
    QTest.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    def menu():
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()), None)
    qtbot.waitUntil(lambda: menu() is not None, timeout=10000)
    shown = menu()
    action = next(a for a in shown.actions() if a.text() == text)
    shown.close()
    action.trigger()


def _pixels(widget, rect, role) -> int:
    """How many pixels of ``rect`` (in ``widget``) are close to the palette's ``role`` colour."""
    want, base = widget.palette().color(role), widget.palette().color(QPalette.ColorRole.Base)
    a = want.alphaF()  # the placeholder colour is the text's, half transparent: as painted over the base
    want = QColor(*(round(a * w + (1 - a) * b) for w, b in zip(want.getRgb()[:3], base.getRgb()[:3])))
    image = widget.grab(rect).toImage()
    near = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            near += abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 60
    return near


def _title_line(view, index) -> QRect:
    rect = view.visualRect(index)
    return QRect(rect.left(), rect.top(), rect.width(), view.fontMetrics().height() + 10)


def _up_next_row(window, media_id):
    queue = window.controller.queue
    row = next(r for r, e in enumerate(queue.entries) if e.media.id == media_id)
    return queue.index(row)


ACCENT, QUIET = QPalette.ColorRole.Highlight, QPalette.ColorRole.PlaceholderText


def test_a_like_shows_in_up_next_for_you_and_the_videos_grid_at_once(window, qtbot):
    controller = window.controller
    store = controller.core.store
    _add_videos(store)
    for media_id in (VIDEOS[1], 2, 3):  # Up next: Tune 03, Tune 02, Clip 7
        controller.queue.insert_next(store.get_media(media_id), [Reason("queue", "you queued it")])
    up_next = window.up_next.list
    qtbot.waitUntil(lambda: up_next.isVisible() and controller.queue.rowCount() == 3, timeout=10000)

    # a like from a For you card's menu: the card and the Up next entry show ♥
    window.show_page("For you")
    qtbot.waitUntil(lambda: bool(window.for_you.shelves) and window.for_you.shelves[0].isVisible(), timeout=30000)
    shelf = window.for_you.shelves[0]
    row = next(i for i in range(shelf.count()) if shelf.item(i).data(Qt.ItemDataRole.UserRole) == 2)
    focus(qtbot, shelf)
    shelf.setCurrentRow(row)
    card = shelf.visualItemRect(shelf.item(row))
    title = QRect(card.left(), card.top() + 8 + 120 + 6, card.width(), shelf.fontMetrics().height() + 6)
    entry = _title_line(up_next, _up_next_row(window, 2))
    before_card, before_entry = _pixels(shelf.viewport(), title, ACCENT), _pixels(up_next.viewport(), entry, ACCENT)
    _choose_in_menu(qtbot, shelf, "Like")
    up_next.clearSelection()
    qtbot.waitUntil(lambda: _pixels(shelf.viewport(), title, ACCENT) > before_card + 8, timeout=10000)
    qtbot.waitUntil(lambda: _pixels(up_next.viewport(), entry, ACCENT) > before_entry + 8, timeout=10000)
    other = _title_line(up_next, _up_next_row(window, 3))  # Tune 03, not liked, stays unmarked
    assert _pixels(up_next.viewport(), other, ACCENT) <= before_entry + 2

    # a like from Up next's menu (the video queued there): its poster in the grid shows ♥ at once
    window.show_page("Videos")
    grid = window.videos.grid
    model = grid.model()
    qtbot.waitUntil(lambda: grid.isVisible() and model.rowCount() == 2 and model.media_id_at(1) is not None,
                    timeout=30000)
    rows = {model.media_id_at(r): r for r in range(model.rowCount())}
    grid.setCurrentIndex(model.index(rows[VIDEOS[0]], 0))  # the other poster is the current one
    poster = grid.visualRect(model.index(rows[VIDEOS[1]], 0))
    line = QRect(poster.left(), poster.top() + 8 + 108 + 4, poster.width(), grid.fontMetrics().height() + 8)
    before = _pixels(grid.viewport(), line, ACCENT)
    focus(qtbot, up_next)
    up_next.setCurrentIndex(_up_next_row(window, VIDEOS[1]))
    _choose_in_menu(qtbot, up_next, "Like")
    qtbot.waitUntil(lambda: _pixels(grid.viewport(), line, ACCENT) > before + 8, timeout=10000)

    # a dislike from the grid's own menu: ✕ after the (current, accent) title
    current = grid.visualRect(model.index(rows[VIDEOS[0]], 0))
    line = QRect(current.left(), current.top() + 8 + 108 + 4, current.width(), grid.fontMetrics().height() + 8)
    before = _pixels(grid.viewport(), line, QUIET)
    focus(qtbot, grid)
    _choose_in_menu(qtbot, grid, "Dislike")
    qtbot.waitUntil(lambda: _pixels(grid.viewport(), line, QUIET) > before + 3, timeout=10000)  # a thin ✕

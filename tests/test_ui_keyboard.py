"""Full keyboard use of the real window (issue 8, item 7): Tab walks sidebar → search → table → Up next →
player controls without being trapped in the table, and Shift+F10 / the Menu key open the item menu of
the current row, at that row."""

import os
import time

import pytest
from PySide6.QtCore import QEvent, QMargins, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from avrec_desktop.ui.tasks import SyncTaskRunner

FAKE = "fake_encoders:make"


def fill(store, n=5, kind="audio"):
    now = time.time()
    with store.transaction() as conn:
        conn.execute("INSERT INTO folders(id, path, kind, online, added_at) VALUES (1, ?, 'music', 1, ?)",
                     (os.fsencode("/home/listener/Music"), now))
        conn.executemany(
            "INSERT INTO media(id, path, kind, status, title, artist, duration, added_at, updated_at) "
            "VALUES (?, ?, ?, 'ready', ?, 'Someone', 200, ?, ?)",
            [(i, os.fsencode(f"/home/listener/Music/{i:02d}.flac"), kind, f"Tune {i:02d}", now, now)
             for i in range(1, n + 1)])


@pytest.fixture
def window(qtbot, qapp):
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    fill(w.controller.core.store)
    w.show_page("Music")
    w._library_changed()
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.later.done, timeout=10000)  # the Tab order is set once every page is made
    qtbot.waitUntil(lambda: w.music.model.rowCount() == 5, timeout=60000)
    yield w
    for menu in QApplication.topLevelWidgets():
        if isinstance(menu, QMenu):
            menu.close()
    w.controller.player.close()
    w.controller.core.close()


def focus(qtbot, widget):
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=10000)


def tab_walk(window, start, presses=40):
    seen = [start]
    for _ in range(presses):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_walks_sidebar_search_table_up_next_player(window, qtbot):
    focus(qtbot, window.sidebar)
    seen = tab_walk(window, window.sidebar)
    order = [window.sidebar, window.music.search_box, window.music.table, window.up_next.list]
    positions = [seen.index(w) for w in order]  # each is reached, in this order
    assert positions == sorted(positions)
    after_up_next = seen[positions[-1]:]
    assert any(w is window.player_bar.play_button for w in after_up_next)
    # the table does not keep Tab: the press after the table leaves it
    table_at = positions[2]
    assert seen[table_at + 1] is not window.music.table
    # and the walk comes round to the sidebar again
    assert window.sidebar in seen[table_at:]


def _framed(widget) -> bool:
    """The two pixels just outside the widget's left and top edges are the accent colour (its frame is
    drawn beside it, not over it)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QPalette

    window = widget.window()
    corner = widget.mapTo(window, QPoint(-2, -2))
    image = window.grab(QRect(corner, widget.size().grownBy(QMargins(2, 2, 2, 2)))).toImage()
    accent = widget.palette().color(QPalette.ColorRole.Highlight).rgb() & 0xFFFFFF
    mid_x, mid_y = image.width() // 2, image.height() // 2
    return all(image.pixel(x, y) & 0xFFFFFF == accent for x, y in ((0, mid_y), (1, mid_y), (mid_x, 0), (mid_x, 1)))


def test_focus_is_framed_in_the_accent_colour(window, qtbot):
    table, box, up_next = window.music.table, window.music.search_box, window.up_next.list
    assert not window.styleSheet()  # a window style sheet slows every paint; the ring draws the frame
    focus(qtbot, table)
    qtbot.waitUntil(lambda: _framed(table), timeout=5000)
    assert not _framed(up_next)
    focus(qtbot, box)  # a text box shows its own caret; no list is framed meanwhile
    qtbot.waitUntil(lambda: not _framed(table), timeout=5000)
    focus(qtbot, up_next)
    qtbot.waitUntil(lambda: _framed(up_next), timeout=5000)
    assert not _framed(table)
    window.resize(window.width() - 120, window.height() - 60)  # the frame follows a resized part
    qtbot.waitUntil(lambda: _framed(up_next), timeout=5000)


@pytest.fixture
def long_window(qtbot, qapp):
    from test_ui_empty_tables import shown_window

    yield from shown_window(qtbot, qapp, n=400, kind="audio")


def test_the_frame_leaves_scrolling_cheap(long_window, qtbot):
    """The frame sits beside the table: a scroll step still moves the drawn rows and paints only the
    new ones (a see-through frame over the rows made every step repaint the whole table)."""
    table = long_window.music.table
    qtbot.waitUntil(lambda: long_window.music.model.rowCount() == 400, timeout=60000)
    focus(qtbot, table)
    qtbot.waitUntil(lambda: _framed(table), timeout=5000)
    qtbot.wait(300)  # the repaints the focus change asked for are done
    rows = table.viewport()
    painted = []
    watcher = _PaintedHeights(painted)
    rows.installEventFilter(watcher)
    bar = table.verticalScrollBar()
    for _ in range(3):  # a scroll step repaints the rows that came in, not the whole table
        bar.setValue(bar.value() + 3)
        QApplication.processEvents()
    rows.removeEventFilter(watcher)
    assert painted and max(painted) < rows.height() / 2, (painted, rows.height())


class _PaintedHeights(QObject):
    def __init__(self, out):
        super().__init__()
        self.out = out

    def eventFilter(self, _obj, event):
        if event.type() == QEvent.Type.Paint:
            self.out.append(event.region().boundingRect().height())
        return False


def _popup():
    return QApplication.activePopupWidget() or next(
        (m for m in QApplication.topLevelWidgets() if isinstance(m, QMenu) and m.isVisible()), None)


@pytest.mark.parametrize("key,mods", [(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
                                      (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier)])
def test_menu_keys_open_the_item_menu_at_the_current_row(window, qtbot, key, mods):
    table = window.music.table
    focus(qtbot, table)
    table.setCurrentIndex(window.music.model.index(3, 0))
    QTest.keyClick(table, key, mods)
    qtbot.waitUntil(lambda: _popup() is not None, timeout=10000)
    menu = _popup()
    assert "Play similar" in [a.text() for a in menu.actions()]
    row = table.visualRect(window.music.model.index(3, 0))
    top_left = table.viewport().mapToGlobal(row.topLeft())
    assert abs(menu.geometry().top() - top_left.y()) <= row.height() + 2  # opens at the row, not the corner
    menu.close()


def test_menu_key_in_up_next(window, qtbot):
    item = window.controller.core.store.media_by_ids([2])[2]
    window.controller.queue.insert_next(item)
    focus(qtbot, window.up_next.list)
    window.up_next.list.setCurrentIndex(window.controller.queue.index(0))
    QTest.keyClick(window.up_next.list, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _popup() is not None, timeout=10000)
    assert "Remove from Up next" in [a.text() for a in _popup().actions()]
    _popup().close()


def test_a_floating_dock_frames_its_focused_list(window, qtbot):
    dock = window.up_next.parentWidget()
    while dock is not None and not dock.inherits("QDockWidget"):
        dock = dock.parentWidget()
    dock.setFloating(True)  # a window of its own
    focus(qtbot, window.up_next.list)
    qtbot.waitUntil(lambda: window._focus_ring.shown() and window._focus_ring.target is window.up_next.list,
                    timeout=5000)
    dock.setFloating(False)

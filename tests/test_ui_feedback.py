"""Feedback is visible (issue 8): Like / Dislike from the row's menu put ♥ / ✕ on that row and say so in
the status bar; the marks come back after a restart; Rescan says what it found."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from test_ui_keyboard import FAKE, fill, focus, window  # noqa: F401  (the window fixture)
from avrec_desktop.ui.tasks import SyncTaskRunner


def _menu_action(qtbot, table, row, text):
    table.setCurrentIndex(table.model().index(row, 0))
    rect = table.visualRect(table.model().index(row, 0))
    table.customContextMenuRequested.emit(rect.center())  # what a right-click on the row does
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=10000)
    menu = QApplication.activePopupWidget()
    action = next(a for a in menu.actions() if a.text() == text)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=10000)


def _painted_marks(window):
    return {window.music.model.index(r, 0).data(): window.marks.mark(window.music.model.media_id_at(r))
            for r in range(window.music.model.rowCount())}


def test_like_and_dislike_mark_the_row_and_say_so(window, qtbot):
    table = window.music.table
    _menu_action(qtbot, table, 1, "Like")
    qtbot.waitUntil(lambda: "Liked" in window.statusBar().currentMessage(), timeout=10000)
    assert "Tune 02" in window.statusBar().currentMessage()
    _menu_action(qtbot, table, 3, "Dislike")
    qtbot.waitUntil(lambda: "Disliked" in window.statusBar().currentMessage(), timeout=10000)
    marks = _painted_marks(window)
    assert marks["Tune 02"] == "like" and marks["Tune 04"] == "dislike" and marks["Tune 01"] is None
    # the mark is drawn in the cell: the row's pixels differ from an unmarked row's mark area
    table.viewport().repaint()
    image = table.viewport().grab().toImage()
    rect = table.visualRect(table.model().index(1, 0))
    plain = table.visualRect(table.model().index(0, 0))
    x = rect.right() - 12
    differs = any(image.pixelColor(x + dx, rect.center().y() + dy) != image.pixelColor(x + dx, plain.center().y() + dy)
                  for dx in range(-6, 7) for dy in range(-4, 5))
    assert differs


def test_marks_survive_a_restart(window, qtbot, qapp):
    from avrec_desktop.ui.app import build

    _menu_action(qtbot, window.music.table, 0, "Like")
    qtbot.waitUntil(lambda: "Liked" in window.statusBar().currentMessage(), timeout=10000)
    window.controller.core.close()
    again = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.marks.mark(1) == "like", timeout=10000)
    again.controller.player.close()
    again.controller.core.close()


def test_rescan_says_what_it_found(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Rescan done"), timeout=60000)

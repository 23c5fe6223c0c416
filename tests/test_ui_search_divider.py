"""Search results in the library table (issue 8): word matches first, then a divider row "by meaning",
then the meaning matches; the divider cannot be selected or played."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from test_ui_keyboard import fill, focus, window  # noqa: F401  (the window fixture)


def _titles(view):
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def test_word_matches_then_a_divider_then_meaning(window, qtbot, monkeypatch):
    controller = window.controller

    def search(text, kind):  # the controller's two answers: by words at once, then words + meaning
        controller.search_ready.emit(text, [2])
        controller.search_ready.emit(text, [2, 5, 3])
    monkeypatch.setattr(controller, "search", search)
    view = window.music
    focus(qtbot, view.search_box)
    QTest.keyClicks(view.search_box, "tune 02")
    qtbot.waitUntil(lambda: _titles(view) == ["Tune 02", "by meaning", "Tune 05", "Tune 03"], timeout=20000)
    divider = view.model.index(1, 0)
    assert not view.model.flags(divider) & Qt.ItemFlag.ItemIsSelectable
    assert view.table.columnSpan(1, 0) == view.model.columnCount()
    assert "1 match for" in window.statusBar().currentMessage() and "2 by meaning" in window.statusBar().currentMessage()
    # Down from the first row skips the divider to the first meaning match
    focus(qtbot, view.table)
    view.table.setCurrentIndex(view.model.index(0, 0))
    QTest.keyClick(view.table, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == 2


def test_words_only_has_no_divider(window, qtbot, monkeypatch):
    controller = window.controller
    monkeypatch.setattr(controller, "search", lambda text, kind: controller.search_ready.emit(text, [2, 4]))
    view = window.music
    focus(qtbot, view.search_box)
    QTest.keyClicks(view.search_box, "tune")
    qtbot.waitUntil(lambda: _titles(view) == ["Tune 02", "Tune 04"], timeout=20000)

"""History (issue 8): filter by outcome (everything / finished / skipped / liked) and double-click plays
the row again."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from test_ui_keyboard import fill, focus, window  # noqa: F401  (the window fixture)


def _events(store):
    store.add_event(1, "end", reason="finished", position=200, ts=1000)
    store.add_event(2, "end", reason="next", position=35, ts=1001)
    store.add_event(3, "like", ts=1002)
    store.add_event(4, "end", reason="skipped", position=5, ts=1003)


def _titles(page):
    return [page.tree.topLevelItem(i).text(1) for i in range(page.tree.topLevelItemCount())]


def test_history_filters_by_outcome_and_double_click_plays(window, qtbot, monkeypatch):
    _events(window.controller.core.store)
    window.show_page("History")
    page = window.history
    qtbot.waitUntil(lambda: len(_titles(page)) == 4, timeout=20000)
    assert _titles(page) == ["Tune 04", "Tune 03", "Tune 02", "Tune 01"]
    from PySide6.QtWidgets import QComboBox

    combo = page.findChildren(QComboBox)[0]
    for choice, expected in (("Skipped", ["Tune 04", "Tune 02"]), ("Finished", ["Tune 01"]),
                             ("Liked", ["Tune 03"]), ("Everything", ["Tune 04", "Tune 03", "Tune 02", "Tune 01"])):
        focus(qtbot, combo)
        while combo.currentText() != choice:  # the user steps through the choices with the arrow keys
            QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < combo.findText(choice) else Qt.Key.Key_Up)
        assert _titles(page) == expected
    played = []
    monkeypatch.setattr(window.controller, "play", lambda media_id, **kw: played.append(media_id))
    tree = page.tree
    rect = tree.visualItemRect(tree.topLevelItem(1))
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # first press, then its second
    qtbot.waitUntil(lambda: played == [3], timeout=10000)


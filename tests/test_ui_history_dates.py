"""History (issue 8): narrow it by date (Any time / Today / Last 7 days / Last 30 days) together with the
outcome filter, with the keyboard, the count of matching entries beside the filters; the filtering is done
by the store, so an old finished play still shows under "Finished" behind 500 newer skips."""

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from test_ui_keyboard import fill, focus, window  # noqa: F401  (the window fixture)

DAY = 86400


def _titles(page):
    return [page.tree.topLevelItem(i).text(1) for i in range(page.tree.topLevelItemCount())]


def _choose(combo, choice):
    """As a user does: the arrow keys step through the choices of the focused box."""
    target = combo.findText(choice)
    assert target >= 0, choice
    while combo.currentIndex() != target:
        QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def test_history_narrows_by_date_and_outcome_from_the_keyboard(window, qtbot):
    store = window.controller.core.store
    now = time.time()
    store.add_event(1, "end", reason="finished", position=200, ts=now - 100 * DAY)
    store.add_event(2, "end", reason="next", position=35, ts=now - 20 * DAY)
    store.add_event(3, "end", reason="finished", position=200, ts=now - 3 * DAY)
    store.add_event(4, "like", ts=now)
    store.add_event(5, "end", reason="skipped", position=5, ts=now)
    window.show_page("History")
    page = window.history
    qtbot.waitUntil(lambda: len(_titles(page)) == 5, timeout=30000)
    assert page.count.text() == "5 entries"

    focus(qtbot, page.filter)  # Show: … then Tab to When: …
    QTest.keyClick(page.filter, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.period, timeout=10000)
    when = page.period
    for choice, expected in (("Today", ["Tune 05", "Tune 04"]), ("Last 7 days", ["Tune 05", "Tune 04", "Tune 03"]),
                             ("Last 30 days", ["Tune 05", "Tune 04", "Tune 03", "Tune 02"]),
                             ("Any time", ["Tune 05", "Tune 04", "Tune 03", "Tune 02", "Tune 01"])):
        _choose(when, choice)
        qtbot.waitUntil(lambda e=expected: _titles(page) == e, timeout=30000)
        assert page.count.text() == f"{len(expected)} entries"

    _choose(when, "Last 30 days")  # both filters at once
    QTest.keyClick(when, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.filter, timeout=10000)
    _choose(page.filter, "Finished")
    qtbot.waitUntil(lambda: _titles(page) == ["Tune 03"], timeout=30000)
    assert page.count.text() == "1 entry"
    _choose(page.filter, "Skipped")
    qtbot.waitUntil(lambda: _titles(page) == ["Tune 05", "Tune 02"], timeout=30000)
    _choose(when, "Today")
    qtbot.waitUntil(lambda: _titles(page) == ["Tune 05"], timeout=30000)


def test_an_old_finished_play_shows_behind_many_newer_skips(window, qtbot):
    store = window.controller.core.store
    now = time.time()
    store.add_event(1, "end", reason="finished", position=200, ts=now - 40 * DAY)
    with store.transaction() as conn:  # 520 skips since
        conn.executemany("INSERT INTO events(media_id, ts, type, position, reason, auto) "
                         "VALUES (2, ?, 'end', 10, 'next', 0)", [(now - i,) for i in range(520)])
    window.show_page("History")
    page = window.history
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 500, timeout=30000)
    focus(qtbot, page.filter)
    _choose(page.filter, "Finished")
    qtbot.waitUntil(lambda: _titles(page) == ["Tune 01"], timeout=30000)
    assert page.count.text() == "1 entry"
    _choose(page.filter, "Everything")
    qtbot.waitUntil(lambda: page.count.text() == "newest 500 of 521 entries", timeout=30000)

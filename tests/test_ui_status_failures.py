"""The status bar's failures button is honest (issue 8): a file the player could not play was analysed
fine, so it is counted as "can't be played", apart from the files whose analysis failed; a click shows
the Folders page with the reasons."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from avrec_desktop.library import play_session
from test_ui_keyboard import fill, window  # noqa: F401  (the window fixture: Tune 01..05, analysed)


def _button_says(window, qtbot, text):
    button = window.indexing.failures_button
    window._library_changed()
    qtbot.waitUntil(lambda: button.isVisible() and button.text() == text, timeout=30000)
    return button


def test_a_file_the_player_refused_is_not_called_unanalysed(window, qtbot, tmp_path):
    store = window.controller.core.store
    there = tmp_path / "02.flac"
    there.write_bytes(b"")  # emptied after its analysis: present, but the player cannot play it
    with store.transaction() as conn:
        conn.execute("UPDATE media SET path = ? WHERE id = 2", (bytes(there),))
    assert play_session.mark_unplayable(store, 2, "the file is empty")  # what the player does
    _button_says(window, qtbot, "⚠ 1 can't be played")
    store.update_media(3, status="failed", error="not audio: no stream")  # an analysis that failed
    button = _button_says(window, qtbot, "⚠ 1 could not be analysed · 1 can't be played")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.folders, timeout=10000)

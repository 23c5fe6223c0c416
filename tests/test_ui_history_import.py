"""Window: Library → Import listening history… imports the picked export off the GUI thread's code path
(through the task runner), says the result in the status bar and shows the plays on the History page."""

from __future__ import annotations

import csv
import time
from datetime import datetime, timezone

from test_ui_keyboard import fill, focus, window  # noqa: F401  (the window fixture)


def _lastfm_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        for artist, title, ts in rows:
            csv.writer(f).writerow([artist, "", title,
                                    datetime.fromtimestamp(ts, timezone.utc).strftime("%d %b %Y %H:%M")])
    return path


def _action(window, text):
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def test_import_listening_history_from_the_library_menu(window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    now = time.time()
    export = _lastfm_csv(tmp_path / "scrobbles.csv", [("Someone", "Tune 02", now - 7200),
                                                       ("someone", "tune 03", now - 3600),
                                                       ("Nobody", "Elsewhere", now - 1800)])
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **kw: (asked.append(a) or [str(export)], "Listening history"))
    _action(window, "Import listening history…").trigger()
    assert asked
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Matched"), timeout=20000)
    assert bar.currentMessage().startswith("Matched 2 of 3 listens (67 %), added 2 (2 plays, 0 skips); "
                                           "1 unmatched — top: Nobody – Elsewhere (1)")
    store = window.controller.core.store
    assert store.scalar("SELECT COUNT(*) FROM events WHERE source = 'import' AND type = 'end'") == 2
    window.show_page("History")
    page = window.history
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=20000)
    # a second import of the same file adds nothing
    _action(window, "Import listening history…").trigger()
    qtbot.waitUntil(lambda: "already there" in bar.currentMessage(), timeout=20000)
    assert store.scalar("SELECT COUNT(*) FROM events WHERE source = 'import' AND type = 'end'") == 2


def test_an_unreadable_file_is_said_in_the_status_bar(window, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    bad = tmp_path / "notes.txt"
    bad.write_text("nothing to see\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **kw: ([str(bad)], ""))
    _action(window, "Import listening history…").trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Could not import"), timeout=20000)
    assert "not a listening history" in window.statusBar().currentMessage()

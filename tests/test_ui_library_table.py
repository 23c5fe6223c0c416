"""The library table as a user meets it in the real window: natural, case-insensitive sort by a header
click; the useful columns at 1280 px and the rest in a header menu that is remembered; failed files shown
as such and not played; Videos without tag columns no video has."""

import os
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from avrec_desktop.ui.tasks import SyncTaskRunner

FAKE = "fake_encoders:make"
WAIT_MS = 60000
REASON = "not a media file (moov atom not found)"
# (title, artist, album, kind, status): titles a plain NOCASE sort puts in the wrong order
ITEMS = [
    ("track10", "Zoë", "Album 10", "audio", "ready"),
    ("Track2", "zebra", "Album 9", "audio", "ready"),
    ("track1", "Émile", "album 1", "audio", "ready"),
    ("apple", "Abba", "Best of", "audio", "ready"),
    ("Äpfel", "abba", "best of", "audio", "ready"),
    ("Apple pie", "ABBA", "Best Of", "audio", "ready"),
    ("Broken", "Nobody", None, "audio", "failed"),
    ("Clip 3", None, None, "video", "ready"),
    ("clip 20", None, None, "video", "ready"),
]


def _fill(path, items) -> None:
    from avrec_desktop.store import Store

    now = time.time()
    with Store(path) as store, store.transaction() as conn:
        conn.execute("INSERT INTO folders(id, path, kind, online, added_at) VALUES (1, ?, 'mixed', 1, ?)",
                     (os.fsencode("/home/listener/Media"), now))
        for i, (title, artist, album, kind, status) in enumerate(items, 1):
            conn.execute("INSERT INTO media(id, folder_id, path, kind, status, error, title, artist, album, "
                         "duration, added_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (i, os.fsencode(f"/home/listener/Media/{i:02d}.{'mkv' if kind == 'video' else 'flac'}"),
                          kind, status, REASON if status == "failed" else None, title, artist, album,
                          None if status == "failed" else 60.0 + i, now, now))


@pytest.fixture
def make_window(qtbot, qapp, tmp_path, monkeypatch):
    from avrec_desktop.ui.app import build

    windows = []

    def make(items=ITEMS):
        path = tmp_path / "library.sqlite3"
        if not path.exists():
            _fill(path, items)
        monkeypatch.setenv("AVREC_DB", str(path))
        w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.controller.player.close()
        w.controller.core.close()


def _titles(view) -> list[str]:
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def _click_header(qtbot, view, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, header.height() // 2))


def _header_menu(qtbot, view) -> QMenu:
    """Right-click the header (what a right button press on it delivers) and return the menu it opens."""
    header = view.table.horizontalHeader()
    pos = QPoint(10, header.height() // 2)
    QApplication.sendEvent(header.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                                header.viewport().mapToGlobal(pos)))
    qtbot.waitUntil(lambda: any(m.isVisible() for m in view.findChildren(QMenu)), timeout=WAIT_MS)
    return next(m for m in view.findChildren(QMenu) if m.isVisible())


def _click_action(qtbot, menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text() == text)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     menu.actionGeometry(action).center())


def _shown_headers(view) -> list[str]:
    model, table = view.model, view.table
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            if not table.isColumnHidden(c)]


def test_header_clicks_sort_naturally_and_ignore_case_and_accents(make_window, qtbot):
    window = make_window()
    view = window.music
    window.show_page("Music")
    qtbot.waitUntil(lambda: view.model.settled and view.model.rowCount() == 7, timeout=WAIT_MS)
    want = ["Äpfel", "apple", "Apple pie", "Broken", "track1", "Track2", "track10"]
    qtbot.waitUntil(lambda: _titles(view) == want, timeout=WAIT_MS)
    _click_header(qtbot, view, 0)  # the second click on Title: descending
    qtbot.waitUntil(lambda: view.model.settled and _titles(view) == want[::-1], timeout=WAIT_MS)
    _click_header(qtbot, view, 1)  # Artist: Abba, abba and ABBA together, Émile among the E's, Zoë after zebra
    qtbot.waitUntil(lambda: view.model.settled and view.model.index(0, 1).data() is not None, timeout=WAIT_MS)
    artists = [view.model.index(r, 1).data() for r in range(7)]
    assert [a.casefold() for a in artists[:3]] == ["abba"] * 3
    assert artists[3:] == ["Émile", "Nobody", "zebra", "Zoë"]
    _click_header(qtbot, view, 2)  # Album: "Album 9" before "Album 10"
    qtbot.waitUntil(lambda: view.model.settled and view.model.index(0, 2).data() is not None, timeout=WAIT_MS)
    albums = [view.model.index(r, 2).data() for r in range(7)]
    assert albums[0] == "" and albums[1:4] == ["album 1", "Album 9", "Album 10"]


def test_useful_columns_fit_at_1280_and_the_header_menu_choice_survives_a_restart(make_window, qtbot):
    window = make_window()
    view = window.music
    window.show_page("Music")
    qtbot.waitUntil(lambda: view.model.settled and view.model.rowCount() == 7, timeout=WAIT_MS)
    assert _shown_headers(view) == ["Title", "Artist", "Album", "Length", "Plays", "Last played"]
    header = view.table.horizontalHeader()
    for column in range(view.model.columnCount()):  # every shown column is on screen without scrolling
        if not view.table.isColumnHidden(column):
            assert header.sectionViewportPosition(column) + header.sectionSize(column) \
                <= view.table.viewport().width(), view.model.headerData(column, Qt.Orientation.Horizontal)
    menu = _header_menu(qtbot, view)
    checks = {a.text(): a.isChecked() for a in menu.actions()}
    assert checks == {"Title": True, "Artist": True, "Album": True, "Genre": False, "Length": True,
                      "Plays": True, "Last played": True, "Status": False}
    assert not next(a for a in menu.actions() if a.text() == "Title").isEnabled()  # the title always stays
    _click_action(qtbot, menu, "Genre")
    qtbot.waitUntil(lambda: "Genre" in _shown_headers(view), timeout=WAIT_MS)
    menu = _header_menu(qtbot, view)
    _click_action(qtbot, menu, "Plays")
    qtbot.waitUntil(lambda: "Plays" not in _shown_headers(view), timeout=WAIT_MS)
    window.close()  # the settings are written as they change; closing saves the window's own
    window.settings.sync()
    again = make_window()
    assert _shown_headers(again.music) == ["Title", "Artist", "Album", "Genre", "Length", "Last played"]


def test_a_failed_file_is_marked_and_enter_double_click_and_play_say_why_instead_of_playing(make_window, qtbot,
                                                                                            monkeypatch):
    window = make_window()
    view = window.music
    window.show_page("Music")
    qtbot.waitUntil(lambda: view.model.settled and "Broken" in _titles(view), timeout=WAIT_MS)
    played = []
    monkeypatch.setattr(window.controller, "play", lambda media_id, **kw: played.append(media_id))
    row = _titles(view).index("Broken")
    index = view.model.index(row, 0)
    assert REASON in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "analyse" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # the quiet marker
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: REASON in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert "Broken" in window.statusBar().currentMessage() and played == []
    window.statusBar().clearMessage()
    rect = view.table.visualRect(view.model.index(row, 1))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     rect.center())  # a double-click's first press
    QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      rect.center())
    qtbot.waitUntil(lambda: REASON in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert played == []
    window.statusBar().clearMessage()
    view.table.customContextMenuRequested.emit(rect.center())  # a right-click on the row → Play
    qtbot.waitUntil(lambda: any(m.isVisible() for m in view.findChildren(QMenu)), timeout=WAIT_MS)
    menu = next(m for m in view.findChildren(QMenu) if m.isVisible())
    _click_action(qtbot, menu, "Play")
    qtbot.waitUntil(lambda: REASON in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert played == []
    good = _titles(view).index("track1")  # a file that was analysed still plays on Enter
    view.table.setCurrentIndex(view.model.index(good, 0))
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: played == [3], timeout=WAIT_MS)


def test_videos_show_artist_album_genre_only_when_some_video_has_them(make_window, qtbot):
    window = make_window()
    view = window.videos
    window.show_page("Videos")
    qtbot.waitUntil(lambda: view.model.settled and view.model.rowCount() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _shown_headers(view) == ["Title", "Length", "Plays", "Last played"], timeout=WAIT_MS)
    menu = _header_menu(qtbot, view)
    artist = next(a for a in menu.actions() if a.text().startswith("Artist"))
    assert not artist.isEnabled() and "no video" in artist.text()
    menu.close()
    with window.controller.core.store.transaction() as conn:  # a music video with its artist tagged
        conn.execute("UPDATE media SET artist = 'Daft Punk' WHERE title = 'clip 20'")
    view.refresh()
    qtbot.waitUntil(lambda: "Artist" in _shown_headers(view), timeout=WAIT_MS)
    assert _shown_headers(view) == ["Title", "Artist", "Length", "Plays", "Last played"]
    assert _shown_headers(window.music)[:3] == ["Title", "Artist", "Album"]  # music keeps its columns

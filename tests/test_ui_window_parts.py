"""The window's first frame has the sidebar, the panels and the player bar; its pages (the one it opens on
first), the video surface, the media player and the Tab order are made after that frame, one part per
event-loop turn (ui/window_parts.py); anything that asks for a part before then gets it at once, in its
place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from avrec_desktop.ui.main_window import PAGE_PARTS, PAGES
from avrec_desktop.ui.tasks import SyncTaskRunner
from test_ui_keyboard import FAKE, fill


@pytest.fixture
def built(qtbot, qapp):
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    fill(w.controller.core.store)
    w.controller.load_summary()  # it has folders now: no welcome page
    qtbot.addWidget(w)
    yield w
    w.controller.player.close()
    w.controller.core.close()


def _made(window) -> set[str]:
    return {name for name in ("music", "videos", "for_you", "history", "map", "playlists", "folders", "video")
            if name in window.__dict__}


def test_hidden_parts_wait_for_the_first_frame_and_come_at_once_when_asked(built):
    w = built
    # nothing hidden is made before it is shown (Music was asked for: the library got its first folder)
    assert _made(w) == {"music"} and not w.controller.player.made
    w.controller.player.set_volume(0.3)  # the player bar's remembered volume, before the player exists
    history = w.history  # asked for: made now, in its place in the stack
    assert "history" in _made(w) and w.stack.widget(PAGES.index("History")) is history
    w.show_page("Playlists")  # a page the user opens is made and shown
    assert w.stack.currentWidget() is w.playlists and w.stack.indexOf(w.playlists) == PAGES.index("Playlists")
    assert w.controller.player.audio.volume() == pytest.approx(0.3)  # made on first use, volume kept


def test_after_showing_one_part_is_made_per_event_loop_turn_until_all_are(built, qtbot):
    w = built
    w.show()
    qtbot.waitExposed(w)
    seen = [len(_made(w))]
    for _ in range(40):
        if w.later.done:
            break
        QCoreApplication.processEvents()
        seen.append(len(_made(w)))
    assert w.later.done and w.controller.player.made
    assert all(b - a <= 1 for a, b in zip(seen, seen[1:]))  # never several in one turn
    for row, name in enumerate(PAGE_PARTS):  # every page in its sidebar row, no blank left
        assert w.stack.widget(row) is getattr(w, name)
    assert w.video_dock.widget() is w.video


def test_a_video_started_before_the_surface_was_made_gets_it(built, qtbot):
    from avrec_desktop.ui.player import NowPlaying

    w = built
    assert "video" not in _made(w)
    w.controller.player.started.emit(NowPlaying(1, "/nowhere/clip.mkv", "video", "Clip", 10.0))
    assert w.video_dock.widget() is w.video and not w.video_dock.isHidden()


def test_a_part_focused_before_the_focus_frame_came_is_framed_whole(built, qtbot):
    """The sidebar is focused as the window opens, before the focus frame is made: it is framed then, and
    its frame is not cut where the sidebar meets the window's edge."""
    from PySide6.QtWidgets import QApplication
    from test_ui_keyboard import _framed

    w = built
    w.show()
    w.activateWindow()
    w.sidebar.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.sidebar, timeout=10000)
    qtbot.waitUntil(lambda: w.later.done, timeout=10000)
    qtbot.waitUntil(lambda: _framed(w.sidebar), timeout=5000)


def test_a_part_that_cannot_be_made_is_logged_and_the_rest_still_come(built, qtbot, monkeypatch, caplog):
    from avrec_desktop.ui import window_parts

    def broken(_window):
        raise RuntimeError("no history today")
    monkeypatch.setitem(window_parts.MAKERS, "history", broken)
    w = built
    w.show()
    qtbot.waitUntil(lambda: w.later.done, timeout=10000)  # the chain went on past it, to the Tab order
    assert {"videos", "map", "folders", "video"} <= _made(w) and w.controller.player.made
    assert "could not make the window's history" in caplog.text
    w.show_page("History")  # asked again: nothing made, nothing raised, the page stays as it was
    assert w.later.done


def test_a_window_closed_in_its_first_turns_makes_nothing_more(built, qtbot):
    w = built
    w.show()
    w.close()
    for _ in range(20):
        QCoreApplication.processEvents()
    assert _made(w) == {"music"} and not w.controller.player.made and w.later.done


def _open(qapp, qtbot):
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(w)
    return w


def test_the_page_the_window_was_left_on_is_made_first_after_the_first_frame(qapp, qtbot):
    """A user who closed the window on History opens it on History: the first frame has the sidebar with
    History current and a blank page; History is the first part made after it, then Music, then the rest."""
    first = _open(qapp, qtbot)
    fill(first.controller.core.store)
    first.controller.core.store.add_event(2, "end", reason="finished", position=200, ts=1000)
    first.controller.load_summary()
    first.show_page("History")
    first.close()  # remembers the page
    w = _open(qapp, qtbot)
    try:
        assert _made(w) == set() and w.sidebar.currentRow() == PAGES.index("History")
        assert w.stack.currentIndex() == PAGES.index("History")  # its blank, until the page is made
        w.show()
        qtbot.waitExposed(w)
        order = []
        for _ in range(40):
            if w.later.done:
                break
            QCoreApplication.processEvents()
            order += [name for name in ("history", "music", "videos") if name in _made(w) and name not in order]
        assert order == ["history", "music", "videos"]
        assert w.stack.currentWidget() is w.history and w.stack.widget(PAGES.index("Music")) is w.music
        # it was read as if the user had opened it: the play is there without switching pages
        qtbot.waitUntil(lambda: w.history.tree.topLevelItemCount() == 1, timeout=10000)
        assert w.history.tree.topLevelItem(0).text(1) == "Tune 02"
    finally:
        w.close()
        for window in (first, w):
            window.controller.player.close()
            window.controller.core.close()


def test_music_on_first_show_comes_in_the_turn_after_the_first_frame_and_shows_the_library(qapp, qtbot):
    first = _open(qapp, qtbot)
    fill(first.controller.core.store)
    first.close()
    w = _open(qapp, qtbot)
    try:
        w.show()
        QCoreApplication.processEvents()  # the first frame: the page is still a blank
        assert "music" not in _made(w)
        qtbot.waitUntil(lambda: "music" in _made(w), timeout=5000)
        assert w.stack.currentWidget() is w.music
        qtbot.waitUntil(lambda: w.music.model.rowCount() == 5, timeout=10000)
        assert w.music.model.index(0, 0).data() == "Tune 01"
    finally:
        w.close()
        for window in (first, w):
            window.controller.player.close()
            window.controller.core.close()


def test_the_player_bar_made_after_a_start_shows_what_plays_and_the_modes(built):
    """A file given on the command line starts playing before the bar is made: the bar shows it."""
    from avrec_desktop.ui.player import NowPlaying

    w = built
    assert "player_bar" not in w.__dict__
    w.controller.player.current = NowPlaying(3, "/home/listener/Music/03.flac", "audio", "Tune 03", 200.0)
    w.controller.playback.set_shuffle(True)
    bar = w.player_bar  # made now
    assert bar.title.text() == "Tune 03" and bar.total.text() == "3:20"
    assert bar.shuffle_button.isChecked() and not bar.repeat_button.isChecked()
    assert w.centralWidget().layout().indexOf(bar) >= 0  # where its place was


def test_the_player_bars_keys_work_before_the_bar_is_made(built, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    w = built
    monkeypatch.setattr(w.later, "start", lambda: None)  # held before its first part, however long it waits
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=10000)
    assert "player_bar" not in w.__dict__
    QTest.keyClick(w.sidebar, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S: shuffle
    assert w.controller.playback.shuffle and w.player_bar.shuffle_button.isChecked()


def test_the_player_bars_place_keeps_its_size_so_nothing_moves_when_it_comes(qapp, qtbot):
    """First start: the place's height is the bar's own (from the fonts); the next start keeps the bar's
    least width as well (a narrow window does not widen when the bar comes)."""
    first = _open(qapp, qtbot)
    height = first.bar_slot.height() or first.bar_slot.minimumHeight()
    bar = first.player_bar
    assert bar.sizeHint().height() == height
    least = bar.minimumSizeHint().width()
    first.close()
    w = _open(qapp, qtbot)
    try:
        assert (w.bar_slot.minimumWidth(), w.bar_slot.minimumHeight()) == (least, height)
        w.show()  # laid out: the place has its geometry (the parts come from the next turns on)
        before = w.bar_slot.geometry()
        qtbot.waitUntil(lambda: "player_bar" in w.__dict__, timeout=5000)
        qapp.processEvents()
        assert w.player_bar.geometry() == before
    finally:
        w.close()
        for window in (first, w):
            window.controller.player.close()
            window.controller.core.close()


def test_a_part_made_in_pieces_takes_a_turn_a_piece_and_comes_whole_when_asked(built, qtbot, monkeypatch, caplog):
    """Makers that yield (the Videos page, Map, Playlists, the Tab order) are made a piece per turn; asked
    for half-way, the rest is made at once; a piece that fails is logged and the chain goes on."""
    from PySide6.QtWidgets import QLabel

    from avrec_desktop.ui import window_parts

    steps = []

    def history(window):
        steps.append("import")
        yield
        steps.append("page")
        return QLabel("history in pieces", window)

    def broken_map(window):
        yield
        raise RuntimeError("no map today")
    monkeypatch.setitem(window_parts.MAKERS, "history", history)
    monkeypatch.setitem(window_parts.MAKERS, "map", broken_map)
    w = built
    w.later.first("history")
    w.later._step()  # the first turn's piece (the turns themselves: test_after_showing_one_part_…)
    assert steps == ["import"] and "history" not in _made(w)  # half made: not in the window yet
    page = w.history  # asked for: the rest now, in its place
    assert steps == ["import", "page"] and page.text() == "history in pieces"
    assert w.stack.widget(PAGES.index("History")) is page
    w.show()
    qtbot.waitUntil(lambda: w.later.done, timeout=10000)
    assert steps == ["import", "page"]  # not made twice
    assert "could not make the window's map" in caplog.text and w.controller.player.made


def test_a_part_asked_for_by_another_part_that_asks_for_the_first_gets_none_and_the_chain_goes_on(built, qtbot,
                                                                                                   monkeypatch):
    """History's maker asks for Folders, whose maker asks for History: that inner ask gets None (no loop, no
    generator run twice), both are made once, and every later part still comes."""
    from PySide6.QtWidgets import QLabel

    from avrec_desktop.ui import window_parts

    seen = {}

    def history(window):
        yield
        seen["folders"] = window.folders
        seen["history, from itself"] = window.history
        return QLabel("history", window)

    def folders(window):
        seen["history, from folders"] = window.history
        return QLabel("folders", window)
    monkeypatch.setitem(window_parts.MAKERS, "history", history)
    monkeypatch.setitem(window_parts.MAKERS, "folders", folders)
    w = built
    w.later.first("history")
    w.show()
    qtbot.waitUntil(lambda: w.later.done, timeout=10000)
    assert seen["folders"].text() == "folders" and seen["history, from folders"] is None
    assert seen["history, from itself"] is None and w.history.text() == "history"
    assert w.controller.player.made

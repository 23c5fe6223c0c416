"""Defects found by using the Map page and Up next's Familiar ⟷ Adventurous slider under Xvfb on a real
48-track library: dots too small to see, a tip saying "(untitled)" for files without a title tag and
staying at the last point, a lasso queuing what is playing and listing items twice, the side cut off the
reason line in a narrow Up next, and Tab never reaching the slider from the Map page."""

from types import SimpleNamespace

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from avrec_desktop.recommend.adventure import SIDE_TEXT
from avrec_desktop.recommend.reasons import Reason
from test_ui_keyboard import tab_walk, window  # noqa: F401  (the real window, as a fixture)
from test_ui_map import N, _mouse, page  # noqa: F401  (the Map page on 180 points, as a fixture)


def test_a_small_librarys_points_are_dots_big_enough_to_see(page):
    canvas = page.canvas
    canvas.repaint()
    background = canvas.palette().base().color().rgba()
    drawn = int((canvas._buffer != background).sum())
    assert drawn >= N * 12  # a 2×2-pixel square each was 4 px (about 720 with the ♥/✕ stamps)


def test_the_tip_names_an_untagged_file_by_its_name():
    from avrec_desktop.store.records import MediaItem
    from avrec_desktop.ui.map_page import describe

    fields = {f: None for f in MediaItem.__dataclass_fields__}
    item = MediaItem(**{**fields, "id": 1, "path": b"/m/bwv120.6.wav", "kind": "audio", "status": "ready"})
    assert describe(item) == "bwv120.6"


def test_the_tip_moves_with_the_selection_even_when_its_text_is_the_same(page, qtbot, monkeypatch):
    from avrec_desktop.ui import map_page

    monkeypatch.setattr(map_page, "describe", lambda item: "same text")
    canvas = page.canvas
    xy = canvas.to_screen(canvas.data.xy)
    calls = []
    real_show = map_page.QToolTip.showText
    monkeypatch.setattr(map_page.QToolTip, "hideText", lambda: calls.append("hide"))
    monkeypatch.setattr(map_page.QToolTip, "showText",
                        lambda at, text, w=None: (calls.append("show"), real_show(at, text, w)))
    _mouse(canvas, QEvent.Type.MouseButtonPress, xy[5])
    _mouse(canvas, QEvent.Type.MouseButtonRelease, xy[5])
    qtbot.waitUntil(lambda: calls.count("show") == 1, timeout=10000)
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: calls.count("show") >= 2, timeout=10000)
    assert all(i > 0 and calls[i - 1] == "hide" for i, c in enumerate(calls) if c == "show")


def test_a_lasso_skips_what_is_playing_and_lists_nothing_twice(page, qtbot):
    controller = page.controller
    ids = [int(i) for i in page.canvas.data.ids[:6]]
    playing, queued_before = ids[0], ids[1]
    controller.player = SimpleNamespace(current=SimpleNamespace(media_id=playing))
    controller.queue.extend_suggestions([SimpleNamespace(media=controller.core.resolve_item(queued_before),
                                                         reasons=[], seed_id=None)], None)
    page.queue(ids[:4])
    qtbot.waitUntil(lambda: len(controller.queue.entries) == 3, timeout=10000)
    got = [e.media.id for e in controller.queue.entries]
    assert got == ids[1:4] and all(e.pinned for e in controller.queue.entries)
    page.queue([playing])  # only what is playing: nothing queued
    qtbot.wait(200)
    assert [e.media.id for e in controller.queue.entries] == got


def test_a_narrow_up_next_still_shows_each_entrys_side():
    from avrec_desktop.ui.side_panels import fit_reason

    metrics = QFontMetrics(QFont())
    side = SIDE_TEXT["familiar"]
    reason = f'tagged like "track12" · both piano, slow · {side}'
    width = metrics.horizontalAdvance(side) + metrics.horizontalAdvance(" · tagged li")
    line = fit_reason(metrics, reason, side, width)
    assert line.endswith(f" · {side}") and line.startswith("tag") and "…" in line
    assert metrics.horizontalAdvance(line) <= width
    assert fit_reason(metrics, reason, side, 5000) == reason  # room for all: unchanged
    assert fit_reason(metrics, "sounds alike", "", 40) == metrics.elidedText("sounds alike",
                                                                           Qt.TextElideMode.ElideRight, 40)


def test_the_model_gives_the_side_to_the_delegate():
    from avrec_desktop.ui.up_next import SideRole, UpNextQueue

    queue = UpNextQueue()
    media = SimpleNamespace(id=3, artist=None, display_title="t")
    queue.extend_suggestions([SimpleNamespace(media=media, seed_id=None, reasons=[
        Reason("similar", "sounds alike"), Reason("side", SIDE_TEXT["taste"])])], None)
    assert queue.index(0).data(SideRole) == SIDE_TEXT["taste"]


def test_tab_from_the_map_walks_up_nexts_buttons_then_the_slider_then_the_list(window, qtbot):  # noqa: F811
    window._has_folders = True
    window.show_page("Map")
    canvas = window.map.canvas
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is canvas, timeout=10000)
    seen = tab_walk(window, canvas, presses=8)
    up_next = window.up_next
    order = up_next.buttons + [up_next.adventure.slider, up_next.list]
    assert seen[1:1 + len(order)] == order
    window.sidebar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar, timeout=10000)
    walk = tab_walk(window, window.sidebar, presses=6)
    assert window.map.mode in walk and canvas in walk  # the sidebar leads into the Map page


def test_a_legend_entry_never_wraps_inside_itself(page, qtbot):
    from PySide6.QtGui import QTextDocument

    page.mode.setCurrentIndex(1)  # Colour by: Folder — a0 (60), a1 (60), a2 (60)
    doc = QTextDocument()
    doc.setHtml(page.legend.text())
    doc.setTextWidth(page.fontMetrics().horizontalAdvance("■ a0 (60)") * 1.6)  # room for one entry a line
    doc.adjustSize()
    layout = doc.firstBlock().layout()
    texts = [doc.firstBlock().text()[layout.lineAt(i).textStart():][:layout.lineAt(i).textLength()].strip()
             for i in range(layout.lineCount())]
    assert layout.lineCount() >= 2
    assert all(t.endswith(")") for t in texts), texts  # each line ends an entry: "■ a0 (60)", not "■ a0"

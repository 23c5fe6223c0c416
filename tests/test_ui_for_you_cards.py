"""For you as shelves of cards (issue 8): each card shows the core's reason, a click plays it, the item menu
and the keys work, driven on the real window."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import mediagen
from avrec_desktop.ui.for_you_cards import ShelfList, card_reason
from avrec_desktop.ui.up_next import ItemRole, ReasonRole
from test_ui_window import grab_menu, wait_ready, window  # noqa: F401  (fixture)

TRACKS = 5


def _for_you(window, qtbot, tmp_path):
    folder = tmp_path / "music"
    folder.mkdir()
    for i in range(TRACKS):
        mediagen.write_audio(folder / f"t{i}.flac", 1.0, freq=250 + 90 * i, seed=i,
                             tags={"title": f"Tune {i}", "artist": f"Band {i % 2}"})
    window.controller.add_folder(str(folder), "music")
    wait_ready(qtbot, window, TRACKS, timeout=180000)  # generous: a loaded machine
    got = []
    window.controller.for_you_ready.connect(got.append)
    window.show_page("For you")
    qtbot.waitUntil(lambda: bool(got) and bool(window.for_you.shelves)
                    and all(row.isVisible() for row in window.for_you.shelves), timeout=60000)
    return got[-1]


def test_each_card_shows_the_cores_reason_and_a_click_plays_it(window, qtbot, tmp_path):
    shelves = _for_you(window, qtbot, tmp_path)
    page = window.for_you
    assert [s.accessibleName() for s in page.shelves] == [shelf.title for shelf in shelves]
    for row, shelf in zip(page.shelves, shelves):  # the core's own shelves, as AppCore's recommender gave them
        assert isinstance(row, ShelfList) and row.isVisible()
        assert row.count() == len(shelf.items)
        for i, suggestion in enumerate(shelf.items):
            card = row.item(i)
            assert card.data(ItemRole).id == suggestion.media.id
            assert card.text() == suggestion.media.display_title
            assert card.data(ReasonRole) == card_reason(shelf, suggestion)
            assert card.data(ReasonRole) in [r.text for r in suggestion.reasons] and card.data(ReasonRole)
    row = page.shelves[0]
    target = row.item(min(1, row.count() - 1))
    rect = row.visualItemRect(target)
    assert row.viewport().rect().contains(rect.center())
    QTest.mouseClick(row.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.controller.player.current is not None, timeout=20000)
    assert window.controller.player.current.media_id == target.data(Qt.ItemDataRole.UserRole)


def test_cards_are_reachable_by_keys_and_give_the_item_menu(window, qtbot, tmp_path):
    _for_you(window, qtbot, tmp_path)
    row = window.for_you.shelves[0]
    row.setFocus()
    row.setCurrentRow(0)
    if row.count() > 1:
        QTest.keyClick(row, Qt.Key.Key_Right)  # along the shelf (not a seek)
        assert row.currentRow() == 1
    shown = []
    QTest.keyClick(row, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: grab_menu(shown), timeout=10000)
    assert shown[0][:2] == ["Play", "Play similar"] and "Why this?" in shown[0]
    current = row.currentItem().data(Qt.ItemDataRole.UserRole)
    QTest.keyClick(row, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.player.current is not None, timeout=20000)
    assert window.controller.player.current.media_id == current

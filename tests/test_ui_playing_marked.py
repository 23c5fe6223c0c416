"""The playing item is marked in the library table (bold, accent colour, a play icon on its title) and the
mark moves when the next item plays (issue #8: "the playing track ... marked in every list")."""

from PySide6.QtCore import Qt

from test_ui_player_queue import LONG, add_music, enter_on, key, row_of, wait_playing, window  # noqa: F401
from test_ui_window import wait_ready


def _marked(view):
    model = view.model
    out = []
    for r in range(model.rowCount()):
        font = model.index(r, 0).data(Qt.ItemDataRole.FontRole)
        if font is not None and font.bold():
            out.append(model.index(r, 0).data())
    return out


def test_the_playing_row_is_marked_and_the_mark_follows_playback(window, qtbot, tmp_path):
    add_music(qtbot, window, tmp_path, ["Alpha", "Beta", "Gamma"])
    wait_ready(qtbot, window, 3)
    view = window.music
    assert _marked(view) == []
    enter_on(qtbot, window, "Beta")
    wait_playing(qtbot, window, "Beta")
    qtbot.waitUntil(lambda: _marked(view) == ["Beta"], timeout=LONG)
    index = view.model.index(row_of(view, "Beta"), 0)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # the ▶ icon
    other = view.model.index(row_of(view, "Alpha"), 0)
    assert other.data(Qt.ItemDataRole.DecorationRole) is None
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == view.table.palette().color(
        view.table.palette().ColorRole.Highlight)

    enter_on(qtbot, window, "Gamma")  # a hand-picked next item: the mark moves
    wait_playing(qtbot, window, "Gamma")
    qtbot.waitUntil(lambda: _marked(view) == ["Gamma"], timeout=LONG)
    key(window, Qt.Key.Key_Space)  # pausing keeps the mark (it is still the current item)
    assert _marked(view) == ["Gamma"]

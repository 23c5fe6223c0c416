"""Up next's "Familiar ⟷ Adventurous" slider, driven from the keyboard: each step asks Up next again at
the new setting (after a short debounce), every automatic entry says its side, and the setting comes
back after the window is closed and opened again."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import mediagen
from avrec_desktop.recommend.adventure import SIDE_TEXT
from avrec_desktop.ui.adventure_control import DEBOUNCE_MS
from test_ui_player_queue import LONG, enter_on
from test_ui_window import FAKE, wait_ready

N = 8


def _build(qtbot, qapp):
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.tasks import SyncTaskRunner

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    return w


def test_slider_steers_up_next_shows_sides_and_is_kept(qtbot, qapp, tmp_path, monkeypatch):
    from avrec_desktop.recommend.recommender import Recommender

    asked = []
    original = Recommender.next

    def spy(self, **kwargs):
        asked.append(kwargs.get("adventure"))
        return original(self, **kwargs)
    monkeypatch.setattr(Recommender, "next", spy)

    first = _build(qtbot, qapp)
    videos = tmp_path / "videos"
    videos.mkdir()
    for i in range(N):
        mediagen.write_video(videos / f"clip{i}.mp4", 20.0, seed=i, tags={"title": f"Clip {i}"})
    first.controller.add_folder(str(videos), "video")
    wait_ready(qtbot, first, N)
    control = first.up_next.adventure
    slider = control.slider
    assert slider.minimum() == 0 and slider.maximum() == 4 and slider.value() == 2  # 0.5: today's Up next
    assert slider.focusPolicy() & Qt.FocusPolicy.TabFocus and "Familiar" in slider.toolTip()
    enter_on(qtbot, first, "Clip 0", page="Videos")
    queue = first.controller.queue
    qtbot.waitUntil(lambda: len(queue) >= 2, timeout=LONG)
    assert asked and asked[-1] == 0.5

    # every automatic entry says its side, on its second line and in its tooltip
    sides = set(SIDE_TEXT.values())
    for row, entry in enumerate(queue.entries):
        index = queue.index(row)
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert entry.side_text in sides, entry.reasons
        assert entry.side_text in index.data(Qt.ItemDataRole.UserRole + 10)
        assert f"Side: {entry.side_text}" in tip

    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus, timeout=LONG)
    n = len(asked)
    QTest.keyClick(slider, Qt.Key.Key_Right)  # 0.75
    QTest.keyClick(slider, Qt.Key.Key_PageUp)  # 1.0 — two quick steps: one ask, after the debounce
    assert slider.value() == 4 and first.controller.adventure == 1.0
    assert len(asked) == n  # not yet: the debounce
    qtbot.waitUntil(lambda: len(asked) > n, timeout=DEBOUNCE_MS + LONG)
    qtbot.wait(DEBOUNCE_MS + 100)
    assert asked[n:] == [1.0]
    qtbot.waitUntil(lambda: len(queue) >= 2, timeout=LONG)
    assert all(e.side_text in sides for e in queue.entries)
    QTest.keyClick(slider, Qt.Key.Key_Left)  # 0.75
    qtbot.waitUntil(lambda: asked[-1] == 0.75, timeout=DEBOUNCE_MS + LONG)
    QTest.keyClick(slider, Qt.Key.Key_PageDown)
    QTest.keyClick(slider, Qt.Key.Key_PageDown)
    QTest.keyClick(slider, Qt.Key.Key_PageDown)
    QTest.keyClick(slider, Qt.Key.Key_PageDown)  # at the end: stays at 0
    assert slider.value() == 0
    qtbot.waitUntil(lambda: asked[-1] == 0.0, timeout=DEBOUNCE_MS + LONG)
    QTest.keyClick(slider, Qt.Key.Key_Right)  # 0.25: what the next start should find
    qtbot.waitUntil(lambda: asked[-1] == 0.25, timeout=DEBOUNCE_MS + LONG)
    QTest.keyClick(first.music.table, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Library → Quit
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=LONG)

    second = _build(qtbot, qapp)
    qtbot.waitUntil(lambda: second.up_next.adventure.slider.value() == 1, timeout=LONG)
    assert second.controller.adventure == 0.25
    second.close()


def test_an_older_saved_state_without_adventure_is_the_middle():
    from avrec_desktop.library.play_session import SavedSession

    assert SavedSession.from_json('{"volume": 0.5}').adventure == 0.5
    assert SavedSession.from_json('{"adventure": 0.75}').adventure == 0.75
    assert SavedSession.from_json('{"adventure": 7}').adventure == 1.0
    assert SavedSession.from_json('{"adventure": "x"}').adventure == 0.5
    assert SavedSession.from_json(SavedSession(adventure=0.25).to_json()).adventure == 0.25

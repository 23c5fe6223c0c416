"""Full-screen video with controls (issue 8): a mouse move shows them, they hide by themselves, Space pauses,
Esc leaves full screen; driven with the mouse and keys on the real window."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import mediagen
from test_ui_window import wait_ready, window  # noqa: F401  (fixture)


def _play_video(window, qtbot, tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    mediagen.write_video(folder / "long clip.mp4", 60.0, pattern="bars", with_audio=True, tags={"title": "Long clip"})
    window.controller.add_folder(str(folder), "video")
    wait_ready(qtbot, window, 1, timeout=180000)  # generous: a loaded machine
    media_id = window.controller.core.store.all_media()[0].id
    window.controller.play(media_id)
    player = window.controller.player
    qtbot.waitUntil(lambda: player.playing and window.video.isVisible(), timeout=30000)
    return player


def test_full_screen_controls_show_on_a_move_hide_by_themselves_and_space_pauses(window, qtbot, tmp_path):
    player = _play_video(window, qtbot, tmp_path)
    surface, controls = window.video, window.video.controls
    controls.hide_after_ms = 400  # short, for the test (2.5 s for people)
    assert not controls.isVisible()
    QTest.mouseDClick(surface, Qt.MouseButton.LeftButton, pos=surface.rect().center())  # full screen
    qtbot.waitUntil(lambda: surface.isFullScreen(), timeout=20000)
    qtbot.waitUntil(lambda: not controls.isVisible(), timeout=30000)  # still: they go away
    centre = surface.rect().center()
    seen = []
    controls.shown.connect(lambda on: seen.append((on, on and controls.exit_button.isVisible()
                                                   and controls.seek_bar.isVisible())))
    QTest.mouseMove(surface, centre)
    QTest.mouseMove(surface, centre + QPoint(7, 5))  # the mouse moves: they come back
    qtbot.waitUntil(lambda: bool(seen) and seen[0] == (True, True), timeout=20000)
    assert "/" in controls.time_label.text()
    qtbot.waitUntil(lambda: not controls.isVisible(), timeout=30000)  # and go away again
    before = len(seen)
    QTest.keyClick(surface, Qt.Key.Key_Space)  # Space pauses (and shows them)
    qtbot.waitUntil(lambda: not player.playing, timeout=20000)
    assert player.current is not None
    qtbot.waitUntil(lambda: any(on for on, _ in seen[before:]) and controls.play_button.accessibleName() == "Play", timeout=20000)
    QTest.keyClick(surface, Qt.Key.Key_Space)  # and plays again
    qtbot.waitUntil(lambda: player.playing, timeout=20000)
    QTest.keyClick(surface, Qt.Key.Key_Escape)  # Esc leaves full screen
    qtbot.waitUntil(lambda: not surface.isFullScreen(), timeout=20000)
    assert not controls.isVisible()


def test_the_exit_button_leaves_full_screen(window, qtbot, tmp_path):
    _play_video(window, qtbot, tmp_path)
    surface, controls = window.video, window.video.controls
    controls.hide_after_ms = 600000  # they stay while the test looks for the button
    surface.setFocus()
    QTest.keyClick(surface, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: surface.isFullScreen() and controls.isVisible(), timeout=20000)
    button = controls.exit_button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
    qtbot.waitUntil(lambda: not surface.isFullScreen(), timeout=20000)
    assert not controls.isVisible()


def test_controls_stay_while_the_pointer_rests_on_them_without_moving(window, qtbot, tmp_path):
    """A bar mapped under a pointer that has not moved gets no enter event: it must still stay (it used to hide
    and, with no mouse move, never come back)."""
    from PySide6.QtGui import QCursor

    _play_video(window, qtbot, tmp_path)
    surface, controls = window.video, window.video.controls
    controls.hide_after_ms = 300
    surface.setFocus()
    QTest.keyClick(surface, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: surface.isFullScreen() and controls.isVisible(), timeout=20000)
    QCursor.setPos(controls.geometry().center())  # the pointer rests on the bar
    qtbot.wait(100)  # what that move sends is handled before the enter state is taken away
    controls.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)  # as when no enter event came
    controls.poke()
    qtbot.wait(1500)  # five times the hide delay
    assert controls.isVisible()
    QCursor.setPos(surface.geometry().topLeft() + QPoint(5, 5))  # it leaves: they hide again
    qtbot.waitUntil(lambda: not controls.isVisible(), timeout=20000)
    QTest.keyClick(surface, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not surface.isFullScreen(), timeout=20000)

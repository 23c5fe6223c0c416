"""The kept full-screen window belongs to the main window: a parentless one kept alive by Python outlived
QApplication and segfaulted the interpreter's teardown (PySide's exit clean-up deleting it after Qt's
offscreen platform was gone)."""

import shiboken6

from test_ui_window import window  # noqa: F401  (fixture)


def test_the_full_screen_window_goes_with_the_main_window(window, qtbot):
    surface = window.video
    surface.set_full_screen(True)
    qtbot.waitUntil(lambda: surface.isFullScreen(), timeout=20000)
    surface.set_full_screen(False)
    qtbot.waitUntil(lambda: not surface.isFullScreen(), timeout=20000)
    full = surface._full
    assert full is not None and full.isWindow()
    assert full.parentWidget() is window  # Qt deletes it with the window, not Python at exit
    assert not shiboken6.ownedByPython(full)

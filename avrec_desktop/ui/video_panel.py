"""The video surface: shown while a video plays; F or a double-click for full screen, Esc to leave it.

In full screen the controls (ui/fullscreen_controls.py) appear on a mouse move or a key and hide by
themselves; Space plays or pauses, Left/Right seek 10 s, Esc or F leave full screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtMultimediaWidgets import QVideoWidget

from avrec_desktop.ui.cross_thread import answer_virtuals_now
from avrec_desktop.ui.fullscreen_controls import FullScreenControls

WITHDRAW_MS = 200  # leaving full screen: the window manager lets go of the window first
SEEK_STEP = 10.0  # seconds for Left / Right in full screen
TIP = "Double-click or press F for full screen"
MIN_WIDTH = 192  # with the player bar's minimum and the sidebar, the window fits a 1024x768 screen


class VideoSurface(QVideoWidget):
    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.setMinimumSize(MIN_WIDTH, MIN_WIDTH * 9 // 16)  # the window still fits a 1024 px screen
        self.setAccessibleName("Video")
        self.setToolTip(TIP)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        answer_virtuals_now(self)  # before FFmpeg's video thread first sees it (ui/cross_thread.py)
        player.player.setVideoOutput(self)
        self.controls = FullScreenControls(self, player)
        self.fullScreenChanged.connect(self._full_screen_changed)

    def toggle_full_screen(self) -> None:
        self.set_full_screen(not self.isFullScreen())

    def set_full_screen(self, on: bool) -> None:
        if not on and self.isWindow() and self.isVisible():
            # withdrawn first: a window manager still holding the full-screen window when it goes back into
            # the main window (a reparent) would keep it a window of its own, at the top left
            self.controls.stop()
            self.hide()
            QTimer.singleShot(WITHDRAW_MS, self, self._back_in_place)
            return
        self.setFullScreen(on)
        if on:
            if self.geometry() != self.screen().geometry():  # no window manager to make it so (X11)
                self.setGeometry(self.screen().geometry())
            self.activateWindow()
            self.setFocus()

    def _back_in_place(self) -> None:
        self.setFullScreen(False)
        self.show()
        self.setFocus()

    def _full_screen_changed(self, on: bool) -> None:
        self.setToolTip("" if on else TIP)  # no tip over a full-screen video
        if on:
            self.controls.start()
        else:
            self.controls.stop()

    def mouseDoubleClickEvent(self, event) -> None:
        self.toggle_full_screen()
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        self.controls.poke()
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        full = self.isFullScreen()
        if full:
            self.controls.poke()
        if key == Qt.Key.Key_Escape and full:
            self.set_full_screen(False)
        elif key == Qt.Key.Key_F:
            self.toggle_full_screen()
        elif full and key == Qt.Key.Key_Space:
            self.player.toggle()
        elif full and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = SEEK_STEP if key == Qt.Key.Key_Right else -SEEK_STEP
            self.player.seek(self.player.position + step)
        else:
            super().keyPressEvent(event)

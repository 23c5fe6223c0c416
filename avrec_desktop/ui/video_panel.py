"""The video surface: shown while a video plays; F or a double-click for full screen, Esc to leave it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtMultimediaWidgets import QVideoWidget


class VideoSurface(QVideoWidget):
    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.setMinimumSize(320, 180)
        self.setAccessibleName("Video")
        self.setToolTip("Double-click or press F for full screen")
        player.player.setVideoOutput(self)

    def toggle_full_screen(self) -> None:
        self.setFullScreen(not self.isFullScreen())

    def mouseDoubleClickEvent(self, event) -> None:
        self.toggle_full_screen()
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.setFullScreen(False)
        elif event.key() == Qt.Key.Key_F:
            self.toggle_full_screen()
        else:
            super().keyPressEvent(event)

"""The video surface: shown while a video plays; F or a double-click for full screen, Esc to leave it.

Full screen moves the surface into a window of its own (``FullScreenWindow``), made once and kept, and
back into Now playing on leaving. The surface itself never becomes a top-level window, so leaving never
races a window manager that still holds it (which kept it a stray window at the top left): Esc, F, a
double-click, the exit button and the window manager's own un-full-screen or close all end the same way,
with the video back in its dock, the controls hidden and the keyboard on the main window.

In full screen the controls (ui/fullscreen_controls.py) appear on entry, on a mouse move or a key and hide
by themselves; Space plays or pauses, Left/Right seek 10 s, Esc or F leave full screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QDockWidget, QVBoxLayout, QWidget

from avrec_desktop.ui.cross_thread import answer_virtuals_now
from avrec_desktop.ui.fullscreen_controls import FullScreenControls
from avrec_desktop.ui.i18n import qtr

SEEK_STEP = 10.0  # seconds for Left / Right in full screen
MIN_WIDTH = 192  # with the player bar's minimum and the sidebar, the window fits a 1024x768 screen
RAISE_VIDEO_ON = (QEvent.Type.Show, QEvent.Type.Expose, QEvent.Type.Resize, QEvent.Type.WindowStateChange,
                  QEvent.Type.WindowActivate)


def tip() -> str:
    """The video's tooltip (none over a full-screen video)."""
    return qtr("VideoPanel", "Double-click or press F for full screen")


class FullScreenWindow(QWidget):
    """The full-screen window the video moves into; says when the window manager (or the user through it)
    takes full screen away or closes it."""

    left = Signal()

    def __init__(self, owner: QWidget | None = None):
        # Owned by the main window (still a window of its own): a parentless widget kept by Python outlives
        # QApplication and segfaults in the interpreter's teardown (offscreen QBackingStore destructor).
        super().__init__(owner, Qt.WindowType.Window)
        self.setWindowTitle(qtr("VideoPanel", "Full-screen video — avrec"))
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("black"))
        self.setPalette(palette)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.holding = False

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.holding \
                and not self.windowState() & Qt.WindowState.WindowFullScreen:
            QTimer.singleShot(0, self, self.left.emit)  # not from inside the state change itself

    def closeEvent(self, event) -> None:
        event.ignore()  # the window is kept for the next time
        if self.holding:
            self.left.emit()


class VideoSurface(QVideoWidget):
    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.setMinimumSize(MIN_WIDTH, MIN_WIDTH * 9 // 16)  # the window still fits a 1024 px screen
        self.setAccessibleName(qtr("VideoPanel", "Video"))
        self.setToolTip(tip())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        answer_virtuals_now(self)  # before FFmpeg's video thread first sees it (ui/cross_thread.py)
        player.player.setVideoOutput(self)
        self.controls = FullScreenControls(self, player)
        self._full: FullScreenWindow | None = None
        self._home: QWidget | None = None  # where the surface goes back to (its dock)

    # -- full screen ------------------------------------------------------------------------------
    def isFullScreen(self) -> bool:  # noqa: N802  (Qt's name: the video is in its full-screen window)
        return self._full is not None and self._full.holding

    def toggle_full_screen(self) -> None:
        self.set_full_screen(not self.isFullScreen())

    def set_full_screen(self, on: bool) -> None:
        if on == self.isFullScreen():
            return
        if on:
            self._enter()
        else:
            self._leave()

    def _window_for_full_screen(self) -> FullScreenWindow:
        if self._full is None:
            self._full = FullScreenWindow(self.window())
            self._full.left.connect(lambda: self.set_full_screen(False))
            self._full.installEventFilter(self)
        return self._full

    def _enter(self) -> None:
        full = self._window_for_full_screen()
        screen = self.screen()
        self._home = self.parentWidget()
        full.holding = True
        full.setGeometry(screen.geometry())
        full.layout().addWidget(self)
        self.show()
        self.setToolTip("")  # no tip over a full-screen video
        full.showFullScreen()
        full.raise_()
        full.activateWindow()
        self.setFocus()
        self._video_on_top()
        self.controls.start()  # shown at once, then they hide by themselves

    def _leave(self) -> None:
        full = self._full
        full.holding = False
        self.controls.stop()
        home = self._home
        if isinstance(home, QDockWidget):
            home.setWidget(self)
        else:
            self.setParent(home)
        self.show()
        full.hide()
        full.setWindowState(Qt.WindowState.WindowNoState)  # the next entry asks for full screen again
        self.setToolTip(tip())
        top = self.window()
        top.activateWindow()
        top.raise_()
        self.setFocus()
        self._video_on_top()

    def _video_on_top(self) -> None:
        """The picture is a native child window (QVideoWidget's own) that a move into another window can
        leave under a sibling native window painted grey: raise it over its siblings."""
        mine = {w.windowHandle() for w in [self, *self.findChildren(QWidget)] if w.windowHandle() is not None}
        top = self.window().windowHandle()
        for window in QGuiApplication.allWindows():
            if window not in mine and window is not top and window.parent() is not None \
                    and window.parent() in mine | {top}:
                window.raise_()

    def eventFilter(self, obj, event) -> bool:
        if obj is self._full and event.type() in RAISE_VIDEO_ON and self.isFullScreen():
            self._video_on_top()
        return False

    # -- mouse and keys ---------------------------------------------------------------------------
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

"""The controls over a full-screen video: play/pause, the seek bar with the time, and leave full screen.

They appear when the mouse moves or a key is pressed and hide again (with the mouse pointer) after
``hide_after_ms`` of stillness, never while the pointer rests on them. The bar is a small frameless window
of its own kept above the video (a video surface draws through a native window that would cover a child
widget), which never takes the keyboard: Space, the arrows and Esc stay with the video (ui/video_panel.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from avrec_desktop.ui.i18n import duration, qtr

HIDE_AFTER_MS = 2500
BAR_HEIGHT = 56
ABOVE_AGAIN = (QEvent.Type.WindowActivate, QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.WindowStateChange)
STYLE = """
#fullScreenControls { background: rgba(18, 18, 20, 215); border-radius: 10px; }
QLabel, QToolButton { color: #f2f2f2; font-size: 11pt; }
QToolButton { border: none; padding: 6px 10px; border-radius: 6px; }
QToolButton:hover { background: rgba(255, 255, 255, 40); }
QSlider::groove:horizontal { height: 4px; background: rgba(255, 255, 255, 70); border-radius: 2px; }
QSlider::sub-page:horizontal { background: palette(highlight); border-radius: 2px; }
QSlider::handle:horizontal { background: #ffffff; width: 14px; margin: -5px 0; border-radius: 7px; }
"""


def _time(seconds: float) -> str:
    return duration(max(0.0, seconds or 0.0))


def _icon(playing: bool, side: int = 20) -> QIcon:
    """A light play triangle or pause bars (the style's media icons are dark, and fonts may lack ⏸)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#f2f2f2"))
    if playing:
        bar = side * 0.28
        painter.drawRoundedRect(QRectF(side * 0.16, side * 0.12, bar, side * 0.76), 1.5, 1.5)
        painter.drawRoundedRect(QRectF(side * 0.84 - bar, side * 0.12, bar, side * 0.76), 1.5, 1.5)
    else:
        painter.drawPolygon(QPolygonF([QPointF(side * 0.2, side * 0.1), QPointF(side * 0.9, side * 0.5),
                                       QPointF(side * 0.2, side * 0.9)]))
    painter.end()
    return QIcon(pixmap)


class FullScreenControls(QWidget):
    shown = Signal(bool)  # they appeared (True) or went away (False)

    def __init__(self, surface, player, parent=None):
        super().__init__(parent or surface, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.surface, self.player = surface, player
        self.hide_after_ms = HIDE_AFTER_MS
        self.setObjectName("fullScreenControls")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(STYLE)
        self.setAccessibleName(qtr("FullScreenControls", "Video controls"))
        self.play_button = self._button("", qtr("FullScreenControls", "Pause"), "Space", player.toggle)
        self.time_label = QLabel(f"{_time(0)} / {_time(0)}", self)
        self.seek_bar = QSlider(Qt.Orientation.Horizontal, self)
        self.seek_bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.seek_bar.setMinimumWidth(200)
        self.seek_bar.setAccessibleName(qtr("FullScreenControls", "Seek"))
        self.seek_bar.sliderMoved.connect(self._handle_moved)
        self.seek_bar.sliderReleased.connect(lambda: player.seek(self.seek_bar.value() / 1000.0))
        self.exit_button = self._button(qtr("FullScreenControls", "Exit full screen"),
                                        qtr("FullScreenControls", "Leave full screen"), "Esc",
                                        lambda: surface.set_full_screen(False))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(12)
        layout.addWidget(self.play_button)
        layout.addWidget(self.seek_bar, 1)
        layout.addWidget(self.time_label)
        layout.addWidget(self.exit_button)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._auto_hide)
        self._active = False
        player.position_changed.connect(self._position)
        player.state_changed.connect(self._state)
        self._state(player.playing)

    def _button(self, text: str, name: str, keys: str, slot) -> QToolButton:
        """A button showing ``text``, named ``name`` (both already translated), its ``keys`` in its tooltip."""
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(f"{name} ({keys})")
        button.setAccessibleName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    # -- showing and hiding -----------------------------------------------------------------------
    def start(self) -> None:
        """The video went full screen: watch the mouse anywhere, show the controls for a while."""
        if not self._active:
            self._active = True
            QApplication.instance().installEventFilter(self)
        self.poke()

    def stop(self) -> None:
        if self._active:
            self._active = False
            QApplication.instance().removeEventFilter(self)
        self._timer.stop()
        if self.isVisible():
            self.hide()
            self.shown.emit(False)
        self.surface.unsetCursor()

    def poke(self) -> None:
        """Something moved: show the controls (and the pointer) and start counting again."""
        if not self._active:
            return
        screen = self.surface.screen().geometry()
        width = min(screen.width() - 48, 900)
        self.setGeometry(screen.x() + (screen.width() - width) // 2, screen.y() + screen.height() - BAR_HEIGHT - 24,
                         width, BAR_HEIGHT)
        self.surface.unsetCursor()
        if not self.isVisible():
            self._over_surface()
            self.show()
            self.shown.emit(True)
        self.raise_()
        self._timer.start(max(1, int(self.hide_after_ms)))

    def _auto_hide(self) -> None:
        if self._pointer_over() or self.seek_bar.isSliderDown():
            self._timer.start(max(1, int(self.hide_after_ms)))
            return
        self.hide()
        self.shown.emit(False)
        if self._active:
            self.surface.setCursor(QCursor(Qt.CursorShape.BlankCursor))

    def _pointer_over(self) -> bool:
        """The pointer rests on the bar. Enter events alone miss a bar that was mapped (or shown again above
        the full-screen window) under a pointer that has not moved since, so its place is asked too."""
        return self.underMouse() or (self.isVisible() and self.geometry().contains(QCursor.pos()))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.poke()
        elif kind in ABOVE_AGAIN and obj in (self.surface, self.surface.window()) and self.isVisible():
            QTimer.singleShot(0, self, self._above_again)
        return False

    def _above_again(self) -> None:
        """A window manager puts a full-screen window in a layer above every other, "stay on top" too, once
        it has made it full screen (after the bar was first shown), and a raise cannot leave a layer: shown
        again, the bar (a transient of the full-screen window) joins its layer, above it."""
        if self._active and self.isVisible() and self.surface.isFullScreen():
            self.hide()
            self._over_surface()
            self.show()

    def _over_surface(self) -> None:
        """The bar is a transient of the full-screen window, which is a new native window each time the video
        goes full screen (a stale one leaves the bar below it under a window manager)."""
        top = self.surface.window().windowHandle()
        self.winId()  # the bar's own native window, to set its transient parent on
        handle = self.windowHandle()
        if top is not None and handle is not None and handle.transientParent() is not top:
            handle.setTransientParent(top)

    # -- what they show ---------------------------------------------------------------------------
    def _position(self, seconds: float, length: float) -> None:
        if self.seek_bar.isSliderDown():
            return
        self.seek_bar.setRange(0, int(length * 1000))
        self.seek_bar.setValue(int(seconds * 1000))
        self.time_label.setText(f"{_time(seconds)} / {_time(length)}")

    def _handle_moved(self, value: int) -> None:  # the time follows the handle while it is dragged
        self.time_label.setText(f"{_time(value / 1000.0)} / {_time(self.seek_bar.maximum() / 1000.0)}")

    def _state(self, playing: bool) -> None:
        self.play_button.setIcon(_icon(playing))
        name = qtr("FullScreenControls", "Pause") if playing else qtr("FullScreenControls", "Play")
        self.play_button.setToolTip(f"{name} (Space)")
        self.play_button.setAccessibleName(name)

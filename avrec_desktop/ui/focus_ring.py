"""The frame in the accent colour around the focused list, table, tool button or slider.

One ``QFocusFrame`` per window follows keyboard focus and paints a border just outside the focused part.
It replaces a window-wide style sheet (``QAbstractItemView:focus { border: … }``): with a style sheet on
the window, Qt routes every widget's polish and paint through its style-sheet style — the music table's
full repaint took 8.6–9.5 ms of GUI-thread CPU with it and 5.8 ms without (100k library, 2026-12-03),
and the window's construction 13 ms more. A QFocusFrame sits beside the widget and is masked to its band,
so it never covers the rows: scrolling still moves the drawn rows and paints only the new ones (a
see-through widget over the table made every scroll step repaint all of it).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFocusFrame, QSlider, QToolButton, QWidget

FRAMED = (QAbstractItemView, QToolButton, QSlider)
WIDTHS = {QSlider: 1}  # a slider's frame is thinner; everything else 2 px
RADII = {QToolButton: 4, QSlider: 3}


class FocusRing(QObject):
    """Follows keyboard focus in one window (its floating docks included)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self.target: QWidget | None = None
        self.ring: _Ring | None = None
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def _in_window(self, widget: QWidget) -> bool:
        while widget is not None:  # parentWidget, not isAncestorOf: a floating dock is a window of its own
            if widget is self._window:
                return True
            widget = widget.parentWidget()
        return False

    def _focus_changed(self, _old, new) -> None:
        if not shiboken6.isValid(self) or not shiboken6.isValid(self._window):
            return
        target = new if isinstance(new, FRAMED) and self._in_window(new) else None
        self.target = target
        if self.ring is None or not shiboken6.isValid(self.ring):  # made anew if its parent went away
            self.ring = _Ring(self._window)
        self.ring.follow(target)

    def shown(self) -> bool:
        """A ring is on the focused part now."""
        return self.ring is not None and shiboken6.isValid(self.ring) and self.ring.isVisible()


class _Ring(QFocusFrame):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.width_px, self.radius = 2, 0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def follow(self, target: QWidget | None) -> None:
        if target is not None:
            self.width_px = next((w for kind, w in WIDTHS.items() if isinstance(target, kind)), 2)
            self.radius = next((r for kind, r in RADII.items() if isinstance(target, kind)), 0)
        self.setWidget(target)  # QFocusFrame places itself beside the target and follows it
        if target is None:
            self.hide()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.radius > 0)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidth(self.width_px)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = self.width_px / 2
        rect = QRectF(self.rect()).adjusted(half, half, -half, -half)
        if self.radius:
            painter.drawRoundedRect(rect, self.radius, self.radius)
        else:
            painter.drawRect(rect)
        painter.end()


def install(window: QWidget) -> FocusRing:
    ring = FocusRing(window)
    window._focus_ring = ring
    focused = QApplication.focusWidget()
    if focused is not None:  # installed after the window's first frame: the part focused already is framed
        ring._focus_changed(None, focused)
    return ring

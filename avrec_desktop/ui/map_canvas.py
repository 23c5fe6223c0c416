"""The library map's drawing surface (ui/map_page.py holds it): every point rasterised with numpy into one
cached QImage, coloured by group, rebuilt only when the data, the colour mode, the zoom or the size change
(a pan only offsets the blit, until it passes the image's margin); the marks are drawn over it — the playing
item's ring, the recent plays, liked ♥ and disliked ✕.

Mouse: wheel zooms about the pointer, drag pans, a click selects the nearest point, a double-click plays it,
Shift+drag draws a lasso whose points are queued. Keys: arrows move the selection to the nearest point in
that direction, Enter plays it, +/- zoom."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from avrec_desktop.ui.i18n import qtr

PALETTE = (0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf, 0xbcbd22,
           0x4e79a7, 0xf28e2b, 0x59a14f)
OTHER_COLOUR = 0x9a9a9a
MARGIN = 256  # pixels of map kept beyond each edge of the view, so short pans need no new image
PICK_PX = 14  # a click further than this from every point selects nothing
MAX_MARKS = 3000  # ♥/✕ drawn at most (those in view)
ZOOM_STEP = 1.25
SMALL, MEDIUM = 2_000, 20_000  # up to these many points, dots of radius 3 / 2 px (beyond: 2×2 px squares)
OWN_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def group_colours(names: list[str]) -> np.ndarray:
    """0xAARRGGBB per group; "other" (always last when present) is grey."""
    out = [0xFF000000 | PALETTE[i % len(PALETTE)] for i in range(len(names))]
    if names and names[-1] == "other":
        out[-1] = 0xFF000000 | OTHER_COLOUR
    return np.array(out, dtype=np.uint32)


def dot_offsets(n: int, zoom: float) -> list[tuple[int, int]]:
    """The pixels of one point's dot, relative to its pixel: a round dot big enough to see and click in a
    small library (7 px across up to SMALL points, 5 px up to MEDIUM), a 2×2 square in a large one; one
    size up from zoom 4."""
    if n > MEDIUM:
        r = 1 if zoom < 4 else 2
        return [(dx, dy) for dy in range(-r + 1, r + 1) for dx in range(-r + 1, r + 1)]
    r = (3 if n <= SMALL else 2) + (1 if zoom >= 4 else 0)
    return [(dx, dy) for dy in range(-r, r + 1) for dx in range(-r, r + 1) if dx * dx + dy * dy <= r * r + 1]


def inside(points: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Bool per (n, 2) point: inside the closed ``polygon`` (m, 2), by the even-odd rule, in numpy."""
    result = np.zeros(len(points), bool)
    if len(polygon) < 3 or not len(points):
        return result
    lo, hi = polygon.min(axis=0), polygon.max(axis=0)
    near = np.flatnonzero(((points >= lo) & (points <= hi)).all(axis=1))
    x, y = points[near, 0], points[near, 1]
    hit = np.zeros(len(near), bool)
    x0, y0 = polygon[:, 0], polygon[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    for ax, ay, bx, by in zip(x0, y0, x1, y1):
        if ay == by:
            continue
        crosses = (ay > y) != (by > y)
        at = ax + (y - ay) * (bx - ax) / (by - ay)
        hit ^= crosses & (x < at)
    result[near] = hit
    return result


class MapCanvas(QWidget):
    selected = Signal(int)  # media id (a click, an arrow key)
    activated = Signal(int)  # double-click, Enter
    lassoed = Signal(list)  # media ids inside a Shift+drag lasso, nearest the lasso's start first
    menu_requested = Signal(int, QPoint)  # media id, global position: right-click on a point

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(240, 180)
        self.setAccessibleName(qtr("MapCanvas", "Library map"))
        self.data = None
        self.mode = "tag"
        self.zoom = 1.0  # × the scale that fits the whole map
        self.center = np.zeros(2, np.float64)  # the world point at the view's centre
        self.selection = -1  # point index
        self.playing_id: int | None = None
        self.image: QImage | None = None
        self.renders = 0  # images made (the tests and the bench count them)
        self._image_key = None
        self._image_center = self.center.copy()
        self._buffer = None
        self._bounds = None
        self._glyphs: dict = {}
        self._drag = None  # (start pos, centre at start)
        self._lasso: list[QPointF] | None = None

    # -- data and view --------------------------------------------------------------------------------
    def set_data(self, data) -> None:
        keep = self.data.ids[self.selection] if self.data is not None and self.selection >= 0 else None
        first = self.data is None or not len(self.data)
        self.data = data
        self._bounds = (data.xy.min(axis=0), data.xy.max(axis=0)) if len(data) else None
        self.selection = data.index_of(int(keep)) if keep is not None else -1
        if first and len(data):
            self.fit_all()
        self._image_key = None
        self.update()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._image_key = None
        self.update()

    def fit_all(self) -> None:
        if self.data is None or not len(self.data):
            return
        lo, hi = self._bounds
        self.center = (lo + hi) / 2.0
        self.zoom = 1.0
        self._image_key = None
        self.update()

    def base_scale(self) -> float:
        if self.data is None or not len(self.data):
            return 100.0
        span = np.maximum(self._bounds[1] - self._bounds[0], 1e-6)
        return 0.92 * min(max(self.width(), 1) / span[0], max(self.height(), 1) / span[1])

    def scale(self) -> float:
        return self.base_scale() * self.zoom

    def to_screen(self, xy: np.ndarray, center=None) -> np.ndarray:
        """(n, 2) world → widget pixels (y up on the map)."""
        c = self.center if center is None else center
        s = self.scale()
        shift = np.array([self.width() / 2.0 - c[0] * s, self.height() / 2.0 + c[1] * s], np.float32)
        return xy * np.array([s, -s], np.float32) + shift

    def to_world(self, x: float, y: float) -> np.ndarray:
        s = self.scale()
        return np.array([(x - self.width() / 2.0) / s + self.center[0], self.center[1] - (y - self.height() / 2.0) / s])

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        at = at or QPointF(self.width() / 2, self.height() / 2)
        before = self.to_world(at.x(), at.y())
        self.zoom = float(np.clip(self.zoom * factor, 0.2, 400.0))
        after = self.to_world(at.x(), at.y())
        self.center = self.center + (before - after)
        self.update()

    def pan_by(self, dx: float, dy: float) -> None:
        s = self.scale()
        self.center = self.center + np.array([-dx / s, dy / s])
        self.update()

    # -- the cached image ---------------------------------------------------------------------------
    def _offset(self) -> np.ndarray:
        """Where the cached image's centre sits now, in pixels, relative to where it was drawn."""
        return (self._image_center - self.center) * np.array([1.0, -1.0]) * self.scale()

    def ensure_image(self) -> QImage | None:
        if self.data is None:
            return None
        key = (id(self.data), self.mode, round(self.zoom, 9), self.width(), self.height())
        if key == self._image_key and np.all(np.abs(self._offset()) < MARGIN):
            return self.image
        self._image_key = key
        self._image_center = self.center.copy()
        w, h = self.width() + 2 * MARGIN, self.height() + 2 * MARGIN
        buf = np.empty((h, w), np.uint32)
        buf.fill(self.palette().base().color().rgba())
        if len(self.data):
            xy = self.to_screen(self.data.xy) + MARGIN
            px, py = xy[:, 0].astype(np.int64), xy[:, 1].astype(np.int64)
            groups = self.data.groups.get(self.mode)
            colours = (group_colours(groups.names)[groups.codes] if groups is not None
                       else np.full(len(px), 0xFF000000 | PALETTE[0], np.uint32))
            for dx, dy in dot_offsets(len(px), self.zoom):
                qx, qy = px + dx, py + dy
                ok = (qx >= 0) & (qx < w) & (qy >= 0) & (qy < h)
                buf[qy[ok], qx[ok]] = colours[ok]
        self._buffer = buf  # the QImage shares this memory
        self.image = QImage(buf.data, w, h, w * 4, QImage.Format.Format_ARGB32)
        if len(self.data):
            self._stamp_marks(self.image, xy, w, h)
        self.renders += 1
        return self.image

    def _glyph(self, glyph: str, colour: QColor) -> QImage:
        """A ♥ or ✕ drawn once, stamped onto the map image at each marked point."""
        if glyph not in self._glyphs:
            font = QFont(self.font())
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            size = QFontMetrics(font).height()
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            p = QPainter(image)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setFont(font)
            p.setPen(colour)
            p.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, glyph)
            p.end()
            self._glyphs[glyph] = image
        return self._glyphs[glyph]

    def _stamp_marks(self, image: QImage, xy: np.ndarray, w: int, h: int) -> None:
        """Liked ♥ and disliked ✕ go into the cached image (they change far less often than the view)."""
        d = self.data
        room = (xy[:, 0] >= -8) & (xy[:, 0] < w + 8) & (xy[:, 1] >= -8) & (xy[:, 1] < h + 8)
        painter = QPainter(image)
        for mask, glyph, colour in ((d.liked, "♥", QColor(220, 40, 80)), (d.disliked, "✕", QColor(110, 110, 110))):
            if mask is None:
                continue
            stamp = self._glyph(glyph, colour)
            for i in np.flatnonzero(mask & room)[:MAX_MARKS]:
                painter.drawImage(QPointF(xy[i, 0] + 1, xy[i, 1] - stamp.height() + 2), stamp)
        painter.end()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        image = self.ensure_image()
        if image is None or not len(self.data):
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             qtr("MapCanvas", "The map appears once items are analysed") if self.data is not None
                             else qtr("MapCanvas", "Drawing the map…"))
            return
        off = self._offset()
        painter.drawImage(QPointF(off[0] - MARGIN, off[1] - MARGIN), image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_marks(painter)
        if self._lasso:
            painter.setPen(QPen(self.palette().highlight().color(), 1.5, Qt.PenStyle.DashLine))
            painter.drawPolygon(QPolygonF(self._lasso))

    def _paint_marks(self, painter: QPainter) -> None:
        """What changes while the view stays: the recent plays, the playing item's ring, the selection."""
        d = self.data
        accent = self.palette().highlight().color()
        recent = [(age, d.index_of(media_id)) for age, media_id in enumerate(d.recent)]
        recent = [(age, i) for age, i in recent if i >= 0]
        if recent:
            xy = self.to_screen(d.xy[[i for _age, i in recent]])
            for (age, _i), p in zip(recent, xy):
                c = QColor(accent)
                c.setAlpha(max(50, 220 - age * 6))
                painter.setPen(QPen(c, 1.2))
                painter.drawEllipse(QPointF(float(p[0]), float(p[1])), 5, 5)
        for index, pen, r in ((d.index_of(self.playing_id), QPen(QColor(255, 140, 0), 2.5), 9),
                              (self.selection, QPen(self.palette().text().color(), 2), 6)):
            if index >= 0:
                p = self.to_screen(d.xy[index:index + 1])[0]
                painter.setPen(pen)
                painter.drawEllipse(QPointF(float(p[0]), float(p[1])), r, r)

    # -- picking --------------------------------------------------------------------------------------
    def nearest(self, x: float, y: float, limit: float = PICK_PX) -> int:
        if self.data is None or not len(self.data):
            return -1
        xy = self.to_screen(self.data.xy)
        dist = (xy[:, 0] - x) ** 2 + (xy[:, 1] - y) ** 2
        i = int(np.argmin(dist))
        return i if dist[i] <= limit * limit else -1

    def select(self, index: int) -> None:
        self.selection = index
        self.update()
        if index >= 0:
            self.selected.emit(int(self.data.ids[index]))

    def step(self, dx: int, dy: int) -> None:
        """Select the nearest point in the direction (dx, dy) on screen (within 45° of it)."""
        if self.data is None or not len(self.data):
            return
        if self.selection < 0:
            self.select(self.nearest(self.width() / 2, self.height() / 2, limit=1e9))
            return
        xy = self.to_screen(self.data.xy)
        rel = xy - xy[self.selection]
        along = rel[:, 0] * dx + rel[:, 1] * dy
        across = np.abs(rel[:, 0] * dy - rel[:, 1] * dx)
        ok = (along > 0.5) & (across <= along)
        ok[self.selection] = False
        if ok.any():
            cost = np.where(ok, along + 2 * across, np.inf)
            self.select(int(np.argmin(cost)))
            p = xy[self.selection]
            if not (0 <= p[0] < self.width() and 0 <= p[1] < self.height()):  # keep it in view
                self.center = self.data.xy[self.selection].astype(np.float64)
                self.update()

    # -- input ------------------------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps, event.position())

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._lasso = [event.position()]
        else:
            self._drag = (event.position(), self.center.copy(), False)

    def mouseMoveEvent(self, event) -> None:
        if self._lasso is not None:
            self._lasso.append(event.position())
            self.update()
        elif self._drag is not None:
            start, center, _moved = self._drag
            delta = event.position() - start
            if abs(delta.x()) + abs(delta.y()) >= 3:
                s = self.scale()
                self.center = center + np.array([-delta.x() / s, delta.y() / s])
                self._drag = (start, center, True)
                self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._lasso is not None:
            points, self._lasso = self._lasso, None
            self.update()
            self._finish_lasso(points)
            return
        if self._drag is not None:
            _start, _center, moved = self._drag
            self._drag = None
            if not moved:
                self.select(self.nearest(event.position().x(), event.position().y()))

    def _finish_lasso(self, points: list[QPointF]) -> None:
        if self.data is None or len(points) < 3:
            return
        polygon = np.array([[p.x(), p.y()] for p in points], np.float64)
        xy = self.to_screen(self.data.xy)
        hit = np.flatnonzero(inside(xy, polygon))
        if len(hit):
            start = polygon[0]
            hit = hit[np.argsort(((xy[hit] - start) ** 2).sum(axis=1), kind="stable")]
            self.lassoed.emit([int(self.data.ids[i]) for i in hit])

    def contextMenuEvent(self, event) -> None:
        index = self.nearest(event.pos().x(), event.pos().y())
        if index < 0 and event.reason() != event.Reason.Mouse:
            index = self.selection  # Shift+F10 / the Menu key: the selected point
        if index >= 0:
            self.select(index)
            p = self.to_screen(self.data.xy[index:index + 1])[0]
            self.menu_requested.emit(int(self.data.ids[index]), self.mapToGlobal(QPoint(int(p[0]), int(p[1]))))

    def mouseDoubleClickEvent(self, event) -> None:
        index = self.nearest(event.position().x(), event.position().y())
        if index >= 0:
            self.select(index)
            self.activated.emit(int(self.data.ids[index]))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in OWN_KEYS:
            event.accept()  # the window's Left/Right seek must not take the arrows from the map
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        moves = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in moves:
            self.step(*moves[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selection >= 0:
            self.activated.emit(int(self.data.ids[self.selection]))
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit_all()
        else:
            super().keyPressEvent(event)

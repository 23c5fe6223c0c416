"""Cover pictures for the views: a pixmap cache filled off the GUI thread, and a placeholder meanwhile.

``CoverCache.pixmap(media_id, side)`` answers at once: the cover scaled to ``side`` x ``side`` when it is
loaded, else a placeholder (a note on a quiet square) — and asks for it. The lookup (``core.cover_file``:
one indexed read, or making the thumbnail of an item analysed before covers existed) and the JPEG decode
run on the cache's own task runner thread (so covers never wait behind a search, nor delay one); only the
QImage -> QPixmap conversion happens on the GUI thread. ``ready(media_id)`` tells the views to repaint.

``CoverLabel`` is the small square the player bar shows for the playing item.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Callable

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from avrec_desktop.ui.i18n import qtr

log = logging.getLogger(__name__)

MAX_PIXMAPS = 600  # (media id, size) pairs kept; the oldest go first


def _load(lookup: Callable, media_id: int, side: int, width: int | None = None) -> QImage | None:
    """Runs on the runner's thread: the cover as a QImage (QImage is safe off the GUI thread)."""
    path = lookup(media_id)
    if path is None:
        return None
    image = QImage(str(path))
    if image.isNull():
        return None
    return image.scaled(width or side, side, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                        Qt.TransformationMode.SmoothTransformation)


def _square(image: QImage, side: int, ratio: float, width: int | None = None) -> QPixmap:
    """The centre square of ``image`` (a cover is shown square whatever its shape; ``width``: wider)."""
    width = width or side
    x, y = max(0, (image.width() - width) // 2), max(0, (image.height() - side) // 2)
    pixmap = QPixmap.fromImage(image.copy(x, y, min(width, image.width()), min(side, image.height())))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def note(side: float) -> QPainterPath:
    """An eighth note (♪) filling the middle of a ``side`` square: a head, a stem and a flag. Drawn as a
    path, not a glyph: the player bar's placeholder is in the window's first frame, and a glyph at its own
    pixel size made Qt open a font for it then."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)  # where the stem meets the head is filled once, not a hole
    u = side / 40  # designed on a 40 px square
    path.addEllipse(QRectF(12.5 * u, 23 * u, 9 * u, 7 * u))  # the head, bottom left of the stem
    path.addRect(QRectF(19.6 * u, 10 * u, 1.9 * u, 17 * u))  # the stem
    flag = QPainterPath()
    flag.moveTo(21.5 * u, 10 * u)
    flag.cubicTo(23 * u, 14 * u, 28 * u, 14.5 * u, 27 * u, 20.5 * u)
    flag.cubicTo(26.5 * u, 17 * u, 24 * u, 15.5 * u, 21.5 * u, 15 * u)
    flag.closeSubpath()
    return path.united(flag)


def placeholder(side: int, ratio: float = 1.0) -> QPixmap:
    """A quiet square with a note, in the palette's colours (light or dark desktop alike)."""
    pixels = max(1, round(side * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.setDevicePixelRatio(ratio)
    palette = QApplication.palette() if QApplication.instance() else QPalette()
    base, text = palette.color(QPalette.ColorRole.Mid), palette.color(QPalette.ColorRole.Window)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(base))
    painter.drawRoundedRect(QRectF(0, 0, side, side), side * 0.12, side * 0.12)
    painter.setBrush(text)
    painter.drawPath(note(side))
    painter.end()
    return pixmap


class CoverCache(QObject):
    ready = Signal(int)  # media id: its cover (or the knowledge that it has none) has arrived
    aspect = 1.0  # width / height of the pictures it gives (ui/video_grid.py's posters are wider)

    def __init__(self, lookup: Callable[[int], object], runner, parent=None):
        """``lookup(media_id) -> path | None`` (``AppCore.cover_file``); ``runner``: a TaskRunner."""
        super().__init__(parent)
        self._lookup = lookup
        self._runner = runner
        self._pixmaps: OrderedDict[tuple[int, int], QPixmap | None] = OrderedDict()
        self._pending: set[tuple[int, int]] = set()
        self._placeholders: dict[tuple[int, float], QPixmap] = {}

    def _ratio(self) -> float:
        app = QApplication.instance()
        return float(app.devicePixelRatio()) if app is not None else 1.0

    def cached(self, media_id: int, side: int) -> QPixmap | None:
        """The loaded cover, or None (not loaded yet, or the item has none)."""
        return self._pixmaps.get((media_id, side))

    def known(self, media_id: int, side: int) -> bool:
        return (media_id, side) in self._pixmaps

    def pixmap(self, media_id: int | None, side: int) -> QPixmap:
        """The cover of ``media_id`` at ``side`` px, or the placeholder (and the cover is asked for)."""
        if media_id is None:
            return self.placeholder(side)
        key = (media_id, side)
        if key in self._pixmaps:
            self._pixmaps.move_to_end(key)
            found = self._pixmaps[key]
            return found if found is not None else self.placeholder(side)
        self.request(media_id, side)
        found = self._pixmaps.get(key)  # a synchronous runner (tests) has answered already
        return found if found is not None else self.placeholder(side)

    def placeholder(self, side: int) -> QPixmap:
        ratio = self._ratio()
        key = (side, ratio)
        if key not in self._placeholders:
            self._placeholders[key] = placeholder(side, ratio)
        return self._placeholders[key]

    def request(self, media_id: int, side: int) -> None:
        key = (media_id, side)
        if key in self._pixmaps or key in self._pending:
            return
        self._pending.add(key)
        ratio = self._ratio()
        pixels = max(1, round(side * ratio))
        width = max(1, round(pixels * self.aspect))

        def done(image, error):
            self._pending.discard(key)
            if error is not None:
                log.info("no cover for item %s: %s", media_id, error)
            self._pixmaps[key] = _square(image, pixels, ratio, width) if image is not None else None
            while len(self._pixmaps) > MAX_PIXMAPS:
                self._pixmaps.popitem(last=False)
            self.ready.emit(media_id)

        self._runner.run(_load, self._lookup, media_id, pixels, width, on_done=done)

    def forget(self, media_id: int) -> None:
        """Drop what is known of ``media_id`` (its file was analysed again: the cover may have changed)."""
        for key in [k for k in self._pixmaps if k[0] == media_id]:
            del self._pixmaps[key]

    def follow(self, bridge) -> None:
        """Each file the worker analyses (a ui.bridge.CoreBridge's ``indexing``) is asked for again: a
        placeholder shown before its analysis (a first launch) gives way to its new cover or poster."""
        bridge.indexing.connect(self._analysed)

    def _analysed(self, message: dict, _progress: dict) -> None:
        media_id = message.get("media_id")
        if message.get("type") != "file" or not message.get("ok") or media_id is None:
            return
        if any(key[0] == media_id for key in self._pixmaps):
            self.forget(media_id)
            self.ready.emit(media_id)  # the views repaint, and ask


class CoverLabel(QLabel):
    """A ``side`` px square showing one item's cover (the placeholder until it arrives, or when none)."""

    def __init__(self, covers: CoverCache, side: int = 40, parent=None):
        super().__init__(parent)
        self.covers, self.side, self.media_id = covers, side, None
        self.setFixedSize(QSize(side, side))
        self.setAccessibleName(qtr("Covers", "Cover art"))
        self.setPixmap(covers.placeholder(side))
        covers.ready.connect(self._ready)

    def show_media(self, media_id: int | None) -> None:
        self.media_id = media_id
        self.setPixmap(self.covers.pixmap(media_id, self.side))

    def has_cover(self) -> bool:
        return self.media_id is not None and self.covers.cached(self.media_id, self.side) is not None

    def _ready(self, media_id: int) -> None:
        if media_id == self.media_id:
            self.setPixmap(self.covers.pixmap(media_id, self.side))

"""The ♥/✕ mark (ui/feedback.py keeps who has which) right after an item's title wherever the window
shows one outside the library tables: Up next entries, For you cards and the Videos poster grid. The mark
is in the one accent colour for ♥ and quiet for ✕, as in the tables, and every place repaints as soon as
the user likes or dislikes something (FeedbackMarks.changed)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette

MARK_TEXT = {"like": "♥", "dislike": "✕"}
GAP = 6  # px between the title and its mark


def mark_colour(palette, mark: str, on_highlight: bool = False):
    """♥ in the accent colour, ✕ quiet; on a highlighted (selected) row the highlighted text's colour."""
    if on_highlight:
        return palette.color(QPalette.ColorRole.HighlightedText)
    role = QPalette.ColorRole.Highlight if mark == "like" else QPalette.ColorRole.PlaceholderText
    return palette.color(role)


def draw_title(painter, rect: QRect, title: str, mark: str | None, palette, on_highlight: bool = False) -> None:
    """``title`` left-aligned in ``rect`` with the painter's font and pen, elided so that ``mark`` (if any)
    fits right after it."""
    metrics = painter.fontMetrics()
    if mark not in MARK_TEXT:
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        return
    sign = MARK_TEXT[mark]
    room = rect.width() - metrics.horizontalAdvance(sign) - GAP
    shown = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(0, room))
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, shown)
    painter.save()
    painter.setPen(mark_colour(palette, mark, on_highlight))
    left = rect.left() + metrics.horizontalAdvance(shown) + GAP
    painter.drawText(QRect(left, rect.top(), rect.right() - left + 1, rect.height()), Qt.AlignmentFlag.AlignLeft,
                     sign)
    painter.restore()


def install(window, marks) -> None:
    """Give Up next the window's marks, and repaint it when one changes (For you and the Videos grid are
    made after the window's first frame: ``mark_for_you`` and ``mark_grid``)."""
    queue = window.controller.queue
    queue.marks = marks
    marks.changed.connect(lambda _id: queue.marks_changed())


def mark_for_you(for_you, marks) -> None:
    for_you.marks = marks
    marks.changed.connect(lambda _id: [shelf.viewport().update() for shelf in for_you.shelves])


def mark_grid(videos, marks) -> None:
    grid = getattr(videos, "grid", None)
    if grid is not None:
        grid.itemDelegate().marks = marks
        marks.changed.connect(lambda _id: grid.viewport().update())

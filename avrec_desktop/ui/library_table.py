"""The library's table view: a QTableView that, when it has no rows, says why in one calm line (no music
or no videos yet and how to add some, or that a search found nothing) instead of showing a blank."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QTableView

from avrec_desktop.ui.i18n import qtr


def empty_text(kind: str | None, searching: bool) -> str:
    if kind == "video":
        if searching:
            return qtr("VideoGrid", "No videos match this search.")
        return qtr("VideoGrid", "No videos yet. Add a folder that holds videos with Library ▸ Add a folder… "
                                "(Ctrl+O) or on the Folders page; they appear here once they are scanned.")
    if searching:
        return qtr("Library", "No music matches this search.")
    return qtr("Library", "No music yet. Add a folder that holds music with Library ▸ Add a folder… (Ctrl+O) "
                          "or on the Folders page; it appears here once it is scanned.")


def shown_empty_text(model, kind: str | None, search_box) -> str:
    """The line an empty library view draws now: nothing when it has rows, or while they are still read."""
    if model is None or model.rowCount() > 0 or not getattr(model, "settled", True):
        return ""
    return empty_text(kind, bool(search_box.text().strip()))


class LibraryTable(QTableView):
    def __init__(self, page):
        super().__init__(page)
        self.page = page  # the LibraryView: its kind and search box

    def shown_empty_text(self) -> str:
        """The line drawn now: empty when there are rows, or while the rows are still being read."""
        return shown_empty_text(self.model(), self.page.kind, self.page.search_box)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        draw_empty_text(self, self.shown_empty_text())


def draw_empty_text(view, text: str) -> None:
    """``text`` in the placeholder colour, centred near the top of an item view's viewport, wrapped."""
    if not text:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    area = view.viewport().rect().adjusted(32, 32, -32, -32)
    width = min(area.width(), 520)
    box = QRect(area.center().x() - width // 2, area.top() + 48, width, max(area.height() - 48, 0))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                              | Qt.TextFlag.TextWordWrap), text)
    painter.end()

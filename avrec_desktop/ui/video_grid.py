"""The Videos page as a grid of posters: each video's poster (16:9, loaded off the GUI thread through the
same lookup as every cover, ``AppCore.cover_file``) with its title and length under it.

The grid is a second view on the page's own library model, so search, sorting and refreshes apply to it
as to the table. A button beside the search box switches between grid and list (remembered in the
window's settings). Arrows move between posters, Enter or a double-click plays, a right-click, Shift+F10
or the Menu key opens the same item menu as the table.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QListView, QStackedWidget,
                               QStyle, QStyledItemDelegate, QToolButton, QWidget)

from avrec_desktop.ui.covers import CoverCache
from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.library_model import COLUMNS, MediaIdRole, PathRole
from avrec_desktop.ui.mark_paint import draw_title

POSTER_W, POSTER_H = 192, 108  # px of each poster (16:9)
CELL = QSize(POSTER_W + 24, POSTER_H + 64)
SETTING = "videos/view"  # "grid" or "list"
ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
DURATION_COLUMN = [key for key, _h in COLUMNS].index("duration")


def frame_and_clip(painter: QPainter, palette, picture: QRect, framed: bool, radius: float) -> None:
    """The one accent colour as a frame around ``picture`` when ``framed`` (selected or focused), then
    the painter clipped to ``picture``'s rounded corners for drawing it (shared with ui/for_you_cards.py)."""
    if framed:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(QRectF(picture.adjusted(-4, -4, 4, 4)), radius + 2, radius + 2)
    clip = QPainterPath()
    clip.addRoundedRect(QRectF(picture), radius, radius)
    painter.setClipPath(clip)


class PosterCache(CoverCache):
    """Covers at 16:9 (a video's poster keeps its shape); the placeholder is a quiet wide frame."""

    aspect = POSTER_W / POSTER_H


class PosterDelegate(QStyledItemDelegate):
    def __init__(self, posters: PosterCache, parent=None):
        super().__init__(parent)
        self.posters = posters
        self.marks = None  # the window's FeedbackMarks (ui/feedback.py), given by ui/mark_paint.install

    def sizeHint(self, option, index) -> QSize:
        return CELL

    def paint(self, painter: QPainter, option, index) -> None:
        palette = option.palette
        rect = option.rect
        poster = QRect(rect.left() + (rect.width() - POSTER_W) // 2, rect.top() + 8, POSTER_W, POSTER_H)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame_and_clip(painter, palette, poster, selected, 6)  # the title below is in the accent colour too
        media_id = index.data(MediaIdRole)
        picture = self.posters.pixmap(media_id, POSTER_H) if media_id is not None else None
        if picture is not None and self.posters.cached(media_id, POSTER_H) is not None:
            painter.drawPixmap(poster, picture)
        else:  # no poster (yet): a quiet frame with a play sign
            painter.fillRect(poster, palette.color(QPalette.ColorRole.Mid))
            font = QFont(option.font)
            font.setPixelSize(POSTER_H // 3)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Window))
            painter.drawText(poster, Qt.AlignmentFlag.AlignCenter, "▶")
        painter.setClipping(False)
        metrics = option.fontMetrics
        line = metrics.height()
        text_rect = QRect(poster.left(), poster.bottom() + 8, POSTER_W, line)
        title = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.setPen(palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Text))
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        mark = self.marks.mark(media_id) if self.marks is not None and media_id is not None else None
        draw_title(painter, text_rect, title, mark, palette)
        length = index.siblingAtColumn(DURATION_COLUMN).data() or ""
        painter.setFont(option.font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(text_rect.translated(0, line + 2), Qt.AlignmentFlag.AlignLeft, length)
        if option.state & QStyle.StateFlag.State_HasFocus and not selected:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(poster.adjusted(-3, -3, 3, 3)), 7, 7)
        painter.restore()


class VideoGrid(QListView):
    def __init__(self, page, posters: PosterCache, parent=None):
        super().__init__(parent)
        self.page = page
        self.posters = posters
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setGridSize(CELL)
        self.setSpacing(0)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAccessibleName(qtr("VideoGrid", "Videos"))
        self.setModel(page.model)
        self.setItemDelegate(PosterDelegate(posters, self))
        self.setStyleSheet("QListView { border: none; } QListView:focus { border: 2px solid palette(highlight); }")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.activated.connect(page._activated)  # Enter or a double-click plays, as in the table
        posters.ready.connect(lambda _id: self.viewport().update())

    def event(self, event) -> bool:
        """The arrows move between posters here (the window's Left/Right seek elsewhere)."""
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in ARROWS \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            return True
        return super().event(event)

    def empty_text(self) -> str:
        """The calm line an empty grid shows: how to add videos, or that the search found none."""
        from avrec_desktop.ui.library_table import shown_empty_text

        return shown_empty_text(self.model(), "video", self.page.search_box)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        from avrec_desktop.ui.library_table import draw_empty_text

        draw_empty_text(self, self.empty_text())

    def poster_shown(self, row: int) -> bool:
        """The poster of the item on ``row`` has arrived (it is painted, not the placeholder)."""
        media_id = self.model().media_id_at(row)
        return media_id is not None and self.posters.cached(media_id, POSTER_H) is not None

    def _menu(self, pos) -> None:
        from avrec_desktop.ui.library_view import item_menu

        index = self.indexAt(pos)
        if not index.isValid() or index.data(MediaIdRole) is None:
            return
        self.setCurrentIndex(index)
        menu = item_menu(self, self.page.controller, index.data(MediaIdRole), index.data(PathRole))
        menu.popup(self.viewport().mapToGlobal(pos))


def install(page, settings) -> VideoGrid:
    """Give the Videos page (a LibraryView) its grid, and the grid/list switch beside its search box."""
    controller = page.controller
    covers = controller.covers
    posters = PosterCache(covers._lookup, covers._runner, page)  # the same lookup and thread as every cover
    posters.follow(controller.bridge)
    grid = VideoGrid(page, posters, page)
    stack = QStackedWidget(page)
    layout = page.layout()
    layout.replaceWidget(page.table, stack)
    stack.addWidget(page.table)
    stack.addWidget(grid)
    row = QWidget(page)
    row_layout = QHBoxLayout(row)
    row_layout.setContentsMargins(0, 0, 0, 0)
    row_layout.setSpacing(8)
    layout.replaceWidget(page.search_box, row)
    row_layout.addWidget(page.search_box, 1)
    toggle = QToolButton(row)
    toggle.setCheckable(True)
    toggle.setAutoRaise(True)
    toggle.setAccessibleName(qtr("VideoGrid", "Show as grid"))
    row_layout.addWidget(toggle)

    def show(as_grid: bool) -> None:
        had_focus = QApplication.focusWidget() in (page.table, grid)
        current = (page.table if as_grid else grid).currentIndex()
        target = grid if as_grid else page.table
        stack.setCurrentWidget(target)
        if current.isValid():
            target.setCurrentIndex(current.siblingAtColumn(0))
        toggle.setChecked(as_grid)
        toggle.setText("☰  " + qtr("VideoGrid", "List") if as_grid else "▦  " + qtr("VideoGrid", "Grid"))
        toggle.setToolTip(qtr("VideoGrid", "Show the videos as a list") if as_grid
                          else qtr("VideoGrid", "Show the videos as a grid of posters"))
        settings.setValue(SETTING, "grid" if as_grid else "list")
        if had_focus:
            target.setFocus()

    toggle.toggled.connect(lambda checked: show(checked) if checked != (stack.currentWidget() is grid) else None)
    show(settings.value(SETTING, "grid") != "list")
    page.grid, page.view_toggle, page.show_grid = grid, toggle, show
    return grid

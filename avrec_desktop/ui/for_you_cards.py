"""For you as shelves of cards: each shelf the core gives ("Because you finished …", "Rediscover", "New in
your library") is a titled horizontal row of cards, each with the item's cover art, title, artist and the
reason it is there, in the core's own words.

A click (or Enter) on a card plays it; a right-click, Shift+F10 or the Menu key give the item menu (with
"Why this?"); Left/Right move along a shelf, Up/Down to the shelf above or below, Tab from shelf to shelf.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QLabel, QListView, QListWidget, QListWidgetItem,
                               QScrollArea, QStyle, QStyledItemDelegate, QVBoxLayout, QWidget)

from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.mark_paint import draw_title
from avrec_desktop.ui.reason_text import reason_text, shelf_title
from avrec_desktop.ui.text_fit import draw_lines
from avrec_desktop.ui.up_next import ItemRole, ReasonRole
from avrec_desktop.ui.video_grid import ARROWS, frame_and_clip

COVER = 120  # px of each card's cover art
CARD = QSize(COVER + 24, COVER + 96)


def empty_text() -> str:
    return qtr("ForYou", "Nothing here yet: play a few things and come back.")


def card_reason(shelf, suggestion) -> str:
    """The reason shown under a card, in the window's language: the item's own first reason; on a
    "Because you …" shelf the one after the shelf's (the shelf's title says that already), unless there is
    no other."""
    reasons = [reason_text(r) for r in suggestion.reasons]
    if shelf.kind == "because" and len(reasons) > 1:
        return reasons[1]
    return reasons[0] if reasons else ""


class CardDelegate(QStyledItemDelegate):
    def __init__(self, covers, parent=None, page=None):
        super().__init__(parent)
        self.covers = covers
        self.page = page  # its ``marks`` (ui/mark_paint.install): the ♥/✕ after the title

    def sizeHint(self, option, index) -> QSize:
        return CARD

    def paint(self, painter: QPainter, option, index) -> None:
        palette, rect = option.palette, option.rect
        cover = QRect(rect.left() + 12, rect.top() + 8, COVER, COVER)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame_and_clip(painter, palette, cover, selected or focused, 7)
        painter.drawPixmap(cover, self.covers.pixmap(index.data(Qt.ItemDataRole.UserRole), COVER))
        painter.setClipping(False)
        width = COVER
        line = option.fontMetrics.height()
        y = cover.bottom() + 8
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        media = index.data(ItemRole)
        title = index.data(Qt.ItemDataRole.DisplayRole) or ""
        marks = getattr(self.page, "marks", None)
        mark = marks.mark(index.data(Qt.ItemDataRole.UserRole)) if marks is not None else None
        draw_title(painter, QRect(cover.left(), y, width, line), title, mark, palette)
        painter.setFont(option.font)
        artist = (getattr(media, "artist", None) or "") if media is not None else ""
        if artist:
            painter.drawText(QRect(cover.left(), y + line, width, line), Qt.AlignmentFlag.AlignLeft,
                             option.fontMetrics.elidedText(artist, Qt.TextElideMode.ElideRight, width))
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        reason = index.data(ReasonRole) or ""
        box = QRect(cover.left(), y + 2 * line + 2, width, rect.bottom() - (y + 2 * line + 2) - 4)
        draw_lines(painter, box, reason, 2)  # two lines, broken as drawn (CJK too), the last elided
        painter.restore()


class ShelfList(QListWidget):
    """One shelf: a single row of cards (scrolls sideways when it is wider than the page)."""

    def __init__(self, page, shelf, parent=None):
        super().__init__(parent)
        self.page, self.shelf = page, shelf
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setGridSize(CARD)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFixedHeight(CARD.height() + self.horizontalScrollBar().sizeHint().height() + 6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setStyleSheet("QListWidget { border: none; background: transparent; }"
                           "QListWidget:focus { border: 2px solid palette(highlight); border-radius: 6px; }")
        self.setAccessibleName(shelf_title(shelf))
        self.setItemDelegate(CardDelegate(page.controller.covers, self, page))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self._after_double = False
        for s in shelf.items:
            item = QListWidgetItem(s.media.display_title)
            item.setData(Qt.ItemDataRole.UserRole, s.media.id)
            item.setData(ItemRole, s.media)
            item.setData(ReasonRole, card_reason(shelf, s))
            item.setToolTip("\n".join(reason_text(r) for r in s.reasons))
            self.addItem(item)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in ARROWS \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()  # the arrows move between cards here (the window's Left/Right seek elsewhere)
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.page.play(self.currentItem())
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.page.move_between_shelves(self, -1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        self._after_double = True  # the first click has played it already
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        item = self.itemAt(event.position().toPoint())
        if self._after_double:
            self._after_double = False
        elif event.button() == Qt.MouseButton.LeftButton and item is not None:
            self.page.play(item)

    def _menu(self, pos) -> None:
        from avrec_desktop.ui.side_panels import list_item_menu

        list_item_menu(self.page, self, self.page.controller, pos, suggestion=True)


class ForYouCards(QWidget):
    """The For you page (the same interface as the rows it replaces: refresh, show_shelves, list)."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.marks = None  # the window's FeedbackMarks (ui/feedback.py), given by ui/mark_paint.install
        self.shelves: list[ShelfList] = []
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        self._column.setContentsMargins(16, 12, 16, 12)
        self._column.setSpacing(6)
        self._column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self._inner)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll = scroll
        self.empty = QLabel(empty_text(), self._inner)
        self.empty.hide()
        self._placeholder = QListWidget()  # ``list`` while there is no shelf (holds the empty text)
        self._placeholder.addItem(empty_text())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        controller.for_you_ready.connect(self.show_shelves)
        controller.covers.ready.connect(self._cover_ready)

    @property
    def list(self) -> QListWidget:
        """The first shelf (callers that looked at the old single list of rows use this)."""
        return self.shelves[0] if self.shelves else self._placeholder

    def refresh(self) -> None:
        self.controller.load_for_you()

    def show_shelves(self, shelves: list) -> None:
        had_focus = QApplication.focusWidget() in self.shelves
        while self._column.count() > 1:  # all but the stretch at the end
            widget = self._column.takeAt(0).widget()
            if widget is not None and widget is not self.empty:
                widget.deleteLater()
        self.shelves = []
        self.empty.setVisible(not shelves)
        if not shelves:
            self._column.insertWidget(0, self.empty)
        keys = getattr(self.window(), "_item_menu_keys", None)  # Shift+F10 / Menu (ui/keyboard.py)
        for shelf in shelves:
            header = QLabel(shelf_title(shelf), self._inner)
            font = header.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            font.setWeight(QFont.Weight.DemiBold)
            header.setFont(font)
            header.setContentsMargins(4, 10, 0, 0)
            row = ShelfList(self, shelf, self._inner)
            if keys is not None:
                row.installEventFilter(keys)
            self._column.insertWidget(self._column.count() - 1, header)
            self._column.insertWidget(self._column.count() - 1, row)
            self.shelves.append(row)
        sidebar = getattr(self.window(), "sidebar", None)
        if sidebar is not None and self.shelves:  # Tab: sidebar → the shelves → Up next
            QWidget.setTabOrder(sidebar, self.shelves[0])
            for first, second in zip(self.shelves, self.shelves[1:]):
                QWidget.setTabOrder(first, second)
        if had_focus and self.shelves:
            self.shelves[0].setFocus()

    def move_between_shelves(self, shelf: ShelfList, step: int) -> None:
        at = self.shelves.index(shelf) + step
        if not 0 <= at < len(self.shelves):
            return
        target = self.shelves[at]
        column = max(0, min(shelf.currentRow(), target.count() - 1))
        target.setCurrentRow(column)
        target.setFocus()
        self.scroll.ensureWidgetVisible(target)

    def play(self, item) -> None:
        media_id = item.data(Qt.ItemDataRole.UserRole)
        if media_id is not None:
            self.controller.play(media_id, source="for-you", item=item.data(ItemRole))

    def _cover_ready(self, media_id: int) -> None:
        for shelf in self.shelves:
            shelf.viewport().update()

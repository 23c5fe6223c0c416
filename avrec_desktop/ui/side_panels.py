"""Right-hand panels: Up next (with reasons, reorder, pin, remove); Show similar lives in ui/similar_panel.py."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem, QStyle,
                               QStyledItemDelegate, QToolButton, QVBoxLayout, QWidget)

from avrec_desktop.ui.adventure_control import AdventureControl
from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.up_next_follow import UpNextFollower
from avrec_desktop.ui.mark_paint import draw_title
from avrec_desktop.ui.up_next import ItemRole, MarkRole, MediaIdRole, ReasonRole, SideRole


def fit_reason(metrics, reason: str, side: str, width: int) -> str:
    """The reason line elided to ``width`` pixels, keeping the side it ends with whole when there is room
    for it (a narrow panel used to cut the side off, and with it the slider's effect)."""
    if not side or not reason.endswith(side) or metrics.horizontalAdvance(reason) <= width:
        return metrics.elidedText(reason, Qt.TextElideMode.ElideRight, width)
    head = reason[:-len(side)].rstrip(" ·")
    tail = f" · {side}" if head else side
    room = width - metrics.horizontalAdvance(tail)
    if room < metrics.horizontalAdvance("tag…"):  # not even a few letters of the reasons fit
        return metrics.elidedText(side, Qt.TextElideMode.ElideRight, width)
    return metrics.elidedText(head, Qt.TextElideMode.ElideRight, room) + tail


class ReasonDelegate(QStyledItemDelegate):
    """Two lines per entry: the title, and its reason in a quieter colour; with ``covers`` (a
    ui.covers.CoverCache) the item's cover art as a small square on the left."""

    def __init__(self, parent=None, covers=None):
        super().__init__(parent)
        self.covers = covers

    def sizeHint(self, option, index) -> QSize:
        return QSize(option.rect.width(), 2 * option.fontMetrics.height() + 12)

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option_text, option.text = option.text, ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(8, 4, -8, -4)
        line = option.fontMetrics.height()
        painter.save()
        if self.covers is not None:
            side = rect.height()
            painter.drawPixmap(rect.left(), rect.top(), self.covers.pixmap(index.data(MediaIdRole), side))
            rect.setLeft(rect.left() + side + 8)
        draw_title(painter, QRect(rect.left(), rect.top(), rect.width(), line), option_text, index.data(MarkRole),
                   option.palette, on_highlight=bool(option.state & QStyle.StateFlag.State_Selected))
        reason = index.data(ReasonRole) or ""
        colour = option.palette.color(option.palette.ColorRole.PlaceholderText)
        painter.setPen(colour)
        painter.drawText(QRect(rect.left(), rect.top() + line + 2, rect.width(), line),
                         Qt.AlignmentFlag.AlignLeft,
                         fit_reason(option.fontMetrics, reason, index.data(SideRole) or "", rect.width()))
        painter.restore()


class UpNextPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        queue = controller.queue
        self.list = QListView(self)
        self.list.setModel(queue)
        self.list.setItemDelegate(ReasonDelegate(self.list, controller.covers))
        controller.covers.ready.connect(lambda _id: self.list.viewport().update())
        self.list.setAccessibleName(qtr("UpNext", "Up next"))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.activated.connect(self._play_row)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the lines are elided
        header = QHBoxLayout()
        header.addStretch(1)
        self.buttons = []  # ↑ ↓ Pin ✕, in Tab order (ui/keyboard.py)
        for text, name, tip, slot in (
                ("↑", qtr("UpNext", "Move up"), qtr("UpNext", "Move up (Alt+Up)"), lambda: self._move(-1)),
                ("↓", qtr("UpNext", "Move down"), qtr("UpNext", "Move down (Alt+Down)"), lambda: self._move(1)),
                (qtr("UpNext", "Pin"), qtr("UpNext", "Pin"), qtr("UpNext", "Pin (P)"), self._pin),
                ("✕", qtr("UpNext", "Remove"), qtr("UpNext", "Remove (Delete)"), self._remove)):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(name)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            header.addWidget(button)
            self.buttons.append(button)

        self.adventure = AdventureControl(controller, self)  # Familiar ⟷ Adventurous, under the buttons

        self.note = QLabel(self)  # why Up next is empty (nothing playing, files still being analysed...)
        self.note.setWordWrap(True)
        self.follower = UpNextFollower(controller, self)
        self.follower.note_changed.connect(self._show_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(self.adventure)
        layout.addWidget(self.note)
        layout.addWidget(self.list)
        self._show_note(self.follower.note())
        for keys, slot in (("Delete", self._remove), ("Alt+Up", lambda: self._move(-1)),
                           ("Alt+Down", lambda: self._move(1)), ("P", self._pin)):
            shortcut = QShortcut(QKeySequence(keys), self.list, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # PySide6 ignores a context= keyword here

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _row(self) -> int:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else -1

    def _move(self, delta: int) -> None:
        row = self.controller.queue.move(self._row(), delta)
        self.list.setCurrentIndex(self.controller.queue.index(row))

    def _pin(self) -> None:
        self.controller.queue.toggle_pin(self._row())

    def _remove(self) -> None:
        self.controller.queue.remove(self._row())

    def _play_row(self, index) -> None:
        entry = self.controller.queue.entries[index.row()]
        self.controller.queue.remove(index.row(), feedback=False)
        self.controller.play(entry.media.id, source=entry.source, seed_id=entry.seed_id, item=entry.media)

    def _menu(self, pos) -> None:
        from avrec_desktop.ui.library_view import item_menu

        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        entry = self.controller.queue.entries[index.row()]
        menu = item_menu(self, self.controller, index.data(MediaIdRole), entry.media.path, suggestion=True)
        menu.addSeparator()
        menu.addAction(qtr("UpNext", "More like this"),
                       lambda: self.controller.play_similar(entry.media.id, item=entry.media))
        menu.addAction(qtr("UpNext", "Remove from Up next"), lambda: self.controller.queue.remove(index.row()))
        from avrec_desktop.ui.playlist_actions import save_up_next

        menu.addAction(qtr("UpNext", "Save Up next as playlist…"), lambda: save_up_next(self, self.controller))
        menu.popup(self.list.viewport().mapToGlobal(pos))


def list_item_menu(parent, list_widget, controller, pos, *, suggestion: bool) -> None:
    """The item menu for a QListWidget row whose UserRole holds a media id (and ItemRole its item)."""
    from avrec_desktop.ui.library_view import item_menu

    item = list_widget.itemAt(pos)
    media_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
    if media_id is None:
        return
    media = item.data(ItemRole)
    path = media.path if media is not None else None
    item_menu(parent, controller, media_id, path, suggestion=suggestion).popup(
        list_widget.viewport().mapToGlobal(pos))

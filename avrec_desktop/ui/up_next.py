"""The Up next queue: what plays after the current item, each entry with its short reason.

Entries the user put there (Queue next) are pinned; entries the recommender suggested are not, and
removing one of those tells the core ("removed", a weak negative). Pinned entries survive a refill.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal

from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.reason_text import reason_text

ReasonRole = Qt.ItemDataRole.UserRole + 10
MediaIdRole = Qt.ItemDataRole.UserRole + 11
PinnedRole = Qt.ItemDataRole.UserRole + 12
ItemRole = Qt.ItemDataRole.UserRole + 13  # in the For you and Similar lists: the row's MediaItem
MarkRole = Qt.ItemDataRole.UserRole + 14  # "like", "dislike" or None (ui/mark_paint.py draws it)
SideRole = Qt.ItemDataRole.UserRole + 15  # the side (familiar ⟷ adventurous) ending ReasonRole's text, or ""


@dataclass
class QueueEntry:
    media: object  # MediaItem
    reasons: list = field(default_factory=list)  # [Reason]
    source: str = "up-next"
    seed_id: int | None = None
    pinned: bool = False

    # the texts are rendered once per entry (its reasons never change; the window's language is chosen at
    # start): a repaint of the panel asks each row for them, ~4 renderings a row, ~10 ms a repaint before
    @cached_property
    def side_text(self) -> str:
        """Which side of familiar ⟷ adventurous put it here ("" for the user's own entries)."""
        return next((reason_text(r) for r in self.reasons if r.kind == "side"), "")

    @cached_property
    def reason_text(self) -> str:
        """The second line: two reasons, then the side (recommend/adventure.py adds it last)."""
        side = self.side_text
        return " · ".join(self._texts() + ([side] if side else []))

    @cached_property
    def tooltip(self) -> str:
        side = self.side_text
        side = qtr("UpNext", "Side: {side}").format(side=side) if side else ""
        return "\n".join(t for t in (" · ".join(self._texts()), side) if t)

    def _texts(self) -> list[str]:
        """The first two reasons other than the side, in the window's language."""
        return [reason_text(r) for r in self.reasons if r.kind != "side"][:2]


class UpNextQueue(QAbstractListModel):
    removed_suggestion = Signal(int)  # media id of an automatic suggestion the user removed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[QueueEntry] = []
        self.marks = None  # the window's FeedbackMarks (ui/feedback.py), given by ui/mark_paint.install

    def __len__(self) -> int:
        return len(self.entries)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = entry.media.display_title
            if entry.media.artist:
                title = qtr("UpNext", "{title} — {artist}").format(title=title, artist=entry.media.artist)
            return qtr("UpNext", "[pinned] {entry}").format(entry=title) if entry.pinned else title
        if role == ReasonRole:
            return entry.reason_text
        if role == SideRole:
            return entry.side_text
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip
        if role == MediaIdRole:
            return entry.media.id
        if role == PinnedRole:
            return entry.pinned
        if role == MarkRole:
            return self.marks.mark(entry.media.id) if self.marks is not None else None
        return None

    def marks_changed(self) -> None:
        """A like or dislike changed: every entry's mark is read again."""
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1), [MarkRole])

    # -- changes ----------------------------------------------------------------------------------
    def media_ids(self) -> set[int]:
        return {e.media.id for e in self.entries}

    def pop(self) -> QueueEntry | None:
        if not self.entries:
            return None
        self.beginRemoveRows(QModelIndex(), 0, 0)
        entry = self.entries.pop(0)
        self.endRemoveRows()
        return entry

    def insert_next(self, media, reasons=(), pinned: bool = True, source: str = "queue") -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.entries.insert(0, QueueEntry(media, list(reasons), source=source, pinned=pinned))
        self.endInsertRows()

    def extend_suggestions(self, suggestions, seed_id: int | None) -> None:
        known = self.media_ids()
        fresh = [s for s in suggestions if s.media.id not in known]
        if not fresh:
            return
        start = len(self.entries)
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        for s in fresh:
            self.entries.append(QueueEntry(s.media, list(s.reasons), "up-next", s.seed_id or seed_id))
        self.endInsertRows()

    def clear_suggestions(self) -> None:
        self.beginResetModel()
        self.entries = [e for e in self.entries if e.pinned]
        self.endResetModel()

    def remove(self, row: int, feedback: bool = True) -> None:
        if not 0 <= row < len(self.entries):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        entry = self.entries.pop(row)
        self.endRemoveRows()
        if feedback and not entry.pinned:
            self.removed_suggestion.emit(entry.media.id)

    def remove_media(self, media_id: int, feedback: bool = True) -> None:
        for row, entry in enumerate(self.entries):
            if entry.media.id == media_id:
                self.remove(row, feedback)
                return

    def move(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.entries) and 0 <= target < len(self.entries)) or delta == 0:
            return row
        dest = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self.entries.insert(target, self.entries.pop(row))
        self.endMoveRows()
        return target

    def toggle_pin(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.entries[row].pinned = not self.entries[row].pinned
            index = self.index(row)
            self.dataChanged.emit(index, index)

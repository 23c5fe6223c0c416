"""The library table: a QAbstractTableModel over the store that stays smooth at 100k rows.

It never loads the whole library: it keeps the ordered list of ids of the current view (one indexed
query, a few ms at 100k), tells Qt it has every one of those rows (so the scrollbar spans the whole
library: one drag reaches the end; the table's rows are of one fixed height, so Qt lays out 100k of
them in no time) and asks for the cells of a page of 256 rows only when Qt first paints one of them. Every read goes through a
*source* whose two calls answer later, on the GUI thread (the window's source runs the Store's
``library_ids``/``library_rows`` on the task thread): until a page arrives its cells are empty, then
``dataChanged`` repaints them. The model itself never touches SQLite. Sorting asks for the ids again
in another order; a search result replaces the id list with the result's order.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from avrec_desktop.store import MediaItem, printable_path
from avrec_desktop.store.tag_values import first_value
from avrec_desktop.ui.i18n import number
from avrec_desktop.ui.library_text import (divider_text, format_duration, format_when, header, status_text,
                                           unplayable_reason)

COLUMNS = [  # (key, header in English: header() says it in the window's language); the key is also the
    # Store's sort key (store.views.LIBRARY_ORDER)
    ("title", "Title"),
    ("artist", "Artist"),
    ("album", "Album"),
    ("genre", "Genre"),
    ("duration", "Length"),
    ("plays", "Plays"),
    ("last_played", "Last played"),
    ("status", "Status"),
]
SHOWN_BY_DEFAULT = ("title", "artist", "album", "duration", "plays", "last_played")  # fits 1280 px; the rest
TAG_COLUMNS = ("artist", "album", "genre")  # are offered in the header's menu; Videos show these only when set
PAGE = 256
POSTER_HEIGHT = 40
MediaIdRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2
_DISPLAY, _DECORATION, _TOOLTIP, _ALIGN, _FONT, _FOREGROUND = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole))
_MEDIA_ID, _PATH = int(MediaIdRole), int(PathRole)
_ANSWERED = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, _ALIGN, _FONT, _FOREGROUND, _MEDIA_ID, _PATH})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGNMENTS = tuple(_RIGHT if key in ("duration", "plays") else None for key, _h in COLUMNS)
_CELL_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
DIVIDER_ID = 0  # no item has id 0: the row between a search's word matches and its meaning matches


class StoreSource:
    """A source that reads a Store at once, on the caller's thread (tests and scripts)."""

    def __init__(self, store):
        self.store = store

    def load_library_ids(self, kind, order, descending, on_done) -> None:
        on_done(self.store.library_ids(kind, order, descending))

    def load_library_rows(self, ids, on_done) -> None:
        on_done(self.store.library_rows(ids))

    def load_library_tags(self, kind, on_done) -> None:
        on_done(self.store.library_tags_present(kind))


class LibraryTableModel(QAbstractTableModel):
    tags_known = Signal(object)  # the set of TAG_COLUMNS keys some item of this kind has (Videos only)

    def __init__(self, source, kind: str | None = None, parent=None):
        super().__init__(parent)
        self.source = source  # load_library_ids(kind, order, descending, on_done), load_library_rows(ids, on_done)
        self.kind = kind  # "audio", "video" or None for everything
        self._ids: list[int] = []
        self._rows: dict[int, dict] = {}
        self._cells: dict[int, tuple] = {}  # per row, made once: (shown text per column, failed, video, row)
        self._sort = (0, Qt.SortOrder.AscendingOrder)
        self._filter: list[int] | None = None
        self._generation = 0  # bumped by every reload: answers to an older one are dropped
        self._pages_asked: set[int] = set()
        self._settled = 0  # the generation whose ids were installed last
        self._asked_at = 0.0  # when the last reload asked (monotonic seconds)
        self._arriving: dict[int, dict] = {}  # cells that came with the next filter (set_filter's rows)
        self.tags_present: set[str] | None = None  # for Videos: which of TAG_COLUMNS some video has
        self.playing_id: int | None = None  # its row is bold, in the accent colour, with a ▶ on the title
        self.reload()

    def set_playing(self, media_id: int | None) -> None:
        """Mark the item that plays now (and unmark the one before) without re-reading anything."""
        before, self.playing_id = self.playing_id, media_id
        for mid in {before, media_id} - {None}:
            row = self.row_of(mid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- queries ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Ask for the id list again (after a scan, new analyses, or a change of sort or filter)."""
        self._generation += 1
        self._asked_at = time.monotonic()
        generation = self._generation
        if self._filter is not None:
            self._install(generation, list(self._filter))
            return
        if self.kind == "video" and hasattr(self.source, "load_library_tags"):
            self.source.load_library_tags(self.kind, lambda present: self._tags_arrived(generation, present))
        column, order = self._sort
        self.source.load_library_ids(self.kind, COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder,
                                     lambda ids: self._install(generation, ids))

    def _tags_arrived(self, generation: int, present) -> None:
        if generation == self._generation:
            self.tags_present = set(present)
            self.tags_known.emit(self.tags_present)

    def _install(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return
        self._settled = generation
        arriving, self._arriving = self._arriving, {}
        if ids == self._ids:  # the same rows (a refresh while files are analysed): re-read the cells
            pages = sorted(self._pages_asked)  # already seen; repaint only those that changed
            self._pages_asked.clear()
            for start in pages:
                self._ask_page(start)
            return
        old = len(self._ids)
        if 0 < old < len(ids) and ids[:old] == self._ids:  # more rows after these (the meaning matches):
            self.beginInsertRows(QModelIndex(), old, len(ids) - 1)  # no reset, the cells read stay
            self._ids = list(ids)
            self._pages_asked.discard((old // PAGE) * PAGE)  # the last page read has new rows now
            self.endInsertRows()
            return
        self.beginResetModel()
        self._ids = list(ids)
        self._rows.clear()
        self._cells.clear()
        self._pages_asked.clear()
        self._take_arriving(arriving)
        self.endResetModel()

    def _take_arriving(self, rows: dict[int, dict]) -> None:
        """The cells that came with a new filter, for the pages they fill whole (counted as read)."""
        for start in range(0, len(self._ids), PAGE):
            page = [media_id for media_id in self._ids[start:start + PAGE] if media_id != DIVIDER_ID]
            if not page or not all(media_id in rows for media_id in page):
                break
            self._rows.update((media_id, rows[media_id]) for media_id in page)
            self._pages_asked.add(start)

    def set_filter(self, ids: list[int] | None, meaning: list[int] | None = None,
                   rows: dict[int, dict] | None = None) -> None:
        """Show only these items, in this order (a search result), then a divider row and ``meaning``
        (matches by meaning), if any; None shows the whole library. ``rows``: cells already read with
        the result (its first page), shown by the first paint."""
        self._filter = None if ids is None else list(ids) + ([DIVIDER_ID] + list(meaning) if meaning else [])
        self._arriving = rows or {}
        self.reload()

    def divider_row(self) -> int | None:
        return self.row_of(DIVIDER_ID) if self._filter is not None else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort and not self.settled:
            return  # that order is on its way already (the view sorts once as it is set up)
        self._sort = (column, order)
        if self._filter is None:
            self.reload()

    def _row(self, position: int) -> dict | None:
        row = self._rows.get(self._ids[position])
        if row is None:
            self._ask_page(position)  # a synchronous source has answered already
            row = self._rows.get(self._ids[position])
        return row

    def _ask_page(self, position: int) -> None:
        start = (position // PAGE) * PAGE
        if start in self._pages_asked:
            return
        self._pages_asked.add(start)
        generation = self._generation
        ids = self._ids[start:start + PAGE]
        self.source.load_library_rows(ids, lambda rows: self._page_arrived(generation, start, ids, rows))

    def _page_arrived(self, generation: int, start: int, ids: list[int], rows: dict[int, dict]) -> None:
        if self._ids[start:start + len(ids)] != ids:  # the rows moved since (another sort or filter)
            return
        if len(self._rows) > 20 * PAGE:  # keep memory flat while scrolling through 100k rows
            self._rows, self._cells = {}, {}
            self._pages_asked = {start}
        changed = [start + i for i, media_id in enumerate(ids) if self._rows.get(media_id) != rows.get(media_id)]
        for position in changed:
            self._cells.pop(self._ids[position], None)
        self._rows.update(rows)
        if changed:  # one repaint of the rows whose cells differ from what was shown
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1))

    # -- Qt model API -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return header(COLUMNS[section][0])
        return None

    def data(self, index: QModelIndex, role=_DISPLAY):
        # a repaint asks every visible cell for ~7 roles (plain ints here), each a call from C++ into
        # Python that must take the GIL: every answer is one set lookup and a few int compares, read
        # from the row's cells formatted once
        if role not in _ANSWERED:
            return None
        position = index.row()
        ids = self._ids
        if not 0 <= position < len(ids):
            return None
        media_id = ids[position]
        if media_id == DIVIDER_ID:
            return self._divider(index, role)
        if role == _ALIGN:
            return _ALIGNMENTS[index.column()]
        playing = media_id == self.playing_id
        if role == _FONT:
            return self._bold() if playing else None
        cells = self._cells.get(media_id)
        if cells is None:
            row = self._row(position)
            if row is None:
                return None
            cells = self._cells[media_id] = (tuple(self._display(row, key) for key, _h in COLUMNS),
                                             row["status"] == "failed", row["kind"] == "video", row)
        texts, failed, video, row = cells
        if role == _DISPLAY:
            return texts[index.column()]
        if role == _DECORATION:
            if index.column() != 0:
                return None
            if playing and not video:
                return self._playing_icon()
            if failed:
                return self._failed_icon()
            return self._poster(media_id) if video else None
        if role == _FOREGROUND:
            return self._quiet_brush() if failed else self._accent_brush() if playing else None
        if role == _MEDIA_ID:
            return media_id
        if role == _PATH:
            return os.fsdecode(row["path"])
        if role == _TOOLTIP:
            return unplayable_reason(row) if failed else printable_path(os.fsdecode(row["path"]))
        return None

    def flags(self, index: QModelIndex):
        # what QAbstractTableModel answers for a valid cell, without the call into it (asked per painted cell)
        if not index.isValid():
            return _NO_FLAGS
        position = index.row()
        if position < len(self._ids) and self._ids[position] == DIVIDER_ID:
            return _NO_FLAGS  # not selectable, not playable
        return _CELL_FLAGS

    @staticmethod
    def _divider(index: QModelIndex, role):
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return divider_text()
        if role == Qt.ItemDataRole.FontRole:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _quiet_brush(self):
        from PySide6.QtGui import QPalette
        from PySide6.QtWidgets import QApplication

        return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)

    def _accent_brush(self):
        from PySide6.QtGui import QPalette
        from PySide6.QtWidgets import QApplication

        return QApplication.palette().brush(QPalette.ColorRole.Highlight)

    def _bold(self):
        font = self.__dict__.get("_bold_font")
        if font is None:
            from PySide6.QtGui import QFont

            font = self._bold_font = QFont()
            font.setBold(True)
        return font

    def _playing_icon(self):
        icon = self.__dict__.get("_playing")
        if icon is None:
            from PySide6.QtWidgets import QApplication, QStyle

            icon = self._playing = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        return icon

    def _failed_icon(self):
        icon = self.__dict__.get("_failed")
        if icon is None:
            from PySide6.QtWidgets import QApplication, QStyle

            icon = self._failed = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return icon

    def _poster(self, media_id: int):
        """The video's poster thumbnail (written by the analyser), scaled once and cached."""
        cache = self.__dict__.setdefault("_posters", {})
        if media_id not in cache:
            from PySide6.QtGui import QPixmap

            from avrec_desktop import paths

            path = paths.thumbnails_dir() / f"{media_id}.jpg"
            pixmap = QPixmap(str(path)) if path.exists() else QPixmap()
            cache[media_id] = pixmap.scaledToHeight(POSTER_HEIGHT, Qt.TransformationMode.SmoothTransformation) \
                if not pixmap.isNull() else None
        return cache[media_id]

    @staticmethod
    def _display(row: dict, key: str) -> str:
        if key == "title":
            if first_value(row["title"]):
                return first_value(row["title"])  # a multi-value title shows its first value
            name = printable_path(os.path.basename(os.fsdecode(row["path"])))
            return os.path.splitext(name)[0]
        if key == "duration":
            return format_duration(row["duration"])
        if key == "plays":
            return number(row["plays"]) if row["plays"] else ""
        if key == "last_played":
            return format_when(row["last_played"])
        if key == "status":
            return status_text(row["status"])
        return row.get(key) or ""

    # -- helpers for views ------------------------------------------------------------------------
    def media_id_at(self, position: int) -> int | None:
        return self._ids[position] if 0 <= position < len(self._ids) and self._ids[position] != DIVIDER_ID else None

    def row_of(self, media_id: int) -> int | None:
        try:
            return self._ids.index(media_id)
        except ValueError:
            return None

    def unplayable(self, position: int) -> str | None:
        """Why the item on a row is not offered for playback (None: it is, or its cells are not read yet)."""
        if not 0 <= position < len(self._ids):
            return None
        return unplayable_reason(self._rows.get(self._ids[position]))

    def item_at(self, position: int) -> MediaItem | None:
        """The item on a row, from the cells already read (None while its page is on its way)."""
        if not 0 <= position < len(self._ids):
            return None
        row = self._rows.get(self._ids[position])
        return MediaItem.from_row(row) if row is not None else None

    def loading_recently(self, within_s: float = 5.0) -> bool:
        """The last reload's answer is on its way, asked less than ``within_s`` ago (a read that failed
        never answers: after that long it counts as lost)."""
        return not self.settled and time.monotonic() - self._asked_at < within_s

    @property
    def settled(self) -> bool:
        """The last reload (sort, filter, refresh) has been answered."""
        return self._settled == self._generation

    @property
    def filtered(self) -> bool:
        return self._filter is not None

    @property
    def total(self) -> int:
        return len(self._ids)

"""The library table: a QAbstractTableModel over the store that stays smooth at 100k rows.

It never loads the whole library: it keeps the ordered list of ids of the current view (one indexed
SQL query, a few ms at 100k), hands Qt rows in growing chunks (``canFetchMore``/``fetchMore``) and
reads the cells of a page of 256 rows only when Qt first paints one of them. Sorting re-runs the id
query with another ORDER BY; a search result replaces the id list with the result's order.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from avrec_desktop.store import printable_path

COLUMNS = [  # (key, header, SQL expression for ORDER BY)
    ("title", "Title", "COALESCE(m.title, m.path) COLLATE NOCASE"),
    ("artist", "Artist", "m.artist COLLATE NOCASE"),
    ("album", "Album", "m.album COLLATE NOCASE"),
    ("genre", "Genre", "m.genre COLLATE NOCASE"),
    ("duration", "Length", "m.duration"),
    ("plays", "Plays", "COALESCE(p.plays, 0)"),
    ("last_played", "Last played", "p.last_played"),
    ("status", "Status", "m.status"),
]
_PLAYS = ("LEFT JOIN (SELECT media_id, COUNT(*) AS plays, MAX(ts) AS last_played FROM events "
          "WHERE type = 'start' GROUP BY media_id) p ON p.media_id = m.id")
PAGE = 256
POSTER_HEIGHT = 40
CHUNK = 2000
STATUS_TEXT = {"ready": "", "pending": "waiting", "failed": "failed", "missing": "missing"}
MediaIdRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2


def format_duration(seconds: float | None) -> str:
    if not seconds:
        return ""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_when(ts: float | None, now: float | None = None) -> str:
    if not ts:
        return ""
    days = ((now or time.time()) - ts) / 86400
    if days < 1:
        return time.strftime("today %H:%M", time.localtime(ts))
    if days < 2:
        return "yesterday"
    if days < 30:
        return f"{int(days)} days ago"
    return time.strftime("%Y-%m-%d", time.localtime(ts))


class LibraryTableModel(QAbstractTableModel):
    def __init__(self, store, kind: str | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind = kind  # "audio", "video" or None for everything
        self._ids: list[int] = []
        self._shown = 0
        self._rows: dict[int, dict] = {}
        self._sort = (0, Qt.SortOrder.AscendingOrder)
        self._filter: list[int] | None = None
        self.reload()

    # -- queries ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the id list (after a scan, new analyses, or a change of sort or filter)."""
        self.beginResetModel()
        self._rows.clear()
        if self._filter is not None:
            self._ids = list(self._filter)
        else:
            column, order = self._sort
            direction = "DESC" if order == Qt.SortOrder.DescendingOrder else "ASC"
            where = "WHERE m.status != 'missing'" + (" AND m.kind = ?" if self.kind else "")
            params = (self.kind,) if self.kind else ()
            join = _PLAYS if COLUMNS[column][0] in ("plays", "last_played") else ""
            sql = (f"SELECT m.id FROM media m {join} {where} "
                   f"ORDER BY {COLUMNS[column][2]} {direction}, m.id")
            self._ids = [r[0] for r in self.store.conn.execute(sql, params)]
        self._shown = min(len(self._ids), CHUNK)
        self.endResetModel()

    def set_filter(self, ids: list[int] | None) -> None:
        """Show only these items, in this order (a search result); None shows the whole library."""
        self._filter = None if ids is None else list(ids)
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if self._filter is None:
            self.reload()

    def _row(self, position: int) -> dict | None:
        media_id = self._ids[position]
        row = self._rows.get(media_id)
        if row is None:
            self._load_page(position)
            row = self._rows.get(media_id)
        return row

    def _load_page(self, position: int) -> None:
        start = (position // PAGE) * PAGE
        ids = self._ids[start:start + PAGE]
        marks = ",".join("?" for _ in ids)
        sql = (f"SELECT m.id, m.path, m.title, m.artist, m.album, m.genre, m.duration, m.status, m.kind, "
               f"m.error, COALESCE(p.plays, 0) AS plays, p.last_played FROM media m "
               f"LEFT JOIN (SELECT media_id, COUNT(*) AS plays, MAX(ts) AS last_played FROM events "
               f"WHERE type = 'start' AND media_id IN ({marks}) GROUP BY media_id) p ON p.media_id = m.id "
               f"WHERE m.id IN ({marks})")
        for row in self.store.query(sql, (*ids, *ids)):
            self._rows[row["id"]] = row
        if len(self._rows) > 20 * PAGE:  # keep memory flat while scrolling through 100k rows
            keep = set(ids)
            self._rows = {k: v for k, v in self._rows.items() if k in keep}

    # -- Qt model API -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent=QModelIndex()) -> None:
        extra = min(CHUNK, len(self._ids) - self._shown)
        if extra <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + extra - 1)
        self._shown += extra
        self.endInsertRows()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._shown:
            return None
        row = self._row(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.DecorationRole and key == "title" and row["kind"] == "video":
            return self._poster(row["id"])
        if role == MediaIdRole:
            return row["id"]
        if role == PathRole:
            return os.fsdecode(row["path"])
        if role == Qt.ItemDataRole.ToolTipRole:
            if row["status"] == "failed":
                return f"Could not be analysed: {row['error']}"
            return printable_path(os.fsdecode(row["path"]))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("duration", "plays"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

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
            if row["title"]:
                return row["title"]
            name = printable_path(os.path.basename(os.fsdecode(row["path"])))
            return os.path.splitext(name)[0]
        if key == "duration":
            return format_duration(row["duration"])
        if key == "plays":
            return str(row["plays"] or "")
        if key == "last_played":
            return format_when(row["last_played"])
        if key == "status":
            return STATUS_TEXT.get(row["status"], row["status"])
        return row.get(key) or ""

    # -- helpers for views ------------------------------------------------------------------------
    def media_id_at(self, position: int) -> int | None:
        return self._ids[position] if 0 <= position < len(self._ids) else None

    def row_of(self, media_id: int) -> int | None:
        try:
            return self._ids.index(media_id)
        except ValueError:
            return None

    @property
    def total(self) -> int:
        return len(self._ids)

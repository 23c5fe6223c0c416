"""The library page: search-as-you-type over a lazy table, with the item context menu."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QTimer, QUrl, Qt, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QMenu, QVBoxLayout, QWidget

from avrec_desktop.ui.i18n import number, qtr
from avrec_desktop.ui.library_model import (COLUMNS, SHOWN_BY_DEFAULT, TAG_COLUMNS, LibraryTableModel, MediaIdRole,
                                            PathRole)
from avrec_desktop.ui.library_text import header as column_header
from avrec_desktop.ui.library_table import LibraryTable

SEARCH_DELAY_MS = 150  # after the last key; an older answer arriving later is dropped


def item_menu(parent: QWidget, controller, media_id: int, path: str | None, *, suggestion: bool = False,
              blocked=None) -> QMenu:
    """The right-click menu every place that shows an item uses. ``blocked``: for an item that is not
    offered for playback, a call that says why, made by Play, Play similar and Queue next instead."""
    menu = QMenu(parent)
    menu.addAction(qtr("ItemMenu", "Play"), blocked or (lambda: controller.play(media_id)))
    menu.addAction(qtr("ItemMenu", "Play similar"), blocked or (lambda: controller.play_similar(media_id)))
    menu.addAction(qtr("ItemMenu", "Show similar"), lambda: controller.show_similar(media_id))
    menu.addAction(qtr("ItemMenu", "Queue next"), blocked or (lambda: controller.queue_next(media_id)))
    from avrec_desktop.ui.playlist_actions import add_to_playlist_menu

    add_to_playlist_menu(menu, parent, controller, media_id)
    from avrec_desktop.ui.steering_actions import add_item_actions

    add_item_actions(menu, parent, controller, media_id)  # Journey to…, Start a station from this
    menu.addSeparator()
    menu.addAction(qtr("ItemMenu", "Like"), lambda: controller.feedback(media_id, "like"))
    menu.addAction(qtr("ItemMenu", "Dislike"), lambda: controller.feedback(media_id, "dislike"))
    menu.addAction(qtr("ItemMenu", "Less like this"), lambda: controller.feedback(media_id, "less-like"))
    if suggestion:
        menu.addAction(qtr("ItemMenu", "Why this?"), lambda: controller.explain(media_id))
    if path:
        menu.addSeparator()
        menu.addAction(qtr("ItemMenu", "Reveal in file manager"), lambda: reveal(path))
        menu.addAction(qtr("ItemMenu", "Open with the system's player"),
                       lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(path)))
    return menu


def reveal(path: str) -> None:
    folder = os.path.dirname(path)
    if sys.platform == "darwin":
        subprocess.Popen(["open", "-R", path])
    elif sys.platform.startswith("win"):
        subprocess.Popen(["explorer", "/select,", path])
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(folder))


class LibraryView(QWidget):
    status = Signal(str)

    def __init__(self, controller, kind: str | None, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.kind = kind
        self.model = LibraryTableModel(controller, kind, self)  # reads through the controller's task thread
        player = getattr(controller, "player", None)
        if player is not None and hasattr(player, "started"):  # the playing item is marked in the table
            player.started.connect(lambda now: self.model.set_playing(getattr(now, "media_id", None)))
            if getattr(player, "current", None) is not None:
                self.model.set_playing(player.current.media_id)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(qtr("Library", "Search titles, artists, moods…  (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)

        self.table = LibraryTable(self)  # says why when it has no rows
        self.table.setModel(self.model)
        # the indicator first: enabling sorting sorts by it (Qt's default is descending), and a second
        # order asked for while the first read runs would read the whole list of ids again
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(46 if kind == "video" else 26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 100k rows laid out at once
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 150, 150, 110, 64, 56, 104)):  # the defaults fit 1280 px
            self.table.setColumnWidth(column, width)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # checkable columns
        header.customContextMenuRequested.connect(self._column_menu)
        self._settings = None
        self._wanted = set(SHOWN_BY_DEFAULT)
        self.model.tags_known.connect(lambda _present: self._apply_columns())
        self._apply_columns()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.table)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._run_search)
        controller.search_ready.connect(self._search_done)
        focus = QAction(self)
        focus.setShortcut(QKeySequence.StandardKey.Find)
        focus.triggered.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))
        self.addAction(focus)

    # -- columns ------------------------------------------------------------------------------------
    @property
    def _columns_key(self) -> str:
        return f"library/{self.kind or 'all'}/columns"

    def remember_columns(self, settings) -> None:
        """Show the columns chosen last time (a QSettings), and remember every change there."""
        self._settings = settings
        saved = settings.value(self._columns_key)
        if saved is not None:
            keys = saved if isinstance(saved, list) else str(saved).split(",")
            self._wanted = {k for k in keys if k} | {"title"}
        self._apply_columns()

    def column_offered(self, key: str) -> bool:
        """Videos offer Artist, Album and Genre only once some video has one."""
        if self.kind != "video" or key not in TAG_COLUMNS:
            return True
        return key in (self.model.tags_present or ())

    def _apply_columns(self) -> None:
        for column, (key, _header) in enumerate(COLUMNS):
            self.table.setColumnHidden(column, key not in self._wanted or not self.column_offered(key))

    def set_column_shown(self, key: str, shown: bool) -> None:
        if key == "title":
            return  # the title always stays
        self._wanted = (self._wanted | {key}) if shown else (self._wanted - {key})
        if self._settings is not None:
            self._settings.setValue(self._columns_key, ",".join(k for k, _h in COLUMNS if k in self._wanted))
        self._apply_columns()

    def _column_menu(self, pos) -> None:
        menu = self.column_menu = QMenu(self)
        for key, _english in COLUMNS:
            header = column_header(key)
            action = menu.addAction(header)
            action.setCheckable(True)
            action.setChecked(key in self._wanted and self.column_offered(key))
            action.setEnabled(key != "title" and self.column_offered(key))
            if not self.column_offered(key):
                action.setText(qtr("Library", "{column} (no video has one)").format(column=header))
            action.toggled.connect(lambda on, key=key: self.set_column_shown(key, on))
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def refresh(self) -> None:
        """The page is shown: re-read it, unless the same view's read is on its way already (the window
        opening asked for it a moment ago; reading 70k ids again would hold the first rows back)."""
        if not self.search_box.text().strip() and not self.model.loading_recently():
            self.model.reload()

    def library_changed(self) -> None:
        """Files were added, changed or analysed: re-read the shown view."""
        if not self.search_box.text().strip():
            self.model.reload()

    def _run_search(self) -> None:
        text = self.search_box.text()
        if not text.strip():
            self.model.set_filter(None)
            self.status.emit("")
            return
        self.controller.search(text, self.kind)

    def _search_done(self, text: str, ids: list) -> None:
        if text != self.search_box.text() or not self.isVisible() and text:
            return
        # the first answer is the word matches; a second one for the same text adds the meaning matches after them
        words, meaning = ids, []
        last_text, last_words = getattr(self, "_words", (None, []))
        if text == last_text and len(ids) > len(last_words) and ids[:len(last_words)] == last_words:
            words, meaning = last_words, ids[len(last_words):]
        self._words = (text, words)
        reads = getattr(self.controller, "reads", None)
        rows = reads.take_search_rows() if reads is not None and not meaning else None
        self.model.set_filter(words if text.strip() else None, meaning, rows)
        self.table.clearSpans()
        divider = self.model.divider_row()
        if divider is not None:
            self.table.setSpan(divider, 0, 1, self.model.columnCount())
        if not text.strip():
            self.status.emit("")
            return
        line = (qtr("Library", "1 match for “{text}”") if len(words) == 1
                else qtr("Library", "{n} matches for “{text}”")).format(n=number(len(words)), text=text)
        if meaning:
            line = qtr("Library", "{matches}, {n} by meaning").format(matches=line, n=number(len(meaning)))
        self.status.emit(line)

    def selected_media_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(MediaIdRole) if index.isValid() else None

    def selected_media_ids(self) -> list[int]:
        """The selected rows' ids, in the order they were selected (a journey goes from the first)."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [i for i in (r.data(MediaIdRole) for r in rows) if i is not None]

    def _activated(self, index) -> None:
        media_id = index.data(MediaIdRole)
        if media_id is None:
            return
        if self.model.unplayable(index.row()):
            self._say_unplayable(index.row())
            return
        self.controller.play(media_id, item=self.model.item_at(index.row()))

    def _say_unplayable(self, row: int) -> None:
        """A failed file is not offered for playback: say why instead of trying."""
        title = self.model.index(row, 0).data() or qtr("Library", "This file")
        self.status.emit(qtr("Library", "“{title}” isn't offered for playback. {reason}").format(
            title=title, reason=self.model.unplayable(row)))

    def _menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        row = index.row()
        blocked = (lambda: self._say_unplayable(row)) if self.model.unplayable(row) else None
        menu = item_menu(self, self.controller, index.data(MediaIdRole), index.data(PathRole), blocked=blocked)
        menu.popup(self.table.viewport().mapToGlobal(pos))

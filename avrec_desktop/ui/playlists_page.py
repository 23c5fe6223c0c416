"""The Playlists page: the saved playlists on the left, the chosen one's entries on the right (title, artist,
length; an entry that is not in the library greyed, "not in library"; right-click: the item menu), and Play
(Enter), Queue, Export…, Import…, Rename… (F2) and Delete (Del, asks first). Reads and writes go through the
controller (core.playlists)."""

from __future__ import annotations

import os

from PySide6.QtCore import QDir, QEvent, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from avrec_desktop.ui.i18n import duration, number, qtr
from avrec_desktop.ui.playlist_actions import play_ids, say, tracks

NameRole = Qt.ItemDataRole.UserRole
MediaIdRole = Qt.ItemDataRole.UserRole + 1
ROW_HEIGHT = 26  # as the library table's rows


def save_filters() -> str:
    """Export…'s formats (the patterns stay as they are: export_path reads the chosen one)."""
    return ";;".join((qtr("PlaylistsPage", "M3U8 playlist ({patterns})").format(patterns="*.m3u8"),
                      qtr("PlaylistsPage", "XSPF playlist ({patterns})").format(patterns="*.xspf")))


def open_filters() -> str:
    return ";;".join((qtr("PlaylistsPage", "Playlists ({patterns})").format(patterns="*.m3u8 *.m3u *.xspf"),
                      qtr("PlaylistsPage", "All files ({patterns})").format(patterns="*")))


def length(seconds) -> str:
    return duration(seconds) if seconds else ""


def kind_name(kind: str) -> str:
    """A playlist's kind as the window says it."""
    return {"manual": qtr("PlaylistsPage", "manual"), "up-next": qtr("PlaylistsPage", "up-next"),
            "journey": qtr("PlaylistsPage", "journey"), "station": qtr("PlaylistsPage", "station"),
            "import": qtr("PlaylistsPage", "import")}.get(kind, kind)


def status_name(status: str) -> str:
    """Why an entry in the library cannot play (its status)."""
    return {"missing": qtr("PlaylistsPage", "missing"), "failed": qtr("PlaylistsPage", "failed"),
            "pending": qtr("PlaylistsPage", "pending")}.get(status, status)


def not_in_library(n: int) -> str:
    return qtr("PlaylistsPage", "{n} not in library").format(n=number(n))


def export_path(path: str, chosen_filter: str) -> str:
    """The path picked, with the extension of the format chosen when it has neither .m3u8/.m3u nor .xspf."""
    if os.path.splitext(path)[1].lower() in (".m3u8", ".m3u", ".xspf"):
        return path
    return path + (".xspf" if "xspf" in (chosen_filter or "").lower() else ".m3u8")


class PlaylistsPage(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self._entries: list = []
        self._asked = 0  # the newest read of the list: an older answer arriving later is dropped
        self.folder = QDir.homePath()  # where Export…/Import… open: home, then the folder last used
        self.lists = QListWidget(self)
        self.lists.setAccessibleName(qtr("PlaylistsPage", "Playlists"))
        self.lists.currentItemChanged.connect(lambda *_: self._show_selected())
        self.lists.itemActivated.connect(lambda _item: self.play())
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([qtr("PlaylistsPage", "Title"), qtr("PlaylistsPage", "Artist"),
                                   qtr("PlaylistsPage", "Length"), ""])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()  # the title takes the room left: length and "not in library" stay in view
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(1, 200)
        self.tree.setAccessibleName(qtr("PlaylistsPage", "Entries"))
        self.tree.itemActivated.connect(lambda item: self.play_entry(self.tree.indexOfTopLevelItem(item)))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.count = QLabel(self)
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty = QLabel(qtr("PlaylistsPage", "No playlists yet: save Up next (Library menu), add items from "
                                                 "their menu (Add to playlist) or import an M3U8/XSPF file."), self)
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text, tip, slot in (
                ("Play", qtr("PlaylistsPage", "Play"), qtr("PlaylistsPage", "Play the playlist (Enter)"), self.play),
                ("Queue", qtr("PlaylistsPage", "Queue"), qtr("PlaylistsPage", "Put its entries next in Up next"),
                 self.queue),
                ("Export…", qtr("PlaylistsPage", "Export…"),
                 qtr("PlaylistsPage", "Write it as an M3U8 or XSPF file"), self.export),
                ("Import…", qtr("PlaylistsPage", "Import…"), qtr("PlaylistsPage", "Read an M3U8, M3U or XSPF file"),
                 self.import_file),
                ("Rename…", qtr("PlaylistsPage", "Rename…"), qtr("PlaylistsPage", "Rename the playlist (F2)"),
                 self.rename),
                ("Delete", qtr("PlaylistsPage", "Delete"), qtr("PlaylistsPage", "Delete the playlist (Del)"),
                 self.delete)):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, slot=slot: slot())
            buttons.addWidget(button)
            self.buttons[key] = button  # keyed by the English name, whatever the window's language
        buttons.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.tree)
        right_layout.addWidget(self.count)  # its own line: a longer count never pushes the splitter
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.lists)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 780])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.lists.installEventFilter(self)  # Del deletes (asking first)
        self._enable()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.lists and event.type() == QEvent.Type.KeyPress and not event.modifiers():
            slot = {Qt.Key.Key_Delete: self.delete, Qt.Key.Key_F2: self.rename}.get(event.key())
            if slot is not None:
                slot()
                return True
        return super().eventFilter(watched, event)

    # -- reading ----------------------------------------------------------------------------------
    def selected(self) -> str | None:
        item = self.lists.currentItem()
        return item.data(NameRole) if item is not None else None

    def refresh(self, select: str | None = None) -> None:
        """Read the playlists again (answered in show_playlists), keeping ``select`` or the chosen one."""
        self._asked += 1
        asked, keep = self._asked, select or self.selected()

        def done(playlists) -> None:
            if asked == self._asked:
                self.show_playlists(playlists, keep)
        self.controller._call(lambda: self.controller.core.playlists.list(), on_done=done,
                              what=qtr("PlaylistsPage", "could not read the playlists"))

    def show_playlists(self, playlists, select: str | None = None) -> None:
        self.lists.blockSignals(True)
        self.lists.clear()
        chosen = None
        for info in playlists:
            item = QListWidgetItem(qtr("PlaylistsPage", "{name}  ({n})").format(name=info.name,
                                                                                n=number(info.entries)), self.lists)
            item.setData(NameRole, info.name)
            item.setSizeHint(QSize(0, ROW_HEIGHT))
            parts = [kind_name(info.kind), tracks(info.entries)]
            if info.not_in_library:
                parts.append(not_in_library(info.not_in_library))
            item.setToolTip(qtr("PlaylistsPage", ", ").join(parts))
            if select is not None and info.name.casefold() == select.casefold():
                chosen = item
        if chosen is None and self.lists.count():
            chosen = self.lists.item(0)
        self.lists.setCurrentItem(chosen)
        self.lists.blockSignals(False)
        self.empty.setVisible(not playlists)
        self._show_selected()

    def _show_selected(self) -> None:
        name = self.selected()
        if name is None:
            self.show_entries([])
            return
        self.controller._call(lambda: self.controller.core.playlists.show(name)[1],
                              what=qtr("PlaylistsPage", "could not read the playlist"),
                              on_done=lambda entries: self.show_entries(entries) if self.selected() == name else None)

    def show_entries(self, entries) -> None:
        from avrec_desktop.playlists.service import entry_title
        from avrec_desktop.store.tag_values import first_value

        self._entries = list(entries)
        self.tree.clear()
        grey = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for e in self._entries:
            note = "" if e.in_library else qtr("PlaylistsPage", "not in library")
            if e.in_library and not e.playable:
                note = status_name(e.status or "")
            item = QTreeWidgetItem([entry_title(e), first_value(e.artist) or "", length(e.duration), note])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setSizeHint(0, QSize(0, ROW_HEIGHT))
            item.setData(0, MediaIdRole, e.media_id)
            if not e.playable:
                for column in range(4):
                    item.setForeground(column, grey)
                item.setToolTip(0, e.path or "")
            self.tree.addTopLevelItem(item)
        if self._entries:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        missing = sum(not e.in_library for e in self._entries)
        parts = [tracks(len(self._entries))] + ([not_in_library(missing)] if missing else [])
        self.count.setText(qtr("PlaylistsPage", ", ").join(parts))
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for text in ("Play", "Queue", "Export…", "Rename…", "Delete"):
            self.buttons[text].setEnabled(chosen)

    # -- actions ----------------------------------------------------------------------------------
    def _playable_ids(self, start: int = 0) -> list[int]:
        return [e.media_id for e in self._entries[max(start, 0):] if e.playable]

    def play(self, start: int = 0) -> None:
        """Start the playlist (from entry ``start``): Up next becomes the rest of it."""
        name = self.selected()
        if name is not None:
            play_ids(self, self.controller, self._playable_ids(start), name=name, play=True)

    def play_entry(self, row: int) -> None:
        """Double-click/Enter on an entry: play from it; one that cannot play is said (not the next one played)."""
        if 0 <= row < len(self._entries) and not self._entries[row].playable:
            from avrec_desktop.playlists.service import entry_title

            entry = self._entries[row]
            if not entry.in_library:
                said = qtr("PlaylistsPage", "“{title}” is not in your library")
            else:
                said = qtr("PlaylistsPage", "“{title}” cannot play ({status})")
            say(self, said.format(title=entry_title(entry), status=status_name(entry.status or "")))
            return
        self.play(row)

    def queue(self) -> None:
        name = self.selected()
        if name is not None:
            play_ids(self, self.controller, self._playable_ids(), name=name, play=False)

    def export(self) -> None:
        name = self.selected()
        if name is None:
            return
        suggested = os.path.join(self.folder, name.replace("/", "-").replace("\\", "-") + ".m3u8")
        path, chosen = QFileDialog.getSaveFileName(self, qtr("PlaylistsPage", "Export “{name}”").format(name=name),
                                                   suggested, save_filters())
        if not path:
            return
        path = export_path(path, chosen)
        self.folder = os.path.dirname(path) or self.folder
        self.controller._call(lambda: self.controller.core.playlists.export(name, path),
                              what=qtr("PlaylistsPage", "could not export the playlist"),
                              on_done=lambda report: say(self, report.message()))

    def import_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(self, qtr("PlaylistsPage", "Import a playlist"), self.folder,
                                                    open_filters())
        if not path:
            return
        self.folder = os.path.dirname(path) or self.folder

        def done(report) -> None:
            say(self, report.message(), 12000)
            self.refresh(select=report.playlist.name)
        self.controller._call(lambda: self.controller.core.playlists.import_file(path), on_done=done,
                              what=qtr("PlaylistsPage", "could not import the playlist"))

    def rename(self) -> None:
        from avrec_desktop.ui.playlist_actions import ask_name

        name = self.selected()
        title = qtr("PlaylistsPage", "Rename “{name}”").format(name=name)
        new_name = ask_name(self, title, name) if name is not None else None
        if new_name is None or new_name == name:
            return

        def done(info) -> None:
            say(self, qtr("PlaylistsPage", "Renamed '{old}' to '{new}'").format(old=name, new=info.name))
            self.refresh(select=info.name)
        self.controller._call(lambda: self.controller.core.playlists.rename(name, new_name), on_done=done,
                              what=qtr("PlaylistsPage", "could not rename the playlist"))

    def _menu(self, pos) -> None:
        """The item menu for an entry in the library (as everywhere else)."""
        from avrec_desktop.ui.library_view import item_menu

        item = self.tree.itemAt(pos)
        row = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        if not 0 <= row < len(self._entries) or not self._entries[row].in_library:
            return
        entry = self._entries[row]
        self.entry_menu = item_menu(self, self.controller, entry.media_id, entry.path)
        self.entry_menu.popup(self.tree.viewport().mapToGlobal(pos))

    def delete(self) -> None:
        name = self.selected()
        if name is None:
            return
        answer = QMessageBox.question(self, qtr("PlaylistsPage", "Delete playlist"),
                                      qtr("PlaylistsPage", "Delete the playlist “{name}”? The files stay where "
                                                           "they are.").format(name=name),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(info) -> None:
            say(self, qtr("PlaylistsPage", "Deleted playlist '{name}'").format(name=info.name))
            self.refresh()
        self.controller._call(lambda: self.controller.core.playlists.delete(name), on_done=done,
                              what=qtr("PlaylistsPage", "could not delete the playlist"))

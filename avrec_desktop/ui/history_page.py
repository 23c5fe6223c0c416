"""History: what was played and what the user said, newest first; filter by outcome (all, finished,
skipped, liked), double-click or Enter plays the row again, right-click for the item menu."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from avrec_desktop.store import printable_path

FILTERS = (("all", "Everything"), ("finished", "Finished"), ("skipped", "Skipped"), ("liked", "Liked"))
SKIPS = ("next", "skipped")
MediaIdRole = Qt.ItemDataRole.UserRole
PathRole = Qt.ItemDataRole.UserRole + 1


def outcome(row: dict) -> str:
    """"finished", "skipped", "liked" or "other" for one history row."""
    if row["type"] == "like":
        return "liked"
    if row["type"] == "end" and row["reason"] == "finished":
        return "finished"
    if row["type"] == "end" and row["reason"] in SKIPS:
        return "skipped"
    return "other"


def describe(row: dict) -> str:
    what = {"like": "liked", "dislike": "disliked", "less-like": "less like this"}.get(row["type"], row["type"])
    if row["type"] == "end":
        at = int(row["position"] or 0)
        heard = f" at {at // 60}:{at % 60:02d}"
        what = {"finished": "finished", "next": "skipped" + heard, "skipped": "skipped" + heard,
                "previous": "went back", "stopped": "stopped" + heard,
                "app-closed": "app closed", "error": "could not play"}.get(row["reason"], row["reason"])
    return what


class HistoryPage(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self._rows: list[dict] = []
        self.filter = QComboBox(self)
        for _key, text in FILTERS:
            self.filter.addItem(text)
        self.filter.setAccessibleName("Show")
        self.filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["When", "Title", "What happened"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 160)
        self.tree.setColumnWidth(1, 360)
        self.tree.setAccessibleName("History")
        self.tree.itemActivated.connect(self._play)  # double-click, Enter
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:", self))
        row.addWidget(self.filter)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(row)
        layout.addWidget(self.tree)
        controller.history_ready.connect(self.show_history)

    def refresh(self) -> None:
        self.controller.load_history()  # answered on history_ready

    def chosen(self) -> str:
        return FILTERS[self.filter.currentIndex()][0]

    def show_history(self, rows: list) -> None:
        self._rows = list(rows)
        self._fill()

    def _fill(self) -> None:
        self.tree.clear()
        wanted = self.chosen()
        for r in self._rows:
            if wanted != "all" and outcome(r) != wanted:
                continue
            path = os.fsdecode(r["path"])
            title = r["title"] or os.path.splitext(printable_path(os.path.basename(path)))[0]
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r["ts"]))
            item = QTreeWidgetItem([when, title, describe(r)])
            item.setData(0, MediaIdRole, r.get("media_id"))
            item.setData(0, PathRole, path)
            self.tree.addTopLevelItem(item)
        if self.tree.topLevelItemCount() and self.tree.currentItem() is None:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _play(self, item) -> None:
        media_id = item.data(0, MediaIdRole)
        if media_id is not None:
            self.controller.play(media_id, source="history")

    def _menu(self, pos) -> None:
        from avrec_desktop.ui.library_view import item_menu

        item = self.tree.itemAt(pos)
        if item is None or item.data(0, MediaIdRole) is None:
            return
        item_menu(self, self.controller, item.data(0, MediaIdRole), item.data(0, PathRole)).popup(
            self.tree.viewport().mapToGlobal(pos))

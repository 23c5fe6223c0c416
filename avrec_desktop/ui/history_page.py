"""History: what was played and what the user said, newest first; filter by outcome (all, finished,
skipped, liked) and by date (any time, today, the last 7 or 30 days), both in SQL (Store.play_history),
with how many entries match; double-click or Enter plays the row again, right-click for the item menu."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from avrec_desktop.store import printable_path

FILTERS = (("all", "Everything"), ("finished", "Finished"), ("skipped", "Skipped"), ("liked", "Liked"))
PERIODS = ((None, "Any time"), (1, "Today"), (7, "Last 7 days"), (30, "Last 30 days"))  # days, today included
LIMIT = 500  # rows shown; the count says how many match
MediaIdRole = Qt.ItemDataRole.UserRole
PathRole = Qt.ItemDataRole.UserRole + 1


def since(days: int | None, now: float | None = None) -> float | None:
    """The timestamp a period starts at: local midnight ``days - 1`` days before today (None: any time)."""
    if days is None:
        return None
    t = time.localtime(time.time() if now is None else now)
    return time.mktime((t.tm_year, t.tm_mon, t.tm_mday - (days - 1), 0, 0, 0, 0, 0, -1))


def count_text(shown: int, total: int) -> str:
    if total == shown:
        return f"{total} {'entry' if total == 1 else 'entries'}"
    return f"newest {shown} of {total} entries"


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
        self._asked = 0  # the newest question: an older answer that comes later is dropped
        self.filter = QComboBox(self)
        for _key, text in FILTERS:
            self.filter.addItem(text)
        self.filter.setAccessibleName("Show")
        self.period = QComboBox(self)
        for _days, text in PERIODS:
            self.period.addItem(text)
        self.period.setAccessibleName("When")
        for combo in (self.filter, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel(self)
        self.count.setAccessibleName("Entries")
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
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
        row.setSpacing(8)
        for text, combo in (("Show:", self.filter), ("When:", self.period)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo)
            row.addSpacing(8)
        row.addStretch(1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(row)
        layout.addWidget(self.tree)

    def refresh(self) -> None:
        """Read the rows the filters ask for (in the background; answered in show_history)."""
        self._asked += 1
        asked, outcome, start = self._asked, self.chosen(), since(self.chosen_days())
        store = self.controller.core.store

        def read():
            return (store.play_history(LIMIT, outcome=outcome, since=start),
                    store.play_history_count(outcome=outcome, since=start))

        def done(answer) -> None:
            if asked == self._asked:
                self.show_history(*answer)
        self.controller._call(read, on_done=done, what="could not read the history")

    def chosen(self) -> str:
        return FILTERS[self.filter.currentIndex()][0]

    def chosen_days(self) -> int | None:
        return PERIODS[self.period.currentIndex()][0]

    def show_history(self, rows: list, total: int | None = None) -> None:
        self._rows = list(rows)
        self.count.setText(count_text(len(self._rows), len(self._rows) if total is None else total))
        self._fill()

    def _fill(self) -> None:
        self.tree.clear()
        for r in self._rows:
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

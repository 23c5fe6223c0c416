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
from avrec_desktop.ui.i18n import date_time, duration, number, plural, qtr

FILTERS = ("all", "finished", "skipped", "liked")  # the outcomes the Show box offers, in its order
PERIODS = (None, 1, 7, 30)  # the When box's periods in days, today included (None: any time)
LIMIT = 500  # rows shown; the count says how many match
MediaIdRole = Qt.ItemDataRole.UserRole
PathRole = Qt.ItemDataRole.UserRole + 1


def since(days: int | None, now: float | None = None) -> float | None:
    """The timestamp a period starts at: local midnight ``days - 1`` days before today (None: any time)."""
    if days is None:
        return None
    t = time.localtime(time.time() if now is None else now)
    return time.mktime((t.tm_year, t.tm_mon, t.tm_mday - (days - 1), 0, 0, 0, 0, 0, -1))


def filter_names() -> tuple[str, ...]:
    return (qtr("History", "Everything"), qtr("History", "Finished"), qtr("History", "Skipped"),
            qtr("History", "Liked"))


def period_names() -> tuple[str, ...]:
    return (qtr("History", "Any time"), qtr("History", "Today"), qtr("History", "Last 7 days"),
            qtr("History", "Last 30 days"))


def count_text(shown: int, total: int) -> str:
    if total == shown:
        return plural(total, qtr("History", "1 entry"), qtr("History", "{n} entries"))
    return qtr("History", "newest {shown} of {total} entries").format(shown=number(shown), total=number(total))


def describe(row: dict) -> str:
    """What happened, in words: "finished", "skipped at 0:35", "liked"… (an unknown kind as it is stored)."""
    if row["type"] != "end":
        return {"like": qtr("History", "liked"), "dislike": qtr("History", "disliked"),
                "less-like": qtr("History", "less like this")}.get(row["type"], row["type"])
    at = duration(int(row["position"] or 0))
    return {"finished": qtr("History", "finished"), "next": qtr("History", "skipped at {time}").format(time=at),
            "skipped": qtr("History", "skipped at {time}").format(time=at),
            "previous": qtr("History", "went back"), "stopped": qtr("History", "stopped at {time}").format(time=at),
            "app-closed": qtr("History", "app closed"),
            "error": qtr("History", "could not play")}.get(row["reason"], row["reason"])


class HistoryPage(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self._rows: list[dict] = []
        self._asked = 0  # the newest question: an older answer that comes later is dropped
        self.filter = QComboBox(self)
        self.filter.addItems(list(filter_names()))
        self.filter.setAccessibleName(qtr("History", "Show"))
        self.period = QComboBox(self)
        self.period.addItems(list(period_names()))
        self.period.setAccessibleName(qtr("History", "When"))
        for combo in (self.filter, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel(self)
        self.count.setAccessibleName(qtr("History", "Entries"))
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([qtr("History", "When"), qtr("History", "Title"), qtr("History", "What happened")])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 160)
        self.tree.setColumnWidth(1, 360)
        self.tree.setAccessibleName(qtr("History", "History"))
        self.tree.itemActivated.connect(self._play)  # double-click, Enter
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        row = QHBoxLayout()
        row.setSpacing(8)
        for text, combo in ((qtr("History", "Show:"), self.filter), (qtr("History", "When:"), self.period)):
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
        self.controller._call(read, on_done=done, what=qtr("History", "could not read the history"))

    def chosen(self) -> str:
        return FILTERS[self.filter.currentIndex()]

    def chosen_days(self) -> int | None:
        return PERIODS[self.period.currentIndex()]

    def show_history(self, rows: list, total: int | None = None) -> None:
        self._rows = list(rows)
        self.count.setText(count_text(len(self._rows), len(self._rows) if total is None else total))
        self._fill()

    def _fill(self) -> None:
        self.tree.clear()
        for r in self._rows:
            path = os.fsdecode(r["path"])
            title = r["title"] or os.path.splitext(printable_path(os.path.basename(path)))[0]
            item = QTreeWidgetItem([date_time(r["ts"]), title, describe(r)])
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

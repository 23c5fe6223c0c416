"""The sidebar's other pages: Folders (with failures) and the first-run welcome (For you: ui/for_you_cards.py).
Each asks the controller for its rows and fills itself when they arrive (never reading SQLite)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from avrec_desktop.store import printable_path
from avrec_desktop.ui.i18n import number, qtr


class WelcomePage(QWidget):
    add_folder = Signal(str, str)

    def __init__(self, parent=None, heading: str | None = None, compact: bool = False):
        """``heading``: already translated (default: the welcome)."""
        super().__init__(parent)
        heading = heading or qtr("Pages", "Welcome to avrec")
        title = QLabel(f"<h2>{heading}</h2>" if not compact else f"<b>{heading}</b>", self)
        text = QLabel(qtr("Pages", "Add the folders that hold your music and videos. Everything is analysed on this "
                                   "computer, in the background; nothing leaves it.\nThen right-click anything and "
                                   "choose “Play similar”, and let Up next learn what you like."), self)
        text.setWordWrap(True)
        button = QPushButton(qtr("Pages", "Add a folder…"), self)
        button.setDefault(True)
        button.clicked.connect(self._pick)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        margin = 0 if compact else 48
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(title)
        if compact:
            text.hide()  # the heading and the form say it all beside the folder list
        else:
            layout.addWidget(text)
        layout.addLayout(row)
        layout.addStretch(1)
        self.button = button

    def _pick(self) -> None:
        """Pick a folder, then confirm what it holds (detected from its files, changeable)."""
        from avrec_desktop.ui.add_folder_dialog import ask_and_add

        path = QFileDialog.getExistingDirectory(self, qtr("Pages", "Add a folder"))
        if path:
            ask_and_add(self.window(), path, self.add_folder.emit)


def kind_name(kind: str) -> str:
    """A folder's kind (music, video, mixed) as the Folders page shows it."""
    names = {"music": qtr("Pages", "music"), "video": qtr("Pages", "video"), "mixed": qtr("Pages", "mixed")}
    return names.get(kind, kind)


class FoldersPage(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.welcome = WelcomePage(self, heading=qtr("Pages", "Add a folder"), compact=True)
        self.welcome.add_folder.connect(controller.add_folder)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([qtr("Pages", "Folder"), qtr("Pages", "Kind"), qtr("Pages", "State"),
                                   qtr("Pages", "Items"), qtr("Pages", "Failed")])
        self.tree.setColumnWidth(0, 420)
        self.failures = QTreeWidget(self)
        self.failures.setRootIsDecorated(False)
        self.failures.setHeaderLabels([qtr("Pages", "File that could not be analysed"), qtr("Pages", "Reason")])
        self.failures.setColumnWidth(0, 420)
        remove = QPushButton(qtr("Pages", "Remove folder"), self)
        remove.clicked.connect(self._remove)
        rescan = QPushButton(qtr("Pages", "Rescan"), self)
        rescan.clicked.connect(lambda: getattr(self.window(), "rescan", controller.rescan)())  # says what changed
        row = QHBoxLayout()
        row.addWidget(remove)
        row.addWidget(rescan)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.welcome)
        layout.addWidget(self.tree, 2)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>" + qtr("Pages", "Failures") + "</b>", self))
        layout.addWidget(self.failures, 1)
        controller.folders_changed.connect(self._folders_changed)
        controller.summary_ready.connect(self.show_summary)
        if controller.last_summary is not None:  # made after the window opened: every change since asked a
            self.show_summary(controller.last_summary)  # newer one (main_window._library_changed)
        else:
            self.refresh()

    def refresh(self) -> None:
        self.controller.load_summary(again=False)  # answered on summary_ready (the one under way will do)

    def _folders_changed(self, *_args) -> None:
        self.controller.load_summary()  # a change: a newer overview than any under way

    def show_summary(self, summary: dict) -> None:
        self.tree.clear()
        for f, counts in summary["folders"]:
            item = QTreeWidgetItem([printable_path(f.path), kind_name(f.kind),
                                    qtr("Pages", "online") if f.online else qtr("Pages", "offline"),
                                    number(sum(counts.values())), number(counts.get("failed", 0))])
            item.setData(0, Qt.ItemDataRole.UserRole, f.id)
            self.tree.addTopLevelItem(item)
        self.failures.clear()
        for m in summary["failures"]:
            item = QTreeWidgetItem([printable_path(m.path), m.error or ""])
            item.setToolTip(1, m.error or "")
            self.failures.addTopLevelItem(item)

    def _remove(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.controller.remove_folder(item.data(0, Qt.ItemDataRole.UserRole))


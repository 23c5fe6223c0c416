"""The sidebar's other pages: Folders (with failures) and the first-run welcome (For you: ui/for_you_cards.py).
Each asks the controller for its rows and fills itself when they arrive (never reading SQLite)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from avrec_desktop.store import printable_path


class WelcomePage(QWidget):
    add_folder = Signal(str, str)

    def __init__(self, parent=None, heading: str = "Welcome to avrec", compact: bool = False):
        super().__init__(parent)
        title = QLabel(f"<h2>{heading}</h2>" if not compact else f"<b>{heading}</b>", self)
        text = QLabel("Add the folders that hold your music and videos. Everything is analysed on this "
                      "computer, in the background; nothing leaves it.\nThen right-click anything and "
                      "choose “Play similar”, and let Up next learn what you like.", self)
        text.setWordWrap(True)
        button = QPushButton("Add a folder…", self)
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

        path = QFileDialog.getExistingDirectory(self, "Add a folder")
        if path:
            ask_and_add(self.window(), path, self.add_folder.emit)


class FoldersPage(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.welcome = WelcomePage(self, heading="Add a folder", compact=True)
        self.welcome.add_folder.connect(controller.add_folder)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["Folder", "Kind", "State", "Items", "Failed"])
        self.tree.setColumnWidth(0, 420)
        self.failures = QTreeWidget(self)
        self.failures.setRootIsDecorated(False)
        self.failures.setHeaderLabels(["File that could not be analysed", "Reason"])
        self.failures.setColumnWidth(0, 420)
        remove = QPushButton("Remove folder", self)
        remove.clicked.connect(self._remove)
        rescan = QPushButton("Rescan", self)
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
        layout.addWidget(QLabel("<b>Failures</b>", self))
        layout.addWidget(self.failures, 1)
        controller.folders_changed.connect(self.refresh)
        controller.summary_ready.connect(self.show_summary)
        self.refresh()

    def refresh(self) -> None:
        self.controller.load_summary()  # answered on summary_ready

    def show_summary(self, summary: dict) -> None:
        self.tree.clear()
        for f, counts in summary["folders"]:
            item = QTreeWidgetItem([printable_path(f.path), f.kind, "online" if f.online else "offline",
                                    str(sum(counts.values())), str(counts.get("failed", 0))])
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


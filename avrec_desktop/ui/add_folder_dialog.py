"""Adding a folder: after the folder is picked, a small dialog says what it seems to hold (counted from
the files' extensions on a thread, so a big tree never freezes the window) with that kind chosen; the
user can change it before adding."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout)

from avrec_desktop.library.folder_kind import FolderSurvey, survey
from avrec_desktop.store import printable_path

KINDS = (("music", "Music"), ("video", "Videos"), ("mixed", "Music and videos"))


class _Relay(QObject):
    done = Signal(object)  # FolderSurvey, delivered on the GUI thread


class AddFolderDialog(QDialog):
    """``chosen`` (path, kind) is emitted when the user adds the folder."""
    chosen = Signal(str, str)

    def __init__(self, path: str, parent=None):
        super().__init__(parent)
        self.path = path
        self.survey: FolderSurvey | None = None
        self._user_changed = False
        self.setWindowTitle("Add a folder")
        self.setMinimumWidth(420)
        folder = QLabel(f"<b>{printable_path(path)}</b>", self)
        folder.setWordWrap(True)
        self.found = QLabel("Looking at the files…", self)
        self.found.setObjectName("found")
        self.kind = QComboBox(self)
        for _key, text in KINDS:
            self.kind.addItem(text)
        self.kind.setAccessibleName("What the folder holds")
        self.kind.activated.connect(lambda _i: setattr(self, "_user_changed", True))
        form = QFormLayout()
        form.addRow("This folder holds:", self.kind)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = buttons.addButton("Add folder", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(folder)
        layout.addWidget(self.found)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: self.chosen.emit(self.path, self.chosen_kind()))
        relay = _Relay()  # no parent: it outlives a dialog closed before the count is done
        relay.done.connect(self._surveyed)
        self._relay = relay
        threading.Thread(target=lambda: relay.done.emit(survey(path)), name="folder-survey",
                         daemon=True).start()
        self.kind.setFocus()

    def chosen_kind(self) -> str:
        return KINDS[self.kind.currentIndex()][0]

    def _surveyed(self, result: FolderSurvey) -> None:
        self.survey = result
        more = "" if result.complete else " so far"
        if result.audio + result.video == 0:
            self.found.setText("No music or video files found yet.")
        else:
            parts = [f"{n} {word}{'s' * (n != 1)}" for n, word in ((result.audio, "music file"),
                                                                  (result.video, "video")) if n]
            self.found.setText(f"Found {' and '.join(parts)}{more}.")
        if not self._user_changed:  # never overrule the user's own choice
            self.kind.setCurrentIndex([k for k, _t in KINDS].index(result.kind))


def ask_and_add(parent, path: str, add) -> AddFolderDialog:
    """Open the dialog for ``path`` (non-blocking); ``add(path, kind)`` runs when the user confirms."""
    dialog = AddFolderDialog(path, parent)
    dialog.chosen.connect(add)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog

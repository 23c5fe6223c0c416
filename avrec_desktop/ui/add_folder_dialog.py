"""Adding a folder: after the folder is picked, a small dialog says what it seems to hold (counted from
the files' extensions on a thread, so a big tree never freezes the window) with that kind chosen; the
user can change it before adding."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout)

from avrec_desktop.library.folder_kind import FolderSurvey, survey
from avrec_desktop.store import printable_path
from avrec_desktop.ui.i18n import plural, qtr

KINDS = ("music", "video", "mixed")  # the folder kinds, in the order the box lists them


def kind_names() -> dict[str, str]:
    return {"music": qtr("AddFolder", "Music"), "video": qtr("AddFolder", "Videos"),
            "mixed": qtr("AddFolder", "Music and videos")}


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
        self.setWindowTitle(qtr("AddFolder", "Add a folder"))
        self.setMinimumWidth(420)
        folder = QLabel(f"<b>{printable_path(path)}</b>", self)
        folder.setWordWrap(True)
        self.found = QLabel(qtr("AddFolder", "Looking at the files…"), self)
        self.found.setObjectName("found")
        self.kind = QComboBox(self)
        names = kind_names()
        for key in KINDS:
            self.kind.addItem(names[key])
        self.kind.setAccessibleName(qtr("AddFolder", "What the folder holds"))
        self.kind.activated.connect(lambda _i: setattr(self, "_user_changed", True))
        form = QFormLayout()
        form.addRow(qtr("AddFolder", "This folder holds:"), self.kind)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = buttons.addButton(qtr("AddFolder", "Add folder"), QDialogButtonBox.ButtonRole.AcceptRole)
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
        return KINDS[self.kind.currentIndex()]

    def _surveyed(self, result: FolderSurvey) -> None:
        self.survey = result
        if result.audio + result.video == 0:
            self.found.setText(qtr("AddFolder", "No music or video files found yet."))
        else:
            self.found.setText(found_text(result))
        if not self._user_changed:  # never overrule the user's own choice
            self.kind.setCurrentIndex(KINDS.index(result.kind))


def found_text(result: FolderSurvey) -> str:
    """"Found 3 music files and 1 video." ("… so far." while the count goes on)."""
    music = plural(result.audio, qtr("AddFolder", "1 music file"), qtr("AddFolder", "{n} music files"))
    videos = plural(result.video, qtr("AddFolder", "1 video"), qtr("AddFolder", "{n} videos"))
    if result.audio and result.video:
        what = qtr("AddFolder", "{music} and {videos}").format(music=music, videos=videos)
    else:
        what = music if result.audio else videos
    if result.complete:
        return qtr("AddFolder", "Found {what}.").format(what=what)
    return qtr("AddFolder", "Found {what} so far.").format(what=what)


def ask_and_add(parent, path: str, add) -> AddFolderDialog:
    """Open the dialog for ``path`` (non-blocking); ``add(path, kind)`` runs when the user confirms."""
    dialog = AddFolderDialog(path, parent)
    dialog.chosen.connect(add)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog

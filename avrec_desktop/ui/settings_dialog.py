"""Settings: general (the window's language), folders, models, performance, playback (skip thresholds),
privacy. All persisted in the library's settings table (so the CLI and the window agree) except the window's
own choices (language, keep playing in the tray), which live in its window.ini.

The dialog reads and writes through the controller's task thread: it opens with its fields disabled,
fills them when the values arrive, and closes when the core has saved (and applied) them, so a busy
database never freezes the window. New skip thresholds judge the very next play."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QSpinBox,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from avrec_desktop.recommend.outcomes import OutcomeRules
from avrec_desktop.ui import i18n
from avrec_desktop.ui.i18n import number, qtr


def window_settings_of(parent) -> QSettings:
    """The window's own settings (its QSettings on window.ini); the same file when the dialog has no window."""
    settings = getattr(parent, "settings", None)
    if settings is not None:
        return settings
    from avrec_desktop import paths

    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def model_status(model) -> str:
    """A model's line in the table: in use, installed, available (to download) or broken."""
    if model.default:
        return qtr("Settings", "in use")
    return {"installed": qtr("Settings", "installed"), "available": qtr("Settings", "available"),
            "broken": qtr("Settings", "broken")}.get(model.status, model.status)


class SettingsDialog(QDialog):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.window_settings = window_settings_of(parent)
        self.setWindowTitle(qtr("Settings", "Settings"))
        self.resize(720, 480)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_tab(), qtr("Settings", "General"))
        self.tabs.addTab(self._folders_tab(), qtr("Settings", "Folders"))
        self.tabs.addTab(self._models_tab(), qtr("Settings", "Models"))
        self.tabs.addTab(self._performance_tab(), qtr("Settings", "Performance"))
        self.tabs.addTab(self._playback_tab(), qtr("Settings", "Playback"))
        self.tabs.addTab(self._privacy_tab(), qtr("Settings", "Privacy"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self._cancel_download: threading.Event | None = None
        self._set_editable(False)
        controller.load_settings(self._show)

    def _set_editable(self, editable: bool) -> None:
        for widget in (self.threads, self.use_gpu, self.early_skip, self.video_fraction, self.grace,
                       self.save_button):
            widget.setEnabled(editable)

    def _show(self, values: dict) -> None:
        """The stored values have arrived (from the task thread)."""
        self.threads.setValue(values["worker_threads"])
        self.use_gpu.setChecked(values["use_gpu"])
        rules = values["rules"]
        self.early_skip.setValue(rules.early_skip_seconds)
        self.video_fraction.setValue(int(round(rules.early_skip_video_fraction * 100)))
        self.grace.setValue(rules.auto_grace_seconds)
        self._show_models(values)
        self._set_editable(True)

    # -- tabs -------------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        """The window's language: the system's, or one chosen (names in their own language); it applies
        the next time avrec starts."""
        page = QWidget(self)
        form = QFormLayout(page)
        self.language = QComboBox(page)
        self.language.addItem(qtr("Settings", "System default"), i18n.SYSTEM)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self._stored_language = i18n.chosen(self.window_settings)
        self.language.setCurrentIndex(max(0, self.language.findData(self._stored_language)))
        self.language_note = QLabel(page, wordWrap=True)
        self.language_note.setObjectName("language_note")
        self.language.currentIndexChanged.connect(lambda _i: self._note_language())
        form.addRow(qtr("Settings", "&Language:"), self.language)
        form.addRow("", self.language_note)
        return page

    def chosen_language(self) -> str:
        return self.language.currentData()

    def _note_language(self) -> None:
        changed = self.chosen_language() != self._stored_language
        self.language_note.setText(qtr("Settings", "The language changes the next time avrec starts.")
                                   if changed else "")

    def _save_language(self) -> None:
        """Write the chosen language into window.ini; a change is said in the window's status bar."""
        language = self.chosen_language()
        if language == self._stored_language:
            return
        self.window_settings.setValue(i18n.SETTING, language)
        self.window_settings.sync()
        self._stored_language = language
        status_bar = getattr(self.parent(), "statusBar", None)
        if status_bar is not None:
            status_bar().showMessage(qtr("Settings", "The language changes the next time avrec starts."), 10000)

    def _folders_tab(self) -> QWidget:
        from avrec_desktop.ui.pages import FoldersPage

        return FoldersPage(self.controller, self)

    def _models_tab(self) -> QWidget:
        page = QWidget(self)
        self.models = QTreeWidget(page)
        self.models.setHeaderLabels([qtr("Settings", "Model"), qtr("Settings", "Architecture"),
                                      qtr("Settings", "Status"), qtr("Settings", "Size")])
        self.models.setColumnWidth(0, 260)
        import_button = QPushButton(qtr("Settings", "Import a weights file…"), page)
        import_button.clicked.connect(self._import_model)
        self.download_button = QPushButton(qtr("Settings", "Download selected"), page)
        self.download_button.clicked.connect(self._download_model)
        self.cancel_button = QPushButton(qtr("Settings", "Cancel download"), page)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._cancel)
        self.download_bar = QProgressBar(page)
        self.download_bar.hide()
        self.device_label = QLabel(page)
        row = QHBoxLayout()
        for w in (import_button, self.download_button, self.cancel_button):
            row.addWidget(w)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(qtr("Settings", "Videos are described by a CLIP model when one is installed, "
                                            "otherwise by a model-free descriptor. Downloading is the only "
                                            "thing that uses the network, and only when you ask."),
                                page, wordWrap=True))
        layout.addWidget(self.models)
        layout.addLayout(row)
        layout.addWidget(self.download_bar)
        layout.addWidget(self.device_label)
        return page

    def _performance_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.threads = QSpinBox(page)
        self.threads.setRange(0, max(1, os.cpu_count() or 1))
        self.threads.setSpecialValueText(qtr("Settings", "automatic (all cores but one)"))
        self.use_gpu = QCheckBox(qtr("Settings", "Use the GPU when there is one"), page)
        self.use_gpu.setChecked(True)
        form.addRow(qtr("Settings", "Analysis threads"), self.threads)
        form.addRow("", self.use_gpu)
        form.addRow("", QLabel(qtr("Settings", "Takes effect the next time analysis starts."), page))
        return page

    def _playback_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        rules = OutcomeRules()  # the defaults until the stored values arrive
        self.early_skip = self._seconds(page, rules.early_skip_seconds, 5, 180)
        self.video_fraction = QSpinBox(page)
        self.video_fraction.setRange(5, 60)
        self.video_fraction.setSuffix(qtr("Settings", " %"))
        self.video_fraction.setValue(int(round(rules.early_skip_video_fraction * 100)))
        self.grace = self._seconds(page, rules.auto_grace_seconds, 0, 15)
        form.addRow(qtr("Settings", "A skip counts against a track in its first"), self.early_skip)
        form.addRow(qtr("Settings", "…and against a video in its first"), self.video_fraction)
        form.addRow(qtr("Settings", "Skips this soon after an automatic start don't count"), self.grace)
        from avrec_desktop.ui import tray  # the window's own settings file, not the library's table

        self.keep_in_tray = QCheckBox(qtr("Settings", "Keep playing in the tray when the window is closed"), page)
        window_settings = getattr(self.parent(), "settings", None)
        self.keep_in_tray.setChecked(window_settings is not None and tray.keeps_playing(window_settings))
        self.keep_in_tray.setEnabled(window_settings is not None)
        form.addRow("", self.keep_in_tray)
        return page

    def _privacy_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(qtr("Settings", "Nothing ever leaves this computer. You can still forget:"), page))
        clear = QPushButton(qtr("Settings", "Clear play history and reset taste"), page)
        clear.clicked.connect(lambda: self._forget(history=True))
        reset = QPushButton(qtr("Settings", "Reset taste only (keep history)"), page)
        reset.clicked.connect(lambda: self._forget(history=False))
        layout.addWidget(reset)
        layout.addWidget(clear)
        layout.addStretch(1)
        return page

    @staticmethod
    def _seconds(parent, value: float, low: int, high: int) -> QDoubleSpinBox:
        box = QDoubleSpinBox(parent)
        box.setRange(low, high)
        box.setDecimals(0)
        box.setSuffix(qtr("Settings", " s"))
        box.setValue(value)
        return box

    # -- actions ----------------------------------------------------------------------------------
    def save(self) -> None:
        """Hand the values to the core (on the task thread); the dialog closes once they are saved."""
        self._set_editable(False)
        self._save_language()
        window_settings = getattr(self.parent(), "settings", None)
        if window_settings is not None:
            from avrec_desktop.ui import tray

            tray.set_keeps_playing(window_settings, self.keep_in_tray.isChecked())

        def saved(_result) -> None:
            self.accept()
        self.controller.save_settings(
            worker_threads=self.threads.value(), use_gpu=self.use_gpu.isChecked(),
            outcome_rules={"early_skip_seconds": self.early_skip.value(),
                           "early_skip_video_fraction": self.video_fraction.value() / 100,
                           "auto_grace_seconds": self.grace.value()}, on_done=saved)

    def _forget(self, history: bool) -> None:
        question = (qtr("Settings", "Forget your whole play history and what was learned?") if history
                    else qtr("Settings", "Forget what was learned?"))
        if QMessageBox.question(self, qtr("Settings", "Forget"), question) != QMessageBox.StandardButton.Yes:
            return
        self.controller.forget(history=history)

    def _refresh_models(self) -> None:
        self.controller.load_settings(self._show_models)

    def _show_models(self, values: dict) -> None:
        self.models.clear()
        for m in values["models"]:
            size = qtr("Settings", "{size} MB").format(size=number(m.size_bytes / 1e6, 0)) if m.size_bytes else ""
            item = QTreeWidgetItem([m.model_id, m.arch, model_status(m), size])
            item.setData(0, Qt.ItemDataRole.UserRole, m.model_id)
            self.models.addTopLevelItem(item)
        gpu = qtr("Settings", "GPU allowed") if values["use_gpu"] else qtr("Settings", "CPU only")
        visual = qtr("Settings", "model-free descriptor") if values["visual"] == "model-free descriptor" \
            else values["visual"]
        self.device_label.setText(qtr("Settings", "Videos use: {visual} · {device}").format(visual=visual,
                                                                                            device=gpu))

    def _import_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, qtr("Settings", "Import CLIP weights"), "",
                                              qtr("Settings", "Weights ({patterns})").format(
                                                  patterns="*.safetensors *.bin *.pt"))
        if path:
            self.controller.import_model(path, on_done=lambda _r: self._refresh_models())

    def _download_model(self) -> None:
        item = self.models.currentItem()
        if item is None:
            return
        self._cancel_download = threading.Event()
        self.download_bar.show()
        self.download_bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.download_button.setEnabled(False)

        def finished(_result):
            self.download_bar.hide()
            self.cancel_button.setEnabled(False)
            self.download_button.setEnabled(True)
            self._refresh_models()
        self.controller.download_model(item.data(0, Qt.ItemDataRole.UserRole), self._cancel_download,
                                       on_progress=self._progress, on_done=finished)

    def _progress(self, done: int, total: int | None) -> None:
        if total:
            self.download_bar.setRange(0, 1000)
            self.download_bar.setValue(int(1000 * done / total))

    def _cancel(self) -> None:
        if self._cancel_download is not None:
            self._cancel_download.set()

"""Library → Import listening history…: pick export files, import them off the GUI thread, say how it went.

The import runs on the controller's task runner (the thread every core call uses); the answer — the same
one line as ``avrec history import`` — shows in the status bar, and the History page, when shown, reads
its rows again (it reads them each time it is shown anyway). The taste model learns from the new events
the next time Up next or For you asks (they catch up with the log).
"""

from __future__ import annotations

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog

from avrec_desktop.ui.i18n import plural, qtr

SHOW_MS = 20000


def file_filters() -> str:
    return ";;".join((qtr("HistoryImport", "Listening history ({patterns})").format(
                          patterns="*.json *.jsonl *.csv *.zip"),
                      qtr("HistoryImport", "All files ({patterns})").format(patterns="*")))


def choose_and_import(window) -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, qtr("HistoryImport", "Import listening history"),
                                            QDir.homePath(), file_filters())
    if paths:
        import_history(window, paths)


def import_history(window, paths: list[str]) -> None:
    controller = window.controller
    core = controller.core
    importing = plural(len(paths), qtr("HistoryImport", "Importing listening history from 1 file…"),
                       qtr("HistoryImport", "Importing listening history from {n} files…"))
    window.statusBar().showMessage(importing, SHOW_MS)

    def run():
        from avrec_desktop.history_import import import_files

        return import_files(core.store, paths)

    def done(report, error) -> None:
        if error is not None:
            window.statusBar().showMessage(qtr("HistoryImport", "Could not import the listening history: {error}")
                                           .format(error=error), SHOW_MS)
            return
        text = report.summary()
        window.statusBar().showMessage(text[:1].upper() + text[1:], SHOW_MS)
        page = getattr(window, "history", None)  # the History page: its rows were read before the import
        if page is not None and page.isVisible():
            page.refresh()

    controller.runner.run(run, on_done=done)

"""The status bar's indexing part: progress (done/total, rate, ETA), pause/resume, failures (those not
analysed apart from those analysed but not playable)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from avrec_desktop.ui.i18n import number, qtr, span


def progress_text(p: dict) -> str:
    state = p.get("state")
    total, done = p.get("total", 0), p.get("done", 0) + p.get("failed", 0)
    if state == "failed":
        return qtr("StatusPanel", "Analysis stopped: {error}").format(error=p.get("error"))
    if state == "paused":
        return qtr("StatusPanel", "Analysis paused · {done} of {total}").format(done=number(done), total=number(total))
    remaining = p.get("remaining", max(0, total - done))
    if state == "starting":  # analysers loading their models: the files are waiting, not done
        if remaining:
            return qtr("StatusPanel", "Starting analysis · {n} waiting").format(n=number(remaining))
        return qtr("StatusPanel", "Starting analysis…")
    if state == "working" and (not total or done >= total):
        return qtr("StatusPanel", "Analysing…")  # e.g. the quick first pass, before the full analysis counts files
    if state == "stopped" and remaining:
        return qtr("StatusPanel", "Analysis not running · {n} waiting").format(n=number(remaining))
    if state in ("idle", "stopped") or not total or done >= total:
        return qtr("StatusPanel", "Library up to date")
    text = qtr("StatusPanel", "Analysing {done} of {total}").format(done=number(done), total=number(total))
    if p.get("rate_per_min"):
        text += qtr("StatusPanel", " · {n}/min").format(n=number(round(p["rate_per_min"])))
    if p.get("eta_seconds"):
        text += qtr("StatusPanel", " · about {time} left").format(time=span(p["eta_seconds"]))
    return text


def failures_text(failed: int, unplayable: int = 0) -> str:
    """The failures button: files whose analysis failed, and apart from them the files that were analysed
    but the player could not play (they are failed too, so they are not suggested)."""
    unplayable = min(unplayable, failed)
    parts = [what.format(n=number(n)) for n, what in (
        (failed - unplayable, qtr("StatusPanel", "{n} could not be analysed")),
        (unplayable, qtr("StatusPanel", "{n} can't be played"))) if n]
    return "⚠ " + " · ".join(parts) if parts else ""


class IndexingStatus(QWidget):
    pause_toggled = Signal(bool)
    failures_clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel(qtr("StatusPanel", "Starting…"), self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.bar.hide()  # shown by show_progress while files are being analysed
        self.pause_button = QPushButton(qtr("StatusPanel", "Pause"), self)
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(qtr("StatusPanel", "Pause or resume analysing new files"))
        self.pause_button.toggled.connect(self._toggled)
        self.failures_button = QPushButton("", self)
        self.failures_button.setFlat(True)
        self.failures_button.setToolTip(
            qtr("StatusPanel", "Files that could not be analysed or played, with the reason"))
        self.failures_button.clicked.connect(self.failures_clicked)
        self.failures_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.failures_button, self.label, self.bar, self.pause_button):
            layout.addWidget(w)

    def _toggled(self, paused: bool) -> None:
        self.pause_button.setText(qtr("StatusPanel", "Resume") if paused else qtr("StatusPanel", "Pause"))
        self.pause_toggled.emit(paused)

    def show_progress(self, progress: dict) -> None:
        self.label.setText(progress_text(progress))
        total = progress.get("total", 0)
        done = progress.get("done", 0) + progress.get("failed", 0)
        working = progress.get("state") in ("working", "starting", "paused") and total and done < total
        self.bar.setVisible(bool(working))
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)

    def show_failures(self, count: int, unplayable: int = 0) -> None:
        """``count`` failed items, ``unplayable`` of them analysed but refused by the player."""
        self.failures_button.setVisible(count > 0)
        self.failures_button.setText(failures_text(count, unplayable))

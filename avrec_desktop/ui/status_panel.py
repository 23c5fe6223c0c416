"""The status bar's indexing part: progress (done/total, rate, ETA), pause/resume, failures (those not
analysed apart from those analysed but not playable)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from avrec_desktop.indexing.progress import format_duration


def progress_text(p: dict) -> str:
    state = p.get("state")
    total, done = p.get("total", 0), p.get("done", 0) + p.get("failed", 0)
    if state == "failed":
        return f"Analysis stopped: {p.get('error')}"
    if state == "paused":
        return f"Analysis paused · {done} of {total}"
    remaining = p.get("remaining", max(0, total - done))
    if state == "starting":  # analysers loading their models: the files are waiting, not done
        return f"Starting analysis · {remaining} waiting" if remaining else "Starting analysis…"
    if state == "working" and (not total or done >= total):
        return "Analysing…"  # e.g. the quick first pass, before the full analysis counts files
    if state == "stopped" and remaining:
        return f"Analysis not running · {remaining} waiting"
    if state in ("idle", "stopped") or not total or done >= total:
        return "Library up to date"
    text = f"Analysing {done} of {total}"
    if p.get("rate_per_min"):
        text += f" · {p['rate_per_min']:.0f}/min"
    if p.get("eta_seconds"):
        text += f" · about {format_duration(p['eta_seconds'])} left"
    return text


def failures_text(failed: int, unplayable: int = 0) -> str:
    """The failures button: files whose analysis failed, and apart from them the files that were analysed
    but the player could not play (they are failed too, so they are not suggested)."""
    unplayable = min(unplayable, failed)
    parts = [f"{n} {what}" for n, what in ((failed - unplayable, "could not be analysed"),
                                          (unplayable, "can't be played")) if n]
    return "⚠ " + " · ".join(parts) if parts else ""


class IndexingStatus(QWidget):
    pause_toggled = Signal(bool)
    failures_clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel("Starting…", self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.bar.hide()  # shown by show_progress while files are being analysed
        self.pause_button = QPushButton("Pause", self)
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip("Pause or resume analysing new files")
        self.pause_button.toggled.connect(self._toggled)
        self.failures_button = QPushButton("", self)
        self.failures_button.setFlat(True)
        self.failures_button.setToolTip("Files that could not be analysed or played, with the reason")
        self.failures_button.clicked.connect(self.failures_clicked)
        self.failures_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.failures_button, self.label, self.bar, self.pause_button):
            layout.addWidget(w)

    def _toggled(self, paused: bool) -> None:
        self.pause_button.setText("Resume" if paused else "Pause")
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

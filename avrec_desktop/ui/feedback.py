"""What the user told the core, visible: a ♥ (accent colour) or ✕ (quiet) at the end of the item's title
cell wherever the library table shows it (and after the title in Up next, For you and the Videos
grid: ui/mark_paint.py), and a short status-bar line for each Like, Dislike, Less like
this and Rescan. The marks are read once in the background (Store.feedback_marks) and kept up to date
from the window's own feedback."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from avrec_desktop.ui.i18n import number, qtr
from avrec_desktop.ui.library_model import MediaIdRole
from avrec_desktop.ui.mark_paint import MARK_TEXT, mark_colour


def message(type: str) -> str | None:
    """The status line for a Like, Dislike or Less like this ({t}: the item's title); None for others."""
    lines = {"like": qtr("Feedback", "♥ Liked “{t}”: more like it in Up next and For you"),
             "dislike": qtr("Feedback", "✕ Disliked “{t}”: it will not be suggested"),
             "less-like": qtr("Feedback", "Less like “{t}” after what is playing")}
    return lines.get(type)


class FeedbackMarks(QObject):
    changed = Signal(int)  # media id whose mark changed

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.marks: dict[int, str] = {}
        controller._call(lambda: controller.core.store.feedback_marks(), on_done=self._loaded,
                         what=qtr("Feedback", "could not read your likes"))
        controller.feedback_given.connect(self.record)

    def _loaded(self, marks: dict) -> None:
        self.marks = {**marks, **self.marks}  # a like given meanwhile stays
        self.changed.emit(0)

    def record(self, media_id: int, type: str) -> None:
        if type in MARK_TEXT:
            self.marks[media_id] = type
            self.changed.emit(media_id)

    def mark(self, media_id) -> str | None:
        return self.marks.get(media_id)


class MarkDelegate(QStyledItemDelegate):
    """The title cell as usual, with the item's mark drawn at its right end."""

    def __init__(self, marks: FeedbackMarks, parent=None):
        super().__init__(parent)
        self.marks = marks

    def paint(self, painter, option, index) -> None:
        mark = self.marks.mark(index.data(MediaIdRole))
        if mark is None:
            super().paint(painter, option, index)
            return
        side = option.fontMetrics.height() + 8
        option.rect = option.rect.adjusted(0, 0, -side, 0)  # the title elides before the mark
        super().paint(painter, option, index)
        box = QRect(option.rect.right() + 1, option.rect.top(), side, option.rect.height())
        colour = mark_colour(option.palette, mark, bool(option.state & QStyle.StateFlag.State_Selected))
        painter.save()
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, MARK_TEXT[mark])
        painter.restore()


def install(window) -> FeedbackMarks:
    """The window's marks, in Up next, and status lines for feedback and rescans (the pages get theirs as
    they are made: ``mark_table`` for Music, ``mark_videos`` for Videos and its grid,
    ``mark_paint.mark_for_you``)."""
    controller = window.controller
    marks = FeedbackMarks(controller, window)
    from avrec_desktop.ui import mark_paint

    mark_paint.install(window, marks)  # the same marks in Up next

    def say(media_id: int, type: str) -> None:
        line = message(type)

        def show(item):
            window.statusBar().showMessage(line.format(t=item.display_title), 6000)
        if line is not None:
            controller._call(controller.core.resolve_item, media_id, on_done=show, what=qtr("Feedback", "feedback"))
    controller.feedback_given.connect(say)
    return marks


def mark_table(view, marks) -> None:
    """The marks after the titles of a library table (Music or Videos)."""
    table = view.table
    table.setItemDelegateForColumn(0, MarkDelegate(marks, table))
    marks.changed.connect(lambda _id, t=table: t.viewport().update())


def mark_videos(videos, marks) -> None:
    """The Videos page's marks: its table and its poster grid."""
    from avrec_desktop.ui import mark_paint

    mark_table(videos, marks)
    mark_paint.mark_grid(videos, marks)


def rescan(window) -> None:
    """Rescan every folder, saying so in the status bar, then what changed."""
    window.statusBar().showMessage(qtr("Feedback", "Rescanning your folders…"))

    def done(reports) -> None:
        added = sum(r.added + r.returned for r in reports)
        changed = sum(r.changed + r.moved for r in reports)
        missing = sum(r.missing for r in reports)
        parts = [what.format(n=number(n)) for n, what in ((added, qtr("Feedback", "{n} new")),
                                                           (changed, qtr("Feedback", "{n} changed")),
                                                           (missing, qtr("Feedback", "{n} missing"))) if n]
        said = qtr("Feedback", ", ").join(parts) if parts else qtr("Feedback", "nothing changed")
        window.statusBar().showMessage(qtr("Feedback", "Rescan done: {changes}").format(changes=said), 8000)
    window.controller.rescan(on_done=done)

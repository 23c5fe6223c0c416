"""'Why this?' as a small popover next to the item: every reason the core gives (its why call), what the
learned music model hears in it (its top tags, as calm words; the probabilities in the tooltip), and how
close the item is to what is playing, per modality, as small bars. Esc or a click elsewhere closes it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QGridLayout, QVBoxLayout, QWidget

from avrec_desktop.ui.i18n import percent, qtr
from avrec_desktop.ui.reason_text import reason_text, tag_word

MODALITY = ("audio", "text", "visual")  # the order of the closeness bars


def modality_name(space: str) -> str:
    """A space's name on its closeness bar: Sound, Words, Picture (another space: its own name)."""
    return {"audio": qtr("WhyPopover", "Sound"), "text": qtr("WhyPopover", "Words"),
            "visual": qtr("WhyPopover", "Picture")}.get(space, space)

STYLE = """
WhyPopover { background: palette(window); border: 1px solid palette(mid); border-radius: 6px; }
WhyPopover QLabel#reason { padding-left: 2px; }
WhyPopover QLabel#quiet { color: palette(placeholder-text); }
WhyPopover QProgressBar { border: none; background: palette(alternate-base); border-radius: 3px;
                          max-height: 6px; min-width: 140px; }
WhyPopover QProgressBar::chunk { background: palette(highlight); border-radius: 3px; }
"""


TAGS_SHOWN = 4
TAG_MIN = 0.1  # a tag the model gives under one in ten is noise, not a description


def tags_line(tags) -> tuple[str, str]:
    """The top tags as words ('ambient · electronic · slow') and, for the tooltip, with probabilities;
    the words in the window's language."""
    shown = [(tag_word(t), float(p)) for t, p in (tags or [])[:TAGS_SHOWN] if float(p) >= TAG_MIN]
    return (" · ".join(t for t, _ in shown),
            ", ".join(f"{t} {percent(p)}" for t, p in shown))


def ordered_bars(bars: dict[str, float] | None) -> list[tuple[str, float]]:
    """Per-modality bars in MODALITY order (Sound, Words, Picture, then any other), each within 0..1."""
    order = list(MODALITY)
    return sorted(((s, max(0.0, min(1.0, float(v)))) for s, v in (bars or {}).items()),
                  key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


class WhyPopover(QFrame):
    def __init__(self, item, reasons: list, bars: dict[str, float] | None, seed_title: str | None,
                 parent: QWidget | None = None, tags: list | None = None):
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("why")
        self.setAccessibleName(qtr("WhyPopover", "Why {title}").format(title=item.display_title))
        self.setStyleSheet(STYLE)
        self.setMaximumWidth(380)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        title = QLabel("<b>{}</b>".format(qtr("WhyPopover", "Why “{title}”").format(title=item.display_title)), self)
        title.setWordWrap(True)
        layout.addWidget(title)
        self.reason_labels = []
        for r in reasons or []:
            against = r.kind == "penalty"  # what speaks against it, quieter
            label = QLabel(f"{'–' if against else '•'} {reason_text(r)}", self)
            label.setObjectName("quiet" if against else "reason")
            label.setWordWrap(True)
            layout.addWidget(label)
            self.reason_labels.append(label)
        if not reasons:
            empty = QLabel(qtr("WhyPopover", "No particular reason yet: play a few things and it learns."), self)
            empty.setObjectName("quiet")
            empty.setWordWrap(True)
            layout.addWidget(empty)
        words, detail = tags_line(tags)
        self.tags_label = None
        if words:
            heading = QLabel(qtr("WhyPopover", "Sounds like"), self)
            heading.setObjectName("quiet")
            layout.addSpacing(4)
            layout.addWidget(heading)
            self.tags_label = QLabel(words, self)
            self.tags_label.setWordWrap(True)
            self.tags_label.setToolTip(qtr("WhyPopover", "What the learned music model hears: {tags}").format(tags=detail))
            self.tags_label.setAccessibleName(qtr("WhyPopover", "Sounds like {tags}").format(tags=detail))
            layout.addWidget(self.tags_label)
        self.bars: dict[str, QProgressBar] = {}
        if bars:
            heading = QLabel(qtr("WhyPopover", "Close to “{title}”").format(title=seed_title) if seed_title
                             else qtr("WhyPopover", "Closeness"), self)
            heading.setObjectName("quiet")
            heading.setWordWrap(True)
            layout.addSpacing(4)
            layout.addWidget(heading)
            grid = QGridLayout()
            grid.setHorizontalSpacing(10)
            for row, (space, value) in enumerate(ordered_bars(bars)):
                bar = QProgressBar(self)
                bar.setRange(0, 100)
                bar.setValue(round(100 * value))
                bar.setTextVisible(False)
                bar.setAccessibleName(qtr("WhyPopover", "{space} similarity {percent}").format(
                    space=modality_name(space), percent=percent(value)))
                grid.addWidget(QLabel(modality_name(space), self), row, 0)
                grid.addWidget(bar, row, 1)
                share = QLabel(percent(value), self)
                share.setObjectName("quiet")
                grid.addWidget(share, row, 2)
                self.bars[space] = bar
            layout.addLayout(grid)
        hint = QLabel(qtr("WhyPopover", "Esc closes"), self)
        hint.setObjectName("quiet")
        hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(hint)

    def show_at(self, anchor: QRect) -> None:
        """Show beside ``anchor`` (global coordinates), kept on the screen."""
        self.adjustSize()
        size = self.sizeHint()
        screen = (self.screen() or self.parentWidget().screen()).availableGeometry()
        x = anchor.right() + 8
        if x + size.width() > screen.right():
            x = max(screen.left(), anchor.left() - size.width() - 8)
        y = min(max(screen.top(), anchor.top()), screen.bottom() - size.height())
        self.move(QPoint(x, y))
        self.show()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

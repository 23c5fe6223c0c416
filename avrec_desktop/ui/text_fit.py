"""Fit a text into a few lines of a given width, Chinese as well as English.

``QFontMetrics.elidedText`` on one long line, then drawing it with word wrap, loses words: the wrapped lines
break at other places than the one long line, so a third line appears and is clipped (in English a word is cut
mid-way; in Chinese, which has no spaces, a line can end in the middle of a phrase). Here ``QTextLayout`` lays the
text out in lines the way it will be drawn (at word boundaries, or anywhere for CJK and over-long words), and
the last line that fits is elided.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextLayout, QTextOption


def fit_lines(text: str, font, width: int, max_lines: int) -> list[str]:
    """At most ``max_lines`` lines of ``text``, each no wider than ``width`` px in ``font``; the last one elided
    with … when the text does not fit."""
    text = " ".join((text or "").split())
    if not text or width <= 0 or max_lines <= 0:
        return []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    spans = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start:start + length].strip() for start, length in spans[:max_lines]]
    if len(spans) > max_lines:
        start = spans[max_lines - 1][0]
        lines[-1] = QFontMetrics(font).elidedText(text[start:].strip(), Qt.TextElideMode.ElideRight, width)
    return lines


def draw_lines(painter, rect: QRect, text: str, max_lines: int) -> list[str]:
    """Draw ``text`` in ``rect`` (top left) in the painter's font, fitted by ``fit_lines``; returns the lines."""
    metrics = painter.fontMetrics()
    room = max(1, min(max_lines, rect.height() // max(1, metrics.lineSpacing())))
    lines = fit_lines(text, painter.font(), rect.width(), room)
    for i, line in enumerate(lines):
        painter.drawText(QRect(rect.left(), rect.top() + i * metrics.lineSpacing(), rect.width(),
                               metrics.height()), int(Qt.AlignmentFlag.AlignLeft), line)
    return lines

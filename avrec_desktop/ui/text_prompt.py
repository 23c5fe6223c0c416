"""A one-line text question (new playlist, rename, station from words) sized so its title and label read whole.

``QInputDialog.getText`` sizes the dialog to its line edit, so a longer title (zh_CN's title bar font, or a long
English one) is clipped by the window manager. Here the dialog is at least as wide as its title and label in
the fonts that draw them, plus room for the title bar's buttons, and never wider than the screen allows.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit

TITLE_CHROME = 160  # px the title bar spends beside the title (icon, buttons, padding)
LABEL_CHROME = 48  # px of the dialog's margins around the label
MIN_WIDTH = 360


def fitted_width(title: str, label: str, font=None) -> int:
    """Width in px a dialog needs so ``title`` (title bar font) and ``label`` (dialog font) are not clipped."""
    label_metrics = QFontMetrics(font or QApplication.font())
    title_metrics = QFontMetrics(QApplication.font("QMdiSubWindowTitleBar"))
    need = max(title_metrics.horizontalAdvance(title) + TITLE_CHROME,
               max((label_metrics.horizontalAdvance(line) for line in label.splitlines() or [""]), default=0)
               + LABEL_CHROME, MIN_WIDTH)
    screen = QGuiApplication.primaryScreen()
    return min(need, int(screen.availableGeometry().width() * 0.9)) if screen is not None else need


def make_dialog(parent, title: str, label: str, text: str = "") -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(text)
    width = fitted_width(title, label, dialog.font())
    # QInputDialog fits itself to its layout when shown (dropping a minimum width set on it), so the line edit
    # carries the width; the dialog keeps a margin on each side of it.
    edit = dialog.findChild(QLineEdit)
    margins = dialog.layout().contentsMargins() if dialog.layout() is not None else None
    side = (margins.left() + margins.right()) if margins is not None else 16
    if edit is not None:
        edit.setMinimumWidth(width - side)
    dialog.setMinimumWidth(width)
    return dialog


def ask_text(parent, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """Like ``QInputDialog.getText``: (the text, whether OK was pressed)."""
    dialog = make_dialog(parent, title, label, text)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.textValue()
    dialog.deleteLater()
    return value, ok

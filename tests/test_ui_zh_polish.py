"""zh_CN polish: a text question is wide enough for its title and label; an empty Videos grid says how to add videos."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QStandardItemModel
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget


def _measure_question(qtbot, ask) -> list:
    seen = []

    def look():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, look)
            return
        dialog = dialogs[0]
        seen.append((dialog.width(), dialog.windowTitle(), dialog.labelText(), dialog.font()))
        dialog.reject()
    QTimer.singleShot(0, look)
    ask()
    return seen


def test_station_from_words_is_wide_enough_for_its_title_and_label(qtbot):
    from avrec_desktop.ui import steering_actions

    parent = QWidget()
    qtbot.addWidget(parent)
    seen = _measure_question(qtbot, lambda: steering_actions.station_from_words(parent, object()))
    assert seen
    width, title, label, font = seen[0]
    title_px = QFontMetrics(QApplication.font("QMdiSubWindowTitleBar")).horizontalAdvance(title)
    label_px = QFontMetrics(font).horizontalAdvance(label)
    assert width >= title_px + 120 and width >= label_px + 24, (width, title_px, label_px)


def test_a_long_chinese_title_is_not_clipped(qtbot):
    from avrec_desktop.ui import text_prompt

    title = "从这些词开始一个电台：请输入你想听的音乐的描述"
    dialog = text_prompt.make_dialog(None, title, "它应该播放什么？（例如：安静的钢琴）")
    qtbot.addWidget(dialog)
    dialog.show()
    title_px = QFontMetrics(QApplication.font("QMdiSubWindowTitleBar")).horizontalAdvance(title)
    assert dialog.width() >= title_px + text_prompt.TITLE_CHROME


class _Posters(QObject):
    ready = Signal(int)


class _Page(QWidget):
    def __init__(self):
        super().__init__()
        self.model = QStandardItemModel(0, 1)
        self.search_box = QLineEdit(self)

    def _activated(self, _index):
        pass


def test_an_empty_videos_grid_says_how_to_add_videos(qtbot):
    from avrec_desktop.ui.video_grid import VideoGrid

    page = _Page()
    qtbot.addWidget(page)
    grid = VideoGrid(page, _Posters(), page)
    assert "Folders" in grid.empty_text() and "Add a folder" in grid.empty_text()
    page.search_box.setText("zzz")
    assert "search" in grid.empty_text()
    page.model.appendRow([])
    page.model.insertRow(0)
    assert grid.empty_text() == ""
    grid.resize(600, 400)
    grid.show()
    grid.grab()  # paints without error, with and without items
    page.model.removeRows(0, page.model.rowCount())
    page.search_box.clear()
    grid.grab()


def test_a_chinese_reason_fits_two_lines_and_the_last_is_elided(qtbot):
    from PySide6.QtGui import QFont

    from avrec_desktop.ui.text_fit import fit_lines

    font = QFont(QApplication.font())
    metrics = QFontMetrics(font)
    reason = "因为你喜欢《安静的钢琴》：同样的乐器、相近的节奏和情绪，而且你最近常在晚上听这类音乐" * 2
    lines = fit_lines(reason, font, 150, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(metrics.horizontalAdvance(line) <= 150 for line in lines)
    english = fit_lines("Because you liked Harbour 3: the same instruments and a similar tempo and mood", font, 150, 2)
    assert len(english) == 2 and all(metrics.horizontalAdvance(line) <= 150 for line in english)
    assert fit_lines("短", font, 150, 2) == ["短"]

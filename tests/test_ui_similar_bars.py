"""The Show similar panel shows per-modality similarity as small bars, not raw scores (issue #8, defect 6)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QObject, Qt, Signal  # noqa: E402

from avrec_desktop.recommend.similar import SimilarResult  # noqa: E402
from avrec_desktop.store.records import MediaItem  # noqa: E402


class _Controller(QObject):
    similar_ready = Signal(object, list)

    def __init__(self):
        super().__init__()
        self.played = []

    def play(self, media_id, item=None):
        self.played.append(media_id)


def _item(media_id: int, title: str, artist: str):
    fields = {f: None for f in MediaItem.__dataclass_fields__}
    fields.update(id=media_id, title=title, artist=artist, kind="audio", path=f"/m/{title}.mp3", status="ready")
    return MediaItem(**fields)


def _accent_pixels(image, colour, rect) -> int:
    count = 0
    for x in range(rect.left(), rect.right()):
        for y in range(rect.top(), rect.bottom()):
            if image.pixelColor(x, y) == colour:
                count += 1
    return count


def test_similar_rows_show_bars_per_modality_not_numbers(qtbot):
    from avrec_desktop.ui.main_window import SimilarPanel  # the panel the window builds

    controller = _Controller()
    panel = SimilarPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(360, 400)
    panel.show()
    seed = _item(1, "Seed", "A")
    results = [SimilarResult(_item(2, "Close", "B"), 0.8, {"audio": 0.9, "text": 0.2}, "audio"),
               SimilarResult(_item(3, "Far", "C"), 0.1, {"audio": 0.1, "text": -0.3}, "audio")]
    controller.similar_ready.emit(seed, results)
    assert panel.list.count() == 2
    first, second = panel.list.item(0), panel.list.item(1)
    assert first.text() == "Close — B"  # no raw "audio 0.90 text 0.20" in the row
    assert not any(ch.isdigit() for ch in first.text() + second.text())
    from avrec_desktop.ui.similar_panel import BarsRole

    assert first.data(BarsRole) == {"audio": 0.9, "text": 0.2}
    assert second.data(BarsRole) == {"audio": 0.1, "text": 0.0}  # a negative cosine is an empty bar
    assert first.toolTip() == "Sound 90 %, Words 20 %"

    image = panel.list.viewport().grab().toImage()
    accent = panel.list.palette().color(panel.list.palette().ColorRole.Highlight)
    close_rect, far_rect = panel.list.visualItemRect(first), panel.list.visualItemRect(second)
    close, far = _accent_pixels(image, accent, close_rect), _accent_pixels(image, accent, far_rect)
    assert close > 3 * far > 0, (close, far)  # the bars are drawn, longer where it is closer

    panel.list.setCurrentRow(1)
    panel.list.itemActivated.emit(panel.list.item(1))  # Enter / double-click plays it
    assert controller.played == [3]

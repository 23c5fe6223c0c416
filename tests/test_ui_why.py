"""'Why this?' (issue 8): chosen from an Up next row's menu with the keyboard, it opens a popover next to
that row with the core's reasons and per-modality closeness bars to what is playing; Esc closes it."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMenu, QProgressBar

import mediagen
from test_ui_keyboard import fill, focus, window  # noqa: F401  (the window fixture)
from avrec_desktop.store import Embedding
from avrec_desktop.ui.player import NowPlaying
from tags_testlib import tag_items


def _vectors(store, tmp_path):
    """Fake-encoder vectors (the window's encoders in tests): tunes 1-3 close, 4-5 elsewhere."""
    rng = np.random.default_rng(3)
    base = {"audio": rng.standard_normal(8), "text": rng.standard_normal(16)}
    for media_id in range(1, 6):
        far = media_id > 3
        vecs = {s: (-b if far else b) + 0.2 * rng.standard_normal(b.shape) for s, b in base.items()}
        store.put_embeddings(media_id, [Embedding("audio", "fake-audio", "1", vecs["audio"] / np.linalg.norm(vecs["audio"])),
                                        Embedding("text", "fake-text", "1", vecs["text"] / np.linalg.norm(vecs["text"]))])


def _popover():
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QFrame) and not isinstance(w, QMenu) and w.isVisible()
                 and w.objectName() == "why"), None)


def test_why_this_opens_a_popover_with_reasons_and_bars(window, qtbot, tmp_path):
    controller = window.controller
    store = controller.core.store
    _vectors(store, tmp_path)
    tag_items(store, [1], ["ambient", "slow", "drums"])  # learned auto-tags, as the worker stores them
    tag_items(store, [2], ["slow", "ambient", "piano"])
    seed = tmp_path / "seed.wav"
    mediagen.write_audio(seed, 2.0)
    controller.player.play(NowPlaying(1, str(seed), "audio", "Tune 01", 2.0))
    controller.queue.insert_next(store.media_by_ids([2])[2], pinned=False)
    view = window.up_next.list
    focus(qtbot, view)
    view.setCurrentIndex(controller.queue.index(0))
    view.customContextMenuRequested.emit(view.visualRect(controller.queue.index(0)).center())  # a right-click
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=10000)
    menu = QApplication.activePopupWidget()
    why = next(a for a in menu.actions() if a.text() == "Why this?")
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(why).center())
    qtbot.waitUntil(lambda: _popover() is not None, timeout=60000)
    pop = _popover()
    assert "Tune 02" in " ".join(label.text() for label in pop.findChildren(QLabel))
    reasons = [label.text() for label in pop.reason_labels]
    assert reasons and any("Tune 01" in r for r in reasons)  # the core's why: close to what is playing
    assert any(r.endswith("both ambient and slow") for r in reasons), reasons  # the tags both carry
    assert pop.tags_label.text() == "slow · ambient · piano"  # what the model hears in tune 2
    bars = {b.accessibleName().split()[0]: b.value() for b in pop.findChildren(QProgressBar)}
    assert set(bars) == {"Sound", "Words"} and all(v >= 50 for v in bars.values())  # tune 2 is close to tune 1
    row = view.visualRect(controller.queue.index(0))
    row_top = view.viewport().mapToGlobal(row.topLeft()).y()
    assert abs(pop.geometry().top() - row_top) < 80  # next to the row, not a passing status line
    QTest.keyClick(pop, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _popover() is None, timeout=10000)

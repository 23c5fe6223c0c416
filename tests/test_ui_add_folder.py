"""Ctrl+O (issue 8, item 8): after the folder is picked, a small dialog shows the kind detected from the
files (a folder of videos → Videos chosen) and the user can change it; the folder is added as chosen."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

import mediagen
from avrec_desktop.ui.tasks import SyncTaskRunner

FAKE = "fake_encoders:make"


@pytest.fixture
def window(qtbot, qapp, monkeypatch):
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    monkeypatch.setattr(w.controller, "start_background", lambda: None)  # no worker: only the kind matters
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.controller.player.close()
    w.controller.core.close()


@pytest.fixture
def videos(tmp_path):
    folder = tmp_path / "Films"
    (folder / "season 1").mkdir(parents=True)
    for i in range(3):
        mediagen.write_video(folder / "season 1" / f"episode {i}.mp4", 0.5, seed=i)
    mediagen.write_text(folder / "notes.txt")
    return folder


def _dialog(qtbot, window):
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog)), timeout=10000)
    dialog = next(d for d in window.findChildren(QDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.survey is not None, timeout=60000)
    return dialog


def _press_ctrl_o(window, monkeypatch, folder):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_o_on_a_folder_of_videos_preselects_videos(window, qtbot, monkeypatch, videos):
    _press_ctrl_o(window, monkeypatch, videos)
    dialog = _dialog(qtbot, window)
    assert dialog.kind.currentText() == "Videos"
    assert "3 videos" in dialog.found.text()
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    store = window.controller.core.store
    qtbot.waitUntil(lambda: len(store.folders()) == 1, timeout=60000)
    assert store.folders()[0].kind == "video"
    assert "as videos" in window.statusBar().currentMessage()


def test_the_user_can_change_the_detected_kind(window, qtbot, monkeypatch, videos):
    _press_ctrl_o(window, monkeypatch, videos)
    dialog = _dialog(qtbot, window)
    dialog.kind.setFocus()
    QTest.keyClick(dialog.kind, Qt.Key.Key_Down)  # Videos → Music and videos
    assert dialog.kind.currentText() == "Music and videos"
    QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    store = window.controller.core.store
    qtbot.waitUntil(lambda: len(store.folders()) == 1, timeout=60000)
    assert store.folders()[0].kind == "mixed"


def test_cancel_adds_nothing(window, qtbot, monkeypatch, videos):
    _press_ctrl_o(window, monkeypatch, videos)
    dialog = _dialog(qtbot, window)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    QApplication.processEvents()
    assert window.controller.core.store.folders() == []


def test_survey_counts_kinds(tmp_path):
    from avrec_desktop.library.folder_kind import FolderSurvey, survey

    for name in ("a.flac", "b.mp3", "c.ogg", "d.FLAC", "clip.mp4", ".hidden.mp4", "cover.jpg"):
        (tmp_path / name).write_bytes(b"")
    result = survey(str(tmp_path))
    assert (result.audio, result.video, result.kind) == (4, 1, "music")
    assert FolderSurvey(3, 3).kind == "mixed" and FolderSurvey(0, 0).kind == "mixed"
    assert FolderSurvey(1, 9).kind == "video"
    assert not survey(str(tmp_path), limit=2).complete

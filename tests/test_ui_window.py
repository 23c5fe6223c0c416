"""The desktop window, offscreen: folders → items, the player's facts → outcomes, failures listed."""

import os
import subprocess
import sys
import time

import pytest

import mediagen
from avrec_desktop.ui.tasks import SyncTaskRunner

FAKE = "fake_encoders:make"


@pytest.fixture
def window(qtbot, qapp):
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.controller.player.close()
    w.controller.core.close()


def wait_ready(qtbot, window, n, timeout=60000):
    store = window.controller.core.store
    qtbot.waitUntil(lambda: store.status_counts()["ready"] + store.status_counts()["failed"] >= n,
                    timeout=timeout)


def grab_menu(shown: list) -> bool:
    """For qtbot.waitUntil: the entries of the visible menu go into ``shown`` and it is closed; True once one was."""
    from PySide6.QtWidgets import QApplication, QMenu

    menu = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()), None)
    if menu is not None:
        shown.append([a.text() for a in menu.actions() if a.text()])
        menu.close()
    return bool(shown)


def test_first_run_shows_the_welcome_page(window):
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.button.isEnabled()


def test_add_folder_then_items_appear_after_indexing(window, qtbot, tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    for i in range(3):
        mediagen.write_audio(music / f"t{i}.flac", 1.0, freq=300 + 100 * i, tags={"title": f"Tune {i}"})
    mediagen.zero_byte(music / "empty.mp3")
    window.controller.add_folder(str(music), "music")
    window.show_page("Music")
    wait_ready(qtbot, window, 4)

    def titles():
        return {window.music.model.index(r, 0).data() for r in range(window.music.model.rowCount())}
    qtbot.waitUntil(lambda: {"Tune 0", "Tune 1", "Tune 2"} <= titles(), timeout=10000)
    assert len(titles()) == 4
    # the failure is visible with its reason
    qtbot.waitUntil(lambda: window.indexing.failures_button.isVisible(), timeout=10000)
    window.indexing.failures_button.click()
    assert window.stack.currentWidget() is window.folders
    failures = window.folders.failures
    assert failures.topLevelItemCount() == 1
    assert "empty" in failures.topLevelItem(0).text(1)


def test_new_file_in_a_watched_folder_appears_without_any_action(window, qtbot, tmp_path):
    music = tmp_path / "watched"
    music.mkdir()
    window.controller.add_folder(str(music), "music")
    window.show_page("Music")
    mediagen.write_audio(music / "late arrival.wav", 1.0, tags={"title": "Late arrival"})
    qtbot.waitUntil(lambda: window.music.model.rowCount() == 1
                    and window.music.model.index(0, 0).data() == "Late arrival", timeout=60000)


def test_window_state_is_restored(qtbot, qapp, tmp_path):
    from avrec_desktop.ui.app import build

    first = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(first)
    first.resize(700, 500)  # the offscreen screen is 800x600
    first.show_page("History")
    first.close()
    second = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(second)
    assert second.sidebar.currentRow() == 3
    assert (second.size().width(), second.size().height()) == (700, 500)
    second.controller.core.close()


def test_settings_persist(window, qtbot):
    from avrec_desktop.recommend.outcomes import OutcomeRules
    from avrec_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.threads.setValue(1)
    dialog.use_gpu.setChecked(False)
    dialog.early_skip.setValue(20)
    dialog.grace.setValue(5)
    dialog.save()
    again = SettingsDialog(window.controller, window)
    qtbot.addWidget(again)
    assert again.threads.value() == 1 and not again.use_gpu.isChecked()
    assert again.early_skip.value() == 20 and again.grace.value() == 5
    rules = OutcomeRules.load(window.controller.core.store)
    assert rules.early_skip_seconds == 20 and rules.auto_grace_seconds == 5
    service = window.controller.core.start_indexing(exit_when_idle=True)
    assert service.config.threads == 1 and service.config.use_gpu is False
    service.wait_idle(30)


def test_a_second_launch_raises_the_first_window(window, qtbot):
    import uuid

    from avrec_desktop.ui.app import listen_for_second_launch, raise_running_instance

    name = f"avrec-test-{uuid.uuid4().hex[:8]}"
    assert not raise_running_instance(name)  # nobody is running yet
    server = listen_for_second_launch(name, window)
    window.showMinimized()
    # A second launch is another process that waits for the window's answer: it runs as one here, so the
    # window's event loop keeps running while it waits.
    code = "import sys; from avrec_desktop.ui.app import raise_running_instance as r; sys.exit(0 if r(sys.argv[1]) else 3)"
    launch = subprocess.Popen([sys.executable, "-c", code, name])
    try:
        qtbot.waitUntil(lambda: launch.poll() is not None, timeout=90000)
        assert launch.returncode == 0
        qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)
    finally:
        if launch.poll() is None:
            launch.kill()
        server.close()  # never left listening with its connections' callbacks into a test that has ended

"""Settings from the dialog: saved through the task thread, and a new skip threshold judges the very
next play (no restart)."""

import pytest

pytest.importorskip("PySide6.QtMultimedia")

import mediagen  # noqa: E402
from test_ui_window import window  # noqa: E402,F401  (fixture: the window with a synchronous runner)


def _skip_at(core, media_id, position):
    core.record_event(media_id, "start", duration=200.0)
    outcomes = core.record_event(media_id, "end", reason="skipped", position=position, duration=200.0)
    return [o.label for o in outcomes]


def test_a_new_early_skip_threshold_counts_at_once(window, qtbot, tmp_path):
    from avrec_desktop.ui.settings_dialog import SettingsDialog

    music = tmp_path / "music"
    music.mkdir()
    mediagen.write_audio(music / "a.wav", 1.0, tags={"title": "A"})
    window.controller.add_folder(str(music), "music")
    core = window.controller.core
    media_id = core.store.all_media()[0].id
    assert _skip_at(core, media_id, 20.0) == ["early-skip"]  # the default: the first 30 s
    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    assert dialog.early_skip.value() == 30 and dialog.early_skip.isEnabled()  # the stored values arrived
    dialog.early_skip.setValue(10)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert _skip_at(core, media_id, 20.0) == ["late-skip"]  # 20 s is past the new 10 s

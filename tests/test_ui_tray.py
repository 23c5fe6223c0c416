"""The tray icon and the close rule, offscreen (the icon is made directly: offscreen has no tray), and paths
opened from a command line (what a second launch hands over) in the window."""

import pytest

import mediagen
from avrec_desktop.ui.tasks import SyncTaskRunner

pytest.importorskip("PySide6.QtMultimedia")


@pytest.fixture
def window(qtbot, qapp):
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory="fake_encoders:make", start_background=False)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.controller.player.close()
    w.controller.core.close()


@pytest.fixture
def tray(window):
    from avrec_desktop.ui.tray import Tray

    quits = []
    icon = Tray(window, quit_app=lambda: quits.append(True))
    icon.quits = quits
    yield icon
    icon.remove()


def _song(window, tmp_path, name="song.wav", seconds=20.0, **kw):
    music = tmp_path / "music"
    music.mkdir(exist_ok=True)
    path = music / name
    mediagen.write_audio(path, seconds, **kw)
    core = window.controller.core
    if core.store.folder_by_path(str(music)) is None:
        core.add_folder(str(music), "music")
    else:
        core.scan()
    return core.store.media_by_path(str(path))


def test_closing_the_window_quits_by_default_even_with_a_tray(window, tray, qtbot, tmp_path):
    from avrec_desktop.ui.tray import keeps_playing

    assert not keeps_playing(window.settings)  # the default is off
    item = _song(window, tmp_path)
    window.controller.play(item.id, item=item)
    assert window.controller.player.current is not None
    window.close()
    qtbot.waitUntil(lambda: bool(tray.quits), timeout=30000)
    assert not window.isVisible()
    assert window.controller.player.current is None  # the window's close stopped the player (app-closed)


def test_closing_keeps_playing_in_the_tray_only_when_chosen(window, tray, qtbot, tmp_path):
    from avrec_desktop.ui.tray import set_keeps_playing

    set_keeps_playing(window.settings, True)
    item = _song(window, tmp_path)
    window.controller.play(item.id, item=item)
    window.close()
    qtbot.wait(50)  # let a (wrong) queued quit run, if one was made
    assert not window.isVisible()
    assert tray.quits == []
    assert window.controller.player.current is not None and window.controller.player.current.media_id == item.id
    assert tray.window_action.text() == "Show window"
    tray.window_action.trigger()  # back from the tray
    assert window.isVisible()
    tray.quit_action.trigger()  # Quit always quits
    assert tray.quits
    assert window.controller.player.current is None


def test_tray_menu_controls_the_player(window, tray, qtbot, tmp_path):
    item = _song(window, tmp_path)
    player = window.controller.player
    assert not tray.play_action.isEnabled()  # nothing to play yet
    window.controller.play(item.id, item=item)
    qtbot.waitUntil(lambda: player.playing, timeout=30000)
    tray.refresh()
    assert tray.play_action.text() == "Pause"
    tray.play_action.trigger()
    qtbot.waitUntil(lambda: not player.playing, timeout=30000)
    tray.refresh()
    assert tray.play_action.text() == "Play"
    tray.play_action.trigger()
    qtbot.waitUntil(lambda: player.playing, timeout=30000)
    store = window.controller.core.store
    assert not any(e["type"] == "end" for e in store.events_of(item.id))
    tray.next_action.trigger()  # the user moved on: the item ends
    qtbot.waitUntil(lambda: any(e["type"] == "end" for e in store.events_of(item.id)), timeout=30000)


def test_settings_dialog_has_the_keep_playing_choice(window, qtbot):
    from avrec_desktop.ui.settings_dialog import SettingsDialog
    from avrec_desktop.ui.tray import keeps_playing

    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    assert not dialog.keep_in_tray.isChecked()
    dialog.keep_in_tray.setChecked(True)
    dialog.save()
    assert keeps_playing(window.settings)
    again = SettingsDialog(window.controller, window)
    qtbot.addWidget(again)
    assert again.keep_in_tray.isChecked()


def test_paths_from_a_command_line_play_queue_and_offer_unknown_folders(window, qtbot, tmp_path):
    from avrec_desktop.ui.single_instance import PathOpener

    first = _song(window, tmp_path, "a.wav", tags={"title": "First"})
    second = _song(window, tmp_path, "b.wav", freq=660, tags={"title": "Second"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    new_song = elsewhere / "new.wav"
    mediagen.write_audio(new_song, 2.0)
    asked = []
    opener = PathOpener(window, ask_to_add=lambda folder: asked.append(folder) or None)
    with qtbot.waitSignal(opener.opened, timeout=30000) as got:
        opener.open([first.path, second.path, str(new_song)])
    assert got.args[0] == first.id and got.args[1] == 1
    assert window.controller.player.current.media_id == first.id
    assert window.controller.queue.entries[0].media.id == second.id  # next after the first, in the order given
    assert asked == [str(elsewhere)]  # the unknown folder is offered, not added behind the person's back
    assert window.controller.core.store.folder_by_path(str(elsewhere)) is None
    # saying yes adds it, and what was given from it plays
    opener.ask_to_add = lambda folder: "music"
    with qtbot.waitSignal(opener.opened, timeout=30000):
        opener.open([str(new_song)])
    assert window.controller.core.store.folder_by_path(str(elsewhere)) is not None
    new_id = window.controller.core.store.media_by_path(str(new_song)).id
    qtbot.waitUntil(lambda: window.controller.player.current is not None
                    and window.controller.player.current.media_id == new_id, timeout=30000)


def test_a_tray_that_joins_while_something_plays_names_it(window, qtbot, tmp_path):
    """The tray joins after the window's first frame; a file from the command line may play already."""
    from avrec_desktop.ui.tray import Tray

    item = _song(window, tmp_path)
    window.controller.play(item.id, item=item)
    qtbot.waitUntil(lambda: window.controller.player.current is not None, timeout=30000)
    icon = Tray(window, quit_app=lambda: None)
    try:
        assert icon.icon.toolTip() == f"avrec — {window.controller.player.current.title}"
    finally:
        icon.remove()

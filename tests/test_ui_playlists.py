"""Playlists in the window (issue #10), driven as a user would: Library ▸ Save Up next as playlist…, Up next's
menu, the item menu's Add to playlist submenu, and the Playlists page (play, queue, export, import, delete)."""

import pytest

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


@pytest.fixture
def items(window, tmp_path):
    """Three ready songs in a music folder; their ids."""
    store = window.controller.core.store
    music = tmp_path / "music"
    music.mkdir()
    folder = store.add_folder(str(music), "music")
    ids = []
    for i, (title, artist) in enumerate((("Morning", "Anna"), ("Noon", "Bert"), ("Night", "Cleo"))):
        path = music / f"{i} {title}.flac"
        path.write_bytes(b"x")
        ids.append(store.insert_media(folder_id=folder.id, path=str(path), kind="audio", status="ready",
                                      title=title, artist=artist, duration=180 + i))
    return ids


def action(menu, text):
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert found, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    return found[0]


def library_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Library")


def answer_name(monkeypatch, name, ok=True):
    from PySide6.QtWidgets import QInputDialog

    asked = []

    def get_text(*args, **kwargs):
        asked.append(args)
        return name, ok
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return asked


def play_and_queue(window, monkeypatch, ids):
    """``ids[0]`` playing, the others in Up next in order."""
    from avrec_desktop.ui.player import NowPlaying

    controller = window.controller
    store = controller.core.store
    first = store.get_media(ids[0])
    monkeypatch.setattr(controller.player, "current", NowPlaying(first.id, first.path, "audio", first.title, 180))
    for media_id in reversed(ids[1:]):
        controller.queue.insert_next(store.get_media(media_id))


def test_library_menu_saves_up_next_as_a_playlist(window, items, monkeypatch):
    play_and_queue(window, monkeypatch, items)
    asked = answer_name(monkeypatch, "  Road trip ")
    action(library_menu(window), "Save Up next as playlist…").trigger()
    assert asked
    info, entries = window.controller.core.playlists.show("Road trip")
    assert info.kind == "up-next"
    assert [e.media_id for e in entries] == items
    assert window.statusBar().currentMessage() == "Saved playlist 'Road trip' (3 tracks)"


def test_up_next_menu_saves_and_cancel_saves_nothing(window, items, monkeypatch, qtbot):
    play_and_queue(window, monkeypatch, items[:2])
    answer_name(monkeypatch, "Ignored", ok=False)
    action(library_menu(window), "Save Up next as playlist…").trigger()
    assert window.controller.core.playlists.list() == []
    answer_name(monkeypatch, "From the panel")
    panel = window.up_next
    menus = []
    from PySide6.QtWidgets import QMenu

    monkeypatch.setattr(QMenu, "popup", lambda self, *_a: menus.append(self))
    panel._menu(panel.list.visualRect(window.controller.queue.index(0)).center())
    action(menus[-1], "Save Up next as playlist…").trigger()
    _info, entries = window.controller.core.playlists.show("From the panel")
    assert [e.media_id for e in entries] == items[:2]
    # a name already taken is said, nothing replaced
    action(library_menu(window), "Save Up next as playlist…").trigger()
    assert "already exists" in window.statusBar().currentMessage()


def test_empty_up_next_says_so(window, items, monkeypatch):
    asked = answer_name(monkeypatch, "Nothing")
    action(library_menu(window), "Save Up next as playlist…").trigger()
    assert not asked and window.controller.core.playlists.list() == []
    assert "Up next is empty" in window.statusBar().currentMessage()


def item_menu_for(window, media_id):
    from avrec_desktop.ui.library_view import item_menu

    return item_menu(window.music, window.controller, media_id, None)


def open_add_to(menu):
    sub = action(menu, "Add to playlist").menu()
    sub.aboutToShow.emit()  # as when the user opens it
    return sub


def test_item_menu_adds_to_a_new_then_an_existing_playlist(window, items, monkeypatch):
    playlists = window.controller.core.playlists
    answer_name(monkeypatch, "Favourites")
    sub = open_add_to(item_menu_for(window, items[1]))
    assert [a.text() for a in sub.actions()] == ["New playlist…"]
    action(sub, "New playlist…").trigger()
    assert [e.media_id for e in playlists.show("Favourites")[1]] == [items[1]]
    assert window.statusBar().currentMessage() == "Added to 'Favourites' (1 track)"
    playlists.save("Rock & roll", [items[0]])
    sub = open_add_to(item_menu_for(window, items[2]))
    assert [a.text() for a in sub.actions() if a.text()] == ["Favourites", "Rock && roll", "New playlist…"]
    action(sub, "Favourites").trigger()
    assert [e.media_id for e in playlists.show("Favourites")[1]] == [items[1], items[2]]
    assert window.statusBar().currentMessage() == "Added to 'Favourites' (2 tracks)"

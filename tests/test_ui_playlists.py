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
    from avrec_desktop.ui import playlist_actions

    asked = []

    def get_text(*args, **kwargs):
        asked.append(args)
        return name, ok
    monkeypatch.setattr(playlist_actions, "ask_text", get_text)
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


def playlists_page(window, qtbot):
    window._library_changed()  # the folder added by ``items`` is known: no welcome page
    qtbot.waitUntil(lambda: window._has_folders)
    window.show_page("Playlists")
    page = window.playlists
    assert window.stack.currentWidget() is page
    return page


def test_page_lists_playlists_and_greys_entries_not_in_the_library(window, items, tmp_path, qtbot):
    playlists = window.controller.core.playlists
    playlists.save("Day", items)
    outside = tmp_path / "elsewhere.m3u8"
    outside.write_text(f"#EXTM3U\n#EXTINF:200,Zed - Gone song\n/nowhere/gone.mp3\n#EXTINF:181,Bert - Noon\n"
                       f"{window.controller.core.store.get_media(items[1]).path}\n", encoding="utf-8")
    playlists.import_file(str(outside), name="Mixed")
    page = playlists_page(window, qtbot)
    assert [page.lists.item(r).data(0x0100) for r in range(page.lists.count())] == ["Day", "Mixed"]
    assert not page.empty.isVisible()
    page.lists.setCurrentRow(1)
    rows = [[page.tree.topLevelItem(r).text(c) for c in range(4)] for r in range(page.tree.topLevelItemCount())]
    assert rows == [["Gone song", "Zed", "3:20", "not in library"], ["Noon", "Bert", "3:01", ""]]
    grey = page.tree.topLevelItem(0).foreground(0).color()
    assert grey != page.tree.topLevelItem(1).foreground(0).color()
    assert page.count.text() == "2 tracks, 1 not in library"


def test_enter_plays_the_playlist_and_up_next_becomes_the_rest(window, items, monkeypatch, qtbot):
    from PySide6.QtCore import Qt

    controller = window.controller
    controller.core.playlists.save("Day", [items[2], items[0], items[1]])
    page = playlists_page(window, qtbot)
    played = []
    monkeypatch.setattr(controller, "play", lambda media_id, **kw: played.append(media_id))
    controller.queue.insert_next(controller.core.store.get_media(items[1]))  # replaced by the playlist
    page.lists.setFocus()
    qtbot.keyClick(page.lists, Qt.Key.Key_Return)
    assert played == [items[2]]
    assert [e.media.id for e in controller.queue.entries] == [items[0], items[1]]
    assert window.statusBar().currentMessage() == "Playing 'Day' (3 tracks)"
    page.queue()  # Queue puts them all next, before what was there
    assert [e.media.id for e in controller.queue.entries] == [items[2], items[0], items[1], items[0], items[1]]


@pytest.mark.parametrize("chosen, ext", [("M3U8 playlist (*.m3u8)", ".m3u8"), ("XSPF playlist (*.xspf)", ".xspf")])
def test_export_then_import_through_the_file_dialogs(window, items, monkeypatch, tmp_path, chosen, ext, qtbot):
    from PySide6.QtWidgets import QFileDialog

    playlists = window.controller.core.playlists
    playlists.save("Night & day", items)
    page = playlists_page(window, qtbot)
    target = tmp_path / "out" / "mix"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), chosen)))
    page.buttons["Export…"].click()
    written = target.with_suffix(ext)
    assert written.is_file() and "Wrote 3 entries" in window.statusBar().currentMessage()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(written), "")))
    page.buttons["Import…"].click()
    assert "Imported" in window.statusBar().currentMessage()
    imported = [p for p in playlists.list() if p.kind == "import"]
    assert len(imported) == 1 and imported[0].entries == 3 and imported[0].not_in_library == 0
    assert [e.media_id for e in playlists.show(imported[0].name)[1]] == items
    assert page.selected() == imported[0].name  # the new one is shown


def test_del_asks_then_deletes(window, items, monkeypatch, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    playlists = window.controller.core.playlists
    playlists.save("Keep", items[:1])
    playlists.save("Drop", items[1:])
    page = playlists_page(window, qtbot)
    page.lists.setCurrentRow(0)
    assert page.selected() == "Drop"
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    page.lists.setFocus()
    qtbot.keyClick(page.lists, Qt.Key.Key_Delete)
    assert len(answers) == 1  # it asked
    assert [p.name for p in playlists.list()] == ["Drop", "Keep"]  # No: nothing deleted
    qtbot.keyClick(page.lists, Qt.Key.Key_Delete)
    assert [p.name for p in playlists.list()] == ["Keep"]
    assert [page.lists.item(r).data(0x0100) for r in range(page.lists.count())] == ["Keep"]
    assert window.statusBar().currentMessage() == "Deleted playlist 'Drop'"


def test_up_next_keys_stay_in_up_next(window, items, monkeypatch, qtbot):
    """Del, P, Alt+Up/Down act on Up next only when it has the focus (they were window-wide: Del on the
    Playlists page removed an Up next row instead of asking to delete the playlist)."""
    from PySide6.QtCore import Qt

    play_and_queue(window, monkeypatch, items)
    queue = window.controller.queue
    page = playlists_page(window, qtbot)
    page.lists.setFocus()
    qtbot.keyClick(page.lists, Qt.Key.Key_Delete)
    assert len(queue) == 2
    view = window.up_next.list
    view.setFocus()
    view.setCurrentIndex(queue.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [e.media.id for e in queue.entries] == [items[2]]


def test_the_shown_page_follows_a_save_from_the_menu(window, items, monkeypatch, qtbot):
    play_and_queue(window, monkeypatch, items[:2])
    page = playlists_page(window, qtbot)
    assert page.lists.count() == 0 and page.empty.isVisible()
    answer_name(monkeypatch, "Later")
    action(library_menu(window), "Save Up next as playlist…").trigger()
    assert page.selected() == "Later" and not page.empty.isVisible()
    assert [page.tree.topLevelItem(r).text(0) for r in range(page.tree.topLevelItemCount())] == ["Morning", "Noon"]


def test_f2_renames_and_entries_have_the_item_menu(window, items, monkeypatch, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMenu

    playlists = window.controller.core.playlists
    playlists.save("Old name", items[:2])
    page = playlists_page(window, qtbot)
    asked = answer_name(monkeypatch, "New name")
    page.lists.setFocus()
    qtbot.keyClick(page.lists, Qt.Key.Key_F2)
    assert asked and [p.name for p in playlists.list()] == ["New name"]
    assert page.selected() == "New name"
    assert window.statusBar().currentMessage() == "Renamed 'Old name' to 'New name'"
    menus = []
    monkeypatch.setattr(QMenu, "popup", lambda self, *_a: menus.append(self))
    page._menu(page.tree.visualItemRect(page.tree.topLevelItem(1)).center())
    assert "Play similar" in [a.text() for a in menus[-1].actions()]
    played = []
    monkeypatch.setattr(window.controller, "play", lambda media_id, **kw: played.append(media_id))
    action(menus[-1], "Play").trigger()
    assert played == [items[1]]

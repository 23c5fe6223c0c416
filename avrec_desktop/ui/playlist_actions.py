"""Playlists from the window's menus: "Save Up next as playlist…" (Library menu, Up next's menu), the item
menu's "Add to playlist" submenu, and playing or queueing a playlist's entries. Every read and write goes
through the controller's runner (core.playlists, playlists/service.py); answers arrive on the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from avrec_desktop.ui.i18n import plural, qtr
from avrec_desktop.ui.text_prompt import ask_text


def say(widget, text: str, msecs: int = 8000) -> None:
    """A line in the window's status bar (when the widget is in one)."""
    window = widget.window() if widget is not None else None
    if window is not None and hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, msecs)


def changed(parent, name: str) -> None:
    """A playlist was saved or grew: the Playlists page, when shown, reads the list again and shows it."""
    page = getattr(parent.window(), "playlists", None) if parent is not None else None
    if page is not None and page.isVisible():
        page.refresh(select=name)


def ask_name(parent, title: str, text: str = "") -> str | None:
    name, ok = ask_text(parent, title, qtr("PlaylistActions", "Playlist name:"), text)
    name = " ".join((name or "").split())
    return name if ok and name else None


def tracks(n: int) -> str:
    return plural(n, qtr("PlaylistActions", "1 track"), qtr("PlaylistActions", "{n} tracks"))


def up_next_ids(controller) -> list[int]:
    """What is playing, then Up next as the window has it now (each item once)."""
    ids = []
    playing = controller.player.current
    if playing is not None and playing.media_id is not None:
        ids.append(playing.media_id)
    ids += [entry.media.id for entry in controller.queue.entries]
    seen: set[int] = set()
    return [i for i in ids if not (i in seen or seen.add(i))]


def save_up_next(parent, controller) -> None:
    """Ask a name, then save the playing item and Up next as a playlist; the status bar says how it went."""
    ids = up_next_ids(controller)
    if not ids:
        say(parent, qtr("PlaylistActions", "Up next is empty: play something first"))
        return
    name = ask_name(parent, qtr("PlaylistActions", "Save Up next as playlist"))
    if name is None:
        return
    saved = qtr("PlaylistActions", "Saved playlist '{name}' ({tracks})")
    controller._call(lambda: controller.core.playlists.save_up_next(name, ids),
                     what=qtr("PlaylistActions", "could not save the playlist"),
                     on_done=lambda info: (say(parent, saved.format(name=info.name, tracks=tracks(info.entries))),
                                           changed(parent, info.name)))


def add_to(parent, controller, name: str | None, media_id: int) -> None:
    """Add the item at the end of playlist ``name`` (None: ask a name and make a new one)."""
    if name is None:
        name = ask_name(parent, qtr("PlaylistActions", "New playlist"))
        if name is None:
            return
        create = lambda: controller.core.playlists.save(name, [media_id])  # noqa: E731 (a name taken: said)
    else:
        create = lambda: controller.core.playlists.add(name, [media_id], create=False)  # noqa: E731
    added = qtr("PlaylistActions", "Added to '{name}' ({tracks})")
    controller._call(create, what=qtr("PlaylistActions", "could not add to the playlist"),
                     on_done=lambda info: (say(parent, added.format(name=info.name, tracks=tracks(info.entries))),
                                           changed(parent, info.name)))


def add_to_playlist_menu(menu: QMenu, parent, controller, media_id: int) -> QMenu:
    """The item menu's "Add to playlist" submenu: the saved playlists (read when it opens) and New playlist…"""
    sub = menu.addMenu(qtr("PlaylistActions", "Add to playlist"))

    def fill(playlists) -> None:
        sub.clear()
        for info in playlists:
            sub.addAction(info.name.replace("&", "&&"), lambda name=info.name: add_to(parent, controller, name,
                                                                                        media_id))
        if playlists:
            sub.addSeparator()
        sub.addAction(qtr("PlaylistActions", "New playlist…"), lambda: add_to(parent, controller, None, media_id))

    fill([])
    unread = qtr("PlaylistActions", "could not read the playlists")
    sub.aboutToShow.connect(lambda: controller._call(lambda: controller.core.playlists.list(), on_done=fill,
                                                     what=unread))
    return sub


def play_ids(parent, controller, ids: list[int], *, name: str, play: bool) -> None:
    """``play``: start the first item and put the others in Up next (in order, pinned), replacing it;
    else put them all next in Up next, before what was there."""
    if not ids:
        say(parent, qtr("PlaylistActions", "Nothing in '{name}' is in your library").format(name=name))
        return

    def done(items) -> None:
        queue = controller.queue
        if play:
            for row in reversed(range(len(queue))):
                queue.remove(row, feedback=False)
        for item in reversed(items[1:] if play else items):
            queue.insert_next(item, reasons=[], pinned=True)
        if play:
            controller.play(items[0].id, source="queue", item=items[0], then=lambda: None)  # Up next is the list
            say(parent, qtr("PlaylistActions", "Playing '{name}' ({tracks})").format(name=name,
                                                                                     tracks=tracks(len(items))))
        else:
            say(parent, qtr("PlaylistActions", "Queued {tracks} from '{name}'").format(tracks=tracks(len(items)),
                                                                                       name=name))
    controller._call(lambda: [controller.core.resolve_item(i) for i in ids], on_done=done,
                     what=qtr("PlaylistActions", "could not play the playlist"))

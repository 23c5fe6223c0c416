"""Parts of the main window made after its first frame: the pages (the one it opens on first), the player
bar, the video surface, the media player and the Tab order.

Making them all before the window is shown took one ~100 ms stretch of the GUI thread; making only what is
on screen still took ~50 ms. Now the first frame has the sidebar, Up next, Similar, the status bar and the
menu bar, with a blank where the page goes and an empty strip of the player bar's height where it goes
(the window's shortcuts, the bar's among them, work from the start). The rest is made one part per
event-loop turn after it (``start``, from the window's first show event), each a few milliseconds: first
the page the window opens on (``first``), then the player bar, then the hidden pages. Anything that asks
for a part earlier — a page the user opens, a test, a menu action — gets it made at once: a part is a
``Later`` attribute of the window, made on first use.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from contextlib import contextmanager
from typing import Callable

from PySide6.QtCore import QObject, QTimer

from avrec_desktop.ui.for_you_cards import ForYouCards
from avrec_desktop.ui.history_page import HistoryPage
from avrec_desktop.ui.library_view import LibraryView
from avrec_desktop.ui.pages import FoldersPage

log = logging.getLogger(__name__)
PAGE_PARTS = ("music", "videos", "for_you", "history", "map", "playlists", "folders")  # the sidebar's, in order


class Later:
    """A window attribute made by its maker (``MAKERS``) on first use, or by ``LaterParts`` in turn."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, window, owner=None):
        if window is None:
            return self
        return window.later.make(self.name)


class LaterParts(QObject):
    """Makes the window's later parts in ``MAKERS``' order, one per event-loop turn, once ``start`` is
    called. A maker that is a generator is made a piece per turn (it yields between the pieces, and returns
    the part); asked for at once, it is made whole."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.pending = list(MAKERS)
        self.made: set[str] = set()  # begun (or done)
        self.started = False
        self.on_done: list[Callable[[], None]] = []
        self._making: dict[str, Generator] = {}  # begun in turn, pieces still to come
        self._running: list[str] = []  # the parts whose makers are running now (one may ask for another)

    @property
    def done(self) -> bool:
        return not self.pending

    def make(self, name: str):
        """Make ``name`` now unless it is made (what is left of it, if it was begun in turn); a part (not a
        step) is set on the window as it is made, and a page takes its place in the stack. A maker that
        fails is logged and gives None; the parts after it still come."""
        if name in self._running:
            return None  # a maker that asks for itself gets None, not a loop
        if name in self._making:
            maker = self._making.pop(name)
            return self._finish(name, lambda: _whole(maker))
        if name in self.made:
            return self.window.__dict__.get(name)
        self.made.add(name)
        return self._finish(name, lambda: _whole(MAKERS[name](self.window)))

    @contextmanager
    def _runs(self, name: str):
        """``name``'s maker runs (a part it asks for runs inside it: the one before is back after)."""
        self._running.append(name)
        try:
            yield
        finally:
            self._running.pop()

    def _finish(self, name: str, produce: Callable[[], object], in_turn: bool = False):
        part = None
        try:
            with self._runs(name):
                part = produce()
                shown = name in PAGE_PARTS and _place(self.window, name, part)
                if isinstance(getattr(type(self.window), name, None), Later):
                    setattr(self.window, name, part)  # from now on a plain attribute
            if shown and in_turn and hasattr(part, "refresh"):
                part.refresh()  # the page the window opened on: read as if the user had opened it
        except Exception:
            log.exception("could not make the window's %s", name)
        finally:
            if name in self.pending:
                self.pending.remove(name)
                if not self.pending:
                    self._finished()
        return part

    def _piece(self, name: str) -> None:
        """One turn's piece of a part: the next piece of one begun, or the whole of one that is not a
        generator."""
        if name not in self._making:
            self.made.add(name)
            try:
                with self._runs(name):
                    result = MAKERS[name](self.window)
            except Exception as exc:
                self._finish(name, _raiser(exc))
                return
            if not isinstance(result, Generator):
                self._finish(name, lambda: result, in_turn=True)
                return
            self._making[name] = result
        maker = self._making[name]
        try:
            with self._runs(name):
                next(maker)
        except StopIteration as stop:
            self._making.pop(name, None)
            self._finish(name, lambda: stop.value, in_turn=True)
        except Exception as exc:
            self._making.pop(name, None)
            self._finish(name, _raiser(exc))

    def start(self) -> None:
        """From the window's first show: the first part comes a turn after the first frame's."""
        if not self.started:
            self.started = True
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._step))  # none once it is gone

    def first(self, name: str) -> None:
        """Make ``name`` first of the parts still to come (the page the window opens on)."""
        if name in self.pending:
            self.pending.remove(name)
            self.pending.insert(0, name)

    def stop(self) -> None:
        """The window is closing: nothing more is made in turn, and nothing waits for it."""
        self.pending.clear()
        self.on_done.clear()
        for maker in self._making.values():
            maker.close()
        self._making.clear()

    def _step(self) -> None:
        if self.pending:
            self._piece(self.pending[0])
        if self.pending:
            QTimer.singleShot(0, self, self._step)  # none once the window is gone

    def when_done(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once every part is made (now, if they are)."""
        if self.done:
            callback()
        else:
            self.on_done.append(callback)

    def _finished(self) -> None:
        for callback in self.on_done:
            callback()


def _whole(made):
    """A maker's part: what it returned, or what its generator returns once run to its end."""
    if not isinstance(made, Generator):
        return made
    while True:
        try:
            next(made)
        except StopIteration as stop:
            return stop.value


def _raiser(exc: Exception) -> Callable[[], object]:
    def again():
        raise exc
    return again


# -- the makers: each makes one part of ``window`` (a page is put in the stack by ``LaterParts.make``) ------
def _place(window, name: str, page) -> bool:
    """Put a page made later where its blank stands in the stack (shown if the blank was: then True)."""
    index = PAGE_PARTS.index(name)
    stack = window.stack
    blank = stack.widget(index)
    current = stack.currentIndex() == index
    stack.insertWidget(index, page)
    stack.removeWidget(blank)
    blank.deleteLater()
    if current:
        stack.setCurrentIndex(index)
    return current


def _music(window):
    from avrec_desktop.ui import feedback

    music = LibraryView(window.controller, "audio", window)
    music.remember_columns(window.settings)  # the columns chosen in the header's menu
    music.status.connect(window.say_briefly)
    feedback.mark_table(music, window.marks)
    return music


def _player_bar(window):
    from avrec_desktop.ui.player_bar import BAR_SIZE_KEY, PlayerBar, kept_size

    slot = window.bar_slot
    bar = PlayerBar(window.controller, slot.parentWidget())
    slot.parentWidget().layout().replaceWidget(slot, bar)
    slot.deleteLater()
    window.settings.setValue(BAR_SIZE_KEY, kept_size(bar))  # its place's size at the next start
    return bar


def _videos(window):
    from avrec_desktop.ui import feedback, video_grid

    videos = LibraryView(window.controller, "video", window)
    videos.remember_columns(window.settings)
    yield  # (each piece in its own turn)
    video_grid.install(videos, window.settings)  # posters in a grid, or the list (remembered)
    videos.status.connect(window.say_briefly)
    feedback.mark_videos(videos, window.marks)
    return videos


def _for_you(window):
    from avrec_desktop.ui import mark_paint

    page = ForYouCards(window.controller, window)  # shelves of cards
    mark_paint.mark_for_you(page, window.marks)
    return page


def _map(window):
    from avrec_desktop.ui.map_page import MapPage

    yield  # the import, then the page
    return MapPage(window.controller, window)  # the library on a plane (issue #10)


def _playlists(window):
    from avrec_desktop.ui.playlists_page import PlaylistsPage

    yield  # the import, then the page
    return PlaylistsPage(window.controller, window)  # saved playlists (issue #10)


def _folders(window):
    page = FoldersPage(window.controller, window)
    page.welcome.add_folder.connect(window._folder_added)
    return page


def _video(window):
    from avrec_desktop.ui.video_panel import VideoSurface

    surface = VideoSurface(window.controller.player, window)
    blank = window.video_dock.widget()
    window.video_dock.setWidget(surface)
    blank.deleteLater()
    return surface


def _media(window) -> None:
    window.controller.player.media()  # QMediaPlayer and its audio output (15–60 ms), before the video surface


def _keyboard(window):
    from avrec_desktop.ui import keyboard

    yield from keyboard.pieces(window)  # Shift+F10/Menu opens the item menu, focus frames, Tab order


# the order they are made in after the first frame (the page the window opens on first of all: ``first``),
# then the hidden pages; the Tab order last (it walks every page)
MAKERS = {"player_bar": _player_bar, "music": _music, "videos": _videos, "folders": _folders, "for_you": _for_you,
          "history": lambda window: HistoryPage(window.controller, window), "playlists": _playlists,
          "map": _map, "media": _media, "video": _video, "keyboard": _keyboard}

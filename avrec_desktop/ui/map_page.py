"""Map (issue #10): the whole library on one plane, near what it sounds or looks like (music left, videos
right; index/library_map.py places them, index/map_data.py says what is drawn). Coloured by top auto-tag or
by folder, with a small legend; the canvas (ui/map_canvas.py) pans, zooms, selects, plays and lassoes.

The map is brought up to date and read on the controller's task thread (never the GUI thread), with
"Drawing the library map…" in the status bar meanwhile; a click shows the item's title and artist, a
double-click or Enter plays it, right-click (or the Menu key) opens the item menu, a Shift+drag lasso queues what it holds (next in Up next, in lasso order)."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from avrec_desktop.ui.i18n import number, plural, qtr
from avrec_desktop.ui.map_canvas import MapCanvas, group_colours

MODES = ("tag", "folder")  # what the points are coloured by
MAX_QUEUE = 500  # a lasso queues at most this many items
BACKGROUND = -1  # behind a play or a recorded event waiting on the same task thread (ui/tasks.py)


def mode_names() -> list[str]:
    """The Colour by choices, in MODES' order."""
    return [qtr("MapPage", "Tag"), qtr("MapPage", "Folder")]


def group_name(name: str, mode: str = "tag") -> str:
    """A legend entry's name in the window's language: the map's own "other" and "no auto-tag yet", an
    auto-tag word through the tag catalogue (as everywhere else in the window); a folder as it is."""
    from avrec_desktop.index.map_data import OTHER, UNTAGGED
    from avrec_desktop.ui.reason_text import tag_word

    own = {OTHER: qtr("MapPage", "other"), UNTAGGED: qtr("MapPage", "no auto-tag yet")}
    if name in own:
        return own[name]
    return tag_word(name) if mode == "tag" else name


def map_work(core, say=None):
    """On the task thread: refresh the stored map from the open indexes' vectors, then read what is drawn."""
    from avrec_desktop.index import library_map, map_data

    active = core._active_signatures()
    vectors = library_map.index_vectors(core.indexes(), core.store)
    report = library_map.refresh(core.store, active, vectors, on_progress=say)
    return report, map_data.load(core.store)


class MapPage(QWidget):
    progress = Signal(str)  # from the task thread: queued onto the GUI thread by Qt
    status = Signal(str, int)  # text, ms

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self._asked = 0
        self.report = None
        self.mode = QComboBox(self)
        for text in mode_names():
            self.mode.addItem(text)
        self.mode.setAccessibleName(qtr("MapPage", "Colour by"))
        self.mode.currentIndexChanged.connect(self._mode_changed)
        label = QLabel(qtr("MapPage", "Colour by:"), self)
        label.setBuddy(self.mode)
        self.count = QLabel(self)
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName(qtr("MapPage", "Legend"))
        self.canvas = MapCanvas(self)
        self.canvas.selected.connect(self._selected)
        self.canvas.activated.connect(lambda media_id: controller.play(media_id, source="map"))
        self.canvas.lassoed.connect(self.queue)
        self.canvas.menu_requested.connect(self._menu)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.mode)
        row.addSpacing(12)
        row.addWidget(self.legend, 1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        self.progress.connect(lambda text: self._say(text, 0))
        player = getattr(controller, "player", None)
        if player is not None and hasattr(player, "started"):
            player.started.connect(self._playing)

    # -- data ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Bring the map up to date and read it, in the background (answered in show_map)."""
        self._asked += 1
        asked = self._asked
        self._say(qtr("MapPage", "Drawing the library map…"), 0)

        def done(answer) -> None:
            if asked == self._asked:
                self.show_map(*answer)
        self.controller._call(map_work, self.controller.core, self.progress.emit, on_done=done, priority=BACKGROUND,
                              what=qtr("MapPage", "could not draw the library map"))

    def show_map(self, report, data) -> None:
        self.report = report
        self.canvas.set_data(data)
        current = getattr(getattr(self.controller, "player", None), "current", None)
        self.canvas.playing_id = current.media_id if current is not None else None
        n, videos = len(data), int(data.video.sum()) if len(data) else 0
        tracks = plural(n - videos, qtr("MapPage", "1 track"), qtr("MapPage", "{n} tracks"))
        if videos:
            tracks = qtr("MapPage", "{tracks}, {videos}").format(
                tracks=tracks, videos=plural(videos, qtr("MapPage", "1 video"), qtr("MapPage", "{n} videos")))
        self.count.setText(tracks)
        self._legend()
        self._say(plural(n, qtr("MapPage", "Library map: 1 item"), qtr("MapPage", "Library map: {n} items")), 3000)

    def _mode_changed(self, index: int) -> None:
        self.canvas.set_mode(MODES[index])
        self._legend()

    def _legend(self) -> None:
        data = self.canvas.data
        groups = data.groups.get(self.canvas.mode) if data is not None else None
        if groups is None:
            self.legend.clear()
            return
        colours = group_colours(groups.names)
        self.legend.setText("&nbsp;&nbsp; ".join(  # an entry never wraps inside itself ("classical" / "(1)")
            f"<span style='white-space:nowrap'><span style='color:#{int(c) & 0xFFFFFF:06x}'>■</span>&nbsp;"
            f"{html.escape(group_name(name, self.canvas.mode))} ({number(int(count))})</span>"
            for name, count, c in zip(groups.names, groups.counts, colours)))

    def _say(self, text: str, ms: int) -> None:
        self.status.emit(text, ms)
        window = self.window()
        if window is not self and hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, ms)

    # -- acts ---------------------------------------------------------------------------------------
    def _playing(self, item) -> None:
        self.canvas.playing_id = getattr(item, "media_id", None)
        self.canvas.update()

    def _selected(self, media_id: int) -> None:
        index = self.canvas.selection
        xy = self.canvas.to_screen(self.canvas.data.xy[index:index + 1])[0] if index >= 0 else (0, 0)
        at = self.canvas.mapToGlobal(QPoint(int(xy[0]) + 8, int(xy[1]) + 8))

        def shown(item) -> None:
            if self.canvas.selection >= 0 and int(self.canvas.data.ids[self.canvas.selection]) == media_id:
                self.tooltip = describe(item)
                QToolTip.hideText()  # the same text again would leave the tip at the last point
                QToolTip.showText(at, self.tooltip, self.canvas)
        self.controller.load_item(media_id, on_done=shown)

    def _menu(self, media_id: int, at) -> None:
        from avrec_desktop.ui.library_view import item_menu

        self.menu = item_menu(self, self.controller, media_id, None)
        self.menu.popup(at)

    def queue(self, media_ids: list) -> None:
        """Put the lassoed items next in Up next, in the lasso's order (the first one plays first)."""
        current = getattr(getattr(self.controller, "player", None), "current", None)
        playing = getattr(current, "media_id", None)
        ids = [int(i) for i in media_ids if int(i) != playing][:MAX_QUEUE]  # not what is playing now
        if not ids:
            if media_ids:
                self._say(qtr("MapPage", "Nothing to queue: the lasso holds only what is playing"), 5000)
            return
        core, queue = self.controller.core, self.controller.queue

        def done(items) -> None:
            for item in reversed(items):
                queue.remove_media(item.id, feedback=False)  # moved up, not listed twice
                queue.insert_next(item, reasons=[], pinned=True)
            if len(media_ids) > MAX_QUEUE:
                text = qtr("MapPage", "Queued {n} items from the map (the first {limit} of {total})").format(
                    n=number(len(items)), limit=number(MAX_QUEUE), total=number(len(media_ids)))
            else:
                text = plural(len(items), qtr("MapPage", "Queued 1 item from the map"),
                              qtr("MapPage", "Queued {n} items from the map"))
            self._say(text, 5000)
        self.controller._call(lambda: [core.resolve_item(i) for i in ids], on_done=done,
                              what=qtr("MapPage", "cannot queue"))


def describe(item) -> str:
    """The tip's text: the title the library shows (the file's name when untagged) and the artist."""
    title = getattr(item, "display_title", None) or item.title or qtr("MapPage", "(untitled)")
    artist = getattr(item, "display_artist", None) or getattr(item, "artist", None)
    return f"{title} — {artist}" if artist else title

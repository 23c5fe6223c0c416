"""The main window: sidebar (Music, Videos, For you, History, Map, Playlists, Folders), the page, Up next and
Similar on the right, the player bar below, indexing progress in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDockWidget, QListWidget, QMainWindow, QSplitter, QStackedWidget,
                               QVBoxLayout, QWidget)

from avrec_desktop.ui import feedback
from avrec_desktop.ui.library_view import LibraryView
from avrec_desktop.ui.i18n import number, qtr
from avrec_desktop.ui.pages import WelcomePage
from avrec_desktop.ui.player_bar import bar_size
from avrec_desktop.ui.side_panels import UpNextPanel
from avrec_desktop.ui.similar_panel import SimilarPanel
from avrec_desktop.ui.status_panel import IndexingStatus
from avrec_desktop.ui.steering_actions import install_header
from avrec_desktop.ui.window_parts import PAGE_PARTS, Later, LaterParts

PAGES = ("Music", "Videos", "For you", "History", "Map", "Playlists", "Folders")  # names; shown: page_titles()
LIBRARY_REFRESH_MS = 1500


def page_titles() -> list[str]:
    """The sidebar's entries (PAGES, in the window's language)."""
    return [qtr("MainWindow", "Music"), qtr("MainWindow", "Videos"), qtr("MainWindow", "For you"),
            qtr("MainWindow", "History"), qtr("MainWindow", "Map"), qtr("MainWindow", "Playlists"),
            qtr("MainWindow", "Folders")]


def space_name(space: str) -> str:
    """A vector space (audio, visual, text) as the status bar names it."""
    names = {"audio": qtr("MainWindow", "audio"), "visual": qtr("MainWindow", "visual"),
             "text": qtr("MainWindow", "text")}
    return names.get(space, space)


class MainWindow(QMainWindow):
    def __init__(self, controller, settings: QSettings | None = None):
        super().__init__()
        self.controller = controller
        self.settings = settings or QSettings()
        self._has_folders = True  # until the first summary says otherwise
        self.setWindowTitle("avrec")
        self.resize(fitted(self, 1280, 800))
        self.sidebar = QListWidget(self)
        self.sidebar.addItems(page_titles())
        self.sidebar.setMinimumWidth(140)
        self.sidebar.setStyleSheet("QListWidget { border: none; padding-top: 8px; font-size: 11pt; }"
                                   "QListWidget::item { padding: 7px 14px; }")
        self.sidebar.setAccessibleName(qtr("MainWindow", "Sections"))
        self.welcome = WelcomePage(self)
        self.welcome.add_folder.connect(controller.add_folder)
        self.welcome.add_folder.connect(self._folder_added)
        # the pages (the current one first), the player bar, the video surface, the media player and the Tab
        # order are made after the first frame, one per event-loop turn (ui/window_parts.py), or at once when
        # something asks for one
        self.later = LaterParts(self)
        self.stack = QStackedWidget(self)
        for _name in PAGE_PARTS:
            self.stack.addWidget(QWidget(self.stack))  # a blank until the page is made
        self.stack.addWidget(self.welcome)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        side = QWidget(splitter)  # a margin round the sidebar: its focus frame is drawn just outside it
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(3, 3, 3, 3)
        side_layout.addWidget(self.sidebar)
        splitter.addWidget(side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 1000])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(splitter, 1)
        # the player bar comes after the first frame (ui/window_parts.py); its place keeps its height till then
        self.bar_slot = QWidget(central)
        width, height = bar_size(self.settings, self)
        self.bar_slot.setMinimumWidth(width)
        self.bar_slot.setFixedHeight(height)
        layout.addWidget(self.bar_slot)
        self.setCentralWidget(central)
        self.up_next = UpNextPanel(controller, self)
        self.steering = install_header(self.up_next, controller)  # "Journey: A → B (10 steps)" / "Station: …", ✕
        self.similar = SimilarPanel(controller, self)
        for title, widget, name in ((qtr("MainWindow", "Now playing"), QWidget(self), "video"),
                                    (qtr("MainWindow", "Up next"), self.up_next, "up-next"),
                                    (qtr("MainWindow", "Similar"), self.similar, "similar")):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            if name == "video":
                self.video_dock = dock
                dock.hide()
        controller.player.started.connect(self._started)
        controller.player.started.connect(self._titled)
        self.indexing = IndexingStatus(self)
        self.statusBar().addPermanentWidget(self.indexing)
        self.indexing.pause_toggled.connect(controller.pause_indexing)
        self.indexing.failures_clicked.connect(lambda: self.show_page("Folders"))
        self.sidebar.currentRowChanged.connect(self._page_changed)
        # methods, not lambdas, for the core's signals: a method of a deleted window is disconnected
        controller.error.connect(self.say)
        controller.folders_changed.connect(self._library_changed)
        controller.summary_ready.connect(self._summary)
        controller.similar_ready.connect(self._similar_shown)
        controller.why_explained.connect(self._show_why)
        controller.player.failed.connect(self.say)
        controller.playback.message.connect(self.say)
        bridge = controller.bridge
        bridge.indexing.connect(self._indexing)
        bridge.index_build.connect(self._index_build)
        bridge.library_changed.connect(self._library_touched)
        self._refresh_timer = QTimer(self, singleShot=True, interval=LIBRARY_REFRESH_MS)
        self._refresh_timer.timeout.connect(self._library_changed)
        self._shortcuts()
        self._menus()  # in the first turn, with the shortcuts: a key typed ahead while the window opens works
        self.marks = feedback.install(self)  # ♥/✕ on the rows, a status line for each Like/Dislike
        self.restore()
        self.controller.load_summary()

    # -- the parts made after the first frame (ui/window_parts.py) ---------------------------------
    music = Later()
    player_bar = Later()
    videos = Later()
    for_you = Later()
    history = Later()
    map = Later()
    playlists = Later()
    folders = Later()
    video = Later()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.later.start()

    def say(self, text: str) -> None:
        """A line in the status bar for 8 s (an error, a player's failure, a playback message)."""
        self.statusBar().showMessage(text, 8000)

    def say_briefly(self, text: str) -> None:
        """A page's line in the status bar for 5 s."""
        self.statusBar().showMessage(text, 5000)

    def _titled(self, item) -> None:
        self.setWindowTitle(f"{item.title} — avrec")

    def _similar_shown(self, *_answer) -> None:
        self.similar.parent().show()

    def _library_touched(self, _progress=None) -> None:
        self._refresh_timer.start()

    def _started(self, item) -> None:
        if item.kind == "video":
            self.video  # noqa: B018 - the surface, made now if it is not yet
        self.video_dock.setVisible(item.kind == "video")

    def page_at(self, row: int):
        """The sidebar's ``row``-th page, made now if it is not yet."""
        return getattr(self, PAGE_PARTS[row]) if 0 <= row < len(PAGE_PARTS) else None

    # -- navigation -------------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        self.sidebar.setCurrentRow(PAGES.index(name))

    def _page_changed(self, row: int) -> None:
        if self._is_empty():
            self.stack.setCurrentWidget(self.welcome)
            return
        page = self.page_at(row)
        if page is None:
            return
        self.stack.setCurrentWidget(page)
        if hasattr(page, "refresh"):
            page.refresh()

    def _is_empty(self) -> bool:
        """No folder yet (as last heard from the core; until then the library is taken as not empty)."""
        return not self._has_folders and self.sidebar.currentRow() != PAGES.index("Folders")

    def _library_changed(self) -> None:
        """Something changed in the library: ask for the overview (the answer comes to _summary) and
        re-read the table on show."""
        self.controller.load_summary()
        current = self.stack.currentWidget()
        if isinstance(current, LibraryView):  # (not self.videos: that would make the page if it is not yet)
            current.library_changed()
        playing = self.controller.player.current
        if playing is not None:  # its tags may have arrived with its analysis: the player bar follows
            self.controller.load_item(playing.media_id, on_done=self.player_bar.show_details)

    def _summary(self, summary: dict) -> None:
        self._has_folders = bool(summary["folders"])
        self.indexing.show_failures(summary["status"].get("failed", 0), summary.get("unplayable", 0))
        if self.sidebar.currentRow() < 0:
            self.sidebar.setCurrentRow(0)
        current = self.stack.currentWidget()
        if self._is_empty():
            self.stack.setCurrentWidget(self.welcome)
        elif current is self.welcome:
            self._page_changed(self.sidebar.currentRow())

    def _index_build(self, p: dict) -> None:
        """A vector index being made in the background: search is exact (and correct) meanwhile."""
        if p.get("state") == "building" and p.get("total"):
            self.statusBar().showMessage(qtr("MainWindow", "Preparing fast {space} search: {n} %").format(
                space=space_name(p["space"]), n=number(100 * p["done"] // p["total"])), 5000)
        elif p.get("state") == "ready":
            self.statusBar().showMessage(qtr("MainWindow", "Fast {space} search ready").format(
                space=space_name(p["space"])), 3000)

    def _indexing(self, message: dict, progress: dict) -> None:
        self.indexing.show_progress(progress)
        if message.get("type") in ("file", "quick", "idle"):  # quick: a first-pass vector (indexing/quick.py)
            self._refresh_timer.start()

    def _show_why(self, item, reasons: list, bars: dict, seed_title, tags: list | None = None) -> None:
        """The popover next to the row that asked (the focused list's current row), else mid-window."""
        from PySide6.QtCore import QRect
        from PySide6.QtWidgets import QAbstractItemView, QApplication

        from avrec_desktop.ui.why_popover import WhyPopover

        view = QApplication.focusWidget()
        anchor = QRect(self.mapToGlobal(self.rect().center()), self.mapToGlobal(self.rect().center()))
        if isinstance(view, QAbstractItemView) and view.currentIndex().isValid():
            rect = view.visualRect(view.currentIndex())
            anchor = QRect(view.viewport().mapToGlobal(rect.topLeft()), rect.size())
            if view.width() > 500:  # a wide table: next to the title, not past the last column
                anchor.setWidth(min(rect.width(), 320))
        self.why = WhyPopover(item, reasons, bars, seed_title, self, tags=tags)
        self.why.show_at(anchor)

    def _shortcuts(self) -> None:
        c = self.controller
        for keys, slot in (("Space", c.player.toggle), ("Ctrl+Right", c.next_pressed),
                           ("Ctrl+Left", c.player.previous), ("Right", lambda: c.player.seek(c.player.position + 10)),
                           ("Left", lambda: c.player.seek(c.player.position - 10)),
                           ("M", lambda: self._bar_click("mute_button")), ("Media Play", c.player.toggle),
                           ("Media Next", c.next_pressed), ("Media Previous", c.player.previous),
                           ("Ctrl+1", lambda: self.show_page("Music")), ("Ctrl+2", lambda: self.show_page("Videos")),
                           ("Ctrl+3", lambda: self.show_page("For you")), ("Ctrl+4", lambda: self.show_page("History")),
                           ("Ctrl+5", lambda: self.show_page("Folders")),
                           ("F", self._full_screen_video), ("S", c.player.stop), ("Media Stop", c.player.stop),
                           ("Ctrl+S", lambda: self._bar_click("shuffle_button")),
                           ("Ctrl+R", lambda: self._bar_click("repeat_button"))):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            if keys in ("Space", "Right", "Left", "M", "F"):  # leave typing in the search box alone
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    def _bar_click(self, button: str) -> None:
        """A player bar key: its button clicked (the bar made now if it is not yet; none if it failed)."""
        bar = self.player_bar
        if bar is not None:
            getattr(bar, button).click()

    def _full_screen_video(self) -> None:
        current = self.controller.player.current
        if current is not None and current.kind == "video":
            self.video_dock.show()
            self.video.toggle_full_screen()

    def _menus(self) -> None:
        library = self.menuBar().addMenu(qtr("MainWindow", "&Library"))
        library.addAction(qtr("MainWindow", "&Add a folder…"), self._add_folder, QKeySequence("Ctrl+O"))
        library.addAction(qtr("MainWindow", "&Rescan folders"), self.rescan, QKeySequence("F5"))
        library.addAction(qtr("MainWindow", "&Import listening history…"), self._import_history)
        library.addAction(qtr("MainWindow", "Save Up next as &playlist…"), self._save_up_next)
        from avrec_desktop.ui.steering_actions import add_library_actions

        add_library_actions(library, self, self.controller)  # Station from words…, Stop station
        library.addAction(qtr("MainWindow", "&Settings…"), self.open_settings, QKeySequence("Ctrl+,"))
        library.addSeparator()
        library.addAction(qtr("MainWindow", "&Quit"), self.close, QKeySequence("Ctrl+Q"))

    def _add_folder(self) -> None:
        """Ctrl+O: pick a folder, then confirm its kind (detected from the files) in a small dialog."""
        self.folders.welcome._pick()

    def _save_up_next(self) -> None:
        from avrec_desktop.ui.playlist_actions import save_up_next

        save_up_next(self, self.controller)

    def _import_history(self) -> None:
        from avrec_desktop.ui.history_import_action import choose_and_import

        choose_and_import(self)

    def rescan(self) -> None:
        feedback.rescan(self)

    def _folder_added(self, path: str, kind: str) -> None:
        from avrec_desktop.store import printable_path

        text = {"music": qtr("MainWindow", "Adding {folder} as music; analysing in the background"),
                "video": qtr("MainWindow", "Adding {folder} as videos; analysing in the background"),
                "mixed": qtr("MainWindow", "Adding {folder} as music and videos; analysing in the background")}[kind]
        self.statusBar().showMessage(text.format(folder=printable_path(path)), 8000)

    def open_settings(self) -> None:
        from avrec_desktop.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.controller, self).exec()

    # -- state ------------------------------------------------------------------------------------
    def restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        row = int(self.settings.value("window/page", 0))
        if 0 <= row < len(PAGE_PARTS):  # its page is the first part made after the first frame
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
            self.stack.setCurrentIndex(row)
            self.later.first(PAGE_PARTS[row])
        else:
            self.sidebar.setCurrentRow(row)

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/page", self.sidebar.currentRow())
        self.later.stop()  # closed within its first turns: the parts still to come are not made
        self.controller.shutdown()
        super().closeEvent(event)


def fitted(window, width: int, height: int):
    """The first size of the window: ``width``×``height``, or less where the screen is smaller (a 1024×768
    laptop), so it never opens wider or taller than the desktop."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    room = screen.availableGeometry()
    return QSize(min(width, room.width()), min(height, room.height()))

"""The tray icon (where the desktop has a tray): play/pause, next, previous, show/hide the window, quit.

Closing the window keeps playing in the tray only when the person chose so (Settings → Playback, "Keep
playing in the tray when the window is closed", off by default; kept in the window's own settings file).
Otherwise closing the window quits, tray or not. Quit (from the tray, or MPRIS) always quits.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

from avrec_desktop.ui.i18n import qtr

log = logging.getLogger(__name__)
KEEP_PLAYING_KEY = "tray/keep_playing"


def keeps_playing(settings) -> bool:
    """The person's choice: keep playing in the tray when the window is closed (default: no)."""
    return str(settings.value(KEEP_PLAYING_KEY, "false")).lower() in ("true", "1", "yes")


def set_keeps_playing(settings, on: bool) -> None:
    settings.setValue(KEEP_PLAYING_KEY, bool(on))


class Tray(QObject):
    """The icon, its menu, and the window's close rule. ``quit_app`` ends the event loop (tests pass their own)."""

    def __init__(self, window, quit_app=None):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.quit_app = quit_app or QApplication.quit
        self.quitting = False
        self._told = False
        player = self.controller.player
        icon = window.windowIcon()
        if icon.isNull():
            icon = QApplication.windowIcon()
        if icon.isNull():
            icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self.icon = QSystemTrayIcon(QIcon(icon), self)
        playing = player.current  # the tray joins after the window's first frame: something may play already
        self.icon.setToolTip(f"avrec — {playing.title}" if playing is not None else "avrec")
        menu = QMenu(window)
        self.play_action = menu.addAction(qtr("Tray", "Play"), self.play_pause)
        self.next_action = menu.addAction(qtr("Tray", "Next"), self.controller.next_pressed)
        self.previous_action = menu.addAction(qtr("Tray", "Previous"), self.previous)
        menu.addSeparator()
        self.window_action = menu.addAction(qtr("Tray", "Hide window"), self.toggle_window)
        menu.addSeparator()
        self.quit_action = menu.addAction(qtr("Tray", "Quit"), self.quit)
        menu.aboutToShow.connect(self.refresh)
        self.menu = menu
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        player.started.connect(lambda item: (self.icon.setToolTip(f"avrec — {item.title}"), self.refresh()))
        player.ended.connect(lambda *_: (self.icon.setToolTip("avrec"), self.refresh()))
        player.state_changed.connect(lambda _playing: self.refresh())
        window.installEventFilter(self)
        # Hidden in the tray, the window is not "the last window closed": quitting is this class's job.
        QApplication.setQuitOnLastWindowClosed(False)
        self.icon.show()
        self.refresh()

    # -- actions ----------------------------------------------------------------------------------
    def play_pause(self) -> None:
        player = self.controller.player
        if player.current is None:
            if len(self.controller.queue):
                self.controller.next_pressed()
        else:
            player.toggle()

    def previous(self) -> None:
        (getattr(self.controller, "previous_pressed", None) or self.controller.player.previous)()

    def toggle_window(self) -> None:
        from avrec_desktop.ui.single_instance import bring_to_front

        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            bring_to_front(self.window)
        self.refresh()

    def quit(self) -> None:
        """Close the window for real (state saved, player and analysis stopped), then end the event loop."""
        self.quitting = True
        self.window.close()
        self.quit_app()

    def refresh(self) -> None:
        player = self.controller.player
        self.play_action.setText(qtr("Tray", "Pause") if player.playing else qtr("Tray", "Play"))
        self.play_action.setEnabled(player.current is not None or len(self.controller.queue) > 0)
        self.previous_action.setEnabled(player.current is not None)
        shown = self.window.isVisible()
        self.window_action.setText(qtr("Tray", "Hide window") if shown else qtr("Tray", "Show window"))

    def _activated(self, reason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()
        elif reason == QSystemTrayIcon.ActivationReason.MiddleClick:
            self.play_pause()

    # -- the close rule ---------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if obj is self.window and event.type() == QEvent.Type.Close:
            if not self.quitting and self.icon.isVisible() and keeps_playing(self.window.settings):
                event.ignore()
                self.window.hide()
                self.refresh()
                if not self._told and self.icon.supportsMessages():
                    self._told = True
                    self.icon.showMessage("avrec", qtr("Tray", "Still playing here. Quit from this icon's menu."),
                                          QSystemTrayIcon.MessageIcon.Information, 4000)
                log.info("window closed: playing on in the tray")
                return True
            if not self.quitting:  # closing quits: once the window has handled it (state saved, player stopped)
                QTimer.singleShot(0, self._quit_if_closed)
        return False

    def _quit_if_closed(self) -> None:
        if not self.window.isVisible():
            self.icon.hide()
            self.quit_app()


    def remove(self) -> None:
        """Take the icon away (tests); the last window closed quits again."""
        self.window.removeEventFilter(self)
        self.icon.hide()
        QApplication.setQuitOnLastWindowClosed(True)


def install(window, quit_app=None) -> Tray | None:
    """A tray icon for ``window`` where the desktop has a tray; None elsewhere (closing then quits, as always)."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        log.info("no system tray here: no tray icon")
        return None
    tray = Tray(window, quit_app=quit_app)
    window.tray = tray
    return tray

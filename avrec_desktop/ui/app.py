"""``avrec-desktop``: start the window (one per user and library: a second launch hands its file
arguments to the running window, which comes to the front, and exits)."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from avrec_desktop import __version__, paths
from avrec_desktop.errors import AvrecError
from avrec_desktop.ui import fonts_ahead, i18n, idle_gate, media_ahead, wrapper_types
from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.single_instance import (PathOpener, instance_name, listen_for_second_launch,  # noqa: F401
                                              raise_running_instance)

log = logging.getLogger(__name__)
APP_ID = "avrec-desktop"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"  # the repository's resources/


def build(app: QApplication, *, runner=None, encoders_factory: str | None = None, start_background: bool = True,
          warm_up: bool | None = None):
    """Make the core, bridge, controller and window (tests call this with a synchronous runner).
    ``warm_up`` (default: as ``start_background``): open the indexes and the taste model in the background."""
    from avrec_desktop.core import AppCore
    from avrec_desktop.ui.bridge import CoreBridge
    from avrec_desktop.ui.controller import AppController
    from avrec_desktop.ui.main_window import MainWindow
    from avrec_desktop.ui.tasks import TaskRunner

    core = AppCore(encoders_factory=encoders_factory, checkpoints="background")  # no commit of the window syncs
    bridge = CoreBridge(app)
    bridge.attach(core)
    controller = AppController(core, runner or TaskRunner(app), bridge, parent=app)
    controller.covers.follow(bridge)  # a cover asked for before its file was analysed comes once it is
    settings = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(controller, settings)
    # vector graphs load (a GIL-holding 0.3 s at 100k) only while the user is idle (input watched on the
    # window's own QWindow once it is shown, and on menus and dialogs as they take the focus)
    idle_gate.install(app, controller, window)
    if start_background:
        controller.start_background()
    if start_background if warm_up is None else warm_up:
        controller.warm_up()
    return window


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    app = QApplication(sys.argv if argv is None else argv)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName("avrec")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = RESOURCES / "avrec.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    settings = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    i18n.install(app, i18n.chosen(settings))  # the window's language, before any of it is made
    files = [os.path.abspath(a) for a in app.arguments()[1:] if not a.startswith("-")]
    name = instance_name()
    if raise_running_instance(name, files):
        return 0
    fonts = fonts_ahead.start()  # the font database loads on a thread while build() imports the window
    media = media_ahead.start()  # and Qt's media backend's libraries on another
    wrapper_types.make_all()  # PySide's lazily made types, before a window exists to stall
    try:
        return _run(app, files, name)
    finally:
        fonts.join(1)  # before the QApplication goes (a build that failed at once)
        if media is not None:
            media.join(1)


def _run(app, files: list[str], name: str) -> int:
    try:
        window = build(app)
    except AvrecError as exc:
        QMessageBox.critical(None, "avrec", qtr("App", "The library cannot be opened:\n\n{error}").format(error=exc))
        return 3
    window.path_opener = PathOpener(window)
    listen_for_second_launch(name, window, open_files=window.path_opener.open)
    _close_on_signals(window)
    window.show()
    window.later.when_done(lambda: _desktop_integration(window))  # after the first frame, with the player
    if files:
        window.path_opener.open(files)
    return app.exec()


def _desktop_integration(window) -> None:
    """The tray icon (where there is a tray) and MPRIS (where there is a session bus)."""
    from avrec_desktop.ui import mpris, tray

    icon = tray.install(window)
    if icon is not None:  # Ctrl+C / SIGTERM quit for real, also when closing would keep playing in the tray
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: QTimer.singleShot(0, icon.quit))
    mpris.start(window, quit=icon.quit if icon is not None else window.close)


def _close_on_signals(window) -> QTimer:
    """Ctrl+C or SIGTERM closes the window properly (state saved, analysis stopped). Python runs signal
    handlers only between bytecodes, so a timer wakes the interpreter now and then."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, window.close))
    timer = QTimer(window)
    timer.start(250)
    timer.timeout.connect(lambda: None)
    return timer

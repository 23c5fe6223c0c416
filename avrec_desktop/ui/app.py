"""``avrec-desktop``: start the window (one instance per user; a second launch raises the first)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from avrec_desktop import __version__, paths
from avrec_desktop.errors import AvrecError

APP_ID = "avrec-desktop"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"  # the repository's resources/


def instance_name() -> str:
    """One local socket per user and data folder (two libraries may run side by side)."""
    return f"{APP_ID}-{os.getuid() if hasattr(os, 'getuid') else 0}-{abs(hash(str(paths.database_path()))) % 10**8}"


def raise_running_instance(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if socket.waitForConnected(300):
        socket.write(b"raise")
        socket.waitForBytesWritten(300)
        socket.disconnectFromServer()
        return True
    return False


def listen_for_second_launch(name: str, window) -> QLocalServer:
    QLocalServer.removeServer(name)  # a stale socket from a crashed run
    server = QLocalServer(window)
    server.listen(name)

    def raise_window():
        conn = server.nextPendingConnection()
        if conn is not None:
            conn.readAll()
            conn.disconnectFromServer()
        window.showNormal()
        window.raise_()
        window.activateWindow()
    server.newConnection.connect(raise_window)
    return server


def build(app: QApplication, *, runner=None, encoders_factory: str | None = None, start_background: bool = True):
    """Make the core, bridge, controller and window (tests call this with a synchronous runner)."""
    from avrec_desktop.core import AppCore
    from avrec_desktop.store import Store
    from avrec_desktop.ui.bridge import CoreBridge
    from avrec_desktop.ui.controller import AppController
    from avrec_desktop.ui.main_window import MainWindow
    from avrec_desktop.ui.tasks import TaskRunner

    core = AppCore(encoders_factory=encoders_factory)
    bridge = CoreBridge(app)
    bridge.attach(core)
    controller = AppController(core, runner or TaskRunner(app), bridge, Store(core.db_path), parent=app)
    settings = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(controller, settings)
    if start_background:
        controller.start_background()
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
    name = instance_name()
    if raise_running_instance(name):
        return 0
    try:
        window = build(app)
    except AvrecError as exc:
        QMessageBox.critical(None, "avrec", f"The library cannot be opened:\n\n{exc}")
        return 3
    listen_for_second_launch(name, window)
    window.show()
    return app.exec()

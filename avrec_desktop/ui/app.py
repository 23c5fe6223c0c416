"""``avrec-desktop``: start the window (one per user and library: a second launch hands its file
arguments to the running window, which comes to the front, and exits)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from avrec_desktop import __version__, paths
from avrec_desktop.errors import AvrecError

log = logging.getLogger(__name__)
APP_ID = "avrec-desktop"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"  # the repository's resources/


def instance_name() -> str:
    """One local socket per user and database, the same in every process (two libraries may run side
    by side). A digest, not ``hash()``: Python salts that per process."""
    uid = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{uid}\0{paths.database_path().resolve()}".encode()).hexdigest()[:16]
    return f"{APP_ID}-{digest}"


def raise_running_instance(name: str, files: list[str] = ()) -> bool:
    """Hand this launch over to a running window (with the files to open); False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(500):
        return False
    socket.write(json.dumps({"raise": True, "files": list(files)}).encode() + b"\n")
    socket.waitForBytesWritten(1000)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(1000)
    log.info("handed over to the running window (%d files)", len(files))
    return True


def listen_for_second_launch(name: str, window, open_files=None) -> QLocalServer:
    """Raise ``window`` when another launch connects; ``open_files(paths)`` gets the files it names."""
    QLocalServer.removeServer(name)  # a stale socket from a crashed run
    server = QLocalServer(window)
    if not server.listen(name):
        log.warning("cannot listen for a second launch on %s: %s", name, server.errorString())

    def read(conn) -> None:
        raw = bytes(conn.readAll())
        try:
            message = json.loads(raw.decode() or "{}")
        except ValueError:  # an older launcher's plain b"raise"
            message = {}
        conn.disconnectFromServer()
        window.showNormal()
        window.raise_()
        window.activateWindow()
        files = [f for f in message.get("files") or [] if isinstance(f, str)]
        log.info("a second launch was handed over (%d files)", len(files))
        if files and open_files is not None:
            open_files(files)

    def accept() -> None:
        while (conn := server.nextPendingConnection()) is not None:
            conn.setParent(server)
            if conn.bytesAvailable() or conn.state() != QLocalSocket.LocalSocketState.ConnectedState:
                read(conn)
            else:
                conn.readyRead.connect(lambda c=conn: read(c))
    server.newConnection.connect(accept)
    log.info("listening for a second launch on %s", name)
    return server


def build(app: QApplication, *, runner=None, encoders_factory: str | None = None, start_background: bool = True,
          warm_up: bool | None = None):
    """Make the core, bridge, controller and window (tests call this with a synchronous runner).
    ``warm_up`` (default: as ``start_background``): open the indexes and the taste model in the background."""
    from avrec_desktop.core import AppCore
    from avrec_desktop.ui.bridge import CoreBridge
    from avrec_desktop.ui.controller import AppController
    from avrec_desktop.ui.main_window import MainWindow
    from avrec_desktop.ui.tasks import TaskRunner

    core = AppCore(encoders_factory=encoders_factory)
    bridge = CoreBridge(app)
    bridge.attach(core)
    controller = AppController(core, runner or TaskRunner(app), bridge, parent=app)
    settings = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(controller, settings)
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
    files = [os.path.abspath(a) for a in app.arguments()[1:] if not a.startswith("-")]
    name = instance_name()
    if raise_running_instance(name, files):
        return 0
    try:
        window = build(app)
    except AvrecError as exc:
        QMessageBox.critical(None, "avrec", f"The library cannot be opened:\n\n{exc}")
        return 3
    listen_for_second_launch(name, window, open_files=lambda paths: window.controller.play(paths[0]))
    _close_on_signals(window)
    window.show()
    if files:
        window.controller.play(files[0])
    return app.exec()


def _close_on_signals(window) -> QTimer:
    """Ctrl+C or SIGTERM closes the window properly (state saved, analysis stopped). Python runs signal
    handlers only between bytecodes, so a timer wakes the interpreter now and then."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, window.close))
    timer = QTimer(window)
    timer.start(250)
    timer.timeout.connect(lambda: None)
    return timer

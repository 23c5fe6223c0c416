"""One window per user and library: a second ``avrec-desktop`` hands its command line to the running window.

The first window listens on a local socket named after the user and the database (``instance_name``). A second
launch connects, sends ``{"raise": true, "files": [...]}`` (absolute paths), waits for the window's ``ok`` and
exits 0 without building a window; a window that is shutting down stops listening and never answers, so a launch
then becomes the new first window instead of handing its files to one that is going away. The first window comes to the front (shown again if it was hidden in the tray) and opens the paths
(``PathOpener.open``): files in the library play and queue in the order given, a folder inside the library queues its
playable items, and a folder (or a file's folder) the library does not know is offered for adding, after
asking. Everything that reads the database runs on the controller's task thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from avrec_desktop import paths
from avrec_desktop.ui.i18n import number, qtr

log = logging.getLogger(__name__)
APP_ID = "avrec-desktop"
ACK = b"ok\n"
ACK_WAIT_MS = 30000  # a busy (loaded) window may take a while; a closing one drops the connection at once


def instance_name() -> str:
    """One local socket per user and database, the same in every process (two libraries may run side
    by side). A digest, not ``hash()``: Python salts that per process."""
    uid = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{uid}\0{paths.database_path().resolve()}".encode()).hexdigest()[:16]
    return f"{APP_ID}-{digest}"


def raise_running_instance(name: str, files: list[str] = ()) -> bool:
    """Hand this launch over to a running window (with the paths to open); False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(500):
        return False
    socket.write(json.dumps({"raise": True, "files": list(files)}).encode() + b"\n")
    socket.waitForBytesWritten(3000)
    answer = bytearray()
    connected = QLocalSocket.LocalSocketState.ConnectedState
    while b"\n" not in answer and socket.state() == connected and socket.waitForReadyRead(ACK_WAIT_MS):
        answer += bytes(socket.readAll())
    answer += bytes(socket.readAll())
    socket.abort()
    if not answer.startswith(ACK):
        log.info("the running window did not take this launch (it is closing?): opening a window here")
        return False
    log.info("handed over to the running window (%d files)", len(files))
    return True


class _Listener(QLocalServer):
    handed_over = Signal(list)  # the paths a second launch named (possibly none)


def listen_for_second_launch(name: str, window, open_files=None) -> QLocalServer:
    """Bring ``window`` to the front when another launch connects; ``open_files(paths)`` gets the paths it
    names. A message may arrive in several pieces: it is read up to its newline (or the sender's close)."""
    QLocalServer.removeServer(name)  # a stale socket from a crashed run
    server = _Listener(window)
    if not server.listen(name):
        log.warning("cannot listen for a second launch on %s: %s", name, server.errorString())

    def finish(conn, raw: bytes) -> None:
        if not shiboken6.isValid(conn) or conn.property("avrec-done") or not server.isListening():
            return  # gone with the server (shutting down): the launch gets no answer and opens its own window
        conn.setProperty("avrec-done", True)
        try:
            message = json.loads(raw.decode(errors="replace").strip() or "{}")
        except ValueError:  # an older launcher's plain b"raise"
            message = {}
        if conn.state() == QLocalSocket.LocalSocketState.ConnectedState:
            conn.write(ACK)
            conn.flush()
            # The launch closes the connection once it has read the answer. Closing it from here could
            # drop the answer before the launch reads it (a closed socket's unread bytes are gone), and the
            # launch would then open a second window.
            conn.disconnected.connect(conn.deleteLater)
        else:
            conn.deleteLater()
        bring_to_front(window)
        files = [f for f in (message.get("files") or []) if isinstance(f, str)] if isinstance(message, dict) else []
        log.info("a second launch was handed over (%d files)", len(files))
        server.handed_over.emit(files)
        if files and open_files is not None:
            open_files(files)

    def read(conn, buffer: bytearray) -> None:
        if not shiboken6.isValid(conn):
            return
        buffer += bytes(conn.readAll())
        if b"\n" in buffer or conn.state() != QLocalSocket.LocalSocketState.ConnectedState:
            finish(conn, bytes(buffer))

    def accept() -> None:
        while (conn := server.nextPendingConnection()) is not None:
            conn.setParent(server)
            buffer = bytearray()
            conn.readyRead.connect(lambda c=conn, b=buffer: read(c, b))
            conn.disconnected.connect(lambda c=conn, b=buffer: shiboken6.isValid(c) and (
                b.extend(bytes(c.readAll())), finish(c, bytes(b))))
            if conn.bytesAvailable():
                read(conn, buffer)
    server.newConnection.connect(accept)
    app = QCoreApplication.instance()
    if app is not None:  # shutting down: stop taking launches (the next one becomes the first window)
        app.aboutToQuit.connect(server.close)
    log.info("listening for a second launch on %s", name)
    return server


def bring_to_front(window) -> None:
    """Show ``window`` (also from the tray or minimized), raise it and ask for the focus."""
    if window.isMinimized() or not window.isVisible():
        window.showNormal()
    window.raise_()
    window.activateWindow()


# -- opening paths ----------------------------------------------------------------------------------------
class PathOpener(QObject):
    """Open paths from a command line in the window: play the first item, queue the rest after it, offer
    to add folders the library does not know. ``ask_to_add(folder) -> kind or None`` asks the person
    (a dialog by default; tests pass their own)."""

    opened = Signal(int, int, list)  # playing media id (0: none), how many queued, [folders offered]

    def __init__(self, window, ask_to_add=None):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.ask_to_add = ask_to_add or self._ask

    def open(self, paths: list[str], ask: bool = True) -> None:
        """``ask``: offer unknown folders for adding (a second pass, after adding, does not ask again)."""
        paths = [os.path.abspath(p) for p in paths]
        store = self.controller.core.store

        def resolve():
            items, unknown = [], {}  # unknown: folder to offer -> the given paths in it
            for path in paths:
                if os.path.isdir(path):
                    folder = store.folder_for_path(path) or store.folder_by_path(path)
                    if folder is None:
                        unknown.setdefault(path, []).append(path)
                        continue
                    root = path.rstrip(os.sep) + os.sep
                    under = [m for m in store.media_in_folder(folder.id)
                             if m.path == path or m.path.startswith(root)]
                    playable = store.playable_ids([m.id for m in under])
                    items += sorted((m for m in under if m.id in playable), key=lambda m: m.path.lower())
                    continue
                item = store.media_by_path(path)
                if item is not None:
                    if item.status != "failed":
                        items.append(item)
                elif os.path.isfile(path) and store.folder_for_path(path) is None:
                    unknown.setdefault(os.path.dirname(path), []).append(path)
                else:
                    log.info("not in the library (yet): %s", path)
            return items, (unknown if ask else {})
        self.controller._call(resolve, on_done=self._resolved, what=qtr("SingleInstance", "cannot open what was given"))

    def _resolved(self, answer) -> None:
        items, unknown = answer
        offered = []
        for folder, given in unknown.items():
            kind = self.ask_to_add(folder)
            offered.append(folder)
            if kind:
                self.controller.add_folder(folder, kind)
                if not items:  # nothing else to play: play what was given once its folder is in (same task queue)
                    self.open(given, ask=False)
        playing = 0
        if items:
            first, rest = items[0], items[1:]
            playing = first.id
            queue = self.controller.queue
            def then():  # as a hand-picked item: Up next follows it, the rest go first
                self.controller.playback.reseed()
                for m in reversed(rest):
                    queue.insert_next(m, reasons=[], pinned=True)
            self.controller.play(first.id, item=first, source="command-line", then=then)
        log.info("opened from the command line: playing %s, %d queued, %d folders offered",
                 playing or "nothing", max(0, len(items) - 1), len(offered))
        if items:
            more = len(items) - 1
            if more == 1:
                text = qtr("SingleInstance", "Playing “{title}”, 1 more queued")
            elif more:
                text = qtr("SingleInstance", "Playing “{title}”, {n} more queued")
            else:
                text = qtr("SingleInstance", "Playing “{title}”")
            self.window.statusBar().showMessage(text.format(title=items[0].display_title, n=number(more)), 8000)
        elif offered:
            self.window.statusBar().showMessage(
                qtr("SingleInstance", "Nothing from the command line is in the library yet"), 8000)
        self.opened.emit(playing, max(0, len(items) - 1), offered)

    def _ask(self, folder: str) -> str | None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, qtr("SingleInstance", "Add a folder"),
                          qtr("SingleInstance", "{folder}\n\nis not in your library. Add it?").format(folder=folder),
                          parent=self.window)
        kinds = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): kind
                 for label, kind in ((qtr("SingleInstance", "Add as music"), "music"),
                                     (qtr("SingleInstance", "Add as videos"), "video"),
                                     (qtr("SingleInstance", "Add (music and videos)"), "mixed"))}
        box.addButton(qtr("SingleInstance", "Not now"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return kinds.get(box.clickedButton())

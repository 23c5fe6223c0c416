"""The table's reads at 100k items (issue #11: the first page on screen soon after the window opens):
a page of cells never waits behind a list of ids, and a table asking again for its ids before the read
started is answered once, with the newest order it asked for."""

import threading

from PySide6.QtCore import QCoreApplication

from avrec_desktop.core import AppCore
from avrec_desktop.store import Store
from avrec_desktop.ui.bridge import CoreBridge
from avrec_desktop.ui.controller import AppController
from avrec_desktop.ui.tasks import TaskRunner

from test_ui_keyboard import fill

WAIT_MS = 60000  # a loaded CI machine


def _controller(qapp):
    core = AppCore(encoders_factory="fake_encoders:make")
    fill(core.store, n=6)
    bridge = CoreBridge(qapp)
    bridge.attach(core)
    return AppController(core, TaskRunner(qapp), bridge, parent=qapp)


def _hold_the_ids_thread(controller) -> threading.Event:
    """A long read (another table's ids) on the reads' thread until the event is set."""
    release, started = threading.Event(), threading.Event()

    def long_read(_store):
        started.set()
        release.wait(3 * WAIT_MS / 1000)  # longer than any test waits
    controller._read(long_read, on_done=lambda _r: None, what="a long read")
    assert started.wait(WAIT_MS / 1000)
    return release


def test_a_page_of_cells_does_not_wait_behind_a_list_of_ids(qtbot, qapp):
    controller = _controller(qapp)
    release = _hold_the_ids_thread(controller)
    try:
        got = {}
        controller.load_library_rows([1, 2, 3], lambda rows: got.setdefault("rows", rows))
        qtbot.waitUntil(lambda: "rows" in got, timeout=WAIT_MS)
        assert sorted(got["rows"]) == [1, 2, 3]
    finally:
        release.set()
        controller.shutdown()
        QCoreApplication.processEvents()


def test_asking_again_before_the_read_started_reads_once_in_the_newest_order(qtbot, qapp, monkeypatch):
    controller = _controller(qapp)
    reads = []
    original = Store.library_ids

    def counted(self, kind, order, descending):
        reads.append((kind, order, descending))
        return original(self, kind, order, descending)
    monkeypatch.setattr(Store, "library_ids", counted)
    release = _hold_the_ids_thread(controller)
    answers = {}
    try:
        for name, descending in (("set up", False), ("sorted", True), ("shown", True)):
            controller.load_library_ids("audio", "title", descending,
                                        lambda ids, name=name: answers.setdefault(name, ids))
        controller.load_library_ids("video", "title", False, lambda ids: answers.setdefault("videos", ids))
        release.set()
        qtbot.waitUntil(lambda: {"shown", "videos"} <= set(answers), timeout=WAIT_MS)
        QCoreApplication.processEvents()
        assert reads == [("audio", "title", True), ("video", "title", False)]
        assert answers["shown"] == answers["sorted"] == [6, 5, 4, 3, 2, 1]
        assert "set up" not in answers  # its order was replaced before it was read
        assert answers["videos"] == []
        controller.load_library_ids("audio", "title", False, lambda ids: answers.setdefault("again", ids))
        qtbot.waitUntil(lambda: "again" in answers, timeout=WAIT_MS)
        assert answers["again"] == [1, 2, 3, 4, 5, 6] and len(reads) == 3  # once started, an ask reads again
    finally:
        release.set()
        controller.shutdown()
        QCoreApplication.processEvents()


def test_opening_the_window_reads_the_music_tables_ids_once(qtbot, qapp, monkeypatch, tmp_path):
    """Set up, shown as the first page, the library's first overview: each used to ask again while the
    first read ran, and each new ask dropped the answer on its way (three reads of 70k ids, one after
    the other, before the first rows could be shown). A slow read makes "on its way" certain."""
    import time

    from avrec_desktop.ui.app import build

    with Store(tmp_path / "seed.sqlite3") as seed:
        fill(seed, n=6)
    monkeypatch.setenv("AVREC_DB", str(tmp_path / "seed.sqlite3"))
    reads = []
    original = Store.library_ids

    def slow(self, kind, order, descending):
        reads.append(kind)
        time.sleep(0.4)
        return original(self, kind, order, descending)
    monkeypatch.setattr(Store, "library_ids", slow)
    window = build(qapp, encoders_factory="fake_encoders:make", start_background=False)
    try:
        window.show()
        window.show_page("Music")
        qtbot.waitUntil(lambda: window.music.model.settled and window.music.model.rowCount() == 6, timeout=WAIT_MS)
        qtbot.wait(1200)  # nothing asks again afterwards either
        assert reads.count("audio") == 1
        assert window.music.model.rowCount() == 6
    finally:
        window.controller.shutdown()
        window.close()
        QCoreApplication.processEvents()


def test_showing_the_page_again_reads_again_after_a_failed_read(qtbot, qapp, monkeypatch, tmp_path):
    """A read that failed never answers; showing the page later must not wait for it for ever."""
    import time

    from avrec_desktop.errors import StoreError
    from avrec_desktop.ui import library_model
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.tasks import SyncTaskRunner

    with Store(tmp_path / "seed.sqlite3") as seed:
        fill(seed, n=4)
    monkeypatch.setenv("AVREC_DB", str(tmp_path / "seed.sqlite3"))
    failing = {"on": True}
    original = Store.library_ids

    def flaky(self, kind, order, descending):
        if failing["on"] and kind == "audio":
            raise StoreError("database is locked")
        return original(self, kind, order, descending)
    monkeypatch.setattr(Store, "library_ids", flaky)
    window = build(qapp, runner=SyncTaskRunner(), encoders_factory="fake_encoders:make", start_background=False)
    try:
        window.show()
        window.show_page("Music")
        QCoreApplication.processEvents()
        assert not window.music.model.settled and window.music.model.rowCount() == 0
        failing["on"] = False
        later = time.monotonic() + 6
        monkeypatch.setattr(library_model.time, "monotonic", lambda: later)
        window.show_page("Videos")
        window.show_page("Music")
        qtbot.waitUntil(lambda: window.music.model.settled and window.music.model.rowCount() == 4, timeout=WAIT_MS)
    finally:
        window.controller.shutdown()
        window.close()
        QCoreApplication.processEvents()

"""A search's word matches arrive with the cells of their first page (issue #11: the first result on
screen sooner at 100k items): the table's read of that page is answered from what came with the
matches, without reading the store again, and only once (a later read of the same rows asks the store)."""

from PySide6.QtCore import QCoreApplication

from avrec_desktop.core import AppCore
from avrec_desktop.store import Store
from avrec_desktop.ui.bridge import CoreBridge
from avrec_desktop.ui.controller import AppController
from avrec_desktop.ui.tasks import TaskRunner

from test_ui_keyboard import fill

WAIT_MS = 120000  # a loaded CI machine


def test_the_first_page_of_a_search_needs_no_second_read(qtbot, qapp, monkeypatch):
    reads = []
    original = Store.library_rows
    monkeypatch.setattr(Store, "library_rows", lambda self, ids: reads.append(list(ids)) or original(self, ids))
    core = AppCore(encoders_factory="fake_encoders:make")
    fill(core.store, n=8)
    bridge = CoreBridge(qapp)
    bridge.attach(core)
    controller = AppController(core, TaskRunner(qapp), bridge, parent=qapp)
    controller._search_by_meaning = lambda *a: None  # words only: no text model process in this test
    answered: dict = {}

    def results(text, ids):  # as the table does: its first page is read as soon as the matches are there
        answered["ids"], answered["reads before"] = ids, len(reads)
        controller.load_library_rows(ids, lambda rows: answered.setdefault("rows", rows))
    controller.search_ready.connect(results)
    try:
        controller.search("tune", "audio")
        qtbot.waitUntil(lambda: "rows" in answered, timeout=WAIT_MS)
        assert sorted(answered["ids"]) == list(range(1, 9))
        assert len(reads) == answered["reads before"], "the first page was read again"
        assert {i: r["title"] for i, r in answered["rows"].items()} == {i: f"Tune {i:02d}" for i in range(1, 9)}
        again: dict = {}
        controller.load_library_rows([1, 2], lambda rows: again.setdefault("rows", rows))
        qtbot.waitUntil(lambda: "rows" in again, timeout=WAIT_MS)
        assert sorted(again["rows"]) == [1, 2]
        assert reads[-1] == [1, 2]  # used once: this one is read from the store
    finally:
        controller.search_ready.disconnect(results)
        controller.shutdown()
        QCoreApplication.processEvents()

"""The window's promise about threads, checked instead of timed: while the real window (real task
thread, real worker process) adds a folder, shows the analysed items, scrolls, sorts, searches, plays
similar, explains, shows history, folders and For you, and saves settings, no core method and no
SQLite statement runs on the GUI thread. (How long the GUI thread stalls under load is a benchmark's
figure, `avrec bench ui`, not a unit test's.)"""

import pytest

pytest.importorskip("PySide6.QtMultimedia")

import mediagen  # noqa: E402

FAKE = "fake_encoders:make"
FILES = 12


@pytest.fixture
def guarded(qtbot, qapp, monkeypatch):
    from avrec_desktop import paths
    from avrec_desktop.core import AppCore
    from avrec_desktop.store import Store
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.thread_guard import GuiThreadGuard

    probe = Store(paths.database_path())  # the test's own eyes, opened before the guard: not traced
    guard = GuiThreadGuard().install()
    opening = AppCore.__init__

    def open_core(self, *args, **kwargs):  # opening the database before the window shows is allowed
        with guard.allowed():
            opening(self, *args, **kwargs)
    monkeypatch.setattr(AppCore, "__init__", open_core)
    window = build(qapp, encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(window)
    window.show()
    try:
        yield window, guard, probe
    finally:
        window.close()  # shutdown: the core closes on the task thread
        guard.uninstall()
        probe.close()


def _ready(probe) -> int:
    counts = probe.status_counts()
    return counts.get("ready", 0) + counts.get("failed", 0)


def _titles(model) -> set:
    return {model.index(r, 0).data() for r in range(model.rowCount())}


def test_no_core_call_or_sql_on_the_gui_thread_while_the_window_is_used(guarded, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from avrec_desktop.ui.settings_dialog import SettingsDialog
    from avrec_desktop.ui.side_panels import list_item_menu

    window, guard, probe = guarded
    controller = window.controller
    errors = []
    controller.error.connect(errors.append)
    music = tmp_path / "music"
    music.mkdir()
    for i in range(FILES):
        mediagen.write_audio(music / f"t{i:02d}.wav", 1.0, freq=200 + 40 * i,
                             tags={"title": f"Tune {i:02d}", "artist": f"Artist {i % 3}"})
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.welcome, timeout=10000)
    window.welcome.add_folder.emit(str(music), "music")  # what the Add button sends
    window.show_page("Music")
    qtbot.waitUntil(lambda: _ready(probe) >= FILES, timeout=60000)
    table = window.music.table
    qtbot.waitUntil(lambda: len(_titles(window.music.model)) == FILES and None not in _titles(window.music.model),
                    timeout=20000)
    for _ in range(3):  # scrolling and sorting
        table.scrollToBottom()
        qtbot.wait(30)
        table.scrollToTop()
        table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        qtbot.wait(30)
    qtbot.keyClicks(window.music.search_box, "tune")  # search as you type
    with qtbot.waitSignal(controller.search_ready, timeout=20000):
        window.music.search_box.returnPressed.emit()
    window.music.search_box.clear()
    with guard.allowed():
        first = probe.all_media()[0].id
    # play similar, show similar, explain, like, skip
    controller.play_similar(first)
    qtbot.waitUntil(lambda: controller.player.current is not None, timeout=20000)
    qtbot.waitUntil(lambda: controller.runner.pending == 0, timeout=20000)  # Up next was refilled
    with qtbot.waitSignal(controller.similar_ready, timeout=20000):
        controller.show_similar(first)
    for page in (window.similar, window.for_you):  # the right-click menu of a list row
        if page.list.count():
            rect = page.list.visualItemRect(page.list.item(page.list.count() - 1))
            list_item_menu(page, page.list, controller, rect.center(), suggestion=False)
    with qtbot.waitSignal(controller.why_ready, timeout=20000):
        controller.explain(first)
    controller.feedback(first, "like")
    controller.next_pressed()
    for page in ("History", "For you", "Folders", "Videos", "Music"):
        window.show_page(page)
        qtbot.wait(100)
    qtbot.waitUntil(lambda: window.folders.tree.topLevelItemCount() == 1, timeout=10000)
    dialog = SettingsDialog(controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(200)
    dialog.early_skip.setValue(12)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.save()
    controller.runner.wait(20000)
    qtbot.wait(200)
    assert not guard.violations, guard.report()
    assert not errors
    with guard.allowed():
        assert probe.get_setting("outcome_rules") and '"early_skip_seconds": 12.0' in probe.get_setting("outcome_rules")
        assert [e["type"] for e in probe.events_of(first)][:1] == ["start"]

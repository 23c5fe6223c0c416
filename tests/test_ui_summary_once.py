"""The folders overview (a query of ~100 ms at 100k items on the window's one core thread) is asked once
when the window opens: the Folders page, made after the first frame, starts from the overview already
read, and showing it while one is under way asks for no other; a change while one is under way still gets
a newer one."""

from __future__ import annotations

import pytest

from avrec_desktop.ui.tasks import SyncTaskRunner
from test_ui_keyboard import FAKE, fill


class HeldRunner:
    """Keeps every task until ``release`` (so a request can be under way while the window goes on)."""

    pending = 0

    def __init__(self):
        self.jobs: list = []

    def run(self, fn, *args, on_done=None, priority=0, **kwargs) -> None:
        self.jobs.append((fn, args, kwargs, on_done))

    def release(self) -> None:
        while self.jobs:
            fn, args, kwargs, on_done = self.jobs.pop(0)
            SyncTaskRunner().run(fn, *args, on_done=on_done, **kwargs)

    def wait(self, msecs: int = 0) -> bool:
        return True


@pytest.fixture
def opened(qtbot, qapp):
    from avrec_desktop.ui.app import build

    runner = HeldRunner()
    w = build(qapp, runner=runner, encoders_factory=FAKE, start_background=False)
    fill(w.controller.core.store)
    store = w.controller.core.store
    asked = []
    counts = store.folder_status_counts
    store.folder_status_counts = lambda: (asked.append(1), counts())[1]
    qtbot.addWidget(w)
    yield w, runner, asked
    runner.release()
    w.controller.player.close()
    w.controller.core.close()


def test_the_folders_page_starts_from_the_overview_read_when_the_window_opened(opened):
    w, runner, asked = opened
    runner.release()
    assert len(asked) == 1 and w.controller.last_summary is not None
    page = w.folders  # made now, after the first overview came
    assert page.tree.topLevelItemCount() == 1 and "Music" in page.tree.topLevelItem(0).text(0)
    runner.release()
    assert len(asked) == 1  # nothing asked again to fill it


def test_showing_the_page_while_an_overview_is_under_way_asks_for_no_other(opened):
    w, runner, asked = opened
    runner.release()
    page = w.folders
    w.controller.load_summary()  # something changed: one is under way
    page.refresh()  # the user opens Folders meanwhile
    runner.release()
    assert len(asked) == 2


def test_a_change_while_one_is_under_way_gets_a_newer_overview(opened):
    w, runner, asked = opened
    runner.release()
    page = w.folders
    page.refresh()  # under way
    w.controller.folders_changed.emit()  # a folder added meanwhile: the one under way may miss it
    runner.release()
    assert len(asked) == 3  # the opening's, the page's, and one more after the change

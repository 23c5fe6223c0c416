"""The window's warm-up (``AppCore.warm_up``, after the window opened): it opens the recommender and asks it
once for what follows the last item started, so the first real ask is not the slow one; it records no play
and changes no item (the taste model catching up with the log keeps its state, as any ask does), the first
real ask reuses what it opened, and it works on a library never played and on an empty one."""

from __future__ import annotations

from contextlib import contextmanager

from avrec_desktop.core import AppCore
from test_suggest_only_playable import FAKE, fill


@contextmanager
def opened(path):
    core = AppCore(path, encoders_factory=FAKE)
    try:
        yield core
    finally:
        core.close()


def _written(core) -> tuple:
    store = core.store
    return (store.scalar("SELECT COUNT(*) FROM events"), store.scalar("SELECT MAX(id) FROM events"),
            store.query("SELECT id, status, updated_at FROM media ORDER BY id"))


def test_warm_up_asks_after_the_last_item_started_and_records_nothing(tmp_path):
    with opened(tmp_path / "lib.sqlite3") as core:
        ids = fill(core, tmp_path)
        core.store.add_event(ids["home0"], "start")
        before = _written(core)
        asked = []
        recommender = core.recommender()
        real_next = recommender.next
        recommender.next = lambda **kw: (asked.append(kw["current_id"]), real_next(**kw))[1]
        core.warm_up()
        assert asked == [ids["home0"]]
        assert _written(core) == before
        assert core.recommender() is recommender  # what it opened serves the first real ask


def test_warm_up_works_on_a_library_never_played_and_on_an_empty_one(tmp_path):
    with opened(tmp_path / "empty.sqlite3") as core:
        core.warm_up()
    (tmp_path / "lib").mkdir()
    with opened(tmp_path / "lib" / "lib.sqlite3") as core:
        fill(core, tmp_path / "lib")
        core.warm_up()
        assert core.store.scalar("SELECT COUNT(*) FROM events") == 0

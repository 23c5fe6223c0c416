"""The library table stays light at 100k rows: ids only up front, cells a page at a time."""

import time

import pytest

from avrec_desktop.ui.library_model import PAGE, LibraryTableModel, StoreSource


@pytest.fixture
def big_store(store):
    now = time.time()
    rows = [(f"/music/artist{i % 500}/track{i:06d}.flac".encode(), "audio", "ready", f"Track {i:06d}",
             f"Artist {i % 500}", 180.0 + i % 60, now, now) for i in range(100_000)]
    with store.transaction() as conn:
        conn.executemany("INSERT INTO media(path, kind, status, title, artist, duration, added_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return store


def test_a_100k_library_is_fetched_lazily(qapp, big_store):
    model = LibraryTableModel(StoreSource(big_store), "audio")
    assert model.total == 100_000
    assert model.rowCount() == 100_000  # the scrollbar spans every row
    assert not model._rows  # and no cell was read yet
    assert model.index(99_999, 0).data() == "Track 099999"
    assert model.index(50_000, 1).data() == "Artist 0"
    assert len(model._rows) <= 2 * PAGE  # only the pages looked at were read


def test_sorting_and_search_filter_at_100k(qapp, big_store):
    from PySide6.QtCore import Qt

    model = LibraryTableModel(StoreSource(big_store), "audio")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Track 099999"
    model.set_filter([5, 3, 1])
    assert model.rowCount() == 3 and model.index(0, 0).data() == "Track 000004"
    model.set_filter(None)
    assert model.total == 100_000


class _LaterSource:
    """Answers when the test says so, as the window's task thread does."""

    def __init__(self, store):
        self.store, self.waiting = store, []

    def load_library_ids(self, kind, order, descending, on_done):
        self.waiting.append(lambda: on_done(self.store.library_ids(kind, order, descending)))

    def load_library_rows(self, ids, on_done):
        self.waiting.append(lambda: on_done(self.store.library_rows(ids)))

    def answer(self, newest_first=False):
        waiting, self.waiting = self.waiting, []
        for fn in reversed(waiting) if newest_first else waiting:
            fn()


def test_cells_arrive_later_and_an_outdated_answer_is_dropped(qapp, big_store):
    from PySide6.QtCore import Qt

    source = _LaterSource(big_store)
    model = LibraryTableModel(source, "audio")
    assert model.rowCount() == 0  # nothing read on the caller's thread
    source.answer()
    assert model.rowCount() == 100_000
    assert model.index(0, 0).data() is None  # asked for, not there yet
    changed = []
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))
    source.answer()
    assert changed == [(0, PAGE - 1)] and model.index(0, 0).data() == "Track 000000"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.sort(0, Qt.SortOrder.AscendingOrder)  # the user changed their mind before the first answer
    source.answer(newest_first=True)  # ...and the older answer comes last: it is dropped
    model.index(0, 0).data()
    source.answer()
    assert model.index(0, 0).data() == "Track 000000"

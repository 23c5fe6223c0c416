"""A search's second answer (the meaning matches after the word matches) adds rows to the table instead
of resetting it: the word rows keep their cells, a page asked before the answer still fills its rows."""

import time

import pytest

from avrec_desktop.ui.library_model import PAGE, LibraryTableModel


@pytest.fixture
def filled(store):
    now = time.time()
    with store.transaction() as conn:
        conn.executemany("INSERT INTO media(path, kind, status, title, artist, duration, added_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [(f"/music/t{i:04d}.flac".encode(), "audio", "ready", f"Track {i:04d}", "A", 200.0, now, now)
                          for i in range(1, 2 * PAGE + 1)])
    return store


class _LaterSource:
    """Answers when the test says so, as the window's reads thread does; counts the cells asked for."""

    def __init__(self, store):
        self.store, self.waiting, self.rows_asked = store, [], 0

    def load_library_ids(self, kind, order, descending, on_done):
        self.waiting.append(lambda: on_done(self.store.library_ids(kind, order, descending)))

    def load_library_rows(self, ids, on_done):
        self.rows_asked += len(ids)
        self.waiting.append(lambda: on_done(self.store.library_rows(ids)))

    def answer(self):
        waiting, self.waiting = self.waiting, []
        for fn in waiting:
            fn()


def _signals(model) -> list[str]:
    seen = []
    model.modelAboutToBeReset.connect(lambda: seen.append("reset"))
    model.rowsInserted.connect(lambda _parent, first, last: seen.append(f"inserted {first}-{last}"))
    return seen


def test_the_meaning_matches_are_added_after_the_word_rows_without_a_reset(qapp, filled):
    source = _LaterSource(filled)
    model = LibraryTableModel(source, "audio")
    source.answer()
    words = list(range(1, 11))
    model.set_filter(words)
    model.index(0, 0).data()
    source.answer()
    assert model.index(0, 0).data() == "Track 0001"
    seen, asked = _signals(model), source.rows_asked
    model.set_filter(words, [300, 301])
    assert seen == ["inserted 10-12"]  # the divider and two meaning rows
    assert model.index(0, 0).data() == "Track 0001"  # the word rows' cells stay, nothing to wait for
    assert model.index(11, 0).data() is None  # the new rows' page is asked for...
    source.answer()
    assert model.index(11, 0).data() == "Track 0300"  # ...and arrives
    assert source.rows_asked - asked == 13  # one page (the one the new rows joined), read once
    model.set_filter([5, 6])  # another search: a reset
    assert seen[-1] == "reset"


def test_a_page_asked_before_the_meaning_answer_still_fills_its_rows(qapp, filled):
    source = _LaterSource(filled)
    model = LibraryTableModel(source, "audio")
    source.answer()
    words = list(range(1, 11))
    model.set_filter(words)
    assert model.index(0, 0).data() is None  # its page is on its way...
    model.set_filter(words, [300])  # ...when the meaning matches come
    source.answer()
    assert [model.index(r, 0).data() for r in (0, 9)] == ["Track 0001", "Track 0010"]
    assert model.index(11, 0).data() in (None, "Track 0300")
    source.answer()
    assert model.index(11, 0).data() == "Track 0300"


def test_sorting_by_the_order_already_on_its_way_reads_the_ids_once(qapp, filled):
    from PySide6.QtCore import Qt

    source = _LaterSource(filled)
    model = LibraryTableModel(source, "audio")
    model.sort(0, Qt.SortOrder.AscendingOrder)  # what the table does as it is set up
    assert len(source.waiting) == 1
    model.sort(0, Qt.SortOrder.DescendingOrder)  # another order: asked for
    assert len(source.waiting) == 2
    source.answer()
    assert model.total == 2 * PAGE and model.index(0, 0).data() is None
    source.answer()
    assert model.index(0, 0).data() == f"Track {2 * PAGE:04d}"

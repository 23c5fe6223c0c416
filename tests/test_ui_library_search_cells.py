"""A search result's first paint shows its cells: the cells read with the word matches go in with them
(no empty paint, no second read), and the model's answers per role stay what Qt's own would be."""

import time

import pytest
from PySide6.QtCore import QAbstractTableModel, Qt

from avrec_desktop.ui.library_model import PAGE, LibraryTableModel, MediaIdRole


class _NeverSource:
    """Answers the ids at once and records every page of cells asked for (never answering them)."""

    def __init__(self, store):
        self.store, self.pages = store, []

    def load_library_ids(self, kind, order, descending, on_done):
        on_done(self.store.library_ids(kind, order, descending))

    def load_library_rows(self, ids, on_done):
        self.pages.append(list(ids))


@pytest.fixture
def filled(store):
    now = time.time()
    rows = [(f"/music/a{i % 7}/t{i:04d}.flac".encode(), "audio", "ready", f"Track {i:04d}", f"Artist {i % 7}",
             200.0, now, now) for i in range(2 * PAGE + 10)]
    with store.transaction() as conn:
        conn.executemany("INSERT INTO media(path, kind, status, title, artist, duration, added_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return store


def test_the_cells_that_came_with_a_search_are_painted_at_once(qapp, filled):
    source = _NeverSource(filled)
    model = LibraryTableModel(source, "audio")
    matches = list(range(PAGE + 40, 0, -1))  # two pages of results, the first page's cells came with them
    first_page = filled.library_rows(matches[:PAGE])
    model.set_filter(matches, rows=first_page)
    assert model.index(0, 0).data() == f"Track {matches[0] - 1:04d}"
    assert model.index(PAGE - 1, 1).data() == f"Artist {(matches[PAGE - 1] - 1) % 7}"
    assert model.index(PAGE - 1, 0).data(MediaIdRole) == matches[PAGE - 1]
    assert source.pages == []  # nothing was asked for the first page
    assert model.index(PAGE, 0).data() is None  # the second page still comes the usual way
    assert source.pages == [matches[PAGE:]]


def test_cells_of_an_older_result_are_not_used_for_the_next(qapp, filled):
    source = _NeverSource(filled)
    model = LibraryTableModel(source, "audio")
    model.set_filter([3, 2, 1], rows={})
    assert model.index(0, 0).data() is None and source.pages == [[3, 2, 1]]
    model.set_filter([5, 4], rows=filled.library_rows([9]))  # not this result's cells
    assert model.index(0, 0).data() is None and source.pages[-1] == [5, 4]


def test_flags_and_alignment_are_qts_own(qapp, filled):
    class Plain(QAbstractTableModel):
        def rowCount(self, parent=None):
            return 1

        def columnCount(self, parent=None):
            return 1

        def data(self, index, role=0):
            return None
    plain = Plain()  # Qt's own table model answers the reference flags of a cell
    model = LibraryTableModel(_NeverSource(filled), "audio")
    assert model.flags(model.index(0, 0)) == plain.flags(plain.index(0, 0))
    assert model.flags(model.index(-1, 0)) == Qt.ItemFlag.NoItemFlags
    model.set_filter([1, 2])
    length = [i for i in range(model.columnCount()) if model.headerData(i, Qt.Orientation.Horizontal) == "Length"][0]
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(0, length).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None

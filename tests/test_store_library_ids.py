"""The table's ids come from SQLite as one JSON array: the same ids in the same order as reading the
ordered rows one by one, for every column, both directions, every kind — ties and empty values included."""

from __future__ import annotations

import random
import sqlite3

import pytest

from avrec_desktop.store.views import _PLAYS, LIBRARY_ORDER
from index_testlib import LibraryBuilder


def _row_by_row(store, kind, order, descending):
    where = "WHERE m.status != 'missing'" + (" AND m.kind = ?" if kind else "")
    join = _PLAYS if order in ("plays", "last_played") else ""
    sql = (f"SELECT m.id FROM media m {join} {where} "
           f"ORDER BY {LIBRARY_ORDER[order]} {'DESC' if descending else 'ASC'}, m.id")
    return [r[0] for r in store.conn.execute(sql, (kind,) if kind else ())]


@pytest.fixture
def library(store, tmp_path):
    rng = random.Random(3)
    b = LibraryBuilder(store, tmp_path)
    titles = ["Blue", "blue", "Älska", "10 Songs", "2 Songs", None, "Zed", "zed", "Blue"]
    ids = []
    for i in range(60):
        ids.append(b.add(kind="video" if i % 4 == 0 else "audio", title=rng.choice(titles),
                         artist=rng.choice(["Ann", None, "ann", "Bo"]), album=rng.choice([None, "A", "B"]),
                         duration=rng.choice([None, 100.0, 100.0, 250.0]),
                         status=rng.choice(["ready", "ready", "pending", "failed", "missing"])))
    for media_id in rng.sample(ids, 20):
        for _ in range(rng.randint(1, 3)):
            store.add_event(media_id, "start")
    return ids


@pytest.mark.parametrize("order", list(LIBRARY_ORDER))
def test_library_ids_keep_the_row_order(store, library, order):
    for kind in (None, "audio", "video"):
        for descending in (False, True):
            want = _row_by_row(store, kind, order, descending)
            assert want and store.library_ids(kind, order, descending) == want


def test_without_json_functions_the_rows_are_read_one_by_one(store, library):
    real = store.conn

    class NoJson:
        def execute(self, sql, *args):
            if "json_group_array" in sql:
                raise sqlite3.OperationalError("no such function: json_group_array")
            return real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(real, name)
    store.conn = NoJson()
    try:
        assert store.library_ids("audio", "title", False) == _row_by_row(store, "audio", "title", False)
    finally:
        store.conn = real

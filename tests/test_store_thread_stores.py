"""Per-thread store connections are closed: when their thread ends, and all of them when the core closes."""

import sqlite3
import threading

import pytest

from avrec_desktop.core import AppCore
from avrec_desktop.store.thread_stores import ThreadStores


def in_thread(fn):
    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("value", fn()))
    thread.start()
    thread.join(30)
    return out["value"]


def is_closed(store) -> bool:
    try:
        store.conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_closing_the_core_closes_every_thread_store(tmp_path):
    core = AppCore(tmp_path / "db.sqlite3")
    ready, done = threading.Event(), threading.Event()
    held = {}

    def background():  # a thread that is still running when the core closes (like the watcher's)
        held["store"] = core._thread_store()
        ready.set()
        done.wait(30)

    thread = threading.Thread(target=background)
    thread.start()
    assert ready.wait(30)
    ended = in_thread(core._thread_store)
    assert not is_closed(held["store"]) and held["store"] is not ended
    core.close()
    assert is_closed(held["store"]) and is_closed(ended)
    done.set()
    thread.join(30)


def test_a_thread_that_ended_has_its_store_closed(tmp_path):
    stores = ThreadStores(tmp_path / "db.sqlite3")
    first = in_thread(stores.get)
    second = in_thread(stores.get)  # asking again from another thread closes the ended thread's store
    assert is_closed(first) and not is_closed(second)
    assert stores.close_dead() == 1 and is_closed(second)
    mine = stores.get()
    assert stores.get() is mine and stores.open_count() == 1
    stores.close_all()
    assert is_closed(mine)
    with pytest.raises(RuntimeError):
        stores.get()

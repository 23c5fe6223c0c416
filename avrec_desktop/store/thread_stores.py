"""One ``Store`` per thread, every one of them closable.

SQLite connections belong to the thread that uses them, so background threads (the folder watcher, task
threads) each get their own ``Store``. ``ThreadStores`` remembers them: the store of a thread that has
ended is closed the next time any thread asks for one, and ``close_all`` closes the rest (the owner calls
it when it shuts down). Without this, every thread's connection stayed open until the process ended.
"""

from __future__ import annotations

import threading
from pathlib import Path

from avrec_desktop.store.database import Store


class ThreadStores:
    def __init__(self, path: str | Path, *, autocheckpoint: bool = True):
        self.path = Path(path)
        self.autocheckpoint = autocheckpoint  # False: as the owner's store (store/checkpoints.py)
        self._lock = threading.Lock()
        self._stores: dict[int, tuple[threading.Thread, Store]] = {}
        self._closed = False

    def get(self) -> Store:
        """The calling thread's store (opened on first use)."""
        me = threading.current_thread()
        with self._lock:
            entry = self._stores.get(me.ident)
            if entry is not None and entry[0] is me:
                return entry[1]
            dead = self._take_dead()
        _close(dead)
        store = Store(self.path, autocheckpoint=self.autocheckpoint)
        with self._lock:
            if self._closed:
                store.close()
                raise RuntimeError("the stores were closed: the owner has shut down")
            self._stores[me.ident] = (me, store)
        return store

    def close_dead(self) -> int:
        """Close the stores of threads that have ended; returns how many."""
        with self._lock:
            dead = self._take_dead()
        _close(dead)
        return len(dead)

    def close_all(self) -> None:
        with self._lock:
            stores = [store for _, store in self._stores.values()]
            self._stores.clear()
            self._closed = True
        _close(stores)

    def open_count(self) -> int:
        with self._lock:
            return len(self._stores)

    def _take_dead(self) -> list[Store]:
        """Remove (lock held) the entries of ended threads, or of a reused thread id; return their stores."""
        me = threading.current_thread()
        gone = [ident for ident, (thread, _) in self._stores.items()
                if not thread.is_alive() or (ident == me.ident and thread is not me)]
        return [self._stores.pop(ident)[1] for ident in gone]


def _close(stores: list[Store]) -> None:
    for store in stores:
        try:
            store.close()
        except Exception:  # noqa: BLE001 - closing is best effort; the connection is dropped either way
            pass

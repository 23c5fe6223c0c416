"""A music library analysed by the real worker and the real encoders (no test factory, no quick pass)."""

from __future__ import annotations

import queue
import threading

from avrec_desktop.indexing.worker import WorkerConfig, worker_main
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Store


def scanned_music_library(root, db, monkeypatch) -> Store:
    """``root`` added as a music folder of the library at ``db`` (made the process's library) and scanned;
    the real encoders will analyse it, the full pass at once."""
    monkeypatch.setenv("AVREC_DB", str(db))
    monkeypatch.setenv("AVREC_QUICK_PASS", "0")
    monkeypatch.delenv("AVREC_ENCODERS_FACTORY", raising=False)
    store = Store(db)
    scan_folder(store, add_folder(store, str(root), "music"))
    return store


def analyse_all(db) -> None:
    """Run the real worker in this process until the queue is empty."""
    worker_main(WorkerConfig(db_path=str(db), exit_when_idle=True, processes=1), threading.Event(),
                threading.Event(), queue.Queue())

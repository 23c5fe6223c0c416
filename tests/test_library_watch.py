import threading
import time

from avrec_desktop.library import add_folder, apply_changes, scan_folder
from avrec_desktop.library.watcher import FolderWatcher
from avrec_desktop.store import Store


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_watcher_coalesces_a_flood_into_one_job_per_file(tmp_path):
    db = tmp_path / "db.sqlite3"
    root = tmp_path / "music"
    root.mkdir()
    main = Store(db)
    scan_folder(main, add_folder(main, str(root), "music"))
    worker_store = {}
    batches = []

    def on_changes(changes):
        store = worker_store.setdefault(threading.get_ident(), Store(db))
        batches.append(apply_changes(store, changes))

    watcher = FolderWatcher(on_changes, debounce=0.3, tick=0.05)
    watcher.start([str(root)])
    try:
        for i in range(40):
            path = root / f"track{i:02d}.mp3"
            with open(path, "wb") as fh:
                for _ in range(3):
                    fh.write(bytes([i]) * 2000)
                    fh.flush()
        assert wait_for(lambda: len(main.all_media()) == 40)
        assert wait_for(lambda: main.job_counts()["queued"] == 40)
        assert watcher.events_seen > 40  # several events per file came in...
        time.sleep(0.5)
        assert len(main.all_media()) == 40  # ...and made one item and one job each
        (root / "track00.mp3").unlink()
        assert wait_for(lambda: main.media_by_path(str(root / "track00.mp3")).status == "missing")
        (root / "track01.mp3").rename(root / "renamed.mp3")
        assert wait_for(lambda: main.media_by_path(str(root / "renamed.mp3")) is not None)
        assert main.media_by_path(str(root / "track01.mp3")) is None  # the item moved, same id
    finally:
        watcher.stop()
    assert len(main.all_media()) == 40

"""Scanning folders into the store: mark and sweep, move detection, offline folders.

- A file seen for the first time becomes a ``pending`` item with an analysis job.
- A file whose size or mtime changed gets a new content key; if the bytes really changed it is analysed
  again (a failure is retried only then).
- A path that vanished while a new path appeared with the same content key is a move or rename: the
  item keeps its id, embeddings and history and only its path changes.
- A file that vanished becomes ``missing`` (nothing is deleted; it comes back if the file does).
- A folder whose root cannot be reached (unplugged drive, unmounted share), or whose root is suddenly
  empty while it held items (an empty mount point), becomes offline and its items are left untouched.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from avrec_desktop.library.content_key import content_key
from avrec_desktop.library.media_files import accepts, guess_kind
from avrec_desktop.library.walk import walk_media
from avrec_desktop.store import Folder, MediaItem, Store


@dataclass
class ScanReport:
    folder: str
    offline: bool = False
    added: int = 0
    changed: int = 0
    moved: int = 0
    missing: int = 0
    returned: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return self.added + self.changed


def root_reachable(folder: Folder, store: Store) -> bool:
    """False for a root that is gone, not a folder, unlistable, or empty while it held items."""
    try:
        with os.scandir(folder.path) as it:
            has_entries = any(True for _ in it)
    except OSError:
        return False
    if has_entries:
        return True
    held = store.scalar("SELECT COUNT(*) FROM media WHERE folder_id = ? AND status != 'missing'",
                        (folder.id,))
    return not held


def scan_folder(store: Store, folder: Folder) -> ScanReport:
    report = ScanReport(folder=folder.path)
    if not root_reachable(folder, store):
        if folder.online:
            store.set_folder_online(folder.id, False)
        report.offline = True
        return report
    if not folder.online:
        store.set_folder_online(folder.id, True)
    try:
        walked = walk_media(folder.path, lambda p: accepts(folder.kind, p))
    except OSError as exc:
        store.set_folder_online(folder.id, False)
        report.offline = True
        report.errors.append((folder.path, exc.strerror or str(exc)))
        return report
    report.errors.extend(walked.errors)
    known = {item.path: item for item in store.media_in_folder(folder.id)}
    vanished = {path: item for path, item in known.items() if path not in walked.files}
    for path, st in walked.files.items():
        item = known.get(path)
        if item is None:
            _sync_new(store, folder, path, st, vanished, report)
        else:
            _sync_known(store, item, st, report)
    for item in vanished.values():
        if item.status != "missing":
            store.update_media(item.id, status="missing")
            report.missing += 1
    store.mark_folder_scanned(folder.id)
    return report


def sync_path(store: Store, path: str) -> str:
    """Bring one path up to date (used by the watcher). Returns what happened, for logs and tests."""
    path = os.path.abspath(path)
    folder = store.folder_for_path(path)
    if folder is None:
        return "outside"
    if not root_reachable(folder, store):
        if folder.online:
            store.set_folder_online(folder.id, False)
        return "offline"
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None and os.path.isdir(path):
        return "folder"
    item = store.media_by_path(path)
    if st is None or not accepts(folder.kind, path):
        if item is not None and item.status != "missing":
            store.update_media(item.id, status="missing")
            return "missing"
        return "ignored"
    report = ScanReport(folder=folder.path)
    if item is None:
        _sync_new(store, folder, path, st, {}, report)
    else:
        _sync_known(store, item, st, report)
    for name in ("added", "moved", "changed", "returned"):
        if getattr(report, name):
            return name
    return "error" if report.errors else "unchanged"


def mark_missing_under(store: Store, prefix: str) -> int:
    """A folder inside a watched folder vanished: its items become missing (moves are found later)."""
    root = os.fsencode(os.path.abspath(prefix).rstrip(os.sep) + os.sep)
    with store.transaction():
        return store.conn.execute(
            "UPDATE media SET status = 'missing', updated_at = ? WHERE substr(path, 1, ?) = ? "
            "AND status != 'missing'", (time.time(), len(root), root)).rowcount


def _sync_new(store: Store, folder: Folder, path: str, st: os.stat_result,
              vanished: dict[str, MediaItem], report: ScanReport) -> None:
    try:
        key = content_key(path)
    except OSError as exc:
        report.errors.append((path, f"cannot read: {exc.strerror or exc}"))
        key = None
    moved = _find_moved(store, key, vanished) if key else None
    if moved is not None:
        vanished.pop(moved.path, None)
        fields = dict(path=path, folder_id=folder.id, size=st.st_size, mtime=st.st_mtime)
        fields.update(_status_after_return(moved, key))
        store.update_media(moved.id, **fields)
        if fields["status"] == "pending":
            store.enqueue(moved.id)
        report.moved += 1
        return
    with store.transaction():
        media_id = store.insert_media(
            path=path, folder_id=folder.id, content_key=key, size=st.st_size, mtime=st.st_mtime,
            kind=guess_kind(path) or "audio", status="pending")
        store.enqueue(media_id)
    report.added += 1


def _find_moved(store: Store, key: str, vanished: dict[str, MediaItem]) -> MediaItem | None:
    for item in vanished.values():
        if item.content_key == key:
            return item
    candidates = store.media_by_content_key(key, ("missing",))
    for item in candidates:
        if not os.path.exists(item.path):
            return item
    return None


def _status_after_return(item: MediaItem, key: str) -> dict:
    """The status of an item whose file is back (moved, or reappeared) with content key ``key``."""
    if item.analysed_key == key:
        return {"status": "failed" if item.error else "ready", "content_key": key}
    return {"status": "pending", "content_key": key, "error": None}


def _sync_known(store: Store, item: MediaItem, st: os.stat_result, report: ScanReport) -> None:
    same_stat = item.size == st.st_size and item.mtime == st.st_mtime
    if same_stat and item.status != "missing":
        report.unchanged += 1
        return
    key = item.content_key
    if not same_stat or key is None:
        try:
            key = content_key(item.path)
        except OSError as exc:
            report.errors.append((item.path, f"cannot read: {exc.strerror or exc}"))
            return
    fields = dict(size=st.st_size, mtime=st.st_mtime)
    fields.update(_status_after_return(item, key))
    store.update_media(item.id, **fields)
    if fields["status"] == "pending":
        store.enqueue(item.id)
        if item.status == "missing":
            report.returned += 1
        else:
            report.changed += 1
    elif item.status == "missing":
        report.returned += 1
    else:
        report.unchanged += 1

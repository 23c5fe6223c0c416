"""Scanning folders into the store: mark and sweep, moves, offline drives and emptied folders.

- A file seen for the first time becomes a ``pending`` item with an analysis job.
- A file whose size or mtime changed gets a new content key; if the bytes really changed it is analysed
  again (a failure is retried only then).
- Files are matched to items by content key first, then by path (``reconcile``): a move, a rename or
  two swapped names keep each recording's id, embeddings and history.
- A file that vanished becomes ``missing`` (nothing is deleted; it comes back if the file does).
- A folder whose root cannot be reached (unplugged drive, unmounted share) becomes offline and its items
  are left untouched. An empty root is told apart by its device: the device its root was on when last
  seen with files (``folders.root_device``). On that same device the folder was emptied and its items
  become missing; on another one (the empty mount point of an unplugged drive) it is offline.
- FIFOs, sockets and devices named like media are reported as skipped, never opened.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass, field

from avrec_desktop.library.media_files import accepts, guess_kind
from avrec_desktop.library.reconcile import reconcile
from avrec_desktop.library.walk import special_file_reason, walk_media
from avrec_desktop.store import Folder, Store


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
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): could not be read
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not a regular file

    @property
    def queued(self) -> int:
        return self.added + self.changed


def root_device(folder: Folder, store: Store) -> int | None:
    """The device the root is on when it can be scanned now; None when the folder is offline.

    Offline: the root is gone, not a folder or unlistable; or it is empty while it held items and it
    is not on the device it was last seen online on (or that device is unknown).
    """
    try:
        st = os.stat(folder.path)
        with os.scandir(folder.path) as it:
            has_entries = any(True for _ in it)
    except OSError:
        return None
    if has_entries or st.st_dev == folder.root_device or not store.present_count(folder.id):
        return st.st_dev
    return None


def root_reachable(folder: Folder, store: Store) -> bool:
    return root_device(folder, store) is not None


def _bring_online(store: Store, folder: Folder, report: ScanReport) -> bool:
    """Mark the folder online or offline as its root is now; False when offline."""
    device = root_device(folder, store)
    if device is None:
        if folder.online:
            store.set_folder_online(folder.id, False)
        report.offline = True
        return False
    if not folder.online:
        store.set_folder_online(folder.id, True)
    if device != folder.root_device and _has_entries(folder.path):
        store.set_folder_root_device(folder.id, device)
    return True


def _has_entries(path: str) -> bool:
    try:
        with os.scandir(path) as it:
            return any(True for _ in it)
    except OSError:
        return False


def scan_folder(store: Store, folder: Folder) -> ScanReport:
    report = ScanReport(folder=folder.path)
    if not _bring_online(store, folder, report):
        return report
    try:
        walked = walk_media(folder.path, lambda p: accepts(folder.kind, p))
    except OSError as exc:
        store.set_folder_online(folder.id, False)
        report.offline = True
        report.errors.append((folder.path, exc.strerror or str(exc)))
        return report
    report.errors.extend(walked.errors)
    report.skipped.extend(walked.skipped)
    known = {item.path: item for item in store.media_in_folder(folder.id)}
    vanished = {path: item for path, item in known.items() if path not in walked.files}
    reconcile(store, folder, walked.files, known, vanished, report)
    for item in vanished.values():
        if item.status != "missing":
            store.update_media(item.id, status="missing")
            report.missing += 1
    store.mark_folder_scanned(folder.id)
    return report


def sync_files(store: Store, paths: list[str]) -> Counter:
    """Bring a batch of existing file paths up to date (the watcher's batches), matched together so
    names swapped between them are moves. Returns what happened, counted by ``sync_path``'s names."""
    outcome: Counter = Counter()
    by_folder: dict[int, tuple[Folder, dict]] = {}
    for path in paths:
        path = os.path.abspath(path)
        folder = store.folder_for_path(path)
        if folder is None:
            outcome["outside"] += 1
            continue
        by_folder.setdefault(folder.id, (folder, {}))[1][path] = None
    for folder, wanted in by_folder.values():
        report = ScanReport(folder=folder.path)
        if not _bring_online(store, folder, report):
            outcome["offline"] += len(wanted)
            continue
        files, known, vanished = {}, {}, {}
        for path in wanted:
            item = store.media_by_path(path)
            st = _regular_stat(path, report)
            if st is not None and accepts(folder.kind, path):
                files[path] = st
                if item is not None:
                    known[path] = item
            elif item is not None:
                vanished[path] = item
            elif os.path.isdir(path):
                outcome["folder"] += 1
            else:
                outcome["ignored"] += 1
        reconcile(store, folder, files, known, vanished, report)
        for item in vanished.values():
            if item.status != "missing":
                store.update_media(item.id, status="missing")
                report.missing += 1
        for name in ("added", "moved", "changed", "returned", "unchanged", "missing"):
            outcome[name] += getattr(report, name)
        outcome["error"] += len(report.errors)
        outcome["skipped"] += len(report.skipped)
    return +outcome


def _regular_stat(path: str, report: ScanReport) -> os.stat_result | None:
    """The stat of a regular file; None for anything else (a FIFO or device is noted as skipped)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if stat.S_ISREG(st.st_mode):
        return st
    reason = special_file_reason(st)
    if reason is not None and guess_kind(path) is not None:
        report.skipped.append((path, reason))
    return None


def sync_path(store: Store, path: str) -> str:
    """Bring one path up to date. Returns what happened, for logs and tests."""
    outcome = sync_files(store, [path])
    for name in ("added", "moved", "changed", "returned", "missing", "error", "skipped", "offline",
                 "outside", "folder", "ignored"):
        if outcome[name]:
            return name
    return "unchanged"


def mark_missing_under(store: Store, prefix: str) -> int:
    """A folder inside a watched folder vanished: its items become missing (moves are found later)."""
    return store.mark_missing_under(prefix)

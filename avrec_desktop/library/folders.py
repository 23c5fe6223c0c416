"""Adding, removing and scanning the user's folders, and applying watcher changes."""

from __future__ import annotations

import os
from collections import Counter

from avrec_desktop.errors import FolderError, NotFound
from avrec_desktop.library.media_files import accepts
from avrec_desktop.library.scanner import ScanReport, mark_missing_under, scan_folder, sync_files
from avrec_desktop.library.walk import walk_media
from avrec_desktop.library.watcher import Change
from avrec_desktop.store import Folder, Store


def add_folder(store: Store, path: str, kind: str = "mixed") -> Folder:
    path = os.path.abspath(os.path.expanduser(path))
    if not os.path.isdir(path):
        raise FolderError(f"not a folder: {path}")
    try:
        os.scandir(path).close()
    except OSError as exc:
        raise FolderError(f"cannot read folder {path}: {exc.strerror or exc}") from exc
    for other in store.folders():
        if other.path != path and (path.startswith(other.path.rstrip(os.sep) + os.sep)):
            raise FolderError(f"{path} is already inside the library folder {other.path}")
    return store.add_folder(path, kind, root_device=os.stat(path).st_dev)


def find_folder(store: Store, path_or_id: str) -> Folder:
    if str(path_or_id).isdigit():
        return store.get_folder(int(path_or_id))
    folder = store.folder_by_path(os.path.abspath(os.path.expanduser(str(path_or_id))))
    if folder is None:
        raise NotFound(f"{path_or_id} is not a library folder")
    return folder


def scan_all(store: Store) -> list[ScanReport]:
    return [scan_folder(store, folder) for folder in store.folders()]


def apply_changes(store: Store, changes: list[Change]) -> Counter:
    """Apply a debounced batch of watcher changes. A vanished subfolder's items become missing; the
    files of the batch (vanished and present) are matched at once, so moves, renames and swapped names
    keep each recording's id."""
    outcome: Counter = Counter()
    files: list[str] = []
    for path, is_dir in changes:
        if os.path.exists(path):
            if is_dir or os.path.isdir(path):
                outcome.update(_sync_tree(store, path, files))
            else:
                files.append(path)
            continue
        folder = store.folder_for_path(path) if is_dir else None
        if folder is not None and os.path.abspath(path) != folder.path:
            outcome["missing"] += mark_missing_under(store, path)
        else:
            files.append(path)
    outcome.update(sync_files(store, files))
    return outcome


def _sync_tree(store: Store, path: str, files: list[str]) -> Counter:
    """A folder appeared or changed: its media files join ``files`` (a folder root that came back is
    rescanned whole)."""
    folder = store.folder_for_path(path)
    outcome: Counter = Counter()
    if folder is None:
        if store.folder_by_path(path) is not None:  # a folder root came back
            outcome["rescanned"] += 1
            report = scan_folder(store, store.folder_by_path(path))
            outcome["added"] += report.added
        return outcome
    try:
        walked = walk_media(path, lambda p: accepts(folder.kind, p))
    except OSError:
        return outcome
    files.extend(walked.files)
    outcome["skipped"] += len(walked.skipped)
    return outcome

"""Matching the files found on disk to the items the store knows: content key first, then path.

An item is a recording, not a path: its id carries the listening history and the embeddings. So a
file whose bytes changed is first looked up by its new content key among the items that may have moved
(items whose file vanished, and items whose path now holds other bytes); only when no such item has
those bytes does the item at the same path keep it ("changed"). Swapping two names (a→b, b→a) is two
moves, a file moved over another one is a move plus a ``missing`` item, and nothing is analysed again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from avrec_desktop.library.content_key import content_key
from avrec_desktop.library.media_files import guess_kind
from avrec_desktop.store import Folder, MediaItem, Store


@dataclass
class _Seen:
    path: str
    st: os.stat_result
    key: str | None
    item: MediaItem | None  # the item the store has at this path, if any


def reconcile(store: Store, folder: Folder, files: dict[str, os.stat_result],
              known: dict[str, MediaItem], vanished: dict[str, MediaItem], report) -> None:
    """Bring the store in line with ``files`` (path → stat) of ``folder``.

    ``known`` holds the store's items at (some of) those paths, ``vanished`` the items whose file is
    gone; claimed ones are removed from ``vanished`` (the caller marks the rest missing).
    ``report`` (a ``ScanReport``) is counted into.
    """
    fresh: list[_Seen] = []
    for path, st in files.items():
        item = known.get(path)
        same_stat = item is not None and item.size == st.st_size and item.mtime == st.st_mtime
        if same_stat and item.status != "missing":
            report.unchanged += 1
            continue
        key = item.content_key if same_stat else None
        if key is None:
            try:
                key = content_key(path)
            except OSError as exc:
                report.errors.append((path, f"cannot read: {exc.strerror or exc}"))
                if item is not None:
                    continue  # keep what is known until the file can be read
        fresh.append(_Seen(path, st, key, item))

    # Items that may take a path by content: vanished ones, and those whose path now holds other bytes.
    pool: dict[str, list[MediaItem]] = {}
    for item in (*vanished.values(), *(s.item for s in fresh if s.item is not None)):
        if item.content_key:
            pool.setdefault(item.content_key, []).append(item)
    claimed: set[int] = set()
    owner: dict[str, MediaItem] = {}
    for seen in fresh:  # 1. the same bytes are still at the same path
        if seen.item is not None and seen.key and seen.item.content_key == seen.key:
            owner[seen.path] = seen.item
            claimed.add(seen.item.id)
    for seen in fresh:  # 2. bytes that belong to another item: it moved here
        if seen.path in owner or not seen.key:
            continue
        match = next((i for i in pool.get(seen.key, ()) if i.id not in claimed), None)
        if match is None:
            match = _moved_from_elsewhere(store, seen.key, claimed)
        if match is not None:
            owner[seen.path] = match
            claimed.add(match.id)
    for seen in fresh:  # 3. new bytes at a known path: the item there changed
        if seen.path not in owner and seen.item is not None and seen.item.id not in claimed:
            owner[seen.path] = seen.item
            claimed.add(seen.item.id)

    moves: dict[int, dict] = {}
    queue: list[int] = []
    for seen in fresh:
        item = owner.get(seen.path)
        if item is None:
            continue
        fields = dict(size=seen.st.st_size, mtime=seen.st.st_mtime, **_status_after_return(item, seen.key))
        if item.path != seen.path or item.folder_id != folder.id:
            fields.update(path=seen.path, folder_id=folder.id)
            moves[item.id] = fields
            report.moved += 1
        else:
            store.update_media(item.id, **fields)
            if item.status == "missing":
                report.returned += 1
            elif fields["status"] == "pending" and item.content_key != seen.key:
                report.changed += 1
            else:
                report.unchanged += 1
        if fields["status"] == "pending":
            queue.append(item.id)
    # An item whose path another item took, and whose own bytes went nowhere, was overwritten.
    displaced = [s.item.id for s in fresh
                 if s.item is not None and s.item.id not in claimed and owner.get(s.path) is not None]
    report.missing += len(displaced)
    with store.transaction():
        if moves or displaced:
            store.relocate_media(moves, displaced)
        for media_id in queue:
            store.enqueue(media_id)
        for seen in fresh:
            if seen.path not in owner:
                media_id = store.insert_media(
                    path=seen.path, folder_id=folder.id, content_key=seen.key, size=seen.st.st_size,
                    mtime=seen.st.st_mtime, kind=guess_kind(seen.path) or "audio", status="pending")
                store.enqueue(media_id)
                report.added += 1
    for path in [p for p, item in vanished.items() if item.id in claimed]:
        del vanished[path]


def _moved_from_elsewhere(store: Store, key: str, claimed: set[int]) -> MediaItem | None:
    """A missing item anywhere in the library with these bytes whose old file is really gone."""
    for item in store.media_by_content_key(key, ("missing",)):
        if item.id not in claimed and not os.path.exists(item.path):
            return item
    return None


def _status_after_return(item: MediaItem, key: str | None) -> dict:
    """The status of an item whose file is back (moved, reappeared, changed) with content key ``key``."""
    if key is not None and item.analysed_key == key:
        return {"status": "failed" if item.error else "ready", "content_key": key}
    if key is not None and key == item.content_key and item.status in ("pending", "failed", "ready"):
        return {"status": item.status, "content_key": key}  # touched, not changed
    return {"status": "pending", "content_key": key, "error": None}

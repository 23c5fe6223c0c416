"""Media items: one row per file, with tags, stream info and analysis status."""

from __future__ import annotations

import os
import time
from typing import Iterable

from avrec_desktop.errors import NotFound
from avrec_desktop.store.records import MediaItem, to_db_path

# Columns a caller may set through update_media / insert_media.
MEDIA_FIELDS = {
    "folder_id", "path", "content_key", "size", "mtime", "kind", "duration", "title", "artist", "album",
    "genre", "year", "track_no", "width", "height", "audio_codec", "video_codec", "status", "error",
    "analysed_key",
}


def _encode(fields: dict) -> dict:
    unknown = set(fields) - MEDIA_FIELDS
    if unknown:
        raise ValueError(f"unknown media fields: {sorted(unknown)}")
    out = dict(fields)
    if "path" in out:
        out["path"] = to_db_path(out["path"])
    return out


class MediaMixin:
    def insert_media(self, **fields) -> int:
        values = _encode(fields)
        now = time.time()
        values.setdefault("status", "pending")
        values["added_at"] = now
        values["updated_at"] = now
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.transaction():
            cur = self.conn.execute(f"INSERT INTO media({cols}) VALUES ({marks})", tuple(values.values()))
        return cur.lastrowid

    def update_media(self, media_id: int, **fields) -> None:
        if not fields:
            return
        values = _encode(fields)
        values["updated_at"] = time.time()
        assignments = ", ".join(f"{c} = ?" for c in values)
        with self.transaction():
            self.conn.execute(f"UPDATE media SET {assignments} WHERE id = ?", (*values.values(), media_id))

    def retag_media(self, rows: Iterable[tuple]) -> None:
        """Many items' tags and paths at once (generated benchmark libraries): rows of
        (title, artist, album, genre, year, track_no, path bytes, id)."""
        with self.transaction():
            self.conn.executemany("UPDATE media SET title = ?, artist = ?, album = ?, genre = ?, year = ?, "
                                  "track_no = ?, path = ? WHERE id = ?", rows)

    def get_media(self, media_id: int) -> MediaItem:
        rows = self.query("SELECT * FROM media WHERE id = ?", (media_id,))
        if not rows:
            raise NotFound(f"no item with id {media_id}")
        return MediaItem.from_row(rows[0])

    def media_by_ids(self, ids: Iterable[int]) -> dict[int, MediaItem]:
        return {row["id"]: MediaItem.from_row(row)
                for row in self.query_ids("SELECT * FROM media WHERE id IN ({ids})", ids)}

    def media_by_path(self, path: str) -> MediaItem | None:
        rows = self.query("SELECT * FROM media WHERE path = ?", (to_db_path(path),))
        return MediaItem.from_row(rows[0]) if rows else None

    def media_in_folder(self, folder_id: int) -> list[MediaItem]:
        rows = self.query("SELECT * FROM media WHERE folder_id = ? ORDER BY id", (folder_id,))
        return [MediaItem.from_row(r) for r in rows]

    def media_by_content_key(self, key: str, statuses: tuple[str, ...] = ("missing",)) -> list[MediaItem]:
        marks = ",".join("?" for _ in statuses)
        rows = self.query(f"SELECT * FROM media WHERE content_key = ? AND status IN ({marks}) ORDER BY id",
                          (key, *statuses))
        return [MediaItem.from_row(r) for r in rows]

    def relocate_media(self, moves: dict[int, dict], displaced: Iterable[int] = ()) -> None:
        """Move items to new paths in one transaction; paths may be swapped or rotated among them.

        ``moves`` maps an item id to the fields it gets (``path`` required). Each id in ``displaced``
        lost its path to a moved item (its file was overwritten by another recording): it becomes
        ``missing`` under its old path plus ``~overwritten-<id>``, a path no file has, so its history
        stays and the path is free for the item that now lives there.
        """
        displaced = list(displaced)
        with self.transaction():
            for media_id in displaced:
                item = self.get_media(media_id)
                self.update_media(media_id, status="missing", path=f"{item.path}~overwritten-{media_id}")
            for media_id in moves:  # free every path first, so swaps and rotations cannot collide
                self.conn.execute("UPDATE media SET path = ? WHERE id = ?",
                                  (b"\0moving:" + str(media_id).encode(), media_id))
            for media_id, fields in moves.items():
                self.update_media(media_id, **fields)

    def mark_missing_under(self, prefix: str) -> int:
        """Every item under folder ``prefix`` that is not missing becomes missing; returns how many."""
        root = to_db_path(os.path.abspath(prefix).rstrip(os.sep) + os.sep)
        with self.transaction():
            return self.conn.execute(
                "UPDATE media SET status = 'missing', updated_at = ? WHERE substr(path, 1, ?) = ? "
                "AND status != 'missing'", (time.time(), len(root), root)).rowcount

    def playable_ids(self, ids: Iterable[int]) -> set[int]:
        """The ids among ``ids`` that can be played now: ``ready``, in a folder that is online, and,
        where the folder's root is there to look in, with their file present (a file deleted while
        nothing watched). What is suggested (similar, next, for you) is filtered through this.

        Where the root itself is absent, the folder's ``online`` flag is trusted until the next scan
        (so a library known only to the database, as in benchmarks, stays playable).
        """
        out: set[int] = set()
        roots: dict[bytes, bool] = {}
        rows = self.query_ids(
            "SELECT m.id, m.path, f.path AS root FROM media m LEFT JOIN folders f ON f.id = m.folder_id "
            "WHERE m.id IN ({ids}) AND m.status = 'ready' AND COALESCE(f.online, 1) = 1", ids)
        for row in rows:
            root = row["root"]
            if root is not None and root not in roots:
                roots[root] = os.path.isdir(root)
            if root is None or not roots[root] or os.path.isfile(row["path"]):
                out.add(row["id"])
        return out

    def all_media(self, status: str | None = None, kind: str | None = None) -> list[MediaItem]:
        where, params = [], []
        if status:
            where.append("status = ?")
            params.append(status)
        if kind:
            where.append("kind = ?")
            params.append(kind)
        sql = "SELECT * FROM media" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return [MediaItem.from_row(r) for r in self.query(sql, tuple(params))]

    def status_counts(self) -> dict[str, int]:
        rows = self.query("SELECT status, COUNT(*) AS n FROM media GROUP BY status")
        counts = {"pending": 0, "ready": 0, "failed": 0, "missing": 0}
        counts.update({r["status"]: r["n"] for r in rows})
        return counts

    def failed_with(self, error_prefix: str) -> int:
        """How many failed items have an error that starts with ``error_prefix``."""
        pattern = error_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return int(self.scalar("SELECT COUNT(*) FROM media WHERE status = 'failed' AND error LIKE ? ESCAPE '\\'",
                               (pattern,)))

    def failures(self) -> list[MediaItem]:
        return self.all_media(status="failed")

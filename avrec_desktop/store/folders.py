"""Folders the user added: path, kind (music, video or mixed) and whether their root is reachable."""

from __future__ import annotations

import os
import time

from avrec_desktop.errors import FolderError, NotFound
from avrec_desktop.store.records import FOLDER_KINDS, Folder, to_db_path


class FoldersMixin:
    def add_folder(self, path: str, kind: str = "mixed", root_device: int | None = None) -> Folder:
        if kind not in FOLDER_KINDS:
            raise FolderError(f"folder kind must be one of {', '.join(FOLDER_KINDS)}, not {kind!r}")
        path = os.path.abspath(path)
        existing = self.folder_by_path(path)
        if existing is not None:
            if existing.kind != kind:
                with self.transaction():
                    self.conn.execute("UPDATE folders SET kind = ? WHERE id = ?", (kind, existing.id))
                return self.get_folder(existing.id)
            return existing
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO folders(path, kind, online, added_at, root_device) VALUES (?, ?, 1, ?, ?)",
                (to_db_path(path), kind, time.time(), root_device),
            )
        return self.get_folder(cur.lastrowid)

    def remove_folder(self, folder_id: int) -> int:
        """Forget a folder and every item in it (their history goes too). Returns the items removed."""
        self.get_folder(folder_id)
        with self.transaction():
            n = self.conn.execute("DELETE FROM media WHERE folder_id = ?", (folder_id,)).rowcount
            self.conn.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
        return n

    def get_folder(self, folder_id: int) -> Folder:
        rows = self.query("SELECT * FROM folders WHERE id = ?", (folder_id,))
        if not rows:
            raise NotFound(f"no folder with id {folder_id}")
        return Folder.from_row(rows[0])

    def folder_by_path(self, path: str) -> Folder | None:
        rows = self.query("SELECT * FROM folders WHERE path = ?", (to_db_path(os.path.abspath(path)),))
        return Folder.from_row(rows[0]) if rows else None

    def folders(self) -> list[Folder]:
        return [Folder.from_row(r) for r in self.query("SELECT * FROM folders ORDER BY path")]

    def set_folder_online(self, folder_id: int, online: bool) -> None:
        with self.transaction():
            self.conn.execute("UPDATE folders SET online = ? WHERE id = ?", (int(online), folder_id))

    def set_folder_root_device(self, folder_id: int, device: int) -> None:
        """Remember the device (``st_dev``) the root was on when last seen online."""
        with self.transaction():
            self.conn.execute("UPDATE folders SET root_device = ? WHERE id = ?", (int(device), folder_id))

    def folder_item_counts(self) -> dict[int, int]:
        """Items per folder id (folders without items are left out)."""
        rows = self.query("SELECT folder_id, COUNT(*) AS n FROM media WHERE folder_id IS NOT NULL "
                          "GROUP BY folder_id")
        return {r["folder_id"]: r["n"] for r in rows}

    def present_count(self, folder_id: int) -> int:
        """Items of a folder that are not missing (what an empty root would lose)."""
        return int(self.scalar("SELECT COUNT(*) FROM media WHERE folder_id = ? AND status != 'missing'",
                               (folder_id,)) or 0)

    def mark_folder_scanned(self, folder_id: int) -> None:
        with self.transaction():
            self.conn.execute("UPDATE folders SET last_scan = ? WHERE id = ?", (time.time(), folder_id))

    def folder_for_path(self, path: str) -> Folder | None:
        """The added folder that contains ``path`` (the deepest one), if any."""
        path = os.path.abspath(path)
        best = None
        for folder in self.folders():
            root = folder.path.rstrip(os.sep) + os.sep
            if path.startswith(root) and (best is None or len(folder.path) > len(best.path)):
                best = folder
        return best

"""Which cover thumbnail belongs to which item (table ``media_covers``, schema v6).

``file`` is a name relative to the thumbnails folder (``paths.thumbnails_dir()``) or None when the item was
looked at and has no usable picture; ``note`` keeps the reason a picture was refused (corrupt, too large).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from avrec_desktop.store.item_records import CoverRow


def __getattr__(name: str):
    if name == "CoverRow":  # made where a row is read (store/item_records.py): a query never needs it
        from avrec_desktop.store.item_records import CoverRow

        return CoverRow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class CoversMixin:
    def set_cover(self, media_id: int, file: str | None, source: str | None = None,
                  note: str | None = None) -> bool:
        """Record the cover of ``media_id`` (replacing any earlier one); False when the item is gone."""
        with self.transaction():
            if self.scalar("SELECT 1 FROM media WHERE id = ?", (media_id,)) is None:
                return False
            self.conn.execute(
                "INSERT INTO media_covers(media_id, file, source, note, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(media_id) DO UPDATE SET file = excluded.file, source = excluded.source, "
                "note = excluded.note, updated_at = excluded.updated_at",
                (media_id, file, source, note, time.time()))
        return True

    def cover_of(self, media_id: int) -> CoverRow | None:
        """The recorded cover of ``media_id``; None when it has not been looked for yet."""
        from avrec_desktop.store.item_records import CoverRow

        rows = self.query("SELECT media_id, file, source, note FROM media_covers WHERE media_id = ?", (media_id,))
        return CoverRow(**rows[0]) if rows else None

    def covers_of(self, ids: Iterable[int]) -> dict[int, CoverRow]:
        from avrec_desktop.store.item_records import CoverRow

        rows = self.query_ids("SELECT media_id, file, source, note FROM media_covers WHERE media_id IN ({ids})",
                              ids)
        return {row["media_id"]: CoverRow(**row) for row in rows}

    def forget_cover(self, media_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM media_covers WHERE media_id = ?", (media_id,))

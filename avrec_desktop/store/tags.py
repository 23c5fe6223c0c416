"""Tag probabilities per item (schema v9, ``media_tags``): what the learned music model hears in a track.

One row per item: the probabilities (float32; the order is the tagger's, ``encoders.musicnn_tags``), the
audio encoder's name and version that made them, and ``words``: the auto-tags ("ambient; slow") that the
word search (``media_words.tags``, kept by triggers) and the text encoder see. An analysis that makes no
tags (another audio encoder) removes the row, so stale words never outlive the vectors they came with.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from avrec_desktop.store.item_records import ItemTags

WORD_SEPARATOR = "; "


def __getattr__(name: str):
    if name == "ItemTags":  # made where tags are read (store/item_records.py): most queries never need it
        from avrec_desktop.store.item_records import ItemTags

        return ItemTags
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class TagsMixin:
    def put_tags(self, media_id: int, tags: ItemTags | None) -> None:
        """Store (or, ``None``, remove) an item's tags, in the caller's transaction if there is one."""
        import numpy as np

        with self.transaction():
            if tags is None:
                self.conn.execute("DELETE FROM media_tags WHERE media_id = ?", (media_id,))
                return
            probs = np.ascontiguousarray(tags.probs, dtype=np.float32).ravel()
            self.conn.execute(
                "INSERT INTO media_tags(media_id, encoder, version, probs, words, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(media_id) DO UPDATE SET encoder = excluded.encoder, "
                "version = excluded.version, probs = excluded.probs, words = excluded.words, "
                "updated_at = excluded.updated_at",
                (media_id, tags.encoder, tags.version, probs.tobytes(), WORD_SEPARATOR.join(tags.words),
                 time.time()))

    def tags_of(self, media_id: int) -> ItemTags | None:
        return self.tags_of_many([media_id]).get(int(media_id))

    def tags_of_many(self, ids: Iterable[int]) -> dict[int, ItemTags]:
        """The stored tags of ``ids`` (items without any are left out)."""
        import numpy as np

        from avrec_desktop.store.item_records import ItemTags

        rows = self.query_ids("SELECT media_id, encoder, version, probs, words FROM media_tags "
                              "WHERE media_id IN ({ids})", ids)
        return {int(r["media_id"]): ItemTags(r["encoder"], r["version"],
                                              np.frombuffer(r["probs"], dtype=np.float32),
                                              tuple(w for w in r["words"].split(WORD_SEPARATOR) if w))
                for r in rows}

    def tag_words_of(self, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """Only the auto-tag words of ``ids`` (no numpy: reasons and listings)."""
        rows = self.query_ids("SELECT media_id, words FROM media_tags WHERE media_id IN ({ids})", ids)
        return {int(r["media_id"]): tuple(w for w in r["words"].split(WORD_SEPARATOR) if w) for r in rows}

    def ready_ids_tagged(self, word: str, limit: int = 2000) -> list[int]:
        """Ready items whose auto-tags include ``word`` exactly (a For you "More <word>" shelf), by id."""
        rows = self.conn.execute(
            "SELECT t.media_id FROM media_tags t JOIN media m ON m.id = t.media_id WHERE m.status = 'ready' "
            "AND instr(? || t.words || ?, ?) > 0 ORDER BY t.media_id LIMIT ?",
            (WORD_SEPARATOR, WORD_SEPARATOR, f"{WORD_SEPARATOR}{word}{WORD_SEPARATOR}", int(limit)))
        return [int(r[0]) for r in rows]

"""Embeddings: one vector per (item, space), stamped with the encoder name and version that made it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from avrec_desktop.store.quick import USABLE_VECTORS
from avrec_desktop.store.records import Embedding

if TYPE_CHECKING:  # numpy is imported where vectors are read or written: `avrec status` never needs it
    import numpy as np


class EmbeddingsMixin:
    def put_embeddings(self, media_id: int, embeddings: list[Embedding]) -> None:
        import numpy as np

        now = time.time()
        with self.transaction():
            for emb in embeddings:
                vec = np.ascontiguousarray(emb.vector, dtype=np.float32).ravel()
                self.conn.execute(
                    "INSERT INTO embeddings(media_id, space, encoder, version, dim, vector, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(media_id, space) DO UPDATE SET "
                    "encoder = excluded.encoder, version = excluded.version, dim = excluded.dim, "
                    "vector = excluded.vector, created_at = excluded.created_at",
                    (media_id, emb.space, emb.encoder, emb.version, int(vec.size), vec.tobytes(), now),
                )

    def restamp_space(self, space: str, encoder: str, version: str) -> int:
        """Mark every vector of ``space`` as made by ``encoder``/``version`` (synthetic benchmark libraries
        made with stand-in names); returns how many rows changed."""
        with self.transaction():
            return self.conn.execute("UPDATE embeddings SET encoder = ?, version = ? WHERE space = ?",
                                     (encoder, version, space)).rowcount

    def embeddings_of(self, media_id: int) -> dict[str, Embedding]:
        import numpy as np

        rows = self.query("SELECT space, encoder, version, vector FROM embeddings WHERE media_id = ?",
                          (media_id,))
        return {
            r["space"]: Embedding(r["space"], r["encoder"], r["version"],
                                  np.frombuffer(r["vector"], dtype=np.float32))
            for r in rows
        }

    def load_space(self, space: str, encoder: str, version: str) -> tuple[np.ndarray, np.ndarray]:
        """Ids and an (n, dim) float32 matrix of every usable vector of a space made by this encoder.

        Items that are missing are left out (their vectors stay stored for when they come back).
        """
        import numpy as np

        cur = self.conn.execute(
            f"SELECT e.media_id, e.vector {USABLE_VECTORS} ORDER BY e.media_id",  # quick ones count: store/quick.py
            (space, encoder, version),
        )
        rows = cur.fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
        return ids, matrix

    def space_signature(self, space: str, encoder: str, version: str) -> tuple[int, int, float]:
        """(count, max media id, newest vector time): changes whenever the usable set changes."""
        row = self.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(e.media_id), 0), COALESCE(MAX(e.created_at), 0), "
            f"COALESCE(SUM(e.media_id), 0) {USABLE_VECTORS}",
            (space, encoder, version),
        ).fetchone()
        return int(row[0]), int(row[3]), float(row[2])

    def stale_embeddings(self, space: str, encoder: str, version: str) -> list[int]:
        """Ready items whose vector in this space was made by another encoder or version."""
        rows = self.conn.execute(
            "SELECT e.media_id FROM embeddings e JOIN media m ON m.id = e.media_id "
            "WHERE e.space = ? AND (e.encoder != ? OR e.version != ?) AND m.status = 'ready'",
            (space, encoder, version),
        ).fetchall()
        return [r[0] for r in rows]

    def missing_embeddings(self, space: str, kinds: tuple[str, ...]) -> list[int]:
        """Ready items of these kinds with no vector at all in ``space``: analysed before the space was
        active (the optional ``clap`` one, installed after the library was analysed)."""
        marks = ", ".join("?" for _ in kinds)
        rows = self.conn.execute(
            f"SELECT m.id FROM media m WHERE m.status = 'ready' AND m.kind IN ({marks}) AND NOT EXISTS "
            "(SELECT 1 FROM embeddings e WHERE e.media_id = m.id AND e.space = ?) ORDER BY m.id",
            (*kinds, space),
        ).fetchall()
        return [r[0] for r in rows]

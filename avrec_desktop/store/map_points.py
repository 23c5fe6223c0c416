"""The library map's rows (schema v12, store/schema_map.py): fitted projections, each item's place, and the
facts the map is coloured and marked with (top auto-tag, folder, skips, recent plays). Arrays come back
as numpy so 100k points cost one statement each, no dict per row."""

from __future__ import annotations

import time

SKIP_REASONS = ("next", "skipped")


class MapMixin:
    def map_projections(self) -> dict[str, dict]:
        """{kind: projection row} with ``mean`` (dim,) and ``components`` (2, dim) as float32 arrays."""
        import numpy as np  # lazily: query commands import the store, not numpy

        out = {}
        for r in self.query("SELECT * FROM map_projections"):
            dim = int(r["dim"])
            r["mean"] = np.frombuffer(r["mean"], dtype=np.float32).copy()
            r["components"] = np.frombuffer(r["components"], dtype=np.float32).reshape(2, dim).copy()
            out[r["kind"]] = r
        return out

    def put_map(self, kind: str, ids, times, xy, *, projection: dict | None = None, drop=()) -> None:
        """Place ``ids`` (with their vectors' ``times``) at ``xy`` (n, 2) in one transaction. With a new
        ``projection`` the kind's old points go first (they were placed by another fit); ``drop``: ids
        of the kind no longer in its space."""
        import numpy as np  # lazily: query commands import the store, not numpy

        rows = [(int(i), kind, float(x), float(y), float(t)) for i, t, (x, y) in zip(ids, times, xy)]
        with self.transaction() as conn:
            if projection is not None:
                conn.execute("DELETE FROM map_points WHERE kind = ?", (kind,))
                p = projection
                conn.execute(
                    "INSERT OR REPLACE INTO map_projections(kind, space, encoder, version, dim, fitted_count, mean, "
                    "components, center_x, center_y, scale, offset_x, computed_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (kind, p["space"], p["encoder"], p["version"], int(p["dim"]), int(p["fitted_count"]),
                     np.ascontiguousarray(p["mean"], np.float32).tobytes(),
                     np.ascontiguousarray(p["components"], np.float32).tobytes(), float(p["center_x"]),
                     float(p["center_y"]), float(p["scale"]), float(p["offset_x"]), time.time()))
            conn.executemany("DELETE FROM map_points WHERE media_id = ?", [(int(i),) for i in drop])
            conn.executemany("INSERT OR REPLACE INTO map_points(media_id, kind, x, y, vector_at) "
                             "VALUES (?, ?, ?, ?, ?)", rows)

    def map_stamps(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vector times) of the kind's placed items, by id."""
        import numpy as np  # lazily: query commands import the store, not numpy

        rows = self.conn.execute("SELECT media_id, vector_at FROM map_points WHERE kind = ? ORDER BY media_id",
                                 (kind,)).fetchall()
        arr = np.array(rows, dtype=np.float64).reshape(-1, 2)
        return arr[:, 0].astype(np.int64), arr[:, 1]

    def map_points(self) -> dict[str, np.ndarray]:
        """The placed items that are in the library now: ``ids``, ``video`` (bool), ``x``, ``y``, by id."""
        import numpy as np  # lazily: query commands import the store, not numpy

        rows = self.conn.execute(
            "SELECT p.media_id, p.kind = 'video', p.x, p.y FROM map_points p JOIN media m ON m.id = p.media_id "
            "WHERE m.status = 'ready' ORDER BY p.media_id").fetchall()
        arr = np.array(rows, dtype=np.float64).reshape(-1, 4)
        return {"ids": arr[:, 0].astype(np.int64), "video": arr[:, 1] > 0,
                "x": arr[:, 2].astype(np.float32), "y": arr[:, 3].astype(np.float32)}

    def map_labels(self) -> list[tuple]:
        """(media id, item path, its library folder's path, top auto-tag or None) of every placed item."""
        return self.conn.execute(
            "SELECT m.id, m.path, f.path, CASE WHEN t.words IS NULL OR t.words = '' THEN NULL "
            "WHEN instr(t.words, '; ') > 0 THEN substr(t.words, 1, instr(t.words, '; ') - 1) ELSE t.words END "
            "FROM map_points p JOIN media m ON m.id = p.media_id LEFT JOIN folders f ON f.id = m.folder_id "
            "LEFT JOIN media_tags t ON t.media_id = m.id WHERE m.status = 'ready' ORDER BY m.id").fetchall()

    def ready_ids_of_kind(self, kind: str) -> np.ndarray:
        import numpy as np  # lazily: query commands import the store, not numpy

        rows = self.conn.execute("SELECT id FROM media WHERE kind = ? AND status = 'ready' ORDER BY id",
                                 (kind,)).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def skip_counts(self) -> dict[int, int]:
        """{media id: times it was skipped}."""
        rows = self.conn.execute(
            "SELECT media_id, COUNT(*) FROM events WHERE type = 'end' AND reason IN (?, ?) GROUP BY media_id",
            SKIP_REASONS).fetchall()
        return {int(i): int(n) for i, n in rows}

    def recent_plays(self, limit: int = 30) -> list[int]:
        """The items started most recently, newest first, each once."""
        rows = self.conn.execute("SELECT media_id FROM events WHERE type = 'start' GROUP BY media_id "
                                 "ORDER BY MAX(id) DESC LIMIT ?", (int(limit),)).fetchall()
        return [int(r[0]) for r in rows]

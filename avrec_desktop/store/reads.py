"""Reads (and the taste state's one write) behind the recommender, the vector indexes, the evaluation
and the core's status: here so that no SQL is written outside store/."""

from __future__ import annotations

import time
from collections.abc import Iterable

from avrec_desktop.store.quick import USABLE_VECTORS as _USABLE
_CANDIDATE_COLUMNS = "id, kind, status, content_key, duration, title, artist, added_at"


class ReadsMixin:
    # -- media ------------------------------------------------------------------------------------
    def candidate_rows(self, ids: Iterable[int]) -> list[dict]:
        """The few columns ranking needs (id, kind, status, content_key, duration, title, artist, added_at)."""
        return self.query_ids(f"SELECT {_CANDIDATE_COLUMNS} FROM media WHERE id IN ({{ids}})", ids)

    def kinds_of(self, ids: Iterable[int]) -> dict[int, str]:
        return {r["id"]: r["kind"] for r in self.query_ids("SELECT id, kind FROM media WHERE id IN ({ids})", ids)}

    def kind_counts(self) -> dict[str, int]:
        return {r["kind"]: r["n"] for r in self.query("SELECT kind, COUNT(*) AS n FROM media GROUP BY kind")}

    def ready_added_between(self, since: float, until: float, limit: int) -> list[int]:
        """Ready items added in [since, until], newest first."""
        return [r["id"] for r in self.query(
            # named: with no statistics SQLite would take media_status (every ready row) and sort them
            "SELECT id FROM media INDEXED BY media_ready_added WHERE status = 'ready' AND added_at >= ? "
            "AND added_at <= ? "
            "ORDER BY added_at DESC, id DESC LIMIT ?", (since, until, limit))]

    def ready_seconds(self) -> float:
        """Total duration of the ready items, in seconds."""
        return float(self.scalar("SELECT COALESCE(SUM(duration), 0) FROM media WHERE status = 'ready'"))

    def count_in_folder(self, folder_id: int) -> int:
        return int(self.scalar("SELECT COUNT(*) FROM media WHERE folder_id = ?", (folder_id,)))

    # -- events -----------------------------------------------------------------------------------
    def plays_between(self, since: float, until: float, limit: int) -> list[dict]:
        """``start`` and ``end`` events with since <= ts <= until, newest first (media_id, ts, session, type)."""
        return self.query(
            "SELECT media_id, ts, session, type FROM events WHERE type IN ('start', 'end') AND ts <= ? "
            "AND ts >= ? ORDER BY ts DESC, id DESC LIMIT ?", (until, since, limit))

    def last_started(self, session: str | None = None) -> int | None:
        """The item of the newest ``start`` event (of one session, or any)."""
        if session:
            return self.scalar("SELECT media_id FROM events WHERE type = 'start' AND session = ? "
                               "ORDER BY id DESC LIMIT 1", (session,))
        return self.scalar("SELECT media_id FROM events WHERE type = 'start' ORDER BY id DESC LIMIT 1")

    def delete_all_events(self) -> int:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM events").rowcount

    # -- taste state ------------------------------------------------------------------------------
    def taste_state(self, name: str) -> dict | None:
        rows = self.query("SELECT format, last_event_id, state FROM taste_state WHERE name = ?", (name,))
        return rows[0] if rows else None

    def save_taste_state(self, name: str, fmt: int, last_event_id: int, state: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO taste_state(name, format, last_event_id, state, updated_at) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET format = excluded.format, "
                         "last_event_id = excluded.last_event_id, state = excluded.state, "
                         "updated_at = excluded.updated_at", (name, fmt, last_event_id, state, time.time()))

    # -- embeddings -------------------------------------------------------------------------------
    def embedding_counts(self) -> dict[tuple[str, str, str], int]:
        """(space, encoder, version) -> how many vectors."""
        return {(r["space"], r["encoder"], r["version"]): r["n"] for r in self.query(
            "SELECT space, encoder, version, COUNT(*) AS n FROM embeddings GROUP BY 1, 2, 3")}

    def ids_with_space(self, space: str) -> set[int]:
        return {r["media_id"] for r in self.query("SELECT DISTINCT media_id FROM embeddings WHERE space = ?",
                                                  (space,))}

    def usable_stamps(self, space: str, encoder: str, version: str) -> list[tuple]:
        """(media_id, created_at) of the usable vectors of a space, by id (the covering index answers it)."""
        return self.conn.execute(f"SELECT e.media_id, e.created_at {_USABLE} ORDER BY e.media_id",
                                 (space, encoder, version)).fetchall()

    def vectors_token(self) -> str | None:
        """Changes whenever the usable vectors of any space may have changed (schema v15's triggers)."""
        rows = self.conn.execute("SELECT token FROM vector_changes WHERE id = 1").fetchall()
        return rows[0][0] if rows else None

    def usable_vectors(self, space: str, encoder: str, version: str, ids: Iterable[int] | None = None
                       ) -> list[tuple]:
        """(media_id, created_at, vector blob) of the usable vectors of a space (all, or of ``ids``)."""
        key = (space, encoder, version)
        if ids is None:
            return self.conn.execute(f"SELECT e.media_id, e.created_at, e.vector {_USABLE} ORDER BY e.media_id",
                                     key).fetchall()
        rows = []
        for row in self.query_ids(f"SELECT e.media_id, e.created_at, e.vector {_USABLE} "
                                  "AND e.media_id IN ({ids})", ids, key):
            rows.append((row["media_id"], row["created_at"], row["vector"]))
        return rows

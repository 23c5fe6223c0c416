"""Play events (start, progress, end, skip, like, ...). The learning issue builds on these rows."""

from __future__ import annotations

import time


class EventsMixin:
    def add_event(self, media_id: int, type: str, *, position: float | None = None,
                  duration: float | None = None, source: str | None = None, seed_id: int | None = None,
                  session: str | None = None, ts: float | None = None) -> int:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO events(media_id, ts, type, position, duration, source, seed_id, session) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (media_id, time.time() if ts is None else ts, type, position, duration, source, seed_id,
                 session),
            )
        return cur.lastrowid

    def events_of(self, media_id: int) -> list[dict]:
        return self.query("SELECT * FROM events WHERE media_id = ? ORDER BY ts, id", (media_id,))

"""Play events: what the user played, how far, why it ended, and what they said about it.

Types (``EVENT_TYPES``):
- ``start``: playback began. ``auto`` = 1 when the player advanced to it by itself (end of the previous
  item, or a queue), 0 when the user picked it. ``source`` says which list it came from (``up-next``,
  ``for-you``, ``similar``, ``search``, ``library``, ``history``...), ``seed_id`` the item a suggestion
  was made from.
- ``progress``: a position while playing (lets a crash be told from a skip).
- ``end``: playback ended at ``position`` of ``duration``; ``reason`` is one of ``END_REASONS``.
- ``seek``: the user jumped; ``position`` is where from, ``duration`` the length.
- ``like``, ``dislike``, ``less-like``: explicit feedback (``seed_id`` with less-like: "less like this
  seed", i.e. the suggestion was wrong for that seed); ``unlike`` takes a like or dislike back.
- ``removed``: the user took an automatic suggestion out of Up next (weak negative).

Every row carries the ``session`` (one listening session of the app) so that the rules can pair a start
with its end. ``end`` rows repeat ``auto``, ``source`` and ``seed_id`` of their start so an end alone can
be judged.
"""

from __future__ import annotations

import time

from avrec_desktop.errors import AvrecError

EVENT_TYPES = ("start", "progress", "end", "seek", "like", "dislike", "less-like", "unlike", "removed")
END_REASONS = ("finished", "skipped", "next", "previous", "stopped", "app-closed", "error")


class BadEvent(AvrecError):
    """An event that does not make sense (unknown type or reason, negative position)."""


class EventsMixin:
    def add_event(self, media_id: int, type: str, *, position: float | None = None,
                  duration: float | None = None, source: str | None = None, seed_id: int | None = None,
                  session: str | None = None, ts: float | None = None, reason: str | None = None,
                  auto: bool = False) -> int:
        if type not in EVENT_TYPES:
            raise BadEvent(f"unknown event type {type!r}; one of: {', '.join(EVENT_TYPES)}")
        if type == "end" and reason not in END_REASONS:
            raise BadEvent(f"an end event needs a reason, one of: {', '.join(END_REASONS)}")
        if position is not None and position < 0 or duration is not None and duration < 0:
            raise BadEvent("position and duration cannot be negative")
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO events(media_id, ts, type, position, duration, source, seed_id, session, "
                "reason, auto) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (media_id, time.time() if ts is None else ts, type, position, duration, source, seed_id,
                 session, reason, int(bool(auto))),
            )
        return cur.lastrowid

    def events_of(self, media_id: int) -> list[dict]:
        return self.query("SELECT * FROM events WHERE media_id = ? ORDER BY ts, id", (media_id,))

    def events_after(self, event_id: int = 0, limit: int | None = None) -> list[dict]:
        """Events in the order they were recorded (id order), after ``event_id``."""
        sql = "SELECT * FROM events WHERE id > ? ORDER BY id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, (event_id,))

    def feedback_marks(self) -> dict[int, str]:
        """{media id: "like" or "dislike"}: each item's latest like or dislike not taken back (unlike)."""
        rows = self.query(
            "SELECT media_id, type FROM events WHERE id IN (SELECT MAX(id) FROM events "
            "WHERE type IN ('like', 'dislike', 'unlike') GROUP BY media_id) AND type != 'unlike'")
        return {int(r["media_id"]): r["type"] for r in rows}

    def last_event_id(self) -> int:
        return int(self.scalar("SELECT COALESCE(MAX(id), 0) FROM events"))

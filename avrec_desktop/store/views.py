"""Read-only queries behind the window's lists: the library table (ids of a sorted view, then the cells
of a page of rows), the folders overview and the play history. The window runs them on its task
thread; they live here so no SQL is written outside store/."""

from __future__ import annotations

import json
import sqlite3

from typing import Iterable

# Sort keys the library table offers → the ORDER BY expression (a closed list: nothing is interpolated
# from outside it).
LIBRARY_ORDER = {
    "title": "m.title_key",  # natural sort keys (store.sort_keys, schema v8)
    "artist": "m.artist_key",
    "album": "m.album_key",
    "genre": "m.genre_key",
    "duration": "m.duration",
    "plays": "COALESCE(p.plays, 0)",
    "last_played": "p.last_played",
    "status": "m.status",
}
_PLAYS = ("LEFT JOIN (SELECT media_id, COUNT(*) AS plays, MAX(ts) AS last_played FROM events "
          "WHERE type = 'start' GROUP BY media_id) p ON p.media_id = m.id")
HISTORY_TYPES = ("end", "like", "dislike", "less-like")
# History's outcome filter → its WHERE condition on events e (a closed list, as LIBRARY_ORDER)
HISTORY_OUTCOMES = {
    "all": "e.type IN ('end', 'like', 'dislike', 'less-like')",
    "finished": "e.type = 'end' AND e.reason = 'finished'",
    "skipped": "e.type = 'end' AND e.reason IN ('next', 'skipped')",
    "liked": "e.type = 'like'",
}


class ViewsMixin:
    def library_ids(self, kind: str | None = None, order: str = "title", descending: bool = False) -> list[int]:
        """Ids of every item that is not missing (of one kind, or all), in the table's order."""
        expression = LIBRARY_ORDER[order]
        where = "WHERE m.status != 'missing'" + (" AND m.kind = ?" if kind else "")
        join = _PLAYS if order in ("plays", "last_played") else ""
        sql = (f"SELECT m.id FROM media m {join} {where} "
               f"ORDER BY {expression} {'DESC' if descending else 'ASC'}, m.id")
        args = (kind,) if kind else ()
        try:
            # one JSON array made inside SQLite (the GIL is free for the whole query): 70k ids in 42 ms
            # against 94 ms row by row with the window's other threads running (2026-12-03). An ordered
            # subquery under an aggregate is not flattened, so the array keeps its order (tested).
            blob = self.conn.execute(f"SELECT json_group_array(id) FROM ({sql})", args).fetchone()[0]
            return json.loads(blob)
        except sqlite3.OperationalError as exc:  # an SQLite without JSON functions
            if "json_group_array" not in str(exc):
                raise
            return [r[0] for r in self.conn.execute(sql, args)]

    def library_tags_present(self, kind: str | None = None) -> set[str]:
        """Which of artist, album and genre some shown item (of this kind) has: the table hides the rest
        for Videos. One index probe each (the v8 sort-key indexes)."""
        where = "m.status != 'missing'" + (" AND m.kind = ?" if kind else "")
        args = (kind,) if kind else ()
        return {tag for tag in ("artist", "album", "genre") if self.conn.execute(
            f"SELECT EXISTS(SELECT 1 FROM media m WHERE {where} AND m.{tag}_key IS NOT NULL)", args).fetchone()[0]}

    def library_rows(self, ids: Iterable[int]) -> dict[int, dict]:
        """The table's cells for these items (at most a page: the ids are bound twice)."""
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" for _ in ids)
        sql = (f"SELECT m.id, m.path, m.title, m.artist, m.album, m.genre, m.duration, m.status, m.kind, "
               f"m.error, COALESCE(p.plays, 0) AS plays, p.last_played FROM media m "
               f"LEFT JOIN (SELECT media_id, COUNT(*) AS plays, MAX(ts) AS last_played FROM events "
               f"WHERE type = 'start' AND media_id IN ({marks}) GROUP BY media_id) p ON p.media_id = m.id "
               f"WHERE m.id IN ({marks})")
        return {row["id"]: row for row in self.query(sql, (*ids, *ids))}

    def folder_status_counts(self) -> dict[int, dict[str, int]]:
        """Per folder id: how many of its items are in each status."""
        out: dict[int, dict[str, int]] = {}
        for r in self.query("SELECT folder_id, status, COUNT(*) AS n FROM media GROUP BY folder_id, status"):
            out.setdefault(r["folder_id"], {})[r["status"]] = r["n"]
        return out

    def play_history(self, limit: int = 500, outcome: str = "all", since: float | None = None) -> list[dict]:
        """The newest ends and feedback, newest first by when they happened (imported listening history
        is written after newer plays) (of one outcome: HISTORY_OUTCOMES; at or after ``since``, a
        timestamp), with the item's title and path."""
        where, args = _history_where(outcome, since)
        return self.query(
            "SELECT e.ts, e.type, e.reason, e.position, e.duration, e.media_id, m.title, m.path FROM events e "
            f"JOIN media m ON m.id = e.media_id WHERE {where} ORDER BY e.ts DESC, e.id DESC LIMIT ?", (*args, int(limit)))

    def play_history_count(self, outcome: str = "all", since: float | None = None) -> int:
        """How many rows play_history would give without its limit."""
        where, args = _history_where(outcome, since)
        return int(self.scalar(f"SELECT COUNT(*) FROM events e JOIN media m ON m.id = e.media_id WHERE {where}",
                               args))


def _history_where(outcome: str, since: float | None) -> tuple[str, tuple]:
    where = HISTORY_OUTCOMES[outcome]
    if since is None:
        return where, ()
    return f"{where} AND e.ts >= ?", (float(since),)

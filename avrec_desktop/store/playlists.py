"""Saved playlists (schema v10, store/schema_playlists.py): the SQL behind playlists/service.py.

Functions over a ``Store`` (its connection and transactions) rather than a mixin, so the ``Store`` class is
left as it is. An entry is shown from its library item when it has one (the item's current path, title,
artist and duration: a moved or retagged file follows), else from what the entry kept (a file that is not,
or no longer, in the library).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Iterable

from avrec_desktop.store.records import from_db_path, to_db_path

KINDS = ("manual", "up-next", "journey", "station", "import")


@dataclass(frozen=True)
class PlaylistInfo:
    id: int
    name: str
    kind: str
    spec: dict | None
    created_at: float
    updated_at: float
    entries: int = 0
    not_in_library: int = 0


@dataclass(frozen=True)
class NewEntry:
    """What one saved entry keeps: its library item (or None) and the file's path, title, artist, length."""
    media_id: int | None
    path: str | None
    title: str | None = None
    artist: str | None = None
    duration: float | None = None


@dataclass(frozen=True)
class PlaylistEntry:
    position: int
    media_id: int | None
    path: str | None
    title: str | None
    artist: str | None
    duration: float | None
    kind: str | None = None  # the item's (audio / video) when in the library
    status: str | None = None  # the item's status (ready, missing...) when in the library

    @property
    def in_library(self) -> bool:
        return self.media_id is not None

    @property
    def playable(self) -> bool:
        return self.media_id is not None and self.status not in ("missing", "failed")


_INFO = ("SELECT p.*, COUNT(e.position) AS entries, "
         "COALESCE(SUM(e.position IS NOT NULL AND e.media_id IS NULL), 0) AS not_in_library "  # none: 0
         "FROM playlists p LEFT JOIN playlist_entries e ON e.playlist_id = p.id ")


def _info(row: dict) -> PlaylistInfo:
    spec = json.loads(row["spec"]) if row.get("spec") else None
    return PlaylistInfo(row["id"], row["name"], row["kind"], spec, row["created_at"], row["updated_at"],
                        int(row["entries"] or 0), int(row["not_in_library"] or 0))


def list_playlists(store) -> list[PlaylistInfo]:
    return [_info(r) for r in store.query(_INFO + "GROUP BY p.id ORDER BY p.name COLLATE NOCASE")]


def find_playlist(store, name: str) -> PlaylistInfo | None:
    """The playlist of that name (case does not matter), or None."""
    rows = store.query(_INFO + "WHERE p.name = ? GROUP BY p.id", (name,))
    return _info(rows[0]) if rows else None


def playlist_entries(store, playlist_id: int) -> list[PlaylistEntry]:
    rows = store.query(
        "SELECT e.position, e.media_id, COALESCE(m.path, e.path) AS path, COALESCE(m.title, e.title) AS title, "
        "COALESCE(m.artist, e.artist) AS artist, COALESCE(m.duration, e.duration) AS duration, m.kind, m.status "
        "FROM playlist_entries e LEFT JOIN media m ON m.id = e.media_id WHERE e.playlist_id = ? "
        "ORDER BY e.position", (playlist_id,))
    return [PlaylistEntry(r["position"], r["media_id"], from_db_path(r["path"]) if r["path"] is not None else None,
                          r["title"], r["artist"], r["duration"], r["kind"], r["status"]) for r in rows]


def _rows(playlist_id: int, start: int, entries: Iterable[NewEntry]) -> list[tuple]:
    return [(playlist_id, start + i, e.media_id, to_db_path(e.path) if e.path is not None else None, e.title,
             e.artist, e.duration) for i, e in enumerate(entries)]


_INSERT_ENTRIES = ("INSERT INTO playlist_entries(playlist_id, position, media_id, path, title, artist, duration) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)")


def create_playlist(store, name: str, kind: str, entries: Iterable[NewEntry], spec: dict | None = None, *,
                    replace: bool = False) -> int:
    """A new playlist with ``entries`` in order (``replace``: one of that name loses its entries and takes
    these); returns its id. A name already taken without ``replace`` raises sqlite3.IntegrityError."""
    now = time.time()
    spec_text = json.dumps(spec, sort_keys=True) if spec is not None else None
    with store.transaction() as conn:
        old = conn.execute("SELECT id FROM playlists WHERE name = ?", (name,)).fetchone() if replace else None
        if old is not None:
            playlist_id = old[0]
            conn.execute("DELETE FROM playlist_entries WHERE playlist_id = ?", (playlist_id,))
            conn.execute("UPDATE playlists SET name = ?, kind = ?, spec = ?, updated_at = ? WHERE id = ?",
                         (name, kind, spec_text, now, playlist_id))
        else:
            playlist_id = conn.execute(
                "INSERT INTO playlists(name, kind, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                (name, kind, spec_text, now, now)).lastrowid
        conn.executemany(_INSERT_ENTRIES, _rows(playlist_id, 0, entries))
    return playlist_id


def append_entries(store, playlist_id: int, entries: Iterable[NewEntry]) -> int:
    """Add entries at the end; returns how many."""
    with store.transaction() as conn:
        start = conn.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM playlist_entries WHERE playlist_id = ?",
                             (playlist_id,)).fetchone()[0]
        rows = _rows(playlist_id, start, entries)
        conn.executemany(_INSERT_ENTRIES, rows)
        conn.execute("UPDATE playlists SET updated_at = ? WHERE id = ?", (time.time(), playlist_id))
    return len(rows)


def delete_playlist(store, playlist_id: int) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM playlist_entries WHERE playlist_id = ?", (playlist_id,))
        conn.execute("DELETE FROM playlists WHERE id = ?", (playlist_id,))


def rename_playlist(store, playlist_id: int, name: str) -> None:
    """Raises sqlite3.IntegrityError when another playlist has that name."""
    with store.transaction() as conn:
        conn.execute("UPDATE playlists SET name = ?, updated_at = ? WHERE id = ?", (name, time.time(), playlist_id))


def media_for_entries(store, ids: Iterable[int]) -> dict[int, NewEntry]:
    """What a saved entry keeps of each library item (ids not in the library are left out)."""
    return {r["id"]: NewEntry(r["id"], from_db_path(r["path"]), r["title"], r["artist"], r["duration"])
            for r in store.query_ids("SELECT id, path, title, artist, duration FROM media WHERE id IN ({ids})", ids)}


def media_by_paths(store, paths: Iterable[str]) -> dict[str, int]:
    """path -> media id for the paths that are library items."""
    wanted = {to_db_path(p): p for p in paths}
    found: dict[str, int] = {}
    for raw, path in wanted.items():
        row = store.conn.execute("SELECT id FROM media WHERE path = ?", (raw,)).fetchone()
        if row is not None:
            found[path] = row[0]
    return found


def media_tags(store) -> list[tuple[int, str | None, str | None, float | None]]:
    """(id, title, artist, duration) of every item that is not missing: what an import matches tags against."""
    return [tuple(r) for r in store.conn.execute(
        "SELECT id, title, artist, duration FROM media WHERE status != 'missing' AND title IS NOT NULL")]

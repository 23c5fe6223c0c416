"""The SQL of the listening-history import (issue #10): imported listens in, the user's own plays out.

An imported listen becomes the two events the player writes for it — a ``start`` at the time it began and
an ``end`` when it stopped, with the reason and position — both with ``source = 'import'``, a session
``import:<service>`` and an ``import_key`` (``<key>:start`` / ``<key>:end``, unique), so a second import
of the same export inserts nothing. A listen the history already holds another way — a start of the same
item within its play time: played here (an export of this library's own history imported back), or the
same listen from another service (users often scrobble to Last.fm and ListenBrainz at once) — is not
added twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

SAME_PLAY_SECONDS = 90.0  # a start this close to an imported listen's (at most half its play time, so a repeat
# right after stays a play of its own) is that play: minute-precision exports (Last.fm CSV) are off by up to 60 s


@dataclass(frozen=True)
class ImportedPlay:
    media_id: int
    key: str  # stable for one listen: service + time + normalised artist/title
    start: float
    end: float
    position: float
    duration: float | None
    reason: str  # an END_REASONS word
    auto: bool
    session: str


def add_imported_plays(store, plays: list[ImportedPlay]) -> list[bool]:
    """Insert each play's start and end unless it is already there; True for each one added."""
    added: list[bool] = []
    with store.transaction() as conn:
        for p in plays:
            slack = max(1.0, min(SAME_PLAY_SECONDS, 0.5 * max(p.position, 0.0)))
            own = conn.execute(
                "SELECT 1 FROM events WHERE media_id = ? AND type = 'start' AND ts BETWEEN ? AND ? LIMIT 1",
                (p.media_id, p.start - slack, p.start + slack)).fetchone()
            if own is not None:
                added.append(False)
                continue
            common = (p.media_id, p.duration, "import", p.session, int(bool(p.auto)))
            cur = conn.execute(
                "INSERT OR IGNORE INTO events(media_id, duration, source, session, auto, ts, type, position, "
                "import_key) VALUES (?, ?, ?, ?, ?, ?, 'start', NULL, ?)", (*common, p.start, f"{p.key}:start"))
            if cur.rowcount == 0:
                added.append(False)
                continue
            conn.execute(
                "INSERT OR IGNORE INTO events(media_id, duration, source, session, auto, ts, type, position, "
                "reason, import_key) VALUES (?, ?, ?, ?, ?, ?, 'end', ?, ?, ?)",
                (*common, p.end, p.position, p.reason, f"{p.key}:end"))
            added.append(True)
    return added


def record_history_import(store, *, service: str, file_name: str, rows: int, matched: int, added: int) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO history_imports(service, file_name, imported_at, rows, matched, added) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (service, file_name, time.time(), rows, matched, added))


def history_imports(store) -> list[dict]:
    return store.query("SELECT * FROM history_imports ORDER BY id")


def ended_plays(store, *, with_imported: bool = False) -> list[dict]:
    """Every ``end`` event (oldest first) with the item's tags: ts, position, duration, reason, source,
    media_id, artist, title, album, media_duration, path."""
    where = "" if with_imported else "AND (e.source IS NULL OR e.source != 'import')"
    return store.query(
        "SELECT e.ts, e.position, e.duration, e.reason, e.source, e.media_id, m.artist, m.title, m.album, "
        f"m.duration AS media_duration, m.path FROM events e JOIN media m ON m.id = e.media_id "
        f"WHERE e.type = 'end' {where} ORDER BY e.ts, e.id")

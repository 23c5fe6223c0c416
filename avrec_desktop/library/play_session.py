"""What the player was doing when the app closed, kept for the next start (no Qt, no SQL of its own).

The state is one JSON value in the settings table (``player/session``): the current item and its
position, Up next (the user's queued entries and the automatic ones, with their reasons' text), the
volume, shuffle, repeat and Up next's familiar ⟷ adventurous setting (0.5 when an older state has none).
A value that cannot be read is ignored (a fresh start), never an error.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field

log = logging.getLogger(__name__)
KEY = "player/session"
REPEAT_MODES = ("off", "all", "one")


@dataclass
class SavedEntry:
    media_id: int
    source: str = "up-next"
    seed_id: int | None = None
    pinned: bool = False
    reasons: list = field(default_factory=list)  # [{"kind": str, "text": str}]


@dataclass
class SavedSession:
    current: SavedEntry | None = None
    position: float = 0.0
    queue: list = field(default_factory=list)  # [SavedEntry]
    volume: float = 0.8
    muted: bool = False
    shuffle: bool = False
    repeat: str = "off"
    adventure: float = 0.5  # Up next's familiar (0) ⟷ adventurous (1); recommend/adventure.py

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "SavedSession":
        raw = json.loads(text)
        current = raw.get("current")
        repeat = raw.get("repeat", "off")
        return cls(current=SavedEntry(**current) if current else None,
                   position=max(0.0, float(raw.get("position") or 0.0)),
                   queue=[SavedEntry(**e) for e in raw.get("queue") or []],
                   volume=min(1.0, max(0.0, float(raw.get("volume", 0.8)))), muted=bool(raw.get("muted")),
                   shuffle=bool(raw.get("shuffle")), repeat=repeat if repeat in REPEAT_MODES else "off",
                   adventure=_adventure(raw.get("adventure", 0.5)))

    def media_ids(self) -> list[int]:
        return ([self.current.media_id] if self.current else []) + [e.media_id for e in self.queue]


def _adventure(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.5
    return min(1.0, max(0.0, value)) if value == value else 0.5  # NaN: the default


def save(store, session: SavedSession) -> None:
    store.set_setting(KEY, session.to_json())


def load(store) -> SavedSession | None:
    text = store.get_setting(KEY)
    if not text:
        return None
    try:
        return SavedSession.from_json(text)
    except (ValueError, TypeError, AttributeError) as exc:
        log.warning("the saved player state cannot be read (%s): starting fresh", exc)
        return None


def load_with_items(store) -> tuple[SavedSession, dict] | None:
    """The saved state and the MediaItems it names (items no longer in the library are left out)."""
    session = load(store)
    if session is None:
        return None
    return session, store.media_by_ids(session.media_ids())


UNPLAYABLE = "cannot be played: "  # the error of an item the player marked failed (it was analysed)


def mark_vanished(store, media_id: int) -> bool:
    """The player found an item's file gone: it becomes ``missing``, as a scan marks it (it comes back
    when a scan finds the file again). False when the file is there after all, or it already was."""
    item = store.get_media(media_id)
    if os.path.exists(item.path) or item.status == "missing":
        return False
    store.update_media(media_id, status="missing")
    return True


def mark_unplayable(store, media_id: int, reason: str) -> bool:
    """The player could not play an item whose file is there: it becomes ``failed`` with ``reason`` (shown
    in the library, never suggested again; a changed file is analysed again by the next scan). A file
    that is gone meanwhile is marked missing instead. False when nothing changed."""
    item = store.get_media(media_id)
    if not os.path.exists(item.path):
        return mark_vanished(store, media_id)
    if item.status in ("failed", "missing"):
        return False
    store.update_media(media_id, status="failed", error=UNPLAYABLE + reason)
    return True

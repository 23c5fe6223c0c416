"""ListenBrainz: its export (a JSON array, JSON lines — the zip's listens/YYYY/MM.jsonl — or an API page
{"payload": {"listens": [...]}}) in, and the user's own plays out in the same shape.

A listen: ``{"listened_at": 1580472000, "track_metadata": {"artist_name", "track_name", "release_name",
"additional_info": {"duration_ms": 215000, ...}}}``; ``listened_at`` is when it started.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from avrec_desktop import __version__
from avrec_desktop.history_import.listens import Listen, parse_time, text_of


def records_of(data) -> list:
    if isinstance(data, dict):
        payload = data.get("payload", data)
        return list(payload.get("listens") or [])
    return list(data or [])


def looks_like(record) -> bool:
    return isinstance(record, dict) and isinstance(record.get("track_metadata"), dict)


def parse(records: Iterable) -> Iterator[Listen | None]:
    """One Listen per record (None for a record without a time, artist or title)."""
    for r in records:
        meta = r.get("track_metadata") if isinstance(r, dict) else None
        ts = parse_time(r.get("listened_at")) if isinstance(r, dict) else None
        if not isinstance(meta, dict) or ts is None:
            yield None
            continue
        info = meta.get("additional_info") or {}
        artist, title = text_of(meta.get("artist_name")), text_of(meta.get("track_name"))
        if not artist or not title:
            yield None
            continue
        duration = None
        if info.get("duration_ms"):
            duration = float(info["duration_ms"]) / 1000.0
        elif info.get("duration"):
            duration = float(info["duration"])
        yield Listen("listenbrainz", ts, artist, title, text_of(meta.get("release_name")) or None, duration)


def listen_record(*, listened_at: float, artist: str, title: str, album: str | None,
                  duration: float | None) -> dict:
    """One listen as ListenBrainz writes it in an export (and accepts in a submission)."""
    info = {"media_player": "avrec-desktop", "submission_client": "avrec-desktop",
            "submission_client_version": __version__}
    if duration:
        info["duration_ms"] = int(round(duration * 1000))
    meta = {"artist_name": artist, "track_name": title, "additional_info": info}
    if album:
        meta["release_name"] = album
    return {"listened_at": int(listened_at), "track_metadata": meta}

"""Last.fm scrobble exports: CSV (benjaminbenben's lastfm-to-csv: ``artist,album,title,date`` without a
header, date "31 Jan 2020 12:00"; or a header naming the columns: artist, album, track/title, uts or
utc_time/date...) and JSON (the API's ``recenttracks`` pages, one or a list of them, or a flat list of
tracks; ``artist``/``album`` as {"#text": ...} or plain names, ``date`` as {"uts": ...}).

A scrobble is a listen that counted (half the track or 4 minutes), so every one is a play. The track that
was "now playing" when the page was fetched has no date and is left out.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from avrec_desktop.history_import.listens import Listen, parse_time, text_of

_ARTIST = ("artist", "artist_name", "artistname", "artist name")
_TITLE = ("title", "track", "track_name", "trackname", "name", "track name", "song")
_ALBUM = ("album", "album_name", "albumname", "album name", "release", "release_name")
_TIME = ("uts", "timestamp", "date", "utc_time", "time", "played_at", "datetime", "date_uts", "listened_at")
_DURATION = ("duration", "duration_ms")


def records_of(data) -> list:
    """The tracks of a page, of a list of pages, or a flat list."""
    pages = data if isinstance(data, list) else [data]
    out = []
    for page in pages:
        if isinstance(page, dict) and "recenttracks" in page:
            tracks = page["recenttracks"].get("track") or []
            out += tracks if isinstance(tracks, list) else [tracks]
        elif isinstance(page, dict) and "track" in page and isinstance(page["track"], list):
            out += page["track"]
        else:
            out.append(page)
    return out


def looks_like(record) -> bool:
    if not isinstance(record, dict):
        return False
    if "recenttracks" in record:
        return True
    keys = {k.lower() for k in record}
    return bool(keys & set(_ARTIST)) and bool(keys & set(_TITLE)) and bool(keys & (set(_TIME) | {"date"}))


def _field(record: dict, names) -> object:
    lowered = {k.lower(): v for k, v in record.items()}
    for name in names:
        if lowered.get(name) not in (None, ""):
            return lowered[name]
    return None


def _time(value) -> float | None:
    if isinstance(value, dict):
        return parse_time(value.get("uts")) or parse_time(value.get("#text"))
    return parse_time(value)


def _duration(record: dict) -> float | None:
    value = _field(record, _DURATION)
    try:
        seconds = float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return seconds / 1000.0 if seconds and seconds > 10000 else seconds or None


def parse_json(records: Iterable) -> Iterator[Listen | None]:
    for r in records:
        if not isinstance(r, dict):
            yield None
            continue
        attr = r.get("@attr") or {}
        if isinstance(attr, dict) and str(attr.get("nowplaying", "")).lower() == "true":
            continue  # playing when the page was fetched: not a scrobble yet
        ts = _time(_field(r, _TIME))
        artist, title = text_of(_field(r, _ARTIST)), text_of(_field(r, _TITLE))
        if ts is None or not artist or not title:
            yield None
            continue
        yield Listen("lastfm", ts, artist, title, text_of(_field(r, _ALBUM)) or None, _duration(r))


def parse_csv(text: str) -> Iterator[Listen | None]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return
    header = [c.strip().lower() for c in rows[0]]
    if set(header) & set(_ARTIST) and set(header) & set(_TITLE):
        yield from parse_json(dict(zip(header, row)) for row in rows[1:] if any(c.strip() for c in row))
        return
    for row in rows:  # lastfm-to-csv: artist, album, title, date
        if not any(c.strip() for c in row):
            continue
        if len(row) < 4:
            yield None
            continue
        yield from parse_json([{"artist": row[0], "album": row[1], "title": row[2], "date": row[3]}])


def looks_like_csv(text: str) -> bool:
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    header = {c.strip().lower() for c in first}
    if header & set(_ARTIST) and header & set(_TITLE):
        return True
    return len(first) >= 4 and parse_time(first[3]) is not None

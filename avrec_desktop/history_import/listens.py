"""One listen read from an export, whatever service wrote it, and the errors of reading one.

A ``Listen`` is what the user heard: when it started (unix seconds, UTC), who and what, the album and the
track's length when the export says, and — where the service knows it (Spotify) — how long it played and
why it ended. Scrobble services (Last.fm, ListenBrainz) only log listens that counted as plays (half the
track or 4 minutes), so theirs have ``played`` None and count as finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from avrec_desktop.errors import AvrecError

SERVICES = ("listenbrainz", "lastfm", "spotify")
FORMATS = ("listenbrainz", "lastfm-csv", "lastfm-json", "spotify")


class HistoryFileError(AvrecError):
    """An export cannot be read: not a format this import knows, or broken (the message says which)."""


@dataclass(frozen=True)
class Listen:
    service: str  # listenbrainz / lastfm / spotify
    ts: float  # when it started, unix seconds
    artist: str
    title: str
    album: str | None = None
    duration: float | None = None  # the track's length, seconds, when the export gives it
    played: float | None = None  # seconds heard (Spotify); None: a scrobble, heard as a play
    end_reason: str | None = None  # our END_REASONS word for why it ended (Spotify), None: finished
    auto: bool = False  # the service moved on to it by itself (Spotify reason_start trackdone)

    @property
    def label(self) -> str:
        return f"{self.artist} – {self.title}"


def parse_time(value) -> float | None:
    """Unix seconds from an int/float/str of seconds (or milliseconds), an ISO time ("2020-01-31T12:00:00Z",
    "2020-01-31 12:00:00", taken as UTC when it has no zone) or Last.fm's "31 Jan 2020 12:00" / "31 Jan 2020,
    12:00"; None when it is none of these."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ts = float(value)
        return ts / 1000.0 if ts > 1e11 else ts
    text = str(value).strip()
    try:
        return parse_time(float(text))
    except ValueError:
        pass
    for fmt in ("%d %b %Y %H:%M", "%d %b %Y, %H:%M", "%d %B %Y %H:%M", "%d %B %Y, %H:%M", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def text_of(value) -> str:
    """A name from a string or a Last.fm-style {"#text": ...} / {"name": ...} object."""
    if isinstance(value, dict):
        value = value.get("#text") or value.get("name") or ""
    return str(value or "").strip()

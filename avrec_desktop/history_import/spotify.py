"""Spotify's streaming history: "Extended streaming history" (``Streaming_History_Audio_*.json``: ts,
ms_played, master_metadata_track_name, master_metadata_album_artist_name, master_metadata_album_album_name,
reason_start, reason_end, skipped, ...) and the shorter account-data file (``StreamingHistory*.json``:
endTime, artistName, trackName, msPlayed).

Spotify logs every stream, skips too. ``ts``/``endTime`` is when the stream *stopped*, so a listen starts
``ms_played`` earlier. Why it ended becomes the player's end reason: ``skipped`` true or ``fwdbtn`` →
skipped (at the position heard), ``trackdone`` → finished, ``backbtn`` → previous, another pick
(``endplay``, ``clickrow``, ``remote``) → next, ``logout``/an unexpected exit → app-closed, ``trackerror`` →
error. The account-data file has no reason: under 30 s heard is a skip there, more is a finished play.
Podcast episodes (no track name) and streams of 0 ms are left out.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from avrec_desktop.history_import.listens import Listen, parse_time

_REASONS = {"trackdone": "finished", "fwdbtn": "skipped", "backbtn": "previous", "endplay": "next",
            "clickrow": "next", "remote": "next", "playbtn": "next", "logout": "app-closed",
            "unexpected-exit": "app-closed", "unexpected-exit-while-paused": "app-closed",
            "trackerror": "error"}
SHORT_PLAY = 30.0  # account-data file: under this heard, a skip


def looks_like(record) -> bool:
    return isinstance(record, dict) and ("ms_played" in record or "msPlayed" in record)


def _end_reason(record: dict, played: float) -> str:
    if record.get("skipped") is True:
        return "skipped"
    reason = _REASONS.get(str(record.get("reason_end") or "").lower())
    if reason is not None:
        return reason
    if "reason_end" not in record and "msPlayed" in record:
        return "skipped" if played < SHORT_PLAY else "finished"
    return "stopped"  # unknown: judged by how much was heard


def parse(records: Iterable) -> Iterator[Listen | None]:
    for r in records:
        if not isinstance(r, dict):
            yield None
            continue
        extended = "ms_played" in r
        title = r.get("master_metadata_track_name") if extended else r.get("trackName")
        artist = r.get("master_metadata_album_artist_name") if extended else r.get("artistName")
        if not title or not artist:
            continue  # a podcast episode, an audiobook, or a stream Spotify kept no name for
        played = float(r.get("ms_played") if extended else r.get("msPlayed") or 0) / 1000.0
        end = parse_time(r.get("ts") if extended else r.get("endTime"))
        if end is None:
            yield None
            continue
        if played <= 0:
            continue
        reason = _end_reason(r, played)
        auto = str(r.get("reason_start") or "").lower() == "trackdone"
        yield Listen("spotify", end - played, str(artist).strip(), str(title).strip(),
                     (r.get("master_metadata_album_album_name") or "").strip() or None, None, played,
                     None if reason == "finished" else reason, auto)

"""Synthetic listening-history exports (ListenBrainz, Last.fm CSV/JSON, Spotify) and a tagged library for
the history-import tests. Shapes follow the services' real exports; the values are made up."""

from __future__ import annotations

import csv
import json
import time
from datetime import datetime, timezone

DAY = 86400.0

# (artist, title, album, seconds) as tagged in the local library
LIBRARY = [
    ("The Beatles", "Something", "Abbey Road", 183.0),
    ("The Beatles", "Something", "1", 182.0),  # the same song on a compilation: album breaks the tie
    ("Beyoncé", "Halo", "I Am... Sasha Fierce", 261.0),
    ("Simon & Garfunkel", "The Boxer", "Bridge over Troubled Water", 308.0),
    ("Daft Punk", "One More Time", "Discovery", 320.0),
    ("Sigur Rós", "Hoppípolla", "Takk...", 268.0),
]
UNTAGGED_NAME = "Björk - Jóga"  # no tags: artist and title come from the file name


def build_library(builder) -> dict[tuple[str, str], int]:
    """The LIBRARY items plus the untagged one; {(artist, album or title): media id}."""
    ids = {}
    for artist, title, album, seconds in LIBRARY:
        ids[(artist, album)] = builder.add(artist=artist, title=title, album=album, duration=seconds)
    ids[("Björk", "Jóga")] = builder.add(name=UNTAGGED_NAME, duration=305.0)
    return ids


def at(days_ago: float, now: float | None = None) -> int:
    return int((now or time.time()) - days_ago * DAY)


# The listens every export holds, as the services spell them: 8 that match, 2 that do not.
LISTENS = [
    ("Beatles", "Something - Remastered 2009", "Abbey Road", 183),
    ("The Beatles", "Something", "1", 182),
    ("BEYONCE", "Halo", "I Am... Sasha Fierce (Deluxe)", 261),
    ("Simon and Garfunkel", "The Boxer", None, 308),
    ("Daft Punk feat. Romanthony", "One More Time (Radio Edit)", "Discovery", 320),
    ("Sigur Ros", "Hoppipolla", "Takk", 268),
    ("Björk", "Jóga", "Homogenic", 305),
    ("The Beatles", "Something (Remastered 2009)", "Abbey Road", 183),
    ("Nobody Here", "Missing Song", "Nowhere", 200),
    ("Nobody Here", "Missing Song", "Nowhere", 200),
]
MATCHING = 8


def listenbrainz_export(path, now=None, *, lines: bool = False):
    rows = [{"listened_at": at(10 - i, now), "recording_msid": f"msid-{i}",
             "track_metadata": {"artist_name": a, "track_name": t, "release_name": al,
                                "additional_info": {"duration_ms": s * 1000, "media_player": "Foobar"}}}
            for i, (a, t, al, s) in enumerate(LISTENS)]
    if lines:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def lastfm_csv_export(path, now=None, *, header: bool = False):
    """benjaminbenben's lastfm-to-csv: artist, album, title, date ("31 Jan 2020 12:00"), no header; or the
    header form (uts, utc_time, artist, album, track)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        if header:
            w.writerow(["uts", "utc_time", "artist", "artist_mbid", "album", "album_mbid", "track", "track_mbid"])
        for i, (a, t, al, _s) in enumerate(LISTENS):
            ts = at(20 - i, now)
            when = datetime.fromtimestamp(ts, timezone.utc).strftime("%d %b %Y %H:%M")
            w.writerow([ts, when, a, "", al or "", "", t, ""] if header else [a, al or "", t, when])
    return path


def lastfm_json_export(path, now=None):
    """Pages of user.getrecenttracks, the first with a now-playing track (no date) on top."""
    tracks = [{"artist": {"#text": a, "mbid": ""}, "name": t, "album": {"#text": al or "", "mbid": ""},
               "date": {"uts": str(at(30 - i, now)), "#text": "whatever"}, "url": "https://www.last.fm/x"}
              for i, (a, t, al, _s) in enumerate(LISTENS)]
    playing = {"artist": {"#text": "Daft Punk"}, "name": "One More Time", "album": {"#text": "Discovery"},
               "@attr": {"nowplaying": "true"}}
    pages = [{"recenttracks": {"track": [playing] + tracks[:5], "@attr": {"page": "1", "totalPages": "2"}}},
             {"recenttracks": {"track": tracks[5:], "@attr": {"page": "2", "totalPages": "2"}}}]
    path.write_text(json.dumps(pages), encoding="utf-8")
    return path


def spotify_record(artist, title, album, *, end: float, ms_played: int, reason_end: str = "trackdone",
                   skipped=False, reason_start: str = "trackdone") -> dict:
    return {"ts": datetime.fromtimestamp(end, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "platform": "linux", "ms_played": ms_played, "conn_country": "SE",
            "master_metadata_track_name": title, "master_metadata_album_artist_name": artist,
            "master_metadata_album_album_name": album, "spotify_track_uri": "spotify:track:0000",
            "episode_name": None, "episode_show_name": None, "spotify_episode_uri": None,
            "reason_start": reason_start, "reason_end": reason_end, "shuffle": False, "skipped": skipped,
            "offline": False, "offline_timestamp": None, "incognito_mode": False}


def spotify_export(path, now=None):
    """The 10 listens: the first 5 heard to the end, then skips (skipped true at 12 s, fwdbtn at 20 s),
    a podcast episode (left out) and a 0 ms stream (left out)."""
    rows = []
    for i, (a, t, al, s) in enumerate(LISTENS):
        end = at(5 - 0.3 * i, now)
        if i < 5 or i >= 8:
            rows.append(spotify_record(a, t, al, end=end, ms_played=s * 1000))
        elif i == 5:
            rows.append(spotify_record(a, t, al, end=end, ms_played=12000, reason_end="endplay", skipped=True))
        else:
            rows.append(spotify_record(a, t, al, end=end, ms_played=20000, reason_end="fwdbtn"))
    episode = spotify_record(None, None, None, end=at(1, now), ms_played=600000)
    episode.update(episode_name="Episode 1", episode_show_name="A Podcast")
    rows += [episode, spotify_record("Daft Punk", "One More Time", "Discovery", end=at(0.5, now), ms_played=0)]
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return path

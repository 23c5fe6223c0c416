"""What a playlist file holds, and where its entries point.

A ``Track`` is one entry of a playlist file: its ``path`` (absolute, resolved against the playlist's folder
when the file wrote it relative), or ``url`` for a stream (http://...), kept as written; the ``title``,
``artist`` and ``duration`` the file gave. Paths are ``str`` as everywhere (``os.fsdecode``: a name that is
not valid UTF-8 keeps its bytes as surrogates).

Writing: an entry's path is written relative to the playlist's folder when the playlist file is inside a
library folder and the entry's file is inside that same folder (the playlist travels with the folder: a
copied or re-mounted music folder still plays); absolute otherwise (a playlist on the desktop, a file on
another disk).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Track:
    path: str | None = None  # an absolute local path
    title: str | None = None
    artist: str | None = None
    duration: float | None = None  # seconds
    url: str | None = None  # a location that is not a local file, kept as written
    alt_path: str | None = None  # the same bytes read another way (a legacy-encoded .m3u): tried second

    @property
    def location(self) -> str | None:
        return self.path if self.path is not None else self.url

    @property
    def label(self) -> str:
        """How the entry is named in a report: "artist - title", else its file name, else its location."""
        if self.title:
            return f"{self.artist} - {self.title}" if self.artist else self.title
        where = self.location or "(no location)"
        return os.path.basename(where) or where


@dataclass(frozen=True)
class PlaylistFile:
    tracks: list
    title: str | None = None  # the playlist's own name (XSPF <title>, M3U #PLAYLIST:)
    encoding: str = "utf-8"  # how the text was read


def is_url(location: str) -> bool:
    return bool(_URL.match(location)) and not location.lower().startswith("file:")


def resolve(location: str, base_dir: str) -> str:
    """An absolute, normalised path for ``location`` as a playlist in ``base_dir`` wrote it."""
    if os.sep == "/" and "\\" in location and "/" not in location:  # a Windows player's relative path
        location = location.replace("\\", "/")
    location = os.path.expanduser(location) if location.startswith("~") else location
    return os.path.normpath(location if os.path.isabs(location) else os.path.join(base_dir, location))


def _inside(path: str, root: str) -> bool:
    root = root.rstrip(os.sep) + os.sep
    return path.startswith(root)


def relative_root(playlist_file: str, roots) -> str | None:
    """The library folder the playlist file is written in, or None."""
    target = os.path.abspath(playlist_file)
    inside = [os.path.abspath(r) for r in roots if _inside(target, os.path.abspath(r))]
    return max(inside, key=len) if inside else None


def written_location(path: str, playlist_dir: str, root: str | None) -> str:
    """How an entry's path is written: relative (with "/") when it lies in ``root``, else absolute."""
    path = os.path.abspath(path)
    if root is not None and _inside(path, root):
        rel = os.path.relpath(path, playlist_dir)
        return rel.replace(os.sep, "/") if os.sep != "/" else rel
    return path


def split_display(text: str) -> tuple[str | None, str | None]:
    """"Artist - Title" as (artist, title); text without the dash is the title."""
    text = text.strip()
    if not text:
        return None, None
    artist, dash, title = text.partition(" - ")
    if dash and artist.strip() and title.strip():
        return artist.strip(), title.strip()
    return None, text


def display(title: str | None, artist: str | None) -> str:
    """The "Artist - Title" text of an #EXTINF line (one line: line breaks become spaces)."""
    text = f"{artist} - {title}" if artist and title else (title or artist or "")
    return " ".join(text.split())

"""M3U8 (and plain M3U): read and write.

Written: ``#EXTM3U``, ``#PLAYLIST:<name>``, then per entry ``#EXTINF:<seconds>,<artist> - <title>`` (-1 when the length is not
known) and its location on the next line, UTF-8 without a byte-order mark, ``\\n`` line ends. A file name
that is not valid UTF-8 is written as its own bytes (the one way a player on this system finds the file);
every other byte of the playlist is UTF-8. A relative location that starts with ``#`` gets ``./`` so it
is not read as a comment. The same entries always give the same bytes (no date, nothing random).

Read tolerantly: a UTF-8 byte-order mark; ``\\r\\n`` line ends; ``#EXTINF`` with attributes
(``tvg-name="..."``) before the comma; ``file://`` URIs; stream URLs kept as they are; Windows ``\\`` in
relative paths. A file that is not UTF-8 (an old ``.m3u`` from a Windows player) is read as CP1252, and
each path is also kept as the file's own bytes (``Track.alt_path``), which the import tries second.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote_to_bytes, urlsplit

from avrec_desktop.playlists.tracks import PlaylistFile, Track, display, is_url, resolve, split_display

_EXTINF = re.compile(r'^#EXTINF:\s*(-?\d+(?:\.\d+)?)?((?:\s*[\w-]+="[^"]*")*)\s*,(.*)$', re.IGNORECASE)


def _cp1252(data: bytes) -> str:
    """CP1252, with the five bytes it leaves undefined read as Latin-1."""
    return "".join(data[i:i + 1].decode("cp1252", errors="replace") if data[i] not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                   else chr(data[i]) for i in range(len(data)))


def decode(data: bytes) -> tuple[list[str], list[str] | None, str]:
    """The file's lines as text, the same lines as raw bytes (surrogate-escaped) when the text is not
    UTF-8, and the encoding the text was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return _lines(data.decode("utf-8")), None, "utf-8"
    except UnicodeDecodeError:
        return _lines(_cp1252(data)), _lines(data.decode("utf-8", errors="surrogateescape")), "cp1252"


def _lines(text: str) -> list[str]:
    """Lines split at \n only (a name may hold other characters str.splitlines breaks at), \r dropped."""
    return [line.rstrip("\r") for line in text.split("\n")]


def _file_uri_path(location: str) -> str:
    return os.fsdecode(unquote_to_bytes(urlsplit(location).path))


def _where(location: str, base_dir: str) -> tuple[str | None, str | None]:
    """(path, url) of a location line."""
    if is_url(location):
        return None, location
    if location.lower().startswith("file:"):
        return os.path.normpath(_file_uri_path(location)), None
    return resolve(location, base_dir), None


def parse(data: bytes, base_dir: str) -> PlaylistFile:
    lines, raw_lines, encoding = decode(data)
    tracks: list[Track] = []
    title = None
    info: tuple[float | None, str | None, str | None] | None = None
    for i, line in enumerate(lines):
        line = line.strip(" \t")
        if not line:
            continue
        if line.startswith("#"):
            found = _EXTINF.match(line)
            if found:
                seconds = float(found.group(1)) if found.group(1) else None
                artist, name = split_display(found.group(3))
                info = (seconds if seconds is not None and seconds >= 0 else None, artist, name)
            elif line.upper().startswith("#PLAYLIST:"):
                title = line.split(":", 1)[1].strip() or None
            continue
        path, url = _where(line, base_dir)
        alt = None
        if raw_lines is not None and path is not None and i < len(raw_lines):
            raw_path, _url = _where(raw_lines[i].strip(" \t"), base_dir)
            alt = raw_path if raw_path != path else None
        seconds, artist, name = info or (None, None, None)
        tracks.append(Track(path=path, url=url, title=name, artist=artist, duration=seconds, alt_path=alt))
        info = None
    return PlaylistFile(tracks, title, encoding)


def render(title: str, entries, locations: list[str]) -> bytes:
    """The M3U8 bytes of the playlist ``title`` with ``entries`` (each with title, artist, duration) at
    ``locations``."""
    out = ["#EXTM3U", f"#PLAYLIST:{display(title, None)}"]
    for entry, location in zip(entries, locations):
        seconds = int(round(entry.duration)) if entry.duration else -1
        out.append(f"#EXTINF:{seconds},{display(entry.title, entry.artist)}")
        if location.startswith("#"):
            location = "./" + location
        out.append(location)
    return ("\n".join(out) + "\n").encode("utf-8", errors="surrogateescape")

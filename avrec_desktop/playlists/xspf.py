"""XSPF (http://xspf.org/ns/0/): read and write.

Written: ``<playlist version="1">`` with the playlist's ``<title>`` and one ``<track>`` per entry holding
``<location>``, ``<title>``, ``<creator>`` (the artist) and ``<duration>`` (milliseconds), UTF-8, indented,
no date (the same entries give the same bytes). A location is a URI: ``file://`` and the path's bytes
percent-encoded (spaces, non-ASCII and non-UTF-8 names all survive), or, relative to the playlist file, the
relative path percent-encoded the same way (see tracks.py for when).

Read: ``<location>`` as a ``file:`` URI, a relative URI (resolved against the playlist's folder) or a URL kept
as it is; ``<title>``, ``<creator>``, ``<duration>``; elements with or without the XSPF namespace.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote_to_bytes, urlsplit

from avrec_desktop.errors import BadArgument
from avrec_desktop.playlists.tracks import PlaylistFile, Track, is_url, resolve

NS = "http://xspf.org/ns/0/"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def uri(location: str) -> str:
    """The percent-encoded URI of a location as tracks.written_location gives it."""
    if is_url(location):
        return location
    encoded = quote(os.fsencode(location), safe="/")
    return "file://" + encoded if os.path.isabs(location) else encoded


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def parse(data: bytes, base_dir: str, *, name: str = "the playlist") -> PlaylistFile:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise BadArgument(f"{name} is not a readable XSPF playlist ({exc})") from exc
    if _local(root.tag) != "playlist":
        raise BadArgument(f"{name} is not an XSPF playlist (its root is <{_local(root.tag)}>)")
    tracks = []
    for element in root.iter():
        if _local(element.tag) != "track":
            continue
        location = _child(element, "location")
        path = url = None
        if location is not None:
            if is_url(location):
                url = location
            elif location.lower().startswith("file:"):
                path = os.path.normpath(os.fsdecode(unquote_to_bytes(urlsplit(location).path)))
            else:
                path = resolve(os.fsdecode(unquote_to_bytes(location)), base_dir)
        duration = _child(element, "duration")
        try:
            seconds = int(duration) / 1000.0 if duration is not None else None
        except ValueError:
            seconds = None
        tracks.append(Track(path=path, url=url, title=_child(element, "title"), artist=_child(element, "creator"),
                            duration=seconds if seconds and seconds > 0 else None))
    return PlaylistFile(tracks, _child(root, "title"), "utf-8")


def render(title: str, entries, locations: list[str | None]) -> bytes:
    """The XSPF bytes of ``entries`` (each with title, artist, duration) at ``locations`` (None: no location)."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}playlist", version="1")
    ET.SubElement(root, f"{{{NS}}}title").text = _clean(title)
    listing = ET.SubElement(root, f"{{{NS}}}trackList")
    for entry, location in zip(entries, locations):
        track = ET.SubElement(listing, f"{{{NS}}}track")
        if location is not None:
            ET.SubElement(track, f"{{{NS}}}location").text = uri(location)
        if entry.title:
            ET.SubElement(track, f"{{{NS}}}title").text = _clean(entry.title)
        if entry.artist:
            ET.SubElement(track, f"{{{NS}}}creator").text = _clean(entry.artist)
        if entry.duration:
            ET.SubElement(track, f"{{{NS}}}duration").text = str(int(round(entry.duration * 1000)))
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                      xml_declaration=False) + b"\n"

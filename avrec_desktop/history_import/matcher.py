"""Which local file a listen was: artist + title after normalisation, ties broken by album then length.

Keys come from each item's tags (every value of a multi-value artist tag), or from its file name when it
has no artist or title tag ("Artist - Title.mp3", "03 - Artist - Title.flac"). A listen is looked up by
its whole artist first, then by its first artist ("A feat. B", "A & B" → "A") against the items' first
artists. Several items with the key (the same song on an album and a compilation): the one whose album
matches, then the one whose length is nearest the listen's, then music before videos, then the oldest id.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from avrec_desktop.history_import.listens import Listen
from avrec_desktop.history_import.normalise import norm_album, norm_artist, norm_title, primary_artist
from avrec_desktop.store.tag_values import tag_values


@dataclass(frozen=True)
class Candidate:
    media_id: int
    album: str
    duration: float | None
    kind: str


def names_of(item) -> tuple[list[str], str | None]:
    artists = tag_values(item.artist) or []
    title = (tag_values(item.title) or [None])[0]
    if artists and title:
        return artists, title
    stem = os.path.splitext(os.path.basename(str(item.path)))[0]
    parts = [p.strip() for p in stem.split(" - ") if p.strip()]
    if len(parts) >= 3 and parts[0].isdigit():
        parts = parts[1:]
    if len(parts) >= 2:
        return artists or [parts[0]], title or " - ".join(parts[1:])
    return artists, title


class Matcher:
    def __init__(self, items):
        self.whole: dict[tuple[str, str], list[Candidate]] = {}
        self.first: dict[tuple[str, str], list[Candidate]] = {}
        self._cache: dict[tuple, int | None] = {}
        for item in items:
            if getattr(item, "status", None) == "missing":
                continue
            artists, title = names_of(item)
            if not artists or not title:
                continue
            cand = Candidate(int(item.id), norm_album(item.album), item.duration, item.kind)
            t = norm_title(title)
            for artist in artists:
                self.whole.setdefault((norm_artist(artist), t), []).append(cand)
            firsts = {primary_artist(a) for a in artists} | {primary_artist(artists[0])}
            for artist in firsts:
                self.first.setdefault((artist, t), []).append(cand)

    def match(self, listen: Listen) -> Candidate | None:
        key = (listen.artist, listen.title, listen.album, round(listen.duration or 0))
        if key not in self._cache:
            self._cache[key] = self._match(listen)
        return self._cache[key]

    def _match(self, listen: Listen) -> Candidate | None:
        title = norm_title(listen.title)
        found = self.whole.get((norm_artist(listen.artist), title)) or \
            self.first.get((primary_artist(listen.artist), title))
        if not found:
            return None
        return min(_unique(found), key=lambda c: _tie_key(c, listen))


def _unique(cands: list[Candidate]) -> list[Candidate]:
    return list({c.media_id: c for c in cands}.values())


def _tie_key(c: Candidate, listen: Listen) -> tuple:
    album = norm_album(listen.album)
    same_album = 0 if album and c.album == album else 1
    length = listen.duration or listen.played if listen.end_reason is None else listen.duration
    off = abs(c.duration - length) if length and c.duration else 1e9
    return same_album, off, 0 if c.kind == "audio" else 1, c.media_id

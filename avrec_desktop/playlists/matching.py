"""Finding an imported entry in the library: by its path first, then by normalised artist + title (+ length).

Normalised: Unicode compatibility form, accents dropped, case folded, every run of punctuation and spaces one
space ("Beyoncé – Halo (Live)" and "beyonce halo live" are the same). When both the entry and an item have a
length they must agree within ``DURATION_SLACK`` seconds (a radio edit is another recording); among several
items the closest length wins, then the lowest id. An entry without an artist is matched on its title only
when exactly one item fits.
"""

from __future__ import annotations

import re
import unicodedata

from avrec_desktop.store.tag_values import tag_values

DURATION_SLACK = 3.0  # seconds
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


class TagMatcher:
    """Library items by normalised (artist, title) and by title, from (id, title, artist, duration) rows."""

    def __init__(self, rows):
        self.by_pair: dict[tuple[str, str], list[tuple[int, float | None]]] = {}
        self.by_title: dict[str, list[tuple[int, float | None]]] = {}
        for media_id, title, artist, duration in rows:  # every value of a multi-value tag ("A;B") counts
            titles = {normalise(v) for v in tag_values(title)} - {""}
            artists = {normalise(v) for v in tag_values(artist)} - {""}
            for t in titles:
                self.by_title.setdefault(t, []).append((media_id, duration))
                for a in artists:
                    self.by_pair.setdefault((a, t), []).append((media_id, duration))

    def match(self, title: str | None, artist: str | None, duration: float | None) -> int | None:
        t, a = normalise(title), normalise(artist)
        if not t:
            return None
        found = self.by_pair.get((a, t), []) if a else self.by_title.get(t, [])
        fits = [(abs(d - duration) if duration and d else 0.0, media_id) for media_id, d in found
                if not (duration and d) or abs(d - duration) <= DURATION_SLACK]
        if not fits or (not a and len(fits) > 1):
            return None
        return min(fits)[1]

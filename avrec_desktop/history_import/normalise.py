"""How two spellings of one track are made equal: the keys the matcher compares.

``norm_text`` folds case and width (NFKC, casefold), strips accents, turns ``&`` into "and", drops
punctuation and squeezes spaces. ``norm_title`` also drops the parts that name a version of the same
recording rather than another song: a bracket or a " - " tail that says "Remastered 2011", "Radio Edit",
"Live", "Mono", "feat. X"... (a bracket that says anything else, "(Part 2)", stays as words).
``norm_artist`` drops "feat./ft./featuring ..." and a leading "The"; ``primary_artist`` is the first of
several artists ("A, B & C" → "a"), tried when the whole name does not match.
"""

from __future__ import annotations

import re
import unicodedata

# words that mark a version of the same recording (in brackets or after " - ")
_VERSION = re.compile(
    r"\b(remaster(ed)?|re-?master(ed)?|remix(ed)?|mix|edit|version|live|mono|stereo|deluxe|bonus|single|demo|"
    r"acoustic|instrumental|explicit|clean|radio|extended|original|anniversary|expanded|edition|feat|ft|featuring|"
    r"with|from|\d{4})\b", re.IGNORECASE)
_BRACKETS = re.compile(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]")
_DASH_TAIL = re.compile(r"\s+[-–—]\s+(.*)$")
_FEAT = re.compile(r"\s*[\(\[]?\s*\b(feat\.?|ft\.?|featuring)\s.*$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_APOSTROPHES = re.compile(r"['’‘`´]")
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|/|;|\bx\b|\bvs\.?\b|\bwith\b|\+)\s*", re.IGNORECASE)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


def norm_text(text: str | None) -> str:
    text = _APOSTROPHES.sub("", _fold(text or "")).replace("&", " and ")
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


def norm_title(title: str | None) -> str:
    text = _fold(title or "")

    def bracket(m: re.Match) -> str:
        return " " if _VERSION.search(m.group(1)) else f" {m.group(1)} "

    text = _BRACKETS.sub(bracket, text)
    tail = _DASH_TAIL.search(text)
    if tail and _VERSION.search(tail.group(1)):
        text = text[:tail.start()]
    text = _FEAT.sub("", text)
    return norm_text(text) or norm_text(title)


def norm_artist(artist: str | None) -> str:
    text = _FEAT.sub("", _fold(artist or ""))
    text = norm_text(text)
    return text[4:] if text.startswith("the ") and len(text) > 4 else text


def primary_artist(artist: str | None) -> str:
    """The first named artist: "A, B & C", "A feat. B", "A x B" → "a"."""
    text = _FEAT.sub("", _fold(artist or ""))
    first = _SEPARATORS.split(text, maxsplit=1)[0]
    return norm_artist(first) or norm_artist(artist)


def norm_album(album: str | None) -> str:
    return norm_title(album) if album else ""

"""Folding of titles and artist names into comparison keys ("Beyoncé" == "beyonce").

Used by duplicate detection and the artist cap in ``similar`` and by the lexical part of ``search``.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_BRACKETS = re.compile(r"[(\[{][^)\]}]*[)\]}]")
_FEATURING = re.compile(r"\s+(?:feat\.?|ft\.?|featuring|with)\s+.*$", re.IGNORECASE)


def fold(text: str | None) -> str:
    """Lower case, accents removed, punctuation to single spaces."""
    if not text:
        return ""
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", plain.casefold()).strip()


def title_key(title: str | None) -> str:
    """A title without bracketed notes: "Song (Remastered 2011)" and "Song [Live]" → "song".

    The duplicate rule pairs this with a duration check, so a live take of another length stays apart.
    """
    return fold(_BRACKETS.sub(" ", title or ""))


def artist_key(artist: str | None) -> str:
    """The main artist: "Daft Punk feat. Pharrell" → "daft punk"."""
    return fold(_FEATURING.sub("", artist or ""))

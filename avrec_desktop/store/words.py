"""Word search over the library: the FTS5 index ``media_words`` (schema v5, v9 adds auto-tags; kept by triggers).

What a person types becomes an FTS5 query of prefix terms, all of which must match: "awak" finds
"Awakening", "beyonce cra" finds "Crazy in Love" by Beyoncé. Each word is quoted, so what the user types
is never read as FTS5 syntax (``AND``, ``-``, ``:``, ``*``, quotes). Words are what the tokenizer
(``unicode61 remove_diacritics 2``) calls words: runs of letters and digits; case and accents are folded
on both sides by the tokenizer itself.

Ranking: bm25 with column weights (title counts most, then artist, file name, album, genre), ties by id.
"""

from __future__ import annotations

import re
from typing import Iterable

# bm25 weights in the column order of media_words: title, artist, album, genre, filename, tags (the
# auto-tags of the learned music model, schema v9: what it hears counts least, below any tag text)
WORD_WEIGHTS = (10.0, 6.0, 4.0, 2.0, 3.0, 1.5)
MAX_WORDS = 16  # a pasted paragraph is cut to its first words
_WORD = re.compile(r"[^\W_]+")


def query_words(text: str) -> list[str]:
    """The words of ``text`` as the tokenizer sees them (case and accents still as typed)."""
    return _WORD.findall(text or "")[:MAX_WORDS]


def fts_query(text: str) -> str | None:
    """An FTS5 query where every word of ``text`` must start a word of the item; None when it has none."""
    words = query_words(text)
    return " ".join(f'"{w}"*' for w in words) if words else None


class WordsMixin:
    def word_matches(self, text: str, *, statuses: Iterable[str], kind: str | None = None,
                     limit: int = 500) -> list[dict]:
        """Items whose words start with every word of ``text``, best first (bm25), with the fields that
        were searched: id, kind, status, title, artist, album, genre, path, tags, rank (lower is better)."""
        query = fts_query(text)
        statuses = list(statuses)
        if query is None or not statuses or limit <= 0:
            return []
        marks = ",".join("?" for _ in statuses)
        weights = ", ".join(str(w) for w in WORD_WEIGHTS)
        sql = (f"SELECT m.id, m.kind, m.status, m.title, m.artist, m.album, m.genre, m.path, "
               f"media_words.tags AS tags, "
               f"bm25(media_words, {weights}) AS rank "
               f"FROM media_words JOIN media m ON m.id = media_words.rowid "
               f"WHERE media_words MATCH ? AND m.status IN ({marks})"
               + (" AND m.kind = ?" if kind else "") + " ORDER BY rank, m.id LIMIT ?")
        params = [query, *statuses, *([kind] if kind else []), int(limit)]
        return self.query(sql, tuple(params))

    def search_rows(self, ids: Iterable[int]) -> list[dict]:
        """The few columns search results are filtered and labelled by, for ``ids``."""
        return self.query_ids("SELECT id, kind, status, title, artist, album, genre, path FROM media "
                              "WHERE id IN ({ids})", ids)

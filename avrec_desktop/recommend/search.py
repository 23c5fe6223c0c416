"""Search the library by typing: words matched by meaning (text embeddings, optionally CLIP) and by
letters (title, artist, album, file name).

Score = semantic + lexical boost:
- semantic: cosine of the query's sentence vector with each item's ``text`` vector (tags and file name
  words); with a CLIP text encoder, also ``CLIP_SCALE`` × its cosine with the item's ``visual`` vector,
  and the larger of the two counts. CLIP text↔image cosines of a good match sit near 0.3 where sentence
  vectors of a good match sit near 0.6–0.8, hence the scale (a guess until real CLIP weights can be
  measured here — none can be downloaded in this environment).
- lexical boost (folded text: case and accents ignored): the whole query equals the title 1.0; is part
  of the title 0.6; of the artist 0.5; of the album or file name 0.4; every query word appears somewhere
  in those fields 0.3. A cosine is at most 1, so typing a title puts that item first.

Items found only by letters need not be analysed yet (``pending`` items are playable); items found by
meaning are the analysed (``ready``) ones. Missing and failed files are never returned.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from avrec_desktop.errors import IndexError_
from avrec_desktop.index.space_index import SpaceIndex
from avrec_desktop.recommend.text_keys import fold
from avrec_desktop.store import MediaItem

CLIP_SCALE = 2.5
SEMANTIC_CANDIDATES = 100
LEXICAL_CANDIDATES = 500
_BOOSTS = (("title_exact", 1.0), ("title", 0.6), ("artist", 0.5), ("album", 0.4), ("filename", 0.4),
           ("words", 0.3))
SEARCHABLE = ("ready", "pending")


@dataclass(frozen=True)
class SearchResult:
    media: MediaItem
    score: float
    similarities: dict[str, float]  # "text" and/or "visual" cosines with the query
    matched: str | None  # the field the letters matched: title, artist, album, filename, words; or None


def search(store, indexes: Mapping[str, SpaceIndex], query: str, *, k: int = 20, kind: str | None = None,
           text_encoder, clip_text_encoder=None) -> list[SearchResult]:
    """The ``k`` best matches for ``query``, best first (``kind``: "audio", "video" or None for both).

    ``text_encoder``: the encoder that made the ``text`` vectors (``encode([str]) -> (1, dim)``); None
    searches by letters only. ``clip_text_encoder``: CLIP's text tower matching the ``visual`` vectors.
    Raises ``IndexError_`` when an encoder does not fit its index.
    """
    folded = fold(query)
    if not folded or k <= 0:
        return []
    semantic: dict[str, tuple[SpaceIndex, np.ndarray]] = {}
    text_index = indexes.get("text")
    if text_encoder is not None and text_index is not None and len(text_index):
        _check_encoder(text_encoder, text_index)
        semantic["text"] = (text_index, _encode_one(text_encoder, query))
    visual_index = indexes.get("visual")
    if clip_text_encoder is not None and visual_index is not None and len(visual_index):
        semantic["visual"] = (visual_index, _encode_one(clip_text_encoder, query))

    wanted = max(SEMANTIC_CANDIDATES, 5 * k)
    found = [ix.search(vec, wanted)[0] for ix, vec in semantic.values()]
    found.append(np.asarray(_lexical_candidates(store, query, kind), dtype=np.int64))
    ids = np.unique(np.concatenate(found))
    sims = {space: ix.similarities(vec, ids) for space, (ix, vec) in semantic.items()}

    scored = []
    for row in _light_rows(store, ids.tolist()):
        if row["status"] not in SEARCHABLE or (kind and row["kind"] != kind):
            continue
        n = int(np.searchsorted(ids, row["id"]))
        shared = {s: float(v[n]) for s, v in sims.items() if not np.isnan(v[n])}
        meaning = max([shared.get("text", -np.inf), CLIP_SCALE * shared.get("visual", -np.inf)])
        matched, boost = lexical_match(row["title"], row["artist"], row["album"],
                                       os.fsdecode(row["path"]), folded)
        if not np.isfinite(meaning) and matched is None:
            continue
        score = (meaning if np.isfinite(meaning) else 0.0) + boost
        scored.append((-score, row["id"], shared, matched))
    scored.sort(key=lambda t: (t[0], t[1]))
    top = scored[:k]
    media = store.media_by_ids([t[1] for t in top])
    return [SearchResult(media[i], float(-neg), shared, matched) for neg, i, shared, matched in top]


def lexical_match(title: str | None, artist: str | None, album: str | None, path: str,
                  folded_query: str) -> tuple[str | None, float]:
    """Which field the (folded) query matches best and the boost it earns; (None, 0.0) when none."""
    title, artist, album = fold(title), fold(artist), fold(album)
    filename = fold(os.path.splitext(os.path.basename(path))[0])
    hits = {
        "title_exact": title == folded_query,
        "title": folded_query in title,
        "artist": folded_query in artist,
        "album": folded_query in album,
        "filename": folded_query in filename,
    }
    words = f" {title} {artist} {album} {filename} "
    hits["words"] = all(f" {w}" in words for w in folded_query.split())
    for field, boost in _BOOSTS:
        if hits[field]:
            return ("title" if field == "title_exact" else field), boost
    return None, 0.0


def _light_rows(store, ids: list[int]) -> list[dict]:
    return store.query_ids("SELECT id, kind, status, title, artist, album, path FROM media "
                           "WHERE id IN ({ids})", ids)


def _lexical_candidates(store, query: str, kind: str | None) -> list[int]:
    """Ids whose title, artist, album or path contain every query word (an SQL pre-filter, best first).

    SQLite's LIKE ignores case for ASCII only, so a word with accents is tried as typed and folded.
    The path stands in for the file name here (a word from a folder name lets an item through; the
    Python scoring then looks at the file name only).
    """
    words = [(fold(w), w) for w in re.findall(r"\w+", query.lower())]
    words = [(f, w) for f, w in words if f]
    if not words:
        return []
    statuses = ",".join(f":s{i}" for i in range(len(SEARCHABLE)))
    where = [f"status IN ({statuses})"]
    params: dict = {f"s{i}": status for i, status in enumerate(SEARCHABLE)}
    if kind:
        where.append("kind = :kind")
        params["kind"] = kind
    esc = "ESCAPE '\\'"
    for i, (folded_word, raw_word) in enumerate(words):
        tests = []
        for j, variant in enumerate(sorted({folded_word, raw_word})):
            name = f":w{i}_{j}"
            tests.append(f"title LIKE {name} {esc} OR artist LIKE {name} {esc} OR album LIKE {name} {esc} "
                         f"OR CAST(path AS TEXT) LIKE {name} {esc}")
            params[name[1:]] = f"%{_escape(variant)}%"
        where.append("(" + " OR ".join(tests) + ")")
    params["phrase"] = f"%{_escape(query.strip().lower())}%"
    params["limit"] = LEXICAL_CANDIDATES
    sql = (f"SELECT id FROM media WHERE {' AND '.join(where)} ORDER BY title LIKE :phrase {esc} DESC, "
           f"(artist LIKE :phrase {esc} OR album LIKE :phrase {esc}) DESC, id LIMIT :limit")
    return [row[0] for row in store.conn.execute(sql, params).fetchall()]


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _encode_one(encoder, text: str) -> np.ndarray:
    out = np.asarray(encoder.encode([text]), dtype=np.float32)
    if out.ndim != 2 or out.shape[0] != 1:
        raise IndexError_(f"the query encoder returned shape {out.shape}, expected (1, dim)")
    return out[0]


def _check_encoder(encoder, index: SpaceIndex) -> None:
    name, version = getattr(encoder, "name", None), getattr(encoder, "version", None)
    if name is not None and (name, str(version)) != (index.encoder, index.version):
        raise IndexError_(f"the query encoder is {name} {version} but the text index holds "
                          f"{index.encoder} {index.version} vectors")

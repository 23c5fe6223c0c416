"""Search the library by typing: a filter by words, and separately a few results "by meaning".

The answer (``SearchAnswer``) has two parts, never mixed:

- ``words``: the items whose title, artist, album, genre or file name has a word starting with each word
  typed (SQLite FTS5, ``store/words.py``): case and accents ignored, every value of a multi-value tag
  searchable, "awak" finds "Awakening" and nothing else. Best first: a title equal to what was typed
  (any of its values), then bm25 (title weighs most). Pending items are included (they are playable).
- ``meaning``: analysed items that are *not* word matches whose meaning is close to the query: the
  cosine of the query's sentence vector with the item's ``text`` vector (tags and file name words), or
  with a CLIP text encoder ``CLIP_SCALE`` × its cosine with the item's ``visual`` vector, the larger of
  the two; only those at or above ``MEANING_MIN``, at most ``meaning_k``, best first. When the optional CLAP
  model is installed (encoders/clap.py), ``CLAP_SCALE`` × the cosine of CLAP's text tower with the item's
  ``clap`` vector (its audio tower over the track) competes too, and a result it brought in says so
  (``reason``: "sounds like 'calm piano'"). Without CLAP nothing here changes.

``MEANING_MIN`` = 0.40 was chosen on generated data with the bundled MiniLM model: 120 made-up items
(title, artist, genre, file name) in 12 genres, 24 queries describing a genre in other words ("quiet
piano music for sleeping"). Cosines of the described genre's items: 0.24–0.61 (median 0.45); of the
others: 0.02–0.65 (median 0.26). Above 0.35 / 0.40 / 0.45: recall 0.90 / 0.68 / 0.50, precision 0.43 /
0.63 / 0.79 (one genre in 12 is right); 0.40 has the best F1. It is NOT tuned on held-out or real
listening data: treat it as a starting point. CLIP text↔image cosines of a good match sit near 0.3
where sentence vectors sit near 0.6–0.8, hence ``CLIP_SCALE`` (a guess: no CLIP weights were measured).

Missing and failed files are never returned. Iterating an answer gives the word matches, then the
meaning ones (for callers that want one list).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from avrec_desktop.index import matrix_ops
from avrec_desktop.errors import IndexError_
from avrec_desktop.index.space_index import SpaceIndex
from avrec_desktop.recommend.phrases import Words
from avrec_desktop.recommend.text_keys import fold
from avrec_desktop.store import MediaItem
from avrec_desktop.store.records import readable_name
from avrec_desktop.store.tag_values import tag_values
from avrec_desktop.store.words import query_words

CLIP_SCALE = 2.5
CLAP_SCALE = 2.0  # a guess like CLIP_SCALE: CLAP text↔audio cosines of a good match sit near 0.3-0.5; not measured
MEANING_MIN = 0.40
MEANING_K = 20
SEMANTIC_CANDIDATES = 100
SEARCHABLE = ("ready", "pending")
FIELDS = ("title", "artist", "album", "genre", "filename", "tags")  # tags: the learned auto-tags (v9)


@dataclass(frozen=True)
class SearchResult:
    media: MediaItem
    score: float  # words: −bm25 (higher is better; 1000 added for a whole-title match); meaning: the cosine
    similarities: dict[str, float]  # "text" and/or "visual" cosines with the query (when an encoder ran)
    matched: str | None  # the field all words were found in (title, artist, album, genre, filename), "words"
    # when they are spread over several fields; None for a meaning result
    reason: str | None = None  # why a meaning result is here, when CLAP heard it: "sounds like 'calm piano'"
    reason_words: Words | None = None  # ``reason`` as a phrase a window can translate (recommend/phrases.py)


@dataclass(frozen=True)
class SearchAnswer:
    words: list[SearchResult] = field(default_factory=list)
    meaning: list[SearchResult] = field(default_factory=list)

    def all(self) -> list[SearchResult]:
        return self.words + self.meaning

    def __iter__(self):
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.words) + len(self.meaning)

    def __getitem__(self, i):
        return self.all()[i]


def search(store, indexes: Mapping[str, SpaceIndex], query: str, *, k: int = 20, kind: str | None = None,
           text_encoder, clip_text_encoder=None, clap_text_encoder=None, meaning_k: int | None = None,
           meaning_min: float = MEANING_MIN) -> SearchAnswer:
    """Word matches (at most ``k``) and meaning matches (at most ``meaning_k``, default ``min(k, 20)``)
    for ``query``; ``kind``: "audio", "video" or None for both.

    ``text_encoder``: the encoder that made the ``text`` vectors (``encode([str]) -> (1, dim)``); None
    skips the meaning part. ``clip_text_encoder``: CLIP's text tower matching the ``visual`` vectors;
    ``clap_text_encoder``: CLAP's text tower matching the ``clap`` vectors (optional, free-text audio search).
    Raises ``IndexError_`` when an encoder does not fit its index.
    """
    if not query_words(query) or k <= 0:
        return SearchAnswer()
    meaning_k = min(k, MEANING_K) if meaning_k is None else meaning_k
    semantic = _query_vectors(indexes, query, text_encoder, clip_text_encoder, clap_text_encoder)

    rows = store.word_matches(query, statuses=SEARCHABLE, kind=kind, limit=k)
    word_ids = np.array(sorted(r["id"] for r in rows), dtype=np.int64)
    sims = {space: ix.similarities(vec, word_ids) for space, (ix, vec) in semantic.items()}
    words = []
    for rank, row in _ranked(rows, query):
        n = int(np.searchsorted(word_ids, row["id"]))
        shared = {s: float(v[n]) for s, v in sims.items() if not np.isnan(v[n])}
        words.append((rank, row["id"], shared, matched_field(row, query)))
    meaning = _meaning(store, semantic, set(word_ids.tolist()), kind, meaning_k, meaning_min)
    media = store.media_by_ids([t[1] for t in words] + [t[1] for t in meaning])
    return SearchAnswer(
        [SearchResult(media[i], -rank, shared, matched) for rank, i, shared, matched in words if i in media],
        [_meaning_result(media[i], score, shared, _reason(query, shared)) for score, i, shared in meaning
         if i in media])


def word_match_ids(store, query: str, *, k: int = 500, kind: str | None = None) -> list[int]:
    """The ids of ``search``'s word matches, in its order, and nothing else: the window's first answer
    to a search (its cells are read for the shown rows only). At 100k items this skips building 500
    MediaItems and naming each one's matched field, about half of ``search``'s time without a model."""
    if not query_words(query) or k <= 0:
        return []
    rows = store.word_matches(query, statuses=SEARCHABLE, kind=kind, limit=k)
    return [row["id"] for _rank, row in _ranked(rows, query)]


def _ranked(rows: list[dict], query: str) -> list[tuple[float, dict]]:
    """Word matches best first: a title that is the whole query first, then bm25; ties by id."""
    folded_query = fold(query)
    ranked = []
    for row in rows:
        whole = any(fold(v) == folded_query for v in tag_values(row["title"]))
        ranked.append((-(1000.0 if whole else 0.0) + float(row["rank"]), row))
    ranked.sort(key=lambda t: (t[0], t[1]["id"]))
    return ranked


def _meaning_result(media: MediaItem, score: float, shared: dict[str, float], words: Words | None) -> SearchResult:
    return SearchResult(media, score, shared, None, None if words is None else str(words), words)


def matched_field(row: dict, query: str) -> str:
    """The first field (in ``FIELDS`` order) holding a word that starts with each query word; "words"
    when the words are spread over several fields."""
    wanted = [fold(w) for w in query_words(query)]
    for name in FIELDS:
        value = _stem(row["path"]) if name == "filename" else row.get(name)
        tokens = fold(value).split()
        if tokens and all(any(t.startswith(w) for t in tokens) for w in wanted):
            return name
    return "words"


def _stem(path) -> str:
    name = os.path.basename(os.fsdecode(path))
    stem, _ext = os.path.splitext(name)
    return readable_name(stem or name)


def _query_vectors(indexes, query, text_encoder, clip_text_encoder,
                   clap_text_encoder=None) -> dict[str, tuple[SpaceIndex, np.ndarray]]:
    semantic: dict[str, tuple[SpaceIndex, np.ndarray]] = {}
    text_index = indexes.get("text")
    if text_encoder is not None and text_index is not None and len(text_index):
        _check_encoder(text_encoder, text_index)
        semantic["text"] = (text_index, _encode_one(text_encoder, query))
    visual_index = indexes.get("visual")
    if clip_text_encoder is not None and visual_index is not None and len(visual_index):
        semantic["visual"] = (visual_index, _encode_one(clip_text_encoder, query))
    clap_index = indexes.get("clap")
    if clap_text_encoder is not None and clap_index is not None and len(clap_index):
        _check_encoder(clap_text_encoder, clap_index)
        semantic["clap"] = (clap_index, _encode_one(clap_text_encoder, query))
    return semantic


def _meaning(store, semantic, exclude: set[int], kind: str | None, k: int, minimum: float):
    """(score, id, similarities) of the best analysed non-word matches at or above ``minimum``."""
    if not semantic or k <= 0:
        return []
    wanted = max(SEMANTIC_CANDIDATES, 5 * k) + len(exclude)
    found = [ix.search(vec, wanted)[0] for ix, vec in semantic.values()]
    ids = matrix_ops.unique_ids(found)
    ids = ids[~np.isin(ids, np.fromiter(exclude, np.int64, len(exclude)))]
    sims = {space: ix.similarities(vec, ids) for space, (ix, vec) in semantic.items()}
    scored = []
    for row in store.search_rows(ids.tolist()):
        if row["status"] != "ready" or (kind and row["kind"] != kind):
            continue
        n = int(np.searchsorted(ids, row["id"]))
        shared = {s: float(v[n]) for s, v in sims.items() if not np.isnan(v[n])}
        score = max(_terms(shared).values())
        if np.isfinite(score) and score >= minimum:
            scored.append((float(score), row["id"], shared))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return scored[:k]


def _terms(shared: dict[str, float]) -> dict[str, float]:
    """Each space's part of a meaning score (the score is the largest)."""
    return {"text": shared.get("text", -np.inf), "visual": CLIP_SCALE * shared.get("visual", -np.inf),
            "clap": CLAP_SCALE * shared.get("clap", -np.inf)}


def _reason(query: str, shared: dict[str, float]) -> Words | None:
    """"sounds like '<query>'" when CLAP's cosine is what brought the result in, else None."""
    if "clap" not in shared:
        return None
    terms = _terms(shared)
    return Words("search.sounds_like", {"query": query.strip()}) if max(terms, key=terms.get) == "clap" else None


def _encode_one(encoder, text: str) -> np.ndarray:
    out = np.asarray(encoder.encode([text]), dtype=np.float32)
    if out.ndim != 2 or out.shape[0] != 1:
        raise IndexError_(f"the query encoder returned shape {out.shape}, expected (1, dim)")
    return out[0]


def _check_encoder(encoder, index: SpaceIndex) -> None:
    name, version = getattr(encoder, "name", None), getattr(encoder, "version", None)
    if name is not None and (name, str(version)) != (index.encoder, index.version):
        raise IndexError_(f"the query encoder is {name} {version} but the {getattr(index, 'space', 'text')} index holds "
                          f"{index.encoder} {index.version} vectors")

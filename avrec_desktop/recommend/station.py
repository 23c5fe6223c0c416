"""Stations: an endless Up next from words ("calm piano") or from several seeds ("like these three").

A ``Station`` is the request plus what it has shown; ``station_page`` hands out its next ``k`` suggestions
(never one it showed before, until the library is used up: then it starts over, an endless station).

**Words** go through every text space there is, and the best of them counts (``relevance``):
- the learned auto-tags: each query word becomes tag names (``query_tags``: the tag itself, a multi-word
  tag all of whose words were typed, or the tags a mood word stands for in ``MOOD_TAGS``, e.g. "calm" →
  quiet, soft, mellow, chill…); an item's tag score is the mean over the query words of the highest
  stored probability (store/tags.py) among that word's tags;
- the sentence space (MiniLM): the cosine of the query's vector with the item's ``text`` vector;
- CLIP's text tower, when installed, against the ``visual`` vectors (× ``search.CLIP_SCALE``);
- CLAP's text tower, when installed, against the ``clap`` vectors of the music (× ``search.CLAP_SCALE``):
  "calm piano" then also finds what sounds like it, untagged or not.
Candidates: the items auto-tagged with one of the query's tags, and the nearest of the query's vectors.

**Seeds**: the anchors are the seeds' centroid (per space, the normalised mean of their unit vectors) and
each seed; the places of a page take the anchors in turn (centroid, seed 1, seed 2, …, centroid, … while
nothing has been played; then weighted by how each anchor's suggestions went, see below), each
taking the best item not yet taken by fused similarity to its anchor (``similar.WEIGHTS``, over the
spaces both have). Candidates: the nearest items of every anchor in every space it has.

**Learning** (recommend/station_learning.py). Every place's score is ``RELEVANCE_WEIGHT`` × relevance
plus Up next's taste, freshness and penalties for the item (``NextUp.table`` with no seed), so the taste
model's view of every play and skip reorders the candidates. On top of that the station reads the
outcomes of its own suggestions (events since its first page with source ``station``, judged by the
outcome rules): each anchor's share of places is ``2 ** (summed outcomes of what it placed)`` (skipping
what seed A brought gives A fewer places, finishing and liking it more), and every candidate moves by the
outcomes of the judged items it is near (``steer``: a skipped region sinks, words stations included).
The duplicate and artist rules of Up next (``diversity.Admission``) apply within a page; seeds are never
suggested.

Each suggestion's reason names the station: 'station "calm piano": tagged quiet, piano' / '… its words
read like it (0.52)' / '… looks like it' / 'station like "A", "B" and "C": close to "B"' / '… close to all
three'.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from avrec_desktop.index import matrix_ops
from avrec_desktop.errors import BadArgument, NotFound
from avrec_desktop.recommend.diversity import ADMITTED, Admission
from avrec_desktop.recommend.history import recent_history
from avrec_desktop.recommend.phrases import Words, joined, quoted, tag
from avrec_desktop.recommend.reasons import Reason
from avrec_desktop.recommend.search import CLAP_SCALE, CLIP_SCALE, MEANING_MIN, _check_encoder
from avrec_desktop.recommend.similar import WEIGHTS
from avrec_desktop.recommend.station_learning import judged, next_anchor, shares, steer
from avrec_desktop.recommend.suggestions import Suggestion
from avrec_desktop.store.words import query_words

RELEVANCE_WEIGHT = 3.0
TAG_SCALE = 2.0  # tag probabilities of a fitting item sit near 0.3, sentence cosines near 0.6
CANDIDATES = 100  # nearest items per query vector / anchor and space, ×4 for each page already shown
TAGGED = 2000
MOOD_TAGS = {
    "calm": ("quiet", "soft", "mellow", "chill", "chillout", "slow", "easy listening", "ambient"),
    "relaxing": ("chill", "chillout", "mellow", "soft", "quiet", "easy listening", "ambient", "slow"),
    "peaceful": ("quiet", "soft", "ambient", "new age", "mellow"),
    "energetic": ("fast", "loud", "dance", "party", "beat", "beats", "techno", "electro", "metal"),
    "upbeat": ("happy", "catchy", "dance", "party", "fast", "pop"),
    "dark": ("metal", "heavy metal", "weird", "experimental", "sad"),
    "melancholic": ("sad", "mellow", "slow"), "sleep": ("quiet", "soft", "ambient", "slow"),
    "vocals": ("vocal", "vocals", "voice", "singing"), "singer": ("vocal", "vocals", "voice", "singing"),
    "electronic": ("electronic", "electronica", "electro", "synth", "techno"),
}


@dataclass
class Station:
    words: str | None = None
    seeds: tuple[int, ...] = ()
    kind: str | None = None  # the kind it plays; None: found from its first page
    shown: list[int] = field(default_factory=list)
    turn: int = 0  # places dealt so far (seeds)
    credit: list[float] = field(default_factory=list)  # each anchor's round-robin credit (station_learning)
    placed: dict[int, int] = field(default_factory=dict)  # suggested media id → the anchor that placed it
    since_event: int | None = None  # the last event id before its first page: what it learns from is after
    titles: dict[int, str] = field(default_factory=dict)  # the seeds' titles, for the reasons
    source: str = "station"

    def __post_init__(self):
        if not (self.words and self.words.strip()) and not self.seeds:
            raise BadArgument("a station needs words or at least one seed")
        self.seeds = tuple(int(s) for s in self.seeds)

    @property
    def name(self) -> str:
        return str(self.name_words)

    @property
    def name_words(self) -> Words:
        """'station "calm piano"', 'station like "A", "B" and "C"' as a phrase (recommend/phrases.py)."""
        if self.words:
            return Words("station.words", {"words": self.words.strip()})
        return Words("station.like", {"seeds": joined([quoted(self.titles.get(s, s)) for s in self.seeds])})


def query_tags(words: str) -> list[tuple[str, tuple[str, ...]]]:
    """(query word, the auto-tag names it stands for) for each query word that stands for any."""
    from avrec_desktop.encoders.musicnn_tags import SAID_AS, tag_names

    vocabulary = {SAID_AS.get(t.lower(), t.lower()) for _m, t in tag_names()}
    typed = [w.lower() for w in query_words(words)]
    out = []
    for w in typed:
        tags = {w} & vocabulary
        tags |= {t for t in vocabulary if " " in t and w in t.split() and all(p in typed for p in t.split())}
        tags |= set(MOOD_TAGS.get(w, ())) & vocabulary
        if tags:
            out.append((w, tuple(sorted(tags))))
    return out


def station_page(store, indexes, recommender, station: Station, *, k: int = 10, encoders=(None, None),
                 now: float | None = None, session: str | None = None) -> list[Suggestion]:
    """The station's next ``k`` suggestions (see the module docstring); ``encoders``: (text, CLIP text)."""
    now = time.time() if now is None else float(now)
    if k <= 0:
        return []
    if station.seeds and not station.titles:
        media = store.media_by_ids(list(station.seeds))
        station.titles = {i: m.display_title for i, m in media.items()}
        kinds = {m.kind for m in media.values()}
        station.kind = station.kind or (kinds.pop() if len(kinds) == 1 else None)
    filled = {s: ix for s, ix in indexes.items() if len(ix)}
    if station.since_event is None:
        station.since_event = store.last_event_id()
    learned = judged(store, recommender.rules, station)
    for attempt in range(2):
        widen = 4 ** min(len(station.shown) // max(k, 1), 4)
        if station.words:
            ids, relevance, how = _by_words(store, filled, station, CANDIDATES * widen, encoders)
        else:
            ids, relevance, how = _by_seeds(filled, station, CANDIDATES * widen)
        picks = _pick(store, recommender, station, ids, relevance, how, k, now, session, learned,
                      filled)
        if len(picks) >= k or not station.shown or attempt:
            break
        station.shown = []  # everything was played: the station starts over
    station.shown += [s.media.id for s in picks]
    return picks


def _by_words(store, indexes, station: Station, per: int, encoders):
    """Candidate ids, their relevance (n, 1) and each one's reason (Words)."""
    from avrec_desktop.encoders.musicnn_tags import merged

    groups = query_tags(station.words)
    found = [np.array(store.ready_ids_tagged(t, TAGGED), dtype=np.int64) for _w, tags in groups for t in tags]
    vectors = {}
    text, clip, clap = (tuple(encoders or ()) + (None, None, None))[:3]  # clap: CLAP's text tower, when installed
    if text is not None and "text" in indexes:
        vectors["text"] = np.asarray(text.encode([station.words]), dtype=np.float32)[0]
    if clip is not None and "visual" in indexes:
        vectors["visual"] = np.asarray(clip.encode([station.words]), dtype=np.float32)[0]
    if clap is not None and "clap" in indexes and len(indexes["clap"]):
        _check_encoder(clap, indexes["clap"])
        vectors["clap"] = np.asarray(clap.encode([station.words]), dtype=np.float32)[0]
    for space, v in vectors.items():
        found.append(indexes[space].search(v, per)[0])
    ids = matrix_ops.unique_ids(found)
    ids = ids[~np.isin(ids, station.shown)]
    if not len(ids):
        if not groups and not vectors:
            raise NotFound(f'no auto-tag or text model knows "{station.words}" (auto-tags: `avrec tags ITEM`)')
        return ids, np.zeros((0, 1)), []
    tags = store.tags_of_many(ids.tolist())
    scores = np.full((len(ids), 4), -np.inf)
    said = []
    for n, media_id in enumerate(ids.tolist()):
        probs = merged(tags[media_id].probs) if media_id in tags else {}
        if groups and probs:
            best = [max(tg, key=lambda t: probs.get(t, 0.0)) for _w, tg in groups]
            scores[n, 0] = TAG_SCALE * float(np.mean([probs.get(t, 0.0) for t in best]))
            said.append(list(dict.fromkeys(t for t in best if probs.get(t, 0.0) >= 0.1)))
        else:
            said.append([])
    for col, space, scale in ((1, "text", 1.0), (2, "visual", CLIP_SCALE), (3, "clap", CLAP_SCALE)):
        if space in vectors:
            sims = indexes[space].similarities(vectors[space], ids)
            scores[:, col] = np.where(np.isnan(sims), -np.inf, sims * scale)
    if not len(station.shown) and not any(said) and np.max(scores[:, 1], initial=-np.inf) < MEANING_MIN \
            and not np.isfinite(scores[:, 2:]).any():
        # no tag, no text close enough (search's own bar), no picture or sound model: the words match nothing
        raise NotFound(f'nothing in your library is tagged or reads like "{station.words.strip()}"')
    best_col = np.argmax(scores, axis=1)
    relevance = np.max(scores, axis=1)
    relevance = np.where(np.isfinite(relevance), relevance, 0.0)
    where = station.name_words
    how = [words_match(where, said[n], int(best_col[n]), float(relevance[n])) for n in range(len(ids))]
    return ids, relevance[:, None], how


def words_match(where: Words, tags: list[str], column: int, relevance: float) -> Words:
    """Why a words station placed an item: the tags it carries (``column`` 0), its picture (2, CLIP) or its
    words (1, the sentence space) or its sound (3, CLAP): 'station "calm piano": tagged quiet, piano' /
    '… looks like it (0.31)' / '… sounds like it (0.42)'."""
    if column == 0 and tags:
        return Words("station.tagged", {"station": where, "tags": joined([tag(t) for t in tags], "list.comma")})
    if column == 2:
        return Words("station.looks", {"station": where, "score": relevance / CLIP_SCALE})
    if column == 3:
        return Words("station.sounds", {"station": where, "score": relevance / CLAP_SCALE})
    return Words("station.reads", {"station": where, "score": max(relevance, 0.0)})


def _anchors(indexes, station: Station) -> list[dict[str, np.ndarray]]:
    per_seed = [{s: ix.vector(i) for s, ix in indexes.items() if ix.vector(i) is not None} for i in station.seeds]
    if not any(per_seed):
        raise NotFound("none of the seeds has been analysed yet")
    centroid = {}
    for s in indexes:
        vs = [v[s] for v in per_seed if s in v]
        if vs:
            m = np.mean(vs, axis=0)
            centroid[s] = (m / max(np.linalg.norm(m), 1e-12)).astype(np.float32)
    return ([centroid] if len(station.seeds) > 1 else []) + per_seed


def _by_seeds(indexes, station: Station, per: int):
    anchors = _anchors(indexes, station)
    table = WEIGHTS.get(station.kind or "audio", WEIGHTS["audio"])
    found = [indexes[s].search(v, per + len(station.seeds))[0] for a in anchors for s, v in a.items()]
    ids = matrix_ops.unique_ids(found)
    ids = ids[~np.isin(ids, list(station.seeds) + station.shown)]
    rel = np.zeros((len(ids), len(anchors)))
    for j, anchor in enumerate(anchors):
        num, den = np.zeros(len(ids)), np.zeros(len(ids))
        for s, v in anchor.items():
            sims = indexes[s].similarities(v, ids)
            ok = ~np.isnan(sims)
            num[ok] += table.get(s, 0.0) * sims[ok]
            den[ok] += table.get(s, 0.0)
        rel[:, j] = np.where(den > 0, num / np.maximum(den, 1e-12), -1.0)
    return ids, rel, anchors


def _pick(store, recommender, station: Station, ids, relevance, how, k: int, now: float, session, learned,
          indexes):
    ranker = recommender.ranker()
    history = recent_history(store, now=now, window=ranker.params.history_window, session=session)
    kind = station.kind
    if kind is None and len(ids):  # a words station plays the kind of its most relevant items
        rows = store.media_by_ids(ids[np.argsort(-relevance[:, 0])[:10]].tolist())
        kinds = [m.kind for m in rows.values()]
        kind = station.kind = max(set(kinds), key=kinds.count) if kinds else None
    table = ranker.table(ids.tolist(), seed=None, history=history, now=now, want_kind=kind,
                         exclude=frozenset(station.shown) | frozenset(station.seeds))
    if not len(table.ids):
        return []
    at = {int(i): n for n, i in enumerate(ids.tolist())}
    rel = relevance[[at[int(i)] for i in table.ids.tolist()]]
    admission = Admission(ranker.audio_of, k)
    taken = np.zeros(len(table.ids), dtype=bool)
    picks = []
    share = shares(station, learned, rel.shape[1])
    steered = steer(indexes, kind, table.ids, learned)
    while len(picks) < k and not taken.all():
        col = next_anchor(station, share) if station.seeds else 0
        score = RELEVANCE_WEIGHT * rel[:, col] + table.score + steered
        for r in np.lexsort((table.ids, -score)).tolist():
            if taken[r]:
                continue
            taken[r] = True
            if admission.admit(table.rows[r].cand, r) == ADMITTED:
                picks.append((r, col))
                break
        station.turn += 1
    if len(picks) < k:  # the artist cap gives way only when nothing else is left
        picks += [(r, 0) for r in admission.overflow[:k - len(picks)]]
    media = store.media_by_ids([int(table.ids[r]) for r, _c in picks])
    out = []
    for r, col in picks:
        media_id = int(table.ids[r])
        if media_id not in media:
            continue
        words = how[at[media_id]] if station.words else seed_match(station, col)
        parts = {name: float(v[r]) for name, v in table.parts.items()}
        parts["station"] = float(rel[r, col])
        parts["station_feedback"] = float(steered[r])
        station.placed[media_id] = col
        reason = Reason.saying("station", words, {"station": station.name, "words": station.words,
                                                  "seeds": list(station.seeds),
                                                  "relevance": round(float(rel[r, col]), 4),
                                                  "feedback": round(float(steered[r]), 4)})
        total = RELEVANCE_WEIGHT * float(rel[r, col]) + float(table.score[r]) + float(steered[r])
        out.append(Suggestion(media[media_id], total,
                              [reason], parts, None if station.words else _anchor_seed(station, col)))
    return out


def _anchor_seed(station: Station, col: int) -> int | None:
    if len(station.seeds) == 1:
        return station.seeds[0]
    return station.seeds[col - 1] if col > 0 else None


def seed_match(station: Station, col: int) -> Words:
    """Why a seeds station placed an item: 'station like "A" and "B": close to "B"' / '… close to both'."""
    seed = _anchor_seed(station, col)
    if seed is not None:
        return Words("station.close_to", {"station": station.name_words, "title": str(station.titles.get(seed, seed))})
    n = len(station.seeds)
    if n in (2, 3):
        return Words("station.close_to_both" if n == 2 else "station.close_to_three", {"station": station.name_words})
    return Words("station.close_to_all", {"station": station.name_words, "n": n})

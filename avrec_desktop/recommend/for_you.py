"""For you: shelves without a playing item.

- **Because you finished / liked / played "X"** (kind ``because``; the verb is the strongest the evidence shows), one shelf for each of up to ``BECAUSE_SHELVES``
  recent favourites X (most decayed net positive evidence, liked within ``RECENT_DAYS``): the Up next
  ranking with X as the seed, without exploration. Shelves do not repeat each other's items.
- **More <tag>** (``tag``, e.g. "More ambient"): items carrying the auto-tag most of the user's finished
  or liked items carry (``tag_shelf``), each card saying which of theirs carry it too.
- **Rediscover** (``rediscover``): items the user liked (positive net evidence) whose last play is at
  least ``REDISCOVER_DAYS`` old, ranked by how much they were liked then (evidence at its own time,
  before decay); the usual duplicate rules and artist cap.
- **New in your library** (``new``): ready items added within ``NEW_DAYS`` and never played, ranked by
  the taste model (plus a little for being newer), so the newest things that fit come first.

Shelves with nothing on them are left out; with no history at all only "New in your library" can appear.
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.recommend import reasons as R
from avrec_desktop.recommend.diversity import ADMITTED, Admission, admit_in_order
from avrec_desktop.recommend.dressing import referenced_ids, row_reasons, suggestions, titles_of
from avrec_desktop.recommend.history import recent_history
from avrec_desktop.recommend.next_up import NextUp, fetch_rows
from avrec_desktop.recommend.phrases import Words
from avrec_desktop.recommend.seeded_random import SeededRandom
from avrec_desktop.recommend.suggestions import Shelf, Suggestion
from avrec_desktop.recommend.tag_shelf import tag_shelf
from avrec_desktop.recommend.taste import DAY

BECAUSE_SHELVES = 2
RECENT_DAYS = 30.0
REDISCOVER_DAYS = 30.0
NEW_DAYS = 30.0
NEW_LIMIT = 500
NEWNESS_WEIGHT = 0.1


def for_you(ranker: NextUp, *, now: float, per_shelf: int) -> list[Shelf]:
    shelves: list[Shelf] = []
    shown: set[int] = set()
    store, model = ranker.store, ranker.model
    favourites = model.favourites(now, BECAUSE_SHELVES, since=now - RECENT_DAYS * DAY)
    titles = titles_of(store, favourites)
    for fav in favourites:
        rng = SeededRandom(fav, model.last_event_id)
        table, picks, seed = ranker.suggest(current_id=fav, session=None, k=per_shelf, any_kind=False, now=now,
                                            explore=0.0, rng=rng, exclude=frozenset(shown | set(favourites)))
        items = suggestions(store, table, picks, seed, model, ranker.facets.space_of)
        if not items:
            continue
        title = titles.get(fav, str(fav))
        ev = model.evidence(fav)
        items = [Suggestion(s.media, s.score, [R.because_reason(fav, title, ev), *s.reasons], s.parts, fav)
                 for s in items]
        shown.update(s.media.id for s in items)
        shelves.append(Shelf.titled(because_title(ev, title), "because", items))
    tagged = tag_shelf(ranker, now, per_shelf, shown)
    if tagged is not None:
        shown.update(s.media.id for s in tagged.items)
        shelves.append(tagged)
    rediscover = _rediscover(ranker, now, per_shelf, shown)
    if rediscover:
        shown.update(s.media.id for s in rediscover)
        shelves.append(Shelf.titled(Words("shelf.rediscover"), "rediscover", rediscover))
    new = _new(ranker, now, per_shelf, shown)
    if new:
        shelves.append(Shelf.titled(Words("shelf.new"), "new", new))
    return shelves


def because_title(ev, title: str) -> Words:
    """'Because you finished / liked / played "X"' (the verb: ``reasons.because_verb``)."""
    return Words(f"shelf.because_{R.because_verb(ev)}", {"title": str(title)})


def _rediscover(ranker: NextUp, now: float, k: int, shown: set[int]) -> list[Suggestion]:
    model = ranker.model
    history = recent_history(ranker.store, now=now, window=REDISCOVER_DAYS * DAY, limit=20000)
    old = now - REDISCOVER_DAYS * DAY
    liked = [(ev.pos - ev.neg, i) for i, ev in model.items.items()
             if ev.pos > ev.neg and not ev.disliked and (ev.last_seen or ev.last_pos or ev.t) <= old
             and history.seconds_since(i) is None and i not in shown]
    liked.sort(key=lambda t: (-t[0], t[1]))
    ids = [i for _, i in liked[:k * 5]]
    rows = fetch_rows(ranker.store, ids)
    admission, picked = Admission(ranker.audio_of, k), []
    for i in ids:
        row = rows.get(i)
        if row is None or row.cand.status != "ready" or admission.admit(row.cand) != ADMITTED:
            continue
        picked.append(i)
        if len(picked) >= k:
            break
    picked += admission.overflow[:k - len(picked)]  # the artist cap gives way only when nothing else is left
    media = ranker.store.media_by_ids(picked)
    return [Suggestion(media[i], float(model.items[i].pos - model.items[i].neg),
                       [R.rediscover_reason(model.items[i], now)], {"liked_then": model.items[i].pos}, None)
            for i in picked if i in media]


def _new(ranker: NextUp, now: float, k: int, shown: set[int]) -> list[Suggestion]:
    store, model = ranker.store, ranker.model
    since = now - NEW_DAYS * DAY
    ids = store.ready_added_between(since, now, NEW_LIMIT)
    history = recent_history(store, now=now, window=NEW_DAYS * DAY, limit=20000)
    ids = [i for i in ids if model.evidence(i) is None and history.seconds_since(i) is None and i not in shown]
    if not ids:
        return []
    table = ranker.table(ids, seed=None, history=history, now=now, want_kind=None)
    if not len(table.ids):
        return []
    added = np.array([r.added_at for r in table.rows])
    newness = NEWNESS_WEIGHT * np.clip((added - since) / (now - since), 0.0, 1.0)
    score = table.parts["taste"] + newness
    order = np.lexsort((-table.ids, -score))
    picked = admit_in_order(ranker.audio_of, table.rows, order.tolist(), k)
    media = store.media_by_ids([int(table.ids[r]) for r in picked])
    titles = titles_of(store, referenced_ids(table, picked))
    out = []
    for r in picked:
        media_id = int(table.ids[r])
        if media_id not in media:
            continue
        reasons = [R.new_reason(table.rows[r].added_at, now),
                   *row_reasons(table, r, None, titles, model, ranker.facets.space_of)]
        parts = {name: float(v[r]) for name, v in table.parts.items()}
        parts["newness"] = float(newness[r])
        out.append(Suggestion(media[media_id], float(score[r]), reasons, parts, None))
    return out

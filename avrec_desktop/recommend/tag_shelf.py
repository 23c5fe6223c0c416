"""For you's "More <tag>" shelf: more of what the user's favourite tracks sound like, by their auto-tags.

The tag: the auto-tag (store/tags.py words: at or above the tagger's threshold) carried by the most of
the items the user finished or liked (in force, not disliked since), at least ``MIN_SUPPORT`` of them;
ties go to the tag nearer the front of those items' lists (auto-tags are stored best first), then by
name. The shelf: ready items carrying that tag that the user has not finished or liked yet and did not
play in the last ``RECENT_DAYS``, ranked by the taste model (plus a little for the tag standing higher
in the item's own list), with the usual duplicate rules and artist cap. Each card says which of the
user's items carry the tag too ("ambient, as are 4 tracks of yours: 3 you finished, 1 you liked").
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from avrec_desktop.recommend import reasons as R
from avrec_desktop.recommend.diversity import admit_in_order
from avrec_desktop.recommend.history import recent_history
from avrec_desktop.recommend.phrases import Words, tag as tag_words
from avrec_desktop.recommend.suggestions import Shelf, Suggestion
from avrec_desktop.recommend.taste import DAY

MIN_SUPPORT = 3
RECENT_DAYS = 2.0
CANDIDATES = 2000
RANK_WEIGHT = 0.05  # per place the tag stands lower in a candidate's own auto-tags


def favourite_claims(model) -> dict[int, str]:
    """The items the user finished (``"finished"``) or, never finished, liked (``"liked"``)."""
    out = {}
    for i, ev in model.items.items():
        if ev.disliked:
            continue
        if ev.finished:
            out[int(i)] = "finished"
        elif ev.feedback > 0:
            out[int(i)] = "liked"
    return out


def favourite_tag(words_by_id: dict[int, tuple[str, ...]], min_support: int = MIN_SUPPORT) -> str | None:
    """The auto-tag most of ``words_by_id`` carry (at least ``min_support``), see the module docstring."""
    count: Counter = Counter()
    ranks: dict[str, int] = {}
    for words in words_by_id.values():
        for place, w in enumerate(dict.fromkeys(words)):
            count[w] += 1
            ranks[w] = ranks.get(w, 0) + place
    best = sorted(count, key=lambda w: (-count[w], ranks[w] / count[w], w))
    return best[0] if best and count[best[0]] >= min_support else None


def tag_shelf(ranker, now: float, k: int, shown: set[int]) -> Shelf | None:
    store, model = ranker.store, ranker.model
    claims = favourite_claims(model)
    if len(claims) < MIN_SUPPORT:
        return None
    words = store.tag_words_of(sorted(claims))
    tag = favourite_tag(words)
    if tag is None:
        return None
    carriers = sorted(i for i, w in words.items() if tag in w)
    history = recent_history(store, now=now, window=RECENT_DAYS * DAY, limit=20000)
    ids = [i for i in store.ready_ids_tagged(tag, CANDIDATES)
           if i not in claims and i not in shown and history.seconds_since(i) is None]
    if not ids:
        return None
    table = ranker.table(ids, seed=None, history=history, now=now, want_kind=None)
    if not len(table.ids):
        return None
    own = store.tag_words_of(table.ids.tolist())
    place = np.array([own.get(int(i), (tag,)).index(tag) if tag in own.get(int(i), ()) else 0
                      for i in table.ids], dtype=np.float64)
    score = table.parts["taste"] - RANK_WEIGHT * place
    order = np.lexsort((table.ids, -score))
    picked = admit_in_order(ranker.audio_of, table.rows, order.tolist(), k)
    media = store.media_by_ids([int(table.ids[r]) for r in picked])
    by_claim = {c: [i for i in carriers if claims[i] == c] for c in ("finished", "liked")}
    items = []
    for r in picked:
        media_id = int(table.ids[r])
        if media_id not in media:
            continue
        item = media[media_id]
        parts = {name: float(v[r]) for name, v in table.parts.items()}
        parts["tag_place"] = float(place[r])
        items.append(Suggestion(item, float(score[r]), [R.tag_shelf_reason(tag, item.kind, by_claim)], parts,
                                None))
    return Shelf.titled(more_title(tag), "tag", items) if items else None


def more_title(tag: str) -> Words:
    """The shelf's title: "More ambient"."""
    return Words("shelf.more_tag", {"tag": tag_words(tag)})

"""Turning scored rows into ``Suggestion``s with readable reasons (and ``why`` into a list of reasons).

Which reasons a suggestion gets, strongest part first:
- ``seed`` when there is a playing item and the fused similarity to it is at least ``SEED_REASON_MIN``
  (or nothing else explains the item), naming the facet that contributed most;
- ``taste`` when the taste part is positive: the item's own history ("you finished this 3 times"), or
  the remembered items behind it (see ``reasons.taste_reason``);
- ``tags`` right after ``seed``: the auto-tags the item and the seed both carry ("both ambient and slow",
  ``reasons.shared_tags``), when ``tags`` (the store's ``tag_words_of``) says they share any;
- ``explore`` for an exploration slot.
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.recommend import reasons as R
from avrec_desktop.recommend.suggestions import Suggestion

SEED_REASON_MIN = 0.2
TASTE_REASON_MIN = 0.05


def titles_of(store, ids) -> dict[int, str]:
    ids = sorted({int(i) for i in ids if i is not None})
    return {i: m.display_title for i, m in store.media_by_ids(ids).items()}


def referenced_ids(table, rows: list[int]) -> set[int]:
    """Ids a reason might name: the strongest remembered items behind each row's taste."""
    out: set[int] = set()
    mem = table.scores.memory
    if not len(mem.ids):
        return out
    for r in rows:
        contrib = table.scores.weights[r] * mem.net
        out.update(int(i) for i in mem.ids[np.argsort(-contrib)[:2]])  # most for it
        out.update(int(i) for i in mem.ids[np.argsort(contrib)[:2]])  # most against it
    return out


def row_reasons(table, r: int, seed, titles: dict[int, str], model, space_of: dict[str, str], *,
                explored: bool = False, negative: bool = False, tags=None) -> list[R.Reason]:
    """Reasons for row ``r`` of ``table``; ``negative`` also says what holds it back (for ``why``);
    ``tags``: auto-tag words by id (the seed's and the row's), for the shared-tags reason."""
    parts = table.parts
    media_id = int(table.ids[r])
    kind = table.kinds[r]
    scored: list[tuple[float, R.Reason]] = []
    ev = model.evidence(media_id)
    taste_part = float(parts["taste"][r])
    if taste_part > TASTE_REASON_MIN or (negative and taste_part < -TASTE_REASON_MIN):
        mem = table.scores.memory
        own = R.own_reason(ev, kind=kind) if taste_part > 0 else None
        if own is not None:
            scored.append((taste_part, own))
        other = R.taste_reason(media_id, kind, table.scores.weights[r], mem.ids, mem.net, model.evidence,
                               titles, negative=taste_part < 0)
        if other is not None:
            scored.append((abs(taste_part) * 0.9, other))
        if taste_part < 0 and ev is not None and ev.skipped and other is None:
            scored.append((abs(taste_part), R.skipped_reason(ev)))
    similarity = float(parts["similarity"][r])
    facet = table.scores.main_facet[r]
    if seed is not None and facet is not None and (similarity >= SEED_REASON_MIN or not scored):
        space = space_of.get(facet, "audio")
        scored.append((float(parts["relevance"][r]),
                       R.seed_reason(seed.cand.id, titles.get(seed.cand.id, str(seed.cand.id)), facet, space,
                                     similarity)))
    scored.sort(key=lambda t: -t[0])
    out = [reason for _, reason in scored]
    seeded = [j for j, reason in enumerate(out) if reason.kind == "seed"]
    if seeded and tags:
        words = R.shared_tags(tags.get(seed.cand.id), tags.get(media_id))
        if words:
            out.insert(seeded[0] + 1, R.tags_reason(seed.cand.id, media_id, words))
    if explored:
        out.insert(0, R.explore_reason())
    if negative:
        out += R.penalty_reasons(since_played=table.since[r], cooled=bool(table.cooled[r]),
                                 streak=bool(table.streak[r]), skipped_ago=table.skipped_ago[r])
    return out


def suggestions(store, table, picks, seed, model, space_of: dict[str, str]) -> list[Suggestion]:
    rows = [p.position for p in picks]
    ids = [int(table.ids[r]) for r in rows]
    media = store.media_by_ids(ids)
    titles = titles_of(store, referenced_ids(table, rows) | ({seed.cand.id} if seed else set()))
    tags = store.tag_words_of(ids + [seed.cand.id]) if seed is not None and ids else {}
    out = []
    for p in picks:
        media_id = int(table.ids[p.position])
        if media_id not in media:  # removed a moment ago
            continue
        parts = {name: float(values[p.position]) for name, values in table.parts.items()}
        parts["explore"] = 1.0 if p.explored else 0.0
        out.append(Suggestion(media[media_id], float(table.score[p.position]),
                              row_reasons(table, p.position, seed, titles, model, space_of,
                                          explored=p.explored, tags=tags),
                              parts, seed.cand.id if seed else None))
    return out

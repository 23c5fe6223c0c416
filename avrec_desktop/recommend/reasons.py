"""Why an item is suggested: structured reasons a person can read, made from the ranker's numbers.

A ``Reason`` has a ``kind`` (what sort of reason), a short ``text`` for people and ``data`` for programs
(ids, facet and modality, counts). Kinds and their texts:

| kind | text (examples) | data |
|---|---|---|
| ``seed`` | 'sounds like "X" (timbre)', 'sounds like "X"' (one audio facet), 'looks like "X"', 'tagged like "X"' | seed_id, facet, modality, similarity |
| ``taste`` | 'close to 3 tracks of yours: 2 you finished, 1 you liked', 'like "X", which you finished twice' (or 'liked', 'played past half'), 'you finished this 4 times' | ids (and per claim), count, media_id |
| ``taste`` (negative, ``why`` only) | 'you skipped 2 tracks close to this', 'you skipped this' | ids, count |
| ``explore`` | 'exploring: new to you' | — |
| ``new`` | 'new in your library (added 3 days ago)' | added_at |
| ``rediscover`` | 'you finished this 5 times, last 4 months ago' | finished, last |
| ``because`` | 'because of "X", which you liked' (the evidence's words, see ``evidence_words``) | seed_id |
| ``tags`` | 'both ambient and slow' (auto-tags the item and the seed both carry; at most two; beside ``seed``) | tags, seed_id, media_id |
| ``tag`` (a "More ambient" shelf) | 'ambient, as are 4 tracks of yours: 3 you finished, 1 you liked' | tag, ids, count, finished, liked |
| ``penalty`` (``why`` only) | 'played 12 minutes ago', 'same artist as what you just heard' | seconds |

The numbers behind the taste reasons: a remembered item counts as "close" when its kernel weight is at
least ``CLOSE_KERNEL`` (with the default ``kernel_tau`` 0.2: fused similarity ≥ 0.54); one item is named
("like "X"...") when it alone gives at least half of the positive evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from avrec_desktop.recommend.facets import facet_label, facet_verb

CLOSE_KERNEL = 0.1
NAMED_SHARE = 0.5


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str
    data: dict = field(default_factory=dict)


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def ago(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{int(minutes)} minute{'s' if int(minutes) != 1 else ''} ago"
    hours = minutes / 60
    if hours < 24:
        return f"{int(hours)} hour{'s' if int(hours) != 1 else ''} ago"
    days = hours / 24
    if days < 60:
        return f"{int(days)} day{'s' if int(days) != 1 else ''} ago"
    months = round(days / 30.4)
    if months < 24:
        return f"{months} months ago"
    return f"{round(days / 365.25)} years ago"


def noun(kind: str, n: int) -> str:
    word = "video" if kind == "video" else "track"
    return word if n == 1 else word + "s"


def seed_reason(seed_id: int, seed_title: str, facet: str, space: str, similarity: float) -> Reason:
    label = facet_label(facet)
    return Reason("seed", f'{facet_verb(facet, space)} "{seed_title}"' + (f" ({label})" if label else ""),
                  {"seed_id": int(seed_id), "facet": facet, "modality": space,
                   "similarity": round(float(similarity), 4)})


def evidence_words(ev) -> str | None:
    """What the taste model's evidence for one item says, in the weakest true words ("finished twice",
    "liked", "liked and finished once", "played past half"); None when nothing positive was recorded.

    The counts are the judged outcomes of the event log (``outcomes.py``): finished = played to the end
    (or stopped in the last 10 %), liked = a like in force, played past half = skipped after hearing half
    or more (the late skip that counts for an item). A skip or a grace-period flick never reads "finished".
    """
    if ev is None:
        return None
    liked = ev.feedback > 0
    if ev.finished:
        return f"{'liked and ' if liked else ''}finished {times(ev.finished)}"
    if liked:
        return "liked"
    if ev.pos > 0 and not ev.disliked:
        return "played past half"
    return None


def _positive_kind(ev) -> str | None:
    if ev is None:
        return None
    if ev.finished:
        return "finished"
    if ev.feedback > 0:
        return "liked"
    if ev.pos > 0 and not ev.disliked:
        return "played past half"
    return None


def own_reason(ev, *, kind: str) -> Reason | None:
    """The candidate's own history, when it has any to speak of."""
    if ev is None:
        return None
    if ev.feedback > 0:
        return Reason("taste", "you liked this", {"liked": True, "finished": ev.finished})
    if ev.finished:
        return Reason("taste", f"you finished this {times(ev.finished)}", {"finished": ev.finished})
    return None


def taste_reason(candidate: int, kind: str, weights: np.ndarray, memory_ids: np.ndarray, net: np.ndarray,
                 evidence, titles: dict[int, str], *, negative: bool = False) -> Reason | None:
    """The remembered items that make a candidate liked (or, ``negative``, disliked)."""
    sign = -1.0 if negative else 1.0
    contrib = weights * net * sign
    others = memory_ids != candidate
    good = np.flatnonzero(others & (contrib > 0))
    if not len(good):
        return None
    total = float(contrib[good].sum())
    close = [int(memory_ids[j]) for j in good if weights[j] >= CLOSE_KERNEL]
    top = good[np.lexsort((memory_ids[good], -contrib[good]))][0]
    top_id = int(memory_ids[top])
    if negative:
        if len(close) >= 2:
            return Reason("taste", f"you skipped {len(close)} {noun(kind, len(close))} close to this",
                          {"ids": close, "count": len(close), "negative": True})
        if contrib[top] >= NAMED_SHARE * total and weights[top] >= CLOSE_KERNEL:
            return Reason("taste", f'close to "{titles.get(top_id, top_id)}", which you skipped',
                          {"media_id": top_id, "negative": True})
        return None
    if contrib[top] >= NAMED_SHARE * total and weights[top] >= CLOSE_KERNEL / 2:
        ev = evidence(top_id)
        said = evidence_words(ev)
        if said is not None:
            return Reason("taste", f'like "{titles.get(top_id, top_id)}", which you {said}',
                          {"media_id": top_id, "finished": ev.finished, "liked": ev.feedback > 0})
    by_kind: dict[str, list[int]] = {}
    for i in close:
        what = _positive_kind(evidence(i))
        if what is not None:
            by_kind.setdefault(what, []).append(i)
    ids = [i for group in by_kind.values() for i in group]
    if len(ids) >= 2:
        parts = [f"{len(by_kind[w])} you {w}" for w in ("finished", "liked", "played past half") if w in by_kind]
        return Reason("taste", f"close to {len(ids)} {noun(kind, len(ids))} of yours: " + ", ".join(parts),
                      {"ids": ids, "count": len(ids), **{w: by_kind[w] for w in by_kind}})
    return None


def explore_reason() -> Reason:
    return Reason("explore", "exploring: new to you", {})


def new_reason(added_at: float, now: float) -> Reason:
    return Reason("new", f"new in your library (added {ago(now - added_at)})", {"added_at": added_at})


def rediscover_reason(ev, now: float) -> Reason:
    last = ev.last_pos or ev.last_seen or ev.t
    what = f"you {evidence_words(ev) or 'played'} this"
    if ev.finished:  # "you liked and finished this twice" reads badly: the count goes last
        what = f"you {'liked and ' if ev.feedback > 0 else ''}finished this {times(ev.finished)}"
    return Reason("rediscover", f"{what}, last {ago(now - last)}",
                  {"finished": ev.finished, "liked": ev.feedback > 0, "last": last})


def because_verb(ev) -> str:
    """The verb of a "Because you ... "X"" shelf: the strongest thing the evidence shows, never more."""
    return {"finished": "finished", "liked": "liked", "played past half": "played"}.get(_positive_kind(ev) or "",
                                                                                         "played")


def because_reason(seed_id: int, seed_title: str, ev=None) -> Reason:
    said = evidence_words(ev) if ev is not None else None
    if said is None:
        return Reason("because", f'because you played "{seed_title}"', {"seed_id": int(seed_id)})
    return Reason("because", f'because of "{seed_title}", which you {said}', {"seed_id": int(seed_id)})


SHARED_TAGS = 2


def shared_tags(seed_words, item_words, limit: int = SHARED_TAGS) -> list[str]:
    """The auto-tags both items carry (each item's stored words are the tags at or above the auto-tag
    threshold, best first), the best for both together first, at most ``limit``; none when either has none."""
    rank = {w: i for i, w in enumerate(item_words or ())}
    both = sorted((i + rank[w], i, w) for i, w in enumerate(dict.fromkeys(seed_words or ())) if w in rank)
    return [w for _, _, w in both[:limit]]


def tags_reason(seed_id: int, media_id: int, words: list[str]) -> Reason:
    return Reason("tags", "both " + " and ".join(words),
                  {"tags": list(words), "seed_id": int(seed_id), "media_id": int(media_id)})


def tag_shelf_reason(tag: str, kind: str, by_claim: dict[str, list[int]]) -> Reason:
    """A card on a "More <tag>" shelf: the user's finished / liked items that carry the tag too."""
    ids = [i for claim in ("finished", "liked") for i in by_claim.get(claim, [])]
    parts = [f"{len(by_claim[c])} you {c}" for c in ("finished", "liked") if by_claim.get(c)]
    return Reason("tag", f"{tag}, as are {len(ids)} {noun(kind, len(ids))} of yours: " + ", ".join(parts),
                  {"tag": tag, "ids": ids, "count": len(ids), **{c: list(v) for c, v in by_claim.items() if v}})


def penalty_reasons(*, since_played: float | None, cooled: bool, streak: bool, skipped_ago: float | None
                    ) -> list[Reason]:
    out = []
    if since_played is not None:
        out.append(Reason("penalty", f"played {ago(since_played)}",
                          {"seconds": since_played, "cool_down": cooled}))
    if skipped_ago is not None:
        out.append(Reason("penalty", f"skipped {ago(skipped_ago)}", {"seconds": skipped_ago}))
    if streak:
        out.append(Reason("penalty", "same artist as what you just heard", {}))
    return out

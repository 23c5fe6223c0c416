"""Why an item is suggested: structured reasons a person can read, made from the ranker's numbers.

A ``Reason`` has a ``kind`` (what sort of reason), a short ``text`` for people, ``data`` for programs
(ids, facet and modality, counts) and ``words``: the same text as a structured phrase
(``recommend/phrases.py``; ``text`` is ``str(words)``), which the window renders in its language. Kinds and
their texts:

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
from avrec_desktop.recommend.phrases import Words, all_joined, joined, tag

CLOSE_KERNEL = 0.1
NAMED_SHARE = 0.5


@dataclass(frozen=True)
class Reason:
    """Why an item is suggested (or not), as text and data."""
    kind: str
    text: str
    data: dict = field(default_factory=dict)
    words: Words | None = None  # the text as a phrase a window can translate (recommend/phrases.py)

    @classmethod
    def saying(cls, kind: str, words: Words, data: dict | None = None) -> "Reason":
        """A reason whose text is ``words`` in English."""
        return cls(kind, str(words), dict(data or {}), words)


def times(n: int) -> Words:
    """"once", "twice", "3 times"."""
    n = int(n)
    return Words({1: "times.once", 2: "times.twice"}.get(n, "times.many"), {} if n in (1, 2) else {"n": n})


def _counted(one: str, many: str, n: int) -> Words:
    return Words(one) if n == 1 else Words(many, {"n": int(n)})


def ago(seconds: float) -> Words:
    """"just now", "5 minutes ago", "3 days ago", "4 months ago", "2 years ago"."""
    minutes = seconds / 60
    if minutes < 1:
        return Words("ago.just_now")
    if minutes < 60:
        return _counted("ago.minute", "ago.minutes", int(minutes))
    hours = minutes / 60
    if hours < 24:
        return _counted("ago.hour", "ago.hours", int(hours))
    days = hours / 24
    if days < 60:
        return _counted("ago.day", "ago.days", int(days))
    months = round(days / 30.4)
    if months < 24:
        return Words("ago.months", {"n": int(months)})
    return Words("ago.years", {"n": int(round(days / 365.25))})


def count_of(kind: str, n: int) -> Words:
    """"1 track", "3 tracks", "2 videos"."""
    if kind == "video":
        return _counted("count.video", "count.videos", n)
    return _counted("count.track", "count.tracks", n)


def seed_reason(seed_id: int, seed_title: str, facet: str, space: str, similarity: float) -> Reason:
    label = facet_label(facet)
    words = Words(facet_verb(facet, space), {"title": str(seed_title)})
    if label is not None:
        words = Words("seed.facet", {"seed": words, "facet": label})
    return Reason.saying("seed", words, {"seed_id": int(seed_id), "facet": facet, "modality": space,
                                         "similarity": round(float(similarity), 4)})


def evidence_words(ev) -> Words | None:
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
        return Words("said.liked_finished" if liked else "said.finished", {"times": times(ev.finished)})
    if liked:
        return Words("said.liked")
    if ev.pos > 0 and not ev.disliked:
        return Words("said.past_half")
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


CLAIMS = {"finished": "claim.finished", "liked": "claim.liked", "played past half": "claim.past_half"}


def _claims(by_kind: dict[str, list[int]], order) -> Words:
    """"2 you finished, 1 you liked"."""
    return joined([Words(CLAIMS[w], {"n": len(by_kind[w])}) for w in order if by_kind.get(w)], "list.comma")


def own_reason(ev, *, kind: str) -> Reason | None:
    """The candidate's own history, when it has any to speak of."""
    if ev is None:
        return None
    if ev.feedback > 0:
        return Reason.saying("taste", Words("taste.you_liked"), {"liked": True, "finished": ev.finished})
    if ev.finished:
        return Reason.saying("taste", Words("taste.you_finished", {"times": times(ev.finished)}),
                             {"finished": ev.finished})
    return None


def skipped_reason(ev) -> Reason:
    """"you skipped this twice" (for ``why``)."""
    return Reason.saying("taste", Words("taste.you_skipped", {"times": times(ev.skipped)}),
                         {"skipped": ev.skipped, "negative": True})


def disliked_reason() -> Reason:
    return Reason.saying("taste", Words("taste.you_disliked"), {"disliked": True})


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
            return Reason.saying("taste", Words("taste.skipped_close", {"count": count_of(kind, len(close))}),
                                 {"ids": close, "count": len(close), "negative": True})
        if contrib[top] >= NAMED_SHARE * total and weights[top] >= CLOSE_KERNEL:
            return Reason.saying("taste", Words("taste.close_skipped", {"title": str(titles.get(top_id, top_id))}),
                                 {"media_id": top_id, "negative": True})
        return None
    if contrib[top] >= NAMED_SHARE * total and weights[top] >= CLOSE_KERNEL / 2:
        ev = evidence(top_id)
        said = evidence_words(ev)
        if said is not None:
            return Reason.saying("taste", Words("taste.like_named", {"title": str(titles.get(top_id, top_id)),
                                                                     "said": said}),
                                 {"media_id": top_id, "finished": ev.finished, "liked": ev.feedback > 0})
    by_kind: dict[str, list[int]] = {}
    for i in close:
        what = _positive_kind(evidence(i))
        if what is not None:
            by_kind.setdefault(what, []).append(i)
    ids = [i for group in by_kind.values() for i in group]
    if len(ids) >= 2:
        words = Words("taste.close_to_yours", {"count": count_of(kind, len(ids)),
                                               "claims": _claims(by_kind, ("finished", "liked", "played past half"))})
        return Reason.saying("taste", words, {"ids": ids, "count": len(ids), **{w: by_kind[w] for w in by_kind}})
    return None


def explore_reason() -> Reason:
    return Reason.saying("explore", Words("explore"))


def new_reason(added_at: float, now: float) -> Reason:
    return Reason.saying("new", Words("new", {"ago": ago(now - added_at)}), {"added_at": added_at})


def rediscover_reason(ev, now: float) -> Reason:
    last = ev.last_pos or ev.last_seen or ev.t
    liked = ev.feedback > 0
    if ev.finished:  # "you liked and finished this twice", the count last
        what = Words("rediscover.liked_finished" if liked else "taste.you_finished", {"times": times(ev.finished)})
    elif liked:
        what = Words("taste.you_liked")
    elif ev.pos > 0 and not ev.disliked:
        what = Words("rediscover.past_half")
    else:
        what = Words("rediscover.played")
    return Reason.saying("rediscover", Words("rediscover", {"what": what, "ago": ago(now - last)}),
                         {"finished": ev.finished, "liked": liked, "last": last})


def because_verb(ev) -> str:
    """The verb of a "Because you ... "X"" shelf: the strongest thing the evidence shows, never more."""
    return {"finished": "finished", "liked": "liked", "played past half": "played"}.get(_positive_kind(ev) or "",
                                                                                         "played")


def because_reason(seed_id: int, seed_title: str, ev=None) -> Reason:
    said = evidence_words(ev) if ev is not None else None
    if said is None:
        return Reason.saying("because", Words("because.played", {"title": str(seed_title)}), {"seed_id": int(seed_id)})
    return Reason.saying("because", Words("because.said", {"title": str(seed_title), "said": said}),
                         {"seed_id": int(seed_id)})


SHARED_TAGS = 2


def shared_tags(seed_words, item_words, limit: int = SHARED_TAGS) -> list[str]:
    """The auto-tags both items carry (each item's stored words are the tags at or above the auto-tag
    threshold, best first), the best for both together first, at most ``limit``; none when either has none."""
    rank = {w: i for i, w in enumerate(item_words or ())}
    both = sorted((i + rank[w], i, w) for i, w in enumerate(dict.fromkeys(seed_words or ())) if w in rank)
    return [w for _, _, w in both[:limit]]


def tags_reason(seed_id: int, media_id: int, words: list[str]) -> Reason:
    return Reason.saying("tags", Words("tags.both", {"tags": all_joined([tag(w) for w in words], "list.and")}),
                         {"tags": list(words), "seed_id": int(seed_id), "media_id": int(media_id)})


def tag_shelf_reason(word: str, kind: str, by_claim: dict[str, list[int]]) -> Reason:
    """A card on a "More <tag>" shelf: the user's finished / liked items that carry the tag too."""
    ids = [i for claim in ("finished", "liked") for i in by_claim.get(claim, [])]
    words = Words("tag.as_are", {"tag": tag(word), "count": count_of(kind, len(ids)),
                                 "claims": _claims(by_claim, ("finished", "liked"))})
    return Reason.saying("tag", words, {"tag": word, "ids": ids, "count": len(ids),
                                        **{c: list(v) for c, v in by_claim.items() if v}})


def penalty_reasons(*, since_played: float | None, cooled: bool, streak: bool, skipped_ago: float | None
                    ) -> list[Reason]:
    out = []
    if since_played is not None:
        out.append(Reason.saying("penalty", Words("penalty.played", {"ago": ago(since_played)}),
                                 {"seconds": since_played, "cool_down": cooled}))
    if skipped_ago is not None:
        out.append(Reason.saying("penalty", Words("penalty.skipped", {"ago": ago(skipped_ago)}),
                                 {"seconds": skipped_ago}))
    if streak:
        out.append(Reason.saying("penalty", Words("penalty.same_artist")))
    return out

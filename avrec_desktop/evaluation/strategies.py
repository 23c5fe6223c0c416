"""What is compared: three ways of choosing the next item (and a ceiling), behind one small interface.

- ``RandomOrder``: any item not played lately, uniformly (shuffle play).
- ``SimilarityOnly``: the item most like the one just played (``recommend.similar`` — the app's own
  "play similar", with its duplicate and artist rules), first one not played lately. No memory: it
  never learns from skips.
- ``FullModel``: the taste-aware ``Recommender.next`` after the item just played, fed every event
  through ``Recommender.record``. It is asked afresh before every suggestion (the desktop Up next
  re-ranks when the playing item changes, and each outcome reaches the model at once), and the
  first suggestion not played lately is played.

The cool-down (``blocked``: the last N played items, decided by the simulation) is applied the same
way to all three: a strategy's choice inside it is passed over, as a player honouring "no replays
within N plays" would (counted as ``passed_over``: the strategy's own first choice was a recent
item). When a strategy's list of 10 holds nothing outside the cool-down, it is asked for a longer
list; when even that fails, its first choice is played anyway and counted as a ``fallback``.

A fourth, ``OracleLoved``, is no recommender: it reads the listener's hidden profile and plays a loved
item outside the cool-down. It is the ceiling — the skip rate a perfect recommender would get from
this listener (its flips and the cool-down still cost skips) — so the others' numbers can be read
against what is possible. It takes no part in the targets.

Each strategy also says how events reach the store (``record``): through the store alone for the
baselines, through the recommender (which learns from them) for the full model.
"""

from __future__ import annotations

import time
from typing import Mapping

import numpy as np

from avrec_desktop.recommend.similar import similar


class StoreRecorder:
    """Events into the store, as the player would write them, with nothing learning from them."""

    def __init__(self, store):
        self.store = store

    def record(self, media_id: int, type: str, **fields) -> None:
        self.store.add_event(media_id, type, **fields)


class Pick:
    """The item a strategy chose, whether its first choice was passed over or nothing was free, and
    how long the choice took (the one ``next``/``similar`` call the app would make)."""

    __slots__ = ("media_id", "passed_over", "fallback", "seconds")

    def __init__(self, media_id: int, *, passed_over: bool = False, fallback: bool = False,
                 seconds: float = 0.0):
        self.media_id, self.passed_over, self.fallback, self.seconds = (int(media_id), passed_over,
                                                                        fallback, seconds)


def first_free(lists, blocked: set[int], seconds: float) -> Pick:
    """The first id outside ``blocked`` in the first list that has one (lists are produced lazily)."""
    first = None
    for ids in lists:
        ids = list(ids)
        if first is None and ids:
            first = ids[0]
        for media_id in ids:
            if media_id not in blocked:
                return Pick(media_id, passed_over=media_id != first, seconds=seconds)
    if first is None:
        raise ValueError("the strategy had nothing to suggest")
    return Pick(first, passed_over=False, fallback=True, seconds=seconds)


class RandomOrder:
    name = "random"

    def __init__(self, store, items: list[int], *, seed: tuple[int, ...]):
        self.items = sorted(items)
        self.recorder = StoreRecorder(store)
        self.rng = np.random.default_rng([*map(int, seed), 0xA11])

    def suggest(self, current: int | None, blocked: set[int], now: float) -> Pick:
        start = time.perf_counter()
        pool = [i for i in self.items if i not in blocked and i != current]
        fallback = not pool
        pool = pool or [i for i in self.items if i != current] or self.items
        return Pick(pool[int(self.rng.integers(len(pool)))], fallback=fallback,
                    seconds=time.perf_counter() - start)


class OracleLoved:
    name = "oracle"

    def __init__(self, store, listener, *, seed: tuple[int, ...]):
        self.recorder = StoreRecorder(store)
        self.loved = listener.loved_items
        self.not_disliked = [i for i in listener.all_items if listener.attitude(i) != "dislike"]
        self.everything = listener.all_items
        self.rng = np.random.default_rng([*map(int, seed), 0x0AC1E])

    def suggest(self, current: int | None, blocked: set[int], now: float) -> Pick:
        for n, pool in enumerate((self.loved, self.not_disliked, self.everything)):
            free = [i for i in pool if i not in blocked]
            if free:
                return Pick(free[int(self.rng.integers(len(free)))], passed_over=n > 0)
        return Pick(self.everything[0], fallback=True)


class SimilarityOnly:
    name = "similarity"

    def __init__(self, store, indexes: Mapping, *, modality: str = "all"):
        self.store = store
        self.indexes = indexes
        self.modality = modality
        self.recorder = StoreRecorder(store)
        self.size = max(len(ix) for ix in indexes.values())

    def suggest(self, current: int | None, blocked: set[int], now: float) -> Pick:
        if current is None:
            raise ValueError("similarity-only needs an item to follow")
        start = time.perf_counter()
        short = self._ids(current, 10)
        seconds = time.perf_counter() - start
        return first_free(_lazy(short, lambda: self._ids(current, self.size)), blocked, seconds)

    def _ids(self, current: int, k: int) -> list[int]:
        return [r.media.id for r in similar(self.store, self.indexes, current, k=k, modality=self.modality,
                                            active=getattr(self.indexes, "active", None))]


class FullModel:
    name = "model"

    def __init__(self, recommender, *, session: str, seed: tuple[int, ...], k: int = 10):
        self.recommender = recommender
        self.recorder = recommender
        self.session = session
        self.k = k
        self.rng = np.random.default_rng([*map(int, seed), 0x30DE1])

    def suggest(self, current: int | None, blocked: set[int], now: float) -> Pick:
        start = time.perf_counter()
        short = self._ids(current, self.k, now)
        seconds = time.perf_counter() - start
        return first_free(_lazy(short, lambda: self._ids(current, self.k * 10, now)), blocked, seconds)

    def _ids(self, current: int | None, k: int, now: float) -> list[int]:
        return [s.media.id for s in self.recommender.next(current_id=current, session=self.session, k=k,
                                                          now=now, rng=self.rng)]


def _lazy(first: list[int], more):
    """``first``, then (only if the caller keeps going) ``more()``."""
    yield first
    yield more()

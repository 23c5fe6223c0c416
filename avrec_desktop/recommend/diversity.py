"""Turning a ranked candidate list into a useful top-k: no duplicates, no artist flooding.

Duplicates (the same recording in two files) — a candidate is dropped when, against the seed or any
candidate already kept:
- both have the same ``content_key``; or
- their audio vectors have cosine ≥ ``DUP_AUDIO_COSINE`` (0.995) and durations within 2 s (an unknown
  duration does not rule it out: 0.995 is already specific); or
- the same folded title (bracketed notes dropped) and main artist, with both durations known and
  within 3 s (a title match alone would also swallow live and alternate takes).
Dropped copies are remembered as well, so the rule is transitive within one answer: A = B by content
key and B = C by sound make A, B and C one recording.

Artist cap — at most ``artist_cap(k)`` items of one (main) artist: 2 in a top 10, scaled for other
k. Items over the cap wait in an overflow list (at most ``k`` of them) and are used only when nothing
else is left.

``Admission`` is the one place these two rules are applied; every list the app shows (``similar``, Up
next and its exploration places, the For you shelves) admits its items through it, in this order:
1. an item whose artist is over the cap while the overflow is already full can never be shown: it is
   passed over at once (not compared, not remembered: this keeps a library of one artist cheap);
2. a duplicate of anything seen (the seed, an admitted item, or a dropped copy) is dropped;
3. the item is remembered (so copies of a dropped copy fall too);
4. an item whose artist is at the cap waits in the overflow;
5. otherwise it is admitted and its artist counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from avrec_desktop.recommend.text_keys import artist_key, title_key

DUP_AUDIO_COSINE = 0.995
DUP_AUDIO_SECONDS = 2.0
DUP_TITLE_SECONDS = 3.0


def artist_cap(k: int) -> int:
    return max(2, (2 * k) // 10)


@dataclass(frozen=True)
class Candidate:
    """The few media columns ranking needs (full rows are fetched only for the final picks)."""
    id: int
    kind: str
    status: str
    content_key: str | None
    duration: float | None
    title_key: str
    artist_key: str

    @classmethod
    def from_row(cls, row: dict) -> "Candidate":
        return cls(row["id"], row["kind"], row["status"], row["content_key"], row["duration"],
                   title_key(row["title"]), artist_key(row["artist"]))

    @classmethod
    def from_media(cls, item) -> "Candidate":
        return cls(item.id, item.kind, item.status, item.content_key, item.duration,
                   title_key(item.title), artist_key(item.artist))


class CandidateRows:
    """Light media rows fetched on demand in chunks and cached (across widenings of one query)."""

    def __init__(self, store):
        self._store = store
        self._cache: dict[int, Candidate | None] = {}

    def fetch(self, ids) -> None:
        todo = [int(i) for i in ids if int(i) not in self._cache]
        if not todo:
            return
        for i in todo:
            self._cache[i] = None
        playable = self._store.playable_ids(todo)
        for row in self._store.candidate_rows(todo):
            if row["status"] == "ready" and row["id"] not in playable:
                row["status"] = "offline"  # cannot play now: its folder is offline or the file is gone
            self._cache[row["id"]] = Candidate.from_row(row)

    def get(self, media_id: int) -> Candidate | None:
        return self._cache.get(media_id)


def _close(a: float | None, b: float | None, tolerance: float, *, unknown: bool) -> bool:
    if a is None or b is None:
        return unknown
    return abs(a - b) <= tolerance


class DuplicateFilter:
    """Remembers what was kept and says whether a new candidate repeats any of it.

    ``audio`` maps an item id to its unit audio vector (or None), so the audio rule can compare
    any two items with one dot product.
    """

    def __init__(self, audio):
        self._audio = audio
        self._keys: set[str] = set()
        self._titles: dict[tuple[str, str], list[float | None]] = {}
        self._vectors = np.zeros((0, 0), dtype=np.float32)  # grown by doubling; first _n rows used
        self._n = 0
        self._durations: list[float | None] = []

    def keep(self, c: Candidate) -> None:
        if c.content_key:
            self._keys.add(c.content_key)
        if c.title_key and c.artist_key:
            self._titles.setdefault((c.title_key, c.artist_key), []).append(c.duration)
        vec = self._audio(c.id)
        if vec is not None:
            if self._n == len(self._vectors):
                grown = np.zeros((max(16, 2 * self._n), len(vec)), dtype=np.float32)
                if self._n:
                    grown[:self._n] = self._vectors[:self._n]
                self._vectors = grown
            self._vectors[self._n] = vec
            self._n += 1
            self._durations.append(c.duration)

    def repeats(self, c: Candidate) -> bool:
        if c.content_key and c.content_key in self._keys:
            return True
        same_title = self._titles.get((c.title_key, c.artist_key), ()) if c.title_key and c.artist_key else ()
        for other in same_title:
            if _close(c.duration, other, DUP_TITLE_SECONDS, unknown=False):
                return True
        vec = self._audio(c.id)
        if vec is None or not self._n:
            return False
        cos = self._vectors[:self._n] @ vec
        for j in np.flatnonzero(cos >= DUP_AUDIO_COSINE):
            if _close(c.duration, self._durations[j], DUP_AUDIO_SECONDS, unknown=True):
                return True
        return False


ADMITTED, DUPLICATE, CAPPED, PASSED_OVER = "admitted", "duplicate", "capped", "passed over"


class Admission:
    """The duplicate and artist-cap rules for one list of ``k`` (see the module docstring for the order)."""

    def __init__(self, audio, k: int, *, overflow_limit: int | None = None):
        self.dups = DuplicateFilter(audio)
        self.cap = artist_cap(k)
        self.per_artist: Counter[str] = Counter()
        self.overflow: list = []  # keys of capped items, best first
        self.overflow_limit = k if overflow_limit is None else overflow_limit

    def seen(self, c: Candidate) -> None:
        """Something the list must not repeat (the seed, the playing item)."""
        self.dups.keep(c)

    def admit(self, c: Candidate, key=None) -> str:
        """ADMITTED, DUPLICATE, CAPPED (``key``, default ``c.id``, joined the overflow) or PASSED_OVER."""
        over_cap = bool(c.artist_key) and self.per_artist[c.artist_key] >= self.cap
        if over_cap and len(self.overflow) >= self.overflow_limit:
            return PASSED_OVER
        repeated = self.dups.repeats(c)
        self.dups.keep(c)
        if repeated:
            return DUPLICATE
        if over_cap:
            self.overflow.append(c.id if key is None else key)
            return CAPPED
        self.per_artist[c.artist_key] += 1
        return ADMITTED


def select(ranked: list[int], rows: CandidateRows, seed: Candidate, *, k: int, any_kind: bool,
           audio, chunk: int = 256, cap_k: int | None = None) -> tuple[list[int], list[int]]:
    """(picked, overflow): the best ``k`` ids by rank that pass every rule, and up to ``k`` cut by the cap.

    ``cap_k``: use the artist cap of a top ``cap_k`` (a long list shown in small windows, where every
    window should keep the short list's cap). Rows are fetched chunk by chunk only as far down the ranking as needed, and an artist already
    over the cap costs one dictionary look-up once the overflow is full, so a library dominated by
    one artist stays cheap.
    """
    admission = Admission(audio, k)
    if cap_k is not None:  # the artist cap of a shorter list, applied to every part of this one
        admission.cap = artist_cap(cap_k)
    admission.seen(seed)
    picked: list[int] = []
    for start in range(0, len(ranked), chunk):
        block = ranked[start:start + chunk]
        rows.fetch(block)
        for media_id in block:
            c = rows.get(media_id)
            if c is None or c.id == seed.id or c.status != "ready":
                continue
            if not any_kind and c.kind != seed.kind:
                continue
            if admission.admit(c) == ADMITTED:
                picked.append(media_id)
                if len(picked) >= k:
                    return picked, admission.overflow
    return picked, admission.overflow


def admit_in_order(audio, rows, order, k: int) -> list[int]:
    """The first ``k`` row numbers of ``order`` the diversity rules admit (``rows[r].cand`` is a row's
    candidate); the artist cap gives way only when nothing else is left."""
    admission, picked = Admission(audio, k), []
    for r in order:
        if admission.admit(rows[r].cand, r) != ADMITTED:
            continue
        picked.append(r)
        if len(picked) >= k:
            break
    return picked + admission.overflow[:k - len(picked)]

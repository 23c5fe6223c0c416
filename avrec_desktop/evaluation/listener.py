"""The simulated listener: hidden tastes over labels, and what it does with each item it is played.

A profile loves a few labels, dislikes a few and is neutral on the rest. Two behaviours (``ListenerSettings.kind``):

``independent`` (the default, what ``avrec eval`` judges): a listener who knows nothing of the recommender's
outcome rules (``recommend/outcomes.py``) and does not play to them. Played an item, it
- finishes what it loves, but skips it with probability ``flip`` (moods, interruptions);
- skips what it dislikes, but finishes it anyway with probability ``flip`` (it was cooking);
- finishes anything else with probability ``neutral_finish`` and otherwise skips;
- gets bored: an item whose label is that of each of the ``bored_after`` (3) items played just before it
  (the 4th similar item in a row) is skipped with probability ``bored`` even when it would have been
  finished;
- lands a skip at a time drawn from a spread (``SKIP_SPREAD``): 10 % flick past in the first 1–4 s, 40 %
  between 4 and 30 s, 30 % after 30 s but before half the item, 20 % past half (before 90 %). For an item
  shorter than a minute the "after 30 s" part starts at a third of it. Under the app's default rules the
  first part is grace (no evidence), the second an early skip, the third a mild late skip and the last
  counts *for* the item — so the model has to learn from evidence that is noisy and sometimes wrong,
  as from a person.

``rules`` (the earlier listener, kept as a named profile for comparison only): skips always land
``skip_after`` = 5–15 s in, inside the rules' early-skip window, so every skip is the clean −1 the rules
expect; no boredom. Numbers made with it flatter the model.

Before each suggestion, either listener may instead pick something by hand (``hand_pick``), mostly from what
it loves (``hand_pick_loved``), as a person browsing their library would; the first item of every session is
such a pick.

Common random numbers: every decision draws from a generator seeded by (run seed, profile, step, purpose),
never from one shared stream. So the strategies compared in a run meet the same luck at the same step (the
same hand picks at the same moments, the same flips, the same skip times), and what differs between them is
only what they suggested (and so, through boredom, what was played before).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from avrec_desktop.errors import BadArgument
from avrec_desktop.recommend.outcomes import OutcomeRules

LOVE, DISLIKE, NEUTRAL = "love", "dislike", "neutral"
_REACT, _HAND, _PICK = 1, 2, 3
DEFAULT_DURATION = 180.0  # seconds, for an item whose duration is unknown


@dataclass(frozen=True)
class Profile:
    loved: tuple[str, ...]
    disliked: tuple[str, ...]

    def attitude(self, label: str | None) -> str:
        if label in self.loved:
            return LOVE
        if label in self.disliked:
            return DISLIKE
        return NEUTRAL

    def as_dict(self) -> dict:
        return {"loved": list(self.loved), "disliked": list(self.disliked)}


def random_profiles(label_sizes: dict[str, int], count: int, *, seed: int = 0, loved: int = 2,
                    disliked: int = 2, min_items: int = 10) -> list[Profile]:
    """``count`` distinct profiles over labels with at least ``min_items`` items (then over all labels
    if fewer than ``loved + disliked`` qualify). Small labels are always neutral: a taste for a label of
    three tracks cannot fill a session, so it would measure the cool-down rather than the recommender.
    Profiles with a loved set and a disliked set not used yet are preferred; profiles repeat only when
    the labels allow fewer distinct ones than asked for."""
    pool = sorted(lab for lab, n in label_sizes.items() if n >= min_items)
    if len(pool) < loved + disliked:
        pool = sorted(label_sizes)
    if len(pool) < loved + disliked:
        raise BadArgument(f"{len(pool)} labels cannot make profiles that love {loved} and dislike {disliked}")
    rng = np.random.default_rng([seed, 0x5EED])
    out: list[Profile] = []
    seen: set[Profile] = set()
    tries = count * 200
    for attempt in range(tries):
        if len(out) == count:
            break
        chosen = [pool[i] for i in rng.permutation(len(pool))[:loved + disliked]]
        profile = Profile(tuple(sorted(chosen[:loved])), tuple(sorted(chosen[loved:])))
        # Prefer tastes not met yet (a new loved set, a new disliked set) for the first half of the
        # tries, so a handful of profiles spans the library instead of repeating one lucky draw.
        fresh = all(profile.loved != p.loved and profile.disliked != p.disliked for p in out)
        if profile not in seen and (fresh or attempt >= tries // 2):
            seen.add(profile)
            out.append(profile)
    while len(out) < count:  # more asked for than the labels allow
        out.append(out[len(out) % len(seen)])
    return out


INDEPENDENT, RULES = "independent", "rules"
KINDS = (INDEPENDENT, RULES)
# where an independent listener's skip lands: (share, lower bound, upper bound); bounds are seconds, or a
# fraction of the item when negative (-0.5 = half of it). Shares add up to 1.
SKIP_SPREAD = ((0.10, 1.0, 4.0), (0.40, 4.0, 30.0), (0.30, 30.0, -0.5), (0.20, -0.5, -0.9))


@dataclass(frozen=True)
class ListenerSettings:
    flip: float = 0.1  # how often a loved item is skipped and a disliked one finished
    neutral_finish: float = 0.5
    hand_pick: float = 0.1  # chance, before each suggestion, of picking something by hand instead
    hand_pick_loved: float = 0.8  # of a hand pick being from a loved label
    kind: str = INDEPENDENT  # "independent" or "rules" (the earlier listener, see the module docstring)
    bored: float = 0.3  # independent: chance of skipping the (bored_after + 1)-th same-label item in a row
    bored_after: int = 3
    skip_after: tuple[float, float] = (5.0, 15.0)  # rules: seconds into the item where a skip lands

    def check(self, rules: OutcomeRules | None = None) -> "ListenerSettings":
        if self.kind not in KINDS:
            raise BadArgument(f"listener must be one of {', '.join(KINDS)}, not {self.kind!r}")
        for name in ("flip", "neutral_finish", "hand_pick", "hand_pick_loved", "bored"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise BadArgument(f"{name} must be between 0 and 1, not {value}")
        if self.bored_after < 1:
            raise BadArgument(f"bored_after must be at least 1, not {self.bored_after}")
        if self.kind == RULES:
            rules = rules or OutcomeRules()
            lo, hi = self.skip_after
            if not (rules.auto_grace_seconds < lo <= hi < rules.early_skip_seconds):
                raise BadArgument(f"skips must land after the {rules.auto_grace_seconds:g} s grace and before "
                                  f"the {rules.early_skip_seconds:g} s early-skip limit, not {lo:g}–{hi:g} s")
        return self

    def describe(self) -> str:
        if self.kind == RULES:
            lo, hi = self.skip_after
            return f"rules (skips at {lo:g}–{hi:g} s, inside the early-skip window), flip {self.flip:g}"
        return (f"independent (skip times spread 1 s – 90 %, bored {self.bored:g} after {self.bored_after} "
                f"of a label in a row), flip {self.flip:g}")


@dataclass(frozen=True)
class Reaction:
    finished: bool
    position: float  # where playback ended: the duration when finished
    duration: float
    attitude: str
    bored: bool = False  # skipped out of boredom (an item it would have finished)


def skip_position(duration: float, u: float, where: float) -> float:
    """Where an independent listener's skip lands in an item of ``duration`` s (``u``, ``where`` uniform)."""
    acc, (_, lo, hi) = 0.0, SKIP_SPREAD[-1]
    for share, band_lo, band_hi in SKIP_SPREAD:
        acc += share
        if u < acc:
            lo, hi = band_lo, band_hi
            break
    lo, hi = (_bound(b, duration) for b in (lo, hi))
    if lo == 30.0 and duration < 60.0:  # a short item: "after 30 s" is after a third of it
        lo = duration / 3.0
    lo, hi = min(lo, 0.9 * duration), min(max(hi, lo), 0.9 * duration)
    return lo + (hi - lo) * where


def _bound(b: float, duration: float) -> float:
    return -b * duration if b < 0 else b


class Listener:
    def __init__(self, profile: Profile, labels: dict[int, str], settings: ListenerSettings | None = None,
                 *, seed: int = 0, stream: int = 0, rules: OutcomeRules | None = None):
        self.profile = profile
        self.labels = labels
        self.settings = (settings or ListenerSettings()).check(rules)
        self.rules = rules or OutcomeRules()  # the rules listener only: the independent one never reads them
        self._key = (int(seed), int(stream))
        self.loved_items = sorted(i for i, lab in labels.items() if profile.attitude(lab) == LOVE)
        self.all_items = sorted(labels)

    def _rng(self, step: int, purpose: int) -> np.random.Generator:
        return np.random.default_rng([*self._key, int(step), purpose])

    def attitude(self, media_id: int) -> str:
        return self.profile.attitude(self.labels.get(media_id))

    def react(self, media_id: int, duration: float | None, step: int, previous=()) -> Reaction:
        """Finish or skip ``media_id``, played at ``step`` of the session after ``previous`` (the ids played
        before it in the session, oldest first: what boredom looks at)."""
        duration = float(duration) if duration and duration > 0 else DEFAULT_DURATION
        rng = self._rng(step, _REACT)
        u, where, band, tired = rng.random(), rng.random(), rng.random(), rng.random()
        attitude = self.attitude(media_id)
        s = self.settings
        if attitude == LOVE:
            finished = u >= s.flip
        elif attitude == DISLIKE:
            finished = u < s.flip
        else:
            finished = u < s.neutral_finish
        if s.kind == RULES:
            return self._rules_reaction(finished, duration, attitude, where)
        bored = finished and tired < s.bored and self._same_run(media_id, previous)
        if finished and not bored:
            return Reaction(True, duration, duration, attitude)
        return Reaction(False, round(skip_position(duration, band, where), 3), duration, attitude, bored)

    def _same_run(self, media_id: int, previous) -> bool:
        n = self.settings.bored_after
        label = self.labels.get(media_id)
        last = list(previous)[-n:]
        return label is not None and len(last) == n and all(self.labels.get(i) == label for i in last)

    def _rules_reaction(self, finished: bool, duration: float, attitude: str, where: float) -> Reaction:
        if finished:
            return Reaction(True, duration, duration, attitude)
        lo, hi = self.settings.skip_after
        position = lo + (hi - lo) * where
        # A short item: land halfway between the grace and the end of its early-skip window, so the skip
        # is judged an early skip (below ~6 s the window is inside the grace and no skip can count).
        window = min(self.rules.early_skip_seconds, self.rules.early_skip_max_fraction * duration)
        if position >= window:
            position = (self.rules.auto_grace_seconds + window) / 2
        return Reaction(False, round(position, 3), duration, attitude)

    def wants_to_pick(self, step: int) -> bool:
        return bool(self._rng(step, _HAND).random() < self.settings.hand_pick)

    def pick(self, step: int, blocked: set[int] | frozenset = frozenset()) -> int:
        """What the listener chooses by hand at ``step``: mostly something it loves, never a blocked
        (recently played) item unless nothing else is left."""
        rng = self._rng(step, _PICK)
        from_loved = rng.random() < self.settings.hand_pick_loved
        pool = [i for i in (self.loved_items if from_loved else self.all_items) if i not in blocked]
        if not pool:
            pool = [i for i in self.all_items if i not in blocked] or self.all_items
        return int(pool[int(rng.integers(len(pool)))])

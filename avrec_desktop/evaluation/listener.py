"""The simulated listener: hidden tastes over labels, and what it does with each item it is played.

A profile loves a few labels, dislikes a few and is neutral on the rest. Played an item, the listener
- finishes what it loves (but skips it with probability ``flip``: moods, interruptions);
- skips what it dislikes a few seconds in (but finishes it with probability ``flip``);
- on anything else, finishes with probability ``neutral_finish`` and otherwise skips.
A skip lands ``skip_after`` seconds in (5–15 s by default): after the outcome rules' 3 s grace for an
automatic start, so it counts as the early skip a real bored listener makes, never as a flick past.
Before each suggestion the listener may instead pick something by hand (``hand_pick``), mostly from
what it loves (``hand_pick_loved``), as a person browsing their library would; the first item of every
session is such a pick.

Common random numbers: every decision draws from a generator seeded by (run seed, profile, step,
purpose), never from one shared stream. So the strategies compared in a run meet the same luck at the
same step (the same hand picks at the same moments, the same flips), and what differs between them is
only what they suggested.
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


@dataclass(frozen=True)
class ListenerSettings:
    flip: float = 0.1  # how often a loved item is skipped and a disliked one finished
    neutral_finish: float = 0.5
    hand_pick: float = 0.1  # chance, before each suggestion, of picking something by hand instead
    hand_pick_loved: float = 0.8  # of a hand pick being from a loved label
    skip_after: tuple[float, float] = (5.0, 15.0)  # seconds into the item where a skip lands

    def check(self, rules: OutcomeRules | None = None) -> "ListenerSettings":
        rules = rules or OutcomeRules()
        for name in ("flip", "neutral_finish", "hand_pick", "hand_pick_loved"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise BadArgument(f"{name} must be between 0 and 1, not {value}")
        lo, hi = self.skip_after
        if not (rules.auto_grace_seconds < lo <= hi < rules.early_skip_seconds):
            raise BadArgument(f"skips must land after the {rules.auto_grace_seconds:g} s grace and before "
                             f"the {rules.early_skip_seconds:g} s early-skip limit, not {lo:g}–{hi:g} s")
        return self


@dataclass(frozen=True)
class Reaction:
    finished: bool
    position: float  # where playback ended: the duration when finished
    duration: float
    attitude: str


class Listener:
    def __init__(self, profile: Profile, labels: dict[int, str], settings: ListenerSettings | None = None,
                 *, seed: int = 0, stream: int = 0, rules: OutcomeRules | None = None):
        self.profile = profile
        self.labels = labels
        self.settings = (settings or ListenerSettings()).check(rules)
        self.rules = rules or OutcomeRules()
        self._key = (int(seed), int(stream))
        self.loved_items = sorted(i for i, lab in labels.items() if profile.attitude(lab) == LOVE)
        self.all_items = sorted(labels)

    def _rng(self, step: int, purpose: int) -> np.random.Generator:
        return np.random.default_rng([*self._key, int(step), purpose])

    def attitude(self, media_id: int) -> str:
        return self.profile.attitude(self.labels.get(media_id))

    def react(self, media_id: int, duration: float | None, step: int) -> Reaction:
        """Finish or skip ``media_id``, played at ``step`` of the session."""
        duration = float(duration) if duration and duration > 0 else DEFAULT_DURATION
        rng = self._rng(step, _REACT)
        u, where = rng.random(), rng.random()
        attitude = self.attitude(media_id)
        s = self.settings
        if attitude == LOVE:
            finished = u >= s.flip
        elif attitude == DISLIKE:
            finished = u < s.flip
        else:
            finished = u < s.neutral_finish
        if finished:
            return Reaction(True, duration, duration, attitude)
        lo, hi = s.skip_after
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

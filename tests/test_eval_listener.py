"""The simulated listener: deterministic, honours its flip rate, skips where the rules count a skip."""

import pytest

from avrec_desktop.evaluation.listener import (DISLIKE, LOVE, NEUTRAL, Listener, ListenerSettings, Profile,
                                               random_profiles)
from avrec_desktop.recommend.outcomes import OutcomeRules, judge_end

LABELS = {i: lab for i, lab in enumerate(["a"] * 10 + ["b"] * 10 + ["c"] * 10 + ["d"] * 10, start=1)}
PROFILE = Profile(loved=("a",), disliked=("b",))


def listener(seed=0, **settings):
    return Listener(PROFILE, LABELS, ListenerSettings(**settings), seed=seed)


def reactions(lst, media_id, n=4000):
    return [lst.react(media_id, 200.0, step) for step in range(n)]


def test_same_seed_same_behaviour_other_seed_other_behaviour():
    one = [(r.finished, r.position) for r in reactions(listener(seed=3), 15, 200)]
    two = [(r.finished, r.position) for r in reactions(listener(seed=3), 15, 200)]
    other = [(r.finished, r.position) for r in reactions(listener(seed=4), 15, 200)]
    assert one == two
    assert one != other
    assert [listener(seed=3).pick(s) for s in range(50)] == [listener(seed=3).pick(s) for s in range(50)]


def test_decisions_depend_on_the_step_not_on_what_was_asked_before():
    """Common random numbers: step 7's luck is the same whatever the strategy played at steps 0–6."""
    a, b = listener(seed=1), listener(seed=1)
    for step in range(7):
        a.react(1, 200.0, step)
    assert a.react(25, 200.0, 7) == b.react(25, 200.0, 7)
    assert a.wants_to_pick(7) == b.wants_to_pick(7)


@pytest.mark.parametrize("flip", [0.0, 0.1, 0.3])
def test_flip_rate_is_honoured(flip):
    lst = listener(seed=2, flip=flip)
    loved_skips = sum(not r.finished for r in reactions(lst, 1)) / 4000
    disliked_finishes = sum(r.finished for r in reactions(lst, 11)) / 4000
    assert loved_skips == pytest.approx(flip, abs=0.02)
    assert disliked_finishes == pytest.approx(flip, abs=0.02)
    neutral = sum(r.finished for r in reactions(lst, 21)) / 4000
    assert neutral == pytest.approx(0.5, abs=0.03)


def test_attitudes():
    lst = listener()
    assert [lst.attitude(i) for i in (1, 11, 21, 31, 999)] == [LOVE, DISLIKE, NEUTRAL, NEUTRAL, NEUTRAL]


def test_skips_land_after_the_grace_and_count_as_early_skips():
    rules = OutcomeRules()
    lst = listener(flip=0.0)
    skips = [r for r in reactions(lst, 11, 500) if not r.finished]
    assert len(skips) == 500
    positions = [r.position for r in skips]
    assert min(positions) >= 5.0 and max(positions) <= 15.0
    assert max(positions) - min(positions) > 8  # spread over the window, not one constant
    for r in skips[:50]:
        label, weight = judge_end({"reason": "skipped", "position": r.position, "duration": r.duration,
                                   "auto": 1}, rules)
        assert (label, weight) == ("early-skip", rules.early_skip_weight)
    finished = [r for r in reactions(lst, 1, 50)]
    assert all(r.finished and r.position == r.duration == 200.0 for r in finished)
    assert judge_end({"reason": "finished", "position": 200.0, "duration": 200.0, "auto": 1},
                     rules)[0] == "finished"


def test_short_item_skip_stays_early_and_past_the_grace():
    """A 30 s item's early-skip window is its first 15 s (half of it): skips are pulled inside."""
    rules = OutcomeRules()
    lst = listener(flip=0.0)
    for step in range(200):
        r = lst.react(11, 30.0, step)
        assert rules.auto_grace_seconds < r.position < rules.early_skip_max_fraction * 30.0
        assert judge_end({"reason": "skipped", "position": r.position, "duration": 30.0, "auto": 1},
                         rules)[0] == "early-skip"


def test_skip_window_inside_grace_is_refused():
    with pytest.raises(ValueError):
        listener(skip_after=(1.0, 10.0))
    with pytest.raises(ValueError):
        listener(flip=1.5)


def test_hand_picks_are_rare_mostly_loved_and_avoid_blocked_items():
    lst = listener(seed=5)
    share = sum(lst.wants_to_pick(s) for s in range(5000)) / 5000
    assert share == pytest.approx(0.1, abs=0.015)
    picks = [lst.pick(s) for s in range(2000)]
    loved = sum(LABELS[p] == "a" for p in picks) / 2000
    assert loved == pytest.approx(0.8 + 0.2 * 10 / 40, abs=0.03)
    blocked = set(range(1, 10))  # all loved items but #10
    assert all(lst.pick(s, blocked) not in blocked for s in range(300))


def test_random_profiles_are_distinct_and_use_big_labels():
    sizes = {"big1": 20, "big2": 15, "big3": 30, "big4": 12, "big5": 10, "tiny": 3}
    profiles = random_profiles(sizes, 6, seed=0)
    assert len(set(profiles)) == 6
    for p in profiles:
        assert len(p.loved) == 2 and len(p.disliked) == 2
        assert not set(p.loved) & set(p.disliked)
        assert "tiny" not in p.loved + p.disliked
    assert random_profiles(sizes, 6, seed=0) == profiles
    assert random_profiles(sizes, 6, seed=1) != profiles

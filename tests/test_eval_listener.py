"""The simulated listener: deterministic, honours its flip rate; the independent one spreads its skips
beyond the recommender's early-skip window and gets bored; the earlier "rules" one skips inside it."""

import pytest

from avrec_desktop.evaluation.listener import (DISLIKE, LOVE, NEUTRAL, RULES, Listener, ListenerSettings,
                                               Profile, random_profiles)
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


def test_independent_skips_spread_beyond_the_early_skip_window():
    """Skip times are not the recommender's: some flick past in the grace, many land after 30 s, some
    past half the item — where the outcome rules read them as grace, a late skip, or even for the item."""
    rules = OutcomeRules()
    lst = listener(seed=7, flip=0.0)
    skips = [r for r in reactions(lst, 11, 2000) if not r.finished]
    assert len(skips) == 2000
    pos = [r.position for r in skips]
    assert all(1.0 <= p <= 0.9 * 200.0 for p in pos)
    after_30 = sum(p >= rules.early_skip_seconds for p in pos) / len(pos)
    past_half = sum(p >= 0.5 * 200.0 for p in pos) / len(pos)
    in_grace = sum(p < rules.auto_grace_seconds for p in pos) / len(pos)
    assert after_30 == pytest.approx(0.5, abs=0.04)
    assert past_half == pytest.approx(0.2, abs=0.03)
    assert 0.02 < in_grace < 0.12
    judged = {judge_end({"reason": "skipped", "position": p, "duration": 200.0, "auto": 1}, rules)[0] for p in pos}
    assert judged == {"grace", "early-skip", "late-skip"}
    short = [lst.react(11, 40.0, s) for s in range(300)]  # a 40 s item: still skipped, before 90 % of it
    assert all(not r.finished and 1.0 <= r.position <= 36.0 for r in short)


def test_independent_listener_does_not_read_the_outcome_rules():
    """Other outcome rules change nothing the independent listener does."""
    strict = OutcomeRules(early_skip_seconds=10.0, auto_grace_seconds=0.5)
    a = Listener(PROFILE, LABELS, ListenerSettings(), seed=3)
    b = Listener(PROFILE, LABELS, ListenerSettings(), seed=3, rules=strict)
    assert [a.react(11, 200.0, s) for s in range(100)] == [b.react(11, 200.0, s) for s in range(100)]


@pytest.mark.parametrize("flip", [0.1, 0.2])
def test_independent_flips_at_the_set_rate(flip):
    lst = listener(seed=9, flip=flip)
    loved_skips = sum(not r.finished for r in reactions(lst, 1, 3000)) / 3000
    disliked_finishes = sum(r.finished for r in reactions(lst, 11, 3000)) / 3000
    assert loved_skips == pytest.approx(flip, abs=0.02)
    assert disliked_finishes == pytest.approx(flip, abs=0.02)


def test_a_fourth_item_of_one_label_in_a_row_is_sometimes_skipped_from_boredom():
    lst = listener(seed=4, flip=0.0, bored=0.3)
    same = [lst.react(1, 200.0, s, previous=[2, 3, 4]) for s in range(3000)]  # three of "a" before it
    mixed = [lst.react(1, 200.0, s, previous=[2, 21, 4]) for s in range(3000)]
    short_run = [lst.react(1, 200.0, s, previous=[3, 4]) for s in range(3000)]
    assert sum(r.bored for r in same) / 3000 == pytest.approx(0.3, abs=0.03)
    assert all(r.bored == (not r.finished) for r in same)
    assert not any(r.bored or not r.finished for r in mixed + short_run)
    calm = listener(seed=4, flip=0.0, bored=0.0)
    assert all(calm.react(1, 200.0, s, previous=[2, 3, 4]).finished for s in range(300))


def test_the_earlier_rules_listener_is_a_named_profile():
    assert ListenerSettings().kind == "independent"
    assert "rules" in ListenerSettings(kind=RULES).describe()
    with pytest.raises(ValueError):
        listener(kind="telepathic")


def test_rules_listener_skips_land_after_the_grace_and_count_as_early_skips():
    rules = OutcomeRules()
    lst = listener(flip=0.0, kind=RULES)
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


def test_rules_listener_short_item_skip_stays_early_and_past_the_grace():
    """A 30 s item's early-skip window is its first 15 s (half of it): skips are pulled inside."""
    rules = OutcomeRules()
    lst = listener(flip=0.0, kind=RULES)
    for step in range(200):
        r = lst.react(11, 30.0, step)
        assert rules.auto_grace_seconds < r.position < rules.early_skip_max_fraction * 30.0
        assert judge_end({"reason": "skipped", "position": r.position, "duration": 30.0, "auto": 1},
                         rules)[0] == "early-skip"


def test_rules_listener_skip_window_inside_grace_is_refused():
    with pytest.raises(ValueError):
        listener(skip_after=(1.0, 10.0), kind=RULES)
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

"""The taste model: online learning, negative regions, decay, like/unlike, persistence, rebuild, reset."""

from __future__ import annotations

import pytest

from avrec_desktop.recommend.outcomes import Outcome
from avrec_desktop.recommend.taste import TasteModel, TasteParams
from index_testlib import LibraryBuilder
from taste_testlib import T0, clusters, play, recommender

DAY = 86400.0


@pytest.fixture
def lib(store, tmp_path):
    b = LibraryBuilder(store, tmp_path, seed=3)
    groups = clusters(b, 4, 8, noise=0.15)
    return b, groups


def part(suggestions, media_id, name):
    for s in suggestions:
        if s.media.id == media_id:
            return s.parts[name]
    raise AssertionError(f"{media_id} not suggested")


def test_a_skip_changes_the_very_next_suggestion(lib, store, tmp_path):
    b, groups = lib
    rec = recommender(store, tmp_path)
    seed = groups[0][0]
    first = rec.next(current_id=seed, k=5, now=T0, explore=0)
    top = first[0].media.id
    play(rec, top, finished=False, ts=T0, seed=seed)  # no retraining call in between
    after = rec.next(current_id=seed, k=5, now=T0 + 60, explore=0)
    assert after[0].media.id != top
    assert top not in [s.media.id for s in after]


def test_neighbours_of_skipped_items_are_demoted_not_just_the_items(lib, store, tmp_path):
    b, groups = lib
    rec = recommender(store, tmp_path)
    skipped, neighbour = groups[1][0], groups[1][1]
    t = T0
    for other in groups[0][:3]:  # some history so the taste part has weight
        t = play(rec, other, finished=True, ts=t)
    probe = groups[2][1]  # a small library: every item is a candidate after it
    before = rec.next(current_id=probe, k=40, now=t, explore=0)
    taste_before = part(before, neighbour, "taste_raw")
    for media_id in groups[1][2:5]:
        t = play(rec, media_id, finished=False, ts=t)
    t = play(rec, skipped, finished=False, ts=t)
    after = rec.next(current_id=probe, k=40, now=t, explore=0)
    taste_after = part(after, neighbour, "taste_raw")
    assert rec.taste.evidence(neighbour) is None  # never played itself
    assert taste_after < -0.1
    assert taste_after < taste_before - 0.1
    far = groups[2][0]
    assert abs(part(after, far, "taste_raw")) < 0.05  # a region with no evidence keeps no opinion


def test_items_close_to_finished_ones_rise():
    model = TasteModel()
    model.apply(Outcome(1, 10, T0, "finished", 1.0))
    ev = model.evidence(10)
    assert (ev.pos, ev.neg, ev.finished, ev.plays) == (1.0, 0.0, 1, 1)
    assert model.favourites(T0, 5) == [10]
    assert model.maturity(T0) == pytest.approx(1 / (1 + model.params.cold_start_k0))


def test_evidence_decays_with_the_half_life():
    model = TasteModel(TasteParams(half_life_days=60, saturation=0))
    model.apply(Outcome(1, 10, T0, "finished", 1.0))
    model.apply(Outcome(2, 11, T0 + 120 * DAY, "early-skip", -1.0))
    mem = model.memory(T0 + 120 * DAY)
    net = dict(zip(mem.ids.tolist(), mem.net.tolist()))
    assert net[10] == pytest.approx(0.25)
    assert net[11] == pytest.approx(-1.0)
    model.apply(Outcome(3, 10, T0 + 120 * DAY, "finished", 1.0))  # repeats add up, on decayed evidence
    assert model.evidence(10).pos == pytest.approx(1.25)


def test_an_items_weight_saturates_so_replays_do_not_drown_skips():
    model = TasteModel(TasteParams(saturation=1.0))
    for n in range(1, 6):
        model.apply(Outcome(n, 10, T0, "finished", 1.0))
    model.apply(Outcome(9, 11, T0, "early-skip", -1.0))
    mem = model.memory(T0)
    net = dict(zip(mem.ids.tolist(), mem.net.tolist()))
    mass = dict(zip(mem.ids.tolist(), mem.mass.tolist()))
    assert net[10] == pytest.approx(5 / 6) and mass[10] == pytest.approx(5 / 6)
    assert net[11] == pytest.approx(-0.5) and mass[11] == pytest.approx(0.5)


def test_every_skip_counts_against_the_item_however_far_in_it_came():
    """A skip after the grace is a skip (``skip_weight`` 1, the default): a late skip, even past half, counts
    against the item as an early one does; ``skip_weight`` 0 keeps the outcome rules' weights as given."""
    model = TasteModel()
    model.apply(Outcome(1, 10, T0, "late-skip", 0.3))  # skipped having heard half or more
    model.apply(Outcome(2, 11, T0, "late-skip", -0.3))
    model.apply(Outcome(3, 12, T0, "early-skip", -1.0))
    model.apply(Outcome(4, 13, T0, "finished", 1.0))
    model.apply(Outcome(5, 14, T0, "grace", 0.0))
    for media_id in (10, 11, 12):
        ev = model.evidence(media_id)
        assert (ev.pos, ev.neg, ev.skipped) == (0.0, 1.0, 1), media_id
    assert (model.evidence(13).pos, model.evidence(14).pos, model.evidence(14).neg) == (1.0, 0.0, 0.0)
    assert model.favourites(T0, 5) == [13]
    rules = TasteModel(TasteParams(skip_weight=0.0))
    rules.apply(Outcome(1, 10, T0, "late-skip", 0.3))
    rules.apply(Outcome(2, 11, T0, "late-skip", -0.3))
    assert (rules.evidence(10).pos, rules.evidence(11).neg) == (pytest.approx(0.3), pytest.approx(0.3))
    assert rules.favourites(T0, 5) == [10]
    with pytest.raises(ValueError):  # a state saved under the other weighting is rebuilt, never read
        TasteModel.from_json(model.to_json(), TasteParams(skip_weight=0.0))


def test_unlike_takes_back_exactly_the_like_and_a_dislike_bans_until_taken_back():
    model = TasteModel()
    model.apply(Outcome(1, 10, T0, "like", 2.0))
    model.apply(Outcome(2, 10, T0 + 10 * DAY, "finished", 1.0))
    model.apply(Outcome(3, 10, T0 + 20 * DAY, "unlike", -2.0))
    ev = model.evidence(10)
    f = 0.5 ** (10 / 60)
    assert ev.pos == pytest.approx((2.0 * f + 1.0) * f - 2.0 * f * f)
    model.apply(Outcome(4, 11, T0, "dislike", -2.0))
    assert model.disliked() == {11}
    model.apply(Outcome(5, 11, T0 + 1, "unlike", 2.0))
    assert model.disliked() == set() and model.evidence(11).neg == pytest.approx(0.0)


def test_outcomes_already_applied_are_ignored():
    model = TasteModel()
    o = Outcome(5, 10, T0, "finished", 1.0)
    model.apply(o)
    model.apply(o)
    assert model.evidence(10).finished == 1 and model.outcomes == 1


def _history(rec, groups):
    t = T0
    seed = None
    for j, media_id in enumerate(groups[0][:4] + groups[1][:3] + groups[2][:2]):
        t = play(rec, media_id, finished=j % 3 != 2, ts=t, seed=seed)
        seed = media_id
    rec.record(groups[0][0], "like", ts=t)
    rec.record(groups[1][0], "dislike", ts=t + 1)
    rec.record(groups[0][0], "unlike", ts=t + 2)
    rec.record(groups[2][0], "less-like", ts=t + 3, seed_id=groups[0][1])
    return t + 4


def test_rebuild_from_the_log_equals_the_state_learned_online(lib, store, tmp_path):
    b, groups = lib
    rec = recommender(store, tmp_path)
    _history(rec, groups)
    online = rec.taste.to_json()
    assert rec.taste.facets.pairs > 0  # the seeded plays taught the facet weights too
    assert rec.rebuild_taste().to_json() == online
    again = recommender(store, tmp_path)  # saved state (maybe behind) + catch-up
    assert again.taste.to_json() == online
    store.conn.execute("DELETE FROM taste_state")
    assert recommender(store, tmp_path).taste.to_json() == online  # no saved state: rebuilt


def test_state_round_trips_and_other_settings_rebuild(lib, store, tmp_path):
    b, groups = lib
    rec = recommender(store, tmp_path)
    _history(rec, groups)
    rec.save()
    text = rec.taste.to_json()
    assert TasteModel.from_json(text).to_json() == text
    with pytest.raises(ValueError):
        TasteModel.from_json(text, TasteParams(half_life_days=30))
    other = recommender(store, tmp_path, params=TasteParams(half_life_days=30))
    assert other.taste.outcomes == rec.taste.outcomes
    assert other.taste.to_json() != text


def test_reset_forgets_the_taste_but_keeps_the_events(lib, store, tmp_path):
    b, groups = lib
    rec = recommender(store, tmp_path)
    t = _history(rec, groups)
    events = store.last_event_id()
    rec.reset_taste()
    assert rec.taste.items == {} and rec.taste.maturity(t) == 0.0
    assert store.last_event_id() == events
    assert recommender(store, tmp_path).taste.items == {}
    assert rec.rebuild_taste().items == {}  # a rebuild starts after the reset mark
    play(rec, groups[3][0], finished=True, ts=t)
    assert set(rec.taste.items) == {groups[3][0]}
    assert set(recommender(store, tmp_path).rebuild_taste().items) == {groups[3][0]}


def test_reset_after_clearing_the_history_learns_new_events(lib, store, tmp_path):
    b, groups = lib
    rec = recommender(store, tmp_path)
    t = _history(rec, groups)
    with store.transaction() as conn:
        conn.execute("DELETE FROM events")
    rec.reset_taste()
    play(rec, groups[3][0], finished=True, ts=t)
    assert set(recommender(store, tmp_path).taste.items) == {groups[3][0]}


def test_events_written_elsewhere_are_picked_up(lib, store, tmp_path):
    b, groups = lib
    rec = recommender(store, tmp_path)
    store.add_event(groups[0][0], "start", ts=T0, session="cli")
    store.add_event(groups[0][0], "end", ts=T0 + 200, reason="finished", position=200, duration=200,
                    session="cli")
    rec.next(current_id=groups[0][1], now=T0 + 300)
    assert rec.taste.evidence(groups[0][0]).finished == 1


def test_summary_is_plain_data(lib, store, tmp_path):
    import json

    b, groups = lib
    rec = recommender(store, tmp_path)
    _history(rec, groups)
    summary = rec.taste.summary(now=T0 + DAY)
    json.dumps(summary)
    assert summary["outcomes"] == rec.taste.outcomes and groups[1][0] in summary["disliked"]

"""For you: "Because you finished X", "Rediscover" (liked long ago, not lately), "New in your library"."""

from __future__ import annotations

import time

import pytest

from index_testlib import LibraryBuilder
from taste_testlib import clusters, play, recommender

DAY = 86400.0


@pytest.fixture
def world(store, tmp_path):
    b = LibraryBuilder(store, tmp_path, seed=5)
    groups = clusters(b, 3, 8, noise=0.15)
    return groups, recommender(store, tmp_path), time.time()


def shelf(shelves, kind):
    found = [s for s in shelves if s.kind == kind]
    return found[0] if found else None


def test_with_no_history_only_new_items_are_offered(world):
    groups, rec, now = world
    shelves = rec.for_you(now=now, per_shelf=5)
    assert [s.kind for s in shelves] == ["new"]
    assert shelves[0].title == "New in your library" and len(shelves[0].items) == 5
    assert shelves[0].items[0].reasons[0].kind == "new"
    assert shelves[0].items[0].reasons[0].text.startswith("new in your library (added")


def test_shelves_follow_recent_favourites_old_loves_and_new_items(world, store):
    groups, rec, now = world
    store.update_media(groups[0][0], title="Favourite")
    t = now - 2 * DAY
    for _ in range(2):
        t = play(rec, groups[0][0], finished=True, ts=t)
    old = now - 120 * DAY
    for media_id in groups[1][:3]:
        old = play(rec, media_id, finished=True, ts=old)
    old = play(rec, groups[2][0], finished=False, ts=old)

    shelves = rec.for_you(now=now, per_shelf=4)
    because = shelf(shelves, "because")
    assert because.title == 'Because you finished "Favourite"'
    assert groups[0][0] not in [s.media.id for s in because.items]
    assert {s.media.id for s in because.items} <= set(groups[0])  # its neighbours first
    assert all(s.reasons[0].kind == "because" and s.seed_id == groups[0][0] for s in because.items)

    rediscover = shelf(shelves, "rediscover")
    assert {s.media.id for s in rediscover.items} == set(groups[1][:3])
    assert rediscover.items[0].reasons[0].text.startswith("you finished this once, last 4 months ago")

    new = shelf(shelves, "new")
    new_ids = [s.media.id for s in new.items]
    played = {groups[0][0], groups[2][0]} | set(groups[1][:3])
    assert not played & set(new_ids)
    assert new_ids[0] in groups[1] + groups[0]  # ranked by taste: near what was liked

    shown = [s.media.id for sh in shelves for s in sh.items]
    assert len(shown) == len(set(shown))  # no item on two shelves


def test_rediscover_leaves_out_what_was_played_lately(world):
    groups, rec, now = world
    t = play(rec, groups[1][0], finished=True, ts=now - 100 * DAY)
    play(rec, groups[2][0], finished=True, ts=t)
    play(rec, groups[2][0], finished=True, ts=now - 3 * DAY)  # loved long ago, and again lately
    shelves = rec.for_you(now=now, per_shelf=3)
    assert shelf(shelves, "because").title.endswith('"c2 t0"')
    assert [s.media.id for s in shelf(shelves, "rediscover").items] == [groups[1][0]]

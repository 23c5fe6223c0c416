"""Stations (recommend/station.py, `avrec station`): words through the auto-tags, several seeds through
their centroid and each in turn, pages that never repeat, and what a station learns from skips and
finishes of its suggestions (recorded with source "station", as the player records them)."""

from __future__ import annotations

import numpy as np
import pytest

from avrec_desktop.errors import NotFound
from avrec_desktop.recommend.station import Station, query_tags, station_page
from index_testlib import HashingTextEncoder, LibraryBuilder
from tags_testlib import tag_items
from taste_testlib import clusters, recommender


def test_mood_words_stand_for_tags():
    tags = dict(query_tags("calm piano"))
    assert "piano" in tags["piano"] and {"quiet", "soft", "mellow"} <= set(tags["calm"])


def test_words_find_the_tagged_items_page_after_page(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    groups = clusters(b, 4, 8, artists_per_cluster=8)
    tag_items(store, groups[0], ["piano", "quiet"])
    tag_items(store, groups[1], ["rock", "loud"])
    rec = recommender(store, tmp_path)
    station = Station(words="calm piano")
    first = station_page(store, rec.indexes, rec, station, k=5, now=1e9)
    second = station_page(store, rec.indexes, rec, station, k=3, now=1e9)
    assert {s.media.id for s in first} <= set(groups[0]) and {s.media.id for s in second} <= set(groups[0])
    assert not {s.media.id for s in first} & {s.media.id for s in second}
    assert first[0].reasons[0].text.startswith('station "calm piano": tagged ')


def test_words_that_match_nothing_say_so_instead_of_playing_anything(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    groups = clusters(b, 4, 8, artists_per_cluster=8, spaces=("audio", "text"))  # text: the words are searched
    tag_items(store, groups[0], ["piano", "quiet"])
    rec = recommender(store, tmp_path)
    text = HashingTextEncoder()
    with pytest.raises(NotFound, match='nothing in your library is tagged or reads like "zzqx"'):
        station_page(store, rec.indexes, rec, Station(words="zzqx"), k=5, now=1e9, encoders=(text, None))
    page = station_page(store, rec.indexes, rec, Station(words="calm piano"), k=5, now=1e9, encoders=(text, None))
    assert {s.media.id for s in page} <= set(groups[0])


def test_seeds_take_turns_through_their_centroid_and_each_seed(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    groups = clusters(b, 3, 12, noise=0.2)
    rec = recommender(store, tmp_path)
    seeds = (groups[0][0], groups[1][0])
    station = Station(seeds=seeds)
    page = station_page(store, rec.indexes, rec, station, k=6, now=1e9)
    near = [next(n for n, g in enumerate(groups) if s.media.id in g) for s in page]
    assert set(near) >= {0, 1} and 2 not in near and not set(seeds) & {s.media.id for s in page}
    assert any("close to both" in s.reasons[0].text for s in page)


def _skip(rec, suggestion, ts: float) -> None:
    """An early skip of a station suggestion, recorded the way the player records one."""
    common = dict(session="s", source="station", seed_id=suggestion.seed_id, auto=True, duration=200.0)
    rec.record(suggestion.media.id, "start", ts=ts, **common)
    rec.record(suggestion.media.id, "end", ts=ts + 8.0, reason="skipped", position=8.0, **common)


def _finish(rec, suggestion, ts: float) -> None:
    common = dict(session="s", source="station", seed_id=suggestion.seed_id, auto=True, duration=200.0)
    rec.record(suggestion.media.id, "start", ts=ts, **common)
    rec.record(suggestion.media.id, "end", ts=ts + 200.0, reason="finished", position=200.0, **common)


def _seed_station(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    groups = clusters(b, 3, 16, noise=0.2)
    rec = recommender(store, tmp_path)
    return groups, rec, Station(seeds=(groups[0][0], groups[1][0]))


def test_skipping_what_is_near_one_seed_gives_that_seed_fewer_places(store, tmp_path):
    groups, rec, station = _seed_station(store, tmp_path)
    first = station_page(store, rec.indexes, rec, station, k=6, now=1e9)
    near_a = [s for s in first if s.media.id in groups[0]]
    assert len(near_a) >= 2
    for n, s in enumerate(near_a):
        _skip(rec, s, 1e9 + 10 * n)
    second = station_page(store, rec.indexes, rec, station, k=6, now=1e9 + 100)
    again = [s for s in second if s.media.id in groups[0]]
    assert len(again) <= len(near_a) // 2 and len(second) == 6
    assert len([s for s in second if s.media.id in groups[0] + groups[1]]) >= 5
    assert all(s.reasons[0].text.startswith("station like") for s in second)


def test_finishing_what_is_near_one_seed_keeps_its_places(store, tmp_path):
    groups, rec, station = _seed_station(store, tmp_path)
    first = station_page(store, rec.indexes, rec, station, k=6, now=1e9)
    near_a = [s for s in first if s.media.id in groups[0]]
    for n, s in enumerate(near_a):
        _finish(rec, s, 1e9 + 300 * n)
    second = station_page(store, rec.indexes, rec, station, k=6, now=1e9 + 3000)
    assert len([s for s in second if s.media.id in groups[0]]) >= len(near_a)


def test_a_words_station_drops_the_region_of_skipped_items(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    groups = clusters(b, 3, 10, artists_per_cluster=10, noise=0.2)
    tag_items(store, groups[0], ["piano", "quiet"])
    tag_items(store, groups[1], ["quiet", "loud", "rock", "metal", "dance", "piano"])  # less "piano"
    rec = recommender(store, tmp_path)
    station = Station(words="calm piano")
    first = station_page(store, rec.indexes, rec, station, k=4, now=1e9)
    region = next(g for g in groups if first[0].media.id in g)
    top = [s for s in first if s.media.id in region]
    assert len(top) >= 3
    for n, s in enumerate(top):
        _skip(rec, s, 1e9 + 10 * n)
    second = station_page(store, rec.indexes, rec, station, k=4, now=1e9 + 100)
    assert len(second) == 4 and not {s.media.id for s in second} & {s.media.id for s in first}
    assert len([s for s in second if s.media.id in region]) <= 1
    assert all(s.media.id in groups[0] + groups[1] for s in second)


class ClapTextTower:
    """A stand-in for CLAP's text tower: "calm piano" is heard as the first cluster's sound."""

    name, version = "clap", "1.test"

    def __init__(self, heard):
        self.heard = heard

    def encode(self, batch):
        return np.stack([self.heard for _ in batch]).astype(np.float32)


def test_words_find_what_sounds_like_them_through_clap_when_it_is_installed(store, tmp_path):
    """No item is tagged and there is no sentence space: only CLAP's text tower against the music's clap
    vectors can tell what "calm piano" sounds like, and the reason says it was the sound."""
    from index_testlib import ACTIVE, unit

    active = {**ACTIVE, "clap": ("clap", "1.test")}
    b = LibraryBuilder(store, tmp_path)
    rng = np.random.default_rng(5)
    centres = [unit(rng.standard_normal(16)) for _ in range(3)]
    groups = [[b.add(artist=f"artist {g}-{i}", active=active, vectors={"audio": b.random("audio"),
                                                         "clap": unit(c + 0.2 * rng.standard_normal(16))})
               for i in range(8)] for g, c in enumerate(centres)]
    rec = recommender(store, tmp_path, active=active)
    assert not station_page(store, rec.indexes, rec, Station(words="calm piano"), k=5, now=1e9)  # no CLAP: nothing
    page = station_page(store, rec.indexes, rec, Station(words="calm piano"), k=5, now=1e9,
                        encoders=(None, None, ClapTextTower(centres[0])))
    assert len(page) == 5 and {s.media.id for s in page} <= set(groups[0])
    assert page[0].reasons[0].text.startswith('station "calm piano": sounds like it (')

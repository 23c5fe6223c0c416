"""The one duplicate + artist-cap rule every list uses (``diversity.Admission``), pinned case by case."""

from __future__ import annotations

import numpy as np

from avrec_desktop.recommend import diversity
from avrec_desktop.recommend.diversity import (ADMITTED, CAPPED, DUPLICATE, PASSED_OVER, Admission, Candidate,
                                               artist_cap)


def cand(i, artist="a", key=None, title="", duration=200.0):
    return Candidate(i, "audio", "ready", key, duration, title, artist)


def no_audio(_):
    return None


def test_artist_cap_is_two_in_ten_and_scales():
    assert [artist_cap(k) for k in (1, 5, 10, 15, 20, 50)] == [2, 2, 2, 3, 4, 10]


def test_cap_then_overflow_then_passed_over():
    adm = Admission(no_audio, k=2)  # cap 2, overflow of at most 2
    got = [adm.admit(cand(i, "same", key=f"k{i}")) for i in range(6)]
    assert got == [ADMITTED, ADMITTED, CAPPED, CAPPED, PASSED_OVER, PASSED_OVER]
    assert adm.overflow == [2, 3]
    assert adm.admit(cand(9, "other", key="k9")) == ADMITTED  # the cap is per artist
    assert adm.admit(cand(10, "", key="k10")) == ADMITTED and adm.admit(cand(11, "", key="k11")) == ADMITTED
    assert adm.admit(cand(12, "", key="k12")) == ADMITTED  # no artist: never capped


def test_duplicates_of_the_seed_and_of_dropped_copies_fall():
    vectors = {1: np.array([1.0, 0.0]), 2: np.array([1.0, 0.0]), 3: np.array([0.0, 1.0])}
    adm = Admission(lambda i: vectors.get(i), k=20)  # cap 4: only the duplicate rule acts here
    adm.seen(cand(0, key="rec"))
    assert adm.admit(cand(1, "x", key="rec")) == DUPLICATE  # same content key as the seed
    assert adm.admit(cand(2, "y", key="other")) == DUPLICATE  # same sound as the dropped copy 1
    assert adm.admit(cand(3, "z", key="third")) == ADMITTED
    assert adm.admit(cand(4, "z", key=None, title="song", duration=100.0)) == ADMITTED
    assert adm.admit(cand(5, "z", key=None, title="song", duration=102.0)) == DUPLICATE  # title+artist+length
    assert adm.admit(cand(6, "z", key=None, title="song", duration=160.0)) == ADMITTED  # another take


def test_a_duplicate_does_not_count_against_the_artist():
    adm = Admission(no_audio, k=10)
    assert adm.admit(cand(1, "a", key="r")) == ADMITTED
    assert adm.admit(cand(2, "a", key="r")) == DUPLICATE
    assert adm.admit(cand(3, "a", key="s")) == ADMITTED  # still the second of "a"
    assert adm.admit(cand(4, "a", key="t")) == CAPPED


def test_overflow_keys_can_be_table_rows():
    adm = Admission(no_audio, k=2, overflow_limit=1)
    for i in range(2):
        adm.admit(cand(i, key=f"k{i}"), key=100 + i)
    assert adm.admit(cand(7, key="k7"), key=107) == CAPPED and adm.overflow == [107]


def test_every_list_admits_through_the_one_helper():
    """No copy of the rule is left: the recommend modules build their lists with ``Admission`` only."""
    import inspect

    from avrec_desktop.recommend import for_you, next_up, selection, similar

    for module in (for_you, next_up, selection, similar, diversity):
        source = inspect.getsource(module)
        assert "per_artist[" not in source.replace(inspect.getsource(Admission), ""), module.__name__
        assert "DuplicateFilter(" not in source.replace(inspect.getsource(Admission), ""), module.__name__

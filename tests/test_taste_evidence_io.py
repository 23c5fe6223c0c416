"""Evidence as the saved taste state stores it: ``from_list`` gives back every field ``to_list`` wrote
(one unpacking for a full list), and a shorter list (an older state) leaves the rest at their start values."""

from __future__ import annotations

from avrec_desktop.recommend.taste import _FIELDS, Evidence


def test_a_full_list_gives_every_field_back():
    values = [0.5, 1.25, 1700000000.0, 3, 1, 2, 6, -1.0, 1700000100.0, 1690000000.0, 1700000050.0, 1700000070.0,
              1700000090.0]
    assert len(values) == len(_FIELDS)
    e = Evidence.from_list(values)
    assert e.to_list() == values
    assert {k: getattr(e, k) for k in _FIELDS} == dict(zip(_FIELDS, values))
    assert e.disliked
    assert Evidence.from_list(e.to_list()).to_list() == values


def test_a_shorter_list_keeps_the_start_values():
    e = Evidence.from_list([2.0, 0.5, 10.0])
    fresh = Evidence(0.0)
    assert (e.pos, e.neg, e.t) == (2.0, 0.5, 10.0)
    assert e.to_list()[3:] == fresh.to_list()[3:]

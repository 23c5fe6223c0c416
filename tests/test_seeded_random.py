"""The ranking's seeded draws (recommend/seeded_random.py) and the digests that avoid OpenSSL (digests.py)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pytest

from avrec_desktop import digests
from avrec_desktop.recommend.seeded_random import SeededRandom

DRAWS = ("from avrec_desktop.recommend.seeded_random import SeededRandom\n"
         "r = SeededRandom(12, 345)\n"
         "print(r.random(), r.integers(0, 1000, 5).tolist(), r.choice(4, p=[0.1, 0.2, 0.3, 0.4]))\n")


def test_the_same_seed_draws_the_same_in_another_process_whatever_its_hash_seed():
    runs = {subprocess.run([sys.executable, "-c", DRAWS], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "random")}
    assert len(runs) == 1
    here = SeededRandom(12, 345)
    assert runs.pop().split()[0] == repr(here.random())


def test_other_seeds_draw_otherwise():
    firsts = {SeededRandom(a, b).random() for a in range(5) for b in range(5)}
    assert len(firsts) == 25
    assert SeededRandom(1, 23).random() != SeededRandom(12, 3).random()  # the parts are kept apart


def test_integers_stay_in_their_range_and_cover_it():
    drawn = SeededRandom(7).integers(3, 9, 2000)
    assert drawn.dtype == np.int64 and drawn.shape == (2000,)
    assert set(drawn.tolist()) == set(range(3, 9))
    with pytest.raises(ValueError):
        SeededRandom(7).integers(5, 5, 1)


def test_choice_follows_its_weights_and_never_takes_a_zero_weight():
    r = SeededRandom(99)
    counts = np.bincount([r.choice(3, p=np.array([0.7, 0.0, 0.3])) for _ in range(4000)], minlength=3)
    assert counts[1] == 0
    assert 0.66 < counts[0] / 4000 < 0.74
    with pytest.raises(ValueError):
        r.choice(2, p=[1.0])
    with pytest.raises(ValueError):
        r.choice(2, p=[float("nan"), 1.0])  # as numpy refuses them: never a silent pick


def test_digests_equal_hashlibs():
    data = b"the stamp of a space" * 40
    assert digests.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    h = digests.blake2b(digest_size=16)
    h.update(data)
    assert h.hexdigest() == hashlib.blake2b(data, digest_size=16).hexdigest()

"""The first-minute bench gives the worker's CPU per quick vector (bench/first_minute.py), the figure that holds
on a shared machine where the wall clock follows the other work."""

import os
import sys

import pytest

from avrec_desktop.bench.first_minute import _cpu_seconds, _per_track


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_cpu_of_a_process_is_read_and_grows_with_work():
    before = _cpu_seconds(os.getpid())
    sum(i * i for i in range(3_000_000))
    assert before is not None and _cpu_seconds(os.getpid()) > before


def test_cpu_per_track_is_taken_between_the_first_answer_and_coverage():
    assert _per_track((2.0, 1), (92.0, 1001)) == 90.0
    assert _per_track((None, 0), (5.0, 10)) is None
    assert _per_track((5.0, 10), (6.0, 10)) is None
    assert _cpu_seconds(None) is None

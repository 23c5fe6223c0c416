"""The window bench's peak memory is the window's own, not the process that started it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CHILD = "import json; from avrec_desktop.ui.window_bench import _rss_kb; print(json.dumps(_rss_kb()))"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is Linux's")
def test_a_big_parent_does_not_count_in_the_windows_peak():
    ballast = bytearray(400 * 2**20)
    for i in range(0, len(ballast), 4096):  # touch every page: 400 MB resident in this process
        ballast[i] = 1
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", **__import__("os").environ})
    rss = json.loads(out.stdout.strip().splitlines()[-1])
    assert rss["peak"] < 350, rss  # ru_maxrss would say ≥ 400 here: it keeps the parent's across fork+exec
    assert rss["now"] <= rss["peak"]
    del ballast

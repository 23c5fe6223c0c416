"""The window never freezes: a heartbeat timer on the GUI thread while 200 files are analysed (real
worker, real encoders) and the user scrolls and searches. Core calls run on the task thread."""

import pytest

STALL_LIMIT_MS = 100


@pytest.mark.timeout(300)
def test_no_stall_while_indexing_scrolling_and_searching(qapp, tmp_path):
    from avrec_desktop.ui.stall_bench import measure_stall

    result = measure_stall(qapp, tmp_path, files=200)
    print(f"heartbeat: {result}")
    assert result["analysed"] == 200
    assert result["user_actions"] >= 5
    assert result["max_gap_ms"] < STALL_LIMIT_MS, result

"""The query benchmark runs end to end on a tiny library and reports sane numbers."""

from __future__ import annotations

import json

from avrec_desktop.bench.query import run_query_bench


def test_query_bench_small(tmp_path):
    result = run_query_bench(sizes=(500,), dims={"audio": 16, "text": 24, "visual": 32}, queries=30,
                             workdir=tmp_path, num_threads=1, exact_max=200)
    json.dumps(result)  # serialisable
    (size,) = result["sizes"]
    assert size["items"] == 500
    assert size["spaces"]["audio"]["graph"] and size["spaces"]["audio"]["load_source"] == "disk"
    assert not size["spaces"]["visual"]["graph"]  # ~150 videos: below the threshold, exact
    assert size["spaces"]["audio"]["recall_at_10"] >= 0.95
    assert size["similar_min_results"] == 10 and size["similar_max_per_artist"] <= 2
    assert size["similar_ms"]["n"] == 30 and 0 < size["similar_ms"]["p50"] <= size["similar_ms"]["max"]
    assert size["refresh_100_new"]["added"]["audio"] == 100


def test_the_synthetic_audio_space_has_the_real_sonic_size():
    from avrec_desktop.bench.query import DIMS
    from avrec_desktop.encoders.sonic_features import FEATURE_NAMES

    assert DIMS["audio"] == len(FEATURE_NAMES) == 123

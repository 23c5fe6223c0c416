"""The Up next benchmark runs end to end on a small library and reports what it promises."""

from __future__ import annotations

from avrec_desktop.bench.next_bench import run_next_bench


def test_next_bench_small(tmp_path):
    out = run_next_bench(items=1500, plays=90, queries=6, workdir=tmp_path)
    assert out["events"] >= 180 and out["outcomes"] >= 90
    assert out["next_min_results"] == 10
    assert out["next_ms"]["n"] == 6 and out["next_ms"]["p95"] > 0
    assert out["record_ms"] > 0 and out["rebuild_s"] >= 0
    assert any(title.startswith("Because you finished") for title in out["for_you_shelves"])

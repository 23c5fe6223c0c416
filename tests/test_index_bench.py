"""`avrec bench index` runs end to end on a tiny library and says what it measured."""

from avrec_desktop.bench.index_bench import run_index_bench, summary_lines


def test_index_bench_small(tmp_path, monkeypatch):
    monkeypatch.setenv("AVREC_CACHE_DIR", str(tmp_path / "cache"))
    result = run_index_bench(sizes=(600,), queries=30, exact_max=200,
                             dims={"audio": 16, "text": 24, "visual": 32})
    row = result["sizes"][0]
    audio = row["spaces"]["audio"]
    assert audio["graph"] and audio["exact_equals_brute_force"] == 1.0
    assert 0.9 <= audio["recall_at_10"] <= 1.0 and row["first_answer_s"] > 0
    assert any("first answer" in line for line in summary_lines(result))

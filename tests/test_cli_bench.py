"""``avrec bench cli`` on a tiny library: every command answers, is timed against the baseline, and lists
the heavy packages it imported (none). No timing is asserted: the bench reports, it does not judge here."""

from __future__ import annotations

from avrec_desktop.bench.cli_bench import query_commands, run_cli_bench, summary_lines
from avrec_desktop.cli import build_parser


def test_bench_cli_runs_every_query_command(tmp_path):
    result = run_cli_bench(items=200, runs=1, workdir=tmp_path, meaning=False)
    rows = result["commands"]
    assert set(query_commands(1, 2, "x")) <= set(rows)
    assert result["baseline_python_pass_s"] > 0
    for label in query_commands(1, 2, "x"):
        row = rows[label]
        assert "error" not in row, (label, row.get("error"))
        assert row["median_s"] > 0 and row["ratio_to_python_pass"] > 0
        assert row["heavy_modules"] == [], (label, row["heavy_modules"])
        assert row["imports_numpy"] is (label not in ("status", "event like")), label
    lines = summary_lines(result)
    assert lines[0].startswith("CLI start at 200 items") and len(lines) == len(rows) + 1


def test_avrec_bench_offers_cli_with_runs():
    args = build_parser().parse_args(["bench", "cli", "--runs", "4", "--sizes", "10000"])
    assert args.what == "cli" and args.runs == 4


def test_the_bench_library_has_the_audio_space_a_library_analysed_today_has(tmp_path):
    """Its audio vectors carry the active audio encoder's signature and dimension (stamped as plain sonic
    while the fused encoder is active, they were another encoder's: the commands never searched them)."""
    from avrec_desktop.bench.cli_bench import make_library
    from avrec_desktop.encoders import signatures
    from avrec_desktop.encoders.registry import encoder_signatures
    from avrec_desktop.index.library_indexes import LibraryIndexes
    from avrec_desktop.store import Store

    db = make_library(tmp_path, 120)
    with Store(db) as store:
        stamps = {tuple(r) for r in store.conn.execute(
            "SELECT DISTINCT encoder, version FROM embeddings WHERE space = 'audio'")}
        assert stamps == {signatures.audio_signature()}
        indexes = LibraryIndexes.open(store, encoder_signatures(), graph="off")
        try:
            assert len(indexes["audio"]) > 50  # usable: the music items, searched
        finally:
            indexes.close()

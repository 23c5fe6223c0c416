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

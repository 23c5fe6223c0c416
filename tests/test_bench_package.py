"""Benchmarks live in one package, and ``avrec bench`` reaches each of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from avrec_desktop.cli import build_parser

PACKAGE = Path(__file__).resolve().parents[1] / "avrec_desktop"


def test_benchmarks_live_in_bench():
    stray = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*bench*.py")
                   if p.parent.name != "bench" and p.name not in ("stall_bench.py", "window_bench.py", "map_bench.py"))  # need Qt: ui/
    assert stray == []
    assert not (PACKAGE / "encoders" / "benchmark.py").exists()


def test_avrec_bench_offers_the_encoder_bench(tmp_path):
    args = build_parser().parse_args(["bench", "encoders", "--music", str(tmp_path)])
    assert args.what == "encoders"
    from avrec_desktop.bench.encoders import encoder_bench

    with pytest.raises(FileNotFoundError, match="no audio files"):
        encoder_bench(tmp_path)

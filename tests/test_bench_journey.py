"""``avrec bench journey`` on a generated library: every JSON field the help promises is there, and the
journeys are smoother than their own items shuffled (the same run's baseline)."""

from __future__ import annotations

import json

import numpy as np

from avrec_desktop.bench.journey_bench import journey_quality
from avrec_desktop.cli import BENCH_JOURNEY_FIELDS, build_parser, main
from avrec_desktop.recommend.journey import slerp
from index_testlib import LibraryBuilder
from taste_testlib import open_indexes

FIELDS = ("library", "pairs_asked", "pairs_run", "skipped", "steps_asked", "seed", "shuffles", "steps_mean",
          "between_mean", "span_mean", "step_distance_mean", "step_distance_max_mean",
          "shuffled_step_distance_mean", "shuffled_step_distance_max_mean", "smoothness_ratio",
          "smoother_than_shuffled_share", "progress_to_b_share", "progress_from_a_share",
          "shuffled_progress_to_b_share", "shuffled_progress_from_a_share", "plan_ms", "journeys")


def signature_encoders():
    """Encoders that only say which vectors are active (index_testlib's), for the CLI on a built store."""
    from test_journey import signature_encoders as signatures

    return signatures()


def _web_library(store, tmp_path) -> LibraryBuilder:
    """300 tracks on the arcs between 6 anchor sounds (plus noise), 5 videos that share no audio."""
    b = LibraryBuilder(store, tmp_path)
    anchors = [b.random("audio").astype(np.float64) for _ in range(6)]
    for n in range(300):
        i, j = b.rng.choice(len(anchors), size=2, replace=False)
        v = slerp(anchors[i], anchors[j], b.rng.uniform(0.0, 1.0)).astype(np.float32)
        b.add(title=f"track {n}", artist=f"artist {n % 40}", vectors={"audio": b.near(v, 0.1)})
    for n in range(5):
        b.add(kind="video", title=f"clip {n}", vectors={"visual": b.random("visual")})
    return b


def test_bench_journey_json_fields_and_smoother_than_shuffled(tmp_path, monkeypatch, capsys):
    from avrec_desktop.store import Store

    db = tmp_path / "lib.sqlite3"
    store = Store(db)
    try:
        _web_library(store, tmp_path)
    finally:
        store.close()
    monkeypatch.setenv("AVREC_ENCODERS_FACTORY", "test_bench_journey:signature_encoders")
    out = tmp_path / "bench.json"
    assert main(["bench", "journey", "--library", str(db), "--pairs", "12", "-n", "8", "--seed", "3",
                 "--out", str(out)]) == 0
    assert "journey, " in capsys.readouterr().out
    result = json.loads(out.read_text())["journey"]
    assert set(FIELDS) <= set(result)
    assert all(field in BENCH_JOURNEY_FIELDS for field in FIELDS)  # the help documents every field
    assert result["library"] == str(db) and result["pairs_asked"] == 12 and result["steps_asked"] == 8
    assert result["pairs_run"] + sum(result["skipped"].values()) == 12 and result["pairs_run"] >= 10
    assert len(result["journeys"]) == result["pairs_run"] and 2 <= result["steps_mean"] <= 8
    assert result["step_distance_mean"] < result["shuffled_step_distance_mean"]
    assert result["step_distance_max_mean"] < result["shuffled_step_distance_max_mean"]
    assert result["smoothness_ratio"] < 0.9 and result["smoother_than_shuffled_share"] >= 0.8
    assert result["progress_to_b_share"] == result["progress_from_a_share"] == 1.0  # the journey's promise
    assert result["shuffled_progress_to_b_share"] < 0.9
    assert set(result["plan_ms"]) == {"p50", "p95", "max"}


def test_journey_quality_is_seeded_and_reports_an_empty_library(store, tmp_path):
    _web_library(store, tmp_path)
    indexes = open_indexes(store, tmp_path)
    first = journey_quality(store, indexes, pairs=4, steps=6, seed=1)
    again = journey_quality(store, indexes, pairs=4, steps=6, seed=1)
    assert {k: v for k, v in first.items() if k != "plan_ms"} == {k: v for k, v in again.items() if k != "plan_ms"}
    empty = journey_quality(store, {}, pairs=4, steps=6)
    assert empty["pairs_run"] == 0 and empty["journeys"] == []


def test_avrec_bench_offers_journey_with_pairs_and_steps():
    args = build_parser().parse_args(["bench", "journey", "--pairs", "5", "-n", "7", "--library", "x.sqlite3"])
    assert (args.what, args.pairs, args.steps, args.library, args.seed) == ("journey", 5, 7, "x.sqlite3", 0)

"""``avrec bench gpu``: every torch encoder measured on each device there is, through the worker's code.

Runs on the CPU here (no CUDA on CI) with the shipped MusiCNN weights, a tiny random CLIP and the bundled
MiniLM; the CUDA rows are the same code with another device string. Checks the report's shape and honesty,
never a speed.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from avrec_desktop.bench import gpu_bench  # noqa: E402

SMALL = dict(seconds=0.0, clip_arch="tiny", tracks=2, musicnn_batches=(3, 6), cpu_max_batch=3, clip_images=3,
             clip_batches=(2,), minilm_texts=5, minilm_batches=(4,))


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA: the report then has CUDA rows")
def test_without_cuda_the_report_says_the_gpu_was_not_run_and_measures_the_cpu():
    result = gpu_bench.run_gpu_bench(**SMALL)
    assert result["devices"] == ["cpu"] and "no CUDA device" in result["cuda_not_run"]
    assert "speedup_cuda_over_cpu" not in result
    nets = result["musicnn"]["nets"]["cpu"]
    assert list(nets) == ["3"]  # 6 is over the CPU's cap
    assert nets["3"]["patches_per_s"] > 0 and nets["3"]["repeats"] >= 2
    assert result["musicnn"]["encode"]["cpu"]["tracks_per_s"] > 0
    assert result["clip"]["encode"]["cpu"]["2"]["images_per_s"] > 0
    assert result["clip"]["image_tower"]["cpu"]["2"]["images_per_s"] > 0
    assert result["minilm"]["encode"]["cpu"]["4"]["texts_per_s"] > 0
    lines = gpu_bench.summary_lines(result)
    assert any(line.startswith("GPU not run: no CUDA device") for line in lines)
    assert not any("failed" in line for line in lines)


def test_an_encoder_that_cannot_run_is_reported_and_the_others_still_measured(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("open_clip is missing")

    monkeypatch.setattr(gpu_bench, "clip_section", broken)
    result = gpu_bench.run_gpu_bench(**{**SMALL, "minilm_texts": 2})
    assert result["clip"] == {"error": "RuntimeError: open_clip is missing"}
    assert result["musicnn"]["encode"]["cpu"]["tracks_per_s"] > 0
    assert "clip failed: RuntimeError: open_clip is missing" in gpu_bench.summary_lines(result)


def test_speed_ups_are_cuda_over_cpu_at_the_batches_both_ran():
    section = {"nets": {"cpu": {"24": {"patches_per_s": 50.0}, "256": {"patches_per_s": 40.0}},
                        "cuda": {"24": {"patches_per_s": 3000.0}, "256": {"patches_per_s": 1600.0},
                                 "1024": {"patches_per_s": 1400.0}}},
               "encode": {"cpu": {"tracks_per_s": 3.0}, "cuda": {"tracks_per_s": 4.5}}}
    assert gpu_bench._speedups(section, "nets", "patches_per_s") == {"24": 60.0, "256": 40.0}
    assert gpu_bench._speedups(section, "encode", "tracks_per_s") == {"all": 1.5}
    assert gpu_bench._speedups({"error": "x"}, "nets", "patches_per_s") == {}


def test_timed_warms_up_once_and_repeats_at_least_twice():
    calls = []
    row = gpu_bench.timed(lambda: calls.append(1), seconds=0.0)
    assert len(calls) == 3 and row["repeats"] == 2 and row["median_s"] >= 0

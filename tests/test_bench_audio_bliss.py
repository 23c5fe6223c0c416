"""``avrec bench analysis``'s comparison with bliss-audio: says "bliss not run" without a bliss Python, and
with one (here a stand-in ``bliss_audio`` module on a plain Python) reports both sides and the ratio."""
from __future__ import annotations

import sys

from avrec_desktop.bench import audio_bliss


def _no_generated(monkeypatch):
    monkeypatch.setattr(audio_bliss, "GENERATED_SECONDS", 6.0)  # short generated tracks keep this fast


def test_without_a_bliss_python_the_bench_says_bliss_not_run(tmp_path, monkeypatch):
    _no_generated(monkeypatch)
    monkeypatch.delenv(audio_bliss.BLISS_ENV, raising=False)
    result = audio_bliss.run_audio_bliss_bench(tmp_path / "none", tmp_path, generated=1)
    assert "bliss not run" in result["bliss"]["error"]
    row = result["ours"]["rows"][0]
    assert row["total_cpu_s"] >= row["decode_cpu_s"] >= 0 and row["musicnn_nets_cpu_s"] >= 0
    assert any("bliss not run" in line for line in audio_bliss.summary_lines(result))


def test_with_a_bliss_python_the_bench_reports_the_ratio(tmp_path, monkeypatch):
    _no_generated(monkeypatch)
    fake = tmp_path / "fake"
    (fake / "bliss_audio").mkdir(parents=True)
    (fake / "bliss_audio" / "__init__.py").write_text(
        "class Song:\n    def __init__(self, path):\n        sum(i * i for i in range(200000))\n")
    monkeypatch.setenv("PYTHONPATH", str(fake))
    result = audio_bliss.run_audio_bliss_bench(tmp_path / "none", tmp_path / "work", bliss_python=sys.executable,
                                               generated=2)
    rows = result["bliss"]["tracks"]
    assert [r["file"] for r in rows] == [r["file"] for r in result["ours"]["rows"]] and all("cpu_s" in r for r in rows)
    ratio = result["bliss"]["generated_4min"]
    assert ratio["ratio_ours_over_bliss"] == round(ratio["ours_cpu_s_median"] / ratio["cpu_s_median"], 3)
    assert any("ours/bliss" in line for line in audio_bliss.summary_lines(result))


def test_a_broken_bliss_python_is_reported_not_raised(tmp_path, monkeypatch):
    _no_generated(monkeypatch)
    result = audio_bliss.run_audio_bliss_bench(tmp_path / "none", tmp_path, bliss_python=str(tmp_path / "nope"),
                                               generated=1)
    assert result["bliss"]["error"].startswith("bliss not run")

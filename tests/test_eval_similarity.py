"""The content-only similarity evaluation: the precision@5 metric, the naive librosa baseline, the report.

Everything runs on numbers or on short generated audio, offline. librosa compiles numba kernels when it is
first imported (~40 CPU-s with a cold cache, ~2 s warm): ``librosa_loaded`` imports it once for the module
with numba's own cache folder (beside librosa, kept between runs of the same venv) rather than the run's
temporary one that conftest sets, so only the first run on a fresh venv pays.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from avrec_desktop.evaluation import naive_librosa, similarity
from avrec_desktop.evaluation.similarity import chance_precision, collect, precision_at_k
from mediagen import write_audio


def test_precision_counts_same_label_neighbours_leaving_the_track_itself_out():
    # two tight clusters of 6: every track's 5 nearest others are its own cluster
    rng = np.random.default_rng(0)
    a = np.array([1.0, 0.0, 0.0]) + 0.01 * rng.standard_normal((6, 3))
    b = np.array([0.0, 1.0, 0.0]) + 0.01 * rng.standard_normal((6, 3))
    labels = ["a"] * 6 + ["b"] * 6
    overall, per_label = precision_at_k(np.vstack([a, b]), labels)
    assert overall == 1.0 and per_label == {"a": 1.0, "b": 1.0}
    # the same vectors with the labels crossed: no neighbour shares a label
    assert precision_at_k(np.vstack([a, b]), ["a", "b"] * 6)[0] == pytest.approx(
        np.mean([sum(1 for j in range(6) if j != i and j % 2 == i % 2) / 5 for i in range(6)]))


def test_precision_is_cosine_not_euclidean_and_small_labels_cap_k():
    # scale does not matter to cosine; 3 tracks of a label can give at most 2 of 5 hits each
    v = np.array([[1, 0], [10, 0.1], [100, 0.2], [0, 1], [0.1, 10], [0.2, 100], [0.3, 50], [0.1, 30]], float)
    labels = ["x", "x", "x", "y", "y", "y", "y", "y"]
    overall, per_label = precision_at_k(v, labels)
    assert per_label["x"] == pytest.approx(2 / 5)
    assert per_label["y"] == pytest.approx(4 / 5)
    assert overall == pytest.approx((3 * 2 / 5 + 5 * 4 / 5) / 8)
    assert precision_at_k(v[:3], ["x", "x", "y"], k=5)[1] == {"x": 0.5, "y": 0.0}  # k capped at n - 1


def test_chance_is_the_probability_that_another_track_shares_the_label():
    assert chance_precision(["a"] * 6 + ["b"] * 6) == pytest.approx(2 * 6 * 5 / (12 * 11))
    assert chance_precision(["a", "b", "c"]) == 0.0
    with pytest.raises(ValueError):
        precision_at_k(np.ones((1, 3)), ["a"])


def test_zscore_keeps_constant_columns_finite():
    z = naive_librosa.zscore(np.array([[1.0, 5.0], [3.0, 5.0]]))
    assert np.array_equal(z, np.array([[-1.0, 0.0], [1.0, 0.0]]))


@pytest.fixture(scope="module")
def librosa_loaded():
    with pytest.MonkeyPatch.context() as mp:
        if "numba" not in sys.modules:
            mp.delenv("NUMBA_CACHE_DIR", raising=False)
        # imports librosa: compiles or loads its kernels
        naive_librosa.features(np.sin(np.arange(4096, dtype=np.float32) / 5))

    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, librosa_loaded):
    """12 generated tracks in two labels that sound different (tones vs. noise), plus things to ignore."""
    root = tmp_path_factory.mktemp("corpus")
    for label in ("tones", "noise"):
        (root / label).mkdir()
    for i in range(6):
        write_audio(root / "tones" / f"t{i}.wav", 3.0, freq=220.0 * (1 + i / 6), kind="tone")
        write_audio(root / "noise" / f"n{i}.wav", 3.0, kind="noise", seed=i)
    (root / "tones" / "copy.wav").write_bytes((root / "tones" / "t0.wav").read_bytes())  # a duplicate
    (root / "manifest.json").write_text("{}")
    write_audio(root / "top-level.wav", 3.0)  # no label folder
    return root


def test_collect_reads_labels_from_the_first_folder_and_drops_duplicates(corpus):
    files = collect(corpus)
    assert len(files) == 12
    assert sorted({label for _, label in files}) == ["noise", "tones"]


def test_naive_baseline_groups_generated_audio_by_how_it_sounds(corpus):
    files = collect(corpus)
    vectors = naive_librosa.vectors([p for p, _ in files])
    assert vectors.shape == (12, naive_librosa.DIM) and np.isfinite(vectors).all()
    overall, _ = precision_at_k(vectors, [label for _, label in files])
    assert overall >= 0.9 > chance_precision([label for _, label in files])


def test_naive_features_follow_the_signal(librosa_loaded):
    sr = naive_librosa.SAMPLE_RATE
    t = np.arange(3 * sr) / sr
    low, high = (naive_librosa.features(0.5 * np.sin(2 * np.pi * f * t).astype(np.float32)) for f in (200, 3000))
    centroid = 2 * naive_librosa.N_MFCC + 2 * 12 + 2 * 7  # mean of the spectral centroid
    assert high[centroid] > 5 * low[centroid]


def test_the_report_has_a_column_per_corpus_and_a_row_per_descriptor(corpus, tmp_path):
    from avrec_desktop.cli import main

    out = tmp_path / "eval" / "similarity.json"
    assert main(["eval-similarity", "--dev", str(corpus), "--dev-real", str(corpus), "--held-out", str(corpus),
                 "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["descriptors"] == ["random", "naive", "sonic", "musicnn", "sonic-musicnn"]
    dev = report["corpora"]["dev"]
    assert dev["tracks"] == 12 and dev["labels"] == {"noise": 6, "tones": 6}
    assert dev["results"]["random"]["precision_at_5"] == pytest.approx(chance_precision(["a"] * 6 + ["b"] * 6))
    assert dev["results"]["sonic"]["precision_at_5"] >= 0.9
    assert dev["results"]["sonic-musicnn"]["precision_at_5"] >= 0.9 and dev["results"]["musicnn"]["dim"] == 200
    page = out.with_suffix(".md").read_text()
    assert list(report["corpora"]) == ["dev", "dev-real", "held-out"]  # the second dev corpus, beside dev
    assert "| descriptor | dev | dev-real | held-out |" in page and "in-sample" in page
    naive = dev["results"]["naive"]["precision_at_5"]
    assert f"| naive | {naive:.3f} | {naive:.3f} | {naive:.3f} |" in page


def test_the_fused_column_is_the_indexers_vector_and_musicnn_its_learned_part(corpus):
    from avrec_desktop.encoders.sonic_musicnn import LEARNED_DIM, SonicMusicnnEncoder
    from avrec_desktop.media.audio import audio_clip

    paths = [p for p, _ in collect(corpus)][:3]
    fused = similarity.DESCRIPTORS["sonic-musicnn"](paths)
    assert np.allclose(fused, SonicMusicnnEncoder().encode([audio_clip(p) for p in paths]), atol=1e-5)
    learned = similarity.DESCRIPTORS["musicnn"](paths)
    assert np.array_equal(learned, fused[:, -LEARNED_DIM:])


def test_target_lines_say_pass_or_fail_on_the_held_out_corpus_only():
    def corpus(**p):
        return {"results": {k.replace("_", "-"): {"precision_at_5": v} for k, v in p.items()}}

    report = {"corpora": {"dev": corpus(naive=0.1, sonic=0.1, sonic_musicnn=0.9),
                          "held-out": corpus(naive=0.40, sonic=0.50, sonic_musicnn=0.55)}}
    lines = similarity.target_lines(report)
    assert len(lines) == 2
    assert lines[0].startswith("- **PASS**") and "naive 0.400 + 0.12" in lines[0]
    assert lines[1].startswith("- **FAIL**") and "sonic 0.500 + 0.06" in lines[1] and "+0.050" in lines[1]
    assert similarity.target_lines({"corpora": {"dev": report["corpora"]["dev"]}}) == []


def test_unknown_descriptors_and_missing_corpora_are_refused(corpus, tmp_path, capsys):
    from avrec_desktop.cli import main

    assert main(["eval-similarity", "--out", str(tmp_path / "x.json")]) == 2
    out = str(tmp_path / "x.json")
    assert main(["eval-similarity", "--dev", str(corpus), "--descriptors", "nope", "--out", out]) == 2
    assert "unknown descriptor nope" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
    with pytest.raises(ValueError):
        similarity.evaluate_corpus(corpus, ["nope"])


def test_the_committed_similarity_page_is_its_json_rendered():
    from pathlib import Path

    eval_dir = Path(__file__).resolve().parents[1] / "eval"
    report = json.loads((eval_dir / "similarity.json").read_text())
    assert (eval_dir / "similarity.md").read_text() == "\n".join(similarity.markdown_lines(report)) + "\n"
    assert set(report["corpora"]) == {"dev", "dev-real", "held-out"} and "naive" in report["descriptors"]

"""The fused audio encoder (sonic + MusiCNN): its cosine, re-encoding old libraries, auto-tags in search."""

from __future__ import annotations

import queue
import threading

import numpy as np
import pytest

import mediagen
from avrec_desktop.encoders import signatures, sonic_layout
from avrec_desktop.encoders.registry import encoder_signature
from avrec_desktop.encoders.sonic_musicnn import SonicMusicnnEncoder, fuse, spread_patches
from avrec_desktop.indexing import results
from avrec_desktop.indexing.analyse import Decoded
from avrec_desktop.indexing.worker import WorkerConfig, worker_main
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.media.audio import audio_clip
from avrec_desktop.recommend.facets import sonic_groups
from avrec_desktop.store import Embedding, Store
from avrec_desktop.store.tags import ItemTags
from musicnn_testlib import DIR_ENV, write_tiny_musicnn


def _unit(rng, n, d):
    m = rng.standard_normal((n, d))
    return m / np.linalg.norm(m, axis=1, keepdims=True)


@pytest.mark.parametrize("w", [(0.5, 0.5), (0.8, 0.2), (0.3, 0.7)])
def test_the_fused_cosine_is_the_weighted_sum_of_both_parts(w):
    rng = np.random.default_rng(1)
    sonic, learned = _unit(rng, 6, 30), rng.standard_normal((6, 200)) * 5  # learned: any length
    fused = fuse(sonic, learned, *w)
    assert np.allclose(np.linalg.norm(fused, axis=1), 1.0, atol=1e-5)
    unit = learned / np.linalg.norm(learned, axis=1, keepdims=True)
    expected = w[0] / sum(w) * (sonic @ sonic.T) + w[1] / sum(w) * (unit @ unit.T)
    assert np.allclose(fused @ fused.T, expected, atol=1e-5)


def test_the_layout_names_the_learned_columns_as_one_more_facet():
    n = len(sonic_layout.feature_groups())
    groups = sonic_groups(n + sonic_layout.LEARNED_DIM)
    assert list(groups) == [*sonic_layout.GROUPS, "learned"]
    assert groups["learned"].tolist() == list(range(n, n + 200))
    assert list(sonic_groups(n)) == list(sonic_layout.GROUPS) and sonic_groups(17) == {}
    shares = sonic_layout.group_shares(list(groups))
    assert shares["learned"] == pytest.approx(signatures.W_LEARNED / (signatures.W_SONIC + signatures.W_LEARNED))
    assert sum(shares.values()) == pytest.approx(1.0)


def test_the_audio_signature_is_the_fused_encoders_and_differs_from_sonics():
    encoder = SonicMusicnnEncoder()
    assert encoder_signature("audio") == (encoder.name, encoder.version) == signatures.audio_signature()
    assert encoder.name == "sonic-musicnn" and encoder_signature("audio") != signatures.sonic_signature()


def test_patches_are_spread_over_the_windows_and_bounded():
    rng = np.random.default_rng(0)
    windows = [rng.standard_normal(22050 * 20).astype(np.float32) * 0.1 for _ in range(6)]
    assert spread_patches(windows, 22050, 4).shape == (4, 187, 96)
    assert spread_patches([windows[0][:22050]], 22050, 4).shape == (1, 187, 96)  # 1 s: one repeat-padded


def test_patches_skip_a_tracks_silent_lead_in_and_fade_out():
    # one 30 s window (a short track read whole): 3 s of silence at each end, sound between. The patches
    # come from inside the track (centred picks), not its first and last 3 s, which say nothing of its style.
    rate = 22050
    wave = (np.random.default_rng(2).standard_normal(30 * rate) * 0.1).astype(np.float32)
    wave[:3 * rate] = 0.0
    wave[-3 * rate - 2000:] = 0.0  # the last whole patch ends before the window's last samples
    chosen = spread_patches([wave], rate, 3)
    assert chosen.shape == (3, 187, 96)
    assert (chosen.max(axis=(1, 2)) > 0.1).all()  # silence gives log10(1 + 0) = 0 everywhere
    assert spread_patches([wave], rate, 20).shape == (10, 187, 96)  # more asked than there are: all of them


@pytest.fixture
def tiny(tmp_path):
    return write_tiny_musicnn(tmp_path / "weights", loud={"MTT": ["ambient", "slow"], "MSD": ["chillout"]})


def test_encoder_gives_unit_vectors_and_the_tags_the_net_says(tiny, tmp_path):
    path = mediagen.write_audio(tmp_path / "a.wav", 4.0, freq=330)
    encoder = SonicMusicnnEncoder(weights_dir=tiny, device="cpu")
    vectors, probs = encoder.encode_tagged([audio_clip(path), audio_clip(path)])
    assert vectors.shape == (2, encoder.dim) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert len(probs) == 2 and probs[0].shape == (100,)
    assert encoder.tag_words(probs[0])[:3] and set(encoder.tag_words(probs[0])) == {"ambient", "slow", "chillout"}
    assert np.allclose(encoder.encode([audio_clip(path)]), vectors[:1], atol=1e-5)


def test_patches_go_through_the_nets_a_few_at_a_time_with_the_same_rows(tiny, tmp_path):
    clips = [audio_clip(mediagen.write_audio(tmp_path / f"{i}.wav", 9.0, freq=220 + 90 * i)) for i in range(3)]
    whole = SonicMusicnnEncoder(weights_dir=tiny, device="cpu")
    whole.patches_per_pass = 1000
    bit_by_bit = SonicMusicnnEncoder(weights_dir=tiny, device="cpu")
    bit_by_bit.patches_per_pass = 2  # 9 patches: passes of 2, 2, 2, 2 and 1, across the tracks' borders
    calls = []
    msd, mtt, device = bit_by_bit._load()
    bit_by_bit._loaded = (lambda *a: calls.append(len(a[0])) or msd(*a), mtt, device)
    v1, p1 = whole.encode_tagged(clips)
    v2, p2 = bit_by_bit.encode_tagged(clips)
    assert calls == [2, 2, 2, 2, 1]
    assert np.allclose(v1, v2, atol=1e-5) and all(np.allclose(a, b, atol=1e-6) for a, b in zip(p1, p2))


def test_the_text_space_sees_the_auto_tags():
    d = Decoded(item=None, info=None, text="Nebula. Singularity")
    assert d.input_for("text") == "Nebula. Singularity"
    d.tags = ItemTags("sonic-musicnn", "1", np.zeros(100, np.float32), ("ambient", "slow"))
    assert d.input_for("text") == "Nebula. Singularity. ambient, slow"


def _run_worker(store, monkeypatch, tiny):
    monkeypatch.setenv(DIR_ENV, str(tiny))
    config = WorkerConfig(db_path=str(store.path), encoders_factory="musicnn_testlib:make", exit_when_idle=True,
                          processes=1)
    worker_main(config, threading.Event(), threading.Event(), queue.Queue())


def test_a_sonic_library_is_re_encoded_and_found_by_its_auto_tags(tiny, tmp_path, monkeypatch):
    root = tmp_path / "music"
    root.mkdir()
    for i, name in enumerate(("first", "second")):
        mediagen.write_audio(root / f"{name}.wav", 3.0, freq=300 + 400 * i, tags={"title": name})
    store = Store(tmp_path / "db.sqlite3")
    scan_folder(store, add_folder(store, str(root), "music"))
    old = signatures.sonic_signature()
    for item in store.all_media():  # analysed before: sonic vectors, no tags
        assert store.record_analysis(item.id, {"analysed_key": item.content_key}, "ready",
                                     [Embedding("audio", *old, np.ones(8, np.float32))])
    assert store.job_counts()["queued"] == 0
    fused = encoder_signature("audio")
    assert results.requeue_stale(store, {"audio": fused}) == 2  # the new signature: every track again
    monkeypatch.setenv("AVREC_QUICK_PASS", "0")
    _run_worker(store, monkeypatch, tiny)
    for item in store.all_media():
        emb = store.embeddings_of(item.id)["audio"]
        assert (emb.encoder, emb.version) == fused and emb.vector.size == SonicMusicnnEncoder().dim
        tags = store.tags_of(item.id)
        assert (tags.encoder, tags.version) == fused and {"ambient", "slow"} <= set(tags.words)
    found = [r["id"] for r in store.word_matches("ambient", statuses=["ready"])]
    assert sorted(found) == sorted(m.id for m in store.all_media())
    assert store.word_matches("techno", statuses=["ready"]) == []
    store.close()

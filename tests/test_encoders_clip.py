"""The CLIP encoder through the real install + loading code, on a tiny randomly initialised open_clip model."""

from __future__ import annotations

import numpy as np
import pytest

from avrec_desktop.encoders import models
from avrec_desktop.encoders.base import Encoder
from avrec_desktop.media.clips import VideoFrames
from avrec_desktop.encoders.clip import ClipEncoder
from avrec_desktop.errors import EncoderError, ModelNotInstalled, UnreadableMedia

from encoders_testlib import TINY_CFG, video_of, write_tiny_clip_folder


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    src = write_tiny_clip_folder(tmp_path_factory.mktemp("tiny-src"))
    installed = models.import_model(src, arch="tiny", model_id="tiny", models_dir=tmp_path_factory.mktemp("models"))
    return installed.folder


@pytest.fixture(scope="module")
def enc(tiny_folder):
    return ClipEncoder(tiny_folder, device="cpu")


def test_cheap_construction_and_identity(tiny_folder):
    enc = ClipEncoder(tiny_folder)
    assert isinstance(enc, Encoder)
    assert (enc.name, enc.space, enc.dim) == ("clip-tiny", "visual", TINY_CFG["embed_dim"])
    assert enc.version == models.file_sha256(tiny_folder / "open_clip_pytorch_model.bin")[:12]
    assert not enc.loaded  # weights load on the first encode, not before


def test_videos_become_unit_vectors_and_frames_are_mean_pooled(enc):
    videos = [video_of((200, 40, 40), n=3, seed=1), video_of((30, 60, 200), n=5, seed=2), video_of((90, 90, 90), n=1)]
    v = enc.encode(videos)
    assert enc.loaded
    assert v.shape == (3, enc.dim) and v.dtype == np.float32 and np.isfinite(v).all()
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    frames = enc.encode_images(videos[1].frames)
    pooled = frames.mean(axis=0)
    np.testing.assert_allclose(v[1], pooled / np.linalg.norm(pooled), atol=1e-5)
    # batching does not change results
    np.testing.assert_allclose(enc.encode(videos[1:2])[0], v[1], atol=1e-5)


def test_image_batches_are_split(enc, monkeypatch):
    monkeypatch.setattr(enc, "image_batch", 2)
    video = video_of((10, 200, 10), n=5)
    small_batches = enc.encode([video])
    monkeypatch.setattr(enc, "image_batch", 16)
    np.testing.assert_allclose(small_batches, enc.encode([video]), atol=1e-5)


def test_frames_resized_on_threads_give_the_same_rows_in_order(enc, monkeypatch):
    import threading
    import time

    frames = [f for seed in range(4) for f in video_of((40 * seed, 90, 200 - 40 * seed), n=3, seed=seed).frames]
    monkeypatch.setattr(enc, "preprocess_threads", 1)
    one = enc.encode_images(frames)
    _, preprocess, _, _ = enc._load()
    seen = set()

    def watched(image):
        seen.add(threading.current_thread().name)
        time.sleep(0.02)  # long enough that the other threads take the next frames
        return preprocess(image)

    monkeypatch.setattr(enc, "_loaded", (enc._loaded[0], watched, *enc._loaded[2:]))
    monkeypatch.setattr(enc, "preprocess_threads", 3)
    np.testing.assert_allclose(enc.encode_images(frames), one, atol=1e-6)
    assert len(seen) > 1 and all(name.startswith("clip-prep") for name in seen)
    with pytest.raises(UnreadableMedia):  # a bad frame among good ones still fails the call, on a thread
        enc.encode_images(frames[:5] + [np.zeros((4, 4), np.uint8)] + frames[5:])


def test_text_embeddings_share_the_space(enc):
    t = enc.encode_text(["a red car", "a blue sea", ""])
    assert t.shape == (3, enc.dim) and np.isfinite(t).all()
    np.testing.assert_allclose(np.linalg.norm(t, axis=1), 1.0, atol=1e-5)
    assert enc.encode_text([]).shape == (0, enc.dim)


def test_bad_inputs(enc):
    with pytest.raises(UnreadableMedia):
        enc.encode([VideoFrames([], [], 1.0)])
    with pytest.raises(EncoderError):
        enc.encode(["not a video"])
    with pytest.raises(UnreadableMedia):
        enc.encode_images([np.zeros((4, 4), np.uint8)])


def test_a_folder_without_a_model_is_not_installed(tmp_path):
    with pytest.raises(ModelNotInstalled):
        ClipEncoder(tmp_path)

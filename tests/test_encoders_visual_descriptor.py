"""The model-free ``visual-descriptor`` encoder."""

from __future__ import annotations

import numpy as np
import pytest

from avrec_desktop.encoders.base import Encoder
from avrec_desktop.media.clips import VideoFrames
from avrec_desktop.encoders.visual_descriptor import VisualDescriptorEncoder, describe
from avrec_desktop.errors import EncoderError, UnreadableMedia

from encoders_testlib import video_of


@pytest.fixture(scope="module")
def enc():
    return VisualDescriptorEncoder()


def test_protocol_and_unit_rows(enc):
    assert isinstance(enc, Encoder)
    assert (enc.name, enc.space) == ("visual-descriptor", "visual")
    v = enc.encode([video_of((200, 40, 40)), video_of((20, 20, 20), n=1)])
    assert v.shape == (2, enc.dim) and v.dtype == np.float32
    assert np.isfinite(v).all()
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_similar_colours_are_closer_than_different_ones(enc):
    red, red2, blue = enc.encode([video_of((200, 40, 40), seed=1), video_of((185, 55, 45), seed=2), video_of((30, 60, 200), seed=3)])
    assert red @ red2 > red @ blue + 0.03
    assert red @ red2 > red2 @ blue + 0.03


def test_busy_cut_footage_differs_from_a_static_shot(enc):
    rng = np.random.default_rng(0)
    busy = VideoFrames([rng.integers(0, 256, (72, 96, 3), dtype=np.uint8) for _ in range(8)], list(range(8)), 60.0, 40.0)
    busy2 = VideoFrames([rng.integers(0, 256, (72, 96, 3), dtype=np.uint8) for _ in range(8)], list(range(8)), 60.0, 35.0)
    static = video_of((120, 120, 120), noise=1.0, keyframe_rate=0.5)
    a, b, c = enc.encode([busy, busy2, static])
    assert a @ b > a @ c + 0.2
    values = describe(busy)["values"]
    assert values["frame_change_mean"] > describe(static)["values"]["frame_change_mean"]
    assert values["edge_density"] > describe(static)["values"]["edge_density"]


def test_odd_inputs(enc):
    black = VideoFrames([np.zeros((4, 4, 3), np.uint8)], [0.0], 0.0, 0.0)
    grey_big = VideoFrames([np.full((1080, 1920, 3), 128, np.uint8)], [0.0], float("nan"), float("inf"))
    one_pixel = VideoFrames([np.full((1, 1, 3), 255, np.uint8)], [0.0], 1.0, 0.0)
    rgba = VideoFrames([np.full((8, 8, 4), 200, np.uint8)], [0.0], 1.0, 0.0)
    v = enc.encode([black, grey_big, one_pixel, rgba])
    assert np.isfinite(v).all()
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_errors(enc):
    with pytest.raises(UnreadableMedia):
        enc.encode([VideoFrames([], [], 1.0)])
    with pytest.raises(UnreadableMedia):
        enc.encode([VideoFrames([np.zeros((4, 4), np.uint8)], [0.0], 1.0)])
    with pytest.raises(EncoderError):
        enc.encode(["not a video"])
    assert enc.encode([]).shape == (0, enc.dim)

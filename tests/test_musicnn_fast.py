"""The cheaper MusiCNN inference computes what the literal graph computes.

- ``MusicnnNet.forward`` (the prepared front end: input batch norm folded into the convs, max over
  frequency before ReLU and batch norm, the 7 x 38 conv as 1-D convs with a running max) equals
  ``forward_reference`` to 1e-4: on the shipped MSD and MTT weights, and on small random nets whose batch
  norms scale by negative numbers (where the max turns into a min), for patches of 187, 50 and 1 frames.
- The front end computes the log-mel of the chosen patches only: ``log_mel(wave, start, count)`` and
  ``patches_at`` equal slices of the whole spectrogram, and ``spread_patches`` picks the patches it picked
  when it cut every patch of every window.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

from avrec_desktop.encoders import musicnn_frontend as fe
from avrec_desktop.encoders.musicnn_model import MusicnnNet, load_musicnn
from avrec_desktop.encoders.sonic_musicnn import spread_patches

ATOL = 1e-4


def _both(net: MusicnnNet, x: torch.Tensor) -> tuple[float, float]:
    with torch.inference_mode():
        fast, ref = net(x), net.forward_reference(x)
    return float((fast[0] - ref[0]).abs().max()), float((fast[1] - ref[1]).abs().max())


def _patches(n: int, frames: int = fe.PATCH_FRAMES, seed: int = 0) -> torch.Tensor:
    return torch.from_numpy((np.random.default_rng(seed).random((n, frames, fe.N_MELS)) * 4).astype(np.float32))


@pytest.mark.parametrize("name", ["MSD", "MTT"])
def test_fast_forward_equals_the_reference_graph_on_the_shipped_weights(name):
    net = load_musicnn(name)
    d_probs, d_pen = _both(net, _patches(3))
    assert d_probs <= ATOL and d_pen <= ATOL, (d_probs, d_pen)


def _random_net(seed: int, negative_input: bool) -> MusicnnNet:
    torch.manual_seed(seed)
    net = MusicnnNet(["a", "b"], timbral=6, temporal=5, mid=4, dense=7)
    with torch.no_grad():
        for key, value in net.state_dict().items():
            value.copy_(torch.rand_like(value) + 0.5 if "var" in key else torch.randn_like(value) * 0.3)
        if negative_input:
            net.input_bn.weight.fill_(-0.7)
    net.requires_grad_(False)
    return net.eval().prepare()


@pytest.mark.parametrize("frames", [187, 50, 1])
@pytest.mark.parametrize("negative_input", [False, True])
def test_fast_forward_equals_the_reference_with_negative_scales(frames, negative_input):
    net = _random_net(frames, negative_input)
    scales = net.timbral_38_bn.weight
    assert (scales < 0).any() and (scales > 0).any()  # both the max and the min case are exercised
    d_probs, d_pen = _both(net, _patches(2, frames, seed=frames))
    assert d_probs <= ATOL and d_pen <= ATOL, (d_probs, d_pen)


def test_an_unprepared_net_runs_the_reference_graph():
    net = MusicnnNet(["a"], timbral=2, temporal=2, mid=2, dense=2).eval()
    x = _patches(1)
    with torch.inference_mode():
        assert torch.equal(net(x)[1], net.forward_reference(x)[1])


def _wave(seconds: float, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(int(seconds * fe.SAMPLE_RATE)) * 0.1).astype(np.float32)


@pytest.mark.parametrize("start,count", [(0, 10), (5, 187), (180, 1), (0, 0)])
def test_log_mel_of_some_frames_equals_the_slice_of_the_whole(start, count):
    wave = _wave(3.1)  # 194 frames: the last ones read the zero padding
    whole = fe.log_mel(wave)
    np.testing.assert_allclose(fe.log_mel(wave, start, count), whole[start:start + count], atol=1e-5)


def test_log_mel_rejects_frames_outside_the_spectrogram():
    from avrec_desktop.errors import BadArgument

    with pytest.raises(BadArgument):
        fe.log_mel(_wave(1.0), 60, 10)


@pytest.mark.parametrize("seconds", [1.0, 3.0, 12.0, 20.3])
def test_patches_at_equals_the_chosen_patches(seconds):
    wave = _wave(seconds, seed=int(seconds))
    every = fe.patches(wave)
    assert fe.patch_count(wave.size) == len(every)
    chosen = [len(every) - 1, 0] if len(every) > 1 else [0]
    np.testing.assert_allclose(fe.patches_at(wave, chosen), every[chosen], atol=1e-5)


def test_spread_patches_picks_what_cutting_every_patch_picked():
    rate = 22050
    rng = np.random.default_rng(3)
    windows = [(rng.standard_normal(int(s * rate)) * 0.1).astype(np.float32) for s in (20.0, 0.0, 2.0, 9.5)]
    every = np.concatenate([fe.patches(fe.resample_to_16k(w, rate)) for w in windows if w.size])
    want = every[[int((i + 0.5) / 4 * len(every)) for i in range(4)]]  # centred: not the list's ends
    np.testing.assert_allclose(spread_patches(windows, rate, 4), want, atol=1e-5)
    np.testing.assert_allclose(spread_patches(windows[2:3], rate, 4), every[6:7], atol=1e-5)

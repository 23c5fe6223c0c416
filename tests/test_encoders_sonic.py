"""The ``sonic`` audio descriptor: shape, normalisation, robustness, similarity sense, and no numba JIT."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from avrec_desktop.encoders.base import Encoder
from avrec_desktop.media.clips import AudioClip
from avrec_desktop.encoders.sonic import SonicEncoder, load_reference
from avrec_desktop.encoders.sonic_dsp import mel_filterbank
from avrec_desktop.encoders.sonic_features import FEATURE_NAMES, track_features
from avrec_desktop.errors import EncoderError, UnreadableMedia

from encoders_testlib import SR, clip_of, click_track, harmonic_tone, white_noise

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sonic():
    return SonicEncoder()


def _unit_rows(v: np.ndarray, dim: int) -> None:
    assert v.dtype == np.float32 and v.shape[1] == dim
    assert np.isfinite(v).all()
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)


def test_satisfies_the_encoder_protocol(sonic):
    assert isinstance(sonic, Encoder)
    assert (sonic.name, sonic.space, sonic.batch_size) == ("sonic", "audio", 1)
    assert sonic.dim == len(FEATURE_NAMES) == len(load_reference()["mean"])


def test_vectors_are_finite_unit_rows_of_the_declared_dim(sonic):
    v = sonic.encode([clip_of(harmonic_tone(220)), clip_of(white_noise())])
    _unit_rows(v, sonic.dim)
    assert v.shape[0] == 2


def test_similar_timbre_is_closer_than_noise(sonic):
    a, b, noise = sonic.encode(
        [clip_of(harmonic_tone(220, seed=1)), clip_of(harmonic_tone(247, seed=2)), clip_of(white_noise(seed=3))]
    )
    assert a @ b > a @ noise + 0.2
    assert a @ b > b @ noise + 0.2


def test_silence_and_tiny_clips_give_finite_vectors(sonic):
    clips = [
        clip_of(np.zeros(SR * 5)),  # pure silence
        clip_of(harmonic_tone(440, seconds=0.2)),  # 0.2 s
        clip_of(np.zeros(10)),  # a few samples
        clip_of(np.full(SR, 0.5)),  # DC offset only
        clip_of(np.zeros(SR), harmonic_tone(330, seconds=0.2)),  # a silent window beside a short one
    ]
    v = sonic.encode(clips)
    _unit_rows(v, sonic.dim)


def test_nan_and_inf_samples_do_not_poison_the_vector(sonic):
    x = harmonic_tone(220, seconds=2.0)
    x[100:200] = np.nan
    x[300] = np.inf
    _unit_rows(sonic.encode([clip_of(x)]), sonic.dim)


def test_empty_clip_is_unreadable_and_wrong_type_is_an_encoder_error(sonic):
    with pytest.raises(UnreadableMedia):
        sonic.encode([AudioClip(windows=[], sample_rate=SR, duration=0.0)])
    with pytest.raises(EncoderError):
        sonic.encode(["not audio"])


def test_other_sample_rates_are_resampled_to_the_same_description(sonic):
    t44 = np.arange(int(4 * 44100)) / 44100
    t22 = np.arange(int(4 * SR)) / SR
    x44 = (0.3 * np.sin(2 * np.pi * 330 * t44) + 0.1 * np.sin(2 * np.pi * 990 * t44)).astype(np.float32)
    x22 = (0.3 * np.sin(2 * np.pi * 330 * t22) + 0.1 * np.sin(2 * np.pi * 990 * t22)).astype(np.float32)
    a, b = sonic.encode([AudioClip([x44], 44100, 4.0), AudioClip([x22], SR, 4.0)])
    assert a @ b > 0.98


def test_windows_are_analysed_as_one_track(sonic):
    x = harmonic_tone(196, seconds=12.0)
    whole, split = sonic.encode([clip_of(x), clip_of(x[: 6 * SR], x[6 * SR :])])
    assert whole @ split > 0.97


def test_tempo_of_a_click_track():
    for bpm in (90.0, 128.0):
        raw = dict(zip(FEATURE_NAMES, track_features([click_track(bpm)], SR)))
        found = 120.0 * 2 ** raw["tempo_log2"]
        assert abs(found - bpm) / bpm < 0.04, (bpm, found)
        assert raw["pulse_clarity"] > 0.3


def test_mel_filterbank_matches_librosa():
    librosa_filters = pytest.importorskip("librosa.filters")
    ours = mel_filterbank(22050, 2048, 128)
    theirs = librosa_filters.mel(sr=22050, n_fft=2048, n_mels=128)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-7)


def test_version_follows_the_reference_constants():
    ref = load_reference()
    changed = {**ref, "std": [s * 1.01 for s in ref["std"]]}
    assert SonicEncoder(changed).version != SonicEncoder(ref).version
    assert SonicEncoder(dict(ref)).version == SonicEncoder(ref).version


def test_reference_constants_are_sane():
    ref = load_reference()
    assert ref["n_tracks"] >= 40
    assert all(np.isfinite(ref["mean"])) and all(s > 0 for s in ref["std"])
    assert set(ref["group_weights"]) == set(ref["feature_groups"])


_COLD_SCRIPT = """
import json, sys, numpy as np
from avrec_desktop.media.clips import AudioClip
from avrec_desktop.encoders.sonic import SonicEncoder
t = np.arange(22050 * 30) / 22050
x = (0.3 * np.sin(2 * np.pi * 220 * t) * (1 + np.sin(2 * np.pi * 2 * t))).astype(np.float32)
v = SonicEncoder().encode([AudioClip([x], 22050, 30.0)])
print(json.dumps({"numba": "numba" in sys.modules, "librosa": "librosa" in sys.modules,
                  "finite": bool(np.isfinite(v).all())}))
"""


def test_fresh_process_with_empty_numba_cache_compiles_nothing(tmp_path):
    """The first-file budget (10 s on a fresh install) holds because sonic never touches numba or librosa."""
    cache = tmp_path / "numba-cache"
    cache.mkdir()
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", _COLD_SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"numba": False, "librosa": False, "finite": True}
    assert not any(cache.iterdir())

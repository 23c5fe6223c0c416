"""MusiCNN's input: a log-compressed mel spectrogram of 16 kHz mono audio, cut into 3-second patches.

numpy only. The numbers equal what the original ``musicnn`` extractor computes with librosa
(``melspectrogram(sr=16000, n_fft=512, hop_length=256, n_mels=96)``: a centred, zero-padded STFT with a
periodic Hann window, the power spectrum, Slaney-scale mel filters with Slaney area normalisation), then
``log10(1 + 10000 * mel)``. The original rounds the mel power to float16 first (which overflows to inf on
very loud input); this keeps float32 throughout.
"""
from __future__ import annotations

import functools

import numpy as np

from avrec_desktop.errors import BadArgument

SAMPLE_RATE = 16000
N_FFT = 512
HOP = 256
N_MELS = 96
# librosa.time_to_frames(3 s) + 1, as the extractor computes it: floor((48000 - 256) / 256) + 1.
PATCH_FRAMES = 187

_CHUNK_FRAMES = 4096  # STFT frames per step: bounds memory on long tracks


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale: linear (3 mels per 200 Hz) below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    mel = hz / (200.0 / 3.0)
    log_step = np.log(6.4) / 27.0
    above = hz >= 1000.0
    mel[above] = 15.0 + np.log(hz[above] / 1000.0) / log_step
    return mel


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    hz = mel * (200.0 / 3.0)
    log_step = np.log(6.4) / 27.0
    above = mel >= 15.0
    hz[above] = 1000.0 * np.exp(log_step * (mel[above] - 15.0))
    return hz


@functools.lru_cache(maxsize=1)
def mel_filters() -> np.ndarray:
    """(96, 257) float32 triangular filters from 0 Hz to Nyquist, each scaled to unit area (2 / width)."""
    fft_hz = np.arange(N_FFT // 2 + 1, dtype=np.float64) * (SAMPLE_RATE / N_FFT)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(np.array([0.0]))[0],
                                   _hz_to_mel(np.array([SAMPLE_RATE / 2.0]))[0], N_MELS + 2))
    widths = np.diff(edges)
    offsets = edges[:, None] - fft_hz[None, :]
    rising = -offsets[:-2] / widths[:-1, None]
    falling = offsets[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(rising, falling))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    out = weights.astype(np.float32)
    out.setflags(write=False)
    return out


@functools.lru_cache(maxsize=1)
def _window() -> np.ndarray:
    n = np.arange(N_FFT, dtype=np.float64)
    return (0.5 - 0.5 * np.cos(2.0 * np.pi * n / N_FFT)).astype(np.float32)  # periodic Hann


def _check(wave16k: np.ndarray) -> np.ndarray:
    wave = np.asarray(wave16k)
    if wave.ndim != 1:
        raise BadArgument(f"MusiCNN needs a mono waveform (1-D), got shape {wave.shape}")
    if wave.size == 0:
        raise BadArgument("MusiCNN needs at least one audio sample, got none")
    return np.ascontiguousarray(wave, dtype=np.float32)


def resample_to_16k(wave: np.ndarray, sr: int) -> np.ndarray:
    """Mono float32 at 16 kHz with soxr's high-quality filter, the resampler ``librosa.load`` (and so the
    original extractor) uses. Decoding at the file's own rate and resampling here matches the TF reference
    end to end (mean penultimate cosine 1.0); FFmpeg's default resampler does not (cosine ~0.99)."""
    wave = _check(wave)
    if sr == SAMPLE_RATE:
        return wave
    if sr <= 0:
        raise BadArgument(f"sample rate must be positive, got {sr}")
    import soxr  # librosa's resampler (a dependency of librosa); imported only when needed

    return np.ascontiguousarray(soxr.resample(wave, sr, SAMPLE_RATE, quality="HQ"), dtype=np.float32)


def frame_count(n_samples: int) -> int:
    """Log-mel frames of ``n_samples`` samples (centred STFT): 1 + n // 256."""
    return 1 + int(n_samples) // HOP


def log_mel(wave16k: np.ndarray, start: int = 0, count: int | None = None) -> np.ndarray:
    """(frames, 96) float32 ``log10(1 + 10000 * mel power)``; frames = 1 + len(wave) // 256.

    ``start`` / ``count``: only those frames of the whole spectrogram (the same numbers, computed from
    the samples they cover), so a few patches of a long window cost a few patches."""
    wave = _check(wave16k)
    total = frame_count(wave.size)
    count = total - start if count is None else count
    if start < 0 or count < 0 or start + count > total:
        raise BadArgument(f"frames {start}..{start + count} outside 0..{total}")
    lo, hi = start * HOP - N_FFT // 2, (start + count - 1) * HOP + N_FFT // 2  # padded coordinates
    padded = np.zeros(max(hi - lo, N_FFT), dtype=np.float32)
    src_lo, src_hi = max(lo, 0), min(hi, wave.size)
    if src_hi > src_lo:
        padded[src_lo - lo:src_hi - lo] = wave[src_lo:src_hi]
    n_frames = count
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP][:n_frames]
    filters_t = mel_filters().T
    window = _window()
    out = np.empty((n_frames, N_MELS), dtype=np.float32)
    for at in range(0, n_frames, _CHUNK_FRAMES):
        spectrum = np.fft.rfft(frames[at:at + _CHUNK_FRAMES] * window, axis=1)
        power = (spectrum.real ** 2 + spectrum.imag ** 2).astype(np.float32)
        out[at:at + _CHUNK_FRAMES] = power @ filters_t
    np.multiply(out, 10000.0, out=out)
    np.log10(1.0 + out, out=out)
    return out


def patches(wave16k: np.ndarray, hop_frames: int = PATCH_FRAMES) -> np.ndarray:
    """(n, 187, 96) float32 patches of the log-mel spectrogram, as the extractor cuts them.

    Patches start every ``hop_frames`` frames (default 187: back to back, no overlap) and a trailing part
    shorter than a patch is dropped. Audio shorter than one patch (under 3 s) is repeated until it fills
    one, as the models were trained ("repeat-pad"); the original extractor failed on such input.
    """
    if hop_frames < 1:
        raise BadArgument(f"hop_frames must be at least 1, got {hop_frames}")
    spec = log_mel(wave16k)
    if spec.shape[0] < PATCH_FRAMES:
        reps = -(-PATCH_FRAMES // spec.shape[0])
        return np.tile(spec, (reps, 1))[None, :PATCH_FRAMES].copy()
    starts = range(0, spec.shape[0] - PATCH_FRAMES + 1, hop_frames)
    return np.stack([spec[s:s + PATCH_FRAMES] for s in starts]).astype(np.float32, copy=False)


def patch_count(n_samples: int, hop_frames: int = PATCH_FRAMES) -> int:
    """How many patches ``patches`` cuts from ``n_samples`` samples (1 for audio under one patch)."""
    frames = frame_count(n_samples)
    return 1 if frames < PATCH_FRAMES else 1 + (frames - PATCH_FRAMES) // hop_frames


def patches_at(wave16k: np.ndarray, indices, hop_frames: int = PATCH_FRAMES) -> np.ndarray:
    """``patches(wave16k, hop_frames)[indices]``, computing the log-mel of those patches only."""
    wave = _check(wave16k)
    if not len(indices):
        return np.zeros((0, PATCH_FRAMES, N_MELS), dtype=np.float32)
    if frame_count(wave.size) < PATCH_FRAMES:
        return patches(wave, hop_frames)[np.asarray(indices, dtype=int)]
    return np.stack([log_mel(wave, int(i) * hop_frames, PATCH_FRAMES) for i in indices]).astype(
        np.float32, copy=False)

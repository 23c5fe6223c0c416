"""Filterbanks and the shared STFT behind the ``sonic`` audio descriptor, in plain numpy/scipy.

Why not librosa here: librosa's numba kernels compile on first use, ~25 s on a fresh install (STACK.md), and
even ``librosa.filters.chroma`` costs ~18 s cold. A brand-new user must see the first track analysed within
seconds of the worker starting, so everything the descriptor needs is written out below with the same
conventions as librosa (Slaney mel scale and area-normalised mel filters, like ``librosa.filters.mel``;
``power_to_db`` with ``amin=1e-10``; orthonormal DCT-II for MFCC). Nothing here imports numba.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import scipy.fft
import scipy.signal

SAMPLE_RATE = 22050
N_FFT = 2048
HOP = 512
N_MELS = 128
AMIN = 1e-10


def hz_to_mel(hz: np.ndarray | float) -> np.ndarray:
    """Slaney mel scale (librosa's default, ``htk=False``): linear below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = hz / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(hz >= min_log_hz, min_log_mel + np.log(np.maximum(hz, 1e-12) / min_log_hz) / logstep, mels)


def mel_to_hz(mels: np.ndarray | float) -> np.ndarray:
    mels = np.asarray(mels, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(mels >= min_log_mel, min_log_hz * np.exp(logstep * (mels - min_log_mel)), f_sp * mels)


@functools.lru_cache(maxsize=8)
def mel_filterbank(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> np.ndarray:
    """(n_mels, 1 + n_fft//2) float32 triangular filters, Slaney-normalised, as ``librosa.filters.mel``."""
    fft_freqs = np.fft.rfftfreq(n_fft, 1.0 / sr)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2.0), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


@functools.lru_cache(maxsize=8)
def chroma_filterbank(sr: int = SAMPLE_RATE, n_fft: int = N_FFT, fmin: float = 55.0, fmax: float = 5000.0):
    """(12, 1 + n_fft//2) float32 weights mapping FFT bins to pitch classes (C = 0).

    Each bin between ``fmin`` and ``fmax`` votes for the pitch classes within one semitone of its frequency,
    with a triangular weight; bins below ``fmin`` are too coarse in pitch to say anything useful.
    """
    freqs = np.fft.rfftfreq(n_fft, 1.0 / sr)
    weights = np.zeros((12, freqs.size), dtype=np.float64)
    usable = (freqs >= fmin) & (freqs <= fmax)
    midi = 69.0 + 12.0 * np.log2(freqs[usable] / 440.0)
    for pc in range(12):
        distance = np.abs(((midi - pc + 6.0) % 12.0) - 6.0)
        weights[pc, usable] = np.maximum(0.0, 1.0 - distance)
    return weights.astype(np.float32)


@functools.lru_cache(maxsize=4)
def hann(n_fft: int = N_FFT) -> np.ndarray:
    return scipy.signal.get_window("hann", n_fft, fftbins=True).astype(np.float32)


def to_sample_rate(samples: np.ndarray, sr: int) -> np.ndarray:
    """Mono float32 at ``SAMPLE_RATE``: polyphase resampling when the input rate differs."""
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    if sr == SAMPLE_RATE or x.size == 0:
        return x
    g = np.gcd(int(sr), SAMPLE_RATE)
    return scipy.signal.resample_poly(x, SAMPLE_RATE // g, int(sr) // g).astype(np.float32)


@dataclass
class Spectra:
    """One window's shared STFT products; every feature family reads these instead of its own STFT."""

    power: np.ndarray  # (frames, bins) float32 |X|^2
    mel_db: np.ndarray  # (frames, n_mels) float32, power_to_db(mel, ref=1, amin=1e-10, top_db=80)
    rms: np.ndarray  # (frames,) float32, window-weighted RMS from Parseval
    freqs: np.ndarray  # (bins,) float64
    zcr: np.ndarray  # (frames,) float32 zero-crossing rate per hop
    peak: float  # max |sample|


def spectra(x: np.ndarray) -> Spectra:
    """STFT of one mono window at ``SAMPLE_RATE`` (centred, zero-padded frames) and what derives from it."""
    x = np.nan_to_num(np.asarray(x, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    pad = N_FFT // 2
    padded = np.pad(x, (pad, pad + max(0, N_FFT - x.size)))
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    window = hann()
    spec = scipy.fft.rfft(frames * window, axis=1, workers=1)
    power = spec.real * spec.real
    power += spec.imag * spec.imag
    power = power.astype(np.float32, copy=False)
    mel = power @ mel_filterbank().T
    mel_db = 10.0 * np.log10(np.maximum(mel, AMIN))
    mel_db = np.maximum(mel_db, mel_db.max() - 80.0).astype(np.float32)
    energy = power[:, 0] + power[:, -1] + 2.0 * power[:, 1:-1].sum(axis=1)
    rms = np.sqrt(energy / (N_FFT * float(np.sum(window.astype(np.float64) ** 2)))).astype(np.float32)
    signs = np.signbit(x)
    crossings = np.zeros(x.size, dtype=np.float32)
    if x.size > 1:
        crossings[1:] = signs[1:] != signs[:-1]
    n_frames = power.shape[0]
    per_hop = np.add.reduceat(crossings, np.arange(0, x.size, HOP)) / HOP if x.size else np.zeros(0)
    zcr = np.zeros(n_frames, dtype=np.float32)
    zcr[: min(n_frames, per_hop.size)] = per_hop[:n_frames]
    return Spectra(
        power=power,
        mel_db=mel_db,
        rms=rms,
        freqs=np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE),
        zcr=zcr,
        peak=float(np.max(np.abs(x))) if x.size else 0.0,
    )


def mfcc(mel_db: np.ndarray, n_mfcc: int = 20) -> np.ndarray:
    """(frames, n_mfcc) MFCC: orthonormal DCT-II of the log-mel spectrum, as librosa."""
    return scipy.fft.dct(mel_db, type=2, norm="ortho", axis=1, workers=1)[:, :n_mfcc]


def autocorrelation(x: np.ndarray, max_lag: int) -> np.ndarray:
    """Autocorrelation of each row of ``x`` for lags 0..max_lag-1, by FFT."""
    n = x.shape[-1]
    size = scipy.fft.next_fast_len(2 * n - 1, real=True)
    spectrum = scipy.fft.rfft(x, size, axis=-1, workers=1)
    ac = scipy.fft.irfft(spectrum.real**2 + spectrum.imag**2, size, axis=-1, workers=1)
    return ac[..., :max_lag]

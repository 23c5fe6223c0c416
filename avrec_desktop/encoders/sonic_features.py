"""The raw ``sonic`` features of a whole track: timbre, spectral shape, harmony, rhythm, dynamics.

Why these: they are what a listener hears as "sounds like" — the instrument colour (MFCC), brightness and
noisiness (spectral shape), tonal content (chroma, key clarity, tonal-centroid radii), pace and groove
(onset strength, tempo from an onset autocorrelation, pulse clarity) and loudness contour (short-term
loudness, per-band level variation, crest factor). Every feature is a summary over all frames of all
windows of the clip, so the result describes the whole track, not its first minute.

Raw values live on wildly different scales; ``sonic.py`` z-scores them with reference constants and weights
each group equally. ``FEATURE_NAMES`` and ``FEATURE_GROUPS`` fix the layout: change them and you must
recalibrate (``sonic_calibrate.py write``; the version follows the constants). A change that alters
the output without changing the layout must bump ``sonic.CODE_REVISION``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .sonic_dsp import HOP, SAMPLE_RATE, Spectra, autocorrelation, chroma_filterbank, mfcc, spectra, to_sample_rate
from .sonic_layout import GROUPS as SONIC_GROUPS

FPS = SAMPLE_RATE / HOP  # onset-envelope frames per second (~43)
N_MFCC = 20
CONTRAST_EDGES = (0.0, 200.0, 400.0, 800.0, 1600.0, 3200.0, 6400.0, SAMPLE_RATE / 2)
TEMPO_BANDS = ((30, 55), (55, 80), (80, 110), (110, 150), (150, 200), (200, 300))  # BPM
DYNAMIC_BANDS = ((0, 10), (10, 40), (40, 80), (80, 128))  # mel bands: bass, low-mid, high-mid, treble
SHORT_TERM = 3.0  # seconds per short-term loudness value (EBU R128's short-term window), hop 1 s
TEMPO_WINDOW = 384  # onset frames per local autocorrelation (~8.9 s), as librosa's tempogram
# Krumhansl–Kessler key profiles, for key clarity and mode.
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def _names() -> tuple[list[str], list[str]]:
    names: list[tuple[str, str]] = []
    names += [("timbre", f"mfcc{i}_mean") for i in range(N_MFCC)]
    names += [("timbre", f"mfcc{i}_std") for i in range(N_MFCC)]
    for feat in ("centroid", "bandwidth", "rolloff", "flatness", "zcr"):
        names += [("spectral", f"{feat}_mean"), ("spectral", f"{feat}_std")]
    names += [("spectral", "low_energy_ratio")]
    names += [("spectral", f"contrast{i}_mean") for i in range(len(CONTRAST_EDGES) - 1)]
    names += [("spectral", f"contrast{i}_std") for i in range(len(CONTRAST_EDGES) - 1)]
    names += [("harmony", f"chroma_sorted{i}") for i in range(12)]
    names += [("harmony", f"chroma_sorted{i}_std") for i in range(12)]
    names += [("harmony", n) for n in ("chroma_entropy", "key_clarity", "mode", "chroma_flux")]
    names += [("harmony", f"tonnetz_r{i}_{s}") for i in range(3) for s in ("mean", "std")]
    names += [("rhythm", n) for n in ("onset_mean", "onset_std", "onset_rate", "tempo_log2", "pulse_clarity")]
    names += [("rhythm", f"tempo_band{i}") for i in range(len(TEMPO_BANDS))]
    names += [("rhythm", "low_onset_share")]
    names += [("dynamics", f"short_loudness_{n}") for n in ("mean", "std", "range", "p95", "p50", "change")]
    names += [("dynamics", f"band{i}_db_std") for i in range(len(DYNAMIC_BANDS))]
    names += [("dynamics", n) for n in ("crest_db", "quiet_ratio")]
    return [n for _, n in names], [g for g, _ in names]


FEATURE_NAMES, FEATURE_GROUPS = _names()
GROUPS = SONIC_GROUPS  # in sonic_layout.py, so queries know the groups without scipy


def track_features(windows: Sequence[np.ndarray], sample_rate: int) -> np.ndarray:
    """Raw feature vector (float64, ``len(FEATURE_NAMES)``) over all windows; finite for any input."""
    parts = [spectra(to_sample_rate(w, sample_rate)) for w in windows if np.asarray(w).size]
    if not parts:
        parts = [spectra(np.zeros(HOP, dtype=np.float32))]
    values: dict[str, float] = {}
    active = _active_masks(parts)
    _timbre(parts, active, values)
    _spectral(parts, active, values)
    _harmony(parts, active, values)
    _rhythm(parts, values)
    _dynamics(parts, values)
    vector = np.array([values[n] for n in FEATURE_NAMES], dtype=np.float64)
    return np.nan_to_num(vector, nan=0.0, posinf=0.0, neginf=0.0)


def _active_masks(parts: list[Spectra]) -> list[np.ndarray]:
    """Frames louder than 50 dB below the track's loudest; all frames if the track is silent."""
    rms_db = [20 * np.log10(np.maximum(p.rms, 1e-5)) for p in parts]
    top = max(float(np.max(r)) for r in rms_db)
    masks = [r > max(top - 50.0, -95.0) for r in rms_db]
    if not any(m.any() for m in masks):
        masks = [np.ones_like(m) for m in masks]
    return masks


def _mean_std(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if rows.shape[0] == 0:
        zeros = np.zeros(rows.shape[1:], dtype=np.float64)
        return zeros, zeros
    return rows.mean(axis=0, dtype=np.float64), rows.std(axis=0, dtype=np.float64)


def _timbre(parts, active, values) -> None:
    coeffs = [mfcc(p.mel_db, N_MFCC) for p in parts]
    all_rows = np.concatenate([c[m] for c, m in zip(coeffs, active)])
    mean, std = _mean_std(all_rows)
    for i in range(N_MFCC):
        values[f"mfcc{i}_mean"], values[f"mfcc{i}_std"] = mean[i], std[i]


def _spectral(parts, active, values) -> None:
    """Spectral shape per frame, summarised. Every other active frame is plenty for means and spreads
    over thousands of frames, and halves the cost (the contrast partition is the dearest step)."""
    freqs = parts[0].freqs.astype(np.float32)
    bands = [(freqs >= lo) & (freqs < hi) for lo, hi in zip(CONTRAST_EDGES[:-1], CONTRAST_EDGES[1:])]
    per_frame = []
    for p, m in zip(parts, active):
        rows = np.flatnonzero(m)
        rows = rows[::2] if rows.size >= 4 else rows
        power = np.maximum(p.power[rows], np.float32(1e-10))
        mag = np.sqrt(power)
        total = mag.sum(axis=1) + 1e-10
        centroid = (mag @ freqs) / total
        spread = np.sqrt(np.maximum((mag @ (freqs * freqs)) / total - centroid**2, 0.0))
        cumulative = np.cumsum(mag, axis=1)
        rolloff = freqs[np.minimum((cumulative < 0.85 * cumulative[:, -1:]).sum(axis=1), freqs.size - 1)]
        flatness = np.mean(np.log(power), axis=1) - np.log(np.mean(power, axis=1))  # log(geometric/arithmetic)
        contrast = np.stack([_contrast(power[:, b]) for b in bands], axis=1)
        low = power[:, freqs < 150.0].sum(axis=1) / power.sum(axis=1)
        per_frame.append(
            np.column_stack(
                [
                    np.log2(np.maximum(centroid, 20.0)),
                    np.log2(np.maximum(spread, 20.0)),
                    np.log2(np.maximum(rolloff, 20.0)),
                    flatness / np.log(10.0),
                    np.sqrt(p.zcr[rows]),
                    low,
                    contrast,
                ]
            ).astype(np.float64)
        )
    mean, std = _mean_std(np.concatenate(per_frame))
    for i, feat in enumerate(("centroid", "bandwidth", "rolloff", "flatness", "zcr")):
        values[f"{feat}_mean"], values[f"{feat}_std"] = mean[i], std[i]
    values["low_energy_ratio"] = mean[5]
    for i in range(len(bands)):
        values[f"contrast{i}_mean"], values[f"contrast{i}_std"] = mean[6 + i], std[6 + i]


def _contrast(band_power: np.ndarray, quantile: float = 0.02) -> np.ndarray:
    """Peak-to-valley ratio in dB of one sub-band per frame (librosa's spectral_contrast idea)."""
    n = band_power.shape[1]
    k = max(1, int(round(quantile * n)))
    if n <= 2 * k:
        return np.zeros(band_power.shape[0])
    part = np.partition(band_power, (k - 1, n - k), axis=1)
    valley = part[:, :k].mean(axis=1)
    peak = part[:, n - k :].mean(axis=1)
    return 10.0 * (np.log10(peak + 1e-10) - np.log10(valley + 1e-10))


def _harmony(parts, active, values) -> None:
    fb = chroma_filterbank()
    chroma = np.concatenate([p.power[m] @ fb.T for p, m in zip(parts, active)]).astype(np.float64)
    chroma /= chroma.max(axis=1, keepdims=True) + 1e-10
    mean, std = _mean_std(chroma)
    order = np.argsort(mean)[::-1]  # strongest pitch class first: independent of the key
    for i, pc in enumerate(order):
        values[f"chroma_sorted{i}"], values[f"chroma_sorted{i}_std"] = mean[pc], std[pc]
    dist = mean / (mean.sum() + 1e-10)
    values["chroma_entropy"] = float(-(dist * np.log2(dist + 1e-12)).sum())
    major = [_corr(mean, np.roll(_MAJOR, k)) for k in range(12)]
    minor = [_corr(mean, np.roll(_MINOR, k)) for k in range(12)]
    values["key_clarity"] = max(max(major), max(minor))
    values["mode"] = max(major) - max(minor)
    values["chroma_flux"] = float(np.abs(np.diff(chroma, axis=0)).sum(axis=1).mean()) if len(chroma) > 1 else 0.0
    # Tonal centroid (Harte et al. 2006): radius on the circles of fifths, minor and major thirds.
    l1 = chroma / (chroma.sum(axis=1, keepdims=True) + 1e-10)
    pcs = np.arange(12)
    for i, (step, radius) in enumerate(((7 / 6, 1.0), (3 / 2, 1.0), (2 / 3, 0.5))):
        angle = pcs * step * np.pi
        x, y = l1 @ (radius * np.cos(angle)), l1 @ (radius * np.sin(angle))
        r = np.hypot(x, y)
        values[f"tonnetz_r{i}_mean"], values[f"tonnetz_r{i}_std"] = float(r.mean()), float(r.std())


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    denom = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / denom) if denom > 1e-12 else 0.0


def _rhythm(parts, values) -> None:
    envelopes, low_share = [], []
    for p in parts:
        flux = np.maximum(np.diff(p.mel_db, axis=0), 0.0) if p.mel_db.shape[0] > 1 else np.zeros((1, p.mel_db.shape[1]))
        envelopes.append(flux.mean(axis=1))
        low_share.append(flux[:, :20].sum() / (flux.sum() + 1e-10))
    env = np.concatenate(envelopes)
    values["onset_mean"], values["onset_std"] = float(env.mean()), float(env.std())
    peaks = 0
    for e in envelopes:
        if e.size > 2:
            threshold = e.mean() + e.std()
            peaks += int(np.sum((e[1:-1] > e[:-2]) & (e[1:-1] >= e[2:]) & (e[1:-1] > threshold)))
    values["onset_rate"] = peaks / max(env.size / FPS, 1.0)
    ac = _tempogram(envelopes)
    lags = np.arange(ac.size)
    bpm = np.where(lags > 0, 60.0 * FPS / np.maximum(lags, 1), np.inf)
    in_range = (bpm >= 30) & (bpm <= 300)
    prior = np.exp(-0.5 * np.log2(np.where(in_range, bpm, 120.0) / 120.0) ** 2)
    if ac.any() and in_range.any():
        best = int(np.argmax(np.where(in_range, ac * prior, -np.inf)))
        values["tempo_log2"] = float(np.log2(bpm[best] / 120.0))
        values["pulse_clarity"] = float(np.max(ac[(bpm >= 40) & (bpm <= 240)]))
    else:
        values["tempo_log2"], values["pulse_clarity"] = 0.0, 0.0
    for i, (lo, hi) in enumerate(TEMPO_BANDS):
        band = (bpm >= lo) & (bpm < hi)
        values[f"tempo_band{i}"] = float(ac[band].mean()) if band.any() else 0.0
    values["low_onset_share"] = float(np.mean(low_share))


def _tempogram(envelopes: list[np.ndarray]) -> np.ndarray:
    """Mean of local, lag-0-normalised autocorrelations of the onset envelope (≈ librosa's tempogram)."""
    rows = []
    for e in envelopes:
        if e.size < 16:
            continue
        size = min(TEMPO_WINDOW, e.size)
        starts = np.arange(0, e.size - size + 1, 64)
        win = np.hanning(size)
        segments = np.stack([e[s : s + size] for s in starts])
        segments = (segments - segments.mean(axis=1, keepdims=True)) * win
        ac = autocorrelation(segments, size)
        ac /= np.maximum(ac[:, :1], 1e-10)
        padded = np.zeros((ac.shape[0], TEMPO_WINDOW))
        padded[:, :size] = ac
        rows.append(padded)
    if not rows:
        return np.zeros(TEMPO_WINDOW)
    return np.concatenate(rows).mean(axis=0)


def _dynamics(parts, values) -> None:
    """Loudness contour: short-term loudness (3 s) statistics, per-band level variation, crest factor."""
    short = []
    for p in parts:
        energy = p.rms.astype(np.float64) ** 2
        size, hop = int(SHORT_TERM * FPS), int(FPS)
        if energy.size >= size:
            cumulative = np.concatenate([[0.0], np.cumsum(energy)])
            ends = np.arange(size, energy.size + 1, hop)
            short.append((cumulative[ends] - cumulative[ends - size]) / size)
        else:
            short.append(np.array([energy.mean()]))
    st_db = 10 * np.log10(np.concatenate(short) + 1e-10)
    p95, p50, p10 = np.percentile(st_db, [95, 50, 10])
    values["short_loudness_mean"], values["short_loudness_std"] = float(st_db.mean()), float(st_db.std())
    values["short_loudness_range"], values["short_loudness_p95"], values["short_loudness_p50"] = p95 - p10, p95, p50
    changes = [np.abs(np.diff(10 * np.log10(s + 1e-10))) for s in short if s.size > 1]
    values["short_loudness_change"] = float(np.concatenate(changes).mean()) if changes else 0.0
    for i, (lo, hi) in enumerate(DYNAMIC_BANDS):
        band_db = np.concatenate([10 * np.log10(np.sum(10 ** (p.mel_db[:, lo:hi] / 10), axis=1)) for p in parts])
        values[f"band{i}_db_std"] = float(band_db.std())
    rms = np.concatenate([p.rms for p in parts]).astype(np.float64)
    rms_db = 20 * np.log10(np.maximum(rms, 1e-5))
    values["quiet_ratio"] = float(np.mean(rms_db < np.percentile(rms_db, 95) - 30.0))
    loudness = 10 * np.log10(np.mean(rms**2) + 1e-10)
    peak = max(p.peak for p in parts)
    values["crest_db"] = float(20 * np.log10(max(peak, 1e-5)) - loudness) if rms.max() > 1e-5 else 0.0

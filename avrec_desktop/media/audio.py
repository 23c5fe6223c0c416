"""Audio to mono float32 at one fixed rate, and ``audio_clip``: the windows an audio encoder analyses.

Why windows: the audio analysed per file must be bounded, because both decoding and the DSP after it scale
with length: a 3-hour mix must cost what a song costs. Files up to ``whole_below`` seconds are decoded whole;
longer ones get ``max_windows`` windows of ``window_seconds`` centred at (i + 0.5)/n of the duration (intro,
middle and outro all represented), each reached by seeking.

Defaults (20 s x 6, whole below 120 s) cap the audio per file at 120 s. Measured here: decoding 120 s costs
~0.15 s for MP3 and ~0.25 s for 48 kHz Vorbis (the slowest common case: 208 s of it took 0.42 CPU-s), and
librosa's features on 120 s ~0.4-0.7 s, so a 3-4 minute track stays inside a ~1.5 CPU-s budget. (30 s x 6
with whole decoding up to 240 s would spend ~0.5 s decoding and ~1.4 s in librosa on a 4-minute track.)
A plain librosa descriptor over the first 120 s already beat bliss-rs on the eval corpus (STACK.md);
windows spread over the whole track see more of it for the same cost.

Damage policy: a packet that fails to decode is skipped and decoding goes on; a demuxer error ends the read
and keeps what came before. Only when almost nothing usable came out (< 0.5 s from a file that claims to be
longer) is the file called "truncated or corrupt".
"""

from __future__ import annotations

import av
import numpy as np

from .clips import AudioClip
from avrec_desktop.errors import CutShort, NoAudioStream, UnreadableMedia

from . import sndfile_fallback
from .opening import audio_streams, av_reason, open_media, stream_duration, stream_origin

AUDIO_SAMPLE_RATE = 22050
MIN_USABLE_SECONDS = 0.5  # less than this from a file claiming more is "truncated or corrupt"
_MAX_BAD_PACKETS = 64  # consecutive undecodable packets before a read gives up

DEFAULT_WINDOW_SECONDS = 20.0
DEFAULT_MAX_WINDOWS = 6
DEFAULT_WHOLE_BELOW = 120.0


def _main_audio(container):
    streams = audio_streams(container)
    if not streams:
        raise NoAudioStream("no audio stream")
    return streams[0]


_DTYPES = {"u8": np.uint8, "s16": np.int16, "s32": np.int32, "s64": np.int64, "flt": np.float32, "dbl": np.float64}
_SCALE = {"u8": 128.0, "s16": 32768.0, "s32": 2147483648.0, "s64": 9223372036854775808.0}
_RESAMPLE_CHUNK = 1 << 20  # native-rate samples handed to the resampler per call
# libswresample with a 16-tap filter: 35 % cheaper than the default 32 taps; still -100 dB aliasing at
# 48 kHz -> 22.05 kHz, with the top ~1.5 kHz below Nyquist rolled off by up to ~1 dB.
_RESAMPLER_OPTIONS = {"filter_size": "16"}


def _mono(frame) -> np.ndarray:
    """A decoded frame as mono float32 at its own rate: channels averaged in numpy.

    Why not ``AudioResampler`` per frame: Vorbis/Opus/AAC frames are small (128-1024 samples) and the
    per-call overhead of resampling and ``to_ndarray`` doubled the cost of a 48 kHz Vorbis track. Averaging
    here and resampling the joined signal in big chunks costs one call per megasample.
    """
    name = frame.format.name.rstrip("p")
    dtype = _DTYPES[name]
    n = frame.samples
    channels = frame.layout.nb_channels
    if frame.format.is_planar:
        planes = frame.planes
        x = np.frombuffer(planes[0], dtype, count=n).astype(np.float32)
        if channels > 1:  # np.mean over a list costs ~10 us a call; this loop ~2 us
            for plane in planes[1:channels]:
                x += np.frombuffer(plane, dtype, count=n)
            x *= 1.0 / channels
    else:
        packed = np.frombuffer(frame.planes[0], dtype, count=n * channels)
        x = packed.astype(np.float32) if channels == 1 else packed.reshape(n, channels).mean(axis=1, dtype=np.float32)
    if name == "u8":
        x -= 128.0
    scale = _SCALE.get(name)
    if scale:
        x /= scale
    return x


def _resample(x: np.ndarray, rate: int, sr: int) -> np.ndarray:
    """Mono float32 ``x`` from ``rate`` to ``sr`` with libswresample."""
    if rate == sr or x.size == 0:
        return x
    resampler = av.AudioResampler(format="flt", layout="mono", rate=sr, options=_RESAMPLER_OPTIONS)
    out = []
    for i in range(0, x.size, _RESAMPLE_CHUNK):
        block = np.ascontiguousarray(x[None, i : i + _RESAMPLE_CHUNK])
        frame = av.AudioFrame.from_ndarray(block, format="flt", layout="mono")
        frame.sample_rate = rate
        out.extend(o.to_ndarray().reshape(-1) for o in resampler.resample(frame))
    out.extend(o.to_ndarray().reshape(-1) for o in resampler.resample(None))
    return np.concatenate(out) if out else np.zeros(0, np.float32)


def _read_span(container, stream, sr: int, start: float, seconds: float | None, *, seek: bool):
    """Decode ``seconds`` (None: to the end) from ``start``; returns (samples at ``sr``, last error or None).

    Never raises for damaged data: the caller decides whether what came out is enough. A sample-rate change
    mid-stream starts a new segment, each resampled on its own.
    """
    at = start + stream_origin(stream)  # ``start`` in the stream's own timestamps
    if seek:
        try:
            container.seek(max(0, int(at / stream.time_base)), stream=stream, backward=True)
        except av.error.FFmpegError as exc:
            return np.zeros(0, np.float32), exc
    segments: list[tuple[int, list[np.ndarray]]] = []  # (native rate, chunks)
    have = 0.0  # seconds gathered after ``start``
    bad = 0
    error = None
    try:
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
                bad = 0
            except av.error.FFmpegError as exc:
                error, bad = exc, bad + 1
                if bad > _MAX_BAD_PACKETS:
                    break
                continue
            for frame in frames:
                rate = frame.sample_rate
                try:
                    x = _mono(frame)
                except (KeyError, ValueError) as exc:  # an unknown sample format
                    error = exc
                    continue
                t = frame.time
                if t is not None and t < at:  # the seek landed before ``start``: drop the lead-in
                    x = x[int(round((at - t) * rate)) :]
                if not segments or segments[-1][0] != rate:
                    segments.append((rate, []))
                segments[-1][1].append(x)
                have += x.size / rate
            if seconds is not None and have >= seconds:
                break
    except av.error.FFmpegError as exc:  # demuxer hit damage or a cut-off end: keep what we have
        error = exc
    parts = [_resample(np.concatenate(chunks), rate, sr) for rate, chunks in segments if chunks]
    samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    if seconds is not None:
        samples = samples[: int(round(seconds * sr))]
    np.clip(samples, -1.0, 1.0, out=samples)
    return np.ascontiguousarray(samples, dtype=np.float32), error


def _require_usable(samples: np.ndarray, sr: int, expected: float | None, error) -> None:
    got = samples.size / sr
    if got == 0:
        raise UnreadableMedia("truncated or corrupt: " + (av_reason(error) if error else "no audio could be decoded"))
    if got < MIN_USABLE_SECONDS and expected is not None and expected > got * 1.5 + 0.05:
        why = av_reason(error) if error else f"only {got:.2f} s of a claimed {expected:.1f} s decoded"
        raise CutShort(f"truncated or corrupt: {why}")


def decode_audio(path, *, sr: int = AUDIO_SAMPLE_RATE, start: float = 0.0, seconds: float | None = None) -> np.ndarray:
    """Mono float32 samples in [-1, 1] at ``sr`` from ``start`` for ``seconds`` (None: to the end).

    Works on the audio track of videos too. Raises ``NoAudioStream`` or ``UnreadableMedia``; a ``start`` at
    or past the end gives an empty array. Audio FFmpeg rejects is read by libsndfile (sndfile_fallback.py).
    """
    try:
        return _decode_ffmpeg(path, sr=sr, start=start, seconds=seconds)
    except UnreadableMedia as exc:
        return sndfile_fallback.instead(
            exc, path, lambda p: sndfile_fallback.decode_audio(p, sr=sr, start=start, seconds=seconds))


def _decode_ffmpeg(path, *, sr: int, start: float, seconds: float | None) -> np.ndarray:
    with open_media(path) as container:
        stream = _main_audio(container)
        claimed = stream_duration(container, stream)
        if claimed is not None and start >= claimed:
            return np.zeros(0, np.float32)
        samples, error = _read_span(container, stream, sr, start, seconds, seek=start > 0)
    remaining = None if claimed is None else claimed - start
    expected = seconds if remaining is None else (remaining if seconds is None else min(seconds, remaining))
    _require_usable(samples, sr, expected, error)
    return samples


def window_starts(duration: float, window_seconds: float, count: int) -> list[float]:
    """Start times of ``count`` windows centred at (i + 0.5) / count of ``duration``, kept inside the file."""
    last = max(0.0, duration - window_seconds)
    starts = []
    for i in range(count):
        centre = (i + 0.5) / count * duration
        starts.append(min(last, max(0.0, centre - window_seconds / 2)))
    return starts


def audio_clip(
    path,
    info=None,
    *,
    window_seconds: float = DEFAULT_WINDOW_SECONDS,
    max_windows: int = DEFAULT_MAX_WINDOWS,
    whole_below: float = DEFAULT_WHOLE_BELOW,
    sr: int = AUDIO_SAMPLE_RATE,
) -> AudioClip:
    """The audio an encoder sees: the whole file up to ``whole_below`` s, else windows over the whole length.

    ``info`` (a ``MediaInfo``) saves nothing but lets a caller supply a better duration than the container's.
    A file of unknown duration is read from the start for at most 1.5 x ``whole_below`` seconds; a short file that
    ends well before its claimed duration (cut off while copied) reports what decoded. Windows that come
    out empty (a claimed duration longer than the real one, damage) are dropped; all empty is an error.
    Audio FFmpeg rejects is read by libsndfile (sndfile_fallback.py).
    """
    options = dict(window_seconds=window_seconds, max_windows=max_windows, whole_below=whole_below, sr=sr)
    try:
        return _clip_ffmpeg(path, info, **options)
    except UnreadableMedia as exc:
        return sndfile_fallback.instead(exc, path, lambda p: sndfile_fallback.audio_clip(p, info, **options))


def _clip_ffmpeg(path, info, *, window_seconds: float, max_windows: int, whole_below: float,
                 sr: int) -> AudioClip:
    with open_media(path) as container:
        stream = _main_audio(container)
        duration = getattr(info, "duration", None) or stream_duration(container, stream)
        if duration is None or duration <= whole_below:
            # bounded even when the claimed duration is wrong (or unknown): never more than 1.5 x whole_below
            cap = 1.5 * whole_below
            samples, error = _read_span(container, stream, sr, 0.0, cap, seek=False)
            _require_usable(samples, sr, duration, error)
            got = samples.size / sr
            if duration and got < 0.9 * duration and got < cap - 1.0:
                duration = got  # read to the end and it ends early (cut off, or a wrong header): say what plays
            return AudioClip(windows=[samples], sample_rate=sr, duration=duration or got)
        count = max(1, min(max_windows, int(duration // window_seconds)))
        windows = []
        error = None
        for start in window_starts(duration, window_seconds, count):
            samples, error_here = _read_span(container, stream, sr, start, window_seconds, seek=True)
            error = error_here or error
            if samples.size >= MIN_USABLE_SECONDS * sr:
                windows.append(samples)
    if not windows:
        raise UnreadableMedia("truncated or corrupt: " + (av_reason(error) if error else "no audio could be decoded"))
    return AudioClip(windows=windows, sample_rate=sr, duration=float(duration))

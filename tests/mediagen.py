"""Real media files made on the spot with numpy + PyAV, for tests (plain functions, not fixtures).

Why: tests must run offline and must exercise the real decoders, so every file here is a genuine
container written by FFmpeg's muxers, with tags the way real taggers store them.

- ``write_audio``: .wav .flac .mp3 .ogg .m4a .opus (.mka) — container and codec from the extension.
- ``write_video``: .mp4 / .mkv (H.264, falling back to MPEG-4 part 2), .webm (VP8, else VP9).
- corruption (``mediagen_damage``, re-exported here): ``truncate``, ``random_bytes``, ``png_bytes`` /
  ``write_png``, ``write_text``, ``zero_byte``.
- ``write_huge_frame_video``: an 8000x8000 H.264 video in ~1 s; ``channels`` up to 8 (7.1) in ``write_audio``.
- ``write_long_silence``: a 3-hour silent FLAC made in ~0.6 s, 75 KB on disk.
- ``odd_name``: a file name with a non-UTF-8 byte and an emoji.

Codec notes (PyAV 18 wheels): there is no libvorbis; FFmpeg's own ``vorbis`` encoder is experimental,
stereo-only and writes Ogg granule positions that make the file claim ~1/15 of its real length.
So ``.ogg`` uses libvorbis when the build has it and otherwise Opus-in-Ogg (tags still live on the
stream as Vorbis comments, which is what matters to the prober). ``AUDIO_OGG_CODEC`` says which.
"""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from mediagen_damage import (  # noqa: F401 - the broken-input half, imported from here by the tests
    odd_name, png_bytes, random_bytes, truncate, write_png, write_text, zero_byte)

AUDIO_KINDS = ("tone", "noise", "chirp", "silence", "beats")
VIDEO_PATTERNS = ("gradient", "bars", "noise", "scenes", "black_start")


def _encoder(*names: str) -> str | None:
    """First encoder name among ``names`` that this PyAV build has."""
    for name in names:
        try:
            av.Codec(name, "w")
        except Exception:  # noqa: BLE001 - any failure means "not available"
            continue
        return name
    return None


# extension -> (muxer format or None for the default, candidate encoders)
_AUDIO_FORMATS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    ".wav": (None, ("pcm_s16le",)),
    ".flac": (None, ("flac",)),
    ".mp3": (None, ("libmp3lame", "mp3")),
    ".ogg": ("ogg", ("libvorbis", "libopus")),
    ".oga": ("ogg", ("libvorbis", "libopus")),
    ".m4a": ("ipod", ("aac",)),
    ".opus": ("ogg", ("libopus",)),
    ".mka": ("matroska", ("flac",)),
}

AUDIO_OGG_CODEC = _encoder("libvorbis", "libopus")
HAS_OPUS = _encoder("libopus") is not None
AUDIO_EXTENSIONS = tuple(ext for ext, (_, names) in _AUDIO_FORMATS.items() if _encoder(*names))
H264_ENCODER = _encoder("libx264", "h264")
WEBM_ENCODER = _encoder("libvpx", "libvpx-vp9")
VIDEO_EXTENSIONS = (".mp4", ".mkv") + ((".webm",) if WEBM_ENCODER else ())


def _signal(kind: str, seconds: float, sr: int, freq: float, seed: int, bpm: float) -> np.ndarray:
    """Mono float32 samples in [-1, 1] of the requested kind."""
    n = max(1, int(round(seconds * sr)))
    t = np.arange(n, dtype=np.float64) / sr
    rng = np.random.default_rng(seed)
    if kind == "tone":
        x = 0.5 * np.sin(2 * np.pi * freq * t)
    elif kind == "noise":
        x = np.clip(rng.normal(0.0, 0.2, n), -1.0, 1.0)
    elif kind == "chirp":  # logarithmic sweep freq/2 -> freq*4 over the whole file
        f0, f1 = freq / 2.0, freq * 4.0
        span = max(seconds, 1e-6)
        k = np.log(f1 / f0) / span
        x = 0.5 * np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1.0) / k)
    elif kind == "silence":
        x = np.zeros(n)
    elif kind == "beats":  # a kick (decaying low sine + noise click) on every beat, soft tone under it
        x = 0.1 * np.sin(2 * np.pi * freq * t)
        period = 60.0 / bpm
        hit_len = min(n, int(0.12 * sr))
        ht = np.arange(hit_len) / sr
        hit = np.exp(-ht * 35.0) * (0.7 * np.sin(2 * np.pi * 60.0 * ht) + 0.2 * rng.normal(0, 1, hit_len))
        for start in np.arange(0.0, seconds, period):
            i = int(start * sr)
            j = min(n, i + hit_len)
            x[i:j] += hit[: j - i]
        x = np.clip(x, -1.0, 1.0)
    else:
        raise ValueError(f"unknown audio kind {kind!r}; expected one of {AUDIO_KINDS}")
    return x.astype(np.float32)


def _pick_rate(codec_name: str, sr: int) -> int:
    rates = av.Codec(codec_name, "w").audio_rates
    if not rates or sr in rates:
        return sr
    return min(rates, key=lambda r: (abs(r - sr), -r))


_LAYOUTS = {1: "mono", 2: "stereo", 3: "2.1", 4: "quad", 5: "5.0", 6: "5.1", 7: "6.1", 8: "7.1"}


def channel_layout(channels: int) -> str:
    """FFmpeg's layout name for ``channels`` (1-8): "mono", "stereo", ..., "7.1"."""
    if channels not in _LAYOUTS:
        raise ValueError(f"no channel layout for {channels} channels; 1-8 are known")
    return _LAYOUTS[channels]


def _encode_audio(container, stream, samples: np.ndarray, rate: int, channels: int, chunk: int = 4096) -> None:
    """Feed mono ``samples`` (duplicated to ``channels``) through ``stream``; PyAV resamples to the codec format."""
    layout = channel_layout(channels)
    for i in range(0, len(samples), chunk):
        block = samples[i : i + chunk]
        planes = np.repeat(block[None, :], channels, axis=0)
        if channels > 1:  # make the channels differ a little, like real stereo / surround
            planes[1:] *= np.linspace(0.9, 0.5, channels - 1, dtype=np.float32)[:, None]
        if channels > 6:  # PyAV 18's from_ndarray fails on 8 planes ("index 8 is out of bounds"): go packed
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(planes.T).reshape(1, -1), format="flt",
                                               layout=layout)
        else:
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(planes), format="fltp", layout=layout)
        frame.sample_rate = rate
        frame.pts = i
        frame.time_base = Fraction(1, rate)
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)


def write_audio(
    path,
    seconds: float = 5.0,
    *,
    freq: float = 440.0,
    sr: int = 22050,
    kind: str = "tone",
    seed: int = 0,
    tags: dict | None = None,
    bpm: float = 120,
    channels: int = 1,
    cover: bytes | None = None,
) -> Path:
    """Write ``seconds`` of a ``kind`` signal to ``path``; tags go where players look for them.

    ``cover`` (PNG bytes, e.g. ``png_bytes(32, 32)``) is embedded as cover art (an attached-picture
    stream) in .mp3 and .flac files, the way taggers do it.
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in _AUDIO_FORMATS:
        raise ValueError(f"no audio format for {ext!r}; known: {sorted(_AUDIO_FORMATS)}")
    fmt, names = _AUDIO_FORMATS[ext]
    codec = _encoder(*names)
    if codec is None:
        raise RuntimeError(f"this PyAV build has none of the encoders {names} for {ext}")
    rate = _pick_rate(codec, sr)
    samples = _signal(kind, seconds, rate, freq, seed, bpm)
    tags = {str(k): str(v) for k, v in (tags or {}).items()}
    with av.open(str(path), "w", format=fmt) as container:
        container.metadata.update(tags)
        stream = container.add_stream(codec, rate=rate, layout=channel_layout(channels))
        if fmt == "ogg":  # Ogg keeps Vorbis comments on the stream, not the container
            stream.metadata.update(tags)
        if codec in ("libmp3lame", "aac", "libopus", "libvorbis"):
            stream.bit_rate = 64000 * channels
        picture = _add_cover(container, cover, ext) if cover is not None else None
        _encode_audio(container, stream, samples, rate, channels)
        if picture is not None:
            container.mux(picture)
    return path


def _add_cover(container, png: bytes, ext: str):
    """Add an attached-picture PNG stream; returns the packet to mux (the muxers wait for it)."""
    if ext not in (".mp3", ".flac"):
        raise ValueError(f"cover art is only written to .mp3 and .flac here, not {ext}")
    width, height = struct.unpack(">II", png[16:24])
    stream = container.add_stream("png", rate=1)
    stream.width, stream.height, stream.pix_fmt = width, height, "rgb24"
    stream.disposition = av.stream.Disposition.attached_pic
    packet = av.Packet(png)
    packet.stream, packet.pts, packet.dts = stream, 0, 0
    return packet


def _frame_rgb(pattern: str, index: int, fps: int, size: tuple[int, int], colour, seed: int,
               n_frames: int = 1) -> np.ndarray:
    w, h = size
    if pattern == "black_start":  # black for the first 30 % (a fade-in, a title gap), then bars
        if index < 0.3 * n_frames:
            return np.zeros((h, w, 3), np.uint8)
        pattern = "bars"
    t = index / fps
    base = np.array(colour if colour is not None else np.random.default_rng(seed).integers(40, 216, 3), float)
    if pattern == "gradient":  # a diagonal ramp tinted by the colour, drifting slowly
        ramp = (np.arange(w)[None, :] + np.arange(h)[:, None] + 8 * index) % 256 / 255.0
        img = ramp[..., None] * base[None, None, :]
    elif pattern == "bars":  # SMPTE-ish colour bars, scrolled one pixel per frame
        bars = np.array([[192, 192, 192], [192, 192, 0], [0, 192, 192], [0, 192, 0],
                         [192, 0, 192], [192, 0, 0], [0, 0, 192]], float)
        cols = ((np.arange(w) + index) * len(bars) // w) % len(bars)
        img = np.broadcast_to(bars[cols][None, :, :], (h, w, 3)) * (0.5 + base / 510.0)
    elif pattern == "noise":
        img = np.random.default_rng(seed * 100003 + index).integers(0, 256, (h, w, 3)).astype(float)
    elif pattern == "scenes":  # a new flat-ish colour every second: a hard cut per second
        rgb = np.array(scene_colour(int(t), seed), float)
        shade = 0.85 + 0.15 * (np.arange(w)[None, :] / max(1, w - 1))
        img = np.broadcast_to(rgb, (h, w, 3)) * shade[..., None]
    else:
        raise ValueError(f"unknown video pattern {pattern!r}; expected one of {VIDEO_PATTERNS}")
    return np.clip(img, 0, 255).astype(np.uint8)


def scene_colour(scene: int, seed: int = 0) -> tuple[int, int, int]:
    """The base RGB colour of second ``scene`` in a ``pattern="scenes"`` video (shaded 85-100 % left to right)."""
    r, g, b = np.random.default_rng(seed * 7919 + scene).integers(20, 236, 3)
    return int(r), int(g), int(b)


def write_video(
    path,
    seconds: float = 3.0,
    *,
    fps: int = 12,
    size: tuple[int, int] = (160, 96),
    pattern: str = "gradient",
    colour: tuple[int, int, int] | None = None,
    seed: int = 0,
    with_audio: bool = False,
    gop: int | None = None,
    tags: dict | None = None,
) -> Path:
    """Write a real H.264 (.mp4/.mkv) or VP8 (.webm) video; ``size`` is (width, height), even numbers.

    ``gop`` caps the keyframe interval in frames; without it the encoders' default (250 frames) applies.
    ``pattern="scenes"`` cuts to a new colour every second (``scene_colour(k)``) and forces a keyframe at each
    cut; ``"black_start"`` is black for the first 30 % and colour bars after (for poster choice).
    With ``with_audio`` an AAC (Opus in WebM) 440 Hz tone of the same length is muxed in.
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext in (".mp4", ".mkv", ".mov"):
        vcodec = H264_ENCODER or "mpeg4"
        acodec = "aac"
    elif ext == ".webm":
        if WEBM_ENCODER is None:
            raise RuntimeError("this PyAV build has no VP8/VP9 encoder")
        vcodec, acodec = WEBM_ENCODER, "libopus"
    else:
        raise ValueError(f"no video format for {ext!r}")
    n_frames = max(1, int(round(seconds * fps)))
    w, h = size
    with av.open(str(path), "w") as container:
        container.metadata.update({str(k): str(v) for k, v in (tags or {}).items()})
        stream = container.add_stream(vcodec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        if gop is not None:
            stream.codec_context.gop_size = gop
        if vcodec in ("libx264", "h264"):
            stream.options = {"preset": "ultrafast", "crf": "28"}
        elif vcodec.startswith("libvpx"):
            stream.options = {"deadline": "realtime", "cpu-used": "8"}
            stream.bit_rate = 300_000
        astream = None
        if with_audio:
            rate = _pick_rate(acodec, 48000 if acodec == "libopus" else 22050)
            astream = container.add_stream(acodec, rate=rate, layout="mono")
            samples = _signal("tone", n_frames / fps, rate, 440.0, seed, 120)
            chunk = rate // fps
        for i in range(n_frames):
            frame = av.VideoFrame.from_ndarray(_frame_rgb(pattern, i, fps, size, colour, seed, n_frames), format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            if pattern == "scenes" and i % fps == 0:  # force a keyframe at every cut (x264 ultrafast
                frame.pict_type = av.video.frame.PictureType.I  # has no scene-cut detection)
            for packet in stream.encode(frame):
                container.mux(packet)
            if astream is not None:  # interleave roughly one video frame's worth of audio
                block = samples[i * chunk : (i + 1) * chunk if i < n_frames - 1 else len(samples)]
                if len(block):
                    af = av.AudioFrame.from_ndarray(block[None, :].copy(), format="fltp", layout="mono")
                    af.sample_rate, af.pts, af.time_base = astream.rate, i * chunk, Fraction(1, astream.rate)
                    for packet in astream.encode(af):
                        container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
        if astream is not None:
            for packet in astream.encode(None):
                container.mux(packet)
    return path


def write_long_silence(path, seconds: float = 3 * 3600) -> Path:
    """A long silent mono FLAC (8 kHz, 16-bit): 3 hours take ~0.7 s to make and ~75 KB on disk.

    FLAC stores digital silence as constant subframes (a few bytes per block), and the encoder is fed
    one reused zero buffer, so cost is dominated by the per-block loop, not by audio work.
    """
    path = Path(path)
    rate = 8000
    total = int(round(seconds * rate))
    chunk = 65536
    zeros = np.zeros((1, chunk), dtype=np.int16)
    with av.open(str(path), "w", format="flac") as container:
        stream = container.add_stream("flac", rate=rate, layout="mono")
        stream.codec_context.format = "s16"
        # 16384-sample blocks (2 s): ~12 bytes each when silent. The encoder's default at 8 kHz is 576,
        # which makes the file 27x bigger and the encode 2x slower. FFmpeg decodes and seeks it fine.
        stream.options = {"frame_size": "16384"}
        done = 0
        while done < total:
            n = min(chunk, total - done)
            frame = av.AudioFrame.from_ndarray(zeros[:, :n], format="s16", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, done, Fraction(1, rate)
            for packet in stream.encode(frame):
                container.mux(packet)
            done += n
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def write_huge_frame_video(path, size: tuple[int, int] = (8000, 8000), frames: int = 2) -> Path:
    """An H.264 .mp4 with ``frames`` huge frames (default 8000x8000, 1 fps) in ~1 s: flat YUV planes are fed
    straight to x264 (no RGB conversion), so the cost is the encoder's, not numpy's."""
    path = Path(path)
    w, h = size
    with av.open(str(path), "w") as container:
        stream = container.add_stream(H264_ENCODER or "mpeg4", rate=1)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        if stream.codec_context.name in ("libx264", "h264"):
            stream.options = {"preset": "ultrafast", "crf": "40"}
        planes = np.full((h * 3 // 2, w), 128, np.uint8)
        planes[:h, : w // 2] = 200  # a bright left half, so the frame is not flat grey
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
            frame.pts, frame.time_base = i, Fraction(1, 1)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path

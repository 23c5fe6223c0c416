"""Generated video for benchmarks (the real test library has only two short clips)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def write_bench_video(path: Path, seconds: float = 30.0, *, fps: int = 24, size=(640, 360),
                      seed: int = 0) -> Path:
    """An H.264 + AAC file with moving gradients, a scene cut every few seconds and a tone."""
    rng = np.random.default_rng(seed)
    width, height = size
    codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
    with av.open(str(path), "w") as container:
        video = container.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = container.add_stream("aac", rate=22050, layout="mono")
        yy, xx = np.mgrid[0:height, 0:width]
        colour = rng.integers(0, 255, 3)
        for i in range(int(seconds * fps)):
            if i % (fps * 4) == 0:
                colour = rng.integers(0, 255, 3)
            shift = (i * 3) % width
            frame = np.empty((height, width, 3), np.uint8)
            frame[..., 0] = (colour[0] + (xx + shift) // 3) % 256
            frame[..., 1] = (colour[1] + yy // 2) % 256
            frame[..., 2] = colour[2]
            for packet in video.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in video.encode(None):
            container.mux(packet)
        t = np.arange(int(seconds * 22050)) / 22050
        tone = (0.2 * np.sin(2 * np.pi * (220 + 40 * seed) * t)).astype(np.float32)
        for start in range(0, tone.size, 1024):
            chunk = tone[start:start + 1024][None, :]
            frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = 22050, start, Fraction(1, 22050)
            for packet in audio.encode(frame):
                container.mux(packet)
        for packet in audio.encode(None):
            container.mux(packet)
    return path


def write_bench_tone(path: Path, seconds: float = 0.3, *, freq: float = 440.0, tags: dict | None = None,
                     rate: int = 22050) -> Path:
    """A short tagged WAV tone (many of them make a library for the window's responsiveness bench)."""
    with av.open(str(path), "w") as container:
        container.metadata.update({k: str(v) for k, v in (tags or {}).items()})
        stream = container.add_stream("pcm_s16le", rate=rate, layout="mono")
        t = np.arange(int(seconds * rate)) / rate
        samples = (0.3 * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)[None, :]
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, 0, Fraction(1, rate)
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path

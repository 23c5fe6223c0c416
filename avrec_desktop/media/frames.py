"""Grabbing one decoded frame near each of several target times, cheaply.

Why two passes: decoding only keyframes after a seek (``skip_frame="NONKEY"``) costs ~27 ms for 8 frames of a
60 s 640x360 H.264 file against ~1 s to decode every frame, so that is tried first: for each target the
keyframe at/before it (where a backward seek lands) and the next one after it are decoded and the nearer is
kept. Short clips often have one keyframe for the whole file, and sparse-keyframe files give the same
keyframe to neighbouring targets (the pair found for one target is reused for the next when it lies in the
same interval, so a one-keyframe file costs one keyframe decode); a target whose keyframe is a duplicate or farther than half the spacing
between targets is then decoded exactly, in one forward pass that seeks only when that skips work. The exact
pass stops after ``EXACT_DECODE_BUDGET`` frame-equivalents of 1280x720 (~0.3 CPU-s here); targets it does not
reach are left out, so callers may get fewer frames than asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import numpy as np

from .opening import stream_origin

EXACT_DECODE_BUDGET = 150  # 1280x720-frame equivalents decoded at most in the exact pass
_KEYFRAME_PACKET_LIMIT = 600  # packets read per target in the keyframe pass (bounds a very long GOP)


@dataclass
class Grab:
    frame: "av.VideoFrame"
    time: float


def _frames_after_seek(container, stream, t: float, fallback: float, packet_limit: int | None = None,
                       cut_short: list | None = None):
    """Decoded frames (as ``Grab``, times in media time) from a backward seek to ``t``; bad packets skipped.

    When ``packet_limit`` ends the read early, ``True`` is appended to ``cut_short``.
    """
    origin = stream_origin(stream)
    container.seek(max(0, int((t + origin) / stream.time_base)), stream=stream, backward=True)
    stream.codec_context.flush_buffers()
    for count, packet in enumerate(container.demux(stream)):
        if packet_limit is not None and count >= packet_limit:
            if cut_short is not None:
                cut_short.append(True)
            return
        try:
            frames = packet.decode()
        except av.error.FFmpegError:
            continue
        for frame in frames:
            yield Grab(frame, float(frame.time) - origin if frame.time is not None else fallback)


@dataclass
class _KeyframeSpan:
    """The keyframes around a time: ``before`` (at/before), ``after`` (next); ``known`` when nothing cut the
    read short, so any time in [before, after) — or [before, end) when ``after`` is None — has the same pair."""

    before: Grab | None
    after: Grab | None
    known: bool

    def covers(self, t: float, tolerance: float) -> bool:
        if not self.known or self.before is None or t < self.before.time - tolerance:
            return False
        return self.after is None or t + tolerance < self.after.time


def _keyframe_near(container, stream, t: float, tolerance: float) -> _KeyframeSpan:
    """The keyframe at/before ``t`` and the first one after it, decoding keyframes only."""
    before = after = None
    cut_short: list = []
    stream.codec_context.skip_frame = "NONKEY"
    try:
        for grab in _frames_after_seek(container, stream, t, t, _KEYFRAME_PACKET_LIMIT, cut_short):
            if grab.time <= t + tolerance:
                before = grab
            else:
                after = grab
                break
    except av.error.FFmpegError:
        cut_short.append(True)
    finally:
        stream.codec_context.skip_frame = "DEFAULT"
    return _KeyframeSpan(before, after, known=not cut_short)


def _exact_pass(container, stream, targets: list[float], landing: dict[float, float], tolerance: float) -> dict[float, Grab]:
    """First frame at/after each target, decoding forward; seeks only past work it can skip."""
    w, h = stream.codec_context.width or 1280, stream.codec_context.height or 720
    budget = max(len(targets) * 2, int(EXACT_DECODE_BUDGET * (1280 * 720) / max(1, w * h)))
    found: dict[float, Grab] = {}
    frames = None
    position = None
    spent = 0
    try:
        for t in sorted(targets):
            keyframe = landing.get(t)
            if frames is None or position is None or (keyframe is not None and keyframe > position + tolerance):
                frames = _frames_after_seek(container, stream, t, t)
            for grab in frames:
                spent += 1
                position = grab.time
                if grab.time >= t - tolerance:
                    found[t] = grab
                    break
                if spent >= budget:
                    return found
            else:
                return found  # stream ended
            if spent >= budget:
                return found
    except av.error.FFmpegError:
        pass
    return found


def grab_frames(container, stream, targets: list[float], spacing: float) -> list[Grab]:
    """About one distinct frame per target time, sorted by time (see module doc for the strategy)."""
    tolerance = 0.5 / float(stream.average_rate or 25)
    chosen: dict[float, Grab] = {}
    landing: dict[float, float] = {}
    seen: set[int] = set()
    missing: list[float] = []
    span = None
    for t in targets:
        if span is None or not span.covers(t, tolerance):  # one keyframe decode per keyframe interval
            span = _keyframe_near(container, stream, t, tolerance)
        before, after = span.before, span.after
        if before is not None:
            landing[t] = before.time
        options = [g for g in (before, after) if g is not None and _key(g) not in seen]
        options.sort(key=lambda g: abs(g.time - t))
        if options and abs(options[0].time - t) <= spacing / 2 + tolerance:
            chosen[t] = options[0]
            seen.add(_key(options[0]))
        else:
            missing.append(t)
    if missing:
        for t, grab in _exact_pass(container, stream, missing, landing, tolerance).items():
            if _key(grab) not in seen:
                chosen[t] = grab
                seen.add(_key(grab))
    return sorted(chosen.values(), key=lambda g: g.time)


def first_frame(container, stream) -> Grab | None:
    """The first decodable frame of the stream, or None."""
    try:
        for grab in _frames_after_seek(container, stream, 0.0, 0.0):
            return grab
    except av.error.FFmpegError:
        return None
    return None


def _key(grab: Grab) -> int:
    return int(round(grab.time * 1000))


def scaled_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """(w, h) with the longer side at most ``max_side``, aspect kept, even numbers (for YUV 4:2:0)."""
    scale = min(1.0, max_side / max(width, height, 1))
    return max(2, int(round(width * scale / 2)) * 2), max(2, int(round(height * scale / 2)) * 2)


def to_rgb(frame, max_side: int) -> np.ndarray:
    """``frame`` as RGB uint8 (H, W, 3), scaled so its longer side is at most ``max_side``."""
    w, h = scaled_size(frame.width, frame.height, max_side)
    return frame.reformat(width=w, height=h, format="rgb24").to_ndarray()

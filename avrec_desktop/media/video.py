"""``video_frames``: frames sampled through the whole of a video, and how often it cuts (keyframes per minute).

Frames: ``count`` targets at (i + 0.5)/count of the duration, so the whole video is covered and neither the
first black frame nor the credits dominate; how each target is reached cheaply is in ``frames.py``.

Keyframe rate: demuxing packets (no decoding) is cheap but still reads every byte (120 s of a 5 Mbit/s film
is 75 MB), so the scan is bounded: files up to ``KEYFRAME_SCAN_SECONDS`` (120 s) are scanned whole; longer
ones in 4 evenly spaced 30 s spans. With keyframes every 2-10 s that is 12-60 keyframes, enough for a rate. The rate counts keyframes after the first of each span (a seek always lands on
one) over the spans' length, so a clip with a single keyframe has rate 0 and a cut every second ~60/min.
Encoders also place keyframes at fixed intervals (x264: at most every 250 frames), so a static video still
shows a floor rate (~6/min at 25 fps); that is a property of the file worth keeping as a feature.
"""

from __future__ import annotations

import av
import numpy as np

from .clips import VideoFrames
from avrec_desktop.errors import NoVideoStream, UnreadableMedia

from .frames import first_frame, grab_frames, to_rgb
from .opening import moving_video_streams, open_media, stream_duration, stream_origin

DEFAULT_FRAME_COUNT = 8
DEFAULT_MAX_SIDE = 256
KEYFRAME_SCAN_SECONDS = 120.0  # media time demuxed at most to estimate the keyframe rate
_KEYFRAME_SCAN_SPANS = 4


def main_video(container):
    """The main moving-video stream; ``NoVideoStream`` when there is none (cover art does not count)."""
    streams = moving_video_streams(container)
    if not streams:
        raise NoVideoStream("no video stream")
    return streams[0]



def target_times(duration: float, count: int) -> list[float]:
    """``count`` times at (i + 0.5) / count of ``duration``: spread over the whole video."""
    return [(i + 0.5) / count * duration for i in range(count)]


def keyframe_rate(container, stream, duration: float | None, *, scan_seconds: float = KEYFRAME_SCAN_SECONDS) -> tuple[float, dict]:
    """(keyframes per minute, scan facts) from packet flags, demuxing at most ~``scan_seconds`` of media."""
    if duration is None or duration <= scan_seconds:
        spans = [(0.0, None)]
    else:
        length = scan_seconds / _KEYFRAME_SCAN_SPANS
        spans = [(float(s), length) for s in np.linspace(0.0, duration - length, _KEYFRAME_SCAN_SPANS)]
    keys = 0
    covered = 0.0
    packets = 0
    for start, length in spans:
        first = last = None
        try:
            container.seek(max(0, int((start + stream_origin(stream)) / stream.time_base)), stream=stream, backward=True)
            for packet in container.demux(stream):
                if packet.pts is None or packet.size == 0:
                    continue
                t = float(packet.pts * packet.time_base)
                packets += 1
                if first is None:
                    first = last = t
                    continue
                if packet.is_keyframe and t > first:
                    keys += 1
                last = max(last, t)
                if length is not None and last - first >= length:
                    break
        except av.error.FFmpegError:
            pass  # damaged tail: count what was read
        if first is not None:
            covered += last - first
    rate = keys / covered * 60.0 if covered > 0 else 0.0
    return rate, {"keyframe_scan_seconds": round(covered, 3), "keyframe_scan_packets": packets}


def video_frames(path, info=None, *, count: int = DEFAULT_FRAME_COUNT, max_side: int = DEFAULT_MAX_SIDE) -> VideoFrames:
    """Up to ``count`` RGB frames spread over the whole video, their times, and the keyframe rate.

    Raises ``NoVideoStream`` for audio-only files (cover art is not video) and ``UnreadableMedia`` when no
    frame decodes. ``info`` (a ``MediaInfo``) may supply a better duration than the container's.
    ``extra`` holds width, height, fps, codec and the keyframe scan's extent.
    """
    with open_media(path) as container:
        stream = main_video(container)
        duration = getattr(info, "duration", None) or stream_duration(container, stream)
        extra = {
            "width": stream.codec_context.width,
            "height": stream.codec_context.height,
            "fps": float(stream.average_rate) if stream.average_rate else None,
            "codec": stream.codec_context.name,
        }
        grabs = grab_frames(container, stream, target_times(duration, count), duration / count) if duration else []
        if not grabs:
            grab = first_frame(container, stream)
            if grab is None:
                raise UnreadableMedia("truncated or corrupt: no video frame could be decoded")
            grabs = [grab]
        frames = [to_rgb(g.frame, max_side) for g in grabs]
        rate, scan = keyframe_rate(container, stream, duration)
    extra.update(scan)
    return VideoFrames(
        frames=frames,
        timestamps=[g.time for g in grabs],
        duration=float(duration) if duration else grabs[-1].time,
        keyframe_rate=rate,
        extra=extra,
    )

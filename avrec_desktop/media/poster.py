"""``write_poster``: a small still that stands for a video (or a song's embedded cover art), written atomically.

Why ~15 % in: the first frames are often black, a logo or a title card; 15 % is usually inside the story.
If that frame is (nearly) black, 25 %, 35 % and 50 % are tried — each costs one keyframe decode.
Audio files with cover art get the cover, so the library can show one picture per item whatever its kind.

The file is written to a temporary name beside the destination and moved over it with ``os.replace``, so a
reader never sees half a picture and a crash leaves the old poster in place. The format follows the suffix
(.png gives PNG, anything else JPEG); Pillow encodes when installed, else PyAV's own mjpeg/png encoders.
"""

from __future__ import annotations

import io
import os
import secrets
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from avrec_desktop.errors import NoVideoStream, UnreadableMedia

from .frames import first_frame, grab_frames, scaled_size
from .opening import is_still, moving_video_streams, open_media, stream_duration

POSTER_POSITIONS = (0.15, 0.25, 0.35, 0.50)  # fractions of the duration tried in order
BLACK_LEVEL = 16  # mean 8-bit luma below which a frame counts as black


def _is_black(rgb: np.ndarray) -> bool:
    luma = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    return float(luma.mean()) < BLACK_LEVEL


def _rgb(frame, max_side: int) -> np.ndarray:
    w, h = scaled_size(frame.width, frame.height, max_side)
    return frame.reformat(width=w, height=h, format="rgb24").to_ndarray()


def _video_still(container, stream, max_side: int) -> np.ndarray | None:
    duration = stream_duration(container, stream)
    fallback = None
    if duration:
        for fraction in POSTER_POSITIONS:
            # a tight spacing makes grab_frames decode exactly when the nearest keyframe is far away
            grabs = grab_frames(container, stream, [fraction * duration], 0.1 * duration)
            if not grabs:
                continue
            rgb = _rgb(grabs[0].frame, max_side)
            if not _is_black(rgb):
                return rgb
            fallback = rgb if fallback is None else fallback
    if fallback is None:
        grab = first_frame(container, stream)
        fallback = _rgb(grab.frame, max_side) if grab is not None else None
    return fallback


def _cover_still(container, max_side: int) -> np.ndarray | None:
    for stream in container.streams.video:
        if not is_still(stream):
            continue
        try:
            for packet in container.demux(stream):
                for frame in packet.decode():
                    return _rgb(frame, max_side)
                break
        except av.error.FFmpegError:
            continue
    return None


def _encode(rgb: np.ndarray, fmt: str) -> bytes:
    """JPEG or PNG bytes of an RGB uint8 image (Pillow when present, else PyAV's encoders)."""
    try:
        from PIL import Image
    except ImportError:
        return _encode_with_av(rgb, fmt)
    buffer = io.BytesIO()
    if fmt == "png":
        Image.fromarray(rgb).save(buffer, format="PNG", optimize=True)
    else:
        Image.fromarray(rgb).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _encode_with_av(rgb: np.ndarray, fmt: str) -> bytes:
    height, width = rgb.shape[:2]
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    codec = av.CodecContext.create("png" if fmt == "png" else "mjpeg", "w")
    codec.width, codec.height = width, height
    codec.time_base = Fraction(1, 25)
    if fmt == "png":
        codec.pix_fmt = "rgb24"
    else:
        codec.pix_fmt = "yuvj420p"
        codec.options = {"qmin": "2", "qmax": "6"}
        frame = frame.reformat(format="yuvj420p")
    packets = codec.encode(frame) + codec.encode(None)
    return b"".join(bytes(p) for p in packets)


def write_poster(path, dest_path, *, max_side: int = 320) -> Path:
    """Write a poster of ``path`` to ``dest_path`` (longer side <= ``max_side``) and return ``dest_path``.

    Videos: a non-black frame ~15 % in. Audio with cover art: the cover. Raises ``NoVideoStream`` when the
    file has neither, ``UnreadableMedia`` when nothing decodes; ``OSError`` when the destination cannot be
    written (a problem of the cache folder, not of the media — the temporary file is removed).
    """
    dest = Path(dest_path)
    with open_media(path) as container:
        streams = moving_video_streams(container)
        rgb = _video_still(container, streams[0], max_side) if streams else _cover_still(container, max_side)
        if rgb is None and not streams and not any(is_still(s) for s in container.streams.video):
            raise NoVideoStream("no video stream or cover art")
    if rgb is None:
        raise UnreadableMedia("truncated or corrupt: no picture could be decoded")
    data = _encode(rgb, "png" if dest.suffix.lower() == ".png" else "jpeg")
    write_atomically(dest, data)
    return dest


def write_atomically(dest: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``dest`` (unique per writer) and move it over ``dest``;
    an ``OSError`` (the folder, not the media) removes the temporary file and is raised."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, dest)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise

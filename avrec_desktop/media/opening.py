"""Opening a path with PyAV, turning every way that can fail into one ``UnreadableMedia`` with a short reason.

Why a module of its own: all decoders (probe, audio, video, poster) need the same checks in the same order,
and the user should read the same sentence for the same problem wherever it shows up:

1. the path is read with plain ``open`` first (missing, folder, permission, empty) — PyAV's own messages for
   these are FFmpeg errno strings, and a permission problem must not look like a corrupt file;
2. the first bytes are sniffed for common non-media files (images, PDFs, archives, text), because FFmpeg
   happily opens a PNG renamed to .mp3 as a one-frame ``png_pipe`` "video";
3. PyAV's errors are mapped to "not a media file", "truncated or corrupt: ...".

Still images (cover art, a single-frame image stream) never count as video: ``is_still`` decides that.
"""

from __future__ import annotations

import contextlib
import errno
import os
from typing import Iterator

import av

from avrec_desktop.errors import UnreadableMedia
from avrec_desktop.file_modes import not_regular_reason

_HEAD_BYTES = 64

# leading bytes -> what the file looks like (checked in order; first match wins)
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"%PDF", 0, "a PDF document"),
    (b"PK\x03\x04", 0, "a ZIP archive or office document"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x7fELF", 0, "a program"),
    (b"MZ", 0, "a Windows program"),
    (b"SQLite format 3\x00", 0, "a SQLite database"),
)

# FFmpeg demuxers that only ever hold still images
_IMAGE_DEMUXERS = {"image2", "gif", "webp_pipe", "ico", "apng"}
# codecs that are still images when they are the only frame of a stream
_IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "tiff", "webp", "jpeg2000", "jpegls", "targa", "qoi", "apng"}


def looks_like(head: bytes) -> str | None:
    """What a non-media file looks like from its first bytes ("a PNG image"), or None if it may be media."""
    for magic, offset, what in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return what
    if head and len(head) >= 16:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            # a multi-byte character cut at the end of the head is still text
            try:
                text = head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                return None
        if all(ch.isprintable() or ch in "\t\r\n" for ch in text):
            return "a text file"
    return None


# A WAV file's header says all a probe needs (codec, rate, channels, and the length from the data chunk's
# size), yet FFmpeg's stream probe at its default size spends ~8 ms of CPU on a 3-minute 22 kHz mono WAV
# (it reads ~300 KB) against ~2 ms with a 32 KB probe (~100 KB read); MP3 and Ogg open in under 1 ms either
# way. A quick pass opens a file twice (probe, then its window), so WAV libraries paid ~16 ms a track for it.
_WAV_PROBE_BYTES = "32768"


def _open_options(head: bytes) -> dict | None:
    """FFmpeg options for opening a file that starts with ``head``: a small probe for RIFF/RF64 WAVE."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return {"probesize": _WAV_PROBE_BYTES}
    return None


def _open_nonblocking(name: str, flags: int) -> int:
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def read_head(path, n: int = _HEAD_BYTES) -> bytes:
    """First ``n`` bytes of ``path``; raises ``UnreadableMedia`` for missing/folder/permission/empty.

    Opened non-blocking and checked with ``fstat`` before reading: a FIFO named .mp3 would otherwise block
    ``open`` (and then FFmpeg) until some other process writes to it, stalling the whole analysis queue.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb", opener=_open_nonblocking) as fh:
            why = not_regular_reason(os.fstat(fh.fileno()).st_mode)
            if why is not None:
                raise UnreadableMedia(why)
            head = fh.read(n)
    except FileNotFoundError:
        raise UnreadableMedia("file not found") from None
    except IsADirectoryError:
        raise UnreadableMedia("is a folder, not a file") from None
    except PermissionError:
        raise UnreadableMedia("cannot read file: permission denied") from None
    except OSError as exc:
        raise UnreadableMedia(f"cannot read file: {exc.strerror or exc}") from None
    if not head:
        raise UnreadableMedia("file is empty (0 bytes)")
    return head


def av_reason(exc: BaseException) -> str:
    """FFmpeg's own short message for ``exc`` (without errno and file name), lower-cased first letter."""
    msg = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    msg = str(msg).strip().rstrip(".")
    return msg[:1].lower() + msg[1:]


def _open_error(exc: BaseException, head: bytes) -> UnreadableMedia:
    if isinstance(exc, av.error.PermissionError):
        return UnreadableMedia("cannot read file: permission denied")
    if isinstance(exc, (av.error.FileNotFoundError,)):
        return UnreadableMedia("file not found")
    if isinstance(exc, av.error.IsADirectoryError):
        return UnreadableMedia("is a folder, not a file")
    if isinstance(exc, av.error.EOFError):
        return UnreadableMedia("truncated or corrupt: the file ends before its header does")
    if isinstance(exc, av.error.InvalidDataError):
        if head[4:8] == b"ftyp":  # MP4/M4A/MOV whose index (moov, written last) never made it to disk
            return UnreadableMedia("truncated or corrupt: the MP4 index is missing (was it cut off while written?)")
        return UnreadableMedia("not a media file, or damaged beyond reading (unrecognised data)")
    code = getattr(exc, "errno", None)
    if code == errno.EIO:
        return UnreadableMedia("cannot read file: input/output error (a failing disk or a dropped share?)")
    if isinstance(exc, (av.error.OSError, av.error.ArgumentError)):
        # FFmpeg's demuxers return errno codes for impossible header values (a 46000x46000 picture gives
        # "device or resource busy"): the words would mislead, the fact is that the header is unusable
        return UnreadableMedia(f"not a media file, or its header is damaged (FFmpeg error {code})")
    return UnreadableMedia(f"truncated or corrupt: {av_reason(exc)}")


def is_still(stream) -> bool:
    """True for streams that hold a picture, not moving video: cover art, or a lone image frame."""
    if stream.type != "video":
        return False
    disposition = int(stream.disposition)
    if disposition & (int(av.stream.Disposition.attached_pic) | int(av.stream.Disposition.still_image)):
        return True
    container = stream.container
    fmt = container.format.name if container is not None else ""
    if fmt in _IMAGE_DEMUXERS or fmt.endswith("_pipe"):  # png_pipe, jpeg_pipe, ...: an image file
        return True
    # an image codec with at most one frame in a container that knows no duration: a picture, not a film
    # (MJPEG/PNG video in AVI or MKV has a frame count or a container duration, so it stays video)
    name = stream.codec_context.name if stream.codec_context else ""
    return name in _IMAGE_CODECS and (stream.frames or 0) <= 1 and not stream.duration and not (
        container is not None and container.duration)


def stream_origin(stream) -> float:
    """Seconds at which a stream's timeline starts (its ``start_time``), 0 when unknown.

    Media time 0 is this point: MP3 decoders drop the encoder delay and stamp the first sample ~0.05 s, and
    MKV/MP4 with B-frames start video at a small positive time. Seeks add it; reported times subtract it.
    """
    if stream.start_time is None or not stream.time_base:
        return 0.0
    return float(stream.start_time * stream.time_base)


def moving_video_streams(container) -> list:
    """Video streams that are real video (not cover art or still images), best first."""
    streams = [s for s in container.streams.video if not is_still(s)]
    streams.sort(key=lambda s: (not (int(s.disposition) & int(av.stream.Disposition.default)),
                                -((s.codec_context.width or 0) * (s.codec_context.height or 0))))
    return streams


def audio_streams(container) -> list:
    """Audio streams, the default-flagged one first."""
    streams = list(container.streams.audio)
    streams.sort(key=lambda s: not (int(s.disposition) & int(av.stream.Disposition.default)))
    return streams


@contextlib.contextmanager
def open_media(path) -> Iterator["av.container.InputContainer"]:
    """Open ``path`` for reading after the checks above; raise ``UnreadableMedia`` with a readable reason.

    Also rejects containers that hold only still images ("not a media file (looks like a PNG image)") and
    containers with neither audio nor moving video.
    """
    head = read_head(path)
    what = looks_like(head)
    if what is not None:
        raise UnreadableMedia(f"not a media file (looks like {what})")
    try:
        container = av.open(os.fspath(path), metadata_errors="replace", options=_open_options(head))
    except av.error.FFmpegError as exc:
        raise _open_error(exc, head) from None
    except (OSError, ValueError, UnicodeError) as exc:
        raise UnreadableMedia(f"cannot read file: {exc}") from None
    try:
        if not container.streams.audio and not moving_video_streams(container):
            stills = [s for s in container.streams.video if is_still(s)]
            if stills:
                codec = stills[0].codec_context.name.upper().replace("MJPEG", "JPEG")
                raise UnreadableMedia(f"not a media file (looks like a {codec} image)")
            raise UnreadableMedia("not a media file (no audio or video stream)")
        yield container
    finally:
        container.close()


def stream_duration(container, stream) -> float | None:
    """Container duration, else the stream's, in seconds; None when neither is known."""
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    if stream.duration and stream.time_base and stream.duration > 0:
        return float(stream.duration * stream.time_base)
    return None

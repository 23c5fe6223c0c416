"""Cover art: the picture a file carries (or its folder holds), and a small thumbnail of it.

Where pictures live, in the order tried:
- embedded, read through mutagen when it is installed: ID3 ``APIC`` frames (MP3, also ID3 in WAV/AIFF),
  FLAC ``PICTURE`` blocks, Vorbis/Opus ``METADATA_BLOCK_PICTURE`` comments (base64 of a FLAC picture
  block) and the old ``COVERART`` comment, MP4 ``covr`` atoms. The front cover (picture type 3) wins.
- embedded, read through PyAV when mutagen is missing or finds nothing: the packet of a stream with the
  ``attached_pic`` disposition is the encoded picture itself (JPEG/PNG bytes).
- beside the file: cover / folder / front / album .jpg/.jpeg/.png, names compared case-insensitively.

``thumbnail`` decodes a picture (Pillow when present, else PyAV) and encodes a JPEG whose longer side is at
most ``max_side``. A corrupt, empty or huge picture raises ``UnreadableMedia`` with a one-line reason.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import os
from pathlib import Path

from avrec_desktop.errors import UnreadableMedia

log = logging.getLogger(__name__)

FRONT_COVER = 3  # picture type of the front cover in ID3 APIC and FLAC PICTURE
MAX_PICTURE_BYTES = 32 * 1024 * 1024  # larger embedded/folder pictures are refused, not decoded
MAX_PICTURE_PIXELS = 50_000_000  # ~7000 x 7000: above this a picture is refused before decoding
FOLDER_NAMES = ("cover", "folder", "front", "album")  # in order of preference
FOLDER_SUFFIXES = (".jpg", ".jpeg", ".png")


def _pick(pictures: list[tuple[int, bytes]]) -> bytes | None:
    """The front cover if there is one, else the first non-empty picture."""
    pictures = [(kind, data) for kind, data in pictures if data]
    if not pictures:
        return None
    for kind, data in pictures:
        if kind == FRONT_COVER:
            return data
    return pictures[0][1]


def _mutagen_pictures(path) -> list[tuple[int, bytes]] | None:
    """(picture type, bytes) of every embedded picture; None when mutagen is not installed."""
    try:
        import mutagen
        from mutagen.flac import Picture
    except ImportError:
        return None
    try:
        audio = mutagen.File(os.fspath(path))
    except Exception as exc:  # noqa: BLE001 - mutagen raises many kinds; the PyAV fallback still runs
        log.debug("%s: mutagen could not read the tags: %s", path, exc)
        return []
    if audio is None:
        return []
    found: list[tuple[int, bytes]] = []
    for picture in getattr(audio, "pictures", None) or ():  # FLAC PICTURE blocks
        found.append((int(picture.type), bytes(picture.data)))
    tags = audio.tags
    if tags is None:
        return found
    if hasattr(tags, "getall"):  # ID3
        for frame in tags.getall("APIC"):
            found.append((int(frame.type), bytes(frame.data)))
        return found
    try:
        items = list(tags.items()) if hasattr(tags, "items") else list(tags)
    except Exception:  # noqa: BLE001 - a tag container that cannot list itself holds no picture for us
        return found
    for key, value in items:
        name = str(key).lower()
        values = value if isinstance(value, list) else [value]
        if name == "covr":  # MP4
            found.extend((FRONT_COVER, bytes(v)) for v in values)
        elif name in ("metadata_block_picture", "coverart"):  # Vorbis comments (Ogg Vorbis / Opus)
            for text in values:
                try:
                    raw = base64.b64decode(str(text), validate=False)
                    if name == "coverart":
                        found.append((FRONT_COVER, raw))
                    else:
                        block = Picture(raw)
                        found.append((int(block.type), bytes(block.data)))
                except Exception as exc:  # noqa: BLE001 - one bad comment does not hide the others
                    log.debug("%s: bad %s comment: %s", path, name, exc)
    return found


def _attached_picture(path) -> bytes | None:
    """The packet of the first attached-picture stream, read with PyAV."""
    import av

    try:
        container = av.open(os.fspath(path), metadata_errors="replace")
    except (av.error.FFmpegError, OSError, ValueError, UnicodeError):
        return None
    try:
        for stream in container.streams.video:
            if not int(stream.disposition) & int(av.stream.Disposition.attached_pic):
                continue
            for packet in container.demux(stream):
                if packet.stream is stream and packet.size:
                    return bytes(packet)
                break
    except av.error.FFmpegError:
        return None
    finally:
        container.close()
    return None


def embedded_picture(path) -> bytes | None:
    """The encoded bytes of the cover embedded in ``path`` (front cover preferred), or None."""
    pictures = _mutagen_pictures(path)
    picture = _pick(pictures) if pictures else None
    return picture if picture is not None else _attached_picture(path)


@functools.lru_cache(maxsize=256)
def _folder_picture_in(folder: str, mtime_ns: int) -> str | None:
    """The cover-like picture in ``folder`` (cached per folder and its modification time)."""
    del mtime_ns  # part of the cache key only: a picture added to the folder changes it
    best: tuple[int, int, str] | None = None
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                stem, suffix = os.path.splitext(entry.name.lower())
                if stem in FOLDER_NAMES and suffix in FOLDER_SUFFIXES and entry.is_file():
                    rank = (FOLDER_NAMES.index(stem), FOLDER_SUFFIXES.index(suffix), entry.name)
                    best = rank if best is None or rank < best else best
    except OSError:
        return None
    return os.path.join(folder, best[2]) if best else None


def folder_picture(path) -> Path | None:
    """cover/folder/front/album .jpg/.jpeg/.png beside ``path`` (any letter case), or None."""
    folder = os.path.dirname(os.path.abspath(os.fspath(path)))
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return None
    found = _folder_picture_in(folder, mtime)
    return Path(found) if found else None


def thumbnail(data: bytes, max_side: int = 256) -> bytes:
    """JPEG bytes of ``data`` (any picture Pillow or FFmpeg reads) with its longer side <= ``max_side``."""
    if not data:
        raise UnreadableMedia("cover picture is empty")
    if len(data) > MAX_PICTURE_BYTES:
        raise UnreadableMedia(f"cover picture too large ({len(data) // (1024 * 1024)} MB)")
    try:
        from PIL import Image
    except ImportError:
        return _thumbnail_with_av(data, max_side)
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_PICTURE_PIXELS:
            raise UnreadableMedia(f"cover picture too large ({width}x{height} pixels)")
        image.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale
        image.load()
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, (128, 128, 128))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image = image.convert("RGB")
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=88)
        return out.getvalue()
    except UnreadableMedia:
        raise
    except (Image.DecompressionBombError, MemoryError):
        raise UnreadableMedia("cover picture too large to decode") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises OSError, ValueError, SyntaxError...
        raise UnreadableMedia(f"cover picture unreadable ({type(exc).__name__}: {exc})") from None


def _thumbnail_with_av(data: bytes, max_side: int) -> bytes:
    import av

    from avrec_desktop.media.frames import scaled_size
    from avrec_desktop.media.poster import _encode

    try:
        with av.open(io.BytesIO(data)) as container:
            stream = container.streams.video[0]
            if (stream.width or 0) * (stream.height or 0) > MAX_PICTURE_PIXELS:
                raise UnreadableMedia(f"cover picture too large ({stream.width}x{stream.height} pixels)")
            for frame in container.decode(stream):
                width, height = scaled_size(frame.width, frame.height, max_side)
                rgb = frame.reformat(width=width, height=height, format="rgb24").to_ndarray()
                return _encode(rgb, "jpeg")
    except UnreadableMedia:
        raise
    except (av.error.FFmpegError, IndexError, ValueError) as exc:
        raise UnreadableMedia(f"cover picture unreadable ({exc})") from None
    raise UnreadableMedia("cover picture unreadable (no frame decoded)")

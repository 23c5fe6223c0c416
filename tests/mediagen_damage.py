"""Broken and odd input for tests (``mediagen`` re-exports every name): cut files, random bytes, a PNG
posing as media, text, empty files, a file name that is not UTF-8."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np


def truncate(path, fraction: float) -> Path:
    """Cut ``path`` in place to the first ``fraction`` (0..1) of its bytes."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.truncate(int(size * fraction))
    return path


def random_bytes(path, n: int = 4096, seed: int = 0) -> Path:
    """Write ``n`` random bytes to ``path`` (give it a media extension to fake a media file)."""
    path = Path(path)
    path.write_bytes(np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes())
    return path


def png_bytes(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A tiny valid PNG image (8-bit RGB), built with zlib + struct only."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


def write_png(path, **kwargs) -> Path:
    """Write ``png_bytes(**kwargs)`` to ``path`` (e.g. a PNG renamed to .mp3)."""
    path = Path(path)
    path.write_bytes(png_bytes(**kwargs))
    return path


def write_text(path, text: str = "These are the lyrics, not the song.\nLine two of the text file.\n") -> Path:
    """A plain UTF-8 text file (give it a media extension to fake a media file)."""
    path = Path(path)
    path.write_text(text * 4, encoding="utf-8")
    return path


def zero_byte(path) -> Path:
    """Create (or empty) ``path`` as a 0-byte file."""
    path = Path(path)
    with open(path, "wb"):
        pass
    return path


def odd_name(directory, ext: str = ".mp3") -> Path:
    """A path whose name holds a non-UTF-8 byte and an emoji (``café 🎵`` with Latin-1 é), surrogate-escaped."""
    return Path(directory) / os.fsdecode(b"caf\xe9 \xf0\x9f\x8e\xb5" + os.fsencode(ext))

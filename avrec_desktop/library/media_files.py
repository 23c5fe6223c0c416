"""Which files are media, by extension, and which of them a folder of a given kind takes in.

The extension is only a first guess at the kind: decoding decides (an .mp4 with no picture is audio, a
PNG named .mp3 fails with a clear reason).
"""

from __future__ import annotations

import os

AUDIO_EXTENSIONS = frozenset({
    ".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wav", ".wma", ".aif", ".aiff", ".ape",
    ".wv", ".mka", ".mpc", ".alac", ".caf",
})
VIDEO_EXTENSIONS = frozenset({
    ".mp4", ".m4v", ".mkv", ".webm", ".avi", ".mov", ".wmv", ".mpg", ".mpeg", ".ts", ".m2ts", ".ogv",
    ".3gp", ".flv",
})


def extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def guess_kind(path: str) -> str | None:
    ext = extension(path)
    if ext in AUDIO_EXTENSIONS:
        return "audio"
    if ext in VIDEO_EXTENSIONS:
        return "video"
    return None


def accepts(folder_kind: str, path: str) -> bool:
    """Whether a folder of this kind indexes this file (music folders take audio, video folders video)."""
    kind = guess_kind(path)
    if kind is None:
        return False
    if folder_kind == "music":
        return kind == "audio"
    if folder_kind == "video":
        return kind == "video"
    return True


def is_hidden(name: str) -> bool:
    return name.startswith(".")

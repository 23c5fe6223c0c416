"""What a path that is not a regular file is, in words (stdlib only: the scanner and the decoders share it,
and the scanner must not pull in the decoding stack)."""

from __future__ import annotations

import stat


def not_regular_reason(mode: int) -> str | None:
    """Why a file of this mode is no media file (a FIFO, a device, a socket), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a regular file"

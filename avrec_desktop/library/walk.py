"""Walking a folder tree safely: symlink loops, unreadable folders and odd names never stop a scan."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Callable

from avrec_desktop.file_modes import not_regular_reason


@dataclass
class WalkResult:
    files: dict[str, os.stat_result] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): media-named non-files


def special_file_reason(st: os.stat_result) -> str | None:
    """Why a path that is neither a regular file nor a folder is skipped (it is never opened: reading
    a FIFO would block the scan); None for regular files and folders."""
    if stat.S_ISDIR(st.st_mode):
        return None
    why = not_regular_reason(st.st_mode)
    return f"{why.removeprefix('is ')}: skipped" if why else None


def walk_media(root: str, wanted: Callable[[str], bool]) -> WalkResult:
    """Every regular file under ``root`` that ``wanted(path)`` accepts, with its stat.

    Symlinked folders are followed once: a folder already visited (same device and inode) is skipped,
    which ends symlink loops. Hidden entries are skipped. A folder that cannot be listed, a broken link
    and an unreadable entry are reported in ``errors``; a FIFO, socket or device named like media in
    ``skipped`` (only stat'ed, never opened); the walk goes on. Raises OSError only when ``root`` itself cannot be listed.
    """
    result = WalkResult()
    seen_dirs: set[tuple[int, int]] = set()
    root_stat = os.stat(root)
    seen_dirs.add((root_stat.st_dev, root_stat.st_ino))
    stack = [root]
    first = True
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            if first:
                raise
            result.errors.append((current, exc.strerror or str(exc)))
            continue
        first = False
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                st = os.stat(entry.path)  # follows symlinks
            except OSError as exc:
                result.errors.append((entry.path, f"broken link or unreadable: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    continue
                seen_dirs.add(key)
                stack.append(entry.path)
            elif stat.S_ISREG(st.st_mode):
                if wanted(entry.path):
                    result.files[entry.path] = st
            elif wanted(entry.path):
                result.skipped.append((entry.path, special_file_reason(st) or "not a regular file"))
    return result

"""What the ``avrec`` commands write: JSON on stdout, a self-rewriting progress line, one-line errors.

Why a module of its own: ``cli.py`` (the parser and ``main``) and the command modules all need these, and
keeping them apart from both means no command module imports ``cli`` back (no import cycle).

JSON is always valid UTF-8, whatever the file names are. A path that is not valid UTF-8 (``os.fsdecode``
keeps each bad byte as a lone surrogate, which no UTF-8 encoder accepts) is written with U+FFFD in place of
the bad bytes, and beside it ``<key>_bytes`` holds the exact name, base64 of ``os.fsencode`` (so
``os.fsdecode(base64.b64decode(item["path_bytes"]))`` gives back the path the store knows).
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
import time

_SURROGATE = re.compile("[\udc80-\udcff]")


def has_bad_bytes(text: str) -> bool:
    return bool(_SURROGATE.search(text))


def _printable(text: str) -> str:
    return os.fsencode(text).decode("utf-8", errors="replace")


def json_safe(data):
    """``data`` with every string valid Unicode; a dict value that was not gets a lossless ``<key>_bytes``."""
    if isinstance(data, str):
        return _printable(data) if has_bad_bytes(data) else data
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            key = json_safe(key) if isinstance(key, str) else key
            if isinstance(value, str) and has_bad_bytes(value):
                out[key] = _printable(value)
                out[f"{key}_bytes"] = base64.b64encode(os.fsencode(value)).decode("ascii")
            else:
                out[key] = json_safe(value)
        return out
    if isinstance(data, (list, tuple)):
        return [json_safe(v) for v in data]
    return data


def emit_json(data, stream=None) -> None:
    """``data`` as indented JSON on stdout, encoded as UTF-8 whatever the locale says."""
    text = json.dumps(json_safe(data), indent=2, ensure_ascii=False, default=lambda o: json_safe(str(o))) + "\n"
    stream = stream or sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def print_error(message, stream=None) -> None:
    """One line on stderr: ``avrec: <message>`` (newlines folded, bad bytes shown as U+FFFD)."""
    line = " ".join(_printable(str(message)).split("\n"))
    print(f"avrec: {line}", file=stream or sys.stderr)


class ProgressLine:
    """A progress line that rewrites itself on a terminal and prints sparsely otherwise."""

    def __init__(self, stream=None, every: float = 5.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every
        self._last = 0.0
        self._width = 0

    def show(self, text: str, force: bool = False) -> None:
        now = time.monotonic()
        if self.tty:
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
            self._width = len(text)
        elif force or now - self._last >= self.every:
            self.stream.write(text + "\n")
            self.stream.flush()
            self._last = now

    def done(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()

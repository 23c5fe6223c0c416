"""Decoding only: PyAV audio to mono float32 at a fixed rate, frames sampled through whole videos, tags and
stream facts, poster stills. Pure functions over a path; failures are ``UnreadableMedia`` (or its subclasses
``NoAudioStream`` / ``NoVideoStream``) with a one-line reason a user can read.

The names below load on first use: importing ``avrec_desktop.media.clips`` (the encoders' input types)
or asking for a name from one submodule must not load PyAV and every decoder (a query decodes nothing).
"""

from __future__ import annotations

import importlib
import sys
import types

_WHERE = {
    "AUDIO_SAMPLE_RATE": "audio",
    "audio_clip": "audio",
    "decode_audio": "audio",
    "window_starts": "audio",
    "looks_like": "opening",
    "write_poster": "poster",
    "MediaInfo": "probe",
    "parse_track": "probe",
    "parse_year": "probe",
    "probe": "probe",
    "keyframe_rate": "video",
    "target_times": "video",
    "video_frames": "video",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value) -> None:
        # Loading the ``probe`` submodule makes the import system set ``media.probe`` to that module; the
        # package's ``probe`` stays the function (``media.probe(path)``), as with eager imports.
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

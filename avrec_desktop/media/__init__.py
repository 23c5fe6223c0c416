"""Decoding only: PyAV audio to mono float32 at a fixed rate, frames sampled through whole videos, tags and
stream facts, poster stills. Pure functions over a path; failures are ``UnreadableMedia`` (or its subclasses
``NoAudioStream`` / ``NoVideoStream``) with a one-line reason a user can read.
"""

from .audio import AUDIO_SAMPLE_RATE, audio_clip, decode_audio, window_starts
from .opening import looks_like
from .poster import write_poster
from .probe import MediaInfo, parse_track, parse_year, probe
from .video import keyframe_rate, target_times, video_frames

__all__ = [
    "AUDIO_SAMPLE_RATE",
    "MediaInfo",
    "audio_clip",
    "decode_audio",
    "keyframe_rate",
    "looks_like",
    "parse_track",
    "parse_year",
    "probe",
    "target_times",
    "video_frames",
    "window_starts",
    "write_poster",
]

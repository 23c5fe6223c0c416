"""libsndfile for the audio FFmpeg rejects: ``instead(error, path, read)`` is the one place every audio reader
(``probe``, ``decode_audio``, ``audio_clip``) turns to when PyAV/FFmpeg gives up on a file.

Why: some valid files are refused by FFmpeg's demuxers and read fine by libsndfile (an Ogg Vorbis whose pages
FFmpeg calls "Invalid data found when processing input" is the case that made this module). libsndfile comes
from the ``soundfile`` wheel, which bundles its own copy (with Vorbis, Opus, FLAC and MP3): no system library.
It is imported only when a fallback happens, so reading a normal file never loads it.

When it is tried: after FFmpeg raised ``UnreadableMedia`` for content reasons (cannot open the container, no
stream, nothing decodes). Not for what the file is (missing, empty, a folder, a PNG renamed to .mp3:
``opening.read_head``/``looks_like`` decide that, as for FFmpeg), nor a permission or I/O error FFmpeg met, nor
``NoAudioStream`` (a video without sound), nor ``CutShort`` (FFmpeg read the start of a file cut off later:
libsndfile would read the same start), nor containers libsndfile does not read (MP4/M4A, Matroska/WebM, AVI).
A "text file" is offered to libsndfile quietly (only a success changes anything): NIST SPHERE files (TIMIT's
.wav) and MATLAB 5 files start with a text header.

A file both reject fails with one line naming both: "FFmpeg: <its reason>; libsndfile: <its reason>", with a
shared leading category kept first ("truncated or corrupt: FFmpeg: ...; libsndfile: ...").

Samples come out as in ``audio.py``: channels averaged in float32, then libswresample (``audio._resample``) to
the rate asked for, clipped to [-1, 1]; long files get the same windows (``audio.window_starts``).
"""

from __future__ import annotations

import logging
from typing import Callable, TypeVar

import numpy as np

from avrec_desktop.errors import CutShort, NoAudioStream, UnreadableMedia

from .clips import AudioClip
from .opening import looks_like, read_head

log = logging.getLogger(__name__)

FFMPEG = "ffmpeg"
LIBSNDFILE = "libsndfile"

_TRUNCATED = "truncated or corrupt: "
# read past a span's end and cut after resampling (as audio.py does): the resampler's flush stays outside it
_PAST_END = 0.05
_BLOCK = 1 << 18  # frames read (and mixed down) per call: bounds the float copy of a many-channel file
# leading bytes of containers libsndfile never reads: its verdict would only lengthen FFmpeg's
_NOT_FOR_SNDFILE = ((b"ftyp", 4), (b"\x1a\x45\xdf\xa3", 0), (b"AVI ", 8))
# opening.py's reasons about access, not content (FFmpeg hit a permission or I/O error)
_NOT_THE_CONTENT = ("cannot read file", "file not found", "is a folder")
# libsndfile's words for a regular file its MP3 reader gave up on (the file exists: the pre-checks passed)
_MISLEADING = ("file does not exist or is not a regular file",)

T = TypeVar("T")


class _Rejected(Exception):
    """libsndfile could not read the file; ``str`` is its one-line reason."""


def _how_it_may_help(error: UnreadableMedia, path) -> str | None:
    """None: do not try libsndfile; "combine": its reason joins FFmpeg's; "quiet": only its success counts."""
    if isinstance(error, (NoAudioStream, CutShort)) or str(error).startswith(_NOT_THE_CONTENT):
        return None
    try:
        head = read_head(path)
    except UnreadableMedia:
        return None
    what = looks_like(head)
    if what == "a text file":  # NIST SPHERE (TIMIT's .wav) and MATLAB 5 files start with a text header
        return "quiet"
    if what is not None or any(head[at : at + len(magic)] == magic for magic, at in _NOT_FOR_SNDFILE):
        return None
    return "combine"


def both_reasons(ffmpeg: str, sndfile: str) -> str:
    """One line naming both decoders' reasons; a shared "truncated or corrupt" category stays in front."""
    if ffmpeg.startswith(_TRUNCATED):
        return f"{_TRUNCATED}FFmpeg: {ffmpeg[len(_TRUNCATED):]}; libsndfile: {sndfile.removeprefix(_TRUNCATED)}"
    return f"FFmpeg: {ffmpeg}; libsndfile: {sndfile}"


def instead(error: UnreadableMedia, path, read: Callable[[object], T]) -> T:
    """``read(path)`` with libsndfile after FFmpeg raised ``error``; re-raises ``error`` when libsndfile cannot
    help, or one ``UnreadableMedia`` naming both reasons when it fails too."""
    how = _how_it_may_help(error, path)
    if how is None:
        raise error
    try:
        result = read(path)
    except _Rejected as exc:
        if how == "quiet":
            raise error from None
        raise UnreadableMedia(both_reasons(str(error), str(exc))) from None
    log.info("%s: read with libsndfile (FFmpeg: %s)", path, error)
    return result


def _sndfile_reason(exc: BaseException) -> str:
    text = str(getattr(exc, "error_string", None) or exc or type(exc).__name__)
    text = " ".join(text.split()).removeprefix("Error :").strip().rstrip(".")
    if any(text.lower().startswith(words) for words in _MISLEADING):
        return "format not recognised"
    return text[:1].lower() + text[1:]


def _open(path):
    import soundfile

    try:
        return soundfile.SoundFile(str(path))
    except Exception as exc:  # noqa: BLE001 - LibsndfileError, TypeError for odd subtypes: all "cannot read"
        raise _Rejected(_sndfile_reason(exc)) from None


def _read_mono(f, frames: int | None) -> tuple[np.ndarray, str | None]:
    """Up to ``frames`` (None: to the end) from the current position, mono float32 at the file's rate."""
    parts, left, error = [], frames, None
    while left is None or left > 0:
        want = _BLOCK if left is None else min(_BLOCK, left)
        try:
            block = f.read(want, dtype="float32", always_2d=True)
        except Exception as exc:  # noqa: BLE001 - damage part-way: keep what came before
            error = _sndfile_reason(exc)
            break
        if not len(block):
            break
        parts.append(block[:, 0].copy() if block.shape[1] == 1 else block.mean(axis=1, dtype=np.float32))
        if left is not None:
            left -= len(block)
        if len(block) < want:
            break
    return (np.concatenate(parts) if parts else np.zeros(0, np.float32)), error


def _finish(x: np.ndarray, rate: int, sr: int) -> np.ndarray:
    from .audio import _resample

    samples = _resample(np.ascontiguousarray(x, dtype=np.float32), rate, sr)
    np.clip(samples, -1.0, 1.0, out=samples)
    return np.ascontiguousarray(samples, dtype=np.float32)


def _require_usable(samples: np.ndarray, sr: int, expected: float | None, error: str | None) -> None:
    from .audio import MIN_USABLE_SECONDS

    got = samples.size / sr
    if got == 0:
        raise _Rejected(_TRUNCATED + (error or "no audio could be decoded"))
    if got < MIN_USABLE_SECONDS and expected is not None and expected > got * 1.5 + 0.05:
        raise _Rejected(_TRUNCATED + (error or f"only {got:.2f} s of a claimed {expected:.1f} s decoded"))


def _duration(f) -> float | None:
    return f.frames / f.samplerate if f.frames and f.frames > 0 and f.samplerate else None


def _tags(path, f) -> dict[str, str]:
    """Tags through mutagen (as the cover art is read), then what libsndfile itself found; keys lower-cased."""
    tags: dict[str, str] = {}
    try:
        import mutagen

        found = mutagen.File(str(path), easy=True)
        for key, value in ((found.tags or {}).items() if found is not None else ()):
            values = value if isinstance(value, list) else [value]
            text = "; ".join(str(v).replace("\x00", "").strip() for v in values if str(v).strip())
            if text and str(key).lower() not in tags:
                tags[str(key).lower()] = text
    except Exception as exc:  # noqa: BLE001 - tags are a bonus: a bad tag block never fails the file
        log.debug("%s: mutagen: %s", path, exc)
    try:
        for key, value in f.copy_metadata().items():
            value = str(value).replace("\x00", "").strip()
            if value and key.lower() not in tags:
                tags[key.lower()] = value
    except Exception as exc:  # noqa: BLE001
        log.debug("%s: libsndfile tags: %s", path, exc)
    return tags


def probe(path):
    """A ``MediaInfo`` from libsndfile (``decoder`` "libsndfile"); ``_Rejected`` if it cannot read a frame."""
    from .probe import MediaInfo, tag_fields

    with _open(path) as f:
        first, error = _read_mono(f, 1024)
        if first.size == 0:
            raise _Rejected(_TRUNCATED + (error or "no audio could be decoded"))
        tags = _tags(path, f)
        return MediaInfo(
            kind="audio",
            duration=_duration(f),
            **tag_fields(tags),
            audio_codec=str(f.subtype or "").lower() or None,
            has_audio=True,
            sample_rate=f.samplerate or None,
            channels=f.channels or None,
            container=str(f.format or "").lower() or None,
            tags=tags,
            decoder=LIBSNDFILE,
        )


def decode_audio(path, *, sr: int, start: float = 0.0, seconds: float | None = None) -> np.ndarray:
    """As ``audio.decode_audio``, read by libsndfile; ``_Rejected`` when it cannot."""
    with _open(path) as f:
        rate = f.samplerate
        claimed = _duration(f)
        if claimed is not None and start >= claimed:
            return np.zeros(0, np.float32)
        if start > 0:
            try:
                f.seek(int(round(start * rate)))
            except Exception as exc:  # noqa: BLE001
                raise _Rejected(_TRUNCATED + _sndfile_reason(exc)) from None
        x, error = _read_mono(f, None if seconds is None else int(round((seconds + _PAST_END) * rate)))
    samples = _finish(x, rate, sr)
    if seconds is not None:
        samples = samples[: int(round(seconds * sr))]
    remaining = None if claimed is None else claimed - start
    expected = seconds if remaining is None else (remaining if seconds is None else min(seconds, remaining))
    _require_usable(samples, sr, expected, error)
    return samples


def audio_clip(path, info=None, *, window_seconds: float, max_windows: int, whole_below: float,
               sr: int) -> AudioClip:
    """As ``audio.audio_clip``, read by libsndfile; ``_Rejected`` when it cannot."""
    from .audio import MIN_USABLE_SECONDS, window_starts

    with _open(path) as f:
        rate = f.samplerate
        duration = getattr(info, "duration", None) or _duration(f)
        if duration is None or duration <= whole_below:
            x, error = _read_mono(f, int(round((1.5 * whole_below + _PAST_END) * rate)))
            samples = _finish(x, rate, sr)[: int(round(1.5 * whole_below * sr))]
            _require_usable(samples, sr, duration, error)
            got = samples.size / sr
            if duration and got < 0.9 * duration and got < 1.5 * whole_below - 1.0:
                duration = got
            return AudioClip(windows=[samples], sample_rate=sr, duration=duration or got)
        count = max(1, min(max_windows, int(duration // window_seconds)))
        windows, error = [], None
        for start in window_starts(duration, window_seconds, count):
            try:
                f.seek(int(round(start * rate)))
            except Exception as exc:  # noqa: BLE001 - a window past a damaged part: try the others
                error = _sndfile_reason(exc)
                continue
            x, error_here = _read_mono(f, int(round((window_seconds + _PAST_END) * rate)))
            error = error_here or error
            samples = _finish(x, rate, sr)[: int(round(window_seconds * sr))]
            if samples.size >= MIN_USABLE_SECONDS * sr:
                windows.append(samples)
    if not windows:
        raise _Rejected(_TRUNCATED + (error or "no audio could be decoded"))
    return AudioClip(windows=windows, sample_rate=sr, duration=float(duration))


def why_the_player_cannot(path) -> str | None:
    """One line for a file only libsndfile reads: the window's player (QtMultimedia on FFmpeg) cannot play
    it, though it is analysed; None for a file FFmpeg reads, or one nothing reads (then it is simply unreadable)."""
    from .probe import probe

    try:
        info = probe(path)
    except UnreadableMedia:
        return None
    if info.decoder != LIBSNDFILE:
        return None
    return "the player's FFmpeg rejects this file; only libsndfile reads it, so it is analysed but not playable here"

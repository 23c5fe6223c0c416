"""``probe(path)``: what a media file is (audio or video), how long, and its tags — without decoding it all.

Why: the library shows and searches tags, the indexer picks decoders by kind, and the text encoder needs
title/artist/album/genre. Tags are read case-insensitively from the container and every stream (Ogg Vorbis
and Opus keep them on the stream; MP4 and ID3 on the container); container tags win.

Probing also proves the file is usable: after opening, the first packets of the main stream are decoded
until one frame comes out (a few ms). Without that, random bytes named ``.flac`` "open" as an empty FLAC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import av

from avrec_desktop.errors import UnreadableMedia

from . import sndfile_fallback
from .opening import audio_streams, av_reason, is_still, moving_video_streams, open_media

# packets of the main stream tried for a first decoded frame before calling the file corrupt
_CHECK_PACKETS = 200

_TAG_KEYS = {
    "title": ("title",),
    "artist": ("artist", "album_artist", "albumartist", "author", "performer"),
    "album": ("album",),
    "genre": ("genre",),
    "date": ("date", "year", "originaldate"),  # not creation_time: encoders stamp 1970 or "now"
    "track": ("track", "tracknumber"),
}


@dataclass
class MediaInfo:
    """Facts about one media file. ``duration`` is best effort (None when neither container nor stream says)."""

    kind: str  # "audio" | "video"
    duration: float | None
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    genre: str | None = None
    year: int | None = None
    track_no: int | None = None
    width: int | None = None
    height: int | None = None
    audio_codec: str | None = None
    video_codec: str | None = None
    has_audio: bool = False
    has_video: bool = False
    has_cover: bool = False  # an embedded picture (cover art); ``write_poster`` can extract it
    sample_rate: int | None = None
    channels: int | None = None
    fps: float | None = None
    container: str | None = None  # FFmpeg demuxer name, e.g. "mp3", "ogg", "mov,mp4,m4a,3gp,3g2,mj2"
    tags: dict[str, str] = field(default_factory=dict)  # every tag, keys lower-cased
    cover: object | None = None  # library.covers.CoverResult, set by the analysis when it made the cover
    decoder: str = "ffmpeg"  # "libsndfile" when FFmpeg rejected the file (media/sndfile_fallback.py)


def parse_year(value: str | None) -> int | None:
    """Year from "1999", "1999-02-03", "2012-12-15T00:00:00Z", "03/02/1999"; None when there is none."""
    if not value:
        return None
    match = re.search(r"(?<!\d)(1[0-9]{3}|20[0-9]{2}|2100)(?!\d)", value)
    return int(match.group(1)) if match else None


def parse_track(value: str | None) -> int | None:
    """Track number from "3", "03", "3/12"; None for "", "0" or junk."""
    if not value:
        return None
    match = re.match(r"\s*0*(\d{1,4})\s*(?:/|$|\s)", value)
    if not match:
        return None
    number = int(match.group(1))
    return number or None


def collect_tags(container) -> dict[str, str]:
    """All tags, keys lower-cased; container tags first, then streams fill in what is missing."""
    tags: dict[str, str] = {}
    # cover-art streams carry only the picture type ("comment": "Cover (front)"), not tags of the file
    sources = [container.metadata] + [s.metadata for s in container.streams if not is_still(s)]
    for source in sources:
        for key, value in (source or {}).items():
            key = str(key).lower()
            value = str(value).replace("\x00", "").strip()
            if value and key not in tags:
                tags[key] = value
    return tags


def _first(tags: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        if tags.get(name):
            return tags[name]
    return None


def tag_fields(tags: dict[str, str]) -> dict:
    """The MediaInfo fields a file's tags give (title, artist, album, genre, year, track_no)."""
    return dict(title=_first(tags, _TAG_KEYS["title"]), artist=_first(tags, _TAG_KEYS["artist"]),
                album=_first(tags, _TAG_KEYS["album"]), genre=_first(tags, _TAG_KEYS["genre"]),
                year=parse_year(_first(tags, _TAG_KEYS["date"])),
                track_no=parse_track(_first(tags, _TAG_KEYS["track"])))


def _duration(container, streams) -> float | None:
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    for stream in streams:
        if stream.duration and stream.time_base and stream.duration > 0:
            return float(stream.duration * stream.time_base)
    return None


def check_decodable(container, stream) -> None:
    """Decode the first packets of ``stream`` until one frame appears; ``UnreadableMedia`` if none does."""
    error = None
    try:
        for count, packet in enumerate(container.demux(stream)):
            if count >= _CHECK_PACKETS:
                break
            try:
                if packet.decode():
                    return
            except av.error.FFmpegError as exc:
                error = exc
    except av.error.FFmpegError as exc:
        error = exc
    kind = "audio" if stream.type == "audio" else "video"
    if error is not None:
        raise UnreadableMedia(f"truncated or corrupt: {av_reason(error)}")
    raise UnreadableMedia(f"truncated or corrupt: no {kind} could be decoded")


def probe(path) -> MediaInfo:
    """Kind, duration, tags and stream facts of ``path``; ``UnreadableMedia`` when it is not playable media.

    Audio FFmpeg rejects is probed by libsndfile (``info.decoder`` says which read it)."""
    try:
        return _probe_ffmpeg(path)
    except UnreadableMedia as exc:
        return sndfile_fallback.instead(exc, path, sndfile_fallback.probe)


def _probe_ffmpeg(path) -> MediaInfo:
    with open_media(path) as container:
        audio = audio_streams(container)
        video = moving_video_streams(container)
        main_video = video[0] if video else None
        main_audio = audio[0] if audio else None
        duration = _duration(container, [s for s in (main_video, main_audio) if s is not None])
        tags = collect_tags(container)
        info = MediaInfo(
            kind="video" if main_video is not None else "audio",
            duration=duration,
            **tag_fields(tags),
            has_audio=main_audio is not None,
            has_video=main_video is not None,
            has_cover=any(is_still(s) for s in container.streams.video),
            container=container.format.name,
            tags=tags,
        )
        if main_audio is not None:
            info.audio_codec = main_audio.codec_context.name
            info.sample_rate = main_audio.codec_context.sample_rate or None
            info.channels = main_audio.codec_context.channels or None
        if main_video is not None:
            info.video_codec = main_video.codec_context.name
            info.width = main_video.codec_context.width or None
            info.height = main_video.codec_context.height or None
            rate = main_video.average_rate or main_video.guessed_rate
            info.fps = float(rate) if rate else None
        check_decodable(container, main_video if main_video is not None else main_audio)
    return info

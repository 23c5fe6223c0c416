"""Analysing files: decode (per file), encode (batched per space), and the per-file outcome.

Stage 1, ``decode``: probe tags and streams, decode audio windows and video keyframes, write the
poster. Stage 2, ``encode_batch``: each encoder of the active set runs once over the whole batch (neural
encoders are much faster batched); if a batch fails, its items are retried one by one so one bad input
never sinks the others. Every file ends as an ``Outcome``: either embeddings to store or a readable
reason why it failed.

The primary space of a file (audio for music, visual for videos) must succeed; a failure of a
secondary space (text, or the soundtrack of a video) is left out without failing the file.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from avrec_desktop.encoders.base import Encoder
from avrec_desktop.errors import AvrecError, UnreadableMedia
from avrec_desktop.media.clips import AudioClip, VideoFrames
from avrec_desktop.store import Embedding, MediaItem
from avrec_desktop.store.records import readable_name
from avrec_desktop.store.tags import ItemTags

log = logging.getLogger(__name__)


@dataclass
class Decoded:
    item: MediaItem
    info: object  # media.MediaInfo
    audio: AudioClip | None = None
    video: VideoFrames | None = None
    text: str | None = None
    notes: list[str] = field(default_factory=list)
    tags: ItemTags | None = None  # what the audio encoder's tagger heard (sonic_musicnn.py), when it has one

    @property
    def primary_space(self) -> str:
        return "visual" if self.info.kind == "video" else "audio"

    def input_for(self, space: str):
        if space == "text" and self.text is not None and self.tags is not None and self.tags.words:
            return f"{self.text}. {', '.join(self.tags.words)}"  # the auto-tags are words the text space knows
        if space == "clap":  # the optional CLAP space (encoders/clap.py) hears music, not soundtracks
            return self.audio if self.info.kind == "audio" else None
        return {"audio": self.audio, "visual": self.video, "text": self.text}.get(space)


@dataclass
class Outcome:
    item: MediaItem
    info: object | None
    embeddings: list[Embedding] = field(default_factory=list)
    error: str | None = None
    quick: bool = False  # a first-pass vector (indexing/quick.py): the job stays queued for the full one
    tags: ItemTags | None = None  # stored with the vectors (store/tags.py); None removes an item's old tags

    @property
    def ok(self) -> bool:
        return self.error is None


_MAX_REASON = 300  # characters of a stored reason; exception texts can hold whole tracebacks or data dumps


def describe_error(exc: BaseException) -> str:
    """A one-line reason a person can read (never several lines, never longer than ``_MAX_REASON``)."""
    if isinstance(exc, AvrecError):
        text = str(exc)
    elif isinstance(exc, MemoryError):
        text = "ran out of memory while analysing this file"
    elif isinstance(exc, OSError):
        text = f"cannot read file: {exc.strerror or exc}"
    else:
        text = f"analysis failed: {type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"


def decode(item: MediaItem, poster_path: str | None = None) -> Decoded:
    """Raises UnreadableMedia (or another AvrecError) with a readable reason."""
    from avrec_desktop import media
    from avrec_desktop.encoders.text_minilm import text_for

    info = media.probe(item.path)
    decoded = Decoded(item=item, info=info)
    if info.kind == "video":
        decoded.video = media.video_frames(item.path, info)
        if poster_path:
            try:
                media.write_poster(item.path, poster_path)
            except (AvrecError, OSError) as exc:
                decoded.notes.append(f"no poster: {describe_error(exc)}")
    if poster_path:  # pictures go to the cache: the cover too (library/covers.py; a bad one is a note)
        info.cover = _cover(item, info, poster_path, decoded.notes)
    if info.has_audio:
        try:
            decoded.audio = media.audio_clip(item.path, info)
            if info.kind == "audio" and info.duration and decoded.audio.duration < info.duration:
                info.duration = decoded.audio.duration  # a cut-off file: store the length that plays
        except UnreadableMedia as exc:
            if info.kind == "audio":
                raise
            decoded.notes.append(f"soundtrack unreadable: {exc}")
    elif info.kind == "audio":
        raise UnreadableMedia("no audio stream")
    # A name that is not UTF-8 holds surrogates after os.fsdecode: read it as words the encoder takes.
    decoded.text = text_for(info.title, info.artist, info.album, info.genre,
                            readable_name(os.path.basename(item.path)))
    return decoded


def _cover(item: MediaItem, info, poster_path: str, notes: list[str]):
    from avrec_desktop.library.covers import make_cover

    try:
        result = make_cover(item.path, info.kind, poster_path)
    except Exception as exc:  # noqa: BLE001 - cover art never fails an analysis
        notes.append(f"no cover: {describe_error(exc)}")
        return None
    if result.note:
        notes.append(f"no cover: {result.note}")
    return result


def encode_batch(decoded: list[Decoded], encoders: dict[str, Encoder]) -> list[Outcome]:
    errors: dict[int, str] = {}
    vectors: dict[int, list[Embedding]] = {id(d): [] for d in decoded}
    for space, encoder in encoders.items():
        todo = [d for d in decoded if d.input_for(space) is not None and id(d) not in errors]
        for d, vector, probs, exc in _encode_space(encoder, todo, space):
            if exc is None:
                vectors[id(d)].append(Embedding(space, encoder.name, encoder.version, vector))
                if probs is not None:
                    d.tags = ItemTags(encoder.name, encoder.version, probs, tuple(encoder.tag_words(probs)))
            elif space == d.primary_space:
                errors[id(d)] = f"{space} analysis failed: {describe_error(exc)}"
            else:
                log.info("%s: %s encoder failed: %s", d.item.path, space, exc)
    outcomes = []
    for d in decoded:
        if id(d) in errors:
            outcomes.append(Outcome(d.item, d.info, error=errors[id(d)]))
        elif not any(e.space == d.primary_space for e in vectors[id(d)]):
            outcomes.append(Outcome(d.item, d.info, error=f"no {d.primary_space} could be analysed"))
        else:
            outcomes.append(Outcome(d.item, d.info, embeddings=vectors[id(d)], tags=d.tags))
    return outcomes


def _encode(encoder: Encoder, inputs: list) -> tuple:
    """Rows, and per row the tag probabilities of an encoder that tags (``encode_tagged``) or None."""
    tagged = getattr(encoder, "encode_tagged", None)
    if tagged is not None:
        return tagged(inputs)
    return encoder.encode(inputs), [None] * len(inputs)


def _encode_space(encoder: Encoder, todo: list[Decoded], space: str):
    if not todo:
        return
    size = max(1, int(getattr(encoder, "batch_size", 1) or 1))
    for start in range(0, len(todo), size):
        chunk = todo[start:start + size]
        try:
            matrix, probs = _encode(encoder, [d.input_for(space) for d in chunk])
            for d, row, p in zip(chunk, matrix, probs):
                yield d, row, p, None
            continue
        except Exception as exc:  # isolate the bad input below
            if len(chunk) == 1:
                yield chunk[0], None, None, exc
                continue
        for d in chunk:
            try:
                matrix, probs = _encode(encoder, [d.input_for(space)])
                yield d, matrix[0], probs[0], None
            except Exception as exc:
                yield d, None, None, exc


def analyse_one(item: MediaItem, encoders: dict[str, Encoder], poster_path: str | None = None) -> Outcome:
    """Decode and encode one file (a pool's analyser does this per file): never raises for the file."""
    try:
        decoded = decode(item, poster_path)
    except Exception as exc:
        return Outcome(item, None, error=describe_error(exc))
    return encode_batch([decoded], encoders)[0]

"""The quick first pass: every new track answers "Play similar" within a minute, refined later.

Adding a folder queues one job per file. Before any full analysis, the worker gives each queued audio
track that has no audio vector yet a quick one: the tags and duration (probe), then one
``window_seconds`` window from the middle of the track through the active audio encoder (the fused
encoder's ``encode_window``: sonic on the window, MusiCNN-MSD on ``LEARNED_PATCHES`` 3 s patch of it, no
MTT tags), stored as ``<version>+quick2`` (store/quick.py ``QUICK_SUFFIX``) in the audio space (store/quick.py says why quick and full vectors share the space
and how they are never taken for each other). The job goes back to the queue; once every pending file
has its quick vector, the full analysis (six windows, the text space, a poster) runs and replaces it.

- A track shorter than ``min_track_seconds`` gets its full analysis right away: the full pass would
  read little more than the quick one.
- Only for audio encoders whose window vector is the same descriptor as their track vector:
  ``QUICK_ENCODERS`` (sonic), or an encoder with ``window_comparable = True`` (tests).
- A file whose window cannot be read is left to the full analysis (which records why it fails); a
  file that cannot even be probed fails here with the reason the full pass would give.
- Off with ``AVREC_QUICK_PASS=0``.
- The in-process worker overlaps the two halves of a quick pass (``QuickPipeline``): the next tracks'
  probe, window decode and sonic (``window_prepare``, no torch) run on one thread while MusiCNN runs on this
  one's patch (``window_finish``), across batches: the next batch is claimed before this one's last track. Profiled per 3-min WAV (scripts/quick_profile.py, quiet 2-core machine):
  probe ~15 ms, decode ~18 ms, sonic ~29 ms, the MSD patch ~46 ms (1 torch thread; batching patches of
  several tracks gains nothing per patch), DB write and fusion under 1 ms. The two halves are about equal,
  so overlapping halves a quick pass (``avrec bench first-minute``: README "At scale"). It uses the second
  core only while quick passes are owed, at the worker's lowered priority; ``AVREC_QUICK_OVERLAP=0`` off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from avrec_desktop.indexing.analyse import Outcome, describe_error
from avrec_desktop.store import Embedding, MediaItem
from avrec_desktop.store.quick import quick_version

QUICK_ENV = "AVREC_QUICK_PASS"
OVERLAP_ENV = "AVREC_QUICK_OVERLAP"
QUICK_ENCODERS = frozenset({"sonic", "sonic-musicnn"})  # sonic_musicnn.py: the same fused descriptor
# One 3 s MusiCNN-MSD patch from the middle of the window. Measured on the dev corpus (scripts/quick_sweep.py,
# eval/quick-sweep-dev.json): p@5 of half-quick libraries 0.791 against 0.800 for three patches and 0.705 for
# sonic alone (a zero learned block: full seeds then almost never find quick items), at 0.25 CPU-s a quick
# vector against 0.40 for three patches (d300224 also ran MTT on them: about 0.67). Changing it changes
# store/quick.py's QUICK_SUFFIX.
LEARNED_PATCHES = 1


@dataclass(frozen=True)
class QuickSettings:
    window_seconds: float = 12.0
    min_track_seconds: float = 40.0
    learned_patches: int = LEARNED_PATCHES  # MusiCNN patches of the window (``encode_window``); 0: none


def quick_enabled(encoders: dict, wanted: bool | None = None) -> bool:
    """Whether the worker runs a quick pass with this encoder set (``wanted``: the config's say)."""
    if wanted is None:
        wanted = os.environ.get(QUICK_ENV, "1").strip().lower() not in ("0", "no", "off", "false")
    audio = encoders.get("audio")
    if not wanted or audio is None:
        return False
    return audio.name in QUICK_ENCODERS or bool(getattr(audio, "window_comparable", False))


def quick_analyse(item: MediaItem, encoders: dict, settings: QuickSettings,
                  poster_path: str | None = None) -> Outcome | None:
    """A quick outcome (``quick`` True), a full one (a short track, or a file that cannot be probed),
    or None: no quick vector for this file (not audio, window unreadable), the full pass decides."""
    return quick_finish(quick_prepare(item, encoders, settings, poster_path), encoders)


@dataclass
class Prepared:
    """A quick pass half done (``quick_prepare``): the probe, the window and the encoder's torch-free part
    (``window_prepare``: sonic and the log-mel patches), or the outcome already known (``done``)."""
    item: MediaItem
    done: Outcome | None = None
    info: object | None = None
    clip: object | None = None
    parts: object | None = None
    patches: int = LEARNED_PATCHES


def quick_prepare(item: MediaItem, encoders: dict, settings: QuickSettings,
                  poster_path: str | None = None) -> Prepared:
    """Probe, decode the window and run the encoder's cheap part; safe on a thread beside
    ``quick_finish`` of another item (the worker overlaps the two, ``quick_round``)."""
    from avrec_desktop import media
    from avrec_desktop.indexing.analyse import analyse_one

    try:
        info = media.probe(item.path)
    except Exception as exc:
        return Prepared(item, done=Outcome(item, None, error=describe_error(exc)))
    if info.kind != "audio" or not info.has_audio:
        return Prepared(item)
    if not info.duration or info.duration < settings.min_track_seconds:
        return Prepared(item, done=analyse_one(item, encoders, poster_path))
    encoder = encoders["audio"]
    try:
        clip = media.audio_clip(item.path, info, window_seconds=settings.window_seconds, max_windows=1,
                                whole_below=settings.window_seconds)
        prepare = getattr(encoder, "window_prepare", None)
        parts = prepare([clip], settings.learned_patches) if prepare is not None else None
    except Exception:
        return Prepared(item)
    return Prepared(item, info=info, clip=clip, parts=parts, patches=settings.learned_patches)


def quick_finish(prepared: Prepared, encoders: dict) -> Outcome | None:
    """The rest of the quick pass (the learned net, the fusion) and its outcome; None: no quick vector."""
    if prepared.done is not None or prepared.clip is None:
        return prepared.done
    encoder = encoders["audio"]
    try:
        if prepared.parts is not None:
            vector = encoder.window_finish(prepared.parts)[0]
        else:
            vector = _window_vector(encoder, prepared.clip, prepared.patches)
    except Exception:
        return None
    embedding = Embedding("audio", encoder.name, quick_version(encoder.version), vector)
    return Outcome(prepared.item, prepared.info, embeddings=[embedding], quick=True)


def quick_outcomes(items: list, encoders: dict, settings: QuickSettings, poster_path, overlap: bool = True):
    """``(item, outcome)`` of each item in order, as ``quick_analyse`` gives them. With ``overlap`` the next
    items' probe, decode and sonic run on one thread while this one's MusiCNN patch runs here (the net
    and the DSP each take about half a quick pass; torch and the decoders release the GIL): on two cores
    a quick pass then costs about the larger half, not the sum. ``poster_path(item)``: the thumbnail path."""
    pipeline = QuickPipeline(encoders, settings, poster_path, overlap and len(items) > 1)
    try:
        pipeline.add(items)
        while pipeline:
            yield pipeline.next()
    finally:
        pipeline.close()


class QuickPipeline:
    """Quick passes in the order added, the next tracks prepared (``quick_prepare``) on one thread while this
    one's net runs in the caller's (``quick_finish``), for as long as the worker keeps adding tracks: the
    worker adds the next batch before the last track of this one (indexing/worker.py ``_quick_round``), so
    the thread never waits between batches. Without ``overlap`` both halves run in the caller's thread."""

    def __init__(self, encoders: dict, settings: QuickSettings, poster_path, overlap: bool = True):
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        self.encoders, self.settings, self.poster_path = encoders, settings, poster_path
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quick-prepare") if overlap else None
        self._waiting = deque()  # (item, its future, or None without overlap)

    def add(self, items) -> None:
        for item in items:
            future = None
            if self._pool is not None:
                future = self._pool.submit(quick_prepare, item, self.encoders, self.settings, self.poster_path(item))
            self._waiting.append((item, future))

    def __len__(self) -> int:
        return len(self._waiting)

    def next(self):
        """The oldest item and its outcome (as ``quick_analyse`` gives it)."""
        item, future = self._waiting.popleft()
        if future is None:
            return item, quick_analyse(item, self.encoders, self.settings, self.poster_path(item))
        return item, quick_finish(future.result(), self.encoders)

    def drop(self) -> list:
        """Forget the items not done yet (their preparation is cancelled or its result ignored); returns
        them, so the caller can give their jobs back."""
        items = [item for item, _ in self._waiting]
        for _, future in self._waiting:
            if future is not None:
                future.cancel()
        self._waiting.clear()
        return items

    def close(self) -> list:
        """``drop``, and the thread ends."""
        items = self.drop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        return items


def overlap_enabled() -> bool:
    """``AVREC_QUICK_OVERLAP`` (default on): prepare the next quick passes on a thread (``quick_outcomes``)."""
    return os.environ.get(OVERLAP_ENV, "1").strip().lower() not in ("0", "no", "off", "false")


def _window_vector(encoder, clip, patches: int):
    """The encoder's quick row of one window: ``encode_window`` where it has one (the fused encoder: sonic,
    and MusiCNN only on ``learned_patches`` patches), else its plain ``encode``."""
    window = getattr(encoder, "encode_window", None)
    if window is None:
        return encoder.encode([clip])[0]
    return window([clip], patches)[0]

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
- The in-process worker runs quick passes on two threads (``QuickPipeline``, ``OVERLAP_MODES``), across
  batches: the next batch is claimed while the threads still have work. ``split`` is the earlier layout: the
  next tracks' probe, window decode and sonic (``window_prepare``, no torch) on one thread while MusiCNN runs
  on this one's patch (``window_finish``). Profiled per 3-min WAV (scripts/quick_profile.py, CPU, 2026-12-03):
  probe ~2.5 ms, decode ~5 ms (both ~13 ms more before media/opening.py probed WAVs small), sonic ~21 ms,
  log-mel ~4 ms, the MSD patch ~54 ms (1 torch thread; batching patches of several tracks gains nothing per
  patch), DB write and fusion under 1 ms (README "At scale"). It uses the second core only while quick
  passes are owed, at the worker's lowered priority; ``AVREC_QUICK_OVERLAP=0`` off.
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


def quick_outcomes(items: list, encoders: dict, settings: QuickSettings, poster_path, overlap=True):
    """``(item, outcome)`` of each item in order, as ``quick_analyse`` gives them, on the pipeline's threads
    (``QuickPipeline``; ``overlap``: True, or one of ``OVERLAP_MODES``). ``poster_path(item)``: the thumbnail
    path."""
    pipeline = QuickPipeline(encoders, settings, poster_path, overlap if len(items) > 1 else False)
    try:
        pipeline.add(items)
        while pipeline:
            yield pipeline.next()
    finally:
        pipeline.close()


# How the quick passes share the cores (``AVREC_QUICK_OVERLAP``): "whole" (the default, "1"): two threads each
# run whole quick passes, the next tracks' beside this one's; "split": one thread runs the next tracks'
# probe, decode and sonic (``quick_prepare``) while the caller runs this one's net (``quick_finish``); "off"
# ("0"): one at a time in the caller's thread. Per 3-min WAV (scripts/quick_profile.py, CPU): probe + decode
# + sonic + log-mel ~32 ms, the MSD net ~54 ms: split waits on the net (~54 ms a track on two free cores),
# whole shares both halves over both cores (~43 ms). Torch runs one thread per call (encoders/device.py), and
# torch, numpy and the decoders release the GIL.
OVERLAP_MODES = ("whole", "split", "off")


class QuickPipeline:
    """Quick passes in the order added, run ahead on threads (``OVERLAP_MODES``) for as long as the worker
    keeps adding tracks: the worker adds the next batch while the threads still have work
    (``wants_more``; indexing/worker.py ``_quick_round``), so they never wait between batches."""

    def __init__(self, encoders: dict, settings: QuickSettings, poster_path, overlap=True):
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        self.encoders, self.settings, self.poster_path = encoders, settings, poster_path
        self.mode = "whole" if overlap is True else (overlap or "off")
        if self.mode not in OVERLAP_MODES:
            raise ValueError(f"unknown quick overlap {overlap!r}")
        threads = {"whole": 2, "split": 1, "off": 0}[self.mode]
        self.ahead = threads  # tracks the threads work on beside the one the caller waits for
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="quick-prepare") if threads else None
        self._waiting = deque()  # (item, its future, or None when the caller runs it)

    def add(self, items) -> None:
        for item in items:
            future = None
            if self.mode == "whole":
                future = self._pool.submit(quick_analyse, item, self.encoders, self.settings, self.poster_path(item))
            elif self.mode == "split":
                future = self._pool.submit(quick_prepare, item, self.encoders, self.settings, self.poster_path(item))
            self._waiting.append((item, future))

    def __len__(self) -> int:
        return len(self._waiting)

    @property
    def wants_more(self) -> bool:
        """Few enough tracks wait that a thread would soon stand idle: time to add the next batch."""
        return len(self._waiting) <= self.ahead

    def next(self):
        """The oldest item and its outcome (as ``quick_analyse`` gives it)."""
        item, future = self._waiting.popleft()
        if future is None:
            return item, quick_analyse(item, self.encoders, self.settings, self.poster_path(item))
        if self.mode == "whole":
            return item, future.result()
        return item, quick_finish(future.result(), self.encoders)

    def drop(self) -> list:
        """Forget the items not done yet (their work is cancelled or its result ignored); returns them, so
        the caller can give their jobs back."""
        items = [item for item, _ in self._waiting]
        for _, future in self._waiting:
            if future is not None:
                future.cancel()
        self._waiting.clear()
        return items

    def close(self) -> list:
        """``drop``, and the threads end."""
        items = self.drop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        return items


def overlap_mode() -> str:
    """``AVREC_QUICK_OVERLAP``: one of ``OVERLAP_MODES`` ("1" or unset: "whole"; "0", "no", "false": "off")."""
    raw = os.environ.get(OVERLAP_ENV, "1").strip().lower()
    if raw in ("0", "no", "off", "false"):
        return "off"
    return raw if raw in OVERLAP_MODES else "whole"


def overlap_enabled() -> bool:
    """Whether the quick passes run on threads at all (``overlap_mode`` is not "off")."""
    return overlap_mode() != "off"


def _window_vector(encoder, clip, patches: int):
    """The encoder's quick row of one window: ``encode_window`` where it has one (the fused encoder: sonic,
    and MusiCNN only on ``learned_patches`` patches), else its plain ``encode``."""
    window = getattr(encoder, "encode_window", None)
    if window is None:
        return encoder.encode([clip])[0]
    return window([clip], patches)[0]

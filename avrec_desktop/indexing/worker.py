"""The analysis worker: a separate process that drains the job queue.

It never runs in the caller's thread: the GUI and the CLI start it through ``IndexingService``. It talks
back only through a message queue (plain dicts) and the database. Only one runs per database: it holds
the worker lock (indexing/lock.py) for its whole life, and a second one started beside it says "busy"
and exits. It dies with its parent (indexing/lifeline.py). Killed at any moment (even SIGKILL), it loses
nothing: results are written per file in one transaction, and the dead worker's claimed jobs go back to
the queue (indexing/recovery.py), so every file ends up analysed exactly once.

It analyses several files at once with a pool of analyser processes (indexing/pool.py, default all
cores but one, ``AVREC_WORKER_PROCESSES``) while it alone writes to the database; with one, it
analyses in-process in batches. New tracks first get a quick first pass (indexing/quick.py) so that
every one of them answers "Play similar" within a minute; the full analysis follows.
"""

from __future__ import annotations

import importlib
import logging
import os
import sqlite3
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class WorkerConfig:
    db_path: str
    batch_size: int = 8
    exit_when_idle: bool = False
    poll_interval: float = 0.5
    encoders_factory: str | None = None  # "module:function" returning {space: Encoder}; tests inject
    threads: int | None = None
    use_gpu: bool = True
    stale_check_every: float = 30.0
    processes: int | None = None  # files analysed at once (indexing/pool.py); None: AVREC_WORKER_PROCESSES or cores - 1
    quick_pass: bool | None = None  # the quick first pass (indexing/quick.py); None: AVREC_QUICK_PASS, default on
    quick_window: float = 12.0  # seconds of the one window a quick pass reads
    quick_min_seconds: float = 40.0  # shorter tracks get their full analysis at once


# Tests only: "module:function" of an encoder set for a core made without one (the CLI's); read by
# AppCore, so the worker and the queries agree.
ENCODERS_ENV = "AVREC_ENCODERS_FACTORY"


def load_encoders(factory: str | None) -> dict:
    if factory:
        module, _, name = factory.partition(":")
        return getattr(importlib.import_module(module), name)()
    from avrec_desktop.encoders.registry import active_encoders

    return active_encoders()


def signatures(encoders: dict) -> dict[str, tuple[str, str]]:
    return {space: (enc.name, enc.version) for space, enc in encoders.items()}


class Housekeeping:
    """What both queue loops (here and indexing/pool_drain.py) do besides analysing: beat the worker
    lock, say "idle" once when the queue runs dry, and now and then queue again what went stale."""

    def __init__(self, config: WorkerConfig, stop, send, lock, store, encoders) -> None:
        self.config, self.stop, self.send, self.lock = config, stop, send, lock
        self.store, self.encoders = store, encoders
        self.idle_since: float | None = None
        self.last_stale_check = self.last_beat = time.monotonic()

    def beat(self) -> None:
        if time.monotonic() - self.last_beat > 5.0:
            self.lock.beat()
            self.last_beat = time.monotonic()

    def busy(self) -> None:
        self.idle_since = None

    def idle(self) -> bool:
        """Nothing to analyse: True when the worker should exit, otherwise waits one poll interval."""
        from avrec_desktop.indexing import results

        if self.idle_since is None:
            self.idle_since = time.monotonic()
            self.send("idle", remaining=0)
        if self.config.exit_when_idle:
            return True
        if time.monotonic() - self.last_stale_check > self.config.stale_check_every:
            self.last_stale_check = time.monotonic()
            results.requeue_stale(self.store, signatures(self.encoders))
        self.stop.wait(self.config.poll_interval)
        return False


def worker_main(config: WorkerConfig, pause, stop, messages, parent_pid: int | None = None) -> None:
    """Process entry point. ``pause``/``stop`` are flags with ``is_set()``/``wait(t)``; ``messages`` a
    Queue. ``parent_pid``: the process this worker must not outlive (None when run in-process)."""
    from avrec_desktop.indexing.lifeline import die_with_parent

    die_with_parent(parent_pid)
    if parent_pid is not None:
        _lower_priority()
    from avrec_desktop.indexing.lock import WorkerLock

    def send(kind: str, **payload) -> None:
        if messages is not None:
            messages.put({"type": kind, "time": time.time(), **payload})

    lock = WorkerLock(config.db_path)
    if not lock.acquire():
        from avrec_desktop.indexing.lock import holder

        send("busy", holder=holder(config.db_path) or {})
        return
    try:
        _work(config, pause, stop, send, lock)
    finally:
        lock.release()


NICE_ENV = "AVREC_WORKER_NICE"  # how much lower the worker's CPU priority is (default 10; 0: the same)


def _lower_priority() -> None:
    """Analysis is background work: on a busy machine the window (and whatever the user runs) gets the
    CPU first. Called before any thread starts, so the encoders' threads inherit it."""
    try:
        step = int(os.environ.get(NICE_ENV, "10"))
    except ValueError:
        step = 10
    if step > 0 and hasattr(os, "nice"):
        try:
            os.nice(step)
        except OSError:
            log.debug("cannot lower the worker's priority", exc_info=True)


def _work(config: WorkerConfig, pause, stop, send, lock) -> None:
    from avrec_desktop import __version__, paths

    os.environ.setdefault("NUMBA_CACHE_DIR", str(paths.numba_cache_dir()))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not config.use_gpu:
        os.environ["AVREC_FORCE_CPU"] = "1"
    from avrec_desktop.encoders.device import configure_threads
    from avrec_desktop.indexing import results
    from avrec_desktop.indexing.recovery import retry_after_upgrade, settle_dead_jobs, worker_tag
    from avrec_desktop.store import Store

    configure_threads(config.threads)
    store = Store(config.db_path)
    try:
        # With the lock held, every running job belongs to a dead worker.
        for media_id in settle_dead_jobs(store):
            send("file", media_id=media_id, ok=False, error="the analyser crashed on this file again and again")
        retry_after_upgrade(store, __version__)
        try:
            encoders = load_encoders(config.encoders_factory)
        except Exception as exc:
            from avrec_desktop.indexing.analyse import describe_error

            send("fatal", error=f"cannot load the encoders: {describe_error(exc)}")
            return
        results.requeue_stale(store, signatures(encoders))
        results.requeue_missing(store, signatures(encoders))  # a space installed since (CLAP)
        from avrec_desktop.indexing.pool import worker_processes
        from avrec_desktop.indexing.quick import QuickSettings, quick_enabled

        size = worker_processes(config.processes)
        quick = QuickSettings(config.quick_window, config.quick_min_seconds) \
            if quick_enabled(encoders, config.quick_pass) else None
        send("started", pid=os.getpid(), encoders={s: f"{e.name}@{e.version}" for s, e in encoders.items()},
             remaining=sum(store.job_counts().values()), processes=size, quick=quick is not None)
        tag = worker_tag(os.getpid(), os.getppid())
        if size > 1:
            from avrec_desktop.indexing.pool_drain import drain_with_pool

            drain_with_pool(config, pause, stop, send, lock, store, encoders, tag, size, quick)
        else:
            _drain_queue(config, pause, stop, send, lock, store, encoders, tag, quick)
    except sqlite3.OperationalError as exc:
        # A full disk or a locked/readonly database: the file's transaction rolled back and its job
        # stays queued. Stop with a reason instead of crashing and restarting into the same wall.
        send("fatal", error=f"cannot write to the library database ({exc}); nothing was lost, "
                            "analysis resumes once it is writable")
    finally:
        send("stopped")
        store.close()


def _drain_queue(config, pause, stop, send, lock, store, encoders, tag: str, quick=None) -> None:
    from avrec_desktop import paths
    from avrec_desktop.indexing.quick import QuickPipeline, overlap_mode

    thumbs = paths.thumbnails_dir()
    pipeline = None
    if quick is not None:
        pipeline = QuickPipeline(encoders, quick, lambda it: str(thumbs / f"{it.id}.jpg"), overlap_mode())
    try:
        _drain(config, pause, stop, send, lock, store, encoders, tag, pipeline, thumbs)
    finally:
        if pipeline is not None:
            _give_back(store, pipeline.close())


def _drain(config, pause, stop, send, lock, store, encoders, tag: str, pipeline, thumbs) -> None:
    from avrec_desktop.indexing import results
    from avrec_desktop.indexing.analyse import Outcome, decode, describe_error, encode_batch

    batch = 1  # the first file goes through alone so it is done as soon as possible
    house = Housekeeping(config, stop, send, lock, store, encoders)
    tried_quick: set[int] = set()
    while not stop.is_set():
        house.beat()
        if pause.is_set():
            if pipeline is not None:
                _give_back(store, pipeline.drop())
            send("paused")
            while pause.is_set() and not stop.is_set():
                time.sleep(0.1)
            send("resumed")
            continue
        if pipeline is not None and _quick_round(store, send, pipeline, tag, batch, tried_quick):
            house.busy()
            batch = config.batch_size
            continue
        ids, solo = store.claim_next(batch, tag)
        if not ids:
            if house.idle():
                break
            continue
        house.busy()
        items = store.media_by_ids(ids)
        decoded, outcomes, released = [], [], []
        for media_id in ids:
            item = items.get(media_id)
            if item is None:
                continue
            if stop.is_set():
                released.append(media_id)
                continue
            send("current", media_id=media_id, path=item.path, alone=solo)
            try:
                decoded.append(decode(item, str(thumbs / f"{media_id}.jpg")))
            except Exception as exc:
                outcomes.append(Outcome(item, None, error=describe_error(exc)))
        if released:
            store.release_jobs(released)
        outcomes.extend(encode_batch(decoded, encoders))
        for outcome in outcomes:
            results.write_outcome(store, outcome)
            send("file", media_id=outcome.item.id, path=outcome.item.path, ok=outcome.ok,
                 error=outcome.error, remaining=sum(store.job_counts().values()))
        batch = config.batch_size


def _give_back(store, items) -> None:
    """The claimed jobs of quick passes not done (stop, pause) back to the queue, their crash score kept."""
    if items:
        try:
            store.release_jobs([item.id for item in items])
        except sqlite3.Error:  # the worker is stopping on a database error: the next one settles them
            log.warning("could not give %d quick-pass jobs back", len(items), exc_info=True)


def _quick_round(store, send, pipeline, tag: str, batch: int, tried: set[int]) -> bool:
    """One quick first pass in this process: the next track's; False when none is owed. When the pipeline
    runs low (``wants_more``), the next batch is claimed and added first, so its tracks are started on the
    pipeline's threads while this one finishes (indexing/quick.py ``QuickPipeline``)."""
    from avrec_desktop.indexing import results

    if pipeline.wants_more:
        ids = store.claim_quick(batch, tag, tried)
        if ids:
            found = store.media_by_ids(ids)
            pipeline.add([found[media_id] for media_id in ids if media_id in found])
    if not pipeline:
        return False
    item, outcome = pipeline.next()
    media_id = item.id
    send("current", media_id=media_id, path=item.path, alone=False, quick=True)
    if outcome is None:
        tried.add(media_id)
        store.release_jobs([media_id])
        return True
    results.write_outcome(store, outcome)
    if outcome.quick:
        send("quick", media_id=media_id, path=item.path)
    else:
        send("file", media_id=media_id, path=item.path, ok=outcome.ok, error=outcome.error,
             remaining=sum(store.job_counts().values()))
    return True

"""The analysis worker: a separate process that drains the job queue.

It never runs in the caller's thread: the GUI and the CLI start it through ``IndexingService``. It talks
back only through a message queue (plain dicts) and the database. Killed at any moment (even SIGKILL),
it loses nothing: claimed jobs go back to the queue on the next start and results are written per file
in one transaction, so every file ends up analysed exactly once.
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
    max_attempts: int = 3
    stale_check_every: float = 30.0


def load_encoders(factory: str | None) -> dict:
    if factory:
        module, _, name = factory.partition(":")
        return getattr(importlib.import_module(module), name)()
    from avrec_desktop.encoders.registry import active_encoders

    return active_encoders()


def _signatures(encoders: dict) -> dict[str, tuple[str, str]]:
    return {space: (enc.name, enc.version) for space, enc in encoders.items()}


def worker_main(config: WorkerConfig, pause, stop, messages) -> None:
    """Process entry point. ``pause``/``stop`` are multiprocessing Events; ``messages`` a Queue."""
    from avrec_desktop import paths

    os.environ.setdefault("NUMBA_CACHE_DIR", str(paths.numba_cache_dir()))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not config.use_gpu:
        os.environ["AVREC_FORCE_CPU"] = "1"
    from avrec_desktop.encoders.device import configure_threads
    from avrec_desktop.indexing.analyse import Outcome, decode, describe_error, encode_batch
    from avrec_desktop.indexing.results import fail_repeated_crashes, requeue_stale, write_outcome
    from avrec_desktop.store import Store

    def send(kind: str, **payload) -> None:
        if messages is not None:
            messages.put({"type": kind, "time": time.time(), **payload})

    configure_threads(config.threads)
    store = Store(config.db_path)
    store.requeue_orphans()
    crashed = fail_repeated_crashes(store, config.max_attempts)
    for media_id in crashed:
        send("file", media_id=media_id, ok=False, error="the analyser stopped unexpectedly on this file")
    try:
        encoders = load_encoders(config.encoders_factory)
    except Exception as exc:
        send("fatal", error=describe_error(exc))
        return
    requeue_stale(store, _signatures(encoders))
    thumbs = paths.thumbnails_dir()
    send("started", pid=os.getpid(), encoders={s: f"{e.name}@{e.version}" for s, e in encoders.items()},
         remaining=sum(store.job_counts().values()))
    batch = 1  # the first file goes through alone so it is done as soon as possible
    idle_since, last_stale_check = None, time.monotonic()
    while not stop.is_set():
        if pause.is_set():
            send("paused")
            while pause.is_set() and not stop.is_set():
                time.sleep(0.1)
            send("resumed")
            continue
        ids = store.claim_jobs(batch, worker=f"pid:{os.getpid()}")
        if not ids:
            if idle_since is None:
                idle_since = time.monotonic()
                send("idle", remaining=0)
            if config.exit_when_idle:
                break
            if time.monotonic() - last_stale_check > config.stale_check_every:
                last_stale_check = time.monotonic()
                requeue_stale(store, _signatures(encoders))
            stop.wait(config.poll_interval)
            continue
        idle_since = None
        items = store.media_by_ids(ids)
        decoded, outcomes, released = [], [], []
        for media_id in ids:
            item = items.get(media_id)
            if item is None:
                continue
            if stop.is_set():
                released.append(media_id)
                continue
            send("current", media_id=media_id, path=item.path)
            try:
                decoded.append(decode(item, str(thumbs / f"{media_id}.jpg")))
            except Exception as exc:
                outcomes.append(Outcome(item, None, error=describe_error(exc)))
        if released:
            store.release_jobs(released)
        outcomes.extend(encode_batch(decoded, encoders))
        try:
            for outcome in outcomes:
                write_outcome(store, outcome)
                send("file", media_id=outcome.item.id, path=outcome.item.path, ok=outcome.ok,
                     error=outcome.error, remaining=sum(store.job_counts().values()))
        except sqlite3.OperationalError as exc:
            # A full disk or a locked/readonly database: the file's transaction rolled back and its job
            # stays queued. Stop with a reason instead of crashing and restarting into the same wall.
            send("fatal", error=f"cannot write to the library database ({exc}); nothing was lost, "
                                "analysis resumes once it is writable")
            break
        batch = config.batch_size
    send("stopped")
    store.close()

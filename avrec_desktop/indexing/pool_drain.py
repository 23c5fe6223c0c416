"""The worker's queue loop with a pool of analysers (indexing/pool.py): claim, hand out, write back.

Order: while quick first passes are owed (indexing/quick.py), every free analyser gets one; then full
analyses. The worker writes every outcome itself, one transaction per file, as before. Pause: nothing
new is handed out, the files in hand finish. Stop: the same, then the analysers are told to end. A file
whose analyser died is scored as a crash alone; the jobs the worker holds when it dies itself go back
to the queue through recovery.py (never blamed as solo: the worker runs no decoder itself).
"""

from __future__ import annotations

from avrec_desktop.indexing.pool import AnalyserPool, Task


def drain_with_pool(config, pause, stop, send, lock, store, encoders, tag: str, size: int, quick) -> None:
    """``quick``: QuickSettings, or None when the encoder set has no quick pass."""
    from avrec_desktop import paths
    from avrec_desktop.encoders.device import default_worker_threads
    from avrec_desktop.indexing.worker import Housekeeping

    threads = config.threads or max(1, default_worker_threads() // size)
    pool = AnalyserPool(size, factory=config.encoders_factory, threads=threads, quick=quick)
    pool.start()
    thumbs = paths.thumbnails_dir()
    tried_quick: set[int] = set()
    house = Housekeeping(config, stop, send, lock, store, encoders)
    paused = False
    try:
        while True:
            house.beat()
            if stop.is_set() and not pool.busy():
                break
            if pause.is_set() and not stop.is_set():
                if not paused and not pool.busy():
                    send("paused")
                    paused = True
            elif paused:
                send("resumed")
                paused = False
            handing_out = not stop.is_set() and not pause.is_set()
            while handing_out and pool.free():
                task = _next_task(store, tag, quick, tried_quick, thumbs)
                if task is None:
                    break
                send("current", media_id=task.media_id, path=task.item.path, alone=False,
                     quick=task.mode == "quick")
                pool.submit(task)
            if not pool.busy():
                if paused or stop.is_set():
                    stop.wait(0.1)
                    continue
                if house.idle():
                    break
                continue
            house.busy()
            for done in pool.collect(0.2):
                _write(store, send, done, tried_quick)
    finally:
        pool.close()


def _next_task(store, tag: str, quick, tried_quick: set[int], thumbs) -> Task | None:
    while True:
        mode = "quick"
        ids = store.claim_quick(1, tag, tried_quick) if quick is not None else []
        if not ids:
            mode, ids = "full", store.claim_any(1, tag)
        if not ids:
            return None
        item = store.media_by_ids(ids).get(ids[0])
        if item is not None:
            return Task(ids[0], item, mode, str(thumbs / f"{ids[0]}.jpg"))


def _write(store, send, done, tried_quick: set[int]) -> None:
    from avrec_desktop.indexing import results
    from avrec_desktop.indexing.recovery import settle_analyser_crash

    task = done.task
    if done.crashed:
        if settle_analyser_crash(store, task.media_id, done.exit_code):
            send("file", media_id=task.media_id, path=task.item.path, ok=False,
                 error="the analyser crashed on this file again and again",
                 remaining=sum(store.job_counts().values()))
        return
    outcome = done.outcome
    if outcome is None:  # no quick pass for this one: back to the queue for the full analysis
        tried_quick.add(task.media_id)
        store.release_jobs([task.media_id])
        return
    results.write_outcome(store, outcome)
    if outcome.quick:
        send("quick", media_id=task.media_id, path=task.item.path)
        return
    send("file", media_id=task.media_id, path=task.item.path, ok=outcome.ok, error=outcome.error,
         remaining=sum(store.job_counts().values()))

"""After a worker died: which of its files to retry, and which one killed it by itself.

A worker's jobs carry its tag, ``pid:<worker>/parent:<parent>`` (plus ``/solo`` when it ran that one
file alone). Its death is settled once, by whoever sees it first:

- its parent, which knows the exit status, settles right before it restarts the worker;
- otherwise the next worker, holding the one-worker lock, settles every ``running`` job at start. If the
  dead worker's parent is gone too, the worker died with its parent (a killed CLI or window): nothing
  is counted, the jobs simply go back to the queue.

Crash score (kept in ``jobs.attempts``): a job in hand when the worker died in a batch becomes a suspect
(score at least 1), and suspects are claimed alone. A suspect that was alone when the worker died is
blamed: +3 for a fault (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, an error exit), +1 for a kill (SIGKILL,
SIGTERM: the OOM killer, or a person; also an unknown status). It is failed at 7: two faults alone, or
six kills alone (a pool's analyser process holds one file, so its death is always "alone":
``settle_analyser_crash``). So random kills of the worker never fail a good file in practice, while a file that
crashes the decoder is given up after three crashes. A manual retry (``retry_failed``) and the first run
of a new app version give every failed file another chance.
"""

from __future__ import annotations

import logging
import signal

from avrec_desktop.indexing.lifeline import process_alive
from avrec_desktop.store import Store

log = logging.getLogger(__name__)

SUSPECT = 1
FAULT_ALONE = 3
KILL_ALONE = 1
FAIL_AT = 7
FAULT_SIGNALS = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGFPE, signal.SIGILL}
VERSION_KEY = "app_version"


def worker_tag(pid: int, parent: int) -> str:
    return f"pid:{pid}/parent:{parent}"


def _parse(tag: str | None) -> tuple[int | None, bool]:
    """(parent pid, ran alone) from a job's worker tag; (None, False) for tags this cannot read."""
    parent, solo = None, False
    for part in (tag or "").split("/"):
        if part.startswith("parent:") and part[7:].isdigit():
            parent = int(part[7:])
        elif part == "solo":
            solo = True
    return parent, solo


def is_fault(exit_code: int | None) -> bool:
    """A worker exit the file may have caused by itself (a crash), as opposed to being killed."""
    if exit_code is None or exit_code == 0:
        return False
    if exit_code > 0:
        return True
    try:
        return signal.Signals(-exit_code) in FAULT_SIGNALS
    except ValueError:
        return False


def describe_exit(exit_code: int | None) -> str:
    if exit_code is None:
        return "an unknown cause"
    if exit_code < 0:
        try:
            return signal.Signals(-exit_code).name
        except ValueError:
            return f"signal {-exit_code}"
    return f"exit code {exit_code}"


def settle_dead_jobs(store: Store, *, worker: str | None = None, exit_code: int | None = None,
                     blame: bool = True) -> list[int]:
    """Requeue (or fail) the ``running`` jobs of a dead worker: those tagged ``worker`` when its parent
    saw it exit with ``exit_code``, or all of them when the caller holds the worker lock. ``blame=False``
    (the service stopped its own worker) counts nothing. Returns the ids of the files failed now."""
    failed = []
    for job in store.running_jobs(worker):
        parent, solo = _parse(job["worker"])
        blamed = blame and (worker is not None or process_alive(parent))
        score = job["attempts"]
        if blamed and solo:
            score += FAULT_ALONE if is_fault(exit_code) else KILL_ALONE
        elif blamed:
            score = max(score, SUSPECT)
        if score >= FAIL_AT:
            store.fail_job(job["media_id"], "the analyser crashed on this file again and again (last: "
                           f"{describe_exit(exit_code)}); `avrec failures --retry` tries again")
            failed.append(job["media_id"])
        else:
            store.requeue_job(job["media_id"], score)
    if failed:
        log.warning("gave up on %d file(s) that kept crashing the analyser: %s", len(failed), failed)
    return failed


def settle_analyser_crash(store: Store, media_id: int, exit_code: int | None) -> bool:
    """A pool's analyser process died on ``media_id``, the one file it had (indexing/pool.py): that is
    a crash alone, scored like a worker dying on a solo job. True when the file is failed now."""
    score = store.job_attempts(media_id)
    if score is None:  # deleted meanwhile
        return False
    score += FAULT_ALONE if is_fault(exit_code) else KILL_ALONE
    if score >= FAIL_AT:
        store.fail_job(media_id, "the analyser crashed on this file again and again (last: "
                       f"{describe_exit(exit_code)}); `avrec failures --retry` tries again")
        log.warning("gave up on file %d that kept crashing the analyser", media_id)
        return True
    store.requeue_job(media_id, score)
    return False


def retry_after_upgrade(store: Store, version: str) -> list[int]:
    """On the first run of a new app version, failed files get another chance (it may read them now)."""
    if store.get_setting(VERSION_KEY) == version:
        return []
    ids = store.retry_failed()
    store.set_setting(VERSION_KEY, version)
    return ids

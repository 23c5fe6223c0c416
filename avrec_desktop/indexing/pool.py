"""A pool of analyser processes under the one worker: several files decoded and encoded at once.

The worker (the one process holding the database's worker lock) stays the only writer: it claims jobs,
hands each free analyser one file, and writes each outcome as it comes back. An analyser is a child
process ("spawn") that loads the encoder set once (weights load on its first encode) and then
analyses one file at a time, so

- its death names exactly one file: the worker scores that file as a crash alone
  (``recovery.settle_analyser_crash``) and starts a fresh analyser in its place;
- it dies with the worker (``PR_SET_PDEATHSIG``, lifeline.py), so a killed worker leaves no analyser
  behind, and the worker's own death hands its claimed files back as before (recovery.py);
- memory grows by one encoder set per analyser, which ``worker_processes`` bounds by the RAM free.

How many: ``AVREC_WORKER_PROCESSES`` (or ``WorkerConfig.processes``), default all cores but one, at
most one per ``MEMORY_PER_ANALYSER`` of available memory. One means no pool: the worker analyses
in-process, in batches, as it always did.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import signal
from dataclasses import dataclass

log = logging.getLogger(__name__)

PROCESSES_ENV = "AVREC_WORKER_PROCESSES"
MEMORY_PER_ANALYSER = 700 * 1024 * 1024  # bytes: an encoder set with the text model loaded, and headroom


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def worker_processes(configured: int | None = None) -> int:
    """How many files the worker analyses at once (see the module docstring)."""
    if configured is None:
        raw = os.environ.get(PROCESSES_ENV, "").strip()
        if raw.isdigit() and int(raw) > 0:
            return int(raw)
        wanted = max(1, (os.cpu_count() or 2) - 1)
        memory = _available_memory()
        if memory is not None:
            wanted = min(wanted, max(1, memory // MEMORY_PER_ANALYSER))
        return wanted
    return max(1, int(configured))


@dataclass
class Task:
    media_id: int
    item: object  # store.MediaItem
    mode: str  # "quick" or "full"
    poster: str | None = None


@dataclass
class Done:
    task: Task
    outcome: object | None = None  # indexing.analyse.Outcome; None: a quick pass that did not apply
    exit_code: int | None = None  # set when the analyser died on the task
    crashed: bool = False


def _analyser_main(conn, parent_pid: int, factory: str | None, threads: int, quick) -> None:
    """An analyser process: load the encoders once, then answer one task at a time until told to stop."""
    from avrec_desktop.indexing.lifeline import die_with_parent

    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the worker decides
    from avrec_desktop.encoders.device import configure_threads
    from avrec_desktop.indexing.analyse import Outcome, analyse_one, describe_error
    from avrec_desktop.indexing.quick import quick_analyse
    from avrec_desktop.indexing.worker import load_encoders

    configure_threads(threads)
    encoders = load_encoders(factory)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            if task.mode == "quick":
                outcome = quick_analyse(task.item, encoders, quick, task.poster)
            else:
                outcome = analyse_one(task.item, encoders, task.poster)
        except Exception as exc:  # analyse_one never raises for the file; this is a bug of ours
            outcome = Outcome(task.item, None, error=describe_error(exc))
        conn.send(outcome)


class _Slot:
    def __init__(self) -> None:
        self.process = None
        self.conn = None
        self.task: Task | None = None


class AnalyserPool:
    def __init__(self, size: int, *, factory: str | None, threads: int, quick) -> None:
        self._ctx = mp.get_context("spawn")
        self._args = (factory, max(1, threads), quick)
        self._slots = [_Slot() for _ in range(max(1, size))]
        # The worker is a daemonic multiprocessing child, and those may not start children; its
        # analysers are tied to it by PR_SET_PDEATHSIG instead (and are daemonic themselves).
        if mp.current_process().daemon:
            mp.current_process().daemon = False

    @property
    def size(self) -> int:
        return len(self._slots)

    def start(self) -> None:
        for slot in self._slots:
            self._spawn(slot)

    def _spawn(self, slot: _Slot) -> None:
        ours, theirs = self._ctx.Pipe()
        slot.process = self._ctx.Process(target=_analyser_main, args=(theirs, os.getpid(), *self._args),
                                         name="avrec-analyser", daemon=True)
        slot.process.start()
        theirs.close()
        slot.conn, slot.task = ours, None

    def free(self) -> int:
        return sum(1 for s in self._slots if s.task is None)

    def busy(self) -> int:
        return len(self._slots) - self.free()

    def submit(self, task: Task) -> None:
        slot = next(s for s in self._slots if s.task is None)
        if not slot.process.is_alive():  # died idle (the OOM killer, a person): not this file's doing
            slot.process.join(1)
            slot.conn.close()
            self._spawn(slot)
        slot.task = task
        try:
            slot.conn.send(task)
        except (OSError, EOFError):  # already dead: collect() reports it as a crash on this task
            pass

    def collect(self, timeout: float) -> list[Done]:
        """Results (and analyser deaths) of the tasks in hand, waiting up to ``timeout`` for the first."""
        busy = [s for s in self._slots if s.task is not None]
        if not busy:
            return []
        waitables = [s.conn for s in busy] + [s.process.sentinel for s in busy]
        ready = set(mpc.wait(waitables, timeout))
        done = []
        for slot in busy:
            if slot.conn not in ready and slot.process.sentinel not in ready:
                continue
            task, outcome = slot.task, None
            try:
                if slot.conn.poll():
                    outcome = slot.conn.recv()
                    slot.task = None
                    done.append(Done(task, outcome))
                    continue
            except (EOFError, OSError):
                pass
            except Exception:  # a result that cannot be read back: count it as this analyser's crash
                log.exception("unreadable analyser result")
            done.append(self._dead(slot, task))
        return done

    def _dead(self, slot: _Slot, task: Task) -> Done:
        process = slot.process
        if process.is_alive():
            process.kill()
        process.join(10)
        code = process.exitcode
        slot.conn.close()
        log.warning("analyser died (exit %s) on %s; starting another", code, getattr(task.item, "path", "?"))
        self._spawn(slot)
        return Done(task, None, exit_code=code, crashed=True)

    def close(self) -> None:
        for slot in self._slots:
            try:
                slot.conn.send(None)
            except (OSError, EOFError, AttributeError):
                pass
        for slot in self._slots:
            if slot.process is None:
                continue
            slot.process.join(5)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(5)
            slot.conn.close()

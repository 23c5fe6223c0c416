"""Where a GUI-thread stall went, from the kernel's own accounting (Linux ``/proc/<tid>/schedstat``).

Every heartbeat the bench samples, for each thread of this process, the nanoseconds it ran on a CPU
and the nanoseconds it sat runnable waiting for one. For a long gap that splits the GUI thread's time
into *running* (Qt or Python work on the GUI thread itself), *waiting for a CPU* (the machine was busy:
other processes, or our own threads, had the cores) and *blocked* (asleep: waiting for the GIL, a lock
or the next event), and names the threads of ours that ran meanwhile (a thread that ran most of a
blocked gap held the GIL). Elsewhere than Linux the probe is empty and the bench reports nothing.
"""

from __future__ import annotations

import os
import threading

TASKS = "/proc/self/task"


def _read(fd: int) -> tuple[int, int]:
    fields = os.pread(fd, 128, 0).split()
    return int(fields[0]), int(fields[1])


class ThreadClock:
    def __init__(self):
        self.enabled = os.path.isdir(TASKS)
        self._fds: dict[int, int] = {}
        self._last: dict[int, tuple[int, int]] = {}
        self.gui_tid = threading.get_native_id()
        self.totals = {"gaps": 0, "gap_ms": 0.0, "running_ms": 0.0, "waiting_for_cpu_ms": 0.0, "blocked_ms": 0.0}
        self.others: dict[str, float] = {}  # thread name -> ms it ran during long gaps
        if self.enabled:
            self.sample()

    def _names(self) -> dict[int, str]:
        names = {t.native_id: t.name for t in threading.enumerate()}
        for tid in self._fds:
            if tid not in names:
                try:
                    with open(f"{TASKS}/{tid}/comm") as f:
                        names[tid] = f.read().strip()
                except OSError:
                    names[tid] = str(tid)
        return names

    def sample(self) -> dict[int, tuple[int, int]]:
        """(ran, waited) ns since the previous sample, per thread id."""
        for name in os.listdir(TASKS):
            tid = int(name)
            if tid not in self._fds:
                try:
                    self._fds[tid] = os.open(f"{TASKS}/{tid}/schedstat", os.O_RDONLY)
                except OSError:
                    continue
        deltas = {}
        for tid, fd in list(self._fds.items()):
            try:
                now = _read(fd)
            except (OSError, ValueError, IndexError):  # the thread ended
                os.close(fd)
                del self._fds[tid]
                self._last.pop(tid, None)
                continue
            before = self._last.get(tid, now)
            deltas[tid] = (now[0] - before[0], now[1] - before[1])
            self._last[tid] = now
        return deltas

    def beat(self, gap_ms: float, long_ms: float) -> None:
        """Call on the GUI thread at every heartbeat; gaps over ``long_ms`` are attributed."""
        if not self.enabled:
            return
        deltas = self.sample()
        if gap_ms < long_ms:
            return
        ran, waited = deltas.get(self.gui_tid, (0, 0))
        t = self.totals
        t["gaps"] += 1
        t["gap_ms"] += gap_ms
        t["running_ms"] += ran / 1e6
        t["waiting_for_cpu_ms"] += waited / 1e6
        t["blocked_ms"] += max(0.0, gap_ms - (ran + waited) / 1e6)
        names = self._names()
        for tid, (other_ran, _w) in deltas.items():
            if tid != self.gui_tid and other_ran > 1e6:
                key = names.get(tid, str(tid))
                self.others[key] = self.others.get(key, 0.0) + other_ran / 1e6

    def report(self) -> dict:
        if not self.enabled or not self.totals["gaps"]:
            return {}
        out = {k: (round(v, 1) if isinstance(v, float) else v) for k, v in self.totals.items()}
        out["other_threads_ran_ms"] = {k: round(v, 1) for k, v in sorted(self.others.items(), key=lambda kv: -kv[1])[:6]}
        return out

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()

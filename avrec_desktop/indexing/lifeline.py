"""The worker dies with its parent, so a killed `avrec scan --wait` (or window) leaves no orphan analysing.

On Linux the kernel does it: ``PR_SET_PDEATHSIG`` sends the worker SIGKILL when the thread that spawned
it ends (the service spawns from its one supervisor thread, which lives as long as the worker). The
parent may have died before the call, so the parent pid is checked after it. Elsewhere a daemon thread
checks once a second that the parent is still the one that started us.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def _parent_gone(parent_pid: int) -> bool:
    return os.getppid() != parent_pid


def die_with_parent(parent_pid: int | None) -> None:
    """Arrange for this process to end when ``parent_pid`` ends; end now if it already did."""
    if parent_pid is None:
        return
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if _parent_gone(parent_pid):
        _die()
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid,), name="avrec-lifeline",
                         daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while not _parent_gone(parent_pid):
        time.sleep(1.0)
    _die()


def _die() -> None:
    """End now, the way PR_SET_PDEATHSIG would: nothing half-written survives a SIGKILL in SQLite."""
    os.kill(os.getpid(), signal.SIGKILL)


def process_alive(pid: int | None) -> bool:
    """Whether ``pid`` is a live process (a zombie, killed but not yet reaped, counts as dead)."""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True

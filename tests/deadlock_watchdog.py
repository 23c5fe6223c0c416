"""The test run's deadlock watchdog: where a test is stuck with no Python running, print every thread's
native stack (gdb, where installed) and then every thread's Python stack, and end the run.

A deadlock between Qt's threads and the GIL (see ``avrec_desktop/ui/cross_thread.py``) stops pytest-timeout
as well: its thread needs the GIL. Two watchers that need no GIL cover it:

- a child process, told on a pipe when each test starts and ends and how long it may stay silent; after
  that long it asks gdb for the run's native stacks (the C++ frames say which Qt lock each thread waits on);
- faulthandler's C thread, which after ``exit_s`` prints the Python stacks and ends the process.

A test allowed longer by its own ``@pytest.mark.timeout(N)`` gets N + ``margin_s`` for both.

Run as a script, this file is the child: ``deadlock_watchdog.py PID SECONDS``.
"""

from __future__ import annotations

import faulthandler
import os
import select
import shutil
import subprocess
import sys


class Watchdog:
    def __init__(self, out_fd: int, native_s: float, exit_s: float, margin_s: float = 120.0):
        self.out_fd, self.native_s, self.exit_s, self.margin_s = out_fd, native_s, exit_s, margin_s
        self.child = None
        try:
            self.child = subprocess.Popen([sys.executable, os.path.abspath(__file__), str(os.getpid()),
                                           str(native_s)], stdin=subprocess.PIPE, stdout=out_fd,
                                          stderr=out_fd, close_fds=True)
        except OSError:
            pass  # the Python stacks still come

    def test_starts(self, allowed_s: float | None = None) -> None:
        """A test starts; ``allowed_s``: its own timeout, when it has one."""
        extra = 0.0 if allowed_s is None else max(0.0, allowed_s + self.margin_s - self.exit_s)
        faulthandler.dump_traceback_later(self.exit_s + extra, exit=True, file=self.out_fd)
        self._beat(self.native_s + extra)

    def test_ends(self) -> None:
        faulthandler.cancel_dump_traceback_later()
        self._beat(self.native_s)

    def _beat(self, silent_s: float) -> None:
        if self.child is not None:
            try:
                self.child.stdin.write(f"{silent_s:.1f}\n".encode())
                self.child.stdin.flush()
            except OSError:
                self.child = None

    def close(self) -> None:
        faulthandler.cancel_dump_traceback_later()
        if self.child is not None:
            try:
                self.child.stdin.close()
                self.child.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.child.kill()


def _watch(pid: int, seconds: float) -> None:
    """The child: read beats (each the silence allowed until the next); after that long without one,
    print the stuck process's native stacks once."""
    told = False
    while True:
        ready, _, _ = select.select([sys.stdin.buffer], [], [], seconds)
        if ready:
            data = os.read(sys.stdin.fileno(), 4096)
            if not data:
                return  # the run ended
            try:
                seconds = float(data.split()[-1])
            except (IndexError, ValueError):
                pass
            told = False
            continue
        if told:
            continue
        told = True
        gdb = shutil.which("gdb")
        print(f"\n=== deadlock watchdog: no test has started or ended for {seconds:.0f} s (pid {pid}) ===",
              flush=True)
        if gdb is None:
            print("(gdb is not installed: no native stacks; the Python stacks follow when the run ends)",
                  flush=True)
            continue
        subprocess.run([gdb, "-p", str(pid), "-batch", "-nx", "-ex", "set pagination off",
                        "-ex", "thread apply all bt 30"], stdin=subprocess.DEVNULL, timeout=120, check=False)
        sys.stdout.flush()


if __name__ == "__main__":
    _watch(int(sys.argv[1]), float(sys.argv[2]))

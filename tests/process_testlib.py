"""Ending a test's child process and everything it started (its own process group), with bounded waits."""

from __future__ import annotations

import os
import signal
import subprocess


def end_process_group(proc: subprocess.Popen | None, term_wait: float = 30) -> None:
    """SIGTERM ``proc`` and wait up to ``term_wait`` s, then SIGKILL what is left of its process group."""
    if proc is None:
        return
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(term_wait)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        pass

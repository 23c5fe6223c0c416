"""BLAS on one thread while ranking: small matrix products must not wait for a busy core.

Ranking multiplies a few hundred candidates by a few hundred remembered items (tens of megaflops). With
two BLAS threads and the other core busy (the indexing worker, the GUI), OpenBLAS's second thread waits
for a core: a 50 × 50 product measured 28 ms instead of 0.07 ms, and ``next`` p95 went from ~20 ms to
~110 ms at 100k items. One thread is also faster when idle at these sizes (400 × 300 × 1024: 1.9 ms
against 3.7 ms). ``threadpoolctl`` (already used by ``encoders.device``) sets the limit per call in
~10 µs once its controller exists; without it this is a no-op.

A short-lived process that only ranks (an ``avrec`` query) calls ``single_threaded_process()`` before
numpy loads: OpenBLAS then starts with one thread (no worker threads to spawn at import) and
``one_thread`` has nothing left to do, so threadpoolctl is never imported or its libraries scanned.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

_lock = threading.Lock()
_controller = None
_missing = False
_pinned = False
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded_process() -> bool:
    """Make this whole process's BLAS single-threaded, when numpy is not loaded yet (and the user set no
    thread count of their own); returns whether BLAS is now known to run on one thread."""
    global _pinned
    if "numpy" in sys.modules:
        return _pinned
    if any(os.environ.get(var) not in (None, "", "1") for var in BLAS_THREAD_VARS):
        return False  # the user asked for threads: one_thread still limits each ranking call
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    _pinned = True
    return True


def _get():
    global _controller, _missing
    if _controller is None and not _missing:
        with _lock:
            if _controller is None and not _missing:
                try:
                    from threadpoolctl import ThreadpoolController

                    _controller = ThreadpoolController()
                except ImportError:
                    _missing = True
    return _controller


@contextlib.contextmanager
def one_thread():
    controller = None if _pinned else _get()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield

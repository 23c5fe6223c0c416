"""Where neural encoders run (CUDA → MPS → CPU) and how many threads workers may use.

Why a module of its own: the device choice and the thread cap are process-wide decisions. With the other
core busy, 2 torch threads ran 3–5× slower than 1 (STACK.md), so indexing workers cap torch and BLAS
threads and leave a core for the GUI.

``AVREC_DEVICE`` forces a device (``cpu``, ``cuda``, ``mps``); ``AVREC_FORCE_CPU=1`` is a shorthand for
``cpu``. Nothing here prints; choices are logged at DEBUG level.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys

log = logging.getLogger(__name__)

# Environment variables read by BLAS/OpenMP runtimes when they start. Setting them only helps before
# numpy/torch are imported; configure_threads() also applies the limits at runtime where it can.
_THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def default_worker_threads(cpu_count: int | None = None) -> int:
    """Threads a worker may use: every core but one (for the GUI), at least one."""
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return max(1, cores - 1)


def configure_threads(n: int | None = None) -> int:
    """Cap torch, BLAS and OpenMP threads of this process to ``n`` (default: all cores but one).

    Returns the number applied. Safe to call more than once; call it early in a worker process, ideally
    before numpy and torch are imported so that the environment variables take effect too.
    """
    threads = max(1, int(n)) if n is not None else default_worker_threads()
    for var in _THREAD_VARS:
        os.environ[var] = str(threads)
    try:  # runtime cap for BLAS/OpenMP pools already started by numpy/scipy
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads)
    except ImportError:
        pass
    if "torch" in sys.modules or _torch_importable():
        import torch

        torch.set_num_threads(threads)
        try:
            torch.set_num_interop_threads(threads)
        except RuntimeError:  # only settable before the first parallel work; harmless after
            pass
    log.debug("worker threads capped at %d", threads)
    return threads


def _torch_importable() -> bool:
    return importlib.util.find_spec("torch") is not None


def pick_device(prefer: str | None = None) -> str:
    """Return ``"cuda"``, ``"mps"`` or ``"cpu"``: the best available unless forced.

    ``prefer`` (or ``AVREC_DEVICE``) forces a device; a forced device that is not available falls back to
    CPU rather than failing, so a settings typo never stops indexing.
    """
    forced = prefer or os.environ.get("AVREC_DEVICE")
    if not forced and os.environ.get("AVREC_FORCE_CPU", "").strip() not in ("", "0", "false", "no"):
        forced = "cpu"
    import torch

    available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": _mps_available(torch)}
    if forced:
        forced = forced.strip().lower()
        chosen = forced if available.get(forced) else "cpu"
        log.debug("device forced to %s, using %s", forced, chosen)
        return chosen
    for device in ("cuda", "mps", "cpu"):
        if available[device]:
            log.debug("device chosen: %s", device)
            return device
    return "cpu"


def _mps_available(torch) -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())

"""How a query command's process ends: at once, without the interpreter's teardown.

A query process (``avrec next``, ``similar``, ``why``, …) has nothing left to do once its answer is out.
Python's normal exit then tears down every module and object the imports made (numpy's, the store's, the
ranking's) and runs the cyclic collector over all of them: on this machine ~35 ms of a ~0.2 s ``avrec
next`` (strace: from the answer's last write to ``exit_group``), work whose only effect is on memory the
kernel takes back anyway.

``finish(code)`` does, in the same order, what that exit does that can matter outside the process, then
ends it with ``os._exit(code)``:

1. waits for the other non-daemon threads, as ``threading``'s own shutdown does (a vector cache being
   written: ``index/space_vectors.save``; a thread pool left open is told to stop first);
2. runs the ``atexit`` functions (logging's flush, temporary folders' clean-up, a caller's own hooks);
3. flushes stdout and stderr (the answer was already flushed, and a closed pipe reported, by
   ``cli_errors.flush_stdout``; what an exit function printed goes out here).

Where ``atexit`` or ``threading`` cannot do their part on request (``_run_exitfuncs``, ``_shutdown``: not
CPython), ``finish`` returns and the process exits the normal way.

``quiet_collector()`` turns the cyclic garbage collector off for the rest of a query process. Nearly every
object it would walk is the imports', which live until the end anyway; a query's own garbage is freed by
reference counting, and what cycles it makes are bounded by one answer.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys


def quiet_collector() -> None:
    gc.disable()


def finish(code: int) -> None:
    """End this process now with exit status ``code``, after what a normal exit would run first; returns
    only where that cannot be done (then exit the normal way)."""
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    threading = sys.modules.get("threading")
    # as a normal exit: thread pools told to stop, then the non-daemon threads joined (none: never imported)
    wait_for_threads = getattr(threading, "_shutdown", None) if threading is not None else _no_threads
    if run_exit_functions is None or wait_for_threads is None:
        return
    try:
        wait_for_threads()
    except KeyboardInterrupt:  # Ctrl-C while a thread finishes (its writes are atomic: temp file, rename)
        print("interrupted", file=sys.stderr)
        code = 130
    run_exit_functions()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed pipe or stream: nothing more can reach it
            pass
    os._exit(code)


def _no_threads() -> None:
    pass

"""``avrec doctor``: is this machine ready to run avrec-desktop, and if not, what exactly to do.

``system_libs`` lists what the system must provide (shared with ``scripts/system-deps``), ``qt_probe`` finds out
whether Qt can load without loading it here, ``checks`` holds one function per thing checked.
"""

from avrec_desktop.doctor.checks import MISSING, NOTE, OK, Check, failed, render, run_checks

__all__ = ["Check", "MISSING", "NOTE", "OK", "failed", "render", "run_checks"]

"""How the ``avrec`` command ends when something goes wrong: one line on stderr and an exit code.

- ``StoreError`` (and SQLite's own errors about the database file, put in plain words by
  ``store.sqlite_errors``): exit 3, with the way out (``avrec doctor --repair``, free space, a writable
  data folder).
- any other ``AvrecError``: exit 1, its message.
- a closed pipe (``avrec status | head -1``): nothing more is written, exit 141 (like a program that
  SIGPIPE ended).
- anything else is a bug: exit 1, "internal error: ... (run with -v for details)"; ``-v`` adds the
  traceback.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import traceback

from avrec_desktop.errors import AvrecError, StoreError

EXIT_FAILED, EXIT_STORE, EXIT_PIPE = 1, 3, 141


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def say(message: str) -> None:
    try:
        print(f"avrec: {one_line(message)}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # stderr is gone too: nothing left to tell


def database_path_for_messages() -> str | None:
    """The library database the command used, without creating any folder."""
    if os.environ.get("AVREC_DB"):
        return os.environ["AVREC_DB"]
    try:
        from avrec_desktop import paths

        return str(paths.database_path())
    except Exception:  # noqa: BLE001 - only for a message
        return None


def stdout_closed() -> int:
    """The reader of our output went away: stop writing, quietly (no 'Exception ignored' at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_PIPE


def report(exc: BaseException, *, verbose: bool = False) -> int:
    """Print ``exc`` as one line (a traceback too with ``verbose`` for bugs); return the exit code."""
    if isinstance(exc, BrokenPipeError):
        return stdout_closed()
    if isinstance(exc, sqlite3.Error):
        from avrec_desktop.store.sqlite_errors import store_error

        exc = store_error(exc, database_path_for_messages()) or exc
    if isinstance(exc, StoreError):
        say(str(exc))
        return EXIT_STORE
    if isinstance(exc, AvrecError):
        say(str(exc))
        return EXIT_FAILED
    if verbose:
        traceback.print_exception(exc)
    say(f"internal error: {str(exc) or type(exc).__name__} (run with -v for details)"
        if not verbose else f"internal error: {type(exc).__name__}: {exc}")
    return EXIT_FAILED


def flush_stdout() -> None:
    """Push buffered output out now, so a closed pipe is noticed while errors can still be handled."""
    sys.stdout.flush()

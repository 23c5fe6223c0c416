"""SQLite's failures in plain words: what happened to the library database and what to do about it.

``store_error(exc, db_path)`` turns a ``sqlite3.Error`` into a typed ``StoreError`` whose message says
the way out (``DatabaseDamaged``: run ``avrec doctor --repair``; ``DatabaseUnavailable``: free space,
make the data folder writable, or point ``AVREC_DATA_DIR`` elsewhere). Errors that are not about the
database file (a bad statement, a constraint) are bugs, not conditions: ``None`` is returned for them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from avrec_desktop.errors import DatabaseDamaged, DatabaseUnavailable, StoreError

# Primary result codes (https://sqlite.org/rescode.html).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 5, 6, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26
LOW_SPACE = 1 << 20  # free bytes under which an I/O error is put down to a full disk

_BY_WORDS = (  # for errors raised without a code
    ("malformed", SQLITE_CORRUPT), ("not a database", SQLITE_NOTADB), ("is full", SQLITE_FULL),
    ("readonly", SQLITE_READONLY), ("read-only", SQLITE_READONLY), ("unable to open", SQLITE_CANTOPEN),
    ("disk i/o error", SQLITE_IOERR), ("is locked", SQLITE_BUSY),
)

REPAIR_HINT = "run `avrec doctor --repair` to rebuild it from what is still readable (the damaged file is kept)"
ELSEWHERE_HINT = "or set AVREC_DATA_DIR (or --db) to a folder you can write to"


def primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF
    text = str(exc).lower()
    return next((c for words, c in _BY_WORDS if words in text), None)


def is_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) and primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def store_error(exc: sqlite3.Error, db_path: str | Path | None) -> StoreError | None:
    """The typed error for ``exc``, or None when it is not about the database file."""
    path = Path(db_path) if db_path is not None else None
    where = str(path) if path is not None else "the library database"
    folder = str(path.parent) if path is not None else "the data folder"
    code = primary_code(exc)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DatabaseDamaged(f"the library database {where} is damaged ({exc}): {REPAIR_HINT}")
    if code == SQLITE_IOERR and path is not None:
        code = SQLITE_FULL if _free(path) < LOW_SPACE else SQLITE_READONLY if not _writable(path) else code
    if code == SQLITE_FULL:
        free = _free(path) if path is not None else None
        said = f" ({free // 1024} KB free)" if free is not None and free < LOW_SPACE else ""
        return DatabaseUnavailable(f"the disk holding {folder} is full{said}: free some space and run the "
                                   f"command again (nothing was lost), {ELSEWHERE_HINT}")
    if code == SQLITE_READONLY:
        return DatabaseUnavailable(f"cannot write to the library database {where}: it or its folder is "
                                   f"read-only. Make {folder} writable, {ELSEWHERE_HINT}")
    if code == SQLITE_CANTOPEN:
        return DatabaseUnavailable(f"cannot open the library database {where}: the file or its folder is "
                                   f"missing or not accessible. Check {folder}, {ELSEWHERE_HINT}")
    if code == SQLITE_IOERR:
        return DatabaseUnavailable(f"the disk holding {where} reported an I/O error ({exc}): check the drive "
                                   f"and that {folder} is writable with free space, {ELSEWHERE_HINT}; "
                                   "`avrec doctor` checks all of this")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseUnavailable(f"the library database {where} stayed locked by another program: close "
                                   "other avrec processes (or wait for them) and try again")
    return None


def _free(path: Path) -> int:
    for candidate in (path.parent, *path.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return LOW_SPACE  # unknown: do not claim the disk is full


def _writable(path: Path) -> bool:
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return not folder.exists() or os.access(folder, os.W_OK)

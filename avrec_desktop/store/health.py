"""Is the database usable? A read-only look for ``avrec doctor``: never migrates, never writes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from avrec_desktop.store.migrations import LATEST


@dataclass(frozen=True)
class DatabaseHealth:
    exists: bool
    version: int | None = None  # PRAGMA user_version
    problems: tuple[str, ...] = ()  # empty when quick_check said ok
    error: str | None = None  # the database could not be opened or read at all

    @property
    def too_new(self) -> bool:
        return self.version is not None and self.version > LATEST

    @property
    def ok(self) -> bool:
        return self.exists and self.error is None and not self.problems and not self.too_new


def check_database(path: Path, max_problems: int = 5) -> DatabaseHealth:
    if not path.exists():
        return DatabaseHealth(exists=False)
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return DatabaseHealth(exists=True, error=str(exc))
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        rows = [r[0] for r in conn.execute(f"PRAGMA quick_check({int(max_problems)})").fetchall()]
    except sqlite3.Error as exc:
        return DatabaseHealth(exists=True, error=str(exc))
    finally:
        conn.close()
    problems = tuple(r for r in rows if r != "ok")
    return DatabaseHealth(exists=True, version=version, problems=problems)

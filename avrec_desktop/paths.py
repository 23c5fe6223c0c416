"""Where avrec-desktop keeps its files.

Every folder comes from platformdirs and can be overridden by an environment variable. Nothing is
resolved at import time: call the functions when a path is needed. platformdirs is imported only for a
folder whose variable is not set (a query process with every variable set, as the benches and tests run
it, never loads it).

| folder | variable | holds |
|---|---|---|
| data | AVREC_DATA_DIR | the SQLite database (source of truth) and its backups |
| cache | AVREC_CACHE_DIR | vector indexes, poster thumbnails, numba's JIT cache |
| config | AVREC_CONFIG_DIR | settings |
| models | AVREC_MODELS_DIR | model weights the user installed |
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

APP_NAME = "avrec-desktop"


def _resolve(var: str, default: Callable[[], str]) -> Path:
    """``$var`` when set, else ``default()`` (called only then: it imports platformdirs); made if missing."""
    value = os.environ.get(var)
    path = Path(value).expanduser() if value else Path(default())
    path.mkdir(parents=True, exist_ok=True)
    return path


def _user_dir(kind: str) -> str:
    import platformdirs

    return getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False)


def data_dir() -> Path:
    return _resolve("AVREC_DATA_DIR", lambda: _user_dir("data"))


def cache_dir() -> Path:
    return _resolve("AVREC_CACHE_DIR", lambda: _user_dir("cache"))


def config_dir() -> Path:
    return _resolve("AVREC_CONFIG_DIR", lambda: _user_dir("config"))


def models_dir() -> Path:
    return _resolve("AVREC_MODELS_DIR", lambda: os.path.join(_user_dir("data"), "models"))


def database_path() -> Path:
    value = os.environ.get("AVREC_DB")
    return Path(value).expanduser() if value else data_dir() / "library.sqlite3"


def index_dir(create: bool = True) -> Path:
    """The vector index cache (``create=False``: only its path; the cache is optional, see
    ``index.space_index``)."""
    path = cache_dir() / "indexes"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def thumbnails_dir() -> Path:
    path = cache_dir() / "thumbnails"
    path.mkdir(parents=True, exist_ok=True)
    return path


def numba_cache_dir() -> Path:
    path = cache_dir() / "numba"
    path.mkdir(parents=True, exist_ok=True)
    return path

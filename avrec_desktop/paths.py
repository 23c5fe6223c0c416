"""Where avrec-desktop keeps its files.

Every folder comes from platformdirs and can be overridden by an environment variable. Nothing is
resolved at import time: call the functions when a path is needed.

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

import platformdirs

APP_NAME = "avrec-desktop"


def _resolve(var: str, default: str) -> Path:
    value = os.environ.get(var)
    path = Path(value).expanduser() if value else Path(default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _resolve("AVREC_DATA_DIR", platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return _resolve("AVREC_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _resolve("AVREC_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    default = os.path.join(platformdirs.user_data_dir(APP_NAME, appauthor=False), "models")
    return _resolve("AVREC_MODELS_DIR", default)


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

"""Test isolation: every test gets its own data, cache, config and models folders and its own HOME."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("avrec-home")
    for var, sub in (("AVREC_DATA_DIR", "data"), ("AVREC_CACHE_DIR", "cache"),
                     ("AVREC_CONFIG_DIR", "config"), ("AVREC_MODELS_DIR", "models"),
                     ("HOME", "home"), ("XDG_DATA_HOME", "xdg-data"), ("XDG_CACHE_HOME", "xdg-cache"),
                     ("XDG_CONFIG_HOME", "xdg-config")):
        path = root / sub
        path.mkdir()
        monkeypatch.setenv(var, str(path))
    monkeypatch.delenv("AVREC_DB", raising=False)
    # Keep numba's JIT cache warm across tests (and processes) of one run.
    numba_cache = tmp_path_factory.getbasetemp() / "numba-cache"
    numba_cache.mkdir(exist_ok=True)
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(numba_cache))
    return root


@pytest.fixture
def store(tmp_path):
    from avrec_desktop.store import Store

    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA

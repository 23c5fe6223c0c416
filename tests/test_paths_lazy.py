"""paths: a folder whose variable is set is used as it is, without platformdirs (a query process with
every AVREC_*_DIR set never imports it); an unset one still comes from platformdirs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs

from avrec_desktop import paths

PROBE = (
    "import sys\n"
    "from avrec_desktop import paths\n"
    "print(paths.data_dir(), paths.cache_dir(), paths.config_dir(), paths.models_dir(), paths.index_dir())\n"
    "print('platformdirs' in sys.modules)\n"
)


def test_set_variables_need_no_platformdirs(tmp_path):
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True)
    folders, loaded = out.stdout.splitlines()
    assert loaded == "False", "every AVREC_*_DIR is set (conftest): platformdirs was imported for nothing"
    assert folders.split()[0] == str(paths.data_dir())


def test_unset_variables_use_platformdirs(monkeypatch, tmp_path):
    for var in ("AVREC_DATA_DIR", "AVREC_CACHE_DIR", "AVREC_CONFIG_DIR", "AVREC_MODELS_DIR"):
        monkeypatch.delenv(var)
    app = paths.APP_NAME
    assert paths.data_dir() == Path(platformdirs.user_data_dir(app, appauthor=False))
    assert paths.cache_dir() == Path(platformdirs.user_cache_dir(app, appauthor=False))
    assert paths.config_dir() == Path(platformdirs.user_config_dir(app, appauthor=False))
    assert paths.models_dir() == Path(platformdirs.user_data_dir(app, appauthor=False)) / "models"
    assert paths.models_dir().is_dir()  # made, as before
    monkeypatch.setenv("AVREC_CACHE_DIR", str(tmp_path / "c"))
    assert paths.index_dir() == tmp_path / "c" / "indexes" and paths.index_dir().is_dir()

"""Test isolation: every test gets its own data, cache, config and models folders and its own HOME."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# The Qt modules the window uses; a system library missing under them stops the session (never a skip).
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtMultimedia", "QtMultimediaWidgets")


def _qt_setup_problem() -> str | None:
    """Why Qt cannot load here, with the fix, or None. Runs before pytest-qt loads Qt itself."""
    import importlib
    import re

    from avrec_desktop.doctor import qt_probe, system_libs

    if qt_probe.qt_dir() is None:
        return "PySide6 is not installed in this environment: run `make test` (it builds .venv)"
    missing: list[str] = []
    for name in QT_MODULES:
        try:
            importlib.import_module(f"PySide6.{name}")
        except ImportError as exc:
            found = re.search(r"(lib[\w.+-]+\.so[.\d]*)", str(exc))
            missing.append(found.group(1) if found else f"PySide6.{name} ({exc})")
            break
    root = qt_probe.qt_dir()
    missing += [s for s in qt_probe.ldd_missing([root / "plugins/platforms/libqoffscreen.so"], root)
                if s not in missing]
    if not missing:
        return None
    known = {n.probe.removeprefix("lib:"): n for n in system_libs.NEEDS}
    needs = [known[s] for s in missing if s in known]
    cmd = system_libs.install_command(needs)
    return (f"Qt cannot load {', '.join(missing)}: run `make deps` (scripts/system-deps)"
            + (f" or `{cmd}`" if cmd else "") + "; `avrec doctor` lists everything missing")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    problem = _qt_setup_problem()
    if problem:
        raise pytest.UsageError(problem)
    # capture is suspended here (as pytest's own faulthandler plugin relies on): fd 2 is the run's own
    from deadlock_watchdog import Watchdog

    _watchdog["dog"] = Watchdog(os.dup(sys.stderr.fileno()), DEADLOCK_NATIVE_S, DEADLOCK_WATCHDOG_S)


# A test stuck where no Python runs (two threads waiting on each other, one of them holding the GIL) stops
# pytest-timeout too: its thread needs the GIL. The watchdog (tests/deadlock_watchdog.py) prints the native
# stacks after DEADLOCK_NATIVE_S and every Python stack after DEADLOCK_WATCHDOG_S, then ends the run: a
# deadlock fails with where it was, never a CI run that hangs until it is killed. Both are longer than
# pytest-timeout's 300 s, which reports an ordinary stuck test (a test's own longer timeout marker gets
# that long plus two minutes).
DEADLOCK_WATCHDOG_S = float(os.environ.get("AVREC_TEST_DEADLOCK_S", "420"))
DEADLOCK_NATIVE_S = DEADLOCK_WATCHDOG_S * 0.85
_watchdog = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    dog = _watchdog.get("dog")
    if dog is None:
        yield
        return
    marker = item.get_closest_marker("timeout")
    allowed = marker.args[0] if marker is not None and marker.args else None
    dog.test_starts(float(allowed) if isinstance(allowed, (int, float)) else None)
    try:
        yield
    finally:
        dog.test_ends()


def pytest_unconfigure(config):
    dog = _watchdog.pop("dog", None)
    if dog is not None:
        dog.close()


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
    # One analyser (in the worker process) whatever the machine's cores: the worker tests count restarts
    # and crashes of that one process; the pool's tests ask for their own size.
    monkeypatch.setenv("AVREC_WORKER_PROCESSES", "1")
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

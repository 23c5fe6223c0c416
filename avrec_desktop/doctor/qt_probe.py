"""Can Qt load here? Found out without importing Qt in this process (the core never loads Qt).

Two looks: ``ldd`` on the Qt libraries and plugins the app uses (every ``not found`` is named, also ones no
list knows), and a child python that imports the Qt modules the window uses and starts an offscreen
QApplication (what the UI tests do).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Qt modules the window imports (avrec_desktop/ui/) and the plugins it loads.
MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtMultimedia", "QtMultimediaWidgets")
LIBS = ("Core", "Gui", "Widgets", "Network", "DBus", "OpenGL", "Multimedia", "MultimediaWidgets", "XcbQpa",
        "Svg")
PLUGINS = ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqminimal.so",
           "xcbglintegrations/*.so", "multimedia/*.so", "imageformats/*.so", "iconengines/*.so",
           "platforminputcontexts/libcomposeplatforminputcontextplugin.so", "tls/*.so")
OPTIONAL_PLUGINS = ("platforms/libqwayland.so",)

# The child: a file in ui/ run by path (not imported here), so this process never loads Qt.
_CHILD = Path(__file__).resolve().parents[1] / "ui" / "qt_start_check.py"


@dataclass(frozen=True)
class QtProbe:
    installed: bool  # PySide6 is in this environment
    load_error: str | None  # what the child said when importing/starting Qt failed, else None
    not_found: dict[str, list[str]]  # soname -> Qt files (relative to Qt/) that need it
    optional_not_found: dict[str, list[str]]


def qt_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def ldd_missing(files: list[Path], root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    ldd = shutil.which("ldd")
    if not ldd or not files:
        return found
    for f in files:
        try:
            out = subprocess.run([ldd, str(f)], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        for line in out.splitlines():
            if "=> not found" in line:
                found.setdefault(line.split()[0], []).append(str(f.relative_to(root)))
    return found


def _files(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for pattern in patterns:
        out.extend(sorted((root / "plugins").glob(pattern)))
    return out


def load_error(timeout: float = 120) -> str | None:
    """None when the child could import the window's Qt modules and start a QApplication; else its last words."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        proc = subprocess.run([sys.executable, str(_CHILD), *MODULES], capture_output=True, text=True,
                              timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return f"starting Qt took more than {timeout:.0f} s"
    if proc.returncode == 0 and "qt-ok" in proc.stdout:
        return None
    lines = [ln.strip() for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
    important = [ln for ln in lines if "Error" in ln or "cannot" in ln or "could not" in ln.lower()]
    return (important or lines or [f"exit code {proc.returncode}"])[-1]


def probe(child: bool = True) -> QtProbe:
    root = qt_dir()
    if root is None:
        return QtProbe(False, "PySide6 is not installed in this environment", {}, {})
    linux = sys.platform.startswith("linux")
    libs = [root / "lib" / f"libQt6{name}.so.6" for name in LIBS] if linux else []
    needed = ldd_missing([p for p in libs if p.exists()] + _files(root, PLUGINS), root) if linux else {}
    optional = ldd_missing(_files(root, OPTIONAL_PLUGINS), root) if linux else {}
    optional = {k: v for k, v in optional.items() if k not in needed}
    return QtProbe(True, load_error() if child else None, needed, optional)

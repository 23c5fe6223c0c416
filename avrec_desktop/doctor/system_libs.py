"""What the project needs from the operating system, beyond Python packages, and how to tell it is there.

Standard library only, and no package-relative imports: ``scripts/system-deps`` loads this file by path with
the system's python3 before the virtual environment exists, and ``avrec doctor`` imports it from the venv.

The Qt libraries come from the list PySide6's own Qt libraries and plugins are linked against (found with
``ldd`` in a Debian 12 minbase root, libs ``not found`` there): Qt Core/Gui/Widgets need glib, dbus, fontconfig,
freetype, xkbcommon, GL/EGL and X11; Multimedia needs PulseAudio's client library (audio output) and libdrm,
Xext, Xrandr (its FFmpeg plugin); the xcb platform plugin (the window on X11) needs the xcb utility libraries;
Wayland is optional (Qt falls back to xcb). hnswlib has no wheel for every platform, so building it needs a
C++ compiler and Python's headers, and Debian splits ``venv`` out of Python.
"""

from __future__ import annotations

import ctypes.util
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Need:
    """One thing the system must provide.

    ``probe`` says how to find it without a package manager: ``lib:<soname>`` (the dynamic linker finds it),
    ``cmd:<name>`` (on PATH), ``header:python`` (Python.h of this interpreter), ``fonts`` (a font file),
    ``venv`` (this python can create a venv with pip). ``debian`` lists package names, first choice first
    (later names are the same library renamed in newer releases, e.g. Ubuntu 24.04's ``t64``).
    """

    probe: str
    debian: tuple[str, ...]
    why: str
    fedora: str = ""
    arch: str = ""
    optional: bool = False  # reported, installed by system-deps, but doctor does not fail on it
    group: str = "qt"


def _lib(soname, debian, why, fedora, arch, **kw) -> Need:
    debs = (debian,) if isinstance(debian, str) else tuple(debian)
    return Need(f"lib:{soname}", debs, why, fedora, arch, **kw)


_PY = f"{sys.version_info[0]}.{sys.version_info[1]}"  # the python that builds .venv (Debian versions these)

NEEDS: tuple[Need, ...] = (
    # Qt Core, Gui, Widgets (every window and the offscreen platform the tests use)
    _lib("libglib-2.0.so.0", ("libglib2.0-0", "libglib2.0-0t64"), "Qt's event loop", "glib2", "glib2"),
    _lib("libgthread-2.0.so.0", ("libglib2.0-0", "libglib2.0-0t64"), "Qt's event loop", "glib2", "glib2"),
    _lib("libdbus-1.so.3", "libdbus-1-3", "Qt Gui (desktop integration)", "dbus-libs", "dbus"),
    _lib("libfontconfig.so.1", "libfontconfig1", "Qt Gui (fonts)", "fontconfig", "fontconfig"),
    _lib("libfreetype.so.6", "libfreetype6", "Qt Gui (fonts)", "freetype", "freetype2"),
    _lib("libxkbcommon.so.0", "libxkbcommon0", "Qt Gui (keyboard)", "libxkbcommon", "libxkbcommon"),
    _lib("libGL.so.1", "libgl1", "Qt Gui (OpenGL)", "libglvnd-glx", "libglvnd"),
    _lib("libEGL.so.1", "libegl1", "Qt Gui (EGL)", "libglvnd-egl", "libglvnd"),
    _lib("libX11.so.6", "libx11-6", "Qt Gui (X11)", "libX11", "libx11"),
    _lib("libX11-xcb.so.1", "libx11-xcb1", "Qt's xcb platform", "libX11-xcb", "libx11"),
    _lib("libxcb.so.1", "libxcb1", "Qt's xcb platform", "libxcb", "libxcb"),
    # Qt Multimedia (the player) and its FFmpeg plugin
    _lib("libpulse.so.0", "libpulse0", "Qt Multimedia (audio output)", "pulseaudio-libs", "libpulse"),
    _lib("libXext.so.6", "libxext6", "Qt Multimedia (FFmpeg plugin)", "libXext", "libxext"),
    _lib("libXrandr.so.2", "libxrandr2", "Qt Multimedia (FFmpeg plugin)", "libXrandr", "libxrandr"),
    _lib("libdrm.so.2", "libdrm2", "Qt Multimedia (FFmpeg plugin)", "libdrm", "libdrm"),
    # the xcb platform plugin: the window on an X11 desktop (make run)
    _lib("libxcb-cursor.so.0", "libxcb-cursor0", "Qt's xcb platform", "xcb-util-cursor", "xcb-util-cursor"),
    _lib("libxcb-icccm.so.4", "libxcb-icccm4", "Qt's xcb platform", "xcb-util-wm", "xcb-util-wm"),
    _lib("libxcb-image.so.0", "libxcb-image0", "Qt's xcb platform", "xcb-util-image", "xcb-util-image"),
    _lib("libxcb-keysyms.so.1", "libxcb-keysyms1", "Qt's xcb platform", "xcb-util-keysyms", "xcb-util-keysyms"),
    _lib("libxcb-render-util.so.0", "libxcb-render-util0", "Qt's xcb platform", "xcb-util-renderutil",
         "xcb-util-renderutil"),
    _lib("libxcb-util.so.1", "libxcb-util1", "Qt's xcb platform", "xcb-util", "xcb-util"),
    _lib("libxcb-randr.so.0", "libxcb-randr0", "Qt's xcb platform", "libxcb", "libxcb"),
    _lib("libxcb-render.so.0", "libxcb-render0", "Qt's xcb platform", "libxcb", "libxcb"),
    _lib("libxcb-shape.so.0", "libxcb-shape0", "Qt's xcb platform", "libxcb", "libxcb"),
    _lib("libxcb-shm.so.0", "libxcb-shm0", "Qt's xcb platform", "libxcb", "libxcb"),
    _lib("libxcb-sync.so.1", "libxcb-sync1", "Qt's xcb platform", "libxcb", "libxcb"),
    _lib("libxcb-xfixes.so.0", "libxcb-xfixes0", "Qt's xcb platform", "libxcb", "libxcb"),
    _lib("libxcb-xkb.so.1", "libxcb-xkb1", "Qt's xcb platform", "libxcb", "libxcb"),
    _lib("libxcb-glx.so.0", "libxcb-glx0", "Qt's xcb platform (GLX)", "libxcb", "libxcb"),
    _lib("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "Qt's xcb platform (keyboard)", "libxkbcommon-x11",
         "libxkbcommon-x11"),
    # Wayland: optional, Qt falls back to xcb when its wayland plugin cannot load
    _lib("libwayland-client.so.0", "libwayland-client0", "Qt's wayland platform", "libwayland-client",
         "wayland", optional=True),
    _lib("libwayland-cursor.so.0", "libwayland-cursor0", "Qt's wayland platform", "libwayland-cursor",
         "wayland", optional=True),
    Need("fonts", ("fonts-dejavu-core",), "readable text in the window", "dejavu-sans-fonts", "ttf-dejavu",
         optional=True),
    # the session bus daemon (dbus-send comes with it): MPRIS for media keys, and the MPRIS test's private bus
    Need("cmd:dbus-daemon", ("dbus-daemon", "dbus"), "MPRIS (media keys, desktop media widgets) and its test",
         "dbus-daemon", "dbus", optional=True),
    # building hnswlib (no wheel for every platform) and the venv itself
    Need("cmd:g++|c++|clang++", ("g++",), "building hnswlib", "gcc-c++", "gcc", group="build"),
    Need("header:python", (f"python{_PY}-dev",), "building hnswlib", "python3-devel", "python",
         group="build"),
    Need("venv", (f"python{_PY}-venv",), "creating .venv", "python3", "python", group="build"),
)

# The whole list is only needed on Linux: PySide6's macOS and Windows wheels carry Qt's dependencies.
LINUX_ONLY_GROUPS = ("qt",)


# -- probes (no package manager needed) ---------------------------------------------------------------
def _ldconfig_sonames() -> set[str]:
    for exe in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            out = subprocess.run([exe, "-p"], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        return {line.split()[0] for line in out.splitlines()[1:] if line.strip()}
    return set()


@dataclass
class Prober:
    """Caches ``ldconfig -p`` so checking thirty libraries costs one subprocess."""

    _sonames: set[str] | None = field(default=None, repr=False)

    def has_lib(self, soname: str) -> bool:
        if self._sonames is None:
            self._sonames = _ldconfig_sonames()
        if soname in self._sonames:
            return True
        stem = soname.removeprefix("lib").split(".so")[0]
        found = ctypes.util.find_library(stem)
        return found == soname or (not self._sonames and found is not None)

    def present(self, need: Need) -> bool:
        kind, _, arg = need.probe.partition(":")
        if kind == "lib":
            return self.has_lib(arg)
        if kind == "cmd":
            return any(shutil.which(name) for name in arg.split("|"))
        if kind == "header":
            include = sysconfig.get_config_var("INCLUDEPY") or sysconfig.get_paths().get("include", "")
            return (Path(include) / "Python.h").is_file()
        if kind == "fonts":
            return any(_has_font(Path(d)) for d in ("/usr/share/fonts", "/usr/local/share/fonts",
                                                    os.path.expanduser("~/.local/share/fonts")))
        if kind == "venv":
            return _venv_works()
        raise ValueError(f"unknown probe {need.probe!r}")


def _has_font(root: Path) -> bool:
    if not root.is_dir():
        return False
    for _dirpath, _dirs, files in os.walk(root):
        if any(f.lower().endswith((".ttf", ".otf", ".pcf.gz", ".ttc")) for f in files):
            return True
    return False


def _venv_works() -> bool:
    """Debian's python3 has ``venv`` but not the pip it installs until python3-venv is there."""
    import importlib.util

    if importlib.util.find_spec("ensurepip") is None:
        return False
    bundled = Path(sysconfig.get_paths()["stdlib"]) / "ensurepip" / "_bundled"
    return any(bundled.glob("pip-*.whl")) or any(Path("/usr/share/python-wheels").glob("pip-*.whl"))


# -- the system ---------------------------------------------------------------------------------------
def os_release() -> dict[str, str]:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {k: v.strip().strip('"') for k, v in pairs}


def family() -> str:
    """'debian', 'fedora', 'arch', 'macos', 'windows' or 'other'."""
    system = platform.system()
    if system == "Darwin":
        return "macos"
    if system == "Windows":
        return "windows"
    rel = os_release()
    ids = {rel.get("ID", "")} | set(rel.get("ID_LIKE", "").split())
    if ids & {"debian", "ubuntu"} and shutil.which("dpkg-query"):
        return "debian"
    if ids & {"fedora", "rhel", "centos"}:
        return "fedora"
    if ids & {"arch", "manjaro"}:
        return "arch"
    return "other"


def is_debian_like() -> bool:
    return family() == "debian"


def needs_here() -> list[Need]:
    linux = sys.platform.startswith("linux")
    return [n for n in NEEDS if linux or n.group not in LINUX_ONLY_GROUPS]


def _dpkg_installed(names: list[str]) -> set[str]:
    """Names dpkg reports as installed ('ii'); unknown names are simply absent."""
    if not names:
        return set()
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Package}\\t${db:Status-Abbrev}\\n", *names],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    found = set()
    for line in out.splitlines():
        name, _, status = line.partition("\t")
        if status.startswith("ii"):
            found.add(name.split(":")[0])
    return found


def missing(needs: list[Need] | None = None, prober: Prober | None = None) -> list[Need]:
    """What is not there. On Debian/Ubuntu a need is met when dpkg has one of its packages installed or the
    probe finds it anyway (a library installed by other means); elsewhere only the probe counts."""
    needs = needs_here() if needs is None else needs
    prober = prober or Prober()
    installed = _dpkg_installed(sorted({d for n in needs for d in n.debian})) if is_debian_like() else set()
    return [n for n in needs if not (installed & set(n.debian)) and not prober.present(n)]


def packages_for(needs: list[Need], fam: str | None = None) -> list[str]:
    """Package names for the family, in order, without repeats (Debian: first choice of each need)."""
    fam = fam or family()
    names: list[str] = []
    for n in needs:
        name = {"debian": n.debian[0], "fedora": n.fedora, "arch": n.arch}.get(fam, "")
        if name and name not in names:
            names.append(name)
    return names


def install_command(needs: list[Need], fam: str | None = None) -> str:
    """The one command a person runs to install ``needs`` (with sudo), or '' when none is known."""
    fam = fam or family()
    names = " ".join(packages_for(needs, fam))
    if fam == "macos":
        return "xcode-select --install" if any(n.group == "build" for n in needs) else ""
    if not names:
        return ""
    return {
        "debian": f"sudo apt-get install -y --no-install-recommends {names}",
        "fedora": f"sudo dnf install -y {names}",
        "arch": f"sudo pacman -S --needed {names}",
    }.get(fam, "")


def describe(need: Need) -> str:
    kind, _, arg = need.probe.partition(":")
    return {"lib": arg, "cmd": "a C++ compiler (g++)", "header": "Python.h (Python headers)",
            "fonts": "a font", "venv": "python3 venv with pip"}.get(kind, need.probe)

"""Full-screen video in the real window under a real window manager (issue 8): the app runs as a child
process on its own Xvfb display with openbox, plays a generated video, and is driven with keys (xdotool)
and watched from outside, as a user sees it: screen grabs (``import -window root``), the windows X has
mapped (``xwininfo``) and the window manager's active window (``xdotool``).

Each round: F goes full screen, the picture (not a grey window) fills the screen and the controls show
above it at once, without a mouse move; then Esc (first round) or the window manager's own
un-full-screen (openbox's ToggleFullscreen, bound to F11 here; second round) puts the video back into
Now playing, with the controls gone and the main window active. Every wait polls a state with a generous
deadline (a loaded 2-core CI machine); every child is killed in a ``finally``. Skips cleanly where Xvfb,
openbox, xdotool, xwininfo or ImageMagick's ``import`` are missing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtMultimedia")

import mediagen  # noqa: E402
from process_testlib import end_process_group  # noqa: E402

TOOLS = ("Xvfb", "openbox", "xdotool", "xwininfo", "import")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} (X11 test tools)")

TESTS = Path(__file__).resolve().parent
W, H = 1280, 800
BAR_W, BAR_H, BAR_GAP = 900, 56, 24  # the controls' size and place (ui/fullscreen_controls.py)
WAIT = 90.0  # seconds for any state to be reached
LAUNCH = ("import logging, sys; logging.basicConfig(level=logging.INFO, stream=sys.stderr); "
          "from avrec_desktop.ui.app import main; sys.exit(main(sys.argv))")
RC_KEYS = '<keyboard>\n  <keybind key="F11"><action name="ToggleFullscreen"/></keybind>\n'


def _wait_for(predicate, what: str, log: Path, timeout: float = WAIT):
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > end:
            break
        time.sleep(0.3)
    assert value, f"{what} (after {timeout:.0f} s)\n{log.read_text(errors='replace')[-3000:]}"
    return value


def _end(proc) -> None:
    end_process_group(proc, term_wait=30)


def _start_x(tmp_path: Path, env: dict) -> tuple[subprocess.Popen, str]:
    """Xvfb on a display it picks free itself (-displayfd)."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{W}x{H}x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=(tmp_path / "xvfb.log").open("w"),
                            start_new_session=True, env=env)
    os.close(write)
    number = b""
    end = time.monotonic() + WAIT
    with os.fdopen(read, "rb") as pipe:  # Xvfb writes the number once it accepts connections
        while not number.endswith(b"\n") and time.monotonic() < end:
            chunk = pipe.read(1)
            if not chunk:
                break
            number += chunk
    assert number.strip(), (tmp_path / "xvfb.log").read_text()
    return xvfb, f":{number.decode().strip()}"


def _openbox_config(tmp_path: Path) -> Path:
    system = Path("/etc/xdg/openbox/rc.xml")
    text = system.read_text() if system.exists() else "<openbox_config>\n<keyboard>\n</keyboard>\n</openbox_config>\n"
    rc = tmp_path / "rc.xml"
    rc.write_text(text.replace("<keyboard>\n", RC_KEYS, 1) if "<keyboard>\n" in text else text)
    return rc


def _x(env: dict, *args: str) -> str:
    out = subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=60)
    return out.stdout


def _grab(env: dict, path: Path):
    """The screen as a QImage (and kept as a PNG to look at when a check fails)."""
    from PySide6.QtGui import QImage

    out = subprocess.run(["import", "-window", "root", str(path)], env=env, capture_output=True, timeout=60)
    image = QImage(str(path)) if out.returncode == 0 else QImage()
    return None if image.isNull() else image


def _colourful(rgb: int) -> bool:
    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    return max(r, g, b) - min(r, g, b) > 80  # the test card's bars; the window's greys are not


def _share(image, x0: int, y0: int, x1: int, y1: int, step: int = 8) -> float:
    """The part of a region whose pixels are colourful (video), sampled every ``step`` pixels."""
    points = [(x, y) for x in range(x0, x1, step) for y in range(y0, y1, step)]
    return sum(_colourful(image.pixel(x, y)) for x, y in points) / len(points)


def _bar_dark(image) -> bool:
    """The controls' dark background shows at the bar's place, in its left and right padding."""
    x0, y0 = (W - BAR_W) // 2, H - BAR_H - BAR_GAP
    points = [(x, y) for x in (x0 + 5, x0 + BAR_W - 5) for y in range(y0 + 12, y0 + BAR_H - 12, 4)]
    dark = 0
    for x, y in points:
        rgb = image.pixel(x, y)
        r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
        dark += max(r, g, b) < 70 and max(r, g, b) - min(r, g, b) < 25
    return dark >= 0.8 * len(points)


def _bar_mapped(env: dict) -> bool:
    """X has a viewable window of the controls' size."""
    for line in _x(env, "xwininfo", "-root", "-tree").splitlines():
        if f" {BAR_W}x{BAR_H}+" in line:
            wid = line.split()[0]
            if "IsViewable" in _x(env, "xwininfo", "-id", wid):
                return True
    return False


def _active_name(env: dict) -> str:
    return _x(env, "xdotool", "getactivewindow", "getwindowname").strip()


def _library(folder: Path) -> Path:
    from avrec_desktop.core import AppCore

    folder.mkdir()
    clip = folder / "long clip.mp4"
    mediagen.write_video(clip, 120.0, pattern="bars", with_audio=True, tags={"title": "Long clip"})
    core = AppCore(encoders_factory="fake_encoders:make")
    core.add_folder(str(folder), "video")
    core.start_indexing(exit_when_idle=True).wait_idle(WAIT)
    core.close()
    return clip


def test_full_screen_video_under_openbox_shows_the_picture_and_controls_and_always_comes_back(tmp_path):
    clip = _library(tmp_path / "videos")
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    base.update(HOME=str(tmp_path / "home"), XDG_RUNTIME_DIR=str(runtime), XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    log = tmp_path / "app.log"
    log.write_text("")
    xvfb = openbox = app = None
    try:
        xvfb, display = _start_x(tmp_path, base)
        env = {**base, "DISPLAY": display}
        openbox = subprocess.Popen(["openbox", "--config-file", str(_openbox_config(tmp_path))], env=env,
                                   stdout=subprocess.DEVNULL, stderr=(tmp_path / "openbox.log").open("w"),
                                   start_new_session=True)
        _wait_for(lambda: "_NET_SUPPORTING_WM_CHECK(WINDOW)" in _x(env, "xprop", "-root", "_NET_SUPPORTING_WM_CHECK")
                  if shutil.which("xprop") else (time.sleep(2) or True), "openbox manages the screen", log)
        app_env = {**env, "QT_QPA_PLATFORM": "xcb", "AVREC_ENCODERS_FACTORY": "fake_encoders:make",
                   "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS), os.environ.get("PYTHONPATH", "")])}
        app = subprocess.Popen([sys.executable, "-c", LAUNCH, str(clip)], env=app_env, cwd=TESTS.parent,
                               stdout=subprocess.DEVNULL, stderr=log.open("a"), stdin=subprocess.DEVNULL,
                               start_new_session=True)
        shots = iter(range(1000))

        def shot():
            assert app.poll() is None, log.read_text(errors="replace")[-3000:]
            return _grab(env, tmp_path / f"screen{next(shots):03d}.png")

        def docked():  # the picture in Now playing (top right), the screen not covered by it
            image = shot()
            return image is not None and _share(image, W * 3 // 4, 0, W, H * 3 // 8, 4) > 0.1 \
                and _share(image, 0, 0, W, H) < 0.3

        def main_window_active():
            return _active_name(env).endswith("— avrec") and "Full-screen" not in _active_name(env) \
                and _active_name(env) != "avrec"

        def full_screen_with_controls():  # the picture fills the screen and the controls are above it
            image = shot()
            return image is not None and _share(image, 0, H // 8, W, H - 2 * BAR_H - BAR_GAP) > 0.6 \
                and _bar_mapped(env) and _bar_dark(image)

        _wait_for(docked, "the video plays in Now playing", log)
        _wait_for(main_window_active, "the main window is active", log)
        for leave in ("Escape", "F11"):
            # the pointer rests where the controls will be: they stay while it does (no mouse move here)
            _x(env, "xdotool", "mousemove", str(W // 2), str(H - BAR_GAP - BAR_H // 2))
            _x(env, "xdotool", "key", "f")
            _wait_for(full_screen_with_controls, f"F: the picture fills the screen, controls above it ({leave})", log)
            _x(env, "xdotool", "key", leave)
            _wait_for(lambda: docked() and not _bar_mapped(env),
                      f"{leave}: the video is back in Now playing and the controls gone", log)
            _wait_for(main_window_active, f"{leave}: the main window is active again", log)
    finally:
        for proc in (app, openbox, xvfb):
            _end(proc)

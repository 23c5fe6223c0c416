"""PySide's lazily made wrapper types are made before the window (ui/wrapper_types.py): in a fresh process,
the first viewport a Python call is handed, the first event given to a Python event filter and the first
timer with a receiver otherwise make dozens of Python enums (the stalls they put in the window's first
rounds); after ``make_all`` they make none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_VIEWPORT = """
import enum, sys
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QListWidget, QWidget
app = QApplication([])
if sys.argv[1] == "made":
    from avrec_desktop.ui import wrapper_types
    wrapper_types.make_all()
made = [0]
create = enum.EnumType._create_
def counting(cls, *args, **kwargs):
    made[0] += 1
    return create(*args, **kwargs)
enum.EnumType._create_ = counting
QListWidget().viewport()
class Keys(QObject):
    def eventFilter(self, obj, event):
        return False
keys, slider, dock = Keys(), QWidget(), QWidget()
slider.installEventFilter(keys)
slider.setParent(dock)
QTimer.singleShot(10, keys, lambda: None)
print("enums", made[0])
"""


def _enums_made(mode: str) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", FIRST_VIEWPORT, mode], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-800:]
    return int(done.stdout.split("enums")[1])


def test_the_first_viewport_filter_and_timer_make_no_types_once_they_were_made():
    assert _enums_made("fresh") > 10  # what the window's first rounds paid
    assert _enums_made("made") == 0

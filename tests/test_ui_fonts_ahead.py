"""The font database loads on a thread while the app imports its window (ui/fonts_ahead.py): in a fresh
process (nothing has touched the fonts yet), the thread finishes, the GUI thread then measures text the
same as a process that loaded the fonts itself, and a process that quits while the thread still works
exits cleanly (the app waits for the thread before its QApplication goes; Qt aborts otherwise)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """
import sys
from PySide6.QtWidgets import QApplication
from PySide6.QtGui import QFont, QFontMetrics
app = QApplication([])
if sys.argv[1] == "ahead":
    from avrec_desktop.ui import fonts_ahead
    thread = fonts_ahead.start()
    thread.join(20)
    assert not thread.is_alive() and fonts_ahead.took_ms is not None
bold = QFont(); bold.setBold(True)
print(QFontMetrics(QFont()).horizontalAdvance("Music Videos 0:00 ♪ ⇄ ↻"), QFontMetrics(bold).height())
"""
QUIT_AT_ONCE = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from avrec_desktop.ui import fonts_ahead
thread = fonts_ahead.start()
thread.join(1)  # what app.main does before its QApplication goes
del app
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_text_measures_the_same_after_the_fonts_were_loaded_on_a_thread():
    ahead, alone = _python(MEASURE, "ahead"), _python(MEASURE, "alone")
    assert ahead.returncode == 0, ahead.stderr[-800:]
    assert alone.returncode == 0, alone.stderr[-800:]
    assert ahead.stdout.split() == alone.stdout.split() and int(ahead.stdout.split()[0]) > 0


def test_a_process_that_quits_at_once_waits_for_the_thread_and_exits_cleanly():
    for _ in range(10):  # (without the join, Qt aborted such a process in 1 of 12 to 5 of 15 tries: this
        # catches a missing join often, not always)
        done = _python(QUIT_AT_ONCE)
        assert done.returncode == 0, done.stderr[-800:]

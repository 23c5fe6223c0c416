"""Run by ``avrec doctor`` as a child process (doctor/qt_probe.py): import the window's Qt modules (argv) and
start an offscreen QApplication; prints ``qt-ok`` when Qt loads here. Qt code lives in ui/, never in the core."""

import importlib
import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"
for name in sys.argv[1:]:
    importlib.import_module("PySide6." + name)
from PySide6.QtWidgets import QApplication  # noqa: E402

app = QApplication(["avrec-doctor"])
print("qt-ok")

"""The window in Simplified Chinese (issue #10): every string a person sees goes through Qt's translation.

Two checks that fail on an untranslatable visible string:
* the committed ``resources/i18n/avrec_zh_CN.ts`` holds exactly the strings the window's sources mark with
  ``qtr`` and every one is translated (``scripts/build-translations --check``, which runs pyside6-lupdate);
* the real window, built with the zh_CN translation loaded, over a library whose own words are Chinese, is
  walked page by page (labels, buttons, menus and their submenus, the item menu, tabs, headers, tooltips,
  placeholders, the Settings dialog): no English word may be left, save names that are the same in Chinese
  (avrec, CLAP, GPU, M3U8…). A string that was never marked, or marked and not translated, shows as English.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu, QTabWidget,
                               QWidget)

import mediagen
from test_ui_player_queue import LONG, window  # noqa: F401
from test_ui_window import wait_ready  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
# Names written the same in a Chinese desktop app: the product, formats, services, hardware, key names, and
# "English", which the language choice writes in its own language.
KEEP = {"avrec", "avrec-desktop", "CLAP", "CLIP", "MusiCNN", "MiniLM", "GPU", "CPU", "CUDA", "MPRIS", "M3U8",
        "M3U", "XSPF", "JSON", "CSV", "ListenBrainz", "Last", "fm", "Spotify", "Ctrl", "Shift", "Alt", "Esc",
        "Space", "Enter", "Return", "Page", "PgUp", "PgDown", "Del", "Tab", "Home", "End", "Left", "Right", "Up", "Down",
        "Backspace", "F11", "sonic", "open_clip", "laion", "clap", "htsat", "unfused", "safetensors", "sha256",
        "MSD", "MTT", "UMAP", "PCA", "FFmpeg", "PyAV", "libsndfile", "hnswlib", "SQLite", "Qt", "PySide6",
        "English", "MB", "GB", "KB", "kHz", "Hz", "ms", "ini", "wav", "flac", "mp3", "ogg", "mp4", "mkv", "Vorbis"}
WORD = re.compile(r"[A-Za-z][A-Za-z_'-]*[A-Za-z]")


def english_words(text: str) -> list[str]:
    text = re.sub(r"\S*/\S*", " ", text or "")  # paths and URLs are data
    text = re.sub(r"&(?=\w)", "", text)  # mnemonics
    return [w for w in WORD.findall(text) if w not in KEEP]


def test_the_translation_is_complete_and_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build-translations"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, "\n" + done.stdout[-6000:] + done.stderr[-2000:]


def test_english_words_finds_what_it_must():
    assert english_words("播放 Play similar") == ["Play", "similar"]
    assert english_words("用 GPU 分析 /home/me/Music 与 CLAP (&P)") == []


@pytest.fixture
def chinese(qapp):
    from avrec_desktop.ui import i18n

    assert i18n.install(qapp, "zh_CN") == "zh_CN", "the zh_CN translation could not be loaded"
    yield
    for translator in getattr(qapp, "_avrec_translators", []):
        qapp.removeTranslator(translator)
    qapp._avrec_translators = []
    QLocale.setDefault(QLocale("en_US"))


def texts_of(widget: QWidget):
    """(where, text) for everything ``widget`` and its visible children show."""
    out = []

    def add(where, text):
        if text:
            out.append((where, text))

    for w in [widget, *widget.findChildren(QWidget)]:
        if not (w is widget or w.isVisibleTo(widget)) or isinstance(w, QMenu):
            continue
        name = f"{type(w).__name__}({w.objectName()})"
        add(name + ".toolTip", w.toolTip())
        if w.isWindow():
            add(name + ".windowTitle", w.windowTitle())
        if isinstance(w, QLabel):
            add(name, w.text())
        elif isinstance(w, QAbstractButton):
            add(name, w.text())
        elif isinstance(w, QGroupBox):
            add(name, w.title())
        elif isinstance(w, QLineEdit):
            add(name + ".placeholder", w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(f"{name}[{i}]", w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(f"{name}.tab{i}", w.tabText(i))
        model = getattr(w, "model", None)
        if callable(model) and hasattr(w, "horizontalHeader") or type(w).__name__ == "QTreeWidget":
            m = w.model()
            for c in range(m.columnCount()):
                add(f"{name}.header{c}", str(m.headerData(c, Qt.Orientation.Horizontal) or ""))
    return out


def menu_texts(menu: QMenu, where: str):
    out = [(where + ".title", menu.title())]
    for action in menu.actions():
        if action.isSeparator():
            continue
        out.append((f"{where} › {action.text()}", action.text()))
        out.append((f"{where} › {action.text()}.toolTip", action.toolTip() if action.toolTip() != action.text()
                    .replace("&", "") else ""))
        if action.menu() is not None:
            out += menu_texts(action.menu(), f"{where} › {action.text()}")
    return out


def untranslated(found):
    return [f"{where}: {text!r}" for where, text in found if english_words(text)]


def test_every_visible_string_of_the_window_is_translated(chinese, qtbot, window, tmp_path):  # noqa: F811
    from avrec_desktop.ui.library_view import item_menu
    from avrec_desktop.ui.main_window import PAGES
    from avrec_desktop.ui.settings_dialog import SettingsDialog

    folder = tmp_path / "音乐"
    folder.mkdir()
    for i, title in enumerate(("夜曲", "海浪", "晨光")):
        mediagen.write_audio(folder / f"{i:02d}.wav", 12.0, freq=220 + 60 * i,
                             tags={"title": title, "artist": f"乐队{i}"})
    window.controller.add_folder(str(folder), "music")
    qtbot.waitUntil(lambda: window.music.model.rowCount() == 3, timeout=LONG)
    found = []
    for page in PAGES:
        window.show_page(page)
        qtbot.wait(50)
        found += [(f"[{page}] {w}", t) for w, t in texts_of(window)]
    for action in window.menuBar().actions():
        if action.menu() is not None:
            found += menu_texts(action.menu(), "menu")
    item = window.controller.core.store.all_media()[0]
    found += menu_texts(item_menu(window.music, window.controller, item.id, item.path), "item menu")
    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        qtbot.wait(20)
        found += [(f"[Settings tab {i}] {w}", t) for w, t in texts_of(dialog)]
    dialog.close()
    assert len(found) > 60, found  # the walk really saw the window
    missing = untranslated(found)
    assert not missing, "English left in the zh_CN window:\n" + "\n".join(dict.fromkeys(missing))

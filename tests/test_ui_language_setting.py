"""The window's language from Settings → General: 简体中文 chosen and saved lands in window.ini as ``zh_CN`` and
``i18n.chosen`` reads it back (the window applies it at its next start); ``i18n.resolve`` picks the language
from the choice and the system's locale."""

import pytest
from PySide6.QtCore import QSettings

from avrec_desktop.ui import i18n

pytest.importorskip("PySide6.QtMultimedia")

from test_ui_window import window  # noqa: E402,F401  (fixture: the window with a synchronous runner)


def test_choosing_simplified_chinese_is_saved_in_window_ini(window, qtbot):
    from avrec_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(0) == "General"
    assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == \
        ["System default", "English", "简体中文"]
    assert dialog.chosen_language() == i18n.SYSTEM  # nothing chosen yet
    dialog.language.setCurrentIndex(dialog.language.findText("简体中文"))
    assert dialog.language_note.text() == "The language changes the next time avrec starts."
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert window.statusBar().currentMessage() == "The language changes the next time avrec starts."
    written = QSettings(window.settings.fileName(), QSettings.Format.IniFormat)  # the file itself, read anew
    assert written.value(i18n.SETTING) == "zh_CN"
    assert i18n.chosen(written) == "zh_CN"
    again = SettingsDialog(window.controller, window)
    qtbot.addWidget(again)
    assert again.language.currentText() == "简体中文" and again.language_note.text() == ""


def test_saving_the_same_language_says_nothing(window, qtbot):
    from avrec_desktop.ui.settings_dialog import SettingsDialog

    window.statusBar().clearMessage()
    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert window.statusBar().currentMessage() == ""
    assert i18n.chosen(QSettings(window.settings.fileName(), QSettings.Format.IniFormat)) == i18n.SYSTEM


def test_without_a_window_the_dialog_uses_window_ini_in_the_config_folder(window, qtbot):
    from avrec_desktop import paths
    from avrec_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.controller)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    ini = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
    assert i18n.chosen(ini) == "en"


@pytest.mark.parametrize("choice, system, expected", [
    (i18n.SYSTEM, "zh_CN.UTF-8", "zh_CN"),
    (i18n.SYSTEM, "zh_CN", "zh_CN"),
    (i18n.SYSTEM, "zh_TW", "en"),
    (i18n.SYSTEM, "zh_HK.UTF-8", "en"),
    (i18n.SYSTEM, "de_DE", "en"),
    (i18n.SYSTEM, "en_GB.UTF-8", "en"),
    (None, "zh_CN.UTF-8", "zh_CN"),
    ("en", "zh_CN.UTF-8", "en"),  # a chosen language wins over the system's
    ("zh_CN", "de_DE", "zh_CN"),
    ("klingon", "de_DE", "en"),  # an unknown choice is the system's
])
def test_resolve_picks_the_language(choice, system, expected):
    assert i18n.resolve(choice, system) == expected


def test_resolve_reads_the_system_locale_from_the_environment(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.resolve(i18n.SYSTEM) == "zh_CN"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert i18n.resolve(i18n.SYSTEM) == "en"
    assert i18n.resolve("zh_CN") == "zh_CN"

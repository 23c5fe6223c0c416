"""The window's language: every visible string goes through Qt's translation system.

Sources: ``resources/i18n/avrec_<lang>.ts`` (made and kept up to date by ``scripts/build-translations
--update``, which runs pyside6-lupdate over ``avrec_desktop/ui/``); the compiled ``.qm`` is built by the setup
step (``make``), and again here, into the cache folder, when it is missing or older than its ``.ts``.

Conventions for anyone writing window text:

* ``qtr(context, text)`` for every string a person can see (labels, buttons, menus, tooltips, titles, status
  lines, dialogs); the context is the module's idea (``"MainWindow"``, ``"Settings"`` …). lupdate knows
  ``qtr`` through ``-tr-function-alias translate+=qtr``, so the text must be a plain literal: never an f-string.
* Placeholders are ``{name}``, filled after translation: ``qtr("Library", "{n} tracks").format(n=number(n))``.
* Plurals are two calls (English needs them, Chinese has one form): ``plural(n, qtr(c, "1 track"),
  qtr(c, "{n} tracks"))``.
* Numbers, dates, durations and "3 days ago" through ``number``, ``date_time``, ``date``, ``duration``,
  ``ago`` here: they follow the window's language (``QLocale.setDefault``).

The language is the system's (``LANG`` / ``LC_ALL`` / ``LANGUAGE``) unless Settings chose one
(``language`` in window.ini: ``system``, ``en`` or ``zh_CN``); it applies when the window starts.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"  # the repository's resources/i18n
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # each named in its own language
SYSTEM = "system"
SETTING = "language"


def qtr(context: str, text: str, disambiguation: str | None = None) -> str:
    """``text`` in the window's language (``text`` itself when no translation is loaded)."""
    return QCoreApplication.translate(context, text, disambiguation)


def plural(n: int, one: str, many: str) -> str:
    """``one`` (already translated) when n is 1, else ``many``; ``{n}`` in either is filled in."""
    return (one if n == 1 else many).format(n=number(n))


def number(value, decimals: int | None = None) -> str:
    """A number as the window's language writes it (grouping, decimal sign)."""
    locale = QLocale()
    if decimals is None and isinstance(value, int):
        return locale.toString(int(value))
    return locale.toString(float(value), "f", 1 if decimals is None else decimals)


def percent(fraction: float) -> str:
    return qtr("Formats", "{value} %").format(value=number(int(round(fraction * 100))))


def date_time(ts: float, *, short: bool = True) -> str:
    """A moment (unix seconds) as the window's language writes date and time."""
    moment = QDateTime.fromSecsSinceEpoch(int(ts))
    kind = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().toString(moment, kind)


def date(ts: float) -> str:
    moment = QDateTime.fromSecsSinceEpoch(int(ts)).date()
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def duration(seconds: float | None) -> str:
    """A media length, 3:07 or 1:02:03 (the same in every language); empty when unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return ""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def span(seconds: float) -> str:
    """A stretch of time in words: "45 s", "12 min", "3 h 5 min", "2 days"."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return qtr("Formats", "{n} s").format(n=number(seconds))
    minutes = seconds // 60
    if minutes < 60:
        return qtr("Formats", "{n} min").format(n=number(minutes))
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        if minutes:
            return qtr("Formats", "{h} h {m} min").format(h=number(hours), m=number(minutes))
        return qtr("Formats", "{h} h").format(h=number(hours))
    return plural(hours // 24, qtr("Formats", "1 day"), qtr("Formats", "{n} days"))


def ago(seconds: float) -> str:
    """How long ago, in words: "just now", "5 minutes ago", "3 days ago", "4 months ago"."""
    minutes = seconds / 60
    if minutes < 1:
        return qtr("Formats", "just now")
    if minutes < 60:
        return plural(int(minutes), qtr("Formats", "1 minute ago"), qtr("Formats", "{n} minutes ago"))
    hours = minutes / 60
    if hours < 24:
        return plural(int(hours), qtr("Formats", "1 hour ago"), qtr("Formats", "{n} hours ago"))
    days = hours / 24
    if days < 60:
        return plural(int(days), qtr("Formats", "1 day ago"), qtr("Formats", "{n} days ago"))
    months = round(days / 30.4)
    if months < 24:
        return qtr("Formats", "{n} months ago").format(n=number(months))
    return qtr("Formats", "{n} years ago").format(n=number(round(days / 365.25)))


# -- choosing and loading the language ------------------------------------------------------------------
def resolve(choice: str | None, system_name: str | None = None) -> str:
    """The language to use: the chosen one, or for ``system`` the system's when we have it (any Chinese
    locale written in simplified characters → zh_CN), else English."""
    if choice in LANGUAGES:
        return choice
    name = system_name if system_name is not None else _system_locale_name()
    name = (name or "").replace("-", "_")
    if name.startswith("zh") and not any(t in name for t in ("_TW", "_HK", "_MO", "Hant")):
        return "zh_CN"
    return "en"


def _system_locale_name() -> str:
    """The first of LANGUAGE / LC_ALL / LC_MESSAGES / LANG that is set (what gettext programs follow),
    else what Qt reads from the system."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0].split(".")[0]
    return QLocale.system().name()


def ts_path(language: str) -> Path:
    return I18N / f"avrec_{language}.ts"


def qm_path(language: str) -> Path | None:
    """The compiled translation: the one the setup step built beside the .ts, else one built now into the
    cache folder (when lrelease is at hand); None when neither can be had."""
    ts = ts_path(language)
    built = ts.with_suffix(".qm")
    if built.exists() and (not ts.exists() or built.stat().st_mtime >= ts.stat().st_mtime):
        return built
    if not ts.exists():
        return None
    from avrec_desktop import paths

    cached = paths.cache_dir() / "i18n" / built.name
    if cached.exists() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    return cached if compile_ts(ts, cached) else None


def pyside_tool(name: str) -> str | None:
    """One of PySide6's Qt tools ("lrelease", "lupdate"): beside this Python, in PySide6's folder, or on PATH."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    if here.exists():
        return str(here)
    import PySide6

    bundled = Path(PySide6.__file__).parent / name
    if bundled.exists():
        return str(bundled)
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


def lrelease() -> str | None:
    return pyside_tool("lrelease")


def compile_ts(ts: Path, qm: Path) -> bool:
    tool = lrelease()
    if tool is None:
        log.warning("no lrelease to build %s; the window stays in English", qm.name)
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_suffix(f".{os.getpid()}.{int(time.time() * 1000)}.tmp")
    done = subprocess.run([tool, "-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True)
    if done.returncode != 0 or not tmp.exists():
        log.warning("lrelease failed on %s: %s", ts.name, (done.stderr or done.stdout).strip()[:300])
        tmp.unlink(missing_ok=True)
        return False
    os.replace(tmp, qm)
    return True


def install(app, choice: str | None = None) -> str:
    """Load the language into ``app`` (ours and Qt's own strings: standard buttons, dialogs) and make it the
    default locale for numbers and dates. Returns the language code in use; English needs no file."""
    language = resolve(choice)
    if language == "en":  # English words; numbers and dates as the system writes them when it is English too
        if not QLocale.system().name().startswith("en"):
            QLocale.setDefault(QLocale("en_US"))
        return language
    QLocale.setDefault(QLocale(language))
    translators = []
    qm = qm_path(language)
    ours = QTranslator(app)
    if qm is not None and ours.load(str(qm)):
        translators.append(ours)
    else:
        log.warning("no translation for %s could be loaded; the window stays in English", language)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt_own)
    for translator in translators:
        app.installTranslator(translator)
    app._avrec_translators = translators  # keep them alive as long as the app
    return language if translators else "en"


def chosen(settings) -> str:
    """The language Settings chose (``system`` when none)."""
    value = settings.value(SETTING, SYSTEM) if settings is not None else SYSTEM
    return value if value in LANGUAGES or value == SYSTEM else SYSTEM

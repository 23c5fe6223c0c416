"""What the library table's cells and headers say, in the window's language: column headers, the Status
cell, the divider row of a search, lengths, when an item was last played, why a file is not offered."""

from __future__ import annotations

import time

from avrec_desktop.ui.i18n import date, duration, number, qtr


def header(key: str) -> str:
    """A column's header in the window's language."""
    names = {"title": qtr("LibraryTable", "Title"), "artist": qtr("LibraryTable", "Artist"),
             "album": qtr("LibraryTable", "Album"), "genre": qtr("LibraryTable", "Genre"),
             "duration": qtr("LibraryTable", "Length"), "plays": qtr("LibraryTable", "Plays"),
             "last_played": qtr("LibraryTable", "Last played"), "status": qtr("LibraryTable", "Status")}
    return names[key]


def status_text(status: str) -> str:
    """An item's analysis state as its Status cell says it (empty when ready)."""
    names = {"ready": "", "pending": qtr("LibraryTable", "waiting"), "failed": qtr("LibraryTable", "couldn't analyse"),
             "missing": qtr("LibraryTable", "missing")}
    return names.get(status, status)


def divider_text() -> str:
    return qtr("LibraryTable", "by meaning")


def format_duration(seconds: float | None) -> str:
    """A length, 3:07 or 1:02:03; empty when unknown or zero."""
    return duration(seconds) if seconds else ""


def format_when(ts: float | None, now: float | None = None) -> str:
    """When an item was last played: today's time, yesterday, days ago, else the date."""
    if not ts:
        return ""
    days = ((now or time.time()) - ts) / 86400
    if days < 1:
        from PySide6.QtCore import QDateTime, QLocale

        clock = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(ts)).time(), QLocale.FormatType.ShortFormat)
        return qtr("LibraryTable", "today {time}").format(time=clock)
    if days < 2:
        return qtr("LibraryTable", "yesterday")
    if days < 30:
        return qtr("LibraryTable", "{n} days ago").format(n=number(int(days)))
    return date(ts)


def unplayable_reason(row: dict | None) -> str | None:
    """Why an item is not offered for playback (None: it is)."""
    if row is None or row.get("status") != "failed":
        return None
    return qtr("LibraryTable", "Couldn't analyse this file: {error}").format(
        error=row.get("error") or qtr("LibraryTable", "no reason was recorded"))

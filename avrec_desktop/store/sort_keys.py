"""Natural sort keys for the library table's text columns.

People expect "track2" before "track10" and "apple" next to "Apple" and "Äpfel". SQLite cannot sort that
way by itself, and a collation written in Python would be called for every comparison (seconds at 100k
rows, and on every write to an index). Instead each text column has a stored key (``media.title_key``,
``artist_key``, ``album_key``, ``genre_key``), indexed like any other column (schema v8). The key is the
shown value casefolded, accents folded, and every run of digits zero-padded to a fixed width, so plain
binary order of the keys is natural order.

The keys are kept by triggers on ``media`` that call the SQL functions below, so every write path
(scanner, worker, repair, relocation) keeps them without knowing; :func:`install` registers the functions
on a connection (the Store does it for each one it opens, and ``migrations.migrate`` before it migrates).
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata

from avrec_desktop.store.tag_values import first_value

DIGITS = 12  # digit runs are padded to this width (longer runs, e.g. catalogue numbers, keep their length)
_DIGIT_RUN = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
KEY_FUNCTION = "avrec_sort_key"
TITLE_KEY_FUNCTION = "avrec_title_sort_key"


def natural_key(text: str | None) -> str | None:
    """The sort key of a shown text: None for no text (sorts first, as an empty cell did before)."""
    if text is None:
        return None
    text = _SPACES.sub(" ", str(text)).strip()
    if not text:
        return None
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    key = _DIGIT_RUN.sub(lambda m: m.group().zfill(DIGITS), unicodedata.normalize("NFC", folded))
    return key.encode("utf-8", "replace").decode("utf-8")  # a non-UTF-8 file name's bytes: SQLite takes UTF-8


def tag_key(value: str | None) -> str | None:
    """The key of a tag as the table shows it (a multi-value tag by its first value)."""
    return natural_key(first_value(value))


def shown_title(title: str | None, path) -> str:
    """What the table shows as the title: the tag's first value, else the file name without extension."""
    shown = first_value(title)
    if shown:
        return shown
    name = os.path.basename(os.fsdecode(path)) if path is not None else ""
    return os.path.splitext(name)[0]


def title_key(title: str | None, path) -> str | None:
    return natural_key(shown_title(title, path))


def _safe(fn):
    def call(*args):
        try:
            return fn(*args)
        except Exception:  # an odd value must never fail a write (the key is then NULL)
            return None
    return call


def install(conn: sqlite3.Connection) -> None:
    """Register the key functions on ``conn`` (idempotent; deterministic, so usable by triggers)."""
    conn.create_function(KEY_FUNCTION, 1, _safe(tag_key), deterministic=True)
    conn.create_function(TITLE_KEY_FUNCTION, 2, _safe(title_key), deterministic=True)

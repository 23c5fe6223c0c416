"""The user's own plays as a ListenBrainz-compatible JSON array (what ListenBrainz exports and imports).

A play is exported when it would have been scrobbled: heard to the end, or for half the track or 4
minutes (ListenBrainz's and Last.fm's rule). ``listened_at`` is when it started (the end's time minus
the position heard). Plays imported from elsewhere stay out unless ``with_imported``; items with no artist
or title (in their tags or their file name) cannot be named and are counted in ``unnamed``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from avrec_desktop.history_import.listenbrainz import listen_record
from avrec_desktop.history_import.listens import HistoryFileError
from avrec_desktop.history_import.matcher import names_of
from avrec_desktop.store.history_import import ended_plays
from avrec_desktop.store.records import from_db_path
from avrec_desktop.store.tag_values import tag_values

SCROBBLE_SECONDS = 240.0


@dataclass(frozen=True)
class ExportReport:
    path: str
    listens: int
    unnamed: int


class _Row:  # what names_of reads
    def __init__(self, row: dict):
        self.artist, self.title, self.path = row["artist"], row["title"], row["path"]


def counts_as_listen(row: dict) -> bool:
    length = row["duration"] or row["media_duration"]
    heard = float(row["position"] or 0.0)
    if row["reason"] == "finished":
        return True
    if row["reason"] in ("error",) or not length:
        return False
    return heard >= min(SCROBBLE_SECONDS, 0.5 * float(length))


def own_listens(store, *, with_imported: bool = False) -> tuple[list[dict], int]:
    listens, unnamed = [], 0
    for row in ended_plays(store, with_imported=with_imported):
        if not counts_as_listen(row):
            continue
        row = dict(row, path=from_db_path(row["path"]))
        artists, title = names_of(_Row(row))
        if not artists or not title:
            unnamed += 1
            continue
        length = row["duration"] or row["media_duration"]
        heard = float(row["position"] or length or 0.0)
        listens.append(listen_record(listened_at=float(row["ts"]) - heard, artist=artists[0] if len(artists) == 1
                                     else "; ".join(artists), title=title,
                                     album=(tag_values(row["album"]) or [None])[0], duration=length))
    return listens, unnamed


def export_listens(store, path: str | Path, *, with_imported: bool = False) -> ExportReport:
    listens, unnamed = own_listens(store, with_imported=with_imported)
    path = Path(path)
    try:
        path.write_text(json.dumps(listens, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise HistoryFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return ExportReport(str(path), len(listens), unnamed)

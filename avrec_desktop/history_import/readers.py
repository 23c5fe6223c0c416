"""Reading an export file: which format it is (from its content, or ``--format``), then its listens.

Accepted: a JSON file (array or object), JSON lines (one listen per line, ListenBrainz's zip), a CSV
file, or a .zip holding any of these (ListenBrainz's and Spotify's downloads); every member of a zip is
read with the format detected for it. The format is told from the first records' keys: ``track_metadata``
→ ListenBrainz, ``ms_played``/``msPlayed`` → Spotify, ``recenttracks`` or artist/title/date columns →
Last.fm.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from avrec_desktop.history_import import lastfm, listenbrainz, spotify
from avrec_desktop.history_import.listens import FORMATS, HistoryFileError, Listen

SERVICE_OF = {"listenbrainz": "listenbrainz", "lastfm-csv": "lastfm", "lastfm-json": "lastfm", "spotify": "spotify"}


@dataclass
class ReadResult:
    path: str
    format: str
    listens: list[Listen] = field(default_factory=list)
    bad_rows: int = 0  # records without a time, artist or title

    @property
    def service(self) -> str:
        return SERVICE_OF[self.format]


def read_listens(path: str | Path, fmt: str | None = None) -> list[ReadResult]:
    """The listens in ``path`` (one result per file, several for a zip)."""
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise HistoryFileError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    try:
        if zipfile.is_zipfile(path):
            return _read_zip(path, fmt)
        raw = path.read_bytes()
    except OSError as exc:
        raise HistoryFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return [_read_text(str(path), _decode(raw, path), fmt)]


def _read_zip(path: Path, fmt: str | None) -> list[ReadResult]:
    out = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name.endswith("/") or not name.lower().endswith((".json", ".jsonl", ".csv")):
                continue
            try:
                out.append(_read_text(f"{path}:{name}", _decode(z.read(name), name), fmt))
            except HistoryFileError:
                continue  # other files of the download (playlists, account data)
    if not out:
        raise HistoryFileError(f"{path}: no listening history in this zip")
    return out


def _decode(raw: bytes, name) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HistoryFileError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _json_records(text: str):
    """The parsed JSON (whole document, or JSON lines), or None when it is not JSON."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        return json.loads(stripped)
    except json.JSONDecodeError:
        pass
    rows = []
    for n, line in enumerate(stripped.splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise HistoryFileError(f"line {n} is not JSON: {exc.msg}") from exc
    return rows


def _detect(data) -> str | None:
    if isinstance(data, dict):
        if "recenttracks" in data:
            return "lastfm-json"
        if "payload" in data or "listens" in data:
            return "listenbrainz"
    first = [r for r in (data if isinstance(data, list) else [data])[:20] if isinstance(r, dict)]
    for checks, name in ((listenbrainz.looks_like, "listenbrainz"), (spotify.looks_like, "spotify"),
                         (lastfm.looks_like, "lastfm-json")):
        if any(checks(r) for r in first):
            return name
    return None


def _read_text(name: str, text: str, fmt: str | None) -> ReadResult:
    data = _json_records(text) if fmt != "lastfm-csv" else None
    if fmt is None:
        fmt = _detect(data) if data is not None else ("lastfm-csv" if lastfm.looks_like_csv(text) else None)
        if fmt is None:
            raise HistoryFileError(f"{name}: not a listening history this import knows (ListenBrainz JSON, "
                                   "Last.fm CSV or JSON, Spotify streaming history); --format names one")
    if fmt == "lastfm-csv":
        parsed = lastfm.parse_csv(text.lstrip("\ufeff"))
    elif data is None:
        raise HistoryFileError(f"{name}: not JSON, so not {fmt}")
    elif fmt == "listenbrainz":
        parsed = listenbrainz.parse(listenbrainz.records_of(data))
    elif fmt == "lastfm-json":
        parsed = lastfm.parse_json(lastfm.records_of(data))
    else:
        parsed = spotify.parse(data if isinstance(data, list) else [data])
    result = ReadResult(name, fmt)
    for listen in parsed:
        if listen is None:
            result.bad_rows += 1
        else:
            result.listens.append(listen)
    return result

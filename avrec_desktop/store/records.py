"""Plain records the store hands out. Paths are ``str`` here (``os.fsdecode`` of the stored bytes)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields

from avrec_desktop.store.tag_values import first_value

MEDIA_STATUSES = ("pending", "ready", "failed", "missing")
MEDIA_KINDS = ("audio", "video")
FOLDER_KINDS = ("music", "video", "mixed")
_SURROGATE = re.compile("[\udc80-\udcff]")


def to_db_path(path: str | os.PathLike) -> bytes:
    return os.fsencode(os.fspath(path))


def from_db_path(value: bytes | str) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def printable_path(path: str) -> str:
    """A path safe to print or show: undecodable bytes become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def readable_name(name: str) -> str:
    """A name as words for text search and the text encoder: valid UTF-8 stays as it is, and each
    byte that is not UTF-8 (an old Latin-1/CP1252 name, kept by ``os.fsdecode`` as a surrogate) is read
    as CP1252, so ``b"caf\\xe9"`` reads "café". Always encodable as UTF-8."""
    return _SURROGATE.sub(lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", errors="replace"),
                          name)


@dataclass(frozen=True)
class Folder:
    """A library folder."""
    id: int
    path: str
    kind: str
    online: bool
    added_at: float
    last_scan: float | None
    root_device: int | None = None  # st_dev of the root when it was last seen online

    @classmethod
    def from_row(cls, row: dict) -> "Folder":
        return cls(
            id=row["id"], path=from_db_path(row["path"]), kind=row["kind"], online=bool(row["online"]),
            added_at=row["added_at"], last_scan=row["last_scan"], root_device=row.get("root_device"),
        )


@dataclass(frozen=True)
class MediaItem:
    """One file of the library (a ``media`` row)."""
    id: int
    folder_id: int | None
    path: str
    content_key: str | None
    size: int | None
    mtime: float | None
    kind: str
    duration: float | None
    title: str | None
    artist: str | None
    album: str | None
    genre: str | None
    year: int | None
    track_no: int | None
    width: int | None
    height: int | None
    audio_codec: str | None
    video_codec: str | None
    status: str
    error: str | None
    analysed_key: str | None
    analysis_count: int
    added_at: float
    updated_at: float

    @classmethod
    def from_row(cls, row: dict) -> "MediaItem":
        values = {f.name: row.get(f.name) for f in fields(cls)}
        values["path"] = from_db_path(row["path"])
        return cls(**values)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def display_title(self) -> str:
        """The title to show: the first value of a multi-value title tag, else the file name's stem."""
        return first_value(self.title) or os.path.splitext(printable_path(self.name))[0]

    @property
    def display_artist(self) -> str | None:
        return first_value(self.artist)


@dataclass(frozen=True)
class Embedding:
    """One vector of an item in one space, stamped with its encoder."""
    space: str
    encoder: str
    version: str
    vector: "object"  # numpy float32 1-D array

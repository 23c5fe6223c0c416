"""Plain records the store hands out. Paths are ``str`` here (``os.fsdecode`` of the stored bytes)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

MEDIA_STATUSES = ("pending", "ready", "failed", "missing")
MEDIA_KINDS = ("audio", "video")
FOLDER_KINDS = ("music", "video", "mixed")


def to_db_path(path: str | os.PathLike) -> bytes:
    return os.fsencode(os.fspath(path))


def from_db_path(value: bytes | str) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def printable_path(path: str) -> str:
    """A path safe to print or show: undecodable bytes become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Folder:
    id: int
    path: str
    kind: str
    online: bool
    added_at: float
    last_scan: float | None

    @classmethod
    def from_row(cls, row: dict) -> "Folder":
        return cls(
            id=row["id"], path=from_db_path(row["path"]), kind=row["kind"], online=bool(row["online"]),
            added_at=row["added_at"], last_scan=row["last_scan"],
        )


@dataclass(frozen=True)
class MediaItem:
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
        return self.title or os.path.splitext(printable_path(self.name))[0]


@dataclass(frozen=True)
class Embedding:
    space: str
    encoder: str
    version: str
    vector: "object"  # numpy float32 1-D array

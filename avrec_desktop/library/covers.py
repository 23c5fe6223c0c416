"""Cover art of library items: made once as a thumbnail in the cache, found again by media id.

The analysis makes the cover of each file it analyses (``make_cover``, in the analyser process, never on
the window's thread) and records it (``record_cover``). Thumbnails are named by a hash of the picture's
bytes, so the twelve tracks of an album that embed the same picture share one file. A video's cover is
its poster (``<id>.jpg``, written by the analysis beside the covers).

``cover_file(store, media_id)`` answers "which picture stands for this item" for the window, the tray and
MPRIS: the recorded thumbnail, else (for items analysed before covers existed, or after the cache was
cleared) it makes the cover now — call it off the GUI thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from avrec_desktop import paths
from avrec_desktop.errors import AvrecError, NotFound, UnreadableMedia

log = logging.getLogger(__name__)

COVER_SIDE = 256  # pixels of the longer side of a cached cover


@dataclass(frozen=True)
class CoverResult:
    file: str | None  # relative to paths.thumbnails_dir(); None: no cover
    source: str | None = None  # "embedded", "folder", "poster"
    note: str | None = None  # why a picture that was found is not used (shown to nobody but logs/CLI)


def covers_dir() -> Path:
    path = paths.thumbnails_dir() / "covers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def poster_name(media_id: int) -> str:
    """The poster of a video, as the analysis names it (relative to the thumbnails folder)."""
    return f"{media_id}.jpg"


def _relative(path: Path) -> str:
    try:
        return path.relative_to(paths.thumbnails_dir()).as_posix()
    except ValueError:
        return str(path)


def cache_picture(data: bytes, *, max_side: int = COVER_SIDE) -> Path:
    """The cached thumbnail of the picture ``data`` (made when missing). Raises UnreadableMedia."""
    from avrec_desktop.media.cover_art import thumbnail
    from avrec_desktop.media.poster import write_atomically

    dest = covers_dir() / f"{hashlib.sha1(data).hexdigest()[:24]}.jpg"
    if dest.exists():
        return dest
    write_atomically(dest, thumbnail(data, max_side))
    return dest


def _read_folder_picture(path: Path) -> bytes:
    from avrec_desktop.media.cover_art import MAX_PICTURE_BYTES

    size = path.stat().st_size
    if size > MAX_PICTURE_BYTES:
        raise UnreadableMedia(f"cover picture too large ({size // (1024 * 1024)} MB)")
    return path.read_bytes()


def make_cover(path, kind: str, poster_path=None) -> CoverResult:
    """Find and cache the cover of the file at ``path``. Never raises for a bad picture: the result's
    ``note`` says what was wrong (an unwritable cache folder is an ``OSError``, as for posters)."""
    from avrec_desktop.media.cover_art import embedded_picture, folder_picture

    if kind == "video":
        if poster_path and Path(poster_path).exists():
            return CoverResult(_relative(Path(poster_path)), "poster")
        return CoverResult(None)
    notes: list[str] = []
    try:
        data = embedded_picture(path)
    except (AvrecError, OSError) as exc:
        data, _ = None, notes.append(f"embedded cover unreadable: {exc}")
    if data:
        try:
            return CoverResult(_relative(cache_picture(data)), "embedded")
        except UnreadableMedia as exc:
            notes.append(f"embedded {exc}")
    picture = folder_picture(path)
    if picture is not None:
        try:
            file = _relative(cache_picture(_read_folder_picture(picture)))
            return CoverResult(file, "folder", "; ".join(notes) or None)
        except UnreadableMedia as exc:
            notes.append(f"{picture.name}: {exc}")
        except OSError as exc:
            notes.append(f"{picture.name}: cannot read ({exc.strerror or exc})")
    note = "; ".join(notes) or None
    if note:
        log.info("%s: no cover: %s", path, note)
    return CoverResult(None, None, note)


def record_cover(store, media_id: int, result: CoverResult) -> bool:
    return store.set_cover(media_id, result.file, result.source, result.note)


def cover_file(store, media_id: int, *, make: bool = True) -> Path | None:
    """The cover thumbnail's path for ``media_id``, or None when it has none.

    ``make=False`` only looks up what is recorded (cheap: one indexed read and a stat). With ``make`` an
    item never looked at, or whose thumbnail was deleted from the cache, gets its cover made now (reads
    the file's tags and maybe decodes a picture: tens of milliseconds).
    """
    thumbs = paths.thumbnails_dir()
    row = store.cover_of(media_id)
    if row is not None:
        if row.file is None:
            return None
        found = thumbs / row.file
        if found.exists():
            return found
    if not make:
        return None
    try:
        item = store.get_media(media_id)
    except NotFound:
        return None
    if not os.path.exists(item.path):
        return None  # an unplugged or vanished file: look again when it is back
    try:
        result = make_cover(item.path, item.kind, thumbs / poster_name(media_id))
    except OSError as exc:
        log.warning("cannot write the cover of %s: %s", item.path, exc)
        return None
    record_cover(store, media_id, result)
    return thumbs / result.file if result.file else None

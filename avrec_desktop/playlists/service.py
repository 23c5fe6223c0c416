"""Playlists for the CLI and the window: save (items, Up next, a journey, a station), list, show, add, rename,
delete, export to M3U8 / XSPF and import them. No Qt; SQL in store/playlists.py.

Nothing is dropped silently: an imported entry that is not in the library stays in the playlist (no item,
its path and tags kept) and the report names it; an export writes such entries with the path they kept and
says how many there were. Names are unique, whatever their case.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field

from avrec_desktop.errors import BadArgument, NotFound
from avrec_desktop.playlists import m3u, xspf
from avrec_desktop.playlists.matching import TagMatcher
from avrec_desktop.playlists.tracks import Track, is_url, relative_root, written_location
from avrec_desktop.store import playlists as table
from avrec_desktop.store.playlists import NewEntry, PlaylistEntry, PlaylistInfo
from avrec_desktop.store.records import printable_path
from avrec_desktop.store.tag_values import first_value

FORMATS = ("m3u8", "xspf")
NAMED = 5  # entries named in a report's message; the rest are counted


def format_of(path: str, given: str | None = None, data: bytes | None = None) -> str:
    """``given``, else from the file's extension (.m3u8/.m3u, .xspf), else (reading) from its first bytes."""
    if given:
        if given not in FORMATS:
            raise BadArgument(f"unknown playlist format {given!r} (choose m3u8 or xspf)")
        return given
    ext = os.path.splitext(path)[1].lower()
    if ext == ".xspf":
        return "xspf"
    if ext in (".m3u8", ".m3u") or data is None:
        return "m3u8"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    return "xspf" if head.startswith(b"<?xml") or head.startswith(b"<playlist") else "m3u8"


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:NAMED])
    return shown + (f" and {len(names) - NAMED} more" if len(names) > NAMED else "")


@dataclass
class ImportReport:
    playlist: PlaylistInfo
    total: int
    by_path: int = 0
    by_tags: int = 0
    not_in_library: list = field(default_factory=list)  # [Track], kept in the playlist without an item

    def message(self) -> str:
        head = f"Imported “{self.playlist.name}”: {self.total} {'entry' if self.total == 1 else 'entries'}"
        if not self.not_in_library:
            return head + ", all in your library"
        n = len(self.not_in_library)
        return (f"{head}; {n} of {self.total} {'is' if n == 1 else 'are'} not in your library (kept in the "
                f"playlist): " + _listing([printable_path(t.label) for t in self.not_in_library]))


@dataclass
class ExportReport:
    path: str
    format: str
    written: int
    not_in_library: list = field(default_factory=list)  # [PlaylistEntry] written with the path they kept
    left_out: list = field(default_factory=list)  # [PlaylistEntry] with no location at all (cannot be written)

    def message(self) -> str:
        text = f"Wrote {self.written} {'entry' if self.written == 1 else 'entries'} to {printable_path(self.path)}"
        if self.not_in_library:
            n = len(self.not_in_library)
            text += (f"; {n} {'is' if n == 1 else 'are'} not in your library (written with the path kept): "
                     + _listing([_entry_label(e) for e in self.not_in_library]))
        if self.left_out:
            text += (f"; {len(self.left_out)} left out (no location known): "
                     + _listing([_entry_label(e) for e in self.left_out]))
        return text


def _entry_label(entry: PlaylistEntry) -> str:
    return printable_path(entry_title(entry) if entry.title or not entry.path else os.path.basename(entry.path))


def entry_title(entry: PlaylistEntry) -> str:
    """The title to show or write: the first value of the title tag, else the file name's stem."""
    title = first_value(entry.title)
    if title:
        return title
    if entry.path:
        return os.path.splitext(printable_path(os.path.basename(entry.path)))[0]
    return "(untitled)"


@dataclass(frozen=True)
class _Written:
    title: str | None
    artist: str | None
    duration: float | None


class PlaylistService:
    def __init__(self, store):
        self.store = store

    # -- reading ----------------------------------------------------------------------------------
    def list(self) -> list[PlaylistInfo]:
        return table.list_playlists(self.store)

    def get(self, name: str) -> PlaylistInfo:
        found = table.find_playlist(self.store, name)
        if found is None:
            raise NotFound(f"no playlist named “{name}” (see `avrec playlist list`)")
        return found

    def show(self, name: str) -> tuple[PlaylistInfo, list[PlaylistEntry]]:
        info = self.get(name)
        return info, table.playlist_entries(self.store, info.id)

    # -- saving -----------------------------------------------------------------------------------
    def _entries(self, ids) -> list[NewEntry]:
        ids = [int(i) for i in ids]
        known = table.media_for_entries(self.store, ids)
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise NotFound(f"no item with id {', '.join(map(str, unknown))}")
        return [known[i] for i in ids]

    def _create(self, name: str, kind: str, entries, spec=None, *, replace: bool = False) -> PlaylistInfo:
        name = " ".join((name or "").split())
        if not name:
            raise BadArgument("a playlist needs a name")
        try:
            table.create_playlist(self.store, name, kind, entries, spec, replace=replace)
        except sqlite3.IntegrityError:
            raise BadArgument(f"a playlist named “{name}” already exists (choose another name, or replace it)")
        return self.get(name)

    def save(self, name: str, ids, *, kind: str = "manual", spec: dict | None = None,
             replace: bool = False) -> PlaylistInfo:
        """A playlist of these items, in this order (a journey's steps, a station's list, picked items)."""
        if kind not in table.KINDS:
            raise BadArgument(f"unknown playlist kind {kind!r}")
        entries = self._entries(ids)
        if not entries:
            raise BadArgument("nothing to save: the playlist would be empty")
        return self._create(name, kind, entries, spec, replace=replace)

    def up_next_ids(self) -> list[int]:
        """What is playing and Up next, as the window last kept them (library/play_session.py)."""
        from avrec_desktop.library import play_session

        state = play_session.load(self.store)
        ids = state.media_ids() if state is not None else []
        seen: set[int] = set()
        return [i for i in ids if not (i in seen or seen.add(i))]

    def save_up_next(self, name: str, ids=None, *, replace: bool = False) -> PlaylistInfo:
        """Up next as a playlist: ``ids`` as the window has them now, else the state it last saved."""
        ids = list(ids) if ids is not None else self.up_next_ids()
        if not ids:
            raise BadArgument("Up next is empty: play something first")
        known = table.media_for_entries(self.store, ids)
        return self._create(name, "up-next", [known[i] for i in ids if i in known], replace=replace)

    def add(self, name: str, ids, *, create: bool = True) -> PlaylistInfo:
        """Add items at the end of a playlist (made, as a manual one, when ``create`` and it is not there)."""
        entries = self._entries(ids)
        found = table.find_playlist(self.store, name)
        if found is None:
            if not create:
                self.get(name)
            return self._create(name, "manual", entries)
        table.append_entries(self.store, found.id, entries)
        return self.get(found.name)

    def rename(self, name: str, new_name: str) -> PlaylistInfo:
        info = self.get(name)
        new_name = " ".join((new_name or "").split())
        if not new_name:
            raise BadArgument("a playlist needs a name")
        try:
            table.rename_playlist(self.store, info.id, new_name)
        except sqlite3.IntegrityError:
            raise BadArgument(f"a playlist named “{new_name}” already exists")
        return self.get(new_name)

    def delete(self, name: str) -> PlaylistInfo:
        info = self.get(name)
        table.delete_playlist(self.store, info.id)
        return info

    # -- files ------------------------------------------------------------------------------------
    def export(self, name: str, file: str, fmt: str | None = None) -> ExportReport:
        """Write the playlist to ``file`` (replaced atomically). Entries keep their order; the bytes depend
        only on the entries and where the file is written (exporting twice gives the same file)."""
        info, entries = self.show(name)
        fmt = format_of(file, fmt)
        file = os.path.abspath(os.path.expanduser(file))
        folder = os.path.dirname(file)
        root = relative_root(file, [f.path for f in self.store.folders()])
        kept = [e for e in entries if e.path]
        locations = [e.path if is_url(e.path) else written_location(e.path, folder, root) for e in kept]
        written = [_Written(entry_title(e), first_value(e.artist), e.duration) for e in kept]
        data = (m3u.render(info.name, written, locations) if fmt == "m3u8"
                else xspf.render(info.name, written, locations))
        _write_atomically(file, data)
        return ExportReport(file, fmt, len(kept), [e for e in kept if not e.in_library],
                            [e for e in entries if not e.path])

    def read_file(self, file: str, fmt: str | None = None):
        """The tracks of a playlist file (format from ``fmt``, the extension or the content)."""
        file = os.path.abspath(os.path.expanduser(file))
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise NotFound(f"cannot read {printable_path(file)}: {exc.strerror or exc}") from exc
        fmt = format_of(file, fmt, data)
        base = os.path.dirname(file)
        return (xspf.parse(data, base, name=printable_path(file)) if fmt == "xspf" else m3u.parse(data, base)), fmt

    def import_file(self, file: str, name: str | None = None, fmt: str | None = None, *,
                    replace: bool = False) -> ImportReport:
        """A playlist from an M3U8/M3U/XSPF file: each entry found in the library by its path (relative
        ones from the file's folder), else by artist + title (+ length); the others are kept without an
        item and reported. Without ``name``: the file's own title or its name, made unique ("X (2)")."""
        parsed, _fmt = self.read_file(file, fmt)
        if not parsed.tracks:
            raise BadArgument(f"{printable_path(os.path.abspath(file))} lists no tracks: nothing imported")
        if name is None:
            name = self._free_name(parsed.title or os.path.splitext(printable_path(os.path.basename(file)))[0])
        paths = [p for t in parsed.tracks for p in (t.path, t.alt_path) if p]
        by_path = table.media_by_paths(self.store, paths)
        matcher = None
        entries, report_by_path, report_by_tags, missing = [], 0, 0, []
        for track in parsed.tracks:
            media_id = by_path.get(track.path) or by_path.get(track.alt_path)
            if media_id is not None:
                report_by_path += 1
            else:
                if matcher is None:
                    matcher = TagMatcher(table.media_tags(self.store))
                media_id = matcher.match(track.title, track.artist, track.duration)
                report_by_tags += media_id is not None
            if media_id is None:
                missing.append(track)
            entries.append((media_id, track))
        items = table.media_for_entries(self.store, [m for m, _t in entries if m is not None])
        rows = [items[m] if m is not None else NewEntry(None, _kept_location(t), t.title, t.artist, t.duration)
                for m, t in entries]
        info = self._create(name, "import", rows, {"file": printable_path(os.path.abspath(file))}, replace=replace)
        return ImportReport(info, len(rows), report_by_path, report_by_tags, missing)

    def _free_name(self, base: str) -> str:
        base = " ".join(base.split()) or "Imported playlist"
        taken = {p.name.casefold() for p in self.list()}
        if base.casefold() not in taken:
            return base
        n = 2
        while f"{base} ({n})".casefold() in taken:
            n += 1
        return f"{base} ({n})"


def _kept_location(track: Track) -> str | None:
    """The location an entry outside the library keeps: the path as read, or its other reading when only
    that one is a file here, or the URL."""
    if track.path and track.alt_path and not os.path.exists(track.path) and os.path.exists(track.alt_path):
        return track.alt_path
    return track.location


def _write_atomically(file: str, data: bytes) -> None:
    tmp = f"{file}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, file)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise BadArgument(f"cannot write {printable_path(file)}: {exc.strerror or exc}") from exc

"""Schema v10: saved playlists (issue #10).

A playlist is an ordered list of entries. An entry keeps the file's path beside its ``media_id`` so that an
entry whose file left the library (or was never in it, from an imported M3U8/XSPF) is shown and reported,
never silently dropped; its ``title``, ``artist`` and ``duration`` (seconds) are what the playlist file said
(or the item's tags when it was saved), so an entry outside the library still exports as it came. ``kind``
says how the list was made; ``spec`` is JSON with what made it (a journey's two ends, a station's words or
seeds), kept for the record and for "refresh".
"""

V10 = """
CREATE TABLE playlists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL DEFAULT 'manual'
        CHECK (kind IN ('manual', 'up-next', 'journey', 'station', 'import')),
    spec TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE playlist_entries (
    playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    media_id INTEGER REFERENCES media(id) ON DELETE SET NULL,
    path BLOB,
    title TEXT,
    artist TEXT,
    duration REAL,
    PRIMARY KEY (playlist_id, position)
);
CREATE INDEX playlist_entries_media ON playlist_entries(media_id);
"""

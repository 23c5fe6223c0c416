"""Numbered schema migrations on ``PRAGMA user_version``.

Rules: a migration is never edited once released; add a new one instead. Before any migration runs, the
database is backed up (SQLite's backup API) to ``<name>.v<old>.bak`` beside it. A database whose version
is higher than the newest migration here was written by a newer avrec-desktop and is refused, untouched.

Paths are stored as BLOBs of the file system's raw bytes (``os.fsencode``), so names that are not valid
UTF-8 survive exactly; the store converts them back to ``str`` with ``os.fsdecode``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from avrec_desktop.errors import DatabaseTooNew, MigrationFailed
from avrec_desktop.store import sort_keys
from avrec_desktop.store.schema_folder_counts import V16 as _V16
from avrec_desktop.store.schema_history_import import V11 as _V11
from avrec_desktop.store.schema_jobs_quick import V13 as _V13
from avrec_desktop.store.schema_media_new import V14 as _V14
from avrec_desktop.store.schema_map import V12 as _V12
from avrec_desktop.store.schema_playlists import V10 as _V10
from avrec_desktop.store.schema_vector_changes import V15 as _V15
from avrec_desktop.store.sqlite_errors import is_damage, store_error

_V1 = """
CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('music', 'video', 'mixed')),
    online INTEGER NOT NULL DEFAULT 1,
    added_at REAL NOT NULL,
    last_scan REAL
);
CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL,
    path BLOB NOT NULL UNIQUE,
    content_key TEXT,
    size INTEGER,
    mtime REAL,
    kind TEXT NOT NULL CHECK (kind IN ('audio', 'video')),
    duration REAL,
    title TEXT, artist TEXT, album TEXT, genre TEXT, year INTEGER, track_no INTEGER,
    width INTEGER, height INTEGER, audio_codec TEXT, video_codec TEXT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'ready', 'failed', 'missing')),
    error TEXT,
    analysed_key TEXT,
    analysis_count INTEGER NOT NULL DEFAULT 0,
    added_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX media_folder ON media(folder_id);
CREATE INDEX media_content_key ON media(content_key);
CREATE INDEX media_status ON media(status);
CREATE TABLE embeddings (
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    space TEXT NOT NULL,
    encoder TEXT NOT NULL,
    version TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (media_id, space)
);
CREATE INDEX embeddings_space ON embeddings(space, encoder, version);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    ts REAL NOT NULL,
    type TEXT NOT NULL,
    position REAL,
    duration REAL,
    source TEXT,
    seed_id INTEGER,
    session TEXT
);
CREATE INDEX events_media ON events(media_id, ts);
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    media_id INTEGER NOT NULL UNIQUE REFERENCES media(id) ON DELETE CASCADE,
    priority INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running')),
    attempts INTEGER NOT NULL DEFAULT 0,
    again INTEGER NOT NULL DEFAULT 0,
    worker TEXT,
    created_at REAL NOT NULL,
    claimed_at REAL
);
CREATE INDEX jobs_pick ON jobs(state, priority DESC, id);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# v2: a covering index so the vector indexes can check what changed in a space without reading vectors.
_V2 = """
CREATE INDEX embeddings_space_rows ON embeddings(space, encoder, version, media_id, created_at);
"""

# v3: why a playback ended, whether it started by itself, and the taste model's saved state.
_V3 = """
ALTER TABLE events ADD COLUMN reason TEXT;
ALTER TABLE events ADD COLUMN auto INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_session ON events(session, ts);
CREATE INDEX events_ts ON events(ts);
CREATE TABLE taste_state (
    name TEXT PRIMARY KEY,
    format INTEGER NOT NULL,
    last_event_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    updated_at REAL NOT NULL
);
"""

# v4: event ids never come back. ``events.id`` was a plain INTEGER PRIMARY KEY, so after the newest
# events were deleted (with their media) SQLite handed their ids out again, and the taste model, which
# catches up by ``id > last_event_id``, ignored the new plays. AUTOINCREMENT ids are monotonic; the
# sequence starts above every id the taste state has already seen. ``folders.root_device`` remembers
# the device (``st_dev``) of a folder's root while it was online, so a scan can tell an unplugged drive
# (the root now lies on another device, or is gone) from a folder whose files were deleted.
_V4 = """
CREATE TABLE events_v4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    ts REAL NOT NULL,
    type TEXT NOT NULL,
    position REAL,
    duration REAL,
    source TEXT,
    seed_id INTEGER,
    session TEXT,
    reason TEXT,
    auto INTEGER NOT NULL DEFAULT 0
);
INSERT INTO events_v4(id, media_id, ts, type, position, duration, source, seed_id, session, reason, auto)
    SELECT id, media_id, ts, type, position, duration, source, seed_id, session, reason, auto FROM events;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
CREATE INDEX events_media ON events(media_id, ts);
CREATE INDEX events_session ON events(session, ts);
CREATE INDEX events_ts ON events(ts);
DELETE FROM sqlite_sequence WHERE name = 'events';
INSERT INTO sqlite_sequence(name, seq) SELECT 'events', MAX(
    COALESCE((SELECT MAX(id) FROM events), 0),
    COALESCE((SELECT MAX(last_event_id) FROM taste_state), 0));
ALTER TABLE folders ADD COLUMN root_device INTEGER;
"""

# v5: word search. ``media_words`` is an FTS5 index of each item's title, artist, album, genre and file
# name (the last path component, without its extension), kept in step with ``media`` by triggers, so
# every write path (scanner, worker, repair, relocation) updates it. The tokenizer folds case and
# accents; multi-value tags ("A;B") are split at the ";" like any other separator, so every value is
# searchable. Row id = media id.
_NAME = "substr(CAST({p} AS TEXT), length(rtrim(CAST({p} AS TEXT), replace(CAST({p} AS TEXT), '/', ''))) + 1)"
_STEM = ("(CASE WHEN instr({n}, '.') > 1 THEN rtrim(rtrim({n}, replace({n}, '.', '')), '.') ELSE {n} END)")


def _stem(p: str) -> str:
    return _STEM.format(n=_NAME.format(p=p))


_WORD_COLUMNS = "title, artist, album, genre, filename"
_V5 = f"""
CREATE VIRTUAL TABLE media_words USING fts5({_WORD_COLUMNS}, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO media_words(rowid, {_WORD_COLUMNS})
    SELECT id, title, artist, album, genre, {_stem("path")} FROM media;
CREATE TRIGGER media_words_insert AFTER INSERT ON media BEGIN
    INSERT INTO media_words(rowid, {_WORD_COLUMNS})
        VALUES (new.id, new.title, new.artist, new.album, new.genre, {_stem("new.path")});
END;
CREATE TRIGGER media_words_update AFTER UPDATE OF title, artist, album, genre, path ON media BEGIN
    DELETE FROM media_words WHERE rowid = old.id;
    INSERT INTO media_words(rowid, {_WORD_COLUMNS})
        VALUES (new.id, new.title, new.artist, new.album, new.genre, {_stem("new.path")});
END;
CREATE TRIGGER media_words_delete AFTER DELETE ON media BEGIN
    DELETE FROM media_words WHERE rowid = old.id;
END;
"""

# v6: cover art. ``media_covers`` says which cached thumbnail (a file name under the thumbnails folder,
# e.g. "covers/<hash of the picture>.jpg", shared by an album's tracks, or a video's poster "<id>.jpg")
# stands for an item; ``file`` NULL means "looked, found none" (``note`` says why when a picture was bad).
_V6 = """
CREATE TABLE media_covers (
    media_id INTEGER PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
    file TEXT,
    source TEXT,
    note TEXT,
    updated_at REAL NOT NULL
);
"""

# v7: the library table sorts by any column at 100k items without sorting: one partial index per sort
# key of ``store.views.LIBRARY_ORDER`` (the expressions must stay identical) after the kind each view
# filters on, holding only the rows the table shows (so the scan never reads the media rows).
_V7 = """
CREATE INDEX media_order_title ON media(kind, COALESCE(title, path) COLLATE NOCASE) WHERE status != 'missing';
CREATE INDEX media_order_artist ON media(kind, artist COLLATE NOCASE) WHERE status != 'missing';
CREATE INDEX media_order_album ON media(kind, album COLLATE NOCASE) WHERE status != 'missing';
CREATE INDEX media_order_genre ON media(kind, genre COLLATE NOCASE) WHERE status != 'missing';
CREATE INDEX media_order_duration ON media(kind, duration) WHERE status != 'missing';
CREATE INDEX media_order_status ON media(kind, status) WHERE status != 'missing';
"""

# v8: natural, case- and accent-insensitive sort of the library table's text columns ("track2" before
# "track10", "apple" next to "Apple"). Each text column gets a stored key (store.sort_keys: casefolded,
# accents folded, digit runs zero-padded) kept by triggers calling the key functions the store registers
# on every connection; existing rows are backfilled here. The v7 text-column indexes give way to ones on
# the keys (store.views.LIBRARY_ORDER names the same expressions).
_KEYS = ("title_key = avrec_title_sort_key(new.title, new.path), artist_key = avrec_sort_key(new.artist), "
         "album_key = avrec_sort_key(new.album), genre_key = avrec_sort_key(new.genre)")
_V8 = f"""
ALTER TABLE media ADD COLUMN title_key TEXT;
ALTER TABLE media ADD COLUMN artist_key TEXT;
ALTER TABLE media ADD COLUMN album_key TEXT;
ALTER TABLE media ADD COLUMN genre_key TEXT;
UPDATE media SET title_key = avrec_title_sort_key(title, path), artist_key = avrec_sort_key(artist),
    album_key = avrec_sort_key(album), genre_key = avrec_sort_key(genre);
CREATE TRIGGER media_sort_keys_insert AFTER INSERT ON media BEGIN
    UPDATE media SET {_KEYS} WHERE id = new.id;
END;
CREATE TRIGGER media_sort_keys_update AFTER UPDATE OF title, artist, album, genre, path ON media
WHEN new.title IS NOT old.title OR new.artist IS NOT old.artist OR new.album IS NOT old.album
    OR new.genre IS NOT old.genre OR new.path IS NOT old.path BEGIN
    UPDATE media SET {_KEYS} WHERE id = new.id;
END;
DROP INDEX media_order_title;
DROP INDEX media_order_artist;
DROP INDEX media_order_album;
DROP INDEX media_order_genre;
CREATE INDEX media_order_title_key ON media(kind, title_key) WHERE status != 'missing';
CREATE INDEX media_order_artist_key ON media(kind, artist_key) WHERE status != 'missing';
CREATE INDEX media_order_album_key ON media(kind, album_key) WHERE status != 'missing';
CREATE INDEX media_order_genre_key ON media(kind, genre_key) WHERE status != 'missing';
"""

# v9: what the learned music model hears. ``media_tags`` holds per item the tag probabilities of the audio
# encoder's taggers (MusiCNN MSD + MTT: 100 float32, in the order of ``encoders.musicnn_tags.TAG_NAMES``)
# stamped with the audio encoder's name and version, and ``words``: its auto-tags ("ambient; piano"),
# the top tags above a threshold (store/tags.py). ``media_words`` gains a ``tags`` column holding those
# words (FTS5 tables cannot gain columns: it is made again and refilled), so the word search finds
# "ambient" tracks no tag text names; triggers on both tables keep it in step.
_TAG_WORDS = "(SELECT t.words FROM media_tags t WHERE t.media_id = {id})"
_WORD_COLUMNS_V9 = _WORD_COLUMNS + ", tags"
_REFILL_ONE = (f"INSERT INTO media_words(rowid, {_WORD_COLUMNS_V9}) SELECT id, title, artist, album, genre, "
               f"{_stem('path')}, {_TAG_WORDS.format(id='media.id')} FROM media WHERE id = {{id}};")
_V9 = f"""
CREATE TABLE media_tags (
    media_id INTEGER PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
    encoder TEXT NOT NULL,
    version TEXT NOT NULL,
    probs BLOB NOT NULL,
    words TEXT NOT NULL,
    updated_at REAL NOT NULL
);
DROP TRIGGER media_words_insert;
DROP TRIGGER media_words_update;
DROP TRIGGER media_words_delete;
DROP TABLE media_words;
CREATE VIRTUAL TABLE media_words USING fts5({_WORD_COLUMNS_V9}, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO media_words(rowid, {_WORD_COLUMNS_V9})
    SELECT id, title, artist, album, genre, {_stem("path")}, {_TAG_WORDS.format(id="media.id")} FROM media;
CREATE TRIGGER media_words_insert AFTER INSERT ON media BEGIN
    INSERT INTO media_words(rowid, {_WORD_COLUMNS_V9})
        VALUES (new.id, new.title, new.artist, new.album, new.genre, {_stem("new.path")},
                {_TAG_WORDS.format(id="new.id")});
END;
CREATE TRIGGER media_words_update AFTER UPDATE OF title, artist, album, genre, path ON media BEGIN
    DELETE FROM media_words WHERE rowid = old.id;
    INSERT INTO media_words(rowid, {_WORD_COLUMNS_V9})
        VALUES (new.id, new.title, new.artist, new.album, new.genre, {_stem("new.path")},
                {_TAG_WORDS.format(id="new.id")});
END;
CREATE TRIGGER media_words_delete AFTER DELETE ON media BEGIN
    DELETE FROM media_words WHERE rowid = old.id;
END;
CREATE TRIGGER media_tags_words_insert AFTER INSERT ON media_tags BEGIN
    DELETE FROM media_words WHERE rowid = new.media_id;
    {_REFILL_ONE.format(id="new.media_id")}
END;
CREATE TRIGGER media_tags_words_update AFTER UPDATE OF words ON media_tags BEGIN
    DELETE FROM media_words WHERE rowid = old.media_id;
    {_REFILL_ONE.format(id="new.media_id")}
END;
CREATE TRIGGER media_tags_words_delete AFTER DELETE ON media_tags BEGIN
    DELETE FROM media_words WHERE rowid = old.media_id;
    {_REFILL_ONE.format(id="old.media_id")}
END;
"""

# Index = version reached after running it. Append only.
MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12, _V13, _V14,
                        _V15, _V16]
LATEST = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_path(db_path: Path, version: int) -> Path:
    return db_path.with_name(f"{db_path.name}.v{version}.bak")


def migrate(conn: sqlite3.Connection, db_path: Path | None, migrations: list[str] | None = None) -> int:
    """Bring the database to the newest version; return the version it started at.

    Safe with several processes opening the same database at once: each step reads ``user_version``
    inside its own ``BEGIN IMMEDIATE`` transaction (holding the write lock), so a step another process
    has just run is seen and skipped, never run twice. The backup is taken under the same lock with
    SQLite's online backup API, so it holds everything committed, the WAL included.
    """
    steps = MIGRATIONS if migrations is None else migrations
    sort_keys.install(conn)  # v8's backfill and triggers call the natural sort key functions
    current = schema_version(conn)
    _refuse_newer(current, steps, db_path)
    if current == len(steps):
        return current  # the common case: nothing to do, no write lock taken
    started: int | None = None
    while True:
        version = current
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)  # the truth, now that no one else can write
            _refuse_newer(version, steps, db_path)
            if version == len(steps):
                conn.execute("COMMIT")
                return version if started is None else started
            if started is None:
                started = version
                if db_path is not None and version > 0:
                    _backup(db_path, backup_path(db_path, version))
            for statement in _statements(steps[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(conn)
            if is_damage(exc):
                raise store_error(exc, db_path) from exc
            raise MigrationFailed(f"migration to schema version {version + 1} failed: {exc}") from exc
        except BaseException:
            _rollback(conn)
            raise


def _refuse_newer(version: int, steps: list[str], db_path: Path | None) -> None:
    if version > len(steps):
        raise DatabaseTooNew(
            f"{db_path or 'the database'} has schema version {version}, but this avrec-desktop knows "
            f"only up to {len(steps)}: it was written by a newer version. Upgrade avrec-desktop."
        )


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _backup(db_path: Path, target: Path) -> None:
    """A consistent copy of the live database (WAL contents included) at ``target``, written whole.

    Called while the migrating connection holds the write lock: a second connection reads the last
    committed state (SQLite refuses to back up from a connection in a write transaction), and nobody
    can commit between the copy and the migration.
    """
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(str(db_path), timeout=60)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    os.replace(partial, target)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (so they run inside one explicit transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out

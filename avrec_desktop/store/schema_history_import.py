"""Schema v11: listening history imported from other services (issue #10).

Imported plays and skips are ordinary ``events`` rows with ``source = 'import'``; ``import_key`` (unique when
set) is a stable hash of the service, the listen's time and what was played, so importing the same export
twice adds nothing. ``history_imports`` records each run (service, file, counts) for the report and the note.
"""

V11 = """
ALTER TABLE events ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX events_import_key ON events(import_key) WHERE import_key IS NOT NULL;
CREATE TABLE history_imports (
    id INTEGER PRIMARY KEY,
    service TEXT NOT NULL,
    file_name TEXT,
    imported_at REAL NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    matched INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0
);
"""

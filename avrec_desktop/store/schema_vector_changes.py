"""Schema v15: a token that changes whenever the usable vectors of any space may have changed.

A query process (``avrec next``, ``similar`` ...) opens every active space's vector cache file
(index/vector_cache.py) and, before this, read the (media id, vector time) stamps of every usable row out
of SQLite to check that the file is still current: ~10 ms per 10k rows, every run, to learn that nothing
changed. ``vector_changes`` holds one row whose ``token`` triggers set to a fresh random value on every
insert, update and delete of ``embeddings`` and on every insert, delete and ``id``/``status`` change of
``media`` (the rows and columns the usable set depends on: ``store.quick.USABLE_VECTORS``). A cache file
records the token read in the same snapshot as the rows it holds; when the token is still the same the
rows cannot have changed and the stamps are not read.

A random token, not a counter: a database restored from a copy brings back the token of exactly the state
it holds, so a matching token always means the same rows (a counter could reach the same value again
along another history). Any change at all gives a new token; which trigger fired does not matter (an
``INSERT OR REPLACE`` deletes without a delete trigger, but its insert fires).
"""

_NEW_TOKEN = "UPDATE vector_changes SET token = lower(hex(randomblob(8))) WHERE id = 1;"

V15 = f"""
CREATE TABLE vector_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL
);
INSERT INTO vector_changes(id, token) VALUES (1, lower(hex(randomblob(8))));
CREATE TRIGGER vector_changes_embeddings_insert AFTER INSERT ON embeddings BEGIN {_NEW_TOKEN} END;
CREATE TRIGGER vector_changes_embeddings_update AFTER UPDATE ON embeddings BEGIN {_NEW_TOKEN} END;
CREATE TRIGGER vector_changes_embeddings_delete AFTER DELETE ON embeddings BEGIN {_NEW_TOKEN} END;
CREATE TRIGGER vector_changes_media_insert AFTER INSERT ON media BEGIN {_NEW_TOKEN} END;
CREATE TRIGGER vector_changes_media_update AFTER UPDATE OF id, status ON media BEGIN {_NEW_TOKEN} END;
CREATE TRIGGER vector_changes_media_delete AFTER DELETE ON media BEGIN {_NEW_TOKEN} END;
"""

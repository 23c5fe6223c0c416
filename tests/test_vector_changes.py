"""The store's vectors token (schema v15) and the vector cache that trusts it: a query process opens an
unchanged space from its cache file without reading the stamps out of SQLite, and any change to the rows
a space's usable set depends on is seen (a stale cache never answers)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from avrec_desktop.index import SpaceIndex, space_vectors, store_rows
from avrec_desktop.store import Embedding
from index_testlib import ACTIVE, LibraryBuilder, clustered_audio_library, unit

ENC, VER = ACTIVE["audio"]


@pytest.fixture
def lib(store, tmp_path):
    return clustered_audio_library(store, tmp_path, artists=6, per_artist=10)


def brute_force(store, q, k):
    ids, matrix = store.load_space("audio", ENC, VER)
    sims = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)) @ q
    order = np.lexsort((ids, -sims))[:k]
    return ids[order].tolist()


def open_audio(store, d):
    return SpaceIndex.open(store, "audio", ENC, VER, directory=d, vector_cache_min=1, graph="off")


@pytest.fixture
def no_stamps(monkeypatch):
    """Count the stamp reads (the ~10 ms per 10k rows the token saves)."""
    calls = []
    real = store_rows.read_stamps

    def counted(*args, **kw):
        calls.append(args[1])
        return real(*args, **kw)

    monkeypatch.setattr(store_rows, "read_stamps", counted)
    return calls


def test_the_token_changes_with_the_usable_rows_and_only_with_them(lib, store):
    token = store.vectors_token()
    assert token and len(token) == 16

    def changed() -> bool:
        nonlocal token
        new = store.vectors_token()
        moved, token = new != token, new
        return moved

    media_id = lib.add(vectors={"audio": lib.random("audio")})
    assert changed()  # a new item with a vector
    store.put_embeddings(media_id, [Embedding("audio", ENC, VER, lib.random("audio"))])
    assert changed()  # re-encoded
    store.update_media(media_id, status="missing")
    assert changed()  # left the usable set
    store.update_media(media_id, status="ready")
    assert changed()
    store.add_event(media_id, "like")
    store.set_setting("anything", "1")
    store.update_media(media_id, title="another title")
    assert not changed()  # plays, settings and tags do not touch the vectors
    with store.transaction() as conn:
        conn.execute("DELETE FROM embeddings WHERE media_id = ?", (media_id,))
    assert changed()
    with store.transaction() as conn:
        conn.execute("DELETE FROM media WHERE id = ?", (media_id,))
    assert changed()


def test_an_unchanged_space_opens_from_its_cache_without_reading_the_stamps(lib, store, tmp_path, no_stamps):
    d = tmp_path / "idx"
    first = open_audio(store, d)
    assert first.wait_ready(10) and first.report.vectors == "store"
    meta = json.loads((d / "audio.vectors.json").read_text())
    assert meta[space_vectors.TOKEN_KEY] == store.vectors_token()
    no_stamps.clear()
    again = open_audio(store, d)
    assert again.report.vectors == "cache" and no_stamps == []
    q = lib.random("audio")
    assert again.search(q, 10)[0].tolist() == first.search(q, 10)[0].tolist() == brute_force(store, q, 10)


@pytest.mark.parametrize("change", ["new item", "re-encoded", "missing"])
def test_a_changed_space_is_never_answered_from_the_stale_cache(lib, store, tmp_path, no_stamps, change):
    d = tmp_path / "idx"
    assert open_audio(store, d).wait_ready(10)
    q = lib.random("audio")
    target = brute_force(store, q, 1)[0]
    if change == "new item":
        target = lib.add(vectors={"audio": q})
    elif change == "re-encoded":
        store.put_embeddings(target, [Embedding("audio", ENC, VER, unit(-q))])
    else:
        store.update_media(target, status="missing")
    no_stamps.clear()
    after = open_audio(store, d)
    assert no_stamps == ["audio"]  # the token moved: the stamps were read and the difference applied
    found = after.search(q, 10)[0].tolist()
    assert found == brute_force(store, q, 10)
    assert (found[0] == target) == (change == "new item")


def test_a_cache_still_current_after_an_unrelated_change_takes_the_new_token(lib, store, tmp_path, no_stamps):
    d = tmp_path / "idx"
    assert open_audio(store, d).wait_ready(10)
    other = LibraryBuilder(store, tmp_path / "other", seed=5)
    other.add(vectors={"text": other.random("text")})  # another space: the audio rows are the same
    no_stamps.clear()
    assert open_audio(store, d).report.vectors == "cache" and no_stamps == ["audio"]
    meta = json.loads((d / "audio.vectors.json").read_text())
    assert meta[space_vectors.TOKEN_KEY] == store.vectors_token()
    no_stamps.clear()
    assert open_audio(store, d).report.vectors == "cache" and no_stamps == []


def test_a_cache_written_before_the_token_existed_is_checked_by_its_stamps(lib, store, tmp_path, no_stamps):
    d = tmp_path / "idx"
    assert open_audio(store, d).wait_ready(10)
    path = d / "audio.vectors.json"
    meta = json.loads(path.read_text())
    del meta[space_vectors.TOKEN_KEY]
    path.write_text(json.dumps(meta))
    no_stamps.clear()
    assert open_audio(store, d).report.vectors == "cache" and no_stamps == ["audio"]
    assert json.loads(path.read_text())[space_vectors.TOKEN_KEY] == store.vectors_token()


def test_a_space_of_a_thousand_items_is_cached(store, tmp_path):
    """A 10k library's videos (~3k visual vectors) are read from the file, not from SQLite (~10 ms)."""
    lib = LibraryBuilder(store, tmp_path)
    lib.cluster(space_vectors.CACHE_MIN, spaces=("audio",))
    d = tmp_path / "idx"
    first = SpaceIndex.open(store, "audio", ENC, VER, directory=d, graph="off")
    assert first.report.vectors == "store" and first.wait_ready(10)
    assert SpaceIndex.open(store, "audio", ENC, VER, directory=d, graph="off").report.vectors == "cache"
    assert space_vectors.CACHE_MIN <= 2_000

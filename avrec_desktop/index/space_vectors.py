"""The unit vectors of one space, from the memory-mapped cache file when it is current, else SQLite.

The store's stamps (media id, vector time per usable row; the covering index answers them without
touching a blob) say whether the cached matrix is current. When it is, the matrix is the mapped file
as it is; when a few rows differ, only those are read from SQLite and merged in; otherwise (no cache,
another encoder or version, most rows changed) the whole space is read and normalised. A space below
``cache_min`` items is always read from SQLite: it costs milliseconds and leaves no files behind.

Before any of that, the store's vectors token (schema v15: a random value triggers renew on every change
of the rows a space's usable set depends on) is compared with the one the cache file was written with
(``TOKEN_KEY`` in its meta): the same token means the same rows, so the file is used as it is without
reading the stamps (~10 ms per 10k rows, the largest part of opening a space). A file whose rows still
match after an unrelated change gets the new token in its meta, so the next process skips the stamps too.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from avrec_desktop.errors import IndexError_
from avrec_desktop.index import matrix_ops, persist, store_rows, vector_cache

# items: below this SQLite is read directly and no file is written. The 2,927 videos of a 10k library (their
# own visual space, below the old 5,000) read from SQLite in ~10 ms, from the file in ~1.5 ms while the
# store's vectors token stays the same
CACHE_MIN = 1_000
MAX_DELTA_FRACTION = 0.5  # more changed rows than this: read the whole space instead
REWRITE_FRACTION = 0.02  # a cache this far behind (plus REWRITE_MIN rows) is written again
REWRITE_MIN = 256
TOKEN_KEY = "store_token"  # the store's vectors token the rows of a cache file were read under


def read(store, space: str, encoder: str, version: str, directory: Path, expect: dict, *,
         cache_min: int = CACHE_MIN, token: str | None = None
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, str, bool]:
    """``(ids, times, matrix, source, write)`` inside the caller's read snapshot.

    ``source`` is ``store``, ``cache`` or ``cache+delta``; ``write`` says the cache file should be
    (re)written with these rows. ``token``: the store's vectors token, read in the same snapshot (None:
    unknown, the stamps are always read); a file written with it is current without reading them.
    """
    try:
        cached = vector_cache.load(directory, space, expect)
    except persist.CacheUnusable:
        cached = None
    if cached is not None and token is not None and cached.meta.get(TOKEN_KEY) == token:
        return cached.ids, cached.times, cached.matrix, "cache", False
    ids, times = store_rows.read_stamps(store, space, encoder, version)
    if len(ids) < cache_min:
        return (*store_rows.read_space(store, space, encoder, version), "store", False)
    if cached is not None:
        if np.array_equal(cached.ids, ids) and np.array_equal(cached.times, times):
            if token is not None:
                vector_cache.set_meta(directory, space, cached.meta, {TOKEN_KEY: token})
            return ids, times, cached.matrix, "cache", False
        changed = matrix_ops.changed_mask(cached.ids, cached.times, ids, times)
        n_changed = int(changed.sum())
        if n_changed <= MAX_DELTA_FRACTION * len(ids):
            c_ids, _, c_mat = store_rows.read_vectors(store, space, encoder, version, ids[changed])
            dim = cached.matrix.shape[1]
            if len(c_ids) != n_changed or not np.array_equal(c_ids, ids[changed]):
                raise IndexError_(f"the {space} rows changed while they were read")
            if n_changed and c_mat.shape[1] != dim:
                raise IndexError_(f"{space} vectors of {encoder} {version} changed size from {dim} to "
                                  f"{c_mat.shape[1]} without a new version")
            matrix = matrix_ops.merged(cached.ids, cached.matrix, ids, changed, c_mat, dim)
            removed = len(cached.ids) - (len(ids) - int((~np.isin(ids, cached.ids)).sum()))
            behind = n_changed + removed > REWRITE_FRACTION * len(ids) + REWRITE_MIN
            return ids, times, matrix, "cache+delta", behind
    ids, times, matrix = store_rows.read_space(store, space, encoder, version)
    return ids, times, matrix, "store", len(ids) >= cache_min


def save(directory: Path, space: str, ids, times, matrix, meta: dict, *, background: bool,
         on_error) -> threading.Thread | None:
    """Write the cache file, now or in a (non-daemon: a finishing CLI completes it) thread.

    ``on_error(OSError)`` is called when the folder cannot be written; the cache is optional.
    """
    def write() -> None:
        try:
            vector_cache.save(directory, space, ids, times, matrix, meta)
        except OSError as exc:
            on_error(exc)

    if not background:
        write()
        return None
    thread = threading.Thread(target=write, name=f"avrec-vectors-{space}", daemon=False)
    thread.start()
    return thread

"""Reading one embedding space out of the store, plus the stamp that says which rows an index holds.

The set of usable rows is the one ``Store.load_space`` defines (items that are ``ready``, vectors made
by the active encoder name and version). Each row also carries its ``created_at`` time, so the stamp of
a space — a hash of every (media id, vector time) pair — changes when an item is added, goes missing,
comes back, or is re-encoded, even when the count and the newest time stay the same. (The store's own
``space_signature`` — count, sum of ids, newest time — misses a re-encode of an older item in the same
second as a newer one and two swaps that keep the id sum; the stamp does not.)
"""

from __future__ import annotations

import contextlib
from typing import Iterator, Sequence

import numpy as np

from avrec_desktop.digests import blake2b
from avrec_desktop.errors import IndexError_



@contextlib.contextmanager
def read_snapshot(store) -> Iterator[None]:
    """Run several reads against one consistent snapshot (WAL read transaction) of the database."""
    conn = store.conn
    if conn.in_transaction:  # already inside the caller's transaction: it is consistent as it is
        yield
        return
    conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def database_version(store) -> tuple:
    """Changes whenever anything is committed to the database, by this connection or another.

    ``PRAGMA data_version`` moves on commits of other connections, ``total_changes`` on this one's
    own; the connection itself is part of the value since both are per connection.
    """
    conn = store.conn
    return (conn, conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)


def read_stamps(store, space: str, encoder: str, version: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted media ids of the usable rows and the time each vector was written."""
    rows = store.usable_stamps(space, encoder, version)
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    n = len(rows)  # two fromiter passes: ~4× faster than np.array over the list of pairs
    return (np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
            np.fromiter((r[1] for r in rows), dtype=np.float64, count=n))


def read_space(store, space: str, encoder: str, version: str
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted ids, vector times and the L2-normalised (n, dim) float32 matrix of a whole space."""
    rows = store.usable_vectors(space, encoder, version)
    return _to_arrays(rows, space, encoder, version)


def read_vectors(store, space: str, encoder: str, version: str, ids: Sequence[int]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Like ``read_space`` but only for ``ids`` (those no longer usable are left out)."""
    rows = store.usable_vectors(space, encoder, version, ids)
    rows.sort(key=lambda r: r[0])
    return _to_arrays(rows, space, encoder, version)


def _to_arrays(rows: list, space: str, encoder: str, version: str
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros((0, 0), np.float32)
    sizes = {len(r[2]) for r in rows}
    if len(sizes) != 1 or next(iter(sizes)) % 4:
        dims = sorted(s // 4 for s in sizes)
        raise IndexError_(f"the {space} vectors of encoder {encoder} {version} have different sizes "
                          f"({dims}); an encoder changed its output without a new version")
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    times = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    return ids, times, normalise(matrix)


def normalise(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a new C-contiguous float32 array); NaN/inf become 0, zero rows stay 0."""
    m = np.array(matrix, dtype=np.float32, order="C")  # a copy: the input may be a read-only buffer
    norms = np.sqrt(np.einsum("...i,...i->...", m, m))
    bad = ~np.isfinite(norms)
    if bad.any():  # rare: clean only the broken rows (nan_to_num on everything took 0.7 s at 100k × 384)
        m[bad] = np.nan_to_num(m[bad], nan=0.0, posinf=0.0, neginf=0.0)
        norms = np.sqrt(np.einsum("...i,...i->...", m, m))
    m /= np.maximum(norms, 1e-12)[..., None]
    return m


def stamp_of(ids: np.ndarray, times: np.ndarray) -> str:
    """A short hash of the exact (id, vector time) set an index was built from."""
    h = blake2b(digest_size=16)
    h.update(np.ascontiguousarray(ids, dtype="<i8").tobytes())
    h.update(np.ascontiguousarray(times, dtype="<f8").tobytes())
    return f"{len(ids)}:{h.hexdigest()}"

"""Array helpers for matrices whose rows follow a sorted id array."""

from __future__ import annotations

import numpy as np


def dot(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``matrix @ q`` without BLAS: OpenBLAS threads every product above ~9k elements, and with the
    other core busy a threaded sgemv measured 3–4× slower (20k × 512: 7.7 ms against 2.0 ms here)."""
    return np.einsum("ij,j->i", matrix, q)


def dot_many(matrix: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """``queries @ matrix.T`` (one row of similarities per query) in one pass over ``matrix``, each row
    summed as ``dot`` sums it (the same einsum per row of the matrix, so the same floats as one query
    at a time): 8 queries over 100k × 384 took 149 ms against 179 ms one at a time, loaded machine."""
    return np.einsum("ij,kj->ki", matrix, queries)


def unique_ids(arrays) -> np.ndarray:
    """The sorted distinct ids of several id arrays (int64), as ``np.unique(np.concatenate(arrays))``
    gives them — without it: numpy 2's ``unique`` imports ``numpy.ma`` on first use (~11 ms of every
    ``avrec next`` / ``similar``, whose whole budget is 0.3 s)."""
    if not len(arrays):
        return np.zeros(0, np.int64)
    joined = np.sort(np.concatenate([np.asarray(a, dtype=np.int64) for a in arrays]))
    if len(joined) < 2:
        return joined
    return joined[np.concatenate(([True], joined[1:] != joined[:-1]))]


def merged(old_ids: np.ndarray, old_matrix: np.ndarray, ids: np.ndarray, changed: np.ndarray,
           changed_rows: np.ndarray, dim: int) -> np.ndarray:
    """The matrix for ``ids``: unchanged rows copied from the old one, changed ones from ``changed_rows``.

    Only appended items (the usual case after analysis) cost one concatenation; boolean-mask copies
    of a 100k × 384 matrix took ~0.5 s, ``take`` a fraction of that.
    """
    n_old = len(old_ids)
    if n_old and len(ids) >= n_old and np.array_equal(ids[:n_old], old_ids) and not changed[:n_old].any():
        return np.concatenate([old_matrix, changed_rows.reshape(-1, dim)])
    source = np.zeros(len(ids), dtype=np.int64)
    if n_old:
        source[~changed] = np.searchsorted(old_ids, ids[~changed])
    matrix = old_matrix.take(source, axis=0) if n_old else np.zeros((len(ids), dim), np.float32)
    if changed.any():
        matrix[np.flatnonzero(changed)] = changed_rows
    return matrix


def changed_mask(old_ids, old_times, ids, times) -> np.ndarray:
    """For each of ``ids``: new since ``old_ids``, or its vector was rewritten."""
    if not len(old_ids):
        return np.ones(len(ids), dtype=bool)
    pos = np.minimum(np.searchsorted(old_ids, ids), len(old_ids) - 1)
    same = (old_ids[pos] == ids) & (old_times[pos] == times)
    return ~same

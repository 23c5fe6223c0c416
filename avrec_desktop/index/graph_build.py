"""Building and patching one space's hnswlib graph, with progress, away from any lock.

``build`` adds the rows in chunks so a long build reports how far it got and can be abandoned between
chunks (``cancelled``); the graph it makes is private to the caller until installed. Parameters are the
ones the saved files are checked against (see ``persist``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

if TYPE_CHECKING:  # imported where a graph is made: a query process that searches exactly never loads it
    import hnswlib

HNSW_M = 16
HNSW_EF_CONSTRUCTION = 200
HNSW_SEED = 100
CHUNK_MIN = 4096  # rows per add_items call: progress steps, without measurable cost over one call
CHUNKS = 20

Progress = Callable[[int, int], None]  # (rows done, rows in all)


class Cancelled(Exception):
    """The build was abandoned (the index closed or a newer build replaced it)."""


def build(ids: np.ndarray, matrix: np.ndarray, *, num_threads: int, ef_search: int,
          progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> hnswlib.Index:
    import hnswlib

    hnsw = hnswlib.Index(space="cosine", dim=int(matrix.shape[1]))
    hnsw.init_index(max_elements=max(len(ids), 1), M=HNSW_M, ef_construction=HNSW_EF_CONSTRUCTION,
                    random_seed=HNSW_SEED)
    hnsw.set_num_threads(num_threads)
    n = len(ids)
    step = max(CHUNK_MIN, -(-n // CHUNKS))
    for start in range(0, n, step):
        if cancelled is not None and cancelled():
            raise Cancelled()
        hnsw.add_items(matrix[start:start + step], ids[start:start + step])
        if progress is not None:
            progress(min(start + step, n), n)
    hnsw.set_ef(ef_search)
    return hnsw


def apply(hnsw: hnswlib.Index, old_ids: np.ndarray, old_deleted: np.ndarray, new_ids: np.ndarray,
          new_rows: np.ndarray, removed: np.ndarray, *, num_threads: int, ef_search: int) -> None:
    """Mark ``removed`` deleted and add/replace ``new_ids`` in place (the caller excludes queries)."""
    for label in removed:
        hnsw.mark_deleted(int(label))
    known = np.union1d(old_ids, old_deleted)
    fresh = int((~np.isin(new_ids, known)).sum())
    needed = hnsw.element_count + fresh
    if needed > hnsw.get_max_elements():
        hnsw.resize_index(max(needed, int(hnsw.get_max_elements() * 1.25) + 16))
    if len(new_ids):
        hnsw.set_num_threads(num_threads)
        hnsw.add_items(new_rows, new_ids)
    hnsw.set_ef(ef_search)

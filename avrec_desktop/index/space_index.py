"""One embedding space (audio, visual or text) of one encoder, searchable in memory.

The index is a cache of SQLite, never a source of truth. In memory it always holds the sorted ids, the
time each vector was written and the L2-normalised matrix (so any candidate's exact cosine is one row
lookup: hnswlib's ``get_items`` took 5–10 ms for 300 rows, the matrix takes microseconds). Above
``EXACT_MAX`` items it also holds an hnswlib graph (cosine, M=16, ef_construction=200) that is saved
beside the database through ``persist`` and reused at the next start.

Why 20,000: exact top-100 with numpy (``matrix @ q`` + ``argpartition``) measured 0.29 ms (at 128-d,
before the sonic vector settled at 123),
0.9 ms (384/512-d) at 20k items and 1.3–1.7 ms at 40k on an idle machine (2 ms for 20k × 512 with
the other core busy, with the single-threaded ``matrix_ops.dot``), against 0.2–0.5 ms for hnswlib — but
an hnswlib build of 20k × 384 costs 4.4 s on two cores, and 100k × 512 needs 58 s. Below 20k the
exact search is fast enough for every caller and nothing needs building or saving; above it the three
spaces of ``similar`` would add up to ~10–30 ms exact, so the graph pays for itself.

Opening (``SpaceIndex.open``) reads the space from SQLite and then, for a graph-backed space, takes the
cached graph when its stamp (hash of every id and vector time, see ``store_rows``) still matches;
applies the difference when it is small (new, re-encoded, vanished items: ``add_items`` /
``mark_deleted``); and rebuilds when the cache is missing, corrupt, made by another encoder or version,
or too far behind. ``refresh`` does the same difference against the live index after new analysis, and
reads only the vectors that changed. When nothing at all was committed to the database since the last
read through the same connection (``PRAGMA data_version`` + ``total_changes``), ``refresh`` returns at
once; otherwise it reads the stamps, which the covering index ``embeddings_space_rows`` (migration 2:
space, encoder, version, media_id, created_at) answers without touching the vector blobs (before that
index it cost ~0.1 s per space at 100k items).

Thread safety: many readers (search, similarities) and one writer (refresh, save) per process. State
is an immutable snapshot swapped under a readers-writer lock; hnswlib mutations happen under the write
side, since ``add_items``/``mark_deleted`` must not overlap a query.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import hnswlib
import numpy as np

from avrec_desktop import paths
from avrec_desktop.errors import IndexError_
from avrec_desktop.index import matrix_ops, persist, store_rows
from avrec_desktop.index.rwlock import RWLock

EXACT_MAX = 20_000
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128  # hnswlib searches with max(ef, k); see bench/query.py for the recall this gives
HNSW_SEED = 100
MAX_DELETED_FRACTION = 0.2  # more dead labels than this and the graph is rebuilt
MAX_DELTA_FRACTION = 0.3  # a difference larger than this is cheaper to rebuild than to apply
_UNSAVEABLE: set[str] = set()  # cache folders already said to be unwritable in this process
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadReport:
    """How a space was made ready. ``source``: exact | disk | disk+delta | built."""
    source: str
    reason: str
    seconds: float


@dataclass(frozen=True)
class RefreshReport:
    added: int
    updated: int
    removed: int
    rebuilt: bool
    reason: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


@dataclass(frozen=True)
class _State:
    ids: np.ndarray  # sorted int64
    times: np.ndarray  # float64, aligned with ids
    matrix: np.ndarray  # (n, dim) float32, unit rows
    hnsw: hnswlib.Index | None = None
    deleted: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # labels marked deleted

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1]) if self.matrix.ndim == 2 else 0


def default_directory(database_path: Path) -> Path:
    """The cache folder of one database: ``index_dir()/<db name>-<hash of its full path>``."""
    real = os.path.realpath(database_path)
    return paths.index_dir(create=False) / f"{Path(real).stem}-{zlib.crc32(os.fsencode(real)):08x}"


class SpaceIndex:
    def __init__(self, space: str, encoder: str, version: str, directory: Path, *,
                 exact_max: int = EXACT_MAX, num_threads: int | None = None,
                 ef_search: int = HNSW_EF_SEARCH, database: str = ""):
        self.space, self.encoder, self.version = space, encoder, version
        self.directory = Path(directory)
        self.exact_max = exact_max
        self.num_threads = num_threads or max(1, (os.cpu_count() or 2) - 1)
        self.ef_search = ef_search
        self.database = database
        self.report = LoadReport("exact", "not opened", 0.0)
        self._state = _State(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros((0, 0), np.float32))
        self._lock = RWLock()
        self._writer = threading.Lock()
        self.dirty = False  # the graph changed since it was last saved
        self.save_error: str | None = None  # why the cache folder cannot be written, once it failed
        self._seen: tuple | None = None  # (connection, data_version, total_changes) last read through

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, store, space: str, encoder: str, version: str, *, directory: Path | None = None,
             **options) -> "SpaceIndex":
        """Read ``space`` from the store and make it searchable (cached graph, delta or rebuild)."""
        directory = Path(directory) if directory is not None else default_directory(store.path)
        index = cls(space, encoder, version, directory, database=os.path.realpath(store.path), **options)
        index._open(store)
        return index

    def _open(self, store) -> None:
        t0 = time.perf_counter()
        with store_rows.read_snapshot(store):
            seen = store_rows.database_version(store)
            ids, times, matrix = store_rows.read_space(store, self.space, self.encoder, self.version)
        self._seen = seen
        with self._writer:
            if not self._wants_graph(len(ids)):
                # A cached graph is left alone: the items may only be offline for a while.
                self._install(_State(ids, times, matrix))
                self.report = LoadReport("exact", f"{len(ids)} items, below {self.exact_max}",
                                         time.perf_counter() - t0)
                return
            try:
                cached = persist.load(self.directory, self.space, self._expect(matrix.shape[1]))
            except persist.CacheUnusable as exc:
                state, source, reason = self._build(ids, times, matrix), "built", str(exc)
            else:
                cached.hnsw.set_ef(self.ef_search)
                old = _State(cached.ids, cached.times, np.zeros((0, matrix.shape[1]), np.float32),
                             cached.hnsw, cached.deleted)
                if store_rows.stamp_of(cached.ids, cached.times) == store_rows.stamp_of(ids, times):
                    state = _State(ids, times, matrix, cached.hnsw, cached.deleted)
                    source, reason = "disk", ""
                    self.dirty = False
                else:
                    state, report = self._updated(old, ids, times, matrix)
                    source = "built" if report.rebuilt else "disk+delta"
                    reason = report.reason or (f"stale: +{report.added} ~{report.updated} "
                                               f"-{report.removed}")
            self._install(state)
            if self.dirty:
                self._save_locked()
            self.report = LoadReport(source, reason, time.perf_counter() - t0)

    # -- reading -----------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return len(self._state.ids)

    def __len__(self) -> int:
        return self.count

    @property
    def dim(self) -> int:
        return self._state.dim

    @property
    def uses_graph(self) -> bool:
        return self._state.hnsw is not None

    def ids(self) -> np.ndarray:
        return self._state.ids

    def __contains__(self, media_id: int) -> bool:
        ids = self._state.ids
        pos = np.searchsorted(ids, media_id)
        return bool(pos < len(ids) and ids[pos] == media_id)

    def vector(self, media_id: int) -> np.ndarray | None:
        """The unit vector of one item, or None when this space has none for it."""
        st = self._state
        pos = int(np.searchsorted(st.ids, media_id))
        if pos < len(st.ids) and st.ids[pos] == media_id:
            return st.matrix[pos]
        return None

    def similarities(self, vector: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Exact cosine of ``vector`` with each of ``ids``; NaN where an id has no vector here."""
        st = self._state
        ids = np.asarray(ids, dtype=np.int64)
        out = np.full(len(ids), np.nan, dtype=np.float32)
        if not len(st.ids) or not len(ids):
            return out
        rows, present = self._rows(st, ids)
        if present.any():
            out[present] = matrix_ops.dot(st.matrix[rows[present]], self._query(vector, st))
        return out

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and exact cosines of (about, for a graph) the ``k`` nearest items, best first.

        Ties are broken by id so repeated searches, rebuilt indexes and exact search agree.
        """
        with self._lock.read():
            st = self._state
            n = len(st.ids)
            k = min(int(k), n)
            if k <= 0:
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            q = self._query(vector, st)
            if st.hnsw is None or k * 20 >= n:
                return self._exact(st, q, k)
            try:
                labels, _ = st.hnsw.knn_query(q, k=k, num_threads=1)
            except RuntimeError:  # too few reachable live elements: fall back to the exact answer
                return self._exact(st, q, k)
            rows, present = self._rows(st, labels[0].astype(np.int64))
            rows = rows[present]
            sims = matrix_ops.dot(st.matrix[rows], q)
            order = np.lexsort((st.ids[rows], -sims))
            return st.ids[rows][order], sims[order]

    def exact_search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exhaustive top-k (the reference for recall, and the answer below ``exact_max``)."""
        st = self._state
        k = min(int(k), len(st.ids))
        if k <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        return self._exact(st, self._query(vector, st), k)

    # -- writing -----------------------------------------------------------------------------
    def refresh(self, store, *, save: bool = False) -> RefreshReport:
        """Bring the index up to date with the store after analysis, reading only changed vectors.

        ``save=False`` (the default) leaves the graph on disk as it was; call ``save()`` when idle or
        at exit. A stale file is not harmful: the next ``open`` applies the difference.
        """
        with self._writer:
            st = self._state
            if self._seen is not None and store_rows.database_version(store) == self._seen:
                return RefreshReport(0, 0, 0, False)  # nothing at all was written since: skip the reads
            self._seen = None  # set again only once this refresh went through
            with store_rows.read_snapshot(store):
                seen = store_rows.database_version(store)
                ids, times = store_rows.read_stamps(store, self.space, self.encoder, self.version)
                changed = matrix_ops.changed_mask(st.ids, st.times, ids, times)
                if not changed.any() and np.array_equal(ids, st.ids):
                    self._seen = seen
                    return RefreshReport(0, 0, 0, False)
                c_ids, _, c_mat = store_rows.read_vectors(store, self.space, self.encoder, self.version,
                                                          ids[changed])
            dim = st.dim if len(st.ids) else (c_mat.shape[1] if len(c_ids) else 0)
            if len(c_ids) and c_mat.shape[1] != dim:
                raise IndexError_(f"{self.space} vectors of {self.encoder} {self.version} changed size "
                                  f"from {dim} to {c_mat.shape[1]} without a new version")
            matrix = matrix_ops.merged(st.ids, st.matrix, ids, changed, c_mat, dim)
            if not self._wants_graph(len(ids)):
                added = int((~np.isin(ids, st.ids)).sum())
                report = RefreshReport(added, int(changed.sum()) - added,
                                       int((~np.isin(st.ids, ids)).sum()), False)
                self._install(_State(ids, times, matrix))
                self.dirty = False  # the saved graph stays as it was, for when the items come back
                self._seen = seen
                return report
            state, report = self._updated(st, ids, times, matrix)
            self._install(state)
            self._seen = seen
            if save and self.dirty:
                self._save_locked()
            return report

    def set_ef(self, ef: int) -> None:
        """Change hnswlib's search breadth (recall against speed); kept across refreshes and rebuilds."""
        with self._writer, self._lock.write():
            self.ef_search = int(ef)
            if self._state.hnsw is not None:
                self._state.hnsw.set_ef(self.ef_search)

    def save(self) -> None:
        """Write the graph to disk (atomically) if it changed since the last save."""
        with self._writer:
            if self.dirty:
                self._save_locked()

    # -- internals ---------------------------------------------------------------------------
    def _wants_graph(self, n: int) -> bool:
        return n > 0 and n >= self.exact_max

    def _expect(self, dim: int) -> dict:
        return {"space": self.space, "encoder": self.encoder, "version": self.version, "dim": int(dim),
                "M": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION, "database": self.database}

    def _install(self, state: _State) -> None:
        with self._lock.write():
            self._state = state

    def _save_locked(self) -> None:
        """Save the graph; the cache is optional, so a folder that cannot be written (a file where it
        should be, a read-only or full disk) leaves the index in memory and is said once (a warning
        per folder and process; ``save_error`` holds why), never raised to a query."""
        st = self._state
        if st.hnsw is None or self.save_error is not None:
            return
        try:
            with self._lock.read():  # no graph mutation while hnswlib serialises it
                persist.save(self.directory, self.space, st.hnsw, st.ids, st.times, st.deleted,
                             dict(self._expect(st.dim), count=len(st.ids),
                                  stamp=store_rows.stamp_of(st.ids, st.times)))
        except OSError as exc:
            self.save_error = f"{exc.strerror or exc}"
            if str(self.directory) not in _UNSAVEABLE:
                _UNSAVEABLE.add(str(self.directory))
                log.warning("the vector index cache cannot be saved in %s (%s): searching with an index "
                            "built in memory, rebuilt at each start", self.directory, self.save_error)
            return
        self.dirty = False

    def _build(self, ids: np.ndarray, times: np.ndarray, matrix: np.ndarray) -> _State:
        hnsw = hnswlib.Index(space="cosine", dim=int(matrix.shape[1]))
        hnsw.init_index(max_elements=max(len(ids), 1), M=HNSW_M, ef_construction=HNSW_EF_CONSTRUCTION,
                        random_seed=HNSW_SEED)
        hnsw.set_num_threads(self.num_threads)
        hnsw.add_items(matrix, ids)
        hnsw.set_ef(self.ef_search)
        self.dirty = True
        return _State(ids, times, matrix, hnsw, np.zeros(0, np.int64))

    def _updated(self, old: _State, ids, times, matrix) -> tuple[_State, RefreshReport]:
        """Apply the difference between ``old`` and the new rows to the graph, or rebuild it."""
        changed = matrix_ops.changed_mask(old.ids, old.times, ids, times)
        removed = np.setdiff1d(old.ids, ids, assume_unique=True)
        added = int((~np.isin(ids[changed], old.ids)).sum())
        updated = int(changed.sum()) - added
        deleted = np.setdiff1d(np.union1d(old.deleted, removed), ids[changed])
        reason = ""
        if old.hnsw is None:
            reason = f"grew past {self.exact_max} items"
        elif int(changed.sum()) + len(removed) > MAX_DELTA_FRACTION * max(len(ids), 1):
            reason = "too many changes for an incremental update"
        elif len(deleted) > MAX_DELETED_FRACTION * max(len(ids), 1):
            reason = "too many deleted items"
        if not reason:
            try:
                with self._lock.write():
                    self._apply(old, ids[changed], matrix[changed], removed)
                self.dirty = True
                return (_State(ids, times, matrix, old.hnsw, deleted),
                        RefreshReport(added, updated, len(removed), False))
            except RuntimeError as exc:  # a half-applied graph is thrown away and rebuilt
                reason = f"incremental update failed ({exc})"
        return self._build(ids, times, matrix), RefreshReport(added, updated, len(removed), True, reason)

    def _apply(self, old: _State, new_ids, new_rows, removed) -> None:
        hnsw = old.hnsw
        for label in removed:
            hnsw.mark_deleted(int(label))
        known = np.union1d(old.ids, old.deleted)
        fresh = int((~np.isin(new_ids, known)).sum())
        needed = hnsw.element_count + fresh
        if needed > hnsw.get_max_elements():
            hnsw.resize_index(max(needed, int(hnsw.get_max_elements() * 1.25) + 16))
        if len(new_ids):
            hnsw.set_num_threads(self.num_threads)
            hnsw.add_items(new_rows, new_ids)
        hnsw.set_ef(self.ef_search)

    @staticmethod
    def _rows(st: _State, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows = np.searchsorted(st.ids, ids)
        rows = np.minimum(rows, max(len(st.ids) - 1, 0))
        present = st.ids[rows] == ids if len(st.ids) else np.zeros(len(ids), bool)
        return rows, present

    def _query(self, vector: np.ndarray, st: _State) -> np.ndarray:
        q = store_rows.normalise(np.asarray(vector, dtype=np.float32).reshape(-1))
        if q.shape[0] != st.dim:
            raise IndexError_(f"a {q.shape[0]}-d query does not fit the {st.dim}-d {self.space} index "
                              f"of {self.encoder} {self.version}")
        return q

    @staticmethod
    def _exact(st: _State, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        sims = matrix_ops.dot(st.matrix, q)
        top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
        order = np.lexsort((st.ids[top], -sims[top]))
        return st.ids[top][order], sims[top][order]

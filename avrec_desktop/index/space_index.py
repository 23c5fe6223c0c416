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

The window (``graph="background"``) keeps exact search up to ``BACKGROUND_EXACT_MAX`` (120,000) items.
There a graph costs what the user feels: its load holds the GIL for 0.1–0.4 s a space at 100k (the
window cannot paint meanwhile), its build takes minutes of a core (373 s at 100k), and it holds ~280 MB.
What it saves is tens of milliseconds on the core's thread, never the GUI's. Measured 2026-12-03 with
exact search at 100k (`avrec bench window --sizes 100000`, four runs): every action's first result was
within 300 ms (Play similar ≤ 157 ms, Up next ≤ 91 ms, For you ≤ 92 ms) and the window's RSS 512 MB
(788 MB with the graphs in).

Opening (``SpaceIndex.open``) reads the space's vectors (``space_vectors``: the memory-mapped flat
matrix cache beside the graph when its stamp matches, the changed rows merged in when a few differ,
else SQLite) and makes it searchable at once by exact search. The graph (``graph_build``) is then
taken from the cache when its stamp (hash of every id and vector time, see ``store_rows``) matches,
patched when the difference is small (``add_items`` / ``mark_deleted``), or rebuilt when missing,
corrupt, made by another encoder or version, or too far behind. ``refresh`` does the same difference
against the live index after new analysis and reads only the vectors that changed; when nothing was
committed since the last read through the same connection (``PRAGMA data_version`` +
``total_changes``) it returns at once, otherwise it reads the stamps (the covering index
``embeddings_space_rows`` answers them without touching the blobs).

Index builds never block (``graph=``), decided per process:

- ``background`` (the window, through ``AppCore``): the exact index answers from the first query; a
  daemon thread loads, patches or builds the graph on a private copy (progress through
  ``on_progress``), saves it, and swaps it in under the write lock — reconciling with refreshes that
  happened meanwhile. Until then, and whenever a refresh has to drop the graph, search is exact.
- ``off`` (the short-lived CLI): never loads or builds a graph. Exact search at 100k items is tens of
  ms per space, while a graph would cost a 0.2–0.4 s checked load or a minute's build the process
  would not live to use; the window keeps the saved graph current.
- ``inline`` (the library default; tests and benches): the graph is ready when ``open`` returns.

Results are the same either way: a graph search re-scores its candidates exactly and ties break by
id, so once the graph is in, answers equal the exact ones wherever the graph's recall is 1.

Thread safety: many readers (search, similarities) and one writer (refresh, save) per process. State
is an immutable snapshot swapped under a readers-writer lock; hnswlib mutations happen under the write
side, since ``add_items``/``mark_deleted`` must not overlap a query.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import zlib
from pathlib import Path
from typing import Callable

import numpy as np

from avrec_desktop import paths
from avrec_desktop.errors import IndexError_
from avrec_desktop.index import graph_build, matrix_ops, persist, space_vectors, store_rows
from avrec_desktop.index.background_graph import BackgroundGraph
from avrec_desktop.index.graph_build import HNSW_EF_CONSTRUCTION, HNSW_M, HNSW_SEED  # noqa: F401
from avrec_desktop.index.rwlock import RWLock
from avrec_desktop.index.space_saving import SpaceSaving
from avrec_desktop.index.space_state import LoadReport, RefreshReport, _State

EXACT_MAX = 20_000
BACKGROUND_EXACT_MAX = 120_000  # the window: exact search up to here (see above)
HNSW_EF_SEARCH = 128  # hnswlib searches with max(ef, k); see bench/query.py for the recall this gives
MAX_DELETED_FRACTION = 0.2  # more dead labels than this and the graph is rebuilt
MAX_DELTA_FRACTION = 0.3  # a difference larger than this is cheaper to rebuild than to apply
GRAPH_MODES = ("inline", "background", "off")
log = logging.getLogger(__name__)


def default_directory(database_path: Path) -> Path:
    """The cache folder of one database: ``index_dir()/<db name>-<hash of its full path>``."""
    real = os.path.realpath(database_path)
    return paths.index_dir(create=False) / f"{Path(real).stem}-{zlib.crc32(os.fsencode(real)):08x}"


class SpaceIndex(BackgroundGraph, SpaceSaving):
    def __init__(self, space: str, encoder: str, version: str, directory: Path, *,
                 exact_max: int | None = None, num_threads: int | None = None,
                 ef_search: int = HNSW_EF_SEARCH, database: str = "", graph: str = "inline",
                 vector_cache_min: int = space_vectors.CACHE_MIN,
                 on_progress: Callable[[dict], None] | None = None, load_gate=None):
        if graph not in GRAPH_MODES:
            raise ValueError(f"graph must be one of {GRAPH_MODES}, not {graph!r}")
        self.space, self.encoder, self.version = space, encoder, version
        self.directory = Path(directory)
        if exact_max is None:
            exact_max = BACKGROUND_EXACT_MAX if graph == "background" else EXACT_MAX
        self.exact_max = exact_max
        self.num_threads = num_threads or max(1, (os.cpu_count() or 2) - 1)
        self.ef_search = ef_search
        self.database = database
        self.graph = graph
        self.vector_cache_min = vector_cache_min
        self.on_progress = on_progress
        self.load_gate = load_gate  # background mode: a threading.Event that must be set to load a graph
        self.report = LoadReport("exact", "not opened", 0.0)
        self._state = _State(np.zeros(0, np.int64), np.zeros(0, np.float64), np.zeros((0, 0), np.float32))
        self._lock = RWLock()
        self._writer = threading.Lock()
        self.dirty = False  # the graph changed since it was last saved
        self.save_error: str | None = None  # why the cache folder cannot be written, once it failed
        self._seen: tuple | None = None  # (connection, data_version, total_changes) last read through
        self._vectors_stamp = ""  # stamp of the rows the vector cache file holds
        self._token_rows: tuple = (None, None)  # (store vectors token, the _State read under it)
        self._gen = 0  # bumped by close(): a background build of an older generation is dropped
        self._building = False
        self._threads: list[threading.Thread] = []

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, store, space: str, encoder: str, version: str, *, directory: Path | None = None,
             **options) -> "SpaceIndex":
        """Read ``space`` from the store and make it searchable (see the module docstring for how)."""
        directory = Path(directory) if directory is not None else default_directory(store.path)
        index = cls(space, encoder, version, directory, database=os.path.realpath(store.path), **options)
        index._open(store)
        return index

    def _open(self, store) -> None:
        t0 = time.perf_counter()
        with store_rows.read_snapshot(store):
            seen = store_rows.database_version(store)
            token = store.vectors_token()  # in the snapshot of the rows: a file written with it is current
            ids, times, matrix, vectors, write = space_vectors.read(
                store, self.space, self.encoder, self.version, self.directory, self._vector_expect(),
                cache_min=self.vector_cache_min, token=token)
        self._seen = seen
        state = _State(ids, times, matrix)
        with self._writer:
            self._install(state)
            self._token_rows = (token, state)  # rows_token(): these rows are the store's at ``token``
            if write:
                self._save_vectors(state, background=self.graph != "inline", token=token)
            elif vectors == "cache":
                self._vectors_stamp = store_rows.stamp_of(ids, times)
            if not self._wants_graph(len(ids)):
                # A cached graph is left alone: the items may only be offline for a while.
                why = "graph off" if self.graph == "off" else f"below {self.exact_max}"
                self.report = LoadReport("exact", f"{len(ids)} items, {why}", time.perf_counter() - t0,
                                         vectors)
                return
            if self.graph == "background":
                self.report = LoadReport("exact", "graph being made in the background",
                                         time.perf_counter() - t0, vectors)
                self._start_background()
                return
            state, source, reason, self.dirty = self._graph_for(state)
            self._install(state)
            if self.dirty:
                self._save_locked()
            self.report = LoadReport(source, reason, time.perf_counter() - t0, vectors)

    def _graph_for(self, st: _State, **build) -> tuple[_State, str, str, bool]:
        """A graph for the rows of ``st``: (state, source, reason, dirty); the graph is not installed."""
        if build.get("cancelled") is not None and persist.file_names(self.directory, self.space)[0].exists():
            self.wait_for_gate(build["cancelled"])  # in the background thread: a GIL-holding load waits
        try:
            cached = persist.load(self.directory, self.space, self._expect(st.dim))
        except persist.CacheUnusable as exc:
            return self._build(st.ids, st.times, st.matrix, **build), "built", str(exc), True
        cached.hnsw.set_ef(self.ef_search)
        if store_rows.stamp_of(cached.ids, cached.times) == store_rows.stamp_of(st.ids, st.times):
            return _State(st.ids, st.times, st.matrix, cached.hnsw, cached.deleted), "disk", "", False
        old = _State(cached.ids, cached.times, np.zeros((0, st.dim), np.float32), cached.hnsw,
                     cached.deleted)
        state, report = self._updated(old, st.ids, st.times, st.matrix, private=True, **build)
        reason = report.reason or f"stale: +{report.added} ~{report.updated} -{report.removed}"
        return state, "built" if report.rebuilt else "disk+delta", reason, True

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

    def rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One consistent snapshot of the index's rows: (sorted ids, vector write times, unit matrix)."""
        st = self._state
        return st.ids, st.times, st.matrix

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
            return self._search_in(self._state, vector, k)

    def _search_in(self, st: _State, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``search`` over one state, the read lock held by the caller (taken once: a writer waiting
        between two read locks of one thread would wait for ever)."""
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

    def search_many(self, vectors, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """``search`` for each of several query vectors. Exact search makes one pass over the matrix
        for all of them (a 100k × 384 matrix is 150 MB: reading it once, not once per query, is most
        of the saving); with a graph each query is a graph search as in ``search``."""
        vectors = list(vectors)
        with self._lock.read():
            st = self._state
            n = len(st.ids)
            k = min(int(k), n)
            if k <= 0 or not vectors:
                return [(np.zeros(0, np.int64), np.zeros(0, np.float32)) for _ in vectors]
            if st.hnsw is not None and k * 20 < n:
                return [self._search_in(st, v, k) for v in vectors]
            queries = np.stack([self._query(v, st) for v in vectors])
            return [self._top(st, sims, k) for sims in matrix_ops.dot_many(st.matrix, queries)]

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
            background = self.graph == "background"
            state, report = self._updated(st, ids, times, matrix, rebuild=not background)
            self._install(state)
            self._seen = seen
            if state.hnsw is None:  # dropped or never there: exact until the background graph is in
                self._start_background()
                return report
            self.dirty = True
            if save:
                self._save_locked()
            return report

    def set_ef(self, ef: int) -> None:
        """Change hnswlib's search breadth (recall against speed); kept across refreshes and rebuilds."""
        with self._writer, self._lock.write():
            self.ef_search = int(ef)
            if self._state.hnsw is not None:
                self._state.hnsw.set_ef(self.ef_search)

    # -- internals ---------------------------------------------------------------------------
    def _wants_graph(self, n: int) -> bool:
        return self.graph != "off" and n > 0 and n >= self.exact_max

    def _install(self, state: _State) -> None:
        with self._lock.write():
            self._state = state

    def _build(self, ids: np.ndarray, times: np.ndarray, matrix: np.ndarray, **build) -> _State:
        hnsw = graph_build.build(ids, matrix, num_threads=self.num_threads, ef_search=self.ef_search,
                                 **build)
        return _State(ids, times, matrix, hnsw, np.zeros(0, np.int64))

    def _updated(self, old: _State, ids, times, matrix, *, rebuild: bool = True, private: bool = False,
                 **build) -> tuple[_State, RefreshReport]:
        """Apply the difference between ``old`` and the new rows to the graph, or rebuild it (without
        ``rebuild``: return a graph-less state, for the background to rebuild). ``private``: the
        graph is not installed, so queries need not be held off while it changes."""
        changed = matrix_ops.changed_mask(old.ids, old.times, ids, times)
        removed = np.setdiff1d(old.ids, ids, assume_unique=True)
        added = int((~np.isin(ids[changed], old.ids)).sum())
        updated = int(changed.sum()) - added
        deleted = np.setdiff1d(np.union1d(old.deleted, removed), ids[changed])
        reason = ""
        if old.hnsw is None:
            reason = f"grew past {self.exact_max} items" if not self._building else "graph being built"
        elif int(changed.sum()) + len(removed) > MAX_DELTA_FRACTION * max(len(ids), 1):
            reason = "too many changes for an incremental update"
        elif len(deleted) > MAX_DELETED_FRACTION * max(len(ids), 1):
            reason = "too many deleted items"
        if not reason:
            try:
                with (contextlib.nullcontext() if private else self._lock.write()):
                    graph_build.apply(old.hnsw, old.ids, old.deleted, ids[changed], matrix[changed], removed,
                                      num_threads=self.num_threads, ef_search=self.ef_search)
                return (_State(ids, times, matrix, old.hnsw, deleted),
                        RefreshReport(added, updated, len(removed), False))
            except RuntimeError as exc:  # a half-applied graph is thrown away and rebuilt
                reason = f"incremental update failed ({exc})"
        if not rebuild:
            return _State(ids, times, matrix), RefreshReport(added, updated, len(removed), True, reason)
        return self._build(ids, times, matrix, **build), RefreshReport(added, updated, len(removed), True,
                                                                      reason)

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
        return SpaceIndex._top(st, matrix_ops.dot(st.matrix, q), k)

    @staticmethod
    def _top(st: _State, sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
        order = np.lexsort((st.ids[top], -sims[top]))
        return st.ids[top][order], sims[top][order]

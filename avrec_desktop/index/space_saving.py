"""The cache-writing half of ``SpaceIndex``: the graph and the flat vector file saved beside the
database (``persist``, ``space_vectors``), and what each must match to be reused.

The cache is optional: a folder that cannot be written is said once (``save_error``) and the index
stays in memory.
"""

from __future__ import annotations

from avrec_desktop.index import persist, space_vectors, store_rows
from avrec_desktop.index.graph_build import HNSW_EF_CONSTRUCTION, HNSW_M
from avrec_desktop.index.space_state import _State


class SpaceSaving:
    """Mixed into ``SpaceIndex``; uses its ``_writer``, ``_lock``, ``_state``, ``directory``, ``dirty``..."""

    def save(self) -> None:
        """Write the graph (and the vector file, when far behind) to disk if they changed."""
        with self._writer:
            if self.dirty:
                self._save_locked()
            st = self._state
            if (len(st.ids) >= self.vector_cache_min and self.save_error is None
                    and store_rows.stamp_of(st.ids, st.times) != self._vectors_stamp):
                self._save_vectors(st, background=False)


    def rows_token(self) -> str | None:
        """The store's vectors token (schema v15) of the rows searched now, while every search is exact
        over exactly those rows: answers computed under it stay true while it is the same. None once
        the rows were refreshed or a graph was installed, or when the token is unknown."""
        token, state = self._token_rows
        st = self._state
        return token if st is state and st.hnsw is None else None

    def _expect(self, dim: int) -> dict:
        return {"space": self.space, "encoder": self.encoder, "version": self.version, "dim": int(dim),
                "M": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION, "database": self.database}

    def _vector_expect(self) -> dict:
        return {"space": self.space, "encoder": self.encoder, "version": self.version,
                "database": self.database}


    def _unwritable(self, exc: OSError) -> None:
        self.save_error = persist.say_unwritable(self.directory, exc)

    def _save_vectors(self, st: _State, *, background: bool, token: str | None = None) -> None:
        """``token``: the store's vectors token the rows of ``st`` were read under, when known (a later
        process then uses the file without reading the stamps while the token stays the same)."""
        if self.save_error is not None:
            return
        self._vectors_stamp = stamp = store_rows.stamp_of(st.ids, st.times)
        meta = dict(self._vector_expect(), stamp=stamp)
        if token is not None:
            meta[space_vectors.TOKEN_KEY] = token
        thread = space_vectors.save(self.directory, self.space, st.ids, st.times, st.matrix, meta,
                                    background=background, on_error=self._unwritable)
        if thread is not None:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]

    def _save_private(self, st: _State) -> bool:
        """Save a graph no query sees yet (no lock needed); False when the folder is unwritable."""
        if self.save_error is not None:
            return False
        try:
            persist.save(self.directory, self.space, st.hnsw, st.ids, st.times, st.deleted,
                         dict(self._expect(st.dim), count=len(st.ids),
                              stamp=store_rows.stamp_of(st.ids, st.times)))
        except OSError as exc:
            self._unwritable(exc)
            return False
        return True

    def _save_locked(self) -> None:
        """Save the installed graph; the cache is optional, so a folder that cannot be written (a file
        where it should be, a read-only or full disk) leaves the index in memory and is said once (a
        warning per folder and process; ``save_error`` holds why), never raised to a query."""
        st = self._state
        if st.hnsw is None or self.save_error is not None:
            return
        with self._lock.read():  # no graph mutation while hnswlib serialises it
            saved = self._save_private(st)
        if saved:
            self.dirty = False

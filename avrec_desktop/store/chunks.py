"""Queries over a list of ids: ``IN (?, ?, …)`` in chunks SQLite accepts.

Why: SQLite limits the number of bound parameters (999 in older builds), and callers ask about a few
thousand candidates at a time. ``query_ids`` runs one statement per chunk of at most ``CHUNK`` ids and
returns every row; the statement marks where the list goes with ``{ids}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

CHUNK = 900


def id_chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``ids`` as ints, in order, ``size`` at a time."""
    ids = [int(i) for i in ids]
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


class ChunksMixin:
    def query_ids(self, sql: str, ids: Iterable[int], params: tuple = (), *, size: int = CHUNK) -> list[dict]:
        """Rows of ``sql`` (with ``IN ({ids})`` in it) for every id, one statement per chunk.

        ``params`` are bound before the ids of each chunk (so they belong to ``?`` before ``{ids}``).
        """
        rows: list[dict] = []
        for chunk in id_chunks(ids, size):
            marks = ",".join("?" * len(chunk))
            rows.extend(self.query(sql.format(ids=marks), (*params, *chunk)))
        return rows
